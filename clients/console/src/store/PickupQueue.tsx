import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { useMutation, useQuery, useSubscription } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';
import { useActionKey } from '../components/useActionKey';
import { isRefusal, Problem } from '../components/Problem';
import {
  StoreFollowPickupQueueDocument,
  StoreHandOverDocument,
  StorePickupCustomerDocument,
  StorePickupOrderFragment,
  StorePickupQueueDocument,
} from '../generated/graphql';
import { useFormat } from '../format';
import { UserErrors } from '../components/UserErrors';
import { useWorkingStore } from './storeContext';

/**
 * Who placed the order: their name when one customer has that email, else the email itself. No
 * <Problem> per card: the email still names the customer when the CRM cannot (a shared email, the CRM down).
 */
function CustomerName({ email }: { email: string }) {
  const { data } = useQuery(StorePickupCustomerDocument, { variables: { email } });
  const name = data?.customerByIdentifier?.displayName;
  return (
    <>
      {name && <strong>{name}</strong>}
      <span className="muted">{name ? ` · ${email}` : email}</span>
    </>
  );
}

function WaitingOrder({ order }: { order: StorePickupOrderFragment }) {
  const { t } = useTranslation('store');
  const format = useFormat();
  const store = useWorkingStore();
  const [idempotencyKey, answered] = useActionKey();
  const [handOver, { data, loading, error }] = useMutation(StoreHandOverDocument, {
    refetchQueries: [StorePickupQueueDocument],
  });
  const onHandOver = () => {
    void handOver({
      variables: {
        orderId: order.id,
        storeId: store.id,
        workstationId: store.workstationId,
        associateId: store.associateId,
        idempotencyKey,
      },
    }).then(({ data: answer }) => {
      answered(answer);
    });
  };
  return (
    <li className="card pickup-order" aria-label={t('pickup.orderLabel', { number: order.number })}>
      <div className="row spread">
        <h3>{t('pickup.order', { number: order.number })}</h3>
        <span className="badge">{format.money(order.totals.total)}</span>
      </div>
      <p>
        <CustomerName email={order.email} />
      </p>
      <ul className="lines">
        {order.lines.map((line) => (
          <li key={line.sku}>
            {line.quantity} × {line.name} <span className="muted">({line.sku})</span>
          </li>
        ))}
      </ul>
      <p className="muted">{t('pickup.waitingSince', { time: format.dateTime(order.placedAt) })}</p>
      <Problem error={error} />
      <UserErrors errors={data?.handOverPickup.userErrors} />
      <button className="primary" onClick={onHandOver} disabled={loading}>
        {loading ? t('pickup.handingOver') : t('pickup.handOver')}
      </button>
    </li>
  );
}

/** Click & collect orders waiting at the store, oldest first, kept current as orders arrive and leave. */
export function PickupQueue() {
  const { t } = useTranslation('store');
  const store = useWorkingStore();
  const { data, loading, error } = useQuery(StorePickupQueueDocument, { variables: { storeId: store.id } });
  // The subscription's Location has the same id: the normalised cache updates the list above. A
  // system missing from one update does not stop it; only a lost connection (after graphql-ws's retries) does.
  const live = useSubscription(StoreFollowPickupQueueDocument, { variables: { storeId: store.id }, errorPolicy: 'all' });
  const liveLost = live.error !== undefined && !CombinedGraphQLErrors.is(live.error);
  const queue = data?.location?.pickupQueue;
  const refused = isRefusal(error) || isRefusal(live.error);
  return (
    <section aria-labelledby="pickup-title">
      <div className="row spread">
        <h2 id="pickup-title">{t('pickup.title')}</h2>
        {!refused &&
          (liveLost ? (
            <span className="muted" role="status">
              {t('shell:liveLost')}
            </span>
          ) : (
            <span className="live" role="status">
              ● {t('shell:live')}
            </span>
          ))}
      </div>
      <Problem error={error} />
      {!error && live.error && isRefusal(live.error) && <Problem error={live.error} />}
      {loading && !queue && <p>{t('loading')}</p>}
      {queue && queue.edges.length === 0 && <p className="muted">{t('pickup.empty')}</p>}
      {queue && queue.edges.length > 0 && (
        <>
          <p className="muted">{t('pickup.count', { count: queue.totalCount })}</p>
          <ul className="pickup-queue">
            {queue.edges.map(({ node }) => (
              <WaitingOrder key={node.id} order={node} />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
