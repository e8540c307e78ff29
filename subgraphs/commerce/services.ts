import type { Logger } from 'pino';
import { BusinessRuleError } from '../../lib/errors';
import { plantOfLocation, retailStoreOfPlant } from '../../lib/ids';
import type { CrmClient } from '../crm/client';
import type { EcommerceClient } from '../ecommerce/client';
import type { DirectorySync } from '../identity/sync';
import type { NewStoreTransaction, PosClient } from '../pos/client';
import type { SalesFeed } from '../pos/sales-feed';
import type { Plant, WarehouseClient } from '../warehouse/client';
import type { SagaRunner } from './saga';
import type { CommerceState } from './state/types';
import type { StockGate, StockLine } from './stock-gate';

/** Everything the journeys use, built once per process in index.ts. */
export interface CommerceServices {
  state: CommerceState;
  sagas: SagaRunner;
  gate: StockGate;
  web: EcommerceClient;
  pos: PosClient;
  erp: WarehouseClient;
  crm: CrmClient;
  /** The identity subgraph's directory, kept here too: a mutation names a customer by the graph's id. */
  customers: DirectorySync;
  salesFeed: SalesFeed;
  settings: { pickupHoldMs: number };
  log: Logger;
  now(): Date;
}

/** The records behind a customer id, as the journeys need them. */
export interface CustomerRecords {
  webCustomerIds: number[];
  crmPartnerIds: number[];
  emails: string[];
  loyaltyCards: string[];
  name: string;
}

/** A customer by the graph's id; a miss may be a record created since the last sync, so it reads changes once. */
export async function customerRecords(services: CommerceServices, customerId: string, field: string[]): Promise<CustomerRecords> {
  let cluster = services.customers.current().byId(customerId);
  if (!cluster) {
    await services.customers.refreshAfterMiss();
    cluster = services.customers.current().byId(customerId);
  }
  if (!cluster) throw new BusinessRuleError('CUSTOMER_NOT_FOUND', 'No customer has this id.', field);
  const ids = (system: string) => cluster.records.filter((m) => m.record.system === system).map((m) => m.record.id).sort((a, b) => a - b);
  return {
    webCustomerIds: ids('ECOMMERCE'),
    crmPartnerIds: ids('CRM'),
    emails: cluster.emails,
    loyaltyCards: cluster.loyaltyCards,
    name: cluster.anchor.name,
  };
}

/** A store by its Location id: the plant and its POS store number. */
export async function storeOf(services: CommerceServices, locationId: string, field: string[]): Promise<{ plant: Plant; retailStoreId: string }> {
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
 * crash must not write it twice. `status` relabels the order (its state stays).
 */
export async function noteOnce(services: CommerceServices, number: string, comment: string, status?: string): Promise<void> {
  const order = await services.web.orderByNumber(number);
  if (order && !order.status_histories?.some((entry) => entry.comment === comment)) await services.web.addOrderComment(order.entity_id, comment, status);
}

/** A till receipt as the saga log keeps it: JSON has no bigint, so amounts are decimal text of hundredths. */
export type StoredReceipt = Omit<NewStoreTransaction, 'lines' | 'tenders'> & {
  lines: (Omit<NewStoreTransaction['lines'][number], 'unitPrice'> & { unitPrice?: string })[];
  tenders?: { type: NonNullable<NewStoreTransaction['tenders']>[number]['type']; amount: string }[];
};

export function receiptOf(stored: StoredReceipt): NewStoreTransaction {
  const { tenders, lines, ...rest } = stored;
  return {
    ...rest,
    lines: lines.map(({ unitPrice, ...line }) => ({ ...line, ...(unitPrice === undefined ? {} : { unitPrice: BigInt(unitPrice) }) })),
    ...(tenders ? { tenders: tenders.map((tender) => ({ ...tender, amount: BigInt(tender.amount) })) } : {}),
  };
}
