import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Cell, Legend, Pie, PieChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { KpiChannel } from '../generated/graphql';
import { useFormat } from '../format';
import { CHANNELS, type DayRevenue } from './figures';

/** One colour per channel, the same in both charts; distinguishable for the common colour blindnesses. */
const COLOURS: Record<KpiChannel, string> = {
  WEB: '#0b5cad',
  APP: '#e08a00',
  STORE: '#1d6b36',
  MARKETPLACE: '#9c2f8f',
  ASSISTED: '#5b6576',
};

/**
 * The report's charts: revenue per day stacked by channel, and each channel's share of revenue.
 * Loaded on its own (recharts is most of the screen's code); the table beside it holds the same
 * figures for screen readers and keyboard users.
 */
export default function ReportCharts({ byDay, currency }: { byDay: DayRevenue[]; currency: string }) {
  const { t } = useTranslation('reports');
  const { money, locale, timeZone } = useFormat();
  const channelName = (channel: string) => t(`channels.${channel}`);
  const amount = (value: unknown) => money({ amount: String(value), currencyCode: currency });
  const dayLabel = (day: string) =>
    new Intl.DateTimeFormat(locale, { day: '2-digit', month: '2-digit', timeZone }).format(new Date(`${day}T12:00:00Z`));
  const compact = (value: number) => new Intl.NumberFormat(locale, { notation: 'compact' }).format(value);
  const shares = CHANNELS.map((channel) => ({ channel, revenue: byDay.reduce((sum, day) => sum + day[channel], 0) })).filter(
    (share) => share.revenue > 0,
  );
  return (
    <div className="report-charts">
      <section className="card" aria-labelledby="revenue-by-day">
        <h2 id="revenue-by-day">{t('revenueByDay')}</h2>
        <div className="chart" data-testid="revenue-chart" role="img" aria-label={t('revenueByDay')}>
          <ResponsiveContainer width="100%" height={280}>
            <BarChart data={byDay} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="day" tickFormatter={dayLabel} />
              <YAxis tickFormatter={compact} width={56} />
              <Tooltip
                formatter={(value, name) => [amount(value), channelName(String(name))]}
                labelFormatter={(day) => dayLabel(String(day))}
              />
              <Legend formatter={(name) => channelName(String(name))} />
              {CHANNELS.map((channel) => (
                <Bar key={channel} dataKey={channel} stackId="revenue" fill={COLOURS[channel]} isAnimationActive={false} />
              ))}
            </BarChart>
          </ResponsiveContainer>
        </div>
      </section>
      <section className="card" aria-labelledby="channel-share">
        <h2 id="channel-share">{t('channelShare')}</h2>
        <div className="chart" data-testid="share-chart" role="img" aria-label={t('channelShare')}>
          <ResponsiveContainer width="100%" height={280}>
            <PieChart>
              <Pie data={shares} dataKey="revenue" nameKey="channel" innerRadius="45%" outerRadius="80%" isAnimationActive={false}>
                {shares.map((share) => (
                  <Cell key={share.channel} fill={COLOURS[share.channel]} />
                ))}
              </Pie>
              <Tooltip formatter={(value, name) => [amount(value), channelName(String(name))]} />
              <Legend formatter={(name) => channelName(String(name))} />
            </PieChart>
          </ResponsiveContainer>
        </div>
      </section>
    </div>
  );
}
