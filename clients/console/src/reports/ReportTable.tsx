import { useTranslation } from 'react-i18next';
import { useFormat } from '../format';
import { averageOrderValue, clickAndCollectShare, type GroupFigures, type Grouping } from './figures';

/** The figures line by line, by channel, store or day: what the charts draw, readable and exact. */
export function ReportTable({ groups, grouping, currency }: { groups: GroupFigures[]; grouping: Grouping; currency: string }) {
  const { t } = useTranslation('reports');
  const { money, number, percent, date } = useFormat();
  const asMoney = (amount: number | null) => (amount === null ? null : { amount: String(amount), currencyCode: currency });
  const label = (group: GroupFigures) =>
    grouping === 'channel'
      ? t(`channels.${group.key}`)
      : grouping === 'store'
        ? (group.storeName ?? t('noStore'))
        : // Noon UTC on the day: the same calendar day in any zone within 11 hours of UTC, the retailer's included.
          date(`${group.key}T12:00:00Z`);
  return (
    <section aria-labelledby="report-figures">
      <h2 id="report-figures">{t('figures')}</h2>
      <div className="table-scroll">
        <table data-testid="report-table">
          <thead>
            <tr>
              <th scope="col">{t(`groupings.${grouping}`)}</th>
              <th scope="col" className="number">
                {t('revenue')}
              </th>
              <th scope="col" className="number">
                {t('orders')}
              </th>
              <th scope="col" className="number">
                {t('averageOrderValue')}
              </th>
              <th scope="col" className="number">
                {t('clickAndCollectShare')}
              </th>
            </tr>
          </thead>
          <tbody>
            {groups.map((group) => (
              <tr key={group.key}>
                <th scope="row">{label(group)}</th>
                <td className="number">{money(asMoney(group.revenue))}</td>
                <td className="number">{number(group.orders)}</td>
                <td className="number">{money(asMoney(averageOrderValue(group)))}</td>
                <td className="number">{percent(clickAndCollectShare(group))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
