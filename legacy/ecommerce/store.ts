import { createHash } from 'node:crypto';
import type { Db } from '../kit/db';
import type { Address, CreditMemo, Product, WebOrder, WebOrderStatus, World } from '../seed/model';
import { hashPassword, SEEDED_CUSTOMER_PASSWORD } from './auth';
import { COUNTRY, magentoTime, money, STOCK_ID } from './format';
import { incrementIdFor, orderState } from './sales';
import { createSalesRuleSchema, loadSalesRules } from './sales-rules';
import { groupBy } from './statements';

/**
 * Secondary indexes: the filters and sorts the REST lists and the graph's batched look-ups need
 * (orders by customer ids or emails, source items by SKUs, changes since a time).
 */
const SECONDARY_INDEXES: Record<string, string> = {
  customer_updated_at: 'customer_entity (updated_at)',
  customer_address_parent: 'customer_address_entity (parent_id)',
  inventory_source_item_sku: 'inventory_source_item (sku)',
  inventory_reservation_sku: 'inventory_reservation (stock_id, sku, quantity)',
  quote_customer: 'quote (customer_id, is_active)',
  quote_updated_at: 'quote (updated_at)',
  quote_item_quote: 'quote_item (quote_id)',
  sales_order_quote: 'sales_order (quote_id)',
  sales_order_pickup: 'sales_order (pickup_location_code, state, created_at)',
  sales_order_customer: 'sales_order (customer_id)',
  sales_order_email: 'sales_order (customer_email)',
  sales_order_status: 'sales_order (status)',
  sales_order_created_at: 'sales_order (created_at)',
  sales_order_updated_at: 'sales_order (updated_at)',
  sales_order_item_order: 'sales_order_item (order_id)',
  sales_order_status_history_parent: 'sales_order_status_history (parent_id)',
  sales_creditmemo_order: 'sales_creditmemo (order_id)',
  sales_creditmemo_item_parent: 'sales_creditmemo_item (parent_id)',
};

function createSecondaryIndexes(db: Db): void {
  for (const [name, on] of Object.entries(SECONDARY_INDEXES)) db.exec(`CREATE INDEX IF NOT EXISTS ${name} ON ${on}`);
}

/**
 * Tables after Magento's own (customer_entity, quote, sales_order, inventory_reservation, ...), cut down to
 * the columns the REST answers need. Text that searchCriteria filters on is NOCASE, as MySQL's *_ci
 * collations compare it; timestamps stay binary so their indexes serve range filters and sorting.
 */
export function createSchema(db: Db): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS customer_entity (
      entity_id INTEGER PRIMARY KEY,
      email TEXT NOT NULL COLLATE NOCASE,
      firstname TEXT NOT NULL COLLATE NOCASE,
      lastname TEXT NOT NULL COLLATE NOCASE,
      password_hash TEXT,
      website_id INTEGER NOT NULL DEFAULT 1,
      store_id INTEGER NOT NULL DEFAULT 1,
      group_id INTEGER NOT NULL DEFAULT 1,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    );
    CREATE UNIQUE INDEX IF NOT EXISTS customer_email ON customer_entity (email, website_id);

    CREATE TABLE IF NOT EXISTS customer_address_entity (
      entity_id INTEGER PRIMARY KEY,
      parent_id INTEGER NOT NULL REFERENCES customer_entity (entity_id),
      firstname TEXT NOT NULL,
      lastname TEXT NOT NULL,
      street TEXT NOT NULL,
      city TEXT NOT NULL,
      country_id TEXT NOT NULL,
      telephone TEXT NOT NULL,
      is_default INTEGER NOT NULL DEFAULT 0
    );

    -- Newsletter_Subscriber: one row per customer who ever chose; status 1 subscribed, 3 unsubscribed
    CREATE TABLE IF NOT EXISTS newsletter_subscriber (
      subscriber_id INTEGER PRIMARY KEY,
      customer_id INTEGER NOT NULL UNIQUE REFERENCES customer_entity (entity_id),
      subscriber_email TEXT NOT NULL COLLATE NOCASE,
      subscriber_status INTEGER NOT NULL,
      change_status_at TEXT NOT NULL
    );

    CREATE TABLE IF NOT EXISTS oauth_token (
      token TEXT PRIMARY KEY,
      user_type TEXT NOT NULL CHECK (user_type IN ('admin', 'customer')),
      customer_id INTEGER,
      expires_at INTEGER NOT NULL
    );

    CREATE TABLE IF NOT EXISTS catalog_category (
      entity_id INTEGER PRIMARY KEY,
      parent_id INTEGER NOT NULL,
      name TEXT NOT NULL COLLATE NOCASE,
      position INTEGER NOT NULL
    );

    CREATE TABLE IF NOT EXISTS catalog_product (
      entity_id INTEGER PRIMARY KEY,
      sku TEXT NOT NULL UNIQUE COLLATE NOCASE,
      name TEXT NOT NULL COLLATE NOCASE,
      price REAL NOT NULL,
      special_price REAL,
      special_from_date TEXT,
      special_to_date TEXT,
      status INTEGER NOT NULL DEFAULT 1,
      type_id TEXT NOT NULL DEFAULT 'simple' COLLATE NOCASE,
      weight REAL NOT NULL,
      color TEXT NOT NULL COLLATE NOCASE,
      size TEXT NOT NULL COLLATE NOCASE,
      gtin TEXT NOT NULL COLLATE NOCASE,
      category_id INTEGER NOT NULL REFERENCES catalog_category (entity_id),
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    );

    CREATE TABLE IF NOT EXISTS inventory_source (
      source_code TEXT PRIMARY KEY COLLATE NOCASE,
      name TEXT NOT NULL COLLATE NOCASE,
      enabled INTEGER NOT NULL DEFAULT 1,
      latitude REAL NOT NULL,
      longitude REAL NOT NULL,
      country_id TEXT NOT NULL COLLATE NOCASE,
      city TEXT NOT NULL COLLATE NOCASE,
      street TEXT NOT NULL,
      is_pickup_location_active INTEGER NOT NULL
    );
    CREATE TABLE IF NOT EXISTS inventory_stock (stock_id INTEGER PRIMARY KEY, name TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS inventory_source_stock_link (
      link_id INTEGER PRIMARY KEY,
      stock_id INTEGER NOT NULL REFERENCES inventory_stock (stock_id),
      source_code TEXT NOT NULL COLLATE NOCASE REFERENCES inventory_source (source_code),
      priority INTEGER NOT NULL,
      UNIQUE (stock_id, source_code)
    );
    CREATE TABLE IF NOT EXISTS inventory_source_item (
      source_item_id INTEGER PRIMARY KEY,
      source_code TEXT NOT NULL COLLATE NOCASE REFERENCES inventory_source (source_code),
      sku TEXT NOT NULL COLLATE NOCASE,
      quantity REAL NOT NULL,
      status INTEGER NOT NULL,
      UNIQUE (source_code, sku)
    );
    -- Append-only: rows are never updated or deleted.
    CREATE TABLE IF NOT EXISTS inventory_reservation (
      reservation_id INTEGER PRIMARY KEY,
      stock_id INTEGER NOT NULL,
      sku TEXT NOT NULL COLLATE NOCASE,
      quantity REAL NOT NULL,
      metadata TEXT NOT NULL
    );

    CREATE TABLE IF NOT EXISTS quote (
      entity_id INTEGER PRIMARY KEY,
      masked_id TEXT UNIQUE,
      customer_id INTEGER REFERENCES customer_entity (entity_id),
      customer_email TEXT COLLATE NOCASE,
      is_active INTEGER NOT NULL DEFAULT 1,
      shipping_method TEXT,
      pickup_location_code TEXT,
      shipping_address TEXT,
      billing_address TEXT,
      coupon_code TEXT,
      reward_points_balance INTEGER NOT NULL DEFAULT 0,
      reward_currency_amount REAL NOT NULL DEFAULT 0,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS quote_item (
      item_id INTEGER PRIMARY KEY,
      quote_id INTEGER NOT NULL REFERENCES quote (entity_id),
      sku TEXT NOT NULL COLLATE NOCASE,
      name TEXT NOT NULL,
      qty REAL NOT NULL,
      price REAL NOT NULL
    );

    CREATE TABLE IF NOT EXISTS sales_order (
      entity_id INTEGER PRIMARY KEY,
      increment_id TEXT NOT NULL UNIQUE COLLATE NOCASE,
      quote_id INTEGER,
      customer_id INTEGER,
      customer_email TEXT NOT NULL COLLATE NOCASE,
      customer_firstname TEXT NOT NULL COLLATE NOCASE,
      customer_lastname TEXT NOT NULL COLLATE NOCASE,
      customer_is_guest INTEGER NOT NULL,
      state TEXT NOT NULL COLLATE NOCASE,
      status TEXT NOT NULL COLLATE NOCASE,
      subtotal REAL NOT NULL,
      discount_amount REAL NOT NULL,
      shipping_amount REAL NOT NULL,
      shipping_refunded REAL NOT NULL DEFAULT 0,
      grand_total REAL NOT NULL,
      total_refunded REAL,
      shipping_method TEXT NOT NULL,
      pickup_location_code TEXT COLLATE NOCASE,
      fulfilment_source_code TEXT,
      payment_method TEXT NOT NULL,
      shipping_address TEXT NOT NULL,
      billing_address TEXT NOT NULL,
      coupon_code TEXT,
      discount_description TEXT,
      applied_rule_ids TEXT,
      reward_points_balance INTEGER NOT NULL DEFAULT 0,
      reward_currency_amount REAL NOT NULL DEFAULT 0,
      reward_currency_refunded REAL NOT NULL DEFAULT 0,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS sales_order_item (
      item_id INTEGER PRIMARY KEY,
      order_id INTEGER NOT NULL REFERENCES sales_order (entity_id),
      sku TEXT NOT NULL COLLATE NOCASE,
      name TEXT NOT NULL,
      qty_ordered REAL NOT NULL,
      qty_shipped REAL NOT NULL DEFAULT 0,
      qty_refunded REAL NOT NULL DEFAULT 0,
      qty_canceled REAL NOT NULL DEFAULT 0,
      price REAL NOT NULL,
      row_total REAL NOT NULL,
      discount_amount REAL NOT NULL,
      amount_refunded REAL NOT NULL DEFAULT 0
    );
    CREATE TABLE IF NOT EXISTS sales_order_status_history (
      entity_id INTEGER PRIMARY KEY,
      parent_id INTEGER NOT NULL REFERENCES sales_order (entity_id),
      comment TEXT,
      status TEXT,
      is_customer_notified INTEGER,
      is_visible_on_front INTEGER NOT NULL DEFAULT 0,
      created_at TEXT NOT NULL
    );

    CREATE TABLE IF NOT EXISTS sales_shipment (
      entity_id INTEGER PRIMARY KEY,
      order_id INTEGER NOT NULL REFERENCES sales_order (entity_id),
      source_code TEXT NOT NULL,
      created_at TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS sales_shipment_item (
      entity_id INTEGER PRIMARY KEY,
      parent_id INTEGER NOT NULL REFERENCES sales_shipment (entity_id),
      order_item_id INTEGER NOT NULL,
      sku TEXT NOT NULL,
      qty REAL NOT NULL
    );

    CREATE TABLE IF NOT EXISTS sales_creditmemo (
      entity_id INTEGER PRIMARY KEY,
      order_id INTEGER NOT NULL REFERENCES sales_order (entity_id),
      increment_id TEXT NOT NULL COLLATE NOCASE,
      subtotal REAL NOT NULL,
      discount_amount REAL NOT NULL,
      shipping_amount REAL NOT NULL,
      grand_total REAL NOT NULL,
      reward_points_balance INTEGER NOT NULL DEFAULT 0,
      reward_currency_amount REAL NOT NULL DEFAULT 0,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS sales_creditmemo_item (
      entity_id INTEGER PRIMARY KEY,
      parent_id INTEGER NOT NULL REFERENCES sales_creditmemo (entity_id),
      order_item_id INTEGER NOT NULL,
      sku TEXT NOT NULL,
      name TEXT NOT NULL,
      qty REAL NOT NULL,
      price REAL NOT NULL,
      row_total REAL NOT NULL,
      discount_amount REAL NOT NULL,
      back_to_stock INTEGER NOT NULL DEFAULT 0
    );
  `);
  createSalesRuleSchema(db);
  createSecondaryIndexes(db);
}

function addressJson(address: Address, email?: string): string {
  return JSON.stringify({
    firstname: address.firstname,
    lastname: address.lastname,
    street: [address.street],
    city: address.city,
    country_id: COUNTRY,
    telephone: address.telephone,
    ...(email ? { email } : {}),
  });
}

/** Seeded orders carry no payment: home delivery is paid on delivery, click & collect at the counter. */
function paymentMethodFor(order: WebOrder): string {
  return order.shippingMethod === 'instore_pickup' ? 'checkmo' : 'cashondelivery';
}

/** Order-line quantities that follow from the seeded status: complete and closed orders left in full. */
function shippedQty(status: WebOrderStatus, qtyOrdered: number): number {
  return status === 'complete' || status === 'closed' ? qtyOrdered : 0;
}

interface MemoTotals {
  subtotal: number;
  shipping: number;
  discount: number;
}

/** A seeded memo refunds shipping only when it takes back the whole order. */
function memoTotals(memo: CreditMemo, order: WebOrder): MemoTotals {
  const subtotal = memo.items.reduce((sum, item) => sum + item.rowTotal, 0);
  const whole = order.items.every((item) => memo.items.some((m) => m.orderItemId === item.itemId && m.qty === item.qtyOrdered));
  const shipping = whole ? order.shippingAmount : 0;
  return { subtotal, shipping, discount: money(memo.grandTotal - subtotal - shipping) };
}

function loadCatalog(db: Db, world: World): Map<string, Product> {
  const categories = [...new Set(world.products.map((p) => p.category))];
  const insertCategory = db.prepare('INSERT INTO catalog_category (entity_id, parent_id, name, position) VALUES (?, 2, ?, ?)');
  // Ids 1 and 2 are Magento's root and default categories.
  categories.forEach((name, index) => insertCategory.run(index + 3, name, index + 1));
  const insertProduct = db.prepare(`INSERT INTO catalog_product
    (entity_id, sku, name, price, special_price, special_from_date, special_to_date, weight, color, size, gtin, category_id, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  world.products.forEach((p, index) => {
    const created = magentoTime(p.createdAt);
    insertProduct.run(
      index + 1,
      p.sku,
      p.name,
      p.price,
      p.specialPrice?.price ?? null,
      p.specialPrice ? magentoTime(p.specialPrice.from) : null,
      p.specialPrice ? magentoTime(p.specialPrice.to) : null,
      p.weightKg,
      p.color,
      p.size,
      p.gtin,
      categories.indexOf(p.category) + 3,
      created,
      created,
    );
  });
  return new Map(world.products.map((p) => [p.sku, p]));
}

function loadInventory(db: Db, world: World): void {
  const insertSource = db.prepare(`INSERT INTO inventory_source
    (source_code, name, latitude, longitude, country_id, city, street, is_pickup_location_active) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  for (const w of world.warehouses) insertSource.run(w.sourceCode, w.name, w.latitude, w.longitude, COUNTRY, w.city, w.street, 0);
  for (const s of world.stores) insertSource.run(s.sourceCode, s.name, s.latitude, s.longitude, COUNTRY, s.city, s.street, 1);
  db.prepare('INSERT INTO inventory_stock (stock_id, name) VALUES (?, ?)').run(STOCK_ID, 'Vietnam');
  const insertLink = db.prepare('INSERT INTO inventory_source_stock_link (stock_id, source_code, priority) VALUES (?, ?, ?)');
  [...world.warehouses, ...world.stores].forEach((source, index) => insertLink.run(STOCK_ID, source.sourceCode, index + 1));
  const insertItem = db.prepare('INSERT INTO inventory_source_item (source_code, sku, quantity, status) VALUES (?, ?, ?, ?)');
  for (const item of world.ecommerce.sourceItems) insertItem.run(item.sourceCode, item.sku, item.quantity, item.quantity > 0 ? 1 : 0);
}

function loadCustomers(db: Db, world: World): void {
  // One hash for every seeded customer: scrypt is slow on purpose, and a large world has ~30k of them.
  // Salted from the seed, so the same seed gives the same data.
  const passwordHash = hashPassword(SEEDED_CUSTOMER_PASSWORD, createHash('sha256').update(`seed:${world.seed}`).digest().subarray(0, 16));
  const insertCustomer = db.prepare(`INSERT INTO customer_entity
    (entity_id, email, firstname, lastname, password_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`);
  const insertAddress = db.prepare(`INSERT INTO customer_address_entity
    (parent_id, firstname, lastname, street, city, country_id, telephone, is_default) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  // The newsletter follows the person's email consent (as the CRM's opt-out list does): subscribed since the account opened.
  const insertSubscriber = db.prepare(`INSERT INTO newsletter_subscriber
    (customer_id, subscriber_email, subscriber_status, change_status_at) VALUES (?, ?, 1, ?)`);
  const consents = new Map(world.persons.map((person) => [person.personId, person.consentEmail]));
  const consentOf = new Map(
    world.truth.persons.flatMap((truth) => truth.webCustomerIds.map((id) => [id, consents.get(truth.personId)] as const)),
  );
  for (const c of world.ecommerce.customers) {
    insertCustomer.run(c.id, c.email, c.firstname, c.lastname, passwordHash, magentoTime(c.createdAt), magentoTime(c.updatedAt));
    c.addresses.forEach((a, index) =>
      insertAddress.run(c.id, a.firstname, a.lastname, a.street, a.city, COUNTRY, a.telephone, index === 0 ? 1 : 0),
    );
    if (consentOf.get(c.id) === true) insertSubscriber.run(c.id, c.email, magentoTime(c.createdAt));
  }
}

/** What the seeded credit memos took back, per order line. */
function refundsByOrderItem(memos: CreditMemo[]): Map<number, { qty: number; amount: number }> {
  const refunds = new Map<number, { qty: number; amount: number }>();
  for (const memo of memos) {
    for (const line of memo.items) {
      const refund = refunds.get(line.orderItemId) ?? { qty: 0, amount: 0 };
      refunds.set(line.orderItemId, { qty: refund.qty + line.qty, amount: refund.amount + line.rowTotal });
    }
  }
  return refunds;
}

function loadOrders(db: Db, world: World): void {
  const memosByOrder = groupBy(world.ecommerce.creditMemos, (memo) => memo.orderId);
  const refunds = refundsByOrderItem(world.ecommerce.creditMemos);
  const insertOrder = db.prepare(`INSERT INTO sales_order
    (entity_id, increment_id, customer_id, customer_email, customer_firstname, customer_lastname, customer_is_guest, state, status,
     subtotal, discount_amount, shipping_amount, shipping_refunded, grand_total, total_refunded, shipping_method, pickup_location_code,
     fulfilment_source_code, payment_method, shipping_address, billing_address, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertItem = db.prepare(`INSERT INTO sales_order_item
    (item_id, order_id, sku, name, qty_ordered, qty_shipped, qty_refunded, qty_canceled, price, row_total, discount_amount, amount_refunded)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertHistory = db.prepare(`INSERT INTO sales_order_status_history
    (parent_id, comment, status, is_customer_notified, is_visible_on_front, created_at) VALUES (?, ?, ?, 1, 1, ?)`);
  const insertMemo = db.prepare(`INSERT INTO sales_creditmemo
    (entity_id, order_id, increment_id, subtotal, discount_amount, shipping_amount, grand_total, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertMemoItem = db.prepare(`INSERT INTO sales_creditmemo_item
    (parent_id, order_item_id, sku, name, qty, price, row_total, discount_amount, back_to_stock) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)`);

  for (const order of world.ecommerce.orders) {
    const memos = memosByOrder.get(order.entityId) ?? [];
    const totals = memos.map((memo) => memoTotals(memo, order));
    const address = addressJson(order.shippingAddress, order.customerEmail);
    insertOrder.run(
      order.entityId,
      order.incrementId,
      order.customerId,
      order.customerEmail,
      order.customerFirstname,
      order.customerLastname,
      order.customerId === null ? 1 : 0,
      orderState(order.status),
      order.status,
      order.subtotal,
      -order.discountAmount,
      order.shippingAmount,
      totals.reduce((sum, t) => sum + t.shipping, 0),
      order.grandTotal,
      memos.length > 0 ? memos.reduce((sum, memo) => sum + memo.grandTotal, 0) : null,
      order.shippingMethod,
      order.pickupLocationCode,
      order.fulfilmentSourceCode,
      paymentMethodFor(order),
      address,
      address,
      magentoTime(order.createdAt),
      magentoTime(order.updatedAt),
    );
    for (const item of order.items) {
      const refund = refunds.get(item.itemId);
      insertItem.run(
        item.itemId,
        order.entityId,
        item.sku,
        item.name,
        item.qtyOrdered,
        shippedQty(order.status, item.qtyOrdered),
        refund?.qty ?? 0,
        order.status === 'canceled' ? item.qtyOrdered : 0,
        item.price,
        item.rowTotal,
        item.discountAmount,
        refund?.amount ?? 0,
      );
    }
    for (const entry of order.statusHistory) insertHistory.run(order.entityId, entry.comment, entry.status, magentoTime(entry.createdAt));
    memos.forEach((memo, index) => {
      const { subtotal, shipping, discount } = totals[index];
      const created = magentoTime(memo.createdAt);
      insertMemo.run(
        memo.entityId,
        order.entityId,
        incrementIdFor(memo.entityId),
        subtotal,
        discount,
        shipping,
        memo.grandTotal,
        created,
        created,
      );
      for (const m of memo.items) {
        const item = order.items.find((i) => i.itemId === m.orderItemId);
        const itemDiscount = discount === 0 || !item ? 0 : money((item.discountAmount * m.qty) / item.qtyOrdered);
        insertMemoItem.run(
          memo.entityId,
          m.orderItemId,
          m.sku,
          item?.name ?? m.sku,
          m.qty,
          item?.price ?? m.rowTotal / m.qty,
          m.rowTotal,
          itemDiscount,
        );
      }
    });
  }
}

function loadReservations(db: Db, world: World): void {
  const orderIds = new Map(world.ecommerce.orders.map((o) => [o.incrementId, o.entityId]));
  const insert = db.prepare('INSERT INTO inventory_reservation (reservation_id, stock_id, sku, quantity, metadata) VALUES (?, ?, ?, ?, ?)');
  for (const r of world.ecommerce.reservations) {
    const metadata = JSON.stringify({
      event_type: r.eventType,
      object_type: 'order',
      object_id: String(orderIds.get(r.orderIncrementId) ?? ''),
      object_increment_id: r.orderIncrementId,
    });
    insert.run(r.id, STOCK_ID, r.sku, r.quantity, metadata);
  }
}

function loadCarts(db: Db, world: World, products: Map<string, Product>): void {
  const emails = new Map(world.ecommerce.customers.map((c) => [c.id, c.email]));
  const insertQuote = db.prepare(`INSERT INTO quote (entity_id, masked_id, customer_id, customer_email, is_active, created_at, updated_at)
    VALUES (?, ?, ?, ?, 1, ?, ?)`);
  const insertItem = db.prepare('INSERT INTO quote_item (item_id, quote_id, sku, name, qty, price) VALUES (?, ?, ?, ?, ?, ?)');
  for (const cart of world.ecommerce.carts) {
    const email = cart.customerId === null ? null : (emails.get(cart.customerId) ?? null);
    insertQuote.run(cart.id, cart.maskedId, cart.customerId, email, magentoTime(cart.createdAt), magentoTime(cart.updatedAt));
    for (const item of cart.items)
      insertItem.run(item.itemId, cart.id, item.sku, products.get(item.sku)?.name ?? item.sku, item.qty, item.price);
  }
}

/** Inserts the world's e-commerce slice, plus the catalogue and the stores and warehouses as sources, in one transaction. */
export function loadWorld(db: Db, world: World): void {
  // The seed is consistent by construction; checking every child row's parent would slow a large load by a sixth.
  const checkForeignKeys = db.pragma('foreign_keys', { simple: true }) === 1;
  db.pragma('foreign_keys = OFF');
  try {
    db.transaction(() => {
      // Building the secondary indexes once, after the rows, is cheaper than updating them row by row.
      for (const name of Object.keys(SECONDARY_INDEXES)) db.exec(`DROP INDEX IF EXISTS ${name}`);
      const products = loadCatalog(db, world);
      loadInventory(db, world);
      loadCustomers(db, world);
      loadOrders(db, world);
      loadReservations(db, world);
      loadCarts(db, world, products);
      loadSalesRules(db, world);
      createSecondaryIndexes(db);
    })();
  } finally {
    if (checkForeignKeys) db.pragma('foreign_keys = ON');
  }
}
