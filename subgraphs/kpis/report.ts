import { SCOPES } from '../../lib/access';
import type { Caller } from '../../lib/context';
import { BadUserInputError } from '../../lib/errors';
import { locationId, plantOfLocation } from '../../lib/ids';
import type { KpiChannel } from '../../lib/live-events';
import { moneyFromMinor } from '../../lib/money';
import { refusal } from '../../lib/rows';
import { KPI_CHANNELS } from './facts';
import type { ChannelKpiReport, ChannelKpiRow, KpiFigures, KpiGrouping } from './generated/graphql';
import {
  PERIOD_MS,
  RETAIL_TIME_ZONE,
  RETAIL_UTC_OFFSET_MS,
  type Aggregates,
  type Group,
  type KpiPeriod,
  type Selection,
} from './read-model';

/**
 * A `channelKpis` question checked (period, grouping, whose stores) and answered from the read
 * model's sums: the figures of each group and of the whole selection, with the ratios and the
 * average worked out from the exact sums.
 */

export interface KpiQuestion {
  from: string;
  to: string;
  groupBy: readonly KpiGrouping[];
  channels?: readonly KpiChannel[] | null;
  locationIds?: readonly string[] | null;
}

/** The most days or hours one report breaks a period into: two months by the hour, four years by the day. */
const MAX_PERIODS = 1_500;

/** An instant with its zone: without one, which day it names would be a guess. */
const ZONED_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

function instant(value: string, field: string): number {
  const at = ZONED_INSTANT.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(at)) throw new BadUserInputError(`${field} must be an instant with its zone, e.g. 2026-11-20T00:00:00+07:00`, field);
  return at;
}

/** An instant in the retailer's zone: "2026-11-20T00:00:00+07:00". */
function retailTime(at: number): string {
  return `${new Date(at + RETAIL_UTC_OFFSET_MS).toISOString().slice(0, 19)}+07:00`;
}

/** The period number of an instant: how many days or hours since the epoch, on the retailer's clock. */
const periodOf = (at: number, period: KpiPeriod) => Math.floor((at + RETAIL_UTC_OFFSET_MS) / PERIOD_MS[period]);

/**
 * The stores a caller's report covers: every store and the sales tied to none for the back office
 * (null), or those asked for; a store manager's own stores, or those of them asked for (another
 * store is refused, as every store-scoped field refuses it).
 */
export function storesReached(caller: Caller, asked: readonly string[] | null | undefined): readonly string[] | null {
  if (caller.scopes.includes(SCOPES.reportSales)) {
    for (const id of asked ?? [])
      if (plantOfLocation(id) === null) throw new BadUserInputError(`${id} is not a location id`, 'locationIds');
    return asked ?? null;
  }
  if (caller.scopes.includes(SCOPES.reportStore)) {
    const own = caller.stores.map(locationId);
    if (asked?.some((id) => !own.includes(id))) throw refusal(caller, "see another store's sales figures");
    return asked ?? own;
  }
  throw refusal(caller, 'see sales figures');
}

/** The question as the read model takes it. */
export function selectionOf(question: KpiQuestion, storeIds: readonly string[] | null): Selection {
  const from = instant(question.from, 'from');
  const to = instant(question.to, 'to');
  if (from >= to) throw new BadUserInputError('from must be before to', 'from');
  const byDay = question.groupBy.includes('DAY');
  const byHour = question.groupBy.includes('HOUR');
  if (byDay && byHour) throw new BadUserInputError('group by DAY or by HOUR, not both', 'groupBy');
  const period: KpiPeriod | null = byDay ? 'DAY' : byHour ? 'HOUR' : null;
  if (period && periodOf(to - 1, period) - periodOf(from, period) + 1 > MAX_PERIODS)
    throw new BadUserInputError(`at most ${MAX_PERIODS} ${period === 'DAY' ? 'days' : 'hours'} in one report`, 'groupBy');
  return {
    from,
    to,
    period,
    byChannel: question.groupBy.includes('CHANNEL'),
    byStore: question.groupBy.includes('STORE'),
    channels: question.channels ? [...new Set(question.channels)] : null,
    storeIds: storeIds ? [...new Set(storeIds)] : null,
  };
}

/** Sums of one group, whatever fact they came from. */
interface Sums {
  orders: number;
  revenue: number;
  units: number;
  clickAndCollect: number;
  returns: number;
  refunds: number;
  returnedUnits: number;
  cartsOpened: number;
  cartsConverted: number;
}

const noSums = (): Sums => ({
  orders: 0,
  revenue: 0,
  units: 0,
  clickAndCollect: 0,
  returns: 0,
  refunds: 0,
  returnedUnits: 0,
  cartsOpened: 0,
  cartsConverted: 0,
});

function add(into: Sums, from: Partial<Sums>): void {
  for (const [key, value] of Object.entries(from) as [keyof Sums, number][]) into[key] += value;
}

const ratio = (part: number, whole: number) => (whole === 0 ? null : part / whole);

/** Revenue per order, rounded half away from zero to whole minor units. */
function average(total: number, count: number): bigint {
  const doubled = 2n * BigInt(total);
  const n = BigInt(count);
  return total >= 0 ? (doubled + n) / (2n * n) : -((-doubled + n) / (2n * n));
}

function figuresOf(sums: Sums, currency: string): KpiFigures {
  return {
    revenue: moneyFromMinor(BigInt(sums.revenue), currency),
    orders: sums.orders,
    units: sums.units,
    averageOrderValue: sums.orders === 0 ? null : moneyFromMinor(average(sums.revenue, sums.orders), currency),
    returns: sums.returns,
    returnedUnits: sums.returnedUnits,
    refunds: moneyFromMinor(BigInt(sums.refunds), currency),
    refundRate: ratio(sums.refunds, sums.revenue),
    clickAndCollectOrders: sums.clickAndCollect,
    clickAndCollectShare: ratio(sums.clickAndCollect, sums.orders),
    cartsOpened: sums.cartsOpened,
    cartsConverted: sums.cartsConverted,
    cartConversionRate: ratio(sums.cartsConverted, sums.cartsOpened),
  };
}

const keyOf = (group: Group) => JSON.stringify([group.period, group.channel, group.storeId]);

/** Periods first, then channels in their order, then stores by code (S101, S102, …), the sales tied to none last. */
function inOrder(a: Group, b: Group): number {
  const store = (group: Group) => (group.storeId === null ? '~' : (plantOfLocation(group.storeId) ?? group.storeId));
  return (
    (a.period ?? 0) - (b.period ?? 0) ||
    KPI_CHANNELS.indexOf(a.channel ?? 'WEB') - KPI_CHANNELS.indexOf(b.channel ?? 'WEB') ||
    store(a).localeCompare(store(b))
  );
}

export function reportOf(question: KpiQuestion, selection: Selection, aggregates: Aggregates, currency: string): ChannelKpiReport {
  const groups = new Map<string, { group: Group; sums: Sums }>();
  const totals = noSums();
  const collect = (group: Group, sums: Partial<Sums>) => {
    const key = keyOf(group);
    const entry = groups.get(key) ?? { group, sums: noSums() };
    groups.set(key, entry);
    add(entry.sums, sums);
    add(totals, sums);
  };
  for (const { orders, revenue, units, clickAndCollect, ...group } of aggregates.sales)
    collect(group, { orders, revenue, units, clickAndCollect });
  for (const { returns, refunds, units, ...group } of aggregates.returns) collect(group, { returns, refunds, returnedUnits: units });
  for (const { opened, converted, ...group } of aggregates.carts) collect(group, { cartsOpened: opened, cartsConverted: converted });
  const period = selection.period;
  const rows = [...groups.values()]
    .sort((a, b) => inOrder(a.group, b.group))
    .map(({ group, sums }): ChannelKpiRow => {
      const start = period && group.period !== null ? group.period * PERIOD_MS[period] - RETAIL_UTC_OFFSET_MS : null;
      return {
        channel: group.channel,
        store: group.storeId === null ? null : { id: group.storeId },
        periodStart: start === null ? null : retailTime(Math.max(start, selection.from)),
        periodEnd: start === null || !period ? null : retailTime(Math.min(start + PERIOD_MS[period], selection.to)),
        figures: figuresOf(sums, currency),
      };
    });
  return {
    from: retailTime(selection.from),
    to: retailTime(selection.to),
    timeZone: RETAIL_TIME_ZONE,
    groupBy: [...question.groupBy],
    totals: figuresOf(totals, currency),
    rows,
  };
}
