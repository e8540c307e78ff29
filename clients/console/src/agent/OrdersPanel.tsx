import { useTranslation } from 'react-i18next';
import { useFormat } from '../format';
import type { AgentCustomer360FieldsFragment } from '../generated/graphql';

type Orders = AgentCustomer360FieldsFragment['orderHistory'];
type Order = NonNullable<Orders>['edges'][number]['node'];

/** The customer's orders from the web shop, the app, the stores and the marketplace in one list, newest first, each with how it went. */
export function OrdersPanel({ orders }: { orders: Orders }) {
  const { t } = useTranslation('agent');
  const list = orders?.edges.map((edge) => edge.node) ?? [];
  return (
    <section className="card agent-wide" aria-labelledby="agent-orders">
      <div className="row">
        <h2 id="agent-orders">{t('orders.heading')}</h2>
        {orders && <span className="badge">{t('orders.count', { count: orders.totalCount })}</span>}
      </div>
      {orders && list.length === 0 && <p className="muted">{t('orders.none')}</p>}
      {list.length > 0 && (
        <div className="agent-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('orders.number')}</th>
                <th scope="col">{t('orders.channel')}</th>
                <th scope="col">{t('orders.placedAt')}</th>
                <th scope="col">{t('orders.fulfilment')}</th>
                <th scope="col">{t('orders.status')}</th>
                <th scope="col" className="number">
                  {t('orders.total')}
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((order) => (
                <OrderRow key={order.id} order={order} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function OrderRow({ order }: { order: Order }) {
  const { t } = useTranslation('agent');
  const { money, dateTime } = useFormat();
  const total = order.totals.total;
  return (
    <tr data-testid="order-row">
      <th scope="row">{order.number}</th>
      <td>{t(`orders.channels.${order.channel}`)}</td>
      <td>{dateTime(order.placedAt)}</td>
      <td>
        {t(`orders.methods.${order.fulfilment.method}`)}
        {order.fulfilment.location && <div className="muted">{order.fulfilment.location.name}</div>}
      </td>
      <td>
        {order.statusHistory.length > 1 ? (
          <details>
            <summary>{t(`orders.statuses.${order.status}`)}</summary>
            <ol className="agent-timeline" aria-label={t('orders.timeline', { number: order.number })}>
              {order.statusHistory.map((step, index) => (
                <li key={index}>
                  <span>{t(`orders.statuses.${step.status}`)}</span> <span className="muted">{dateTime(step.at)}</span>
                  {step.note && <div className="muted">{step.note}</div>}
                </li>
              ))}
            </ol>
          </details>
        ) : (
          t(`orders.statuses.${order.status}`)
        )}
      </td>
      <td className="number">{money(total)}</td>
    </tr>
  );
}
