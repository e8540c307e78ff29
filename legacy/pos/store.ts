import type { Db } from '../kit/db';
import type { PosLine, PosTransaction, World } from '../seed/model';
import { toHundredths } from './money';
import { toStoreLocalTime } from './time';

/**
 * The head office's own store. Amount columns hold hundredths of a dong; times are store-local
 * text without zone, as the tills wrote them. Transactions are normalised into lines and tenders
 * because a large world holds 200k receipts.
 */
export function createSchema(db: Db): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS stores (
      retail_store_id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      street TEXT NOT NULL,
      district TEXT NOT NULL,
      city TEXT NOT NULL,
      latitude REAL NOT NULL,
      longitude REAL NOT NULL,
      workstations INTEGER NOT NULL
    );
    CREATE TABLE IF NOT EXISTS store_hours (
      retail_store_id TEXT NOT NULL REFERENCES stores (retail_store_id),
      weekday INTEGER NOT NULL,
      opens TEXT NOT NULL,
      closes TEXT NOT NULL,
      PRIMARY KEY (retail_store_id, weekday)
    ) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS items (
      sku TEXT PRIMARY KEY,
      gtin TEXT NOT NULL UNIQUE,
      description TEXT NOT NULL,
      price INTEGER NOT NULL
    );
    CREATE TABLE IF NOT EXISTS transactions (
      id INTEGER PRIMARY KEY,
      retail_store_id TEXT NOT NULL REFERENCES stores (retail_store_id),
      workstation_id INTEGER NOT NULL,
      sequence_number INTEGER NOT NULL,
      business_day TEXT NOT NULL,
      begin_at TEXT NOT NULL,
      end_at TEXT NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('Sale', 'Return', 'PickupHandover')),
      operator_id TEXT NOT NULL,
      total INTEGER NOT NULL,
      loyalty_card TEXT,
      phone TEXT,
      -- Last nine digits of the phone as typed: what the customer lookup compares.
      phone_key TEXT,
      return_of_key TEXT,
      customer_order_id TEXT,
      -- Sequence numbers are store-wide, so they alone identify a receipt within a store.
      UNIQUE (retail_store_id, sequence_number)
    );
    CREATE INDEX IF NOT EXISTS transactions_by_day ON transactions (retail_store_id, business_day, sequence_number);
    CREATE INDEX IF NOT EXISTS transactions_by_card ON transactions (loyalty_card);
    CREATE INDEX IF NOT EXISTS transactions_by_phone ON transactions (phone_key);
    CREATE INDEX IF NOT EXISTS transactions_by_original ON transactions (return_of_key);
    CREATE TABLE IF NOT EXISTS transaction_lines (
      transaction_id INTEGER NOT NULL REFERENCES transactions (id),
      line_number INTEGER NOT NULL,
      sku TEXT NOT NULL,
      gtin TEXT NOT NULL,
      description TEXT NOT NULL,
      quantity INTEGER NOT NULL,
      -- Null on pickup handovers: the web order was paid online.
      unit_price INTEGER,
      -- Quantity x unit price, before the discount (ARTS ExtendedAmount).
      extended_amount INTEGER,
      discount INTEGER NOT NULL,
      -- The price modifiers behind the discount as posted (JSON: amount, promotion id, reason, description); null when the till sent none by promotion.
      price_modifiers TEXT,
      -- Returns only: ReturnToStock or Damaged.
      disposition TEXT,
      PRIMARY KEY (transaction_id, line_number)
    ) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS tenders (
      transaction_id INTEGER NOT NULL REFERENCES transactions (id),
      tender_number INTEGER NOT NULL,
      tender_type TEXT NOT NULL,
      amount INTEGER NOT NULL,
      PRIMARY KEY (transaction_id, tender_number)
    ) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS stock_counts (
      retail_store_id TEXT NOT NULL REFERENCES stores (retail_store_id),
      sku TEXT NOT NULL,
      quantity INTEGER NOT NULL,
      counted_at TEXT NOT NULL,
      PRIMARY KEY (retail_store_id, sku)
    ) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS closed_days (
      retail_store_id TEXT NOT NULL REFERENCES stores (retail_store_id),
      business_day TEXT NOT NULL,
      PRIMARY KEY (retail_store_id, business_day)
    ) WITHOUT ROWID;
  `);
}

/** A row of transaction_lines, ready to insert. */
export interface LineRow {
  lineNumber: number;
  sku: string;
  gtin: string;
  description: string;
  quantity: number;
  unitPrice: number | null;
  extendedAmount: number | null;
  discount: number;
  /** JSON of the PriceModifier list, when the till named its promotions. */
  priceModifiers: string | null;
  disposition: string | null;
}

/** A row of transactions with its lines and tenders, ready to insert. */
export interface TransactionRow {
  retailStoreId: string;
  workstationId: number;
  sequenceNumber: number;
  businessDay: string;
  beginAt: string;
  endAt: string;
  kind: PosTransaction['kind'];
  operatorId: string;
  total: number;
  loyaltyCard: string | null;
  phone: string | null;
  returnOfKey: string | null;
  customerOrderId: string | null;
  lines: LineRow[];
  tenders: { type: string; amount: number }[];
}

/** The digits a phone lookup compares: the last nine, which survive +84 / 0 / 84- prefixes. */
export function phoneKey(phone: string | null): string | null {
  const digits = phone?.replace(/\D/g, '') ?? '';
  return digits.length >= 9 ? digits.slice(-9) : null;
}

/** Prepared inserts shared by the loader and the counter's POST; positional parameters keep a bulk load fast. */
export function transactionWriter(db: Db): (row: TransactionRow) => number {
  const insertTransaction = db.prepare(`
    INSERT INTO transactions (retail_store_id, workstation_id, sequence_number, business_day, begin_at, end_at, kind,
      operator_id, total, loyalty_card, phone, phone_key, return_of_key, customer_order_id)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertLine = db.prepare(`
    INSERT INTO transaction_lines (transaction_id, line_number, sku, gtin, description, quantity, unit_price, extended_amount, discount,
      price_modifiers, disposition)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertTender = db.prepare('INSERT INTO tenders (transaction_id, tender_number, tender_type, amount) VALUES (?, ?, ?, ?)');
  return (row) => {
    const id = Number(
      insertTransaction.run(
        row.retailStoreId,
        row.workstationId,
        row.sequenceNumber,
        row.businessDay,
        row.beginAt,
        row.endAt,
        row.kind,
        row.operatorId,
        row.total,
        row.loyaltyCard,
        row.phone,
        phoneKey(row.phone),
        row.returnOfKey,
        row.customerOrderId,
      ).lastInsertRowid,
    );
    for (const line of row.lines) {
      insertLine.run(
        id,
        line.lineNumber,
        line.sku,
        line.gtin,
        line.description,
        line.quantity,
        line.unitPrice,
        line.extendedAmount,
        line.discount,
        line.priceModifiers,
        line.disposition,
      );
    }
    row.tenders.forEach((tender, index) => insertTender.run(id, index + 1, tender.type, tender.amount));
    return id;
  };
}

/**
 * The world keeps a line's amount net of discount (negative on returns); the POSLog shows the
 * gross ExtendedAmount and the discount beside it, so the discount is whatever separates the two.
 * Pickup lines carry no amounts: the web order was paid online.
 */
function lineRow(line: PosLine, kind: PosTransaction['kind']): LineRow {
  const priced = kind !== 'PickupHandover';
  const unitPrice = toHundredths(line.unitPrice);
  const gross = unitPrice * line.quantity;
  return {
    lineNumber: line.lineNumber,
    sku: line.sku,
    gtin: line.gtin,
    description: line.description,
    quantity: line.quantity,
    unitPrice: priced ? unitPrice : null,
    extendedAmount: priced ? gross : null,
    discount: priced ? gross - Math.abs(toHundredths(line.extendedAmount)) : 0,
    priceModifiers: null,
    // The world does not say what became of returned goods; the usual case is back to the shelf.
    disposition: kind === 'Return' ? 'ReturnToStock' : null,
  };
}

function transactionRow(t: PosTransaction): TransactionRow {
  return {
    retailStoreId: t.retailStoreId,
    workstationId: t.workstationId,
    sequenceNumber: t.sequenceNumber,
    businessDay: t.businessDay,
    beginAt: toStoreLocalTime(t.beginAt),
    endAt: toStoreLocalTime(t.endAt),
    kind: t.kind,
    operatorId: t.operatorId,
    total: toHundredths(t.total),
    loyaltyCard: t.customer?.loyaltyCard ?? null,
    phone: t.customer?.phone ?? null,
    returnOfKey: t.returnOf,
    customerOrderId: t.pickupOrderId,
    lines: t.lines.map((line) => lineRow(line, t.kind)),
    tenders: t.tenders.map((tender) => ({ type: tender.type, amount: toHundredths(tender.amount) })),
  };
}

/** Inserts the POS slice of a world: stores, item master, receipts, stock counts and closed days. */
export function loadWorld(db: Db, world: World): void {
  const insertStore = db.prepare(`
    INSERT INTO stores (retail_store_id, name, street, district, city, latitude, longitude, workstations)
    VALUES (@retailStoreId, @name, @street, @district, @city, @latitude, @longitude, @workstations)`);
  const insertHours = db.prepare('INSERT INTO store_hours (retail_store_id, weekday, opens, closes) VALUES (?, ?, ?, ?)');
  const insertItem = db.prepare('INSERT INTO items (sku, gtin, description, price) VALUES (?, ?, ?, ?)');
  const insertCount = db.prepare(`
    INSERT INTO stock_counts (retail_store_id, sku, quantity, counted_at) VALUES (?, ?, ?, ?)
    ON CONFLICT (retail_store_id, sku) DO UPDATE SET quantity = excluded.quantity, counted_at = excluded.counted_at
    WHERE excluded.counted_at > stock_counts.counted_at`);
  const insertClosedDay = db.prepare('INSERT OR IGNORE INTO closed_days (retail_store_id, business_day) VALUES (?, ?)');
  const writeTransaction = transactionWriter(db);

  db.transaction(() => {
    for (const store of world.stores) {
      insertStore.run(store);
      for (const hours of store.openingHours) insertHours.run(store.retailStoreId, hours.weekday, hours.opens, hours.closes);
      for (const day of world.pos.closedDays) insertClosedDay.run(store.retailStoreId, day);
    }
    for (const product of world.products) insertItem.run(product.sku, product.gtin, product.name, toHundredths(product.price));
    for (const transaction of world.pos.transactions) writeTransaction(transactionRow(transaction));
    for (const count of world.pos.stockCounts) {
      insertCount.run(count.retailStoreId, count.sku, count.quantity, toStoreLocalTime(count.countedAt));
    }
  })();
}
