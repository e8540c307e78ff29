import { encodeId, locationId, retailStoreOfPlant, storePlant } from '../../lib/ids';
import { LegacyHttp, legacyHttpOptionsFromEnv } from '../../lib/http';
import { Money, money, moneyFromMinor, toMinorUnits } from '../../lib/money';
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

export class EcommerceClient {
  constructor(readonly http: LegacyHttp) {}

  static fromEnv(env: NodeJS.ProcessEnv = process.env): EcommerceClient {
    const http = new LegacyHttp({
      ...legacyHttpOptionsFromEnv('ecommerce', `${env.ECOMMERCE_URL ?? 'http://127.0.0.1:8081'}/rest/V1`, env),
      headers: { Authorization: `Bearer ${env.ECOMMERCE_INTEGRATION_TOKEN ?? 'ecommerce-dev-token'}` },
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
   * `search`, over Magento's page numbers (one call, two when no page size fits the window).
   */
  async catalogPage(offset: number, limit: number, search: string | null): Promise<CatalogPage> {
    const window = pagesCovering(offset, limit);
    const filterGroups = search === null ? [] : [[
      { field: 'name', value: `%${search}%`, conditionType: 'like' as const },
      { field: 'sku', value: `%${search}%`, conditionType: 'like' as const },
    ]];
    const pages = Array.from({ length: window.pageCount }, (_, i) => window.firstPage + i);
    const answers = await Promise.all(
      pages.map((page) => this.search<MagentoProduct>('/products', { filterGroups, sortOrders: [{ field: 'sku', direction: 'ASC' }], pageSize: window.pageSize, currentPage: page })),
    );
    const items = answers.flatMap((results, i) => itemsOfPage(results, pages[i], window.pageSize));
    return { items: items.slice(window.skip, window.skip + limit).map(catalogProductOf), totalCount: answers[0].total_count };
  }

  async categoriesByIds(ids: readonly number[]): Promise<Category[]> {
    return (await this.searchAnyOf<MagentoCategory>('/categories/list', 'entity_id', ids)).map((category) => ({ id: category.id, name: category.name }));
  }

  /** The carts the customers have not checked out yet. */
  async activeCartsOfCustomers(customerIds: readonly number[]): Promise<WebCart[]> {
    return (await this.searchAnyOf<MagentoCart>('/carts/search', 'customer_id', customerIds, [[{ field: 'is_active', value: '1' }]])).map(webCartOf);
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
