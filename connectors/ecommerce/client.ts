import { isAxiosError } from 'axios';
import { BusinessRuleError } from '../../lib/errors';
import { decodeId, encodeId, locationId, retailStoreOfPlant, storePlant } from '../../lib/ids';
import { LegacyHttp, legacyHttpOptionsFromEnv, path } from '../../lib/http';
import { Money, money, moneyFromMinor, toMinorUnits } from '../../lib/money';
import { nameLikePatterns, skuLikePattern } from './catalog-search';
import type { FulfilmentMethod, OrderStatus } from './generated/graphql';

/**
 * The one client for the web shop (Magento 2 REST). Its quirks stop here: searchCriteria query
 * keys, page numbers that repeat the last page past the end, floats for money, zoneless UTC times,
 * negative order discounts, state/status pairs, source codes, EAV custom attributes.
 */

export type ConditionType = 'eq' | 'neq' | 'like' | 'in' | 'nin' | 'gt' | 'gteq' | 'lt' | 'lteq' | 'null' | 'notnull';

export interface Filter {
  field: string;
  value: string;
  conditionType?: ConditionType;
}

export interface Criteria {
  /** Groups are ANDed; the filters inside one group are ORed. */
  filterGroups?: Filter[][];
  sortOrders?: { field: string; direction: 'ASC' | 'DESC' }[];
  pageSize: number;
  currentPage?: number;
}

export interface SearchResults<T> {
  items: T[];
  total_count: number;
}

/** Magento's webapi maximum page size. */
export const MAX_PAGE_SIZE = 300;

/** Magento's zoneless UTC "2026-11-20 05:06:07" as ISO 8601 with its zone. */
export function magentoTimeToIso(value: string): string {
  return `${value.replace(' ', 'T')}Z`;
}

export function isoToMagentoTime(iso: string): string {
  return new Date(iso).toISOString().slice(0, 19).replace('T', ' ');
}

/** searchCriteria as Magento reads it from the query string. */
export function searchParams(criteria: Criteria): Record<string, string> {
  const params: Record<string, string> = {};
  (criteria.filterGroups ?? []).forEach((group, g) =>
    group.forEach((filter, f) => {
      const prefix = `searchCriteria[filter_groups][${g}][filters][${f}]`;
      params[`${prefix}[field]`] = filter.field;
      params[`${prefix}[value]`] = filter.value;
      params[`${prefix}[condition_type]`] = filter.conditionType ?? 'eq';
    }),
  );
  (criteria.sortOrders ?? []).forEach((order, i) => {
    params[`searchCriteria[sortOrders][${i}][field]`] = order.field;
    params[`searchCriteria[sortOrders][${i}][direction]`] = order.direction;
  });
  params['searchCriteria[pageSize]'] = String(Math.min(criteria.pageSize, MAX_PAGE_SIZE));
  params['searchCriteria[currentPage]'] = String(criteria.currentPage ?? 1);
  return params;
}

/**
 * One filter group matching any of the values. Magento splits an `in` value on commas, so values
 * that contain one are ORed in as `eq` filters of their own: still one call.
 */
export function anyOf(field: string, values: readonly (string | number)[]): Filter[] {
  const texts = [...new Set(values.map(String))];
  const plain = texts.filter((value) => !value.includes(','));
  const withComma = texts.filter((value) => value.includes(','));
  return [
    ...(plain.length > 0 ? [{ field, value: plain.join(','), conditionType: 'in' as const }] : []),
    ...withComma.map((value) => ({ field, value, conditionType: 'eq' as const })),
  ];
}

/** Which of Magento's fixed-size pages cover `limit` items from `offset`, and where in them the window starts. */
export interface PageWindow {
  pageSize: number;
  firstPage: number;
  pageCount: 1 | 2;
  skip: number;
}

/**
 * Magento pages by number, so an offset must fall on a page. The smallest page size from `limit`
 * up whose page holds the whole window costs one call; when none does, two pages of `limit` do.
 */
export function pagesCovering(offset: number, limit: number): PageWindow {
  for (let size = limit; size <= MAX_PAGE_SIZE; size += 1) {
    if ((offset % size) + limit <= size) return { pageSize: size, firstPage: Math.floor(offset / size) + 1, pageCount: 1, skip: offset % size };
  }
  return { pageSize: limit, firstPage: Math.floor(offset / limit) + 1, pageCount: 2, skip: offset % limit };
}

/** A page Magento answered: its items, or none when it was past the end (Magento repeats the last page then). */
export function itemsOfPage<T>(results: SearchResults<T>, page: number, pageSize: number): T[] {
  return (page - 1) * pageSize >= results.total_count ? [] : results.items;
}

// ---------------------------------------------------------------------------------------------
// Magento's JSON, as far as the graph reads it

export interface MagentoCustomer {
  id: number;
  email: string;
  firstname: string;
  lastname: string;
  created_at: string;
  updated_at: string;
  addresses: { telephone?: string; street?: string[]; city?: string; country_id?: string }[];
}

export interface CustomAttribute {
  attribute_code: string;
  value: string | string[];
}

export interface MagentoProduct {
  sku: string;
  name: string;
  price: number;
  custom_attributes?: CustomAttribute[];
  extension_attributes?: { category_links?: { category_id: string }[] };
}

export interface MagentoCategory {
  id: number;
  name: string;
}

export interface MagentoCart {
  id: number;
  updated_at: string;
  items: { sku: string; qty: number; price: number }[];
  customer?: { id?: number };
  currency?: { quote_currency_code?: string };
}

/** A cart with what the writes need: line ids, whether it is still open, whose it is. */
export interface MagentoCartDetail extends MagentoCart {
  is_active: boolean;
  items: { item_id: number; sku: string; qty: number; price: number }[];
  /** A guest cart's customer has only the email (null until a shipping address gives one). */
  customer?: { id?: number; email?: string | null };
}

export interface MagentoOrderItem {
  sku: string;
  name: string;
  qty_ordered: number;
  price: number;
  row_total: number;
  /** Positive on lines. */
  discount_amount: number;
}

export interface MagentoStatusHistory {
  entity_id: number;
  comment?: string;
  status?: string;
  created_at: string;
}

/** An order line with Magento's own id and how much of it has been shipped, refunded or canceled. */
export interface MagentoOrderDetailItem extends MagentoOrderItem {
  item_id: number;
  qty_shipped: number;
  qty_refunded: number;
  qty_canceled: number;
}

export interface MagentoOrder {
  increment_id: string;
  /** Absent on guest orders. */
  customer_id?: number;
  customer_email: string;
  customer_is_guest: number;
  created_at: string;
  state: string;
  status: string;
  order_currency_code: string;
  subtotal: number;
  /** Negative on orders. */
  discount_amount: number;
  shipping_amount: number;
  grand_total: number;
  /** Absent until the first credit memo. */
  total_refunded?: number;
  items: MagentoOrderItem[];
  /** Newest first. */
  status_histories?: MagentoStatusHistory[];
  extension_attributes?: {
    shipping_assignments?: { shipping?: { method?: string } }[];
    pickup_location_code?: string;
    /** The source the order ships from, when the shop reports it. */
    source_code?: string;
  };
}

/** An order as the writes work on it: its entity id (what ship, refund and cancel take), its cart, its line ids. */
export interface MagentoOrderDetail extends MagentoOrder {
  entity_id: number;
  /** The cart it was placed from; absent on orders that came in before carts were kept. */
  quote_id?: number;
  items: MagentoOrderDetailItem[];
}

// ---------------------------------------------------------------------------------------------
// The web shop's records as the graph speaks them

/** Catalogue prices carry no currency in Magento: they are in the website's base currency. */
export const BASE_CURRENCY = 'VND';

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

export interface Category {
  id: number;
  name: string;
}

export interface WebCustomer {
  id: number;
  email: string;
  createdAt: string;
}

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

/** Where the shop answers for the cart: the guest routes by masked id, the back office's by quote id. */
function cartPath(ref: CartRef): string {
  return ref.kind === 'guest' ? path`/guest-carts/${ref.maskedId}` : path`/carts/${ref.quoteId}`;
}

/** How a cart item names its cart in a request body: the masked id on guest routes, the quote id otherwise. */
const cartKey = (ref: CartRef) => (ref.kind === 'guest' ? ref.maskedId : ref.quoteId);

function attribute(product: MagentoProduct, code: string): string | null {
  const value = product.custom_attributes?.find((a) => a.attribute_code === code)?.value;
  return typeof value === 'string' && value !== '' ? value : null;
}

function categoryIdOf(product: MagentoProduct): number | null {
  const id = product.extension_attributes?.category_links?.[0]?.category_id;
  return id === undefined ? null : Number(id);
}

export function catalogProductOf(product: MagentoProduct): CatalogProduct {
  const special = attribute(product, 'special_price');
  const from = attribute(product, 'special_from_date');
  const to = attribute(product, 'special_to_date');
  return {
    sku: product.sku,
    name: product.name,
    gtin: attribute(product, 'gtin'),
    color: attribute(product, 'color'),
    size: attribute(product, 'size'),
    categoryId: categoryIdOf(product),
    price: money(product.price, BASE_CURRENCY),
    specialPrice: special === null ? null : {
      price: money(special, BASE_CURRENCY),
      from: from === null ? null : magentoTimeToIso(from),
      to: to === null ? null : magentoTimeToIso(to),
    },
  };
}

/**
 * What the variant sells for at an instant: the special price inside its dates (as the shop's
 * carts charge it), with the regular price beside it as the compare-at price.
 */
export function priceAt(product: CatalogProduct, at: Date): { price: Money; compareAtPrice: Money | null } {
  const special = product.specialPrice;
  const runs = special !== null
    && (special.from === null || Date.parse(special.from) <= at.getTime())
    && (special.to === null || at.getTime() <= Date.parse(special.to));
  return runs ? { price: special.price, compareAtPrice: product.price } : { price: product.price, compareAtPrice: null };
}

function webCustomerOf(customer: MagentoCustomer): WebCustomer {
  return { id: customer.id, email: customer.email, createdAt: magentoTimeToIso(customer.created_at) };
}

function sum(amounts: Money[], currencyCode: string): Money {
  return moneyFromMinor(amounts.reduce((total, amount) => total + toMinorUnits(amount.amount, currencyCode), 0n), currencyCode);
}

function times(amount: Money, quantity: number): Money {
  return moneyFromMinor(toMinorUnits(amount.amount, amount.currencyCode) * BigInt(quantity), amount.currencyCode);
}

export function webCartOf(cart: MagentoCart): WebCart {
  const currency = cart.currency?.quote_currency_code ?? BASE_CURRENCY;
  const lines = cart.items.map((item) => ({ sku: item.sku, quantity: Math.round(item.qty), unitPrice: money(item.price, currency) }));
  return {
    id: cartId(cart.id),
    customerId: cart.customer?.id ?? null,
    updatedAt: magentoTimeToIso(cart.updated_at),
    lines,
    subtotal: sum(lines.map((line) => times(line.unitPrice, line.quantity)), currency),
  };
}

export function webCartDetailOf(cart: MagentoCartDetail, ref: CartRef): WebCartDetail {
  const summary = webCartOf(cart);
  return {
    ...summary,
    id: cartIdOf(ref),
    ref,
    quoteId: cart.id,
    active: cart.is_active,
    webCustomerId: summary.customerId,
    email: cart.customer?.email ?? null,
    lines: summary.lines.map((line, i) => ({ ...line, itemId: cart.items[i].item_id })),
  };
}

// Order status: Magento keeps a state (the workflow stage) and a status (its label, which a comment can change).

/** How staff say a click & collect order waits at the counter, in the notes they add. */
const READY_FOR_PICKUP_NOTE = /sẵn sàng (để )?nhận|ready for pick-? ?up/iu;
/** Magento's own note on a credit memo: "We refunded ₫199,000.00 offline." */
const REFUND_NOTE = /^We refunded\b/;
const PICKUP_METHOD = 'instore_pickup';

const LABELS: Record<string, OrderStatus> = {
  pending: 'PENDING',
  pending_payment: 'PENDING',
  processing: 'PROCESSING',
  holded: 'PROCESSING',
  payment_review: 'PROCESSING',
  fraud: 'PROCESSING',
  complete: 'COMPLETED',
  canceled: 'CANCELLED',
  closed: 'REFUNDED',
};

function shippingMethodOf(order: MagentoOrder): string | null {
  return order.extension_attributes?.shipping_assignments?.[0]?.shipping?.method
    ?? (order.extension_attributes?.pickup_location_code ? PICKUP_METHOD : null);
}

const isPickup = (order: MagentoOrder) => shippingMethodOf(order) === PICKUP_METHOD;

/** A click & collect order's note that it waits at the store (notes may come in decomposed Unicode). */
const saysReadyForPickup = (order: MagentoOrder, note: string | undefined) =>
  isPickup(order) && READY_FOR_PICKUP_NOTE.test((note ?? '').normalize('NFC'));

/** Magento sends them newest first; the graph wants them oldest first. Times are fixed-width UTC text. */
function historyOldestFirst(order: MagentoOrder): MagentoStatusHistory[] {
  const byTime = (a: MagentoStatusHistory, b: MagentoStatusHistory) => (a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : 0);
  return [...(order.status_histories ?? [])].sort((a, b) => byTime(a, b) || a.entity_id - b.entity_id);
}

/** One history entry's status: its label, refined by what its note says. */
function statusOfEntry(order: MagentoOrder, entry: MagentoStatusHistory, previous: OrderStatus): OrderStatus {
  const status = entry.status === undefined ? previous : LABELS[entry.status] ?? previous;
  if (status === 'PROCESSING' && saysReadyForPickup(order, entry.comment)) return 'READY_FOR_PICKUP';
  if (status === 'COMPLETED' && REFUND_NOTE.test(entry.comment ?? '')) return 'PARTIALLY_REFUNDED';
  return status;
}

export function statusHistoryOf(order: MagentoOrder): StatusChange[] {
  let previous: OrderStatus = 'PENDING';
  return historyOldestFirst(order).map((entry) => {
    previous = statusOfEntry(order, entry, previous);
    return { status: previous, at: magentoTimeToIso(entry.created_at), note: entry.comment ?? null };
  });
}

/**
 * The order's status now. Finished orders by their state: complete (PARTIALLY_REFUNDED once a credit
 * memo took part of it back), canceled, closed (fully refunded). Open orders by their label: PENDING
 * while it says pending, else PROCESSING, or READY_FOR_PICKUP for a click & collect order whose latest
 * note says it is ready at the store.
 */
export function orderStatusOf(order: MagentoOrder): OrderStatus {
  switch (order.state) {
    case 'complete':
      return (order.total_refunded ?? 0) > 0 ? 'PARTIALLY_REFUNDED' : 'COMPLETED';
    case 'canceled':
      return 'CANCELLED';
    case 'closed':
      return 'REFUNDED';
  }
  if (order.status === 'pending') return 'PENDING';
  const latestNote = historyOldestFirst(order).reverse().find((entry) => entry.comment)?.comment;
  return saysReadyForPickup(order, latestNote) ? 'READY_FOR_PICKUP' : 'PROCESSING';
}

/** The web shop's warehouse sources as ERP plants. */
const WAREHOUSE_PLANTS: Record<string, string> = { wh_binh_duong: '1100', wh_bac_ninh: '1200', wh_da_nang: '1300' };

/** The ERP plant of a web shop source: 'store_101' is store plant 'S101'; null for a source we do not know. */
export function plantOfSource(sourceCode: string | null | undefined): string | null {
  if (!sourceCode) return null;
  const store = /^store_(\d+)$/i.exec(sourceCode);
  return store ? storePlant(store[1]) : WAREHOUSE_PLANTS[sourceCode.toLowerCase()] ?? null;
}

/** The web shop source of a store plant ('S101' is 'store_101'); null for a warehouse. */
export function storeSourceOfPlant(plant: string): string | null {
  const store = retailStoreOfPlant(plant);
  return store === null ? null : storeSourceCode(store);
}

/** The web shop's source for POS store 101: 'store_101'. */
export const storeSourceCode = (retailStoreId: string) => `store_${retailStoreId}`;

/**
 * Click & collect at its pickup store; shipped from a store source; else shipped from a warehouse
 * (without a location while the shop does not say which source ships it).
 */
export function fulfilmentOf(order: MagentoOrder): WebOrderRecord['fulfilment'] {
  const at = (plant: string | null) => (plant === null ? null : locationId(plant));
  if (isPickup(order)) return { method: 'PICKUP_IN_STORE', locationId: at(plantOfSource(order.extension_attributes?.pickup_location_code)) };
  const plant = plantOfSource(order.extension_attributes?.source_code);
  return { method: plant !== null && retailStoreOfPlant(plant) !== null ? 'SHIP_FROM_STORE' : 'SHIP_TO_HOME', locationId: at(plant) };
}

function orderLineOf(item: MagentoOrderItem, currency: string): WebOrderLine {
  const rowTotal = toMinorUnits(item.row_total, currency);
  const discount = toMinorUnits(item.discount_amount, currency);
  return {
    sku: item.sku,
    name: item.name,
    quantity: Math.round(item.qty_ordered),
    unitPrice: money(item.price, currency),
    discount: moneyFromMinor(discount, currency),
    total: moneyFromMinor(rowTotal - discount, currency),
  };
}

export function webOrderOf(order: MagentoOrder): WebOrderRecord {
  const currency = order.order_currency_code;
  const discount = toMinorUnits(order.discount_amount, currency);
  return {
    number: order.increment_id,
    customerId: order.customer_id ?? null,
    email: order.customer_email,
    placedAsGuest: order.customer_is_guest === 1 || order.customer_id === undefined,
    placedAt: magentoTimeToIso(order.created_at),
    status: orderStatusOf(order),
    statusHistory: statusHistoryOf(order),
    lines: order.items.map((item) => orderLineOf(item, currency)),
    totals: {
      subtotal: money(order.subtotal, currency),
      discount: moneyFromMinor(discount < 0n ? -discount : discount, currency),
      shipping: money(order.shipping_amount, currency),
      total: money(order.grand_total, currency),
      refunded: money(order.total_refunded ?? 0, currency),
    },
    fulfilment: fulfilmentOf(order),
  };
}

export interface CatalogPage {
  items: CatalogProduct[];
  totalCount: number;
}

export interface OrderPage {
  items: WebOrderRecord[];
  totalCount: number;
}

// ---------------------------------------------------------------------------------------------
// Refusals: Magento's 4xx answers, turned into the retail refusals the commerce subgraph acts on

type MessageParameters = (string | number)[] | Record<string, string | number>;

/** A 4xx answer: Magento's message template (what to match on) and its placeholders filled in (what to show). */
export interface Refusal {
  status: number;
  template: string;
  parameters: MessageParameters;
  message: string;
}

/** Fills Magento's `%1` (positional) and `%fieldName` (named) placeholders. */
function fillPlaceholders(template: string, parameters: MessageParameters): string {
  if (Array.isArray(parameters)) return template.replace(/%(\d+)/g, (match, n: string) => String(parameters[Number(n) - 1] ?? match));
  return template.replace(/%([A-Za-z_]\w*)/g, (match, name: string) => (name in parameters ? String(parameters[name]) : match));
}

/** The refusal inside a failed call, or null when it is not one (LegacyHttp already turned outages into SystemUnavailableError). */
export function refusalOf(error: unknown): Refusal | null {
  if (!isAxiosError(error) || !error.response || error.response.status < 400 || error.response.status >= 500) return null;
  const body = error.response.data as { message?: unknown; parameters?: MessageParameters } | undefined;
  if (typeof body?.message !== 'string') return null;
  const parameters = body.parameters ?? [];
  return { status: error.response.status, template: body.message, parameters, message: fillPlaceholders(body.message, parameters) };
}

const isMissing = (refusal: Refusal, fieldName: string) =>
  refusal.template === 'No such entity with %fieldName = %fieldValue' && !Array.isArray(refusal.parameters) && refusal.parameters.fieldName === fieldName;

/** Magento's "document validation" refusals (shipments, credit memos): a header line, then one reason a line. */
const reasonsOf = (refusal: Refusal) => refusal.message.split('\n').slice(1).join(' ').trim() || refusal.message;

const STOCK_REFUSALS = ['The requested qty is not available', 'Product that you are trying to add is not available.'];

/** Refusals of the cart and checkout routes, the same on the guest routes and the back office's. */
function cartRefusal(refusal: Refusal): BusinessRuleError | null {
  if (STOCK_REFUSALS.includes(refusal.template)) return new BusinessRuleError('INSUFFICIENT_STOCK', 'Not enough stock is available for the quantity asked.');
  if (refusal.template.startsWith("The product that was requested doesn't exist")) return new BusinessRuleError('UNKNOWN_SKU', 'No product has this SKU.', ['sku']);
  if (isMissing(refusal, 'cartId')) return new BusinessRuleError('CART_NOT_FOUND', 'The cart does not exist or has already been checked out.');
  if (refusal.template === 'Please enter a number greater than 0 in this field.') return new BusinessRuleError('INVALID_QUANTITY', 'The quantity must be more than 0.', ['quantity']);
  if (refusal.template.startsWith("The shipping method can't be set for an empty cart")) return new BusinessRuleError('CART_EMPTY', 'The cart is empty.');
  if (refusal.template.startsWith('The shipping method is missing')) return new BusinessRuleError('SHIPPING_NOT_SET', 'Choose delivery or click & collect before placing the order.');
  if (refusal.template === 'A pickup location is required for In-Store Pickup Delivery.' || refusal.template.startsWith('Pickup Location "%1" is not available')) {
    return new BusinessRuleError('NOT_A_STORE', 'This location does not take click & collect orders.', ['pickupSourceCode']);
  }
  if (refusal.template.startsWith('Invalid value of "%value" provided for the %fieldName field.') && !Array.isArray(refusal.parameters) && refusal.parameters.fieldName === 'email') {
    return new BusinessRuleError('INVALID_EMAIL', 'The email address is not valid.', ['email']);
  }
  return null;
}

const ORDER_NOT_FOUND_TEMPLATE = "The entity that was requested doesn't exist. Verify the entity and try again.";

function orderRefusal(refusal: Refusal): BusinessRuleError | null {
  return refusal.template === ORDER_NOT_FOUND_TEMPLATE ? new BusinessRuleError('ORDER_NOT_FOUND', 'No web order has this id.') : null;
}

function shipmentRefusal(refusal: Refusal): BusinessRuleError | null {
  if (refusal.template.startsWith('Shipment Document Validation Error(s):')) return new BusinessRuleError('ORDER_NOT_SHIPPABLE', reasonsOf(refusal));
  if (refusal.template === 'Not all of your products are available in the requested quantity.') {
    return new BusinessRuleError('INSUFFICIENT_STOCK', 'The location does not hold enough stock to ship the order.');
  }
  if (refusal.template === 'Source with code "%value" does not exist.') return new BusinessRuleError('LOCATION_NOT_FOUND', 'The web shop does not know this location.');
  return orderRefusal(refusal);
}

function refundRefusal(refusal: Refusal): BusinessRuleError | null {
  if (refusal.template.startsWith('Creditmemo Document Validation Error(s):')) return new BusinessRuleError('ORDER_NOT_REFUNDABLE', reasonsOf(refusal));
  return orderRefusal(refusal);
}

function assignmentRefusal(refusal: Refusal): BusinessRuleError | null {
  if (refusal.template.includes('the customer already has an active cart')) {
    return new BusinessRuleError('CUSTOMER_HAS_CART', 'The customer already has a cart: merge the guest cart into it.');
  }
  if (refusal.template.includes("the cart isn't anonymous")) return new BusinessRuleError('CART_ALREADY_ASSIGNED', 'The cart already belongs to a customer.');
  if (isMissing(refusal, 'customerId')) return new BusinessRuleError('CUSTOMER_NOT_FOUND', 'No web account has this id.');
  return cartRefusal(refusal);
}

/** Runs a call, throwing the retail refusal for a refusal the table knows, else what the call threw. */
async function refusing<T>(call: Promise<T>, translate: (refusal: Refusal) => BusinessRuleError | null): Promise<T> {
  try {
    return await call;
  } catch (error) {
    const refusal = refusalOf(error);
    throw (refusal && translate(refusal)) ?? error;
  }
}

/** A read that answers null for a 404 (no such cart, order or product). */
async function orNull<T>(call: Promise<T>): Promise<T | null> {
  try {
    return await call;
  } catch (error) {
    if (refusalOf(error)?.status === 404) return null;
    throw error;
  }
}

/** Magento's address fields. */
function magentoAddress(address: ShippingAddress) {
  return {
    firstname: address.firstName,
    lastname: address.lastName,
    street: address.street,
    city: address.city,
    country_id: address.countryCode,
    telephone: address.phone,
    email: address.email,
  };
}

/** One website, one store view: what a cart handed to a customer must belong to. */
const STORE_ID = 1;
/** Order states before it ships, is collected or is cancelled. */
export const OPEN_ORDER_STATES = ['new', 'processing'];

export class EcommerceClient {
  constructor(readonly http: LegacyHttp) {}

  static fromEnv(env: NodeJS.ProcessEnv = process.env): EcommerceClient {
    const http = new LegacyHttp({
      ...legacyHttpOptionsFromEnv('ecommerce', `${env.ECOMMERCE_URL ?? 'http://127.0.0.1:8081'}/rest/V1`, env),
      headers: {
        Authorization: `Bearer ${env.ECOMMERCE_INTEGRATION_TOKEN ?? 'ecommerce-dev-token'}`,
        // Body-less POSTs (a new cart, a cancel) would go out as axios' default form type, which Magento's webapi refuses.
        'Content-Type': 'application/json',
      },
    });
    return new EcommerceClient(http);
  }

  async search<T>(resource: string, criteria: Criteria): Promise<SearchResults<T>> {
    const response = await this.http.read<SearchResults<T>>({ method: 'GET', url: resource, params: searchParams(criteria) });
    return response.data;
  }

  /**
   * Every match, page by page. Magento repeats the last page when asked past the end, so stop
   * on the total, never on an empty page.
   */
  async searchAll<T>(resource: string, criteria: Omit<Criteria, 'currentPage'>): Promise<T[]> {
    const items: T[] = [];
    for (let page = 1; ; page += 1) {
      const results = await this.search<T>(resource, { ...criteria, currentPage: page });
      items.push(...results.items);
      if (items.length >= results.total_count || results.items.length === 0) return items.slice(0, results.total_count);
    }
  }

  /** Customers changed after an instant (all of them for null), oldest change first. */
  customersChangedSince(sinceIso: string | null): Promise<MagentoCustomer[]> {
    return this.searchAll<MagentoCustomer>('/customers/search', {
      // One-second resolution: the caller re-reads the last second and keeps only real changes.
      filterGroups: sinceIso ? [[{ field: 'updated_at', value: isoToMagentoTime(sinceIso), conditionType: 'gteq' }]] : [],
      sortOrders: [{ field: 'updated_at', direction: 'ASC' }, { field: 'entity_id', direction: 'ASC' }],
      pageSize: MAX_PAGE_SIZE,
    });
  }

  /**
   * Everything whose `field` is one of the values (and that matches the other filter groups), in one
   * search. No values match nothing, without a call: an empty filter group would match everything.
   */
  private async searchAnyOf<T>(resource: string, field: string, values: readonly (string | number)[], also: Filter[][] = []): Promise<T[]> {
    if (values.length === 0) return [];
    return this.searchAll<T>(resource, { filterGroups: [anyOf(field, values), ...also], sortOrders: [{ field: 'entity_id', direction: 'ASC' }], pageSize: MAX_PAGE_SIZE });
  }

  /** Web accounts by id. */
  async customersByIds(ids: readonly number[]): Promise<WebCustomer[]> {
    return (await this.searchAnyOf<MagentoCustomer>('/customers/search', 'entity_id', ids)).map(webCustomerOf);
  }

  /** Products by SKU; Magento compares SKUs case-insensitively. */
  async productsBySkus(skus: readonly string[]): Promise<CatalogProduct[]> {
    return (await this.searchAnyOf<MagentoProduct>('/products', 'sku', skus)).map(catalogProductOf);
  }

  /**
   * `limit` products from `offset` in SKU order, optionally those whose name or SKU contains
   * `search` (in any case, with or without accents, `%` and `_` as themselves: catalog-search.ts),
   * over Magento's page numbers (one call, two when no page size fits the window).
   */
  async catalogPage(offset: number, limit: number, search: string | null): Promise<CatalogPage> {
    const filterGroups = search === null ? [] : [[
      ...nameLikePatterns(search).map((value) => ({ field: 'name', value, conditionType: 'like' as const })),
      { field: 'sku', value: skuLikePattern(search), conditionType: 'like' as const },
    ]];
    const { items, totalCount } = await this.window<MagentoProduct>('/products', filterGroups, [{ field: 'sku', direction: 'ASC' }], offset, limit);
    return { items: items.map(catalogProductOf), totalCount };
  }

  /** `limit` matches from `offset` over Magento's page numbers: one call, two when no page size fits the window. */
  private async window<T>(resource: string, filterGroups: Filter[][], sortOrders: Criteria['sortOrders'], offset: number, limit: number): Promise<{ items: T[]; totalCount: number }> {
    const window = pagesCovering(offset, limit);
    const pages = Array.from({ length: window.pageCount }, (_, i) => window.firstPage + i);
    const answers = await Promise.all(pages.map((page) => this.search<T>(resource, { filterGroups, sortOrders, pageSize: window.pageSize, currentPage: page })));
    const items = answers.flatMap((results, i) => itemsOfPage(results, pages[i], window.pageSize));
    return { items: items.slice(window.skip, window.skip + limit), totalCount: answers[0].total_count };
  }

  /**
   * Click & collect orders waiting at a store (its source `store_<n>`) to be collected: not yet shipped
   * (handed over), canceled or refunded, i.e. in state new or processing; oldest first.
   */
  async pickupQueue(sourceCode: string, offset: number, limit: number): Promise<OrderPage> {
    const filterGroups = [[{ field: 'pickup_location_code', value: sourceCode }], [{ field: 'state', value: OPEN_ORDER_STATES.join(','), conditionType: 'in' as const }]];
    const { items, totalCount } = await this.window<MagentoOrder>('/orders', filterGroups, [{ field: 'created_at', direction: 'ASC' }], offset, limit);
    return { items: items.map(webOrderOf), totalCount };
  }

  /** Click & collect orders still open that were placed before an instant, oldest first: one store's (by source code) or every store's. */
  pickupsPlacedBefore(beforeIso: string, sourceCode: string | null): Promise<MagentoOrderDetail[]> {
    return this.searchAll<MagentoOrderDetail>('/orders', {
      filterGroups: [
        [{ field: 'state', value: OPEN_ORDER_STATES.join(','), conditionType: 'in' }],
        [sourceCode === null ? { field: 'pickup_location_code', value: '', conditionType: 'notnull' } : { field: 'pickup_location_code', value: sourceCode, conditionType: 'eq' }],
        [{ field: 'created_at', value: isoToMagentoTime(beforeIso), conditionType: 'lt' }],
      ],
      sortOrders: [{ field: 'created_at', direction: 'ASC' }],
      pageSize: 100,
    });
  }

  async categoriesByIds(ids: readonly number[]): Promise<Category[]> {
    return (await this.searchAnyOf<MagentoCategory>('/categories/list', 'entity_id', ids)).map((category) => ({ id: category.id, name: category.name }));
  }

  /** The carts the customers have not checked out yet. */
  async activeCartsOfCustomers(customerIds: readonly number[]): Promise<WebCartDetail[]> {
    const carts = await this.searchAnyOf<MagentoCartDetail>('/carts/search', 'customer_id', customerIds, [[{ field: 'is_active', value: '1' }]]);
    return carts.map((cart) => webCartDetailOf(cart, { kind: 'customer', quoteId: cart.id }));
  }

  /**
   * Carts by opaque id, in one search for customers' carts; guest carts cannot be searched by masked
   * id, so one read each. Ids that are not cart ids, carts that do not exist, and guest carts named by
   * their quote id (a guest's cart is reached only by its masked id) are left out.
   */
  async cartsByIds(ids: readonly string[]): Promise<WebCartDetail[]> {
    const refs = ids.map(cartRefOf).filter((ref) => ref !== null);
    const quoteIds = refs.flatMap((ref) => (ref.kind === 'customer' ? [ref.quoteId] : []));
    const [customers, guests] = await Promise.all([
      this.searchAnyOf<MagentoCartDetail>('/carts/search', 'entity_id', quoteIds, [[{ field: 'customer_id', value: '', conditionType: 'notnull' }]]),
      Promise.all(refs.flatMap((ref) => (ref.kind === 'guest' ? [this.cart(ref)] : []))),
    ]);
    return [...customers.map((cart) => webCartDetailOf(cart, { kind: 'customer', quoteId: cart.id })), ...guests.filter((cart) => cart !== null)];
  }

  /** A cart, ordered or not; null when there is none, or when a customer's cart id names a guest's cart. */
  async cart(ref: CartRef): Promise<WebCartDetail | null> {
    const answer = await orNull(this.http.read<MagentoCartDetail>({ method: 'GET', url: cartPath(ref) }));
    if (answer === null || (ref.kind === 'customer' && answer.data.customer?.id === undefined)) return null;
    return webCartDetailOf(answer.data, ref);
  }

  // -------------------------------------------------------------------------------------------
  // Writes. Never retried (LegacyHttp): the commerce subgraph owns idempotency and recovery.

  /** A new, empty guest cart. */
  async createGuestCart(): Promise<CartRef> {
    const { data } = await this.http.write<string>({ method: 'POST', url: '/guest-carts' });
    return { kind: 'guest', maskedId: data };
  }

  /** The customer's cart: the one open cart, opened if there is none (so asking twice gives the same cart). */
  async customerCart(webCustomerId: number): Promise<CartRef> {
    const { data } = await refusing(this.http.write<number>({ method: 'POST', url: path`/customers/${webCustomerId}/carts` }), (refusal) =>
      isMissing(refusal, 'customerId') ? new BusinessRuleError('CUSTOMER_NOT_FOUND', 'No web account has this id.') : null,
    );
    return { kind: 'customer', quoteId: data };
  }

  /** Adds units of a SKU; Magento adds them to the SKU's line when it is already in the cart. */
  async addCartItem(ref: CartRef, sku: string, quantity: number): Promise<void> {
    await refusing(
      this.http.write({ method: 'POST', url: `${cartPath(ref)}/items`, data: { cartItem: { sku, qty: quantity, quote_id: cartKey(ref) } } }),
      cartRefusal,
    );
  }

  /** Sets the quantity of the SKU's line; 0 removes the line. */
  async setCartItemQuantity(ref: CartRef, sku: string, quantity: number): Promise<void> {
    const { data: items } = await refusing(this.http.read<{ item_id: number; sku: string }[]>({ method: 'GET', url: `${cartPath(ref)}/items` }), cartRefusal);
    // Magento compares SKUs case-insensitively.
    const line = items.find((item) => item.sku.toLowerCase() === sku.toLowerCase());
    if (!line) throw new BusinessRuleError('LINE_NOT_FOUND', 'The cart has no line for this SKU.', ['sku']);
    const url = `${cartPath(ref)}${path`/items/${line.item_id}`}`;
    const call = quantity === 0
      ? this.http.write({ method: 'DELETE', url })
      : this.http.write({ method: 'PUT', url, data: { cartItem: { item_id: line.item_id, qty: quantity, quote_id: cartKey(ref) } } });
    await refusing(call, cartRefusal);
  }

  /** Hands a guest cart to a customer who has no open cart (Magento will not merge two carts). */
  async assignGuestCart(maskedId: string, webCustomerId: number): Promise<void> {
    await refusing(
      this.http.write({ method: 'PUT', url: path`/guest-carts/${maskedId}`, data: { customerId: webCustomerId, storeId: STORE_ID } }),
      assignmentRefusal,
    );
  }

  /** Delivery (flat rate) or click & collect at a store (in-store pickup at its source), to the address given. */
  async setShipping(ref: CartRef, shipping: ShippingChoice): Promise<void> {
    const address = magentoAddress(shipping.address);
    const method = shipping.method === 'SHIP'
      ? { shipping_carrier_code: 'flatrate', shipping_method_code: 'flatrate' }
      : { shipping_carrier_code: 'instore', shipping_method_code: 'pickup', extension_attributes: { pickup_location_code: shipping.pickupSourceCode } };
    await refusing(
      this.http.write({ method: 'POST', url: `${cartPath(ref)}/shipping-information`, data: { addressInformation: { shipping_address: address, billing_address: address, ...method } } }),
      cartRefusal,
    );
  }

  /**
   * Places the cart's order and answers its entity id. A guest order needs the buyer's email. Not
   * retried: after a failure, orderOfQuote tells whether the order was placed.
   */
  async placeOrder(ref: CartRef, payment: PaymentMethod, email?: string): Promise<number> {
    if (ref.kind === 'guest' && !email) throw new BusinessRuleError('EMAIL_REQUIRED', 'A guest order needs an email address.', ['email']);
    const data = ref.kind === 'guest' ? { paymentMethod: { method: payment }, email } : { paymentMethod: { method: payment } };
    const { data: orderId } = await refusing(this.http.write<number>({ method: 'POST', url: `${cartPath(ref)}/payment-information`, data }), cartRefusal);
    return orderId;
  }

  /** The order placed from a cart, if one was: how a checkout interrupted after placing finds its order. */
  orderOfQuote(quoteId: number): Promise<MagentoOrderDetail | null> {
    return this.firstOrder({ field: 'quote_id', value: String(quoteId) });
  }

  orderByNumber(incrementId: string): Promise<MagentoOrderDetail | null> {
    return this.firstOrder({ field: 'increment_id', value: incrementId });
  }

  private async firstOrder(filter: Filter): Promise<MagentoOrderDetail | null> {
    const results = await this.search<MagentoOrderDetail>('/orders', { filterGroups: [[filter]], pageSize: 1 });
    return results.total_count > 0 ? results.items[0] : null;
  }

  /** A note in the order's history for staff (not sent to the customer); `status` relabels the order but leaves its state. */
  async addOrderComment(entityId: number, comment: string, status?: string): Promise<void> {
    const statusHistory = { comment, is_customer_notified: 0, is_visible_on_front: 0, ...(status === undefined ? {} : { status }) };
    await refusing(this.http.write({ method: 'POST', url: path`/orders/${entityId}/comments`, data: { statusHistory } }), orderRefusal);
  }

  /** Cancels what is left to ship and releases its stock; false when the order can no longer be cancelled. */
  async cancelOrder(entityId: number): Promise<boolean> {
    const { data } = await refusing(this.http.write<boolean>({ method: 'POST', url: path`/orders/${entityId}/cancel` }), orderRefusal);
    return data;
  }

  /** Ships (or hands over) everything left on the order from one source; answers the shipment id. */
  async shipOrder(entityId: number, sourceCode: string): Promise<number> {
    const data = { arguments: { extension_attributes: { source_code: sourceCode } } };
    const { data: shipmentId } = await refusing(this.http.write<number>({ method: 'POST', url: path`/order/${entityId}/ship`, data }), shipmentRefusal);
    return shipmentId;
  }

  /**
   * Refunds units of order lines (offline) and answers the credit memo id. Shipping is never refunded
   * here: Magento would refund all of it with the first credit memo, however small the return.
   */
  async refundOrder(entityId: number, items: { orderItemId: number; quantity: number }[]): Promise<number> {
    // Magento refunds every line when the list is empty.
    if (items.length === 0) throw new BusinessRuleError('ORDER_NOT_REFUNDABLE', 'Choose the items to refund.', ['items']);
    const data = { items: items.map((item) => ({ order_item_id: item.orderItemId, qty: item.quantity })), arguments: { shipping_amount: 0 } };
    const { data: creditMemoId } = await refusing(this.http.write<number>({ method: 'POST', url: path`/order/${entityId}/refund`, data }), refundRefusal);
    return creditMemoId;
  }

  /** Every order placed from the accounts. */
  async ordersOfCustomers(customerIds: readonly number[]): Promise<WebOrderRecord[]> {
    return (await this.searchAnyOf<MagentoOrder>('/orders', 'customer_id', customerIds)).map(webOrderOf);
  }

  /** Orders placed without an account under the emails; Magento compares emails case-insensitively. */
  async guestOrdersByEmails(emails: readonly string[]): Promise<WebOrderRecord[]> {
    return (await this.searchAnyOf<MagentoOrder>('/orders', 'customer_email', emails, [[{ field: 'customer_is_guest', value: '1' }]])).map(webOrderOf);
  }

  async ordersByNumbers(incrementIds: readonly string[]): Promise<WebOrderRecord[]> {
    return (await this.searchAnyOf<MagentoOrder>('/orders', 'increment_id', incrementIds)).map(webOrderOf);
  }
}
