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

/** A listed SKU with its listing's ids. */
export interface ListedSku extends Listing {
  sku: string;
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

/** A bundle deal on the marketplace: buy `minQuantity` units of its listings together, for less. */
export interface BundleDeal {
  /** The marketplace's bundle deal id. */
  id: number;
  /** The seller's name for it (buyers see the deal, not its name). */
  name: string;
  startsAt: string;
  endsAt: string;
  /** Not started yet, or running; ended deals are not listed. */
  status: 'UPCOMING' | 'ONGOING';
  /** Units of its listings, any mix, that make one group. */
  minQuantity: number;
  /** Whole percent off every unit of a full group; null for a deal at a fixed price or an amount off the group. */
  percentOff: number | null;
  /** Its listings (item ids), enabled ones only. */
  itemIds: number[];
  /** The retailer's SKUs those listings sell (their models' seller SKUs). */
  skus: string[];
}

/** A percentage bundle deal to create. The marketplace takes no start in the past and runs a deal at least an hour. */
export interface NewBundleDeal {
  name: string;
  startsAt: Date;
  endsAt: Date;
  minQuantity: number;
  /** Whole percent, 1 to 99. */
  percentOff: number;
  /** Listings (item ids) in it. */
  itemIds: readonly number[];
  /** Groups one buyer may buy over their orders; 0 (default) for no limit. */
  purchaseLimit?: number;
}

/** Listings a bundle deal took or let go, and those the marketplace refused one by one (not listed, in another deal at that time). */
export interface BundleDealItemsResult {
  changed: number[];
  failed: { itemId: number; reason: string }[];
}
