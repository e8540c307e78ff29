import type { CartEvent, KpiChannel, MoneyFact, ReturnEvent, SaleEvent } from '../../lib/live-events';
import { toMinorUnits } from '../../lib/money';

/**
 * What the read model keeps: one fact per sale, return and cart, whichever way it arrived (a live
 * event, or the systems' history), keyed by the id that makes it count once. Instants are
 * epoch milliseconds and amounts whole minor units of the retailer's currency, so the model sums
 * them in SQL exactly.
 */

export const KPI_CHANNELS: readonly KpiChannel[] = ['WEB', 'APP', 'STORE', 'MARKETPLACE', 'ASSISTED'];

export interface SaleFact {
  /** The order's graph id (Order.id): a WebOrder, StoreOrder or MarketplaceOrder id. */
  orderId: string;
  channel: KpiChannel;
  /** The store's Location id: where it was sold or is collected; null for deliveries and the marketplace. */
  storeId: string | null;
  placedAt: number;
  revenue: number;
  units: number;
  clickAndCollect: boolean;
  cartId: string | null;
}

export interface ReturnFact {
  returnId: string;
  orderId: string;
  channel: KpiChannel;
  storeId: string | null;
  at: number;
  refund: number;
  units: number;
}

export interface CartFact {
  cartId: string;
  channel: KpiChannel;
  storeId: string | null;
  openedAt: number;
}

/** Facts written together, in one transaction. */
export interface KpiFacts {
  sales?: SaleFact[];
  returns?: ReturnFact[];
  carts?: CartFact[];
  /** Orders cancelled since they were placed: they leave the figures, whenever their sale arrives. */
  cancelledOrderIds?: string[];
}

/** An event the model cannot read: logged and passed over, never retried. */
export class UnreadableEventError extends Error {}

const isChannel = (value: unknown): value is KpiChannel => KPI_CHANNELS.includes(value as KpiChannel);

function text(value: unknown, field: string): string {
  if (typeof value !== 'string' || value === '') throw new UnreadableEventError(`${field} is not a string`);
  return value;
}

function optionalText(value: unknown, field: string): string | null {
  return value === null || value === undefined ? null : text(value, field);
}

function instant(value: unknown, field: string): number {
  const at = Date.parse(text(value, field));
  if (Number.isNaN(at)) throw new UnreadableEventError(`${field} is not an instant`);
  return at;
}

function count(value: unknown, field: string): number {
  if (!Number.isInteger(value) || (value as number) < 0) throw new UnreadableEventError(`${field} is not a count`);
  return value as number;
}

function channel(value: unknown): KpiChannel {
  if (!isChannel(value)) throw new UnreadableEventError(`channel ${String(value)} is not a KPI channel`);
  return value;
}

/** Whole minor units of the retailer's currency; another currency is not summed with it. */
export function minorUnits(value: unknown, currency: string, field: string): number {
  const fact = value as MoneyFact | null;
  if (typeof fact?.amount !== 'string' || fact.currency !== currency)
    throw new UnreadableEventError(`${field} is not an amount in ${currency}`);
  let minor: bigint;
  try {
    minor = toMinorUnits(fact.amount, currency);
  } catch {
    throw new UnreadableEventError(`${field} is not an amount`);
  }
  return Number(minor);
}

export function saleFactOf(event: Partial<SaleEvent>, currency: string): SaleFact {
  return {
    orderId: text(event.orderId, 'orderId'),
    channel: channel(event.channel),
    storeId: optionalText(event.locationId, 'locationId'),
    placedAt: instant(event.placedAt, 'placedAt'),
    revenue: minorUnits(event.revenue, currency, 'revenue'),
    units: count(event.units, 'units'),
    clickAndCollect: event.clickAndCollect === true,
    cartId: optionalText(event.cartId, 'cartId'),
  };
}

export function returnFactOf(event: Partial<ReturnEvent>, currency: string): ReturnFact {
  return {
    returnId: text(event.returnId, 'returnId'),
    orderId: text(event.orderId, 'orderId'),
    channel: channel(event.channel),
    storeId: optionalText(event.locationId, 'locationId'),
    at: instant(event.at, 'at'),
    refund: minorUnits(event.refund, currency, 'refund'),
    units: count(event.units, 'units'),
  };
}

export function cartFactOf(event: Partial<CartEvent>): CartFact {
  return {
    cartId: text(event.cartId, 'cartId'),
    channel: channel(event.channel),
    storeId: optionalText(event.locationId, 'locationId'),
    openedAt: instant(event.at, 'at'),
  };
}
