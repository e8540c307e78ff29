import type { Logger } from 'pino';
import { BusinessRuleError } from '../../lib/errors';
import { plantOfLocation, retailStoreOfPlant } from '../../lib/ids';
import type { CrmClient } from '../../connectors/crm';
import { orderStatusOf, type EcommerceClient, type MagentoOrderDetail, type PromotionBook } from '../../connectors/ecommerce';
import type { NewStoreTransaction, PosClient } from '../../connectors/pos';
import type { SalesFeed } from '../../connectors/pos';
import type { Plant, StockGate, StockLine, WarehouseClient } from '../../connectors/warehouse';
import type { CustomerLookup, CustomerRecords } from '../../lib/customer-lookup';
import type { LiveEvents } from '../../lib/live-events';
import type { OrderStatus } from '../../lib/retail';
import type { Earning } from './earning';
import type { LoyaltyLedger } from '../../connectors/crm';
import type { LoyaltyMembers } from './loyalty';
import type { ProfileWorker } from './profile';
import type { SagaRunner } from './saga';
import type { CommerceState } from './state/types';

/** Everything the journeys use, built once per process in index.ts. */
export interface CommerceServices {
  state: CommerceState;
  sagas: SagaRunner;
  gate: StockGate;
  web: EcommerceClient;
  /** The retailer's promotions (the web shop's cart price rules), kept briefly: pricing.ts. */
  promotions: PromotionBook;
  pos: PosClient;
  erp: WarehouseClient;
  crm: CrmClient;
  /** Who a customer is, asked of the identity subgraph: a mutation names a customer by the graph's id. */
  customers: CustomerLookup;
  salesFeed: SalesFeed;
  /** Delivers the profile outbox (profile.ts). */
  profiles: ProfileWorker;
  /** The points ledger (every line exactly once), who holds which card, and earning from the feeds. */
  loyalty: { ledger: LoyaltyLedger; members: LoyaltyMembers; earning: Earning };
  settings: {
    pickupHoldMs: number;
    /** When a retry takes over an idempotency key whose first request never answered (COMMERCE_STALE_CLAIM_MS). */
    staleClaimMs: number;
  };
  /** What the journeys changed, told to live subscribers and the KPIs. */
  live: LiveEvents;
  log: Logger;
  now(): Date;
}

/** A customer by the graph's id, or CUSTOMER_NOT_FOUND on `field`. */
export async function customerRecords(services: CommerceServices, customerId: string, field: string[]): Promise<CustomerRecords> {
  const customer = await services.customers.records(customerId);
  if (!customer) throw new BusinessRuleError('CUSTOMER_NOT_FOUND', 'No customer has this id.', field);
  return customer;
}

/** A store by its Location id: the plant and its POS store number. */
export async function storeOf(
  services: CommerceServices,
  locationId: string,
  field: string[],
): Promise<{ plant: Plant; retailStoreId: string }> {
  const plant = await locationOf(services, locationId, field);
  const retailStoreId = retailStoreOfPlant(plant.plant);
  if (retailStoreId === null) throw new BusinessRuleError('NOT_A_STORE', 'This location is a warehouse, not a store.', field);
  return { plant, retailStoreId };
}

export async function locationOf(services: CommerceServices, locationId: string, field: string[]): Promise<Plant> {
  const code = plantOfLocation(locationId);
  if (code === null) throw new BusinessRuleError('INVALID_ID', 'This is not a location id.', field);
  const plant = await services.gate.plant(code);
  if (!plant) throw new BusinessRuleError('LOCATION_NOT_FOUND', 'No location has this id.', field);
  return plant;
}

/** Quantities are whole, positive and sane; SKUs are not empty. */
export function checkLines(lines: readonly StockLine[], field: string[]): void {
  if (lines.length === 0) throw new BusinessRuleError('INVALID_QUANTITY', 'Give at least one line.', field);
  lines.forEach((line, i) => {
    if (!Number.isInteger(line.quantity) || line.quantity < 1 || line.quantity > 999) {
      throw new BusinessRuleError('INVALID_QUANTITY', 'A quantity is a whole number from 1 to 999.', [...field, String(i), 'quantity']);
    }
    if (line.sku.trim() === '') throw new BusinessRuleError('UNKNOWN_SKU', 'A SKU is required.', [...field, String(i), 'sku']);
  });
}

/**
 * Adds a note to the web order's history unless it is already there: a step that runs again after a
 * crash must not write it twice. `status` relabels the order (its state stays). Answers the order as
 * read before the note, null when there is none.
 */
export async function noteOnce(
  services: CommerceServices,
  number: string,
  comment: string,
  status?: string,
): Promise<MagentoOrderDetail | null> {
  const order = await services.web.orderByNumber(number);
  if (order && !order.status_histories?.some((entry) => entry.comment === comment))
    await services.web.addOrderComment(order.entity_id, comment, status);
  return order;
}

/** What a saga's closing note on a web order leaves: the order's status as the note read it, once the saga had changed it. */
export interface NoteStep {
  status: OrderStatus | null;
}

/** The saga's note on the order (noteOnce), and the status it found. */
export async function noteOnOrder(services: CommerceServices, number: string, comment: string): Promise<NoteStep> {
  const order = await noteOnce(services, number, comment);
  return { status: order && orderStatusOf(order) };
}

/** The status the note step read; null for a saga logged before note steps kept it. */
export const statusNoted = (results: Record<string, unknown>): OrderStatus | null =>
  (results.note as NoteStep | null | undefined)?.status ?? null;

/** A till receipt as the saga log keeps it: JSON has no bigint, so amounts are decimal text of hundredths. */
export type StoredReceipt = Omit<NewStoreTransaction, 'lines' | 'tenders'> & {
  lines: (Omit<NewStoreTransaction['lines'][number], 'unitPrice' | 'priceModifiers'> & {
    unitPrice?: string;
    priceModifiers?: { amount: string; promotionId: string; description: string }[];
  })[];
  tenders?: { type: NonNullable<NewStoreTransaction['tenders']>[number]['type']; amount: string }[];
};

export function receiptOf(stored: StoredReceipt): NewStoreTransaction {
  const { tenders, lines, ...rest } = stored;
  return {
    ...rest,
    lines: lines.map(({ unitPrice, priceModifiers, ...line }) => ({
      ...line,
      ...(unitPrice === undefined ? {} : { unitPrice: BigInt(unitPrice) }),
      ...(priceModifiers ? { priceModifiers: priceModifiers.map((modifier) => ({ ...modifier, amount: BigInt(modifier.amount) })) } : {}),
    })),
    ...(tenders ? { tenders: tenders.map((tender) => ({ ...tender, amount: BigInt(tender.amount) })) } : {}),
  };
}
