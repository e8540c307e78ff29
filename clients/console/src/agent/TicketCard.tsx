import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../format';
import type { AgentTicketFieldsFragment } from '../generated/graphql';
import { HandOverForm } from './HandOverForm';

/** One case: where it stands, who has it, and everything said on it, oldest first, whichever channel it came through. */
export function TicketCard({ ticket }: { ticket: AgentTicketFieldsFragment }) {
  const { t } = useTranslation('agent');
  const { dateTime } = useFormat();
  const [handingOver, setHandingOver] = useState(false);
  const [handedTo, setHandedTo] = useState<string | null>(null);
  const headingId = `ticket-${ticket.id}`;
  return (
    <article className="agent-ticket" aria-labelledby={headingId}>
      <h3 id={headingId}>{ticket.subject}</h3>
      <p className="row muted">
        <span className="badge">{t(`support.statuses.${ticket.status}`)}</span>
        <span>{t('support.openedAt', { at: dateTime(ticket.openedAt) })}</span>
        <span>{t('support.team', { team: ticket.team ? t(`support.teams.${ticket.team}`) : t('support.noTeam') })}</span>
        {ticket.assignedTo && <span>{t('support.assignedTo', { who: ticket.assignedTo })}</span>}
      </p>
      <ol className="agent-transcript" aria-label={`${t('support.transcript')}: ${ticket.subject}`}>
        {ticket.messages.map((message) => (
          <li key={message.id} className={`from-${message.author.toLowerCase()}${message.internal ? ' internal' : ''}`}>
            <div className="muted">
              {t(`support.authors.${message.author}`)} · {t(`support.channels.${message.channel}`)} · {dateTime(message.sentAt)}
              {message.internal && <span className="badge"> {t('support.internal')}</span>}
            </div>
            <div>{message.text}</div>
          </li>
        ))}
      </ol>
      {handingOver ? (
        <HandOverForm
          ticket={ticket}
          onDone={(team) => {
            setHandingOver(false);
            setHandedTo(team);
          }}
          onCancel={() => setHandingOver(false)}
        />
      ) : (
        <button type="button" onClick={() => setHandingOver(true)}>
          {t('handOver.open')}
        </button>
      )}
      {handedTo && <p role="status">{t('handOver.done', { team: t(`support.teams.${handedTo}`) })}</p>}
    </article>
  );
}
