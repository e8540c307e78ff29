import type { FastifyInstance } from 'fastify';
import type { Db } from '../kit/db';
import { badRequest, entityNotFound } from './errors';
import { CURRENCY, formatVnd, magentoTime, money, STORE_ID } from './format';
import { optionalArray, optionalNumber, optionalObject, pathInt, requiredInt, requiredNumber } from './input';
import { adjustSourceQuantity, appendReservation } from './inventory';
import { addHistory, allLinesSettled, findOrder, OrderItemRow, orderItems, qtyToShip, setOrderState } from './orders';
import { rewardRefundOf } from './reward';
import { incrementIdFor } from './sales';
import { searchResults, SearchSpec } from './search';
import type { Shop } from './shop';
import { groupBy, jsonList, sql } from './statements';

const RESOURCE = 'Magento_Sales::creditmemo';

interface MemoRow {
  entity_id: number;
  order_id: number;
  increment_id: string;
  subtotal: number;
  discount_amount: number;
  shipping_amount: number;
  grand_total: number;
  reward_points_balance: number;
  reward_currency_amount: number;
  created_at: string;
  updated_at: string;
}

interface MemoItemRow {
  entity_id: number;
  parent_id: number;
  order_item_id: number;
  sku: string;
  name: string;
  qty: number;
  price: number;
  row_total: number;
  discount_amount: number;
}

interface RefundLine {
  item: OrderItemRow;
  qty: number;
  rowTotal: number;
  discount: number;
}

const CREDITMEMO_SEARCH: SearchSpec = {
  from: 'sales_creditmemo',
  select: '*',
  key: 'entity_id',
  fields: {
    entity_id: { column: 'entity_id', type: 'int' },
    order_id: { column: 'order_id', type: 'int' },
    increment_id: { column: 'increment_id', type: 'text' },
    grand_total: { column: 'grand_total', type: 'number' },
    created_at: { column: 'created_at', type: 'text' },
    updated_at: { column: 'updated_at', type: 'text' },
  },
};

/** Credit memo state 2 = refunded (offline refunds complete at once). */
const STATE_REFUNDED = 2;

function formatMemos(db: Db, memos: MemoRow[]) {
  const items = groupBy(
    sql(db, 'SELECT * FROM sales_creditmemo_item WHERE parent_id IN (SELECT value FROM json_each(?)) ORDER BY entity_id').all(
      jsonList(memos.map((m) => m.entity_id)),
    ) as MemoItemRow[],
    (item) => item.parent_id,
  );
  return memos.map((memo) => ({
    entity_id: memo.entity_id,
    order_id: memo.order_id,
    increment_id: memo.increment_id,
    state: STATE_REFUNDED,
    store_id: STORE_ID,
    created_at: memo.created_at,
    updated_at: memo.updated_at,
    base_currency_code: CURRENCY,
    order_currency_code: CURRENCY,
    subtotal: memo.subtotal,
    base_subtotal: memo.subtotal,
    discount_amount: memo.discount_amount,
    base_discount_amount: memo.discount_amount,
    shipping_amount: memo.shipping_amount,
    base_shipping_amount: memo.shipping_amount,
    adjustment: 0,
    grand_total: memo.grand_total,
    base_grand_total: memo.grand_total,
    ...(memo.reward_points_balance > 0
      ? { extension_attributes: { reward_points_balance: memo.reward_points_balance, reward_currency_amount: memo.reward_currency_amount } }
      : {}),
    items: (items.get(memo.entity_id) ?? []).map((item) => ({
      entity_id: item.entity_id,
      parent_id: item.parent_id,
      order_item_id: item.order_item_id,
      sku: item.sku,
      name: item.name,
      qty: item.qty,
      price: item.price,
      base_price: item.price,
      row_total: item.row_total,
      base_row_total: item.row_total,
      discount_amount: item.discount_amount,
    })),
    comments: [],
  }));
}

const creditmemoError = (reason: string) => badRequest(`Creditmemo Document Validation Error(s):\n${reason}`);

const refundable = (item: OrderItemRow) => item.qty_ordered - item.qty_refunded - item.qty_canceled;

function refundLine(item: OrderItemRow, qty: number): RefundLine {
  return { item, qty, rowTotal: money(item.price * qty), discount: money((item.discount_amount * qty) / item.qty_ordered) };
}

/** No items given means everything still refundable, as the credit memo factory does. */
function refundLines(items: OrderItemRow[], requested: unknown[] | undefined): RefundLine[] {
  if (!requested || requested.length === 0)
    return items.filter((item) => refundable(item) > 0).map((item) => refundLine(item, refundable(item)));
  return requested
    .map((line) => {
      const itemId = requiredInt(line, 'order_item_id');
      const qty = requiredNumber(line, 'qty');
      const item = items.find((i) => i.item_id === itemId);
      if (!item) throw creditmemoError('The creditmemo contains product item that is not part of the original order.');
      if (qty > refundable(item))
        throw creditmemoError(`The quantity to refund must not be greater than the unrefunded quantity for product SKU "${item.sku}".`);
      return refundLine(item, qty);
    })
    .filter((line) => line.qty > 0);
}

/**
 * Refunded quantity not yet shipped releases its reservation; shipped quantity goes back on the shelf of
 * the source it left from, but only for lines listed in return_to_stock_items.
 */
function restock(
  shop: Shop,
  order: { entity_id: number; increment_id: string; fulfilment_source_code: string | null },
  line: RefundLine,
  returnToStock: boolean,
): void {
  const unshipped = Math.min(line.qty, qtyToShip(line.item));
  if (unshipped > 0) {
    appendReservation(shop.db, {
      sku: line.item.sku,
      quantity: unshipped,
      event: 'creditmemo_created',
      orderId: order.entity_id,
      incrementId: order.increment_id,
    });
  }
  const shipped = line.qty - unshipped;
  if (shipped > 0 && returnToStock && order.fulfilment_source_code)
    adjustSourceQuantity(shop.db, order.fulfilment_source_code, line.item.sku, shipped);
}

/**
 * An offline refund. Shipping is refunded in full unless arguments.shipping_amount says otherwise,
 * even on a partial refund: Magento's credit memo default.
 */
function refundOrder(shop: Shop, orderId: number, body: unknown): number {
  const order = findOrder(shop.db, orderId);
  const items = orderItems(shop.db, orderId);
  if (!['processing', 'complete'].includes(order.state)) throw creditmemoError('The order does not allow a creditmemo to be created.');
  const lines = refundLines(items, optionalArray(body, 'items'));
  const args = optionalObject(body, 'arguments');
  const shippingAllowed = money(order.shipping_amount - order.shipping_refunded);
  const shipping = optionalNumber(args, 'shipping_amount') ?? shippingAllowed;
  if (shipping > shippingAllowed) throw creditmemoError(`Maximum shipping amount allowed to refund is: ${formatVnd(shippingAllowed)}`);
  if (lines.length === 0 && shipping <= 0) throw creditmemoError("You can't create a creditmemo without products.");
  const returnToStock = new Set((optionalArray(optionalObject(args, 'extension_attributes'), 'return_to_stock_items') ?? []).map(Number));
  const subtotal = money(lines.reduce((sum, line) => sum + line.rowTotal, 0));
  const discount = money(lines.reduce((sum, line) => sum + line.discount, 0));
  // What points paid of these goods goes back as points, not money.
  const reward = rewardRefundOf(order, subtotal - discount);
  const grandTotal = money(subtotal - discount + shipping - reward.amount);

  return shop.db.transaction(() => {
    const now = magentoTime(shop.now());
    const { next } = sql(shop.db, 'SELECT COALESCE(MAX(entity_id), 0) + 1 AS next FROM sales_creditmemo').get() as { next: number };
    sql(
      shop.db,
      `INSERT INTO sales_creditmemo (entity_id, order_id, increment_id, subtotal, discount_amount, shipping_amount, grand_total,
        reward_points_balance, reward_currency_amount, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(next, orderId, incrementIdFor(next), subtotal, -discount, shipping, grandTotal, reward.points, reward.amount, now, now);
    if (reward.points > 0)
      sql(shop.db, 'UPDATE sales_order SET reward_currency_refunded = reward_currency_refunded + ? WHERE entity_id = ?').run(
        reward.amount,
        orderId,
      );
    for (const line of lines) {
      const back = returnToStock.has(line.item.item_id);
      sql(
        shop.db,
        `INSERT INTO sales_creditmemo_item (parent_id, order_item_id, sku, name, qty, price, row_total, discount_amount, back_to_stock)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(next, line.item.item_id, line.item.sku, line.item.name, line.qty, line.item.price, line.rowTotal, line.discount, back ? 1 : 0);
      restock(shop, order, line, back);
      sql(
        shop.db,
        'UPDATE sales_order_item SET qty_refunded = qty_refunded + ?, amount_refunded = amount_refunded + ? WHERE item_id = ?',
      ).run(line.qty, line.rowTotal, line.item.item_id);
    }
    sql(
      shop.db,
      'UPDATE sales_order SET total_refunded = COALESCE(total_refunded, 0) + ?, shipping_refunded = shipping_refunded + ? WHERE entity_id = ?',
    ).run(grandTotal, shipping, orderId);
    const after = orderItems(shop.db, orderId);
    const state = after.every((item) => refundable(item) === 0) ? 'closed' : allLinesSettled(after) ? 'complete' : order.state;
    setOrderState(shop, orderId, state);
    addHistory(shop, orderId, { comment: `We refunded ${formatVnd(grandTotal)} offline.`, status: state });
    return next;
  })();
}

export function registerRefundRoutes(app: FastifyInstance, shop: Shop): void {
  const { db, auth } = shop;

  app.post<{ Params: { id: string } }>('/order/:id/refund', { config: { operation: 'orders.refund' } }, async (request) => {
    auth.requireAdmin(request, RESOURCE);
    return refundOrder(shop, pathInt(request.params.id, 'id'), request.body);
  });

  app.get('/creditmemos', { config: { operation: 'creditmemos.list' } }, async (request) => {
    auth.requireAdmin(request, RESOURCE);
    return searchResults(db, CREDITMEMO_SEARCH, request.query, { mandatory: true }, (rows: MemoRow[]) => formatMemos(db, rows));
  });

  app.get<{ Params: { id: string } }>('/creditmemo/:id', { config: { operation: 'creditmemos.get' } }, async (request) => {
    auth.requireAdmin(request, RESOURCE);
    const memo = sql(db, 'SELECT * FROM sales_creditmemo WHERE entity_id = ?').get(pathInt(request.params.id, 'id')) as MemoRow | undefined;
    if (!memo) throw entityNotFound();
    return formatMemos(db, [memo])[0];
  });
}
