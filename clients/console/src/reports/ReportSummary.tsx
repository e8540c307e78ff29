import { useTranslation } from 'react-i18next';
import type { ReportsKpiFiguresFragment } from '../generated/graphql';
import { useFormat } from '../format';

/** The period's totals as the graph gives them: revenue, orders, average order value, click & collect share. */
export function ReportSummary({ totals }: { totals: ReportsKpiFiguresFragment }) {
  const { t } = useTranslation('reports');
  const { money, number, percent } = useFormat();
  const figures = [
    { id: 'revenue', label: t('revenue'), value: money(totals.revenue) },
    { id: 'orders', label: t('orders'), value: number(totals.orders) },
    { id: 'average-order-value', label: t('averageOrderValue'), value: money(totals.averageOrderValue) },
    { id: 'click-and-collect-share', label: t('clickAndCollectShare'), value: percent(totals.clickAndCollectShare) },
  ];
  return (
    <section aria-labelledby="report-totals">
      <h2 id="report-totals">{t('totals')}</h2>
      <dl className="report-totals">
        {figures.map((figure) => (
          <div className="card" key={figure.id}>
            <dt className="muted">{figure.label}</dt>
            <dd data-testid={`total-${figure.id}`}>{figure.value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
