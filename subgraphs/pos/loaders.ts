import DataLoader from 'dataloader';
import { CustomerIdentifiers, parseTransactionKey, PosClient, Receipt, Store } from '../../connectors/pos';
import type { StoreCustomer } from './model';
import { normalizePhone } from '../../lib/identifiers';
import { asLookedUp, LookedUp, LookupsOfRequest } from './customer-lookups';
import type { LRUCache } from 'lru-cache';
import type { SalesFeed } from '../../connectors/pos';
import type { StoreDirectory } from '../../connectors/pos';

/**
 * Per-request DataLoaders. A page of customers costs one customer lookup (paged); a page of store
 * orders costs nothing for receipts the lookup just read, and at most one lookup for their returns;
 * store details come from the shared store directory.
 */
export interface PosLoaders {
  /** Any receipt by its transaction key. */
  receipt: DataLoader<string, Receipt | null>;
  /** A customer's sales, newest first: those the cashier captured their card or their own phone on, and those confirmed theirs. */
  salesOfCustomer: DataLoader<StoreCustomer, Receipt[], string>;
  /** Returns that reference a sale, at any store. */
  returnsOfSale: DataLoader<Receipt, Receipt[], string>;
  store: DataLoader<string, Store | null>;
}

export interface PosServices {
  pos: PosClient;
  /**
   * Receipts never change once the till has posted them (the POS has no voids): one read in one
   * request answers the next, as the gateway asks for the orders of an index a moment later.
   */
  receipts: LRUCache<string, Receipt>;
  salesFeed: SalesFeed;
  directory: StoreDirectory;
}

const newestFirst = (a: Receipt, b: Receipt) => b.endedAt.localeCompare(a.endedAt) || b.key.localeCompare(a.key);

/** The POS has no multi-receipt read by key: what the cache lacks is read one receipt per call. */
async function readReceipts(services: PosServices, keys: readonly string[]): Promise<(Receipt | null)[]> {
  const found = new Map(keys.map((key) => [key, services.receipts.get(key) ?? null]));
  const read = await Promise.all(
    [...found]
      .filter(([, receipt]) => receipt === null)
      .map(([key]) => {
        const parts = parseTransactionKey(key);
        return parts ? services.pos.receipt(parts) : null;
      }),
  );
  for (const receipt of read) if (receipt) found.set(receipt.key, receipt);
  for (const receipt of read) if (receipt !== null) services.receipts.set(receipt.key, receipt);
  return keys.map((key) => found.get(key) ?? null);
}

/** Whether the cashier captured one of these cards or phones (phones as normalizePhone makes them) on the receipt. */
export function isCustomers(receipt: Receipt, cards: ReadonlySet<string>, phones: ReadonlySet<string>): boolean {
  if (receipt.loyaltyCard !== null && cards.has(receipt.loyaltyCard)) return true;
  const phone = normalizePhone(receipt.phone);
  return phone !== null && phones.has(phone);
}

/**
 * Whether a store sale is the customer's, as identity says who is who: their card on it, or a phone
 * only they hold; a phone they share with others (a household's, the store's own) makes it theirs
 * only once someone confirmed it.
 */
export function isSaleOf(sale: Receipt, customer: StoreCustomer): boolean {
  if (customer.confirmedStoreSales.includes(sale.key)) return true;
  const own = customer.phones
    .map(normalizePhone)
    .filter((phone): phone is string => phone !== null && !customer.sharedPhones.includes(phone));
  return isCustomers(sale, new Set(customer.loyaltyCards), new Set(own));
}

/** All the customers' cards and phones in one lookup; each customer then takes the sales that are theirs. */
async function readSalesOfCustomers(
  services: PosServices,
  lookups: LookupsOfRequest,
  customers: readonly StoreCustomer[],
): Promise<Receipt[][]> {
  const identifiers = {
    loyaltyCards: customers.flatMap((customer) => customer.loyaltyCards),
    phones: customers.flatMap((customer) => customer.phones),
  };
  const receipts = await services.pos.customerReceipts(identifiers);
  for (const receipt of receipts) services.receipts.set(receipt.key, receipt);
  const sales = receipts.filter((receipt) => receipt.kind === 'Sale').sort(newestFirst);
  const theirs = customers.map((customer) => sales.filter((sale) => isSaleOf(sale, customer)));
  lookups.remember(identifiers, receipts, theirs.flat());
  return theirs;
}

/**
 * The returns a lookup for `identifiers` from day `from` would answer, taken from this request's
 * earlier lookups (of every day); null unless those asked for every one of these cards and phones.
 */
function answeredBefore(lookedUp: LookedUp | null, identifiers: CustomerIdentifiers, from: string): Receipt[] | null {
  const asked = asLookedUp(identifiers);
  if (
    lookedUp === null ||
    [...asked.cards].some((card) => !lookedUp.cards.has(card)) ||
    [...asked.phones].some((phone) => !lookedUp.phones.has(phone))
  ) {
    return null;
  }
  return [...lookedUp.returns.values()].filter((receipt) => receipt.businessDay >= from && isCustomers(receipt, asked.cards, asked.phones));
}

/**
 * Returns rung up since the feed's window began are all in the sales feed. Older sales' returns
 * are found through the customer the cashier captured on the sale, in one lookup for the page;
 * after the order index, that lookup was already made for those customers in this request.
 */
async function readReturnsOfSales(services: PosServices, lookups: LookupsOfRequest, sales: readonly Receipt[]): Promise<Receipt[][]> {
  const completeFrom = services.salesFeed.returnsCompleteFrom();
  const older = sales.filter((sale) => completeFrom === null || sale.businessDay < completeFrom);
  const identified = older.filter((sale) => sale.loyaltyCard !== null || sale.phone !== null);
  const identifiers = {
    loyaltyCards: identified.flatMap((sale) => (sale.loyaltyCard === null ? [] : [sale.loyaltyCard])),
    phones: identified.flatMap((sale) => (sale.phone === null ? [] : [sale.phone])),
  };
  const from = identified.map((sale) => sale.businessDay).sort()[0];
  const looked =
    identified.length === 0
      ? []
      : (answeredBefore(lookups.recall(), identifiers, from) ?? (await services.pos.customerReceipts(identifiers, from)));
  return sales.map((sale) => {
    const returns = new Map(services.salesFeed.returnsOf(sale.key).map((refund) => [refund.key, refund]));
    for (const refund of looked) if (refund.kind === 'Return' && refund.returnOf === sale.key) returns.set(refund.key, refund);
    return [...returns.values()];
  });
}

const identifiersKey = (customer: StoreCustomer) =>
  JSON.stringify(
    [customer.loyaltyCards, customer.phones, customer.sharedPhones, customer.confirmedStoreSales].map((list) => [...list].sort()),
  );

export function createLoaders(services: PosServices, lookups: LookupsOfRequest): PosLoaders {
  return {
    receipt: new DataLoader((keys) => readReceipts(services, keys)),
    salesOfCustomer: new DataLoader((customers) => readSalesOfCustomers(services, lookups, customers), { cacheKeyFn: identifiersKey }),
    returnsOfSale: new DataLoader((sales) => readReturnsOfSales(services, lookups, sales), { cacheKeyFn: (sale) => sale.key }),
    store: new DataLoader(async (ids) => {
      const stores = await services.directory.stores();
      return ids.map((id) => stores.get(id) ?? null);
    }),
  };
}
