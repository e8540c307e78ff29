import { useTranslation } from 'react-i18next';
import type { AgentCustomer360FieldsFragment } from '../generated/graphql';
import { InteractionForm } from './InteractionForm';
import { TicketCard } from './TicketCard';

/** The customer's open cases with their whole transcript across channels, and logging what is said now. */
export function SupportPanel(props: {
  customerId: string;
  tickets: AgentCustomer360FieldsFragment['supportTickets'];
  unavailable: boolean;
}) {
  const { customerId, tickets, unavailable } = props;
  const { t } = useTranslation('agent');
  const open = tickets?.edges.map((edge) => edge.node) ?? [];
  return (
    <section className="card agent-wide" aria-labelledby="agent-support">
      <h2 id="agent-support">{t('support.heading')}</h2>
      {tickets && open.length === 0 && <p className="muted">{t('support.none')}</p>}
      {!tickets && unavailable && <p className="muted">{t('support.unavailable')}</p>}
      <div className="agent-tickets">
        {open.map((ticket) => (
          <TicketCard key={ticket.id} ticket={ticket} />
        ))}
      </div>
      <InteractionForm customerId={customerId} openTickets={open} />
    </section>
  );
}
