import { useMutation } from '@apollo/client/react';
import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useActionKey } from '../components/useActionKey';
import { Problem } from '../components/Problem';
import {
  AgentCustomer360Document,
  AgentLogInteractionDocument,
  AgentTicketFieldsFragment,
  InteractionAuthor,
  SupportChannel,
} from '../generated/graphql';
import { UserErrors } from '../components/UserErrors';

const CHANNELS = ['PHONE', 'CHAT', 'EMAIL', 'ZALO', 'FACEBOOK', 'APP', 'STORE'] as const satisfies readonly SupportChannel[];
const AUTHORS = ['CUSTOMER', 'AGENT'] as const satisfies readonly InteractionAuthor[];
const NEW_CASE = '';

/**
 * What the customer said, or what the agent answered, logged on an open case or as a new one. A
 * continued case comes back by id and its transcript updates in place; a new case joins the list
 * when the 360 is read again.
 */
export function InteractionForm({ customerId, openTickets }: { customerId: string; openTickets: AgentTicketFieldsFragment[] }) {
  const { t } = useTranslation('agent');
  const [chosenTicket, setTicketId] = useState<string>(openTickets[0]?.id ?? NEW_CASE);
  // A case closed meanwhile (a live update) is no longer offered: what the select shows is what is sent.
  const ticketId = openTickets.some((ticket) => ticket.id === chosenTicket) ? chosenTicket : NEW_CASE;
  const [subject, setSubject] = useState('');
  const [channel, setChannel] = useState<SupportChannel>('PHONE');
  const [author, setAuthor] = useState<InteractionAuthor>('CUSTOMER');
  const [text, setText] = useState('');
  const [logInteraction, { data, loading, error }] = useMutation(AgentLogInteractionDocument);
  const logged = data?.logSupportInteraction.ticket;

  const [idempotencyKey, answered] = useActionKey();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const continuing = openTickets.some((ticket) => ticket.id === ticketId);
    const result = await logInteraction({
      variables: {
        input: {
          customerId,
          channel,
          author,
          text: text.trim(),
          ...(continuing ? { ticketId } : subject.trim() ? { subject: subject.trim() } : {}),
          idempotencyKey,
        },
      },
      refetchQueries: continuing ? [] : [{ query: AgentCustomer360Document, variables: { customerId } }],
    });
    answered(result.data);
    const ticket = result.data?.logSupportInteraction.ticket;
    if (ticket) {
      setText('');
      setSubject('');
      setTicketId(ticket.id);
    }
  };

  return (
    <form className="agent-form" onSubmit={(event) => void submit(event)} aria-labelledby="agent-log">
      <h3 id="agent-log">{t('log.heading')}</h3>
      <div className="row">
        <label>
          <span>{t('log.case')}</span>
          <select value={ticketId} onChange={(event) => setTicketId(event.target.value)}>
            {openTickets.map((ticket) => (
              <option key={ticket.id} value={ticket.id}>
                {ticket.subject}
              </option>
            ))}
            <option value={NEW_CASE}>{t('log.newCase')}</option>
          </select>
        </label>
        <label>
          <span>{t('log.channel')}</span>
          <select value={channel} onChange={(event) => setChannel(event.target.value as SupportChannel)}>
            {CHANNELS.map((option) => (
              <option key={option} value={option}>
                {t(`support.channels.${option}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('log.author')}</span>
          <select value={author} onChange={(event) => setAuthor(event.target.value as InteractionAuthor)}>
            {AUTHORS.map((option) => (
              <option key={option} value={option}>
                {t(`support.authors.${option}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {!openTickets.some((ticket) => ticket.id === ticketId) && (
        <label>
          <span>{t('log.subject')}</span>
          <input value={subject} onChange={(event) => setSubject(event.target.value)} maxLength={200} />
        </label>
      )}
      <label>
        <span>{t('log.text')}</span>
        <textarea value={text} onChange={(event) => setText(event.target.value)} maxLength={4000} rows={3} required />
      </label>
      <Problem error={error} />
      <UserErrors errors={data?.logSupportInteraction.userErrors} />
      <div className="row">
        <button type="submit" className="primary" disabled={loading}>
          {loading ? t('log.saving') : t('log.submit')}
        </button>
        {logged && !loading && <span role="status">{t('log.saved', { subject: logged.subject })}</span>}
      </div>
    </form>
  );
}
