import { locationId, retailStoreOfPlant, storePlant } from '../../lib/ids';
import { Money, money, moneyFromMinor, toMinorUnits } from '../../lib/money';
import type { OrderStatus } from '../../lib/retail';
import { buyerOfGroup } from './promotions';
import {
  cartId,
  cartIdOf,
  type CartRef,
  type CatalogProduct,
  type StatusChange,
  type WebAccountRecord,
  type WebCart,
  type WebCartDetail,
  type WebCustomer,
  type WebOrderLine,
  type WebOrderRecord,
} from './records';
import type {
  MagentoCart,
  MagentoCartDetail,
  MagentoCustomer,
  MagentoOrder,
  MagentoOrderItem,
  MagentoProduct,
  MagentoStatusHistory,
} from './wire';

/**
 * Magento's JSON (wire.ts) as the web shop's records (records.ts): zoneless UTC times, floats for
 * money, negative order discounts, EAV custom attributes, state/status pairs, source codes.
 */

// Times

/** Magento's zoneless UTC "2026-11-20 05:06:07" as ISO 8601 with its zone. */
export function magentoTimeToIso(value: string): string {
  return `${value.replace(' ', 'T')}Z`;
}

export function isoToMagentoTime(iso: string): string {
  return new Date(iso).toISOString().slice(0, 19).replace('T', ' ');
}

// Catalogue, web accounts and carts

/** Catalogue prices carry no currency in Magento: they are in the website's base currency. */
export const BASE_CURRENCY = 'VND';

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
    specialPrice:
      special === null
        ? null
        : {
            price: money(special, BASE_CURRENCY),
            from: from === null ? null : magentoTimeToIso(from),
            to: to === null ? null : magentoTimeToIso(to),
          },
  };
}

export function webCustomerOf(customer: MagentoCustomer): WebCustomer {
  return { id: customer.id, email: customer.email, createdAt: magentoTimeToIso(customer.created_at) };
}

/** The account as a directory of who is who needs it (WebAccountRecord). */
export function webAccountOf(customer: MagentoCustomer): WebAccountRecord {
  return {
    id: customer.id,
    name: `${customer.lastname} ${customer.firstname}`.trim(),
    email: customer.email,
    phones: customer.addresses.flatMap((address) => (address.telephone ? [address.telephone] : [])),
    addresses: customer.addresses.map((address) => ({ street: address.street?.join(', ') || null, city: address.city || null })),
    updatedAt: magentoTimeToIso(customer.updated_at),
  };
}

function sum(amounts: Money[], currencyCode: string): Money {
  return moneyFromMinor(
    amounts.reduce((total, amount) => total + toMinorUnits(amount.amount, currencyCode), 0n),
    currencyCode,
  );
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
    subtotal: sum(
      lines.map((line) => times(line.unitPrice, line.quantity)),
      currency,
    ),
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
    buyer: buyerOfGroup(cart.customer?.id === undefined ? null : (cart.customer.group_id ?? null)),
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
  return (
    order.extension_attributes?.shipping_assignments?.[0]?.shipping?.method ??
    (order.extension_attributes?.pickup_location_code ? PICKUP_METHOD : null)
  );
}

const isPickup = (order: MagentoOrder) => shippingMethodOf(order) === PICKUP_METHOD;

/** A click & collect order's note that it waits at the store (notes may come in decomposed Unicode). */
const saysReadyForPickup = (order: MagentoOrder, note: string | undefined) =>
  isPickup(order) && READY_FOR_PICKUP_NOTE.test((note ?? '').normalize('NFC'));

/** Magento sends them newest first; the graph wants them oldest first. Times are fixed-width UTC text. */
function historyOldestFirst(order: MagentoOrder): MagentoStatusHistory[] {
  const byTime = (a: MagentoStatusHistory, b: MagentoStatusHistory) =>
    a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : 0;
  return [...(order.status_histories ?? [])].sort((a, b) => byTime(a, b) || a.entity_id - b.entity_id);
}

/** One history entry's status: its label, refined by what its note says. */
function statusOfEntry(order: MagentoOrder, entry: MagentoStatusHistory, previous: OrderStatus): OrderStatus {
  const status = entry.status === undefined ? previous : (LABELS[entry.status] ?? previous);
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
  const latestNote = historyOldestFirst(order)
    .reverse()
    .find((entry) => entry.comment)?.comment;
  return saysReadyForPickup(order, latestNote) ? 'READY_FOR_PICKUP' : 'PROCESSING';
}

// Sources (the shop's stock locations) as ERP plants, and where an order is fulfilled

/** The web shop's warehouse sources as ERP plants. */
const WAREHOUSE_PLANTS: Record<string, string> = { wh_binh_duong: '1100', wh_bac_ninh: '1200', wh_da_nang: '1300' };

/** The ERP plant of a web shop source: 'store_101' is store plant 'S101'; null for a source we do not know. */
export function plantOfSource(sourceCode: string | null | undefined): string | null {
  if (!sourceCode) return null;
  const store = /^store_(\d+)$/i.exec(sourceCode);
  return store ? storePlant(store[1]) : (WAREHOUSE_PLANTS[sourceCode.toLowerCase()] ?? null);
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
  if (isPickup(order))
    return { method: 'PICKUP_IN_STORE', locationId: at(plantOfSource(order.extension_attributes?.pickup_location_code)) };
  const plant = plantOfSource(order.extension_attributes?.source_code);
  return { method: plant !== null && retailStoreOfPlant(plant) !== null ? 'SHIP_FROM_STORE' : 'SHIP_TO_HOME', locationId: at(plant) };
}

// Orders

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
