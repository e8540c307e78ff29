import type { Logger } from 'pino';
import type { KpiChannel } from '../../lib/live-events';
import { openDatabase, type SqlDatabase, type Statement } from './databases';
import type { KpiFacts } from './facts';

/**
 * The sales read model: one row per sale, return and cart, written once per id (a sale published
 * twice, or seen both in the systems' history and as an event, counts once), and the marks that say
 * how far the model has read (the history's cursors, the event stream's sequence), written in the
 * same transaction as the facts they cover. When the history and an event tell one fact, the event
 * wins, whichever came first: it was told by the source as it happened (the channel a checkout was
 * made on), the history is read from what the systems kept. A report aggregates the rows of its
 * period in SQL over indexes that hold every column it sums.
 */

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** The retailer's days and hours: Asia/Ho_Chi_Minh, UTC+7 all year (no daylight saving). */
export const RETAIL_UTC_OFFSET_MS = 7 * HOUR_MS;
export const RETAIL_TIME_ZONE = 'Asia/Ho_Chi_Minh';

export type KpiPeriod = 'DAY' | 'HOUR';

/** Who told the model a fact: a source as it happened, or the systems' history read afterwards. */
export type FactSource = 'event' | 'history';

export const PERIOD_MS: Record<KpiPeriod, number> = { DAY: DAY_MS, HOUR: HOUR_MS };

const ddl = (table: (name: string) => string) => `
  CREATE TABLE IF NOT EXISTS ${table('kpi_sales')} (
    order_id TEXT PRIMARY KEY,
    channel TEXT NOT NULL,
    store_id TEXT,
    placed_at BIGINT NOT NULL,
    revenue BIGINT NOT NULL,
    units INTEGER NOT NULL,
    click_collect INTEGER NOT NULL,
    cart_id TEXT,
    cancelled INTEGER NOT NULL,
    from_history INTEGER NOT NULL
  );
  CREATE INDEX IF NOT EXISTS kpi_sales_by_time ON ${table('kpi_sales')} (placed_at, cancelled, channel, store_id, revenue, units, click_collect);
  CREATE INDEX IF NOT EXISTS kpi_sales_by_cart ON ${table('kpi_sales')} (cart_id);
  CREATE TABLE IF NOT EXISTS ${table('kpi_returns')} (
    return_id TEXT PRIMARY KEY,
    order_id TEXT NOT NULL,
    channel TEXT NOT NULL,
    store_id TEXT,
    refunded_at BIGINT NOT NULL,
    refund BIGINT NOT NULL,
    units INTEGER NOT NULL,
    from_history INTEGER NOT NULL
  );
  CREATE INDEX IF NOT EXISTS kpi_returns_by_time ON ${table('kpi_returns')} (refunded_at, channel, store_id, refund, units);
  CREATE TABLE IF NOT EXISTS ${table('kpi_carts')} (
    cart_id TEXT PRIMARY KEY,
    channel TEXT NOT NULL,
    store_id TEXT,
    opened_at BIGINT NOT NULL,
    converted INTEGER NOT NULL,
    from_history INTEGER NOT NULL
  );
  CREATE INDEX IF NOT EXISTS kpi_carts_by_time ON ${table('kpi_carts')} (opened_at, channel, store_id, converted);
  CREATE TABLE IF NOT EXISTS ${table('kpi_cancellations')} (order_id TEXT PRIMARY KEY);
  CREATE TABLE IF NOT EXISTS ${table('kpi_marks')} (name TEXT PRIMARY KEY, value TEXT NOT NULL);
`;

/** What a report selects and how it groups it. */
export interface Selection {
  from: number;
  to: number;
  period: KpiPeriod | null;
  byChannel: boolean;
  byStore: boolean;
  /** Null: every channel. */
  channels: readonly KpiChannel[] | null;
  /** Null: every store and the sales tied to none; a list leaves those out. */
  storeIds: readonly string[] | null;
}

/** One group: the dimensions not grouped by are null. */
export interface Group {
  /** The period's number: its start in retail time, over the period's length. */
  period: number | null;
  channel: KpiChannel | null;
  storeId: string | null;
}

export interface SalesSums extends Group {
  orders: number;
  revenue: number;
  units: number;
  clickAndCollect: number;
}

export interface ReturnSums extends Group {
  returns: number;
  refunds: number;
  units: number;
}

export interface CartSums extends Group {
  opened: number;
  converted: number;
}

export interface Aggregates {
  sales: SalesSums[];
  returns: ReturnSums[];
  carts: CartSums[];
}

/** PostgreSQL answers sums and counts of BIGINT as text. */
const num = (value: unknown) => Number(value ?? 0);

export class KpiReadModel {
  private constructor(private readonly db: SqlDatabase) {}

  static async open(env: NodeJS.ProcessEnv, log: Logger): Promise<KpiReadModel> {
    return new KpiReadModel(await openDatabase(env, ddl, log));
  }

  /**
   * Writes the facts and the marks together. What the model has already is left as it is, but for
   * an event's fact over the history's: then the event's figures are taken (a cancellation stays),
   * and for the cart a sale was placed from, kept from whichever told it.
   */
  async apply(facts: KpiFacts, marks: Record<string, string> = {}, told: FactSource = 'event'): Promise<void> {
    const t = (name: string) => this.db.table(name);
    const fromHistory = told === 'history' ? 1 : 0;
    /** Only an event's fact replaces one, and only one read from the history. */
    const eventOverHistory = 'existing.from_history = 1 AND excluded.from_history = 0';
    const statements: Statement[] = [];
    for (const orderId of facts.cancelledOrderIds ?? []) {
      statements.push(
        { sql: `INSERT INTO ${t('kpi_cancellations')} (order_id) VALUES (?) ON CONFLICT (order_id) DO NOTHING`, params: [orderId] },
        { sql: `UPDATE ${t('kpi_sales')} SET cancelled = 1 WHERE order_id = ?`, params: [orderId] },
      );
    }
    for (const sale of facts.sales ?? []) {
      // On a second telling: the event's figures over the history's, and the cart it was placed from
      // from whichever knew it (an endless-aisle order's event names none, the shop does).
      statements.push({
        // Its cancellation may have come first (events from two sources, in any order), or with it (the history).
        sql: `INSERT INTO ${t('kpi_sales')} AS existing
                (order_id, channel, store_id, placed_at, revenue, units, click_collect, cart_id, cancelled, from_history)
              VALUES (?, ?, ?, ?, ?, ?, ?, ?, CASE WHEN EXISTS (SELECT 1 FROM ${t('kpi_cancellations')} WHERE order_id = ?) THEN 1 ELSE 0 END, ?)
              ON CONFLICT (order_id) DO UPDATE SET
                channel = CASE WHEN ${eventOverHistory} THEN excluded.channel ELSE existing.channel END,
                store_id = CASE WHEN ${eventOverHistory} THEN excluded.store_id ELSE existing.store_id END,
                placed_at = CASE WHEN ${eventOverHistory} THEN excluded.placed_at ELSE existing.placed_at END,
                revenue = CASE WHEN ${eventOverHistory} THEN excluded.revenue ELSE existing.revenue END,
                units = CASE WHEN ${eventOverHistory} THEN excluded.units ELSE existing.units END,
                click_collect = CASE WHEN ${eventOverHistory} THEN excluded.click_collect ELSE existing.click_collect END,
                cart_id = COALESCE(existing.cart_id, excluded.cart_id),
                from_history = existing.from_history * excluded.from_history`,
        params: [
          sale.orderId,
          sale.channel,
          sale.storeId,
          sale.placedAt,
          sale.revenue,
          sale.units,
          sale.clickAndCollect ? 1 : 0,
          sale.cartId,
          sale.orderId,
          fromHistory,
        ],
      });
      if (sale.cartId !== null)
        statements.push({ sql: `UPDATE ${t('kpi_carts')} SET converted = 1 WHERE cart_id = ? AND converted = 0`, params: [sale.cartId] });
    }
    for (const refund of facts.returns ?? []) {
      statements.push({
        sql: `INSERT INTO ${t('kpi_returns')} AS existing (return_id, order_id, channel, store_id, refunded_at, refund, units, from_history)
              VALUES (?, ?, ?, ?, ?, ?, ?, ?)
              ON CONFLICT (return_id) DO UPDATE SET channel = excluded.channel, store_id = excluded.store_id, refunded_at = excluded.refunded_at,
                refund = excluded.refund, units = excluded.units, from_history = 0
              WHERE ${eventOverHistory}`,
        params: [refund.returnId, refund.orderId, refund.channel, refund.storeId, refund.at, refund.refund, refund.units, fromHistory],
      });
    }
    for (const cart of facts.carts ?? []) {
      statements.push({
        // Its order may have come first.
        sql: `INSERT INTO ${t('kpi_carts')} AS existing (cart_id, channel, store_id, opened_at, converted, from_history)
              VALUES (?, ?, ?, ?, CASE WHEN EXISTS (SELECT 1 FROM ${t('kpi_sales')} WHERE cart_id = ?) THEN 1 ELSE 0 END, ?)
              ON CONFLICT (cart_id) DO UPDATE SET channel = excluded.channel, store_id = excluded.store_id, opened_at = excluded.opened_at,
                from_history = 0
              WHERE ${eventOverHistory}`,
        params: [cart.cartId, cart.channel, cart.storeId, cart.openedAt, cart.cartId, fromHistory],
      });
    }
    for (const [name, value] of Object.entries(marks)) {
      statements.push({
        sql: `INSERT INTO ${t('kpi_marks')} (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value`,
        params: [name, value],
      });
    }
    if (statements.length > 0) await this.db.write(statements);
  }

  /** The channel and store the model has for each of these orders (those it has). */
  async salesOf(orderIds: readonly string[]): Promise<Map<string, { channel: KpiChannel; storeId: string | null }>> {
    if (orderIds.length === 0) return new Map();
    const rows = await this.db.read<{ order_id: string; channel: KpiChannel; store_id: string | null }>(
      `SELECT order_id, channel, store_id FROM ${this.db.table('kpi_sales')} WHERE order_id IN (${orderIds.map(() => '?').join(', ')})`,
      orderIds,
    );
    return new Map(rows.map((row) => [row.order_id, { channel: row.channel, storeId: row.store_id }]));
  }

  async mark(name: string): Promise<string | null> {
    const rows = await this.db.read<{ value: string }>(`SELECT value FROM ${this.db.table('kpi_marks')} WHERE name = ?`, [name]);
    return rows[0]?.value ?? null;
  }

  /** The sums of each group of the selection, from the three kinds of fact. */
  async aggregate(selection: Selection): Promise<Aggregates> {
    if (selection.channels?.length === 0 || selection.storeIds?.length === 0) return { sales: [], returns: [], carts: [] };
    const [sales, returns, carts] = await Promise.all([
      this.sums(
        selection,
        'kpi_sales',
        'placed_at',
        'COUNT(*) AS orders, SUM(revenue) AS revenue, SUM(units) AS units, SUM(click_collect) AS cc',
        'cancelled = 0',
      ),
      this.sums(selection, 'kpi_returns', 'refunded_at', 'COUNT(*) AS returns, SUM(refund) AS refunds, SUM(units) AS units'),
      this.sums(selection, 'kpi_carts', 'opened_at', 'COUNT(*) AS opened, SUM(converted) AS converted'),
    ]);
    return {
      sales: sales.map((row) => ({
        ...groupOf(row),
        orders: num(row.orders),
        revenue: num(row.revenue),
        units: num(row.units),
        clickAndCollect: num(row.cc),
      })),
      returns: returns.map((row) => ({ ...groupOf(row), returns: num(row.returns), refunds: num(row.refunds), units: num(row.units) })),
      carts: carts.map((row) => ({ ...groupOf(row), opened: num(row.opened), converted: num(row.converted) })),
    };
  }

  private sums(selection: Selection, table: string, at: string, sums: string, condition?: string): Promise<Record<string, unknown>[]> {
    const keys: string[] = [];
    if (selection.period) keys.push(`(${at} + ${RETAIL_UTC_OFFSET_MS}) / ${PERIOD_MS[selection.period]} AS period`);
    if (selection.byChannel) keys.push('channel');
    if (selection.byStore) keys.push('store_id');
    const where = [`${at} >= ?`, `${at} < ?`, ...(condition ? [condition] : [])];
    const params: unknown[] = [selection.from, selection.to];
    if (selection.channels) {
      where.push(`channel IN (${selection.channels.map(() => '?').join(', ')})`);
      params.push(...selection.channels);
    }
    if (selection.storeIds) {
      where.push(`store_id IN (${selection.storeIds.map(() => '?').join(', ')})`);
      params.push(...selection.storeIds);
    }
    const grouped = keys.map((_key, index) => String(index + 1)).join(', ');
    return this.db.read<Record<string, unknown>>(
      `SELECT ${[...keys, sums].join(', ')} FROM ${this.db.table(table)} WHERE ${where.join(' AND ')}${grouped ? ` GROUP BY ${grouped}` : ''}`,
      params,
    );
  }

  close(): Promise<void> {
    return this.db.close();
  }
}

function groupOf(row: Record<string, unknown>): Group {
  return {
    period: row.period === undefined ? null : num(row.period),
    channel: (row.channel as KpiChannel | undefined) ?? null,
    storeId: (row.store_id as string | null | undefined) ?? null,
  };
}
