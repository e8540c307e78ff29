import type { FastifyInstance } from 'fastify';
import type { Db } from '../kit/db';
import { readAddress } from './addresses';
import { badRequest, entityNotFound, invalidFieldValue } from './errors';
import { CURRENCY, magentoTime, STORE_ID } from './format';
import { field, optionalArray, optionalObject, optionalString, pathInt, requiredInt, requiredNumber, requiredObject } from './input';
import { adjustSourceQuantity, appendReservation, findSource, sourceNotFound, sourceQuantity } from './inventory';
import { KNOWN_STATUSES } from './sales';
import { searchResults, SearchSpec } from './search';
import type { Shop } from './shop';
import { groupBy, jsonList, sql } from './statements';

export interface OrderRow {
  entity_id: number;
  increment_id: string;
  quote_id: number | null;
  customer_id: number | null;
  customer_email: string;
  customer_firstname: string;
  customer_lastname: string;
  customer_is_guest: number;
  state: string;
  status: string;
  subtotal: number;
  discount_amount: number;
  shipping_amount: number;
  shipping_refunded: number;
  grand_total: number;
  total_refunded: number | null;
  shipping_method: string;
  pickup_location_code: string | null;
  fulfilment_source_code: string | null;
  payment_method: string;
  shipping_address: string;
  billing_address: string;
  coupon_code: string | null;
  discount_description: string | null;
  applied_rule_ids: string | null;
  /** Loyalty points the order was partly paid with, their value, and the value given back by credit memos (reward.ts). */
  reward_points_balance: number;
  reward_currency_amount: number;
  reward_currency_refunded: number;
  created_at: string;
  updated_at: string;
}

export interface OrderItemRow {
  item_id: number;
  order_id: number;
  sku: string;
  name: string;
  qty_ordered: number;
  qty_shipped: number;
  qty_refunded: number;
  qty_canceled: number;
  price: number;
  row_total: number;
  discount_amount: number;
  amount_refunded: number;
}

interface HistoryRow {
  entity_id: number;
  parent_id: number;
  comment: string | null;
  status: string | null;
  is_customer_notified: number | null;
  is_visible_on_front: number;
  created_at: string;
}

export const SHIPPING_DESCRIPTIONS: Record<string, string> = {
  flatrate_flatrate: 'Flat Rate - Fixed',
  instore_pickup: 'In-Store Pickup Delivery - In Store Pickup',
};

export const PAYMENT_TITLES: Record<string, string> = {
  checkmo: 'Check / Money order',
  cashondelivery: 'Cash On Delivery',
};

const ORDER_SEARCH: SearchSpec = {
  from: 'sales_order',
  select: '*',
  key: 'entity_id',
  fields: {
    entity_id: { column: 'entity_id', type: 'int' },
    increment_id: { column: 'increment_id', type: 'text' },
    quote_id: { column: 'quote_id', type: 'int' },
    customer_id: { column: 'customer_id', type: 'int' },
    customer_email: { column: 'customer_email', type: 'text' },
    customer_firstname: { column: 'customer_firstname', type: 'text' },
    customer_lastname: { column: 'customer_lastname', type: 'text' },
    customer_is_guest: { column: 'customer_is_guest', type: 'int' },
    state: { column: 'state', type: 'text' },
    status: { column: 'status', type: 'text' },
    grand_total: { column: 'grand_total', type: 'number' },
    subtotal: { column: 'subtotal', type: 'number' },
    pickup_location_code: { column: 'pickup_location_code', type: 'text' },
    created_at: { column: 'created_at', type: 'text' },
    updated_at: { column: 'updated_at', type: 'text' },
  },
};

/** What is left to ship, as Magento's Item::getQtyToShip counts it. */
export function qtyToShip(item: OrderItemRow): number {
  return Math.max(0, item.qty_ordered - item.qty_shipped - item.qty_refunded - item.qty_canceled);
}

export function findOrder(db: Db, id: number): OrderRow {
  const order = sql(db, 'SELECT * FROM sales_order WHERE entity_id = ?').get(id) as OrderRow | undefined;
  if (!order) throw entityNotFound();
  return order;
}

export function orderItems(db: Db, orderId: number): OrderItemRow[] {
  return sql(db, 'SELECT * FROM sales_order_item WHERE order_id = ? ORDER BY item_id').all(orderId) as OrderItemRow[];
}

export function addHistory(
  shop: Shop,
  orderId: number,
  entry: { comment: string | null; status: string; notified?: boolean; visible?: boolean },
): void {
  sql(
    shop.db,
    `INSERT INTO sales_order_status_history (parent_id, comment, status, is_customer_notified, is_visible_on_front, created_at)
    VALUES (?, ?, ?, ?, ?, ?)`,
  ).run(orderId, entry.comment, entry.status, entry.notified ? 1 : 0, entry.visible ? 1 : 0, magentoTime(shop.now()));
}

export function setOrderState(shop: Shop, orderId: number, state: string): void {
  sql(shop.db, 'UPDATE sales_order SET state = ?, status = ?, updated_at = ? WHERE entity_id = ?').run(
    state,
    state,
    magentoTime(shop.now()),
    orderId,
  );
}

/** Every line shipped, refunded or canceled: nothing more will happen to it. */
export function allLinesSettled(items: OrderItemRow[]): boolean {
  return items.every((item) => qtyToShip(item) === 0);
}

function formatItem(order: OrderRow, item: OrderItemRow) {
  return {
    item_id: item.item_id,
    order_id: item.order_id,
    sku: item.sku,
    name: item.name,
    product_type: 'simple',
    store_id: STORE_ID,
    created_at: order.created_at,
    updated_at: order.updated_at,
    qty_ordered: item.qty_ordered,
    qty_shipped: item.qty_shipped,
    qty_refunded: item.qty_refunded,
    qty_canceled: item.qty_canceled,
    price: item.price,
    base_price: item.price,
    original_price: item.price,
    row_total: item.row_total,
    base_row_total: item.row_total,
    // Positive on lines, negative on the order: both are Magento's convention.
    discount_amount: item.discount_amount,
    base_discount_amount: item.discount_amount,
    amount_refunded: item.amount_refunded,
  };
}

function formatHistory(entry: HistoryRow) {
  return {
    ...(entry.comment === null ? {} : { comment: entry.comment }),
    created_at: entry.created_at,
    entity_id: entry.entity_id,
    entity_name: 'order',
    is_customer_notified: entry.is_customer_notified,
    is_visible_on_front: entry.is_visible_on_front,
    parent_id: entry.parent_id,
    ...(entry.status === null ? {} : { status: entry.status }),
  };
}

/**
 * Null fields are left out, as Magento's serializer does: customer_id on guest orders, and the refund
 * totals until the first credit memo.
 */
function formatOrder(order: OrderRow, items: OrderItemRow[], history: HistoryRow[]) {
  const lines = items.map((item) => formatItem(order, item));
  const refunded =
    order.total_refunded === null
      ? {}
      : {
          total_refunded: order.total_refunded,
          base_total_refunded: order.total_refunded,
          shipping_refunded: order.shipping_refunded,
          base_shipping_refunded: order.shipping_refunded,
        };
  return {
    entity_id: order.entity_id,
    increment_id: order.increment_id,
    ...(order.quote_id === null ? {} : { quote_id: order.quote_id }),
    ...(order.customer_id === null ? {} : { customer_id: order.customer_id }),
    customer_email: order.customer_email,
    customer_firstname: order.customer_firstname,
    customer_lastname: order.customer_lastname,
    customer_is_guest: order.customer_is_guest,
    customer_group_id: order.customer_is_guest ? 0 : 1,
    created_at: order.created_at,
    updated_at: order.updated_at,
    state: order.state,
    status: order.status,
    store_id: STORE_ID,
    store_name: 'Main Website\nMain Website Store\nDefault Store View',
    base_currency_code: CURRENCY,
    global_currency_code: CURRENCY,
    order_currency_code: CURRENCY,
    store_currency_code: CURRENCY,
    subtotal: order.subtotal,
    base_subtotal: order.subtotal,
    discount_amount: order.discount_amount,
    base_discount_amount: order.discount_amount,
    // What the cart price rules gave: their labels, their ids ("1,4") and the coupon, absent when none applied.
    ...(order.discount_description === null ? {} : { discount_description: order.discount_description }),
    ...(order.applied_rule_ids === null ? {} : { applied_rule_ids: order.applied_rule_ids }),
    ...(order.coupon_code === null ? {} : { coupon_code: order.coupon_code }),
    shipping_amount: order.shipping_amount,
    base_shipping_amount: order.shipping_amount,
    shipping_description: SHIPPING_DESCRIPTIONS[order.shipping_method] ?? order.shipping_method,
    grand_total: order.grand_total,
    base_grand_total: order.grand_total,
    ...refunded,
    total_item_count: items.length,
    total_qty_ordered: items.reduce((sum, item) => sum + item.qty_ordered, 0),
    items: lines,
    billing_address: { address_type: 'billing', parent_id: order.entity_id, ...JSON.parse(order.billing_address) },
    payment: {
      method: order.payment_method,
      amount_ordered: order.grand_total,
      base_amount_ordered: order.grand_total,
      parent_id: order.entity_id,
      additional_information: [PAYMENT_TITLES[order.payment_method] ?? order.payment_method],
    },
    status_histories: history.map(formatHistory),
    extension_attributes: {
      shipping_assignments: [
        {
          shipping: {
            address: { address_type: 'shipping', parent_id: order.entity_id, ...JSON.parse(order.shipping_address) },
            method: order.shipping_method,
            total: { shipping_amount: order.shipping_amount, base_shipping_amount: order.shipping_amount },
          },
          items: lines,
        },
      ],
      ...(order.pickup_location_code ? { pickup_location_code: order.pickup_location_code } : {}),
      // The MSI source the order ships from, once one is chosen (as on its shipments).
      ...(order.fulfilment_source_code ? { source_code: order.fulfilment_source_code } : {}),
      ...(order.reward_points_balance > 0
        ? {
            reward_points_balance: order.reward_points_balance,
            reward_currency_amount: order.reward_currency_amount,
            reward_currency_refunded: order.reward_currency_refunded,
          }
        : {}),
    },
  };
}

/** Orders with their lines and history, each child table read once for the whole list. */
function formatOrders(db: Db, orders: OrderRow[]) {
  const ids = jsonList(orders.map((o) => o.entity_id));
  const items = groupBy(
    sql(db, 'SELECT * FROM sales_order_item WHERE order_id IN (SELECT value FROM json_each(?)) ORDER BY item_id').all(
      ids,
    ) as OrderItemRow[],
    (item) => item.order_id,
  );
  const history = groupBy(
    sql(
      db,
      `SELECT * FROM sales_order_status_history WHERE parent_id IN (SELECT value FROM json_each(?))
      ORDER BY created_at DESC, entity_id DESC`,
    ).all(ids) as HistoryRow[],
    (entry) => entry.parent_id,
  );
  return orders.map((order) => formatOrder(order, items.get(order.entity_id) ?? [], history.get(order.entity_id) ?? []));
}

function addComment(shop: Shop, orderId: number, body: unknown): true {
  const order = findOrder(shop.db, orderId);
  const input = requiredObject(body, 'status_history');
  const status = optionalString(input, 'status');
  if (status !== undefined && !KNOWN_STATUSES.includes(status)) throw invalidFieldValue('status', status);
  shop.db.transaction(() => {
    addHistory(shop, orderId, {
      comment: optionalString(input, 'comment') ?? null,
      status: status ?? order.status,
      notified: Boolean(Number(field(input, 'is_customer_notified') ?? 0)),
      visible: Boolean(Number(field(input, 'is_visible_on_front') ?? 0)),
    });
    // The label changes, the state does not: only cancel, ship and refund move an order along.
    sql(shop.db, 'UPDATE sales_order SET status = ?, updated_at = ? WHERE entity_id = ?').run(
      status ?? order.status,
      magentoTime(shop.now()),
      orderId,
    );
  })();
  return true;
}

/** Magento answers false, not an error, when the order cannot be canceled any more. */
function cancelOrder(shop: Shop, orderId: number): boolean {
  const order = findOrder(shop.db, orderId);
  const items = orderItems(shop.db, orderId);
  if (!['new', 'processing'].includes(order.state) || allLinesSettled(items)) return false;
  shop.db.transaction(() => {
    for (const item of items) {
      const remaining = qtyToShip(item);
      if (remaining === 0) continue;
      sql(shop.db, 'UPDATE sales_order_item SET qty_canceled = qty_canceled + ? WHERE item_id = ?').run(remaining, item.item_id);
      appendReservation(shop.db, { sku: item.sku, quantity: remaining, event: 'order_canceled', orderId, incrementId: order.increment_id });
    }
    setOrderState(shop, orderId, 'canceled');
  })();
  return true;
}

const shipmentError = (reason: string) => badRequest(`Shipment Document Validation Error(s):\n${reason}`);

function shipmentLines(items: OrderItemRow[], requested: unknown[] | undefined): { item: OrderItemRow; qty: number }[] {
  if (!requested || requested.length === 0)
    return items.filter((item) => qtyToShip(item) > 0).map((item) => ({ item, qty: qtyToShip(item) }));
  return requested
    .map((line) => {
      const itemId = requiredInt(line, 'order_item_id');
      const qty = requiredNumber(line, 'qty');
      const item = items.find((i) => i.item_id === itemId);
      if (!item) throw shipmentError('The shipment contains product item that is not part of the original order.');
      if (qty > qtyToShip(item))
        throw shipmentError(`The quantity to ship must not be greater than the unshipped quantity for product SKU "${item.sku}".`);
      return { item, qty };
    })
    .filter((line) => line.qty > 0);
}

/**
 * Ships from one source: deducts the source items there and appends compensating (+qty) reservations
 * for the ones placing the order appended. Fully shipped orders become complete.
 */
function shipOrder(shop: Shop, orderId: number, body: unknown): number {
  const order = findOrder(shop.db, orderId);
  const items = orderItems(shop.db, orderId);
  if (['canceled', 'closed', 'complete', 'holded'].includes(order.state) || allLinesSettled(items)) {
    throw shipmentError('The order does not allow a shipment to be created.');
  }
  const lines = shipmentLines(items, optionalArray(body, 'items'));
  if (lines.length === 0) throw shipmentError("You can't create a shipment without products.");
  // Without a source code MSI falls back to the default source, which this shop does not have.
  const sourceCode = optionalString(optionalObject(optionalObject(body, 'arguments'), 'extension_attributes'), 'source_code') ?? 'default';
  const source = findSource(shop.db, sourceCode);
  if (!source) throw sourceNotFound(sourceCode);
  const wanted = new Map<string, number>();
  for (const { item, qty } of lines) wanted.set(item.sku, (wanted.get(item.sku) ?? 0) + qty);
  for (const [sku, qty] of wanted) {
    if (sourceQuantity(shop.db, source.source_code, sku) < qty)
      throw badRequest('Not all of your products are available in the requested quantity.');
  }
  return shop.db.transaction(() => {
    const now = magentoTime(shop.now());
    const shipmentId = Number(
      sql(shop.db, 'INSERT INTO sales_shipment (order_id, source_code, created_at) VALUES (?, ?, ?)').run(orderId, source.source_code, now)
        .lastInsertRowid,
    );
    for (const { item, qty } of lines) {
      sql(shop.db, 'INSERT INTO sales_shipment_item (parent_id, order_item_id, sku, qty) VALUES (?, ?, ?, ?)').run(
        shipmentId,
        item.item_id,
        item.sku,
        qty,
      );
      sql(shop.db, 'UPDATE sales_order_item SET qty_shipped = qty_shipped + ? WHERE item_id = ?').run(qty, item.item_id);
      adjustSourceQuantity(shop.db, source.source_code, item.sku, -qty);
      appendReservation(shop.db, { sku: item.sku, quantity: qty, event: 'shipment_created', orderId, incrementId: order.increment_id });
    }
    sql(shop.db, 'UPDATE sales_order SET fulfilment_source_code = ? WHERE entity_id = ?').run(source.source_code, orderId);
    setOrderState(shop, orderId, allLinesSettled(orderItems(shop.db, orderId)) ? 'complete' : 'processing');
    return shipmentId;
  })();
}

/**
 * The order address repository's save (salesOrderAddressRepositoryV1, `PUT /V1/orders/{parent_id}`):
 * replaces the order's shipping or billing address, whatever the order's state, as the back office's
 * "Edit address" does. Which orders may still be redirected is the caller's judgement.
 */
function saveOrderAddress(shop: Shop, orderId: number, body: unknown) {
  findOrder(shop.db, orderId);
  const entity = requiredObject(body, 'entity');
  const type = optionalString(entity, 'address_type');
  if (type !== 'shipping' && type !== 'billing') throw invalidFieldValue('address_type', String(type ?? ''));
  const parent = field(entity, 'parent_id');
  if (parent !== undefined && Number(parent) !== orderId) throw invalidFieldValue('parent_id', String(parent));
  const address = readAddress(entity);
  shop.db.transaction(() => {
    sql(shop.db, `UPDATE sales_order SET ${type}_address = ?, updated_at = ? WHERE entity_id = ?`).run(
      JSON.stringify(address),
      magentoTime(shop.now()),
      orderId,
    );
  })();
  return { address_type: type, parent_id: orderId, ...address };
}

export function registerOrderRoutes(app: FastifyInstance, shop: Shop): void {
  const { db, auth } = shop;
  type ById = { Params: { id: string } };

  app.get('/orders', { config: { operation: 'orders.list' } }, async (request) => {
    auth.requireAdmin(request, 'Magento_Sales::actions_view');
    return searchResults(db, ORDER_SEARCH, request.query, { mandatory: true }, (rows: OrderRow[]) => formatOrders(db, rows));
  });

  app.get<ById>('/orders/:id', { config: { operation: 'orders.get' } }, async (request) => {
    auth.requireAdmin(request, 'Magento_Sales::actions_view');
    return formatOrders(db, [findOrder(db, pathInt(request.params.id, 'id'))])[0];
  });

  app.post<ById>('/orders/:id/comments', { config: { operation: 'orders.addComment' } }, async (request) => {
    auth.requireAdmin(request, 'Magento_Sales::comment');
    return addComment(shop, pathInt(request.params.id, 'id'), request.body);
  });

  app.put<ById>('/orders/:id', { config: { operation: 'orders.saveAddress' } }, async (request) => {
    auth.requireAdmin(request, 'Magento_Sales::actions_edit');
    return saveOrderAddress(shop, pathInt(request.params.id, 'id'), request.body);
  });

  app.post<ById>('/orders/:id/cancel', { config: { operation: 'orders.cancel' } }, async (request) => {
    auth.requireAdmin(request, 'Magento_Sales::cancel');
    return cancelOrder(shop, pathInt(request.params.id, 'id'));
  });

  app.post<ById>('/order/:id/ship', { config: { operation: 'orders.ship' } }, async (request) => {
    auth.requireAdmin(request, 'Magento_Sales::ship');
    return shipOrder(shop, pathInt(request.params.id, 'id'), request.body);
  });
}
