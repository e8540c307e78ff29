import { useMutation } from '@apollo/client/react';
import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useActionKey } from '../components/useActionKey';
import { Problem } from '../components/Problem';
import { AgentHandOverCaseDocument, AgentTicketFieldsFragment, SupportTeam } from '../generated/graphql';
import { FormActions } from '../components/FormActions';
import { UserErrors } from '../components/UserErrors';

const TEAMS = ['CALL_CENTER', 'SOCIAL', 'STORES', 'AFTER_SALES'] as const satisfies readonly SupportTeam[];

/** Passes a case to another team with a note for them; the note joins the transcript (the ticket comes back by id into the cache). */
export function HandOverForm(props: { ticket: AgentTicketFieldsFragment; onDone(team: SupportTeam): void; onCancel(): void }) {
  const { ticket, onDone, onCancel } = props;
  const { t } = useTranslation('agent');
  const [team, setTeam] = useState<SupportTeam>(ticket.team === 'AFTER_SALES' ? 'STORES' : 'AFTER_SALES');
  const [note, setNote] = useState('');
  const [handOver, { data, loading, error }] = useMutation(AgentHandOverCaseDocument);

  const [idempotencyKey, answered] = useActionKey();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await handOver({
      variables: { input: { ticketId: ticket.id, team, note: note.trim(), channel: 'PHONE', idempotencyKey } },
    });
    answered(result.data);
    if (result.data?.handOverSupportCase.ticket) onDone(team);
  };

  return (
    <form className="agent-form" onSubmit={(event) => void submit(event)} aria-label={t('handOver.heading', { subject: ticket.subject })}>
      <label>
        <span>{t('handOver.team')}</span>
        <select value={team} onChange={(event) => setTeam(event.target.value as SupportTeam)}>
          {TEAMS.map((option) => (
            <option key={option} value={option}>
              {t(`support.teams.${option}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>{t('handOver.note')}</span>
        <textarea value={note} onChange={(event) => setNote(event.target.value)} maxLength={4000} rows={3} required />
      </label>
      <Problem error={error} />
      <UserErrors errors={data?.handOverSupportCase.userErrors} />
      <FormActions
        busy={loading}
        submit={t('handOver.submit')}
        working={t('handOver.saving')}
        cancel={t('handOver.cancel')}
        onCancel={onCancel}
      />
    </form>
  );
}
