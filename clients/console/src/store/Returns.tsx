import { useLazyQuery, useMutation } from '@apollo/client/react';
import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useActionKey } from '../components/useActionKey';
import { Problem } from '../components/Problem';
import {
  CustomerIdentifierKind,
  ReturnedCondition,
  StoreCustomerWebOrdersDocument,
  StoreReturnableOrderFragment,
  StoreReturnWebOrderDocument,
} from '../generated/graphql';
import { useFormat } from '../format';
import { UserErrors } from '../components/UserErrors';
import { IdentifierInputs } from './IdentifierInputs';
import { useWorkingStore } from './storeContext';

/** Picks the lines coming back and how they come back, then returns them at this store. */
function ReturnOrder({ order }: { order: StoreReturnableOrderFragment }) {
  const { t } = useTranslation('store');
  const format = useFormat();
  const store = useWorkingStore();
  const [quantities, setQuantities] = useState<Record<string, number>>({});
  const [conditions, setConditions] = useState<Record<string, ReturnedCondition>>({});
  const [idempotencyKey, answered] = useActionKey();
  const [returnOrder, { data, loading, error }] = useMutation(StoreReturnWebOrderDocument);
  const lines = order.lines
    .filter((line) => (quantities[line.sku] ?? 0) > 0)
    .map((line) => ({ sku: line.sku, quantity: quantities[line.sku], condition: conditions[line.sku] ?? 'RESELLABLE' }));
  const confirm = async (event: FormEvent) => {
    event.preventDefault();
    const { data: answer } = await returnOrder({
      variables: {
        orderId: order.id,
        storeId: store.id,
        workstationId: store.workstationId,
        associateId: store.associateId,
        lines,
        idempotencyKey,
      },
    });
    answered(answer);
    if (answer?.returnWebOrderInStore.refunded) setQuantities({});
  };
  const result = data?.returnWebOrderInStore;
  return (
    <form className="card" onSubmit={(event) => void confirm(event)} aria-labelledby={`return-${order.id}`}>
      <h3 id={`return-${order.id}`}>{t('returns.order', { number: order.number })}</h3>
      <p className="muted">
        {format.dateTime(order.placedAt)} · {t(`status.${order.status}`)} · {format.money(order.totals.total)}
      </p>
      <table>
        <thead>
          <tr>
            <th>{t('returns.item')}</th>
            <th className="number">{t('returns.bought')}</th>
            <th>{t('returns.back')}</th>
            <th>{t('returns.condition')}</th>
          </tr>
        </thead>
        <tbody>
          {order.lines.map((line) => (
            <tr key={line.sku}>
              <td>
                {line.name} <span className="muted">({line.sku})</span>
              </td>
              <td className="number">{line.quantity}</td>
              <td>
                <input
                  className="quantity"
                  type="number"
                  min={0}
                  max={line.quantity}
                  aria-label={t('returns.backOf', { sku: line.sku })}
                  value={quantities[line.sku] ?? 0}
                  onChange={(event) =>
                    setQuantities({ ...quantities, [line.sku]: Math.min(line.quantity, Math.max(0, Number(event.target.value) || 0)) })
                  }
                />
              </td>
              <td>
                <select
                  aria-label={t('returns.conditionOf', { sku: line.sku })}
                  value={conditions[line.sku] ?? 'RESELLABLE'}
                  onChange={(event) => setConditions({ ...conditions, [line.sku]: event.target.value as ReturnedCondition })}
                >
                  <option value="RESELLABLE">{t('returns.resellable')}</option>
                  <option value="DAMAGED">{t('returns.damaged')}</option>
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="submit" className="primary" disabled={lines.length === 0 || loading}>
        {t('returns.confirm')}
      </button>
      <Problem error={error} />
      <UserErrors errors={result?.userErrors} />
      {result?.refunded && (
        <p role="status" className="done">
          {t('returns.refunded', {
            amount: format.money(result.refunded),
            taken: format.number(result.pointsTakenBack ?? 0),
            given: format.number(result.pointsGivenBack ?? 0),
          })}
        </p>
      )}
    </form>
  );
}

/** A web order brought back to the store: the customer's web orders, one picked, its lines returned. */
export function Returns() {
  const { t } = useTranslation('store');
  const format = useFormat();
  const [kind, setKind] = useState<CustomerIdentifierKind>('PHONE');
  const [value, setValue] = useState('');
  const [number, setNumber] = useState('');
  const [chosen, setChosen] = useState<string | null>(null);
  const [find, { data, loading, error, called }] = useLazyQuery(StoreCustomerWebOrdersDocument, { fetchPolicy: 'network-only' });
  const search = (event: FormEvent) => {
    event.preventDefault();
    setChosen(null);
    if (value.trim()) void find({ variables: { kind, value: value.trim() } });
  };
  const customer = data?.customerByIdentifier;
  const orders = (customer?.orderHistory?.edges ?? [])
    .map(({ node }) => node)
    .filter((node): node is Extract<typeof node, { __typename: 'WebOrder' }> => node.__typename === 'WebOrder')
    .filter((order) => order.number.toLowerCase().includes(number.trim().toLowerCase()));
  const order = orders.find((candidate) => candidate.id === chosen);
  return (
    <section aria-labelledby="returns-title">
      <h2 id="returns-title">{t('returns.title')}</h2>
      <form className="row" onSubmit={search}>
        <IdentifierInputs kind={kind} value={value} onKind={setKind} onValue={setValue} />
        <button type="submit" disabled={!value.trim() || loading}>
          {t('returns.find')}
        </button>
      </form>
      <Problem error={error} />
      {loading && <p>{t('loading')}</p>}
      {called && !loading && data && !customer && <p className="muted">{t('customer.none')}</p>}
      {customer && (
        <>
          <p>
            <strong>{customer.displayName}</strong>
          </p>
          <label>
            {t('returns.number')} <input value={number} onChange={(event) => setNumber(event.target.value)} autoComplete="off" />
          </label>
          {orders.length === 0 ? (
            <p className="muted">{t('returns.noOrders')}</p>
          ) : (
            <ul className="order-choices">
              {orders.map((candidate) => (
                <li key={candidate.id}>
                  <button type="button" aria-pressed={candidate.id === chosen} onClick={() => setChosen(candidate.id)}>
                    {t('returns.pick', {
                      number: candidate.number,
                      date: format.dateTime(candidate.placedAt),
                      total: format.money(candidate.totals.total),
                    })}
                  </button>
                </li>
              ))}
            </ul>
          )}
          {order && <ReturnOrder key={order.id} order={order} />}
        </>
      )}
    </section>
  );
}
