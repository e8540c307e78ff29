import { moneyFromMinor } from '../../lib/money';
import type { OrderStatus } from '../../lib/retail';
import type { BundleDeal, MarketplaceOrder, MarketplaceOrderLine } from './records';
import type { MarketplaceOrderStatus, WireBundleDeal, WireOrderDetail, WireOrderItem } from './wire';

/** The marketplace's answers as retail records. */

/** An answer that is not the documented one: ours to investigate, not the caller's. */
export class MarketplaceAnswerError extends Error {
  constructor(message: string) {
    super(`unexpected marketplace answer: ${message}`);
    this.name = 'MarketplaceAnswerError';
  }
}

/**
 * Its statuses in ours. The graph has no "shipped", "cancellation requested" or "return requested":
 * an order stays PROCESSING until the buyer confirms receipt (delivery can still fail), while a
 * cancellation request awaits the seller's answer (it may be rejected), and a return request keeps
 * the sale COMPLETED until a refund exists. `marketplaceStatus` keeps the finer state.
 */
const STATUSES: Record<MarketplaceOrderStatus, OrderStatus> = {
  UNPAID: 'PENDING',
  READY_TO_SHIP: 'PROCESSING',
  PROCESSED: 'PROCESSING',
  SHIPPED: 'PROCESSING',
  IN_CANCEL: 'PROCESSING',
  COMPLETED: 'COMPLETED',
  CANCELLED: 'CANCELLED',
  TO_RETURN: 'COMPLETED',
};

export function isMarketplaceStatus(value: unknown): value is MarketplaceOrderStatus {
  return typeof value === 'string' && value in STATUSES;
}

export function orderStatusOf(status: MarketplaceOrderStatus): OrderStatus {
  const ours = STATUSES[status];
  if (!ours) throw new MarketplaceAnswerError(`order status ${status}`);
  return ours;
}

/** Unix seconds as an ISO 8601 instant in UTC ("2026-11-20T03:30:00Z"). */
export function isoOfUnix(seconds: number): string {
  if (!Number.isSafeInteger(seconds)) throw new MarketplaceAnswerError(`time ${seconds}`);
  return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
}

/** An instant as the marketplace's unix seconds (rounded down). */
export const unixOf = (instant: Date): number => Math.floor(instant.getTime() / 1000);

/** Whole units of the order's currency (VND has no minor unit) as Money, never through a float. */
function amount(value: number, currency: string) {
  if (!Number.isSafeInteger(value)) throw new MarketplaceAnswerError(`amount ${value}`);
  return moneyFromMinor(BigInt(value), currency);
}

function lineOf(item: WireOrderItem, currency: string): MarketplaceOrderLine {
  const quantity = item.model_quantity_purchased;
  return {
    sku: item.model_sku,
    // Listings are per model and colour ("Áo thun Đỏ"), their models "Đỏ,M": the name with the size, as the other channels print it.
    name: item.model_name.includes(',') ? `${item.item_name} - ${item.model_name.split(',').pop()}` : item.item_name,
    quantity,
    unitPrice: amount(item.model_original_price, currency),
    discount: amount((item.model_original_price - item.model_discounted_price) * quantity, currency),
    total: amount(item.model_discounted_price * quantity, currency),
    listing: { itemId: item.item_id, modelId: item.model_id },
  };
}

const CANCELLED_BY = { buyer: 'BUYER', seller: 'SELLER', system: 'SYSTEM' } as const;

/** An order detail as a MarketplaceOrder; `members` maps a buyer's user id to the loyalty card they linked. */
export function marketplaceOrderOf(order: WireOrderDetail, members: ReadonlyMap<number, string>): MarketplaceOrder {
  const currency = order.currency;
  const lines = order.item_list.map((item) => lineOf(item, currency));
  const subtotal = order.item_list.reduce((sum, i) => sum + i.model_original_price * i.model_quantity_purchased, 0);
  const discounted = order.item_list.reduce((sum, i) => sum + i.model_discounted_price * i.model_quantity_purchased, 0);
  const cancelBy = CANCELLED_BY[order.cancel_by as keyof typeof CANCELLED_BY];
  const address = order.recipient_address;
  return {
    number: order.order_sn,
    status: orderStatusOf(order.order_status),
    marketplaceStatus: order.order_status,
    placedAt: isoOfUnix(order.create_time),
    updatedAt: isoOfUnix(order.update_time),
    // 0 means "not paid yet", not the epoch.
    paidAt: order.pay_time > 0 ? isoOfUnix(order.pay_time) : null,
    shipBy: isoOfUnix(order.ship_by_date),
    buyer: {
      marketplaceUserId: order.buyer_user_id,
      username: order.buyer_username,
      maskedName: address.name,
      maskedPhone: address.phone,
      district: address.district,
      city: address.city,
      memberCardCode: members.get(order.buyer_user_id) ?? null,
    },
    lines,
    totals: {
      subtotal: amount(subtotal, currency),
      discount: amount(subtotal - discounted, currency),
      shipping: amount(order.estimated_shipping_fee, currency),
      total: amount(order.total_amount, currency),
    },
    paymentMethod: order.payment_method,
    cashOnDelivery: order.cod,
    carrier: order.shipping_carrier,
    cancellation: cancelBy ? { by: cancelBy, reason: order.cancel_reason } : null,
  };
}

/** The longest window one order list call may cover. */
export const MAX_WINDOW_SECONDS = 15 * 86_400;

/** Inclusive unix-second windows of at most 15 days covering [from, to], each starting a second after the last ended. */
export function timeWindows(from: number, to: number): [number, number][] {
  const windows: [number, number][] = [];
  for (let start = from; start <= to; start += MAX_WINDOW_SECONDS + 1) windows.push([start, Math.min(start + MAX_WINDOW_SECONDS, to)]);
  return windows;
}

/** The rule type of a percentage bundle deal. */
export const PERCENTAGE_RULE = 2;

/** A listed bundle deal with its enabled items, and the SKUs they sell (`skusOf` an item id). */
export function bundleDealOf(
  deal: WireBundleDeal,
  status: BundleDeal['status'],
  itemIds: readonly number[],
  skusOf: (itemId: number) => readonly string[],
): BundleDeal {
  const rule = deal.bundle_deal_rule;
  return {
    id: deal.bundle_deal_id,
    name: deal.name,
    startsAt: isoOfUnix(deal.start_time),
    endsAt: isoOfUnix(deal.end_time),
    status,
    minQuantity: rule.min_amount,
    percentOff: rule.rule_type === PERCENTAGE_RULE ? rule.discount_percentage : null,
    itemIds: [...itemIds],
    skus: itemIds.flatMap((itemId) => skusOf(itemId)),
  };
}
