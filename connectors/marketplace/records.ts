import type { Money } from '../../lib/money';
import type { OrderStatus } from '../../lib/retail';
import type { MarketplaceOrderStatus } from './wire';

export type { MarketplaceOrderStatus } from './wire';

/**
 * The marketplace's records as the graph speaks them: retail statuses, `Money`, ISO 8601 times with
 * their zone, the retailer's SKUs. Buyers stay as masked as the marketplace shows them.
 */

export interface MarketplaceOrderLine {
  /** The retailer's SKU (the listing model's seller SKU). */
  sku: string;
  name: string;
  quantity: number;
  /** The listed price of one unit. */
  unitPrice: Money;
  /** What the marketplace took off the whole line. */
  discount: Money;
  total: Money;
  /** Where the line sits in the shop's listings. */
  listing: Listing;
}

/** The buyer as the marketplace shows a seller: name and phone masked ("Đ****y", "******51"), never more. */
export interface MarketplaceBuyer {
  marketplaceUserId: number;
  username: string;
  maskedName: string;
  maskedPhone: string;
  district: string;
  city: string;
  /** The loyalty card code the buyer gave when linking the brand membership; null for other buyers. */
  memberCardCode: string | null;
}

export interface MarketplaceOrder {
  /** The marketplace's order number (order_sn), what the buyer sees. */
  number: string;
  status: OrderStatus;
  /** The marketplace's own status, for what ours folds together (IN_CANCEL, TO_RETURN, SHIPPED). */
  marketplaceStatus: MarketplaceOrderStatus;
  placedAt: string;
  updatedAt: string;
  /** Null while unpaid. */
  paidAt: string | null;
  /** When the seller must have handed the parcel over. */
  shipBy: string;
  buyer: MarketplaceBuyer;
  lines: MarketplaceOrderLine[];
  totals: { subtotal: Money; discount: Money; shipping: Money; total: Money };
  paymentMethod: string;
  cashOnDelivery: boolean;
  carrier: string;
  cancellation: { by: 'BUYER' | 'SELLER' | 'SYSTEM'; reason: string } | null;
}

/** A window of orders changed (by `update_time`) or placed (by `create_time`). */
export interface OrderTimeRange {
  from: Date;
  to: Date;
  by: 'UPDATED' | 'PLACED';
}

/** A listing model: the marketplace's ids for one of the retailer's SKUs. */
export interface Listing {
  itemId: number;
  modelId: number;
}

/** A SKU's stock on the marketplace: what it may sell now, and what open orders hold. */
export interface MarketplaceStock {
  sku: string;
  available: number;
  reserved: number;
}

export interface StockUpdateResult {
  updated: { sku: string; available: number }[];
  /** SKUs the marketplace did not take: not listed there, or refused per model. */
  failed: { sku: string; reason: string }[];
}

/** A buyer who linked their marketplace account to the loyalty programme. */
export interface BrandMember {
  marketplaceUserId: number;
  cardCode: string;
  linkedAt: string;
}

/** An order status push (a new order arrives as UNPAID). */
export interface OrderStatusPush {
  shopId: number;
  number: string;
  status: OrderStatus;
  marketplaceStatus: MarketplaceOrderStatus;
  /** Several changes in one second share it: order pushes by it, then re-read the order. */
  updatedAt: string;
}
