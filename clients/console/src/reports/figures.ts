import type { KpiChannel, ReportsKpiReportFragment } from '../generated/graphql';

/** Every channel, in the order the retailer reads them: shown even when it sold nothing. */
export const CHANNELS: readonly KpiChannel[] = ['WEB', 'APP', 'STORE', 'MARKETPLACE', 'ASSISTED'];

export const GROUPINGS = ['channel', 'store', 'day'] as const;
export type Grouping = (typeof GROUPINGS)[number];
export const isGrouping = (value: string | null): value is Grouping => GROUPINGS.includes(value as Grouping);

type Row = ReportsKpiReportFragment['rows'][number];

/** One line of the table: a channel, a store or a day, with its figures summed over the rest. */
export interface GroupFigures {
  key: string;
  /** The store's name, for a store line (null: sales tied to no store). */
  storeName: string | null;
  revenue: number;
  orders: number;
  clickAndCollectOrders: number;
}

/** The calendar day a row's period starts on, as the graph writes it in the retailer's zone. */
const dayOf = (row: Row) => row.periodStart?.slice(0, 10) ?? '';

const keyOf = (row: Row, grouping: Grouping): string =>
  grouping === 'channel' ? (row.channel ?? '') : grouping === 'store' ? (row.store?.id ?? '') : dayOf(row);

/**
 * The report's rows (by channel, store and day) summed by one of them. Revenue is whole dong, so the
 * sums are exact; average order value and click & collect share are worked out from the sums as the
 * graph does for its totals.
 */
export function groupedBy(rows: readonly Row[], grouping: Grouping, keys: readonly string[]): GroupFigures[] {
  const groups = new Map<string, GroupFigures>(
    keys.map((key) => [key, { key, storeName: null, revenue: 0, orders: 0, clickAndCollectOrders: 0 }]),
  );
  for (const row of rows) {
    const key = keyOf(row, grouping);
    const group = groups.get(key) ?? { key, storeName: null, revenue: 0, orders: 0, clickAndCollectOrders: 0 };
    group.storeName = row.store?.name ?? group.storeName;
    group.revenue += Number(row.figures.revenue.amount);
    group.orders += row.figures.orders;
    group.clickAndCollectOrders += row.figures.clickAndCollectOrders;
    groups.set(key, group);
  }
  return [...groups.values()];
}

/** Revenue per order, rounded to the dong as the graph rounds it; null with no orders. */
export const averageOrderValue = (group: GroupFigures) => (group.orders === 0 ? null : Math.round(group.revenue / group.orders));
export const clickAndCollectShare = (group: GroupFigures) => (group.orders === 0 ? null : group.clickAndCollectOrders / group.orders);

/** Revenue per day and channel, for the chart: one entry a day, a number per channel. */
export type DayRevenue = { day: string } & Record<KpiChannel, number>;

export function revenueByDay(rows: readonly Row[], days: readonly string[]): DayRevenue[] {
  const empty = (day: string): DayRevenue => ({ day, WEB: 0, APP: 0, STORE: 0, MARKETPLACE: 0, ASSISTED: 0 });
  const byDay = new Map(days.map((day) => [day, empty(day)]));
  for (const row of rows) {
    if (!row.channel) continue;
    const entry = byDay.get(dayOf(row));
    if (entry) entry[row.channel] += Number(row.figures.revenue.amount);
  }
  return [...byDay.values()];
}
