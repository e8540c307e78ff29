import type { Db } from '../kit/db';
import { posTransactionKey } from '../seed/model';
import { type LineRow, type TransactionRow, transactionWriter } from './store';

export interface StoreRecord {
  retailStoreId: string;
  name: string;
  street: string;
  district: string;
  city: string;
  latitude: number;
  longitude: number;
  workstations: number;
  hours: { weekday: number; opens: string; closes: string }[];
}

export interface ItemRecord {
  sku: string;
  gtin: string;
  description: string;
  price: number;
}

export interface StockCountRecord {
  sku: string;
  gtin: string | null;
  quantity: number;
  countedAt: string;
}

export interface CustomerQuery {
  loyaltyCards: string[];
  phoneKeys: string[];
  from: string;
  to: string;
  limit: number;
  offset: number;
}

interface HeaderRow extends Omit<TransactionRow, 'lines' | 'tenders'> {
  id: number;
}

const HEADER_COLUMNS = `id, retail_store_id AS retailStoreId, workstation_id AS workstationId, sequence_number AS sequenceNumber,
  business_day AS businessDay, begin_at AS beginAt, end_at AS endAt, kind, operator_id AS operatorId, total,
  loyalty_card AS loyaltyCard, phone, return_of_key AS returnOfKey, customer_order_id AS customerOrderId`;

/** json_each turns one JSON array parameter into a set, so one statement serves any number of values. */
const inList = (param: string) => `(SELECT value FROM json_each(${param}))`;

const STORE_COLUMNS = 'retail_store_id AS retailStoreId, name, street, district, city, latitude, longitude, workstations';

function prepareStatements(db: Db) {
  const select = (where: string, order = 'sequence_number') =>
    db.prepare(`SELECT ${HEADER_COLUMNS} FROM transactions WHERE ${where} ORDER BY ${order}`);
  return {
    stores: db.prepare(`SELECT ${STORE_COLUMNS} FROM stores ORDER BY retail_store_id`),
    store: db.prepare(`SELECT ${STORE_COLUMNS} FROM stores WHERE retail_store_id = ?`),
    hours: db.prepare('SELECT weekday, opens, closes FROM store_hours WHERE retail_store_id = ? ORDER BY weekday'),
    itemBySku: db.prepare('SELECT sku, gtin, description, price FROM items WHERE sku = ?'),
    itemByGtin: db.prepare('SELECT sku, gtin, description, price FROM items WHERE gtin = ?'),
    stockCounts: db.prepare(`
      SELECT c.sku, i.gtin, c.quantity, c.counted_at AS countedAt FROM stock_counts c LEFT JOIN items i ON i.sku = c.sku
      WHERE c.retail_store_id = @store AND (@skus IS NULL OR c.sku IN ${inList('@skus')}) ORDER BY c.sku`),
    feed: select('retail_store_id = ? AND sequence_number > ?', 'sequence_number LIMIT ?'),
    day: select('retail_store_id = ? AND business_day = ?'),
    byKey: select('retail_store_id = ? AND workstation_id = ? AND sequence_number = ? AND business_day = ?'),
    bySequence: select('retail_store_id = ? AND sequence_number = ?'),
    byCustomer: select(
      `(loyalty_card IN ${inList('@cards')} OR phone_key IN ${inList('@phones')}) AND business_day BETWEEN @from AND @to`,
      'end_at DESC, retail_store_id, sequence_number DESC LIMIT @limit OFFSET @offset',
    ),
    returnsOf: select("return_of_key = ? AND kind = 'Return'"),
    lastSequence: db.prepare('SELECT MAX(sequence_number) AS last FROM transactions WHERE retail_store_id = ?'),
    lines: db.prepare(`
      SELECT transaction_id AS transactionId, line_number AS lineNumber, sku, gtin, description, quantity, unit_price AS unitPrice,
        extended_amount AS extendedAmount, discount, price_modifiers AS priceModifiers, disposition
      FROM transaction_lines WHERE transaction_id IN ${inList('?')} ORDER BY transaction_id, line_number`),
    tenders: db.prepare(`
      SELECT transaction_id AS transactionId, tender_type AS type, amount
      FROM tenders WHERE transaction_id IN ${inList('?')} ORDER BY transaction_id, tender_number`),
    isClosed: db.prepare('SELECT 1 FROM closed_days WHERE retail_store_id = ? AND business_day = ?'),
    close: db.prepare('INSERT OR IGNORE INTO closed_days (retail_store_id, business_day) VALUES (?, ?)'),
  };
}

/** Every read and write the routes need, as statements prepared once per app. */
export class PosLedger {
  private readonly statements: ReturnType<typeof prepareStatements>;
  private readonly writeTransaction: (row: TransactionRow) => number;

  constructor(private readonly db: Db) {
    this.statements = prepareStatements(db);
    this.writeTransaction = transactionWriter(db);
  }

  stores(): StoreRecord[] {
    return (this.statements.stores.all() as Omit<StoreRecord, 'hours'>[]).map((store) => this.withHours(store));
  }

  store(retailStoreId: string): StoreRecord | undefined {
    const store = this.statements.store.get(retailStoreId) as Omit<StoreRecord, 'hours'> | undefined;
    return store && this.withHours(store);
  }

  private withHours(store: Omit<StoreRecord, 'hours'>): StoreRecord {
    return { ...store, hours: this.statements.hours.all(store.retailStoreId) as StoreRecord['hours'] };
  }

  item(sku: string): ItemRecord | undefined {
    return this.statements.itemBySku.get(sku) as ItemRecord | undefined;
  }

  itemByGtin(gtin: string): ItemRecord | undefined {
    return this.statements.itemByGtin.get(gtin) as ItemRecord | undefined;
  }

  /** The latest physical count per SKU; all the store's SKUs when none are named. */
  stockCounts(retailStoreId: string, skus: string[]): StockCountRecord[] {
    const filter = skus.length > 0 ? JSON.stringify(skus) : null;
    return this.statements.stockCounts.all({ store: retailStoreId, skus: filter }) as StockCountRecord[];
  }

  feed(retailStoreId: string, sinceSequence: number, limit: number): TransactionRow[] {
    return this.hydrate(this.statements.feed.all(retailStoreId, sinceSequence, limit) as HeaderRow[]);
  }

  businessDay(retailStoreId: string, day: string): TransactionRow[] {
    return this.hydrate(this.statements.day.all(retailStoreId, day) as HeaderRow[]);
  }

  transaction(retailStoreId: string, workstationId: number, sequenceNumber: number, day: string): TransactionRow | undefined {
    return this.hydrate(this.statements.byKey.all(retailStoreId, workstationId, sequenceNumber, day) as HeaderRow[])[0];
  }

  transactionBySequence(retailStoreId: string, sequenceNumber: number): TransactionRow | undefined {
    return this.hydrate(this.statements.bySequence.all(retailStoreId, sequenceNumber) as HeaderRow[])[0];
  }

  byCustomer(query: CustomerQuery): TransactionRow[] {
    const { loyaltyCards, phoneKeys, ...rest } = query;
    const params = { ...rest, cards: JSON.stringify(loyaltyCards), phones: JSON.stringify(phoneKeys) };
    return this.hydrate(this.statements.byCustomer.all(params) as HeaderRow[]);
  }

  /** Returns already booked against an original receipt, by its transaction key. */
  returnsOf(originalKey: string): TransactionRow[] {
    return this.hydrate(this.statements.returnsOf.all(originalKey) as HeaderRow[]);
  }

  lastSequence(retailStoreId: string): number {
    return (this.statements.lastSequence.get(retailStoreId) as { last: number | null }).last ?? 0;
  }

  isClosed(retailStoreId: string, day: string): boolean {
    return this.statements.isClosed.get(retailStoreId, day) !== undefined;
  }

  close(retailStoreId: string, day: string): void {
    this.statements.close.run(retailStoreId, day);
  }

  /** Inserts a receipt with its lines and tenders atomically; returns its key. */
  insert(row: TransactionRow): string {
    this.db.transaction(() => this.writeTransaction(row))();
    return posTransactionKey(row);
  }

  /** Attaches lines and tenders to transaction headers with two queries, whatever the page size. */
  private hydrate(headers: HeaderRow[]): TransactionRow[] {
    if (headers.length === 0) return [];
    const ids = JSON.stringify(headers.map((h) => h.id));
    const lines = this.statements.lines.all(ids) as (LineRow & { transactionId: number })[];
    const tenders = this.statements.tenders.all(ids) as { transactionId: number; type: string; amount: number }[];
    const linesOf = groupBy(lines, (l) => l.transactionId);
    const tendersOf = groupBy(tenders, (t) => t.transactionId);
    return headers.map(({ id, ...header }) => ({
      ...header,
      lines: (linesOf.get(id) ?? []).map(({ transactionId: _, ...line }) => line),
      tenders: (tendersOf.get(id) ?? []).map(({ type, amount }) => ({ type, amount })),
    }));
  }
}

function groupBy<T>(rows: T[], keyOf: (row: T) => number): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}
