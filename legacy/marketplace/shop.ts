import { randomBytes } from 'node:crypto';
import type { Db } from '../kit/db';
import type { MarketplaceOrderStatus } from '../seed/model';
import { bundlePrices } from './bundle-deals';
import { MarketplaceError, notFound, paramError, statusError, wholeNumber } from './errors';
import { trackingNumber } from './store';

export const ORDER_STATUSES: readonly MarketplaceOrderStatus[] = [
  'UNPAID',
  'READY_TO_SHIP',
  'PROCESSED',
  'SHIPPED',
  'COMPLETED',
  'IN_CANCEL',
  'CANCELLED',
  'TO_RETURN',
];
/** Days the seller has from payment to hand the parcel over. */
const DAYS_TO_SHIP = 2;
export const MAX_WINDOW_SECONDS = 15 * 86_400;
export const MAX_PAGE_SIZE = 100;
export const MAX_DETAIL_BATCH = 50;
const DETAIL_FIELDS = new Set([
  'buyer_user_id',
  'buyer_username',
  'recipient_address',
  'item_list',
  'pay_time',
  'total_amount',
  'payment_method',
  'estimated_shipping_fee',
  'shipping_carrier',
  'cancel_by',
  'cancel_reason',
]);
/** Orders whose stock the marketplace holds until they ship or are cancelled. */
const OPEN = ['UNPAID', 'READY_TO_SHIP', 'PROCESSED', 'IN_CANCEL'];

interface OrderRow {
  order_sn: string;
  buyer_user_id: number;
  buyer_username: string;
  recipient_name: string;
  recipient_phone: string;
  recipient_street: string;
  recipient_district: string;
  recipient_city: string;
  order_status: MarketplaceOrderStatus;
  status_before_cancel: MarketplaceOrderStatus | null;
  create_time: number;
  update_time: number;
  pay_time: number | null;
  payment_method: string;
  shipping_fee: number;
  total_amount: number;
  cancel_by: string | null;
  cancel_reason: string | null;
  tracking_number: string | null;
}

interface LineRow {
  item_id: number;
  item_name: string;
  item_sku: string;
  model_id: number;
  model_name: string;
  model_sku: string;
  quantity: number;
  original_price: number;
  discounted_price: number;
}

interface ModelRow {
  model_id: number;
  item_id: number;
  model_sku: string;
  model_name: string;
  price: number;
  seller_stock: number;
}

/** Buyer data as the marketplace shows sellers: the name's first and last letter, the phone's last two digits. */
export const maskName = (name: string) => (name.length <= 2 ? '****' : `${name[0]}****${name[name.length - 1]}`);
export const maskPhone = (phone: string) => `******${phone.slice(-2)}`;

const required = (value: number | undefined, name: string) => {
  if (value === undefined) throw paramError(`Missing ${name}.`);
  return value;
};

/** Calls `onStatus` after each committed status change: the push notifier listens. */
export type StatusListener = (orderSn: string, status: MarketplaceOrderStatus, updateTime: number) => void;

/** One shop's orders, listings and stock: the seller API's reads and writes and the buyer's side of an order. */
export class MarketplaceShopService {
  readonly shopId: number;

  constructor(
    private readonly db: Db,
    private readonly onStatus: StatusListener,
  ) {
    this.shopId = (db.prepare('SELECT shop_id FROM shop').get() as { shop_id: number }).shop_id;
  }

  orderList(query: Record<string, unknown>) {
    const field = query.time_range_field;
    if (field !== 'create_time' && field !== 'update_time') throw paramError('time_range_field should be create_time or update_time.');
    const from = required(wholeNumber(query.time_from, 'time_from'), 'time_from');
    const to = required(wholeNumber(query.time_to, 'time_to'), 'time_to');
    if (to < from) throw paramError('time_to should be later than time_from.');
    if (to - from > MAX_WINDOW_SECONDS) throw paramError('The time range between time_from and time_to should not exceed 15 days.');
    const pageSize = required(wholeNumber(query.page_size, 'page_size'), 'page_size');
    if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) throw paramError('page_size should be between 1 and 100.');
    const offset = wholeNumber(query.cursor, 'cursor') ?? 0;
    if (offset < 0) throw paramError('Invalid cursor.');
    const status = query.order_status;
    if (status !== undefined && !ORDER_STATUSES.includes(status as MarketplaceOrderStatus)) throw paramError('Invalid order_status.');
    const withStatus = String(query.response_optional_fields ?? '')
      .split(',')
      .includes('order_status');
    // The cursor is an offset into the window, newest first: a window that changes while it is read shifts its pages.
    const rows = this.db
      .prepare(
        `SELECT order_sn, order_status FROM buyer_order WHERE ${field} BETWEEN ? AND ? ${status ? 'AND order_status = ?' : ''}
         ORDER BY ${field} DESC, order_sn DESC LIMIT ? OFFSET ?`,
      )
      .all(...[from, to, ...(status ? [status] : []), pageSize + 1, offset]) as { order_sn: string; order_status: string }[];
    const more = rows.length > pageSize;
    return {
      more,
      next_cursor: more ? String(offset + pageSize) : '',
      order_list: rows
        .slice(0, pageSize)
        .map((r) => (withStatus ? { order_sn: r.order_sn, order_status: r.order_status } : { order_sn: r.order_sn })),
    };
  }

  orderDetail(query: Record<string, unknown>) {
    const sns = String(query.order_sn_list ?? '')
      .split(',')
      .map((sn) => sn.trim())
      .filter(Boolean);
    if (sns.length === 0 || sns.length > MAX_DETAIL_BATCH) throw paramError('order_sn_list should contain 1 to 50 order_sn.');
    const fields = String(query.response_optional_fields ?? '')
      .split(',')
      .map((f) => f.trim())
      .filter(Boolean);
    const unknownField = fields.find((f) => !DETAIL_FIELDS.has(f));
    if (unknownField) throw paramError(`Invalid response_optional_fields: ${unknownField}.`);
    const want = new Set(fields);
    const select = this.db.prepare('SELECT * FROM buyer_order WHERE order_sn = ?');
    const rows = sns.map((sn) => select.get(sn) as OrderRow | undefined);
    const missing = sns.filter((_, i) => rows[i] === undefined);
    if (missing.length === sns.length) throw notFound(`order_sn not found: ${missing.join(',')}.`);
    const order_list = rows.filter((r): r is OrderRow => r !== undefined).map((r) => this.detailOf(r, want));
    return { order_list, ...(missing.length > 0 ? { warning: missing.map((sn) => `order_sn ${sn} not found`) } : {}) };
  }

  private detailOf(r: OrderRow, want: Set<string>): Record<string, unknown> {
    const detail: Record<string, unknown> = {
      order_sn: r.order_sn,
      region: 'VN',
      currency: 'VND',
      cod: r.payment_method === 'COD',
      order_status: r.order_status,
      create_time: r.create_time,
      update_time: r.update_time,
      days_to_ship: DAYS_TO_SHIP,
      ship_by_date: (r.pay_time ?? r.create_time) + DAYS_TO_SHIP * 86_400,
      message_to_seller: '',
    };
    if (want.has('buyer_user_id')) detail.buyer_user_id = r.buyer_user_id;
    if (want.has('buyer_username')) detail.buyer_username = r.buyer_username;
    if (want.has('pay_time')) detail.pay_time = r.pay_time ?? 0;
    if (want.has('total_amount')) detail.total_amount = r.total_amount;
    if (want.has('payment_method')) detail.payment_method = r.payment_method === 'COD' ? 'Cash on Delivery' : r.payment_method;
    if (want.has('estimated_shipping_fee')) detail.estimated_shipping_fee = r.shipping_fee;
    if (want.has('shipping_carrier')) detail.shipping_carrier = 'SPX Express';
    if (want.has('cancel_by')) detail.cancel_by = r.cancel_by ?? '';
    if (want.has('cancel_reason')) detail.cancel_reason = r.cancel_reason ?? '';
    if (want.has('recipient_address'))
      detail.recipient_address = {
        name: maskName(r.recipient_name),
        phone: maskPhone(r.recipient_phone),
        town: '',
        district: r.recipient_district,
        city: r.recipient_city,
        state: r.recipient_city,
        region: 'VN',
        zipcode: '',
        full_address: `******, ${r.recipient_district}, ${r.recipient_city}`,
      };
    if (want.has('item_list'))
      detail.item_list = (
        this.db
          .prepare(
            `SELECT l.item_id, i.item_name, i.item_sku, l.model_id, m.model_name, m.model_sku, l.quantity, l.original_price, l.discounted_price
             FROM order_item l JOIN item i ON i.item_id = l.item_id JOIN model m ON m.model_id = l.model_id
             WHERE l.order_sn = ? ORDER BY l.line`,
          )
          .all(r.order_sn) as LineRow[]
      ).map((l) => ({
        item_id: l.item_id,
        item_name: l.item_name,
        item_sku: l.item_sku,
        model_id: l.model_id,
        model_name: l.model_name,
        model_sku: l.model_sku,
        model_quantity_purchased: l.quantity,
        model_original_price: l.original_price,
        model_discounted_price: l.discounted_price,
      }));
    return detail;
  }

  private order(orderSn: unknown): OrderRow {
    if (typeof orderSn !== 'string' || orderSn === '') throw paramError('Missing order_sn.');
    const row = this.db.prepare('SELECT * FROM buyer_order WHERE order_sn = ?').get(orderSn) as OrderRow | undefined;
    if (!row) throw notFound(`order_sn not found: ${orderSn}.`);
    return row;
  }

  /** Moves an order on when it is in one of `from`; the listener hears of it once committed. */
  private move(
    orderSn: unknown,
    from: MarketplaceOrderStatus[],
    to: MarketplaceOrderStatus,
    now: number,
    module: string,
    extra: Partial<Pick<OrderRow, 'pay_time' | 'cancel_by' | 'cancel_reason' | 'tracking_number' | 'status_before_cancel'>> = {},
  ): OrderRow {
    const order = this.db.transaction(() => {
      const row = this.order(orderSn);
      if (!from.includes(row.order_status)) throw statusError(module, `Order status is ${row.order_status}, not ${from.join(' or ')}.`);
      if (to === 'CANCELLED') this.restock(row.order_sn);
      const changes = { order_status: to, update_time: now, ...extra };
      const columns = Object.keys(changes);
      this.db
        .prepare(`UPDATE buyer_order SET ${columns.map((c) => `${c} = ?`).join(', ')} WHERE order_sn = ?`)
        .run(...Object.values(changes), row.order_sn);
      return { ...row, ...changes } as OrderRow;
    })();
    this.onStatus(order.order_sn, to, now);
    return order;
  }

  private restock(orderSn: string): void {
    this.db
      .prepare(
        `UPDATE model SET seller_stock = seller_stock + (SELECT SUM(quantity) FROM order_item l WHERE l.order_sn = ? AND l.model_id = model.model_id)
         WHERE model_id IN (SELECT model_id FROM order_item WHERE order_sn = ?)`,
      )
      .run(orderSn, orderSn);
  }

  /** The seller arranges shipping: the carrier will collect the parcel (PROCESSED); its scan makes it SHIPPED. */
  shipOrder(body: Record<string, unknown>, now: number): void {
    if (typeof body.pickup !== 'object' && typeof body.dropoff !== 'object') throw paramError('One of pickup or dropoff is required.');
    const row = this.order(body.order_sn);
    this.move(row.order_sn, ['READY_TO_SHIP'], 'PROCESSED', now, 'logistics', { tracking_number: trackingNumber(row.order_sn) });
  }

  /** The seller cancels an order it cannot fulfil, before it is shipped. */
  cancelOrder(body: Record<string, unknown>, now: number): { update_time: number } {
    const reason = body.cancel_reason;
    if (reason !== 'OUT_OF_STOCK' && reason !== 'CUSTOMER_REQUEST' && reason !== 'UNDELIVERABLE_AREA')
      throw paramError('Invalid cancel_reason.');
    this.move(body.order_sn, ['UNPAID', 'READY_TO_SHIP'], 'CANCELLED', now, 'order', { cancel_by: 'seller', cancel_reason: reason });
    return { update_time: now };
  }

  /** The seller answers a buyer's cancellation request: accepted, the order is cancelled; rejected, it goes on. */
  handleBuyerCancellation(body: Record<string, unknown>, now: number): { order_status: MarketplaceOrderStatus } {
    const operation = body.operation;
    if (operation !== 'ACCEPT' && operation !== 'REJECT') throw paramError('operation should be ACCEPT or REJECT.');
    const row = this.order(body.order_sn);
    const to = operation === 'ACCEPT' ? 'CANCELLED' : (row.status_before_cancel ?? 'READY_TO_SHIP');
    const extra = operation === 'ACCEPT' ? { cancel_by: 'buyer', cancel_reason: 'Buyer requested' } : {};
    this.move(row.order_sn, ['IN_CANCEL'], to, now, 'order', { ...extra, status_before_cancel: null });
    return { order_status: to };
  }

  // The buyer's side, driven through the admin API.

  placeOrder(
    input: {
      buyerUserId: number;
      buyerUsername: string;
      recipient: { name: string; phone: string; street: string; district: string; city: string };
      lines: { modelSku: string; quantity: number }[];
      paymentMethod: string;
    },
    now: number,
  ): string {
    const orderSn = this.db.transaction(() => {
      const lines = input.lines.map((line) => {
        const model = this.db.prepare('SELECT * FROM model WHERE model_sku = ?').get(line.modelSku) as ModelRow | undefined;
        if (!model) throw notFound(`No listing sells ${line.modelSku}.`);
        if (!Number.isInteger(line.quantity) || line.quantity < 1) throw paramError('Invalid quantity.');
        const taken = this.db
          .prepare('UPDATE model SET seller_stock = seller_stock - ? WHERE model_id = ? AND seller_stock >= ?')
          .run(line.quantity, model.model_id, line.quantity);
        if (taken.changes === 0) throw new MarketplaceError(409, 'out_of_stock', `${line.modelSku}: only ${model.seller_stock} in stock.`);
        return { model, quantity: line.quantity };
      });
      // Numbered as the marketplace does: the store-local day, then eight random letters and digits.
      const day = new Date((now + 7 * 3_600) * 1000).toISOString().slice(2, 10).replace(/-/g, '');
      const sn = `${day}${randomBytes(8)
        .toString('base64')
        .replace(/[^A-Za-z0-9]/g, '0')
        .toUpperCase()
        .slice(0, 8)}`;
      const r = input.recipient;
      const shippingFee = 22_000;
      // Units a running bundle deal takes are priced by it: a line may split into its deal's units and the rest.
      const parts = bundlePrices(
        this.db,
        lines.map((l) => ({ itemId: l.model.item_id, price: l.model.price, quantity: l.quantity })),
        input.buyerUserId,
        now,
      );
      const total = parts.reduce((sum, p) => sum + p.discountedPrice * p.quantity, 0) + shippingFee;
      this.db
        .prepare(
          `INSERT INTO buyer_order (order_sn, buyer_user_id, buyer_username, recipient_name, recipient_phone, recipient_street, recipient_district,
             recipient_city, order_status, create_time, update_time, payment_method, shipping_fee, total_amount)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'UNPAID', ?, ?, ?, ?, ?)`,
        )
        .run(
          sn,
          input.buyerUserId,
          input.buyerUsername,
          r.name,
          r.phone,
          r.street,
          r.district,
          r.city,
          now,
          now,
          input.paymentMethod,
          shippingFee,
          total,
        );
      parts.forEach((p, i) => {
        const { model } = lines[p.line];
        this.db
          .prepare(
            `INSERT INTO order_item (order_sn, line, item_id, model_id, quantity, original_price, discounted_price, bundle_deal_id)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(sn, i + 1, model.item_id, model.model_id, p.quantity, model.price, p.discountedPrice, p.bundleDealId);
      });
      return sn;
    })();
    this.onStatus(orderSn, 'UNPAID', now);
    return orderSn;
  }

  pay(orderSn: string, now: number): void {
    this.move(orderSn, ['UNPAID'], 'READY_TO_SHIP', now, 'order', { pay_time: now });
  }

  /** Before payment the cancellation is immediate; after it, the seller must answer the request (IN_CANCEL). */
  buyerCancel(orderSn: string, now: number): void {
    const row = this.order(orderSn);
    if (row.order_status === 'UNPAID')
      this.move(orderSn, ['UNPAID'], 'CANCELLED', now, 'order', { cancel_by: 'buyer', cancel_reason: 'Change of mind' });
    else this.move(orderSn, ['READY_TO_SHIP', 'PROCESSED'], 'IN_CANCEL', now, 'order', { status_before_cancel: row.order_status });
  }

  /** The carrier scans the parcel at collection. */
  pickup(orderSn: string, now: number): void {
    this.move(orderSn, ['PROCESSED'], 'SHIPPED', now, 'logistics');
  }

  complete(orderSn: string, now: number): void {
    this.move(orderSn, ['SHIPPED'], 'COMPLETED', now, 'order');
  }

  requestReturn(orderSn: string, now: number): void {
    this.move(orderSn, ['SHIPPED', 'COMPLETED'], 'TO_RETURN', now, 'returns');
  }

  // Listings and stock.

  itemList(query: Record<string, unknown>) {
    if (query.item_status !== 'NORMAL') throw paramError('item_status should be NORMAL.');
    const offset = wholeNumber(query.offset, 'offset') ?? 0;
    const pageSize = required(wholeNumber(query.page_size, 'page_size'), 'page_size');
    if (pageSize < 1 || pageSize > MAX_PAGE_SIZE || offset < 0) throw paramError('page_size should be between 1 and 100.');
    const total = (this.db.prepare("SELECT COUNT(*) AS n FROM item WHERE item_status = 'NORMAL'").get() as { n: number }).n;
    const item = this.db
      .prepare("SELECT item_id, item_status, update_time FROM item WHERE item_status = 'NORMAL' ORDER BY item_id LIMIT ? OFFSET ?")
      .all(pageSize, offset);
    const hasNext = offset + pageSize < total;
    return { item, total_count: total, has_next_page: hasNext, next_offset: hasNext ? offset + pageSize : 0 };
  }

  modelList(query: Record<string, unknown>) {
    const itemId = required(wholeNumber(query.item_id, 'item_id'), 'item_id');
    if (!this.db.prepare('SELECT 1 FROM item WHERE item_id = ?').get(itemId)) throw notFound(`item_id not found: ${itemId}.`);
    const models = this.db.prepare('SELECT * FROM model WHERE item_id = ? ORDER BY position').all(itemId) as ModelRow[];
    const reserved = this.db.prepare(
      `SELECT COALESCE(SUM(l.quantity), 0) AS n FROM order_item l JOIN buyer_order o ON o.order_sn = l.order_sn
       WHERE l.model_id = ? AND o.order_status IN (${OPEN.map(() => '?').join(', ')})`,
    );
    const colours = [...new Set(models.map((m) => m.model_name.split(',')[0]))];
    const sizes = [...new Set(models.map((m) => m.model_name.split(',')[1]))];
    return {
      tier_variation: [
        { name: 'Màu sắc', option_list: colours.map((option) => ({ option })) },
        { name: 'Kích cỡ', option_list: sizes.map((option) => ({ option })) },
      ],
      model: models.map((m) => {
        const [colour, size] = m.model_name.split(',');
        return {
          model_id: m.model_id,
          model_sku: m.model_sku,
          model_name: m.model_name,
          tier_index: [colours.indexOf(colour), sizes.indexOf(size)],
          price_info: [{ currency: 'VND', current_price: m.price, original_price: m.price }],
          stock_info_v2: {
            summary_info: {
              total_reserved_stock: (reserved.get(m.model_id, ...OPEN) as { n: number }).n,
              total_available_stock: m.seller_stock,
            },
            seller_stock: [{ location_id: '', stock: m.seller_stock }],
          },
        };
      }),
    };
  }

  /** Sets the quantity the marketplace sells from, per model; models not in the item fail alone. */
  updateStock(body: Record<string, unknown>, now: number) {
    const itemId = required(wholeNumber(body.item_id, 'item_id'), 'item_id');
    const list = body.stock_list;
    if (!Array.isArray(list) || list.length === 0 || list.length > 50) throw paramError('stock_list should contain 1 to 50 models.');
    const updates = list.map((entry: { model_id?: unknown; seller_stock?: unknown }) => {
      const modelId = required(wholeNumber(entry?.model_id, 'model_id'), 'model_id');
      const stock = Array.isArray(entry.seller_stock)
        ? wholeNumber((entry.seller_stock[0] as { stock?: unknown })?.stock, 'stock')
        : undefined;
      if (stock === undefined || stock < 0) throw paramError('seller_stock should be [{"stock": a whole number >= 0}].');
      return { modelId, stock };
    });
    return this.db.transaction(() => {
      if (!this.db.prepare('SELECT 1 FROM item WHERE item_id = ?').get(itemId)) throw notFound(`item_id not found: ${itemId}.`);
      const set = this.db.prepare('UPDATE model SET seller_stock = ? WHERE model_id = ? AND item_id = ?');
      const success_list: unknown[] = [];
      const failure_list: unknown[] = [];
      for (const { modelId, stock } of updates) {
        if (set.run(stock, modelId, itemId).changes === 1) success_list.push({ model_id: modelId, location_id: '', stock });
        else failure_list.push({ model_id: modelId, failed_reason: 'Model not found under this item.' });
      }
      this.db.prepare('UPDATE item SET update_time = ? WHERE item_id = ?').run(now, itemId);
      return { success_list, failure_list };
    })();
  }

  /** Buyers linked to the brand's membership programme, with the member id they gave (the loyalty card code). */
  memberList(query: Record<string, unknown>) {
    const pageSize = wholeNumber(query.page_size, 'page_size') ?? MAX_PAGE_SIZE;
    if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) throw paramError('page_size should be between 1 and 100.');
    const offset = wholeNumber(query.cursor, 'cursor') ?? 0;
    const rows = this.db
      .prepare('SELECT buyer_user_id, member_id, link_time FROM brand_member ORDER BY link_time, buyer_user_id LIMIT ? OFFSET ?')
      .all(pageSize + 1, offset);
    const more = rows.length > pageSize;
    return { more, next_cursor: more ? String(offset + pageSize) : '', member_list: rows.slice(0, pageSize) };
  }

  /** The listing selling a SKU, for the admin API's buyer. */
  modelBySku(sku: string): ModelRow | undefined {
    return this.db.prepare('SELECT * FROM model WHERE model_sku = ?').get(sku) as ModelRow | undefined;
  }
}
