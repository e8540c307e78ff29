import { decodeId, encodeId } from '../../lib/ids';
import type { Money } from '../../lib/money';
import type { FulfilmentMethod, OrderStatus } from '../../lib/retail';
import type { Buyer } from './promotions';

/**
 * The web shop's records as the graph speaks them (retail terms, `Money`, ISO 8601 times), and the
 * opaque ids the connector mints for them.
 */

// Catalogue

export interface CatalogProduct {
  sku: string;
  name: string;
  gtin: string | null;
  color: string | null;
  size: string | null;
  categoryId: number | null;
  price: Money;
  /** A special price and the instants it runs from and to (open-ended when null). */
  specialPrice: { price: Money; from: string | null; to: string | null } | null;
}

/**
 * What the variant sells for at an instant: the special price inside its dates (as the shop's
 * carts charge it), with the regular price beside it as the compare-at price.
 */
export function priceAt(product: CatalogProduct, at: Date): { price: Money; compareAtPrice: Money | null } {
  const special = product.specialPrice;
  const runs =
    special !== null &&
    (special.from === null || Date.parse(special.from) <= at.getTime()) &&
    (special.to === null || at.getTime() <= Date.parse(special.to));
  return runs ? { price: special.price, compareAtPrice: product.price } : { price: product.price, compareAtPrice: null };
}

/** A product as a save left it, with the instant of that save (ISO 8601, to Magento's second). */
export interface CatalogChange {
  product: CatalogProduct;
  updatedAt: string;
}

export interface Category {
  id: number;
  name: string;
}

export interface CatalogPage {
  items: CatalogProduct[];
  totalCount: number;
}

// Web accounts

export interface WebCustomer {
  id: number;
  email: string;
  createdAt: string;
}

/** A web account as a directory of who is who needs it: family name first, phones from its addresses as typed. */
export interface WebAccountRecord {
  id: number;
  name: string;
  email: string;
  phones: string[];
  addresses: { street: string | null; city: string | null }[];
  /** ISO 8601 with zone. */
  updatedAt: string;
}

// Carts and checkout

export interface WebCartLine {
  sku: string;
  quantity: number;
  unitPrice: Money;
}

export interface WebCart {
  id: string;
  customerId: number | null;
  updatedAt: string;
  lines: WebCartLine[];
  subtotal: Money;
}

/**
 * A customer's cart is reached by its quote id; a guest cart only by its masked id, the one secret a
 * guest holds (its quote id would let anyone read and change it).
 */
export type CartRef = { kind: 'customer'; quoteId: number } | { kind: 'guest'; maskedId: string };

/** Every cart the graph hands out: the lines with their ids in the shop, whether it is still open, whose it is. */
export interface WebCartDetail extends WebCart {
  ref: CartRef;
  /** The shop's number for the cart, guest or not: what an order placed from it records. */
  quoteId: number;
  /** False once its order was placed. */
  active: boolean;
  /** The web account it belongs to (customerId, by the name the writes use); null for a guest cart. */
  webCustomerId: number | null;
  /** The account's email, or a guest's once the shipping address gave one. */
  email: string | null;
  /** Who buys, for the promotions: a guest, a signed-in customer, or a loyalty member (the account's customer group). */
  buyer: Buyer;
  lines: (WebCartLine & { itemId: number })[];
}

export interface ShippingAddress {
  firstName: string;
  lastName: string;
  street: string[];
  city: string;
  countryCode: 'VN';
  phone: string;
  email: string;
}

export interface ShippingChoice {
  method: 'SHIP' | 'PICKUP';
  /** The store's web shop source, `store_<n>`: where a click & collect order waits. */
  pickupSourceCode?: string;
  address: ShippingAddress;
}

export type PaymentMethod = 'checkmo' | 'cashondelivery';

// Orders

export interface WebOrderLine {
  sku: string;
  name: string;
  quantity: number;
  unitPrice: Money;
  discount: Money;
  total: Money;
}

export interface StatusChange {
  status: OrderStatus;
  at: string;
  note: string | null;
}

export interface WebOrderRecord {
  /** The increment id: what the customer sees on the confirmation. */
  number: string;
  customerId: number | null;
  email: string;
  placedAsGuest: boolean;
  placedAt: string;
  status: OrderStatus;
  /** Oldest first. */
  statusHistory: StatusChange[];
  lines: WebOrderLine[];
  totals: { subtotal: Money; discount: Money; shipping: Money; total: Money; refunded: Money };
  fulfilment: { method: FulfilmentMethod; locationId: string | null };
}

export interface OrderPage {
  items: WebOrderRecord[];
  totalCount: number;
}

// The opaque ids the graph hands out for them (lib/ids)

export const webOrderId = (incrementId: string) => encodeId('WebOrder', incrementId);
export const cartId = (quoteId: number) => encodeId('Cart', String(quoteId));
export const webAccountId = (customerId: number) => encodeId('WebAccount', String(customerId));

const GUEST_PREFIX = 'guest-';

/** A cart's opaque id: `Cart:<quote id>` for a customer's cart, `Cart:guest-<masked id>` for a guest's. */
export function cartIdOf(ref: CartRef): string {
  return ref.kind === 'customer' ? cartId(ref.quoteId) : encodeId('Cart', `${GUEST_PREFIX}${ref.maskedId}`);
}

/** The cart an opaque id names, or null for anything that is not a cart id. */
export function cartRefOf(id: string): CartRef | null {
  const key = decodeId('Cart', id);
  if (key === null) return null;
  if (/^[1-9]\d{0,9}$/.test(key)) return { kind: 'customer', quoteId: Number(key) };
  const masked = key.startsWith(GUEST_PREFIX) ? key.slice(GUEST_PREFIX.length) : '';
  // Magento masks quote ids as 32 hex characters.
  return /^[0-9a-f]{32}$/i.test(masked) ? { kind: 'guest', maskedId: masked } : null;
}

/** What a profile change asks of a web account; what is left out stays as it is. */
export interface WebAccountChange {
  email?: string;
  /** E.164: the telephone of every address in the account's address book. */
  phone?: string;
  /** The new default delivery address. */
  address?: { firstName: string; lastName: string; street: string[]; city: string; phone: string };
  /** The newsletter subscription: the web shop's form of consent to marketing email. */
  newsletter?: boolean;
}
