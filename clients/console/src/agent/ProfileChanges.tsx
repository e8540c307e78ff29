import { useApolloClient, useQuery } from '@apollo/client/react';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Problem } from '../components/Problem';
import { useFormat } from '../format';
import { AgentCustomer360Document, AgentProfileChangesDocument } from '../generated/graphql';

/** How often to look again while a system has not taken a change yet: each lands within seconds. */
const POLL_MS = 1_000;

/**
 * The latest profile changes and, for each, every system it must reach (the CRM, the web shop, the
 * orders not yet shipped): polled while one is pending, then the 360 read again for the new details.
 */
export function ProfileChanges({ customerId }: { customerId: string }) {
  const { t } = useTranslation('agent');
  const { dateTime } = useFormat();
  const client = useApolloClient();
  const { data, error, startPolling, stopPolling } = useQuery(AgentProfileChangesDocument, { variables: { customerId } });
  const changes = data?.customer?.profileChanges.edges.map((edge) => edge.node) ?? [];
  const pending = changes.some((change) => change.deliveries.some((delivery) => delivery.status === 'PENDING'));
  const wasPending = useRef(false);

  useEffect(() => {
    if (pending) startPolling(POLL_MS);
    else stopPolling();
    // Once everything has landed, the profile the CRM now keeps replaces the one on screen.
    if (wasPending.current && !pending) void client.refetchQueries({ include: [AgentCustomer360Document] });
    wasPending.current = pending;
    return stopPolling;
  }, [pending, startPolling, stopPolling, client]);

  if (changes.length === 0 && !error) return null;
  return (
    <section aria-labelledby="agent-changes" className="agent-changes">
      <h3 id="agent-changes">{t('changes.heading')}</h3>
      <Problem error={error} />
      {pending && (
        <p className="muted" aria-live="polite">
          {t('changes.polling')}
        </p>
      )}
      <ul className="agent-list">
        {changes.map((change) => (
          <li key={change.id}>
            <div>
              {change.deliveryAddress
                ? t('changes.newAddress', { address: [...change.deliveryAddress.street, change.deliveryAddress.city].join(', ') })
                : t('changes.otherChange')}
            </div>
            <div className="muted">{t('changes.requestedAt', { at: dateTime(change.requestedAt) })}</div>
            <ul className="row agent-deliveries" aria-label={t('changes.heading')}>
              {change.deliveries.map((delivery) => (
                <li key={delivery.system} data-testid={`delivery-${delivery.system}`}>
                  {t(`changes.systems.${delivery.system}`)}:{' '}
                  <span className={`badge status-${delivery.status.toLowerCase()}`} title={delivery.lastErrorCode ?? undefined}>
                    {t(`changes.statuses.${delivery.status}`)}
                  </span>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </section>
  );
}
