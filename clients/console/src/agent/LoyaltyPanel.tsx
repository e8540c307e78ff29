import { useTranslation } from 'react-i18next';
import { useFormat } from '../format';
import type { AgentCustomer360FieldsFragment } from '../generated/graphql';

/** The customer's card, points balance and latest points earned or spent. */
export function LoyaltyPanel({ loyalty, unavailable }: { loyalty: AgentCustomer360FieldsFragment['loyalty']; unavailable: boolean }) {
  const { t } = useTranslation('agent');
  const { number, date } = useFormat();
  const entries = loyalty?.history.edges.map((edge) => edge.node) ?? [];
  return (
    <section className="card" aria-labelledby="agent-loyalty">
      <h2 id="agent-loyalty">{t('loyalty.heading')}</h2>
      {!loyalty ? (
        <p className="muted">{t(unavailable ? 'loyalty.unavailable' : 'loyalty.none')}</p>
      ) : (
        <>
          <p className="muted">{t('loyalty.card', { code: loyalty.cardCode })}</p>
          <p className="agent-balance">
            <span className="muted">{t('loyalty.balance')}: </span>
            <strong data-testid="loyalty-balance">{t('loyalty.points', { points: number(loyalty.pointsBalance) })}</strong>
          </p>
          <h3>{t('loyalty.history')}</h3>
          {entries.length === 0 ? (
            <p className="muted">{t('loyalty.noHistory')}</p>
          ) : (
            <div className="agent-scroll">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('loyalty.when')}</th>
                    <th scope="col" className="number">
                      {t('loyalty.change')}
                    </th>
                    <th scope="col">{t('loyalty.source')}</th>
                    <th scope="col">{t('loyalty.description')}</th>
                  </tr>
                </thead>
                <tbody>
                  {entries.map((entry) => (
                    <tr key={entry.id}>
                      <td>{date(entry.occurredAt)}</td>
                      <td className="number">{`${entry.points > 0 ? '+' : ''}${number(entry.points)}`}</td>
                      <td>{t(`loyalty.sources.${entry.source}`)}</td>
                      <td>
                        {entry.description}
                        {entry.orderReference && !entry.description.includes(entry.orderReference) && (
                          <span className="muted"> · {entry.orderReference}</span>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}
