import { randomBytes } from 'node:crypto';
import type { SizeName } from '../../legacy/seed/model';
import { CITIES, STORES_PER_CITY } from '../../legacy/seed/places';
import type {
  AddToCartMutation,
  CheckoutForPickupMutation,
  Customer360ByPhoneQuery,
  CustomerByIdentifierQuery,
  CustomerOrderHistoryQuery,
  OpenCartMutation,
  SellAtCounterMutation,
  StockBySkuQuery,
  WhereCanIGetThisNearMeQuery,
} from '../../operations/generated';
import { locationId } from '../../lib/ids';
import { operationText, postOperation, protocolFailure } from './graphql';
import { checkoutAddressOf, type WebShopper, type WorldInputs } from './world';

/**
 * The four omnichannel workloads, each the typed operation a frontend sends, with its inputs drawn
 * from the seeded world before any timing, and the check that tells a right answer from a wrong one.
 */

export type WorkloadName = 'customer360' | 'orderHistory' | 'nearby' | 'catalogue' | 'checkout' | 'counterRedemption';

/** The reads of read-mostly data (the catalogue, stock, a customer's profile): also measured again with the entity cache warm (lib/entity-cache.ts). */
export const ENTITY_CACHED_WORKLOADS: ReadonlySet<WorkloadName> = new Set(['customer360', 'nearby', 'catalogue']);

export interface NeededStep {
  /** The legacy calls at this depth of the chain (`a ∥ b`: side by side). */
  calls: string;
  reason: string;
  /**
   * Its calls as `system operation`, the names the stand-ins trace, to time the floor; a step without
   * them holds every call of the query no other step names. Workloads whose steps repeat an
   * operation name none, and their floor is not timed.
   */
  operations?: string[];
}

/**
 * The fewest dependent legacy calls each workload needs, given what each legacy API can look up by
 * (see the clients under subgraphs/*): one step per call that must wait for an earlier one's answer.
 * Identity's directory, the plant list, the POS store list and the till sales feed are in memory.
 */
export const NEEDED_CHAIN: Record<WorkloadName, NeededStep[]> = {
  customer360: [
    {
      calls: 'crm helpdesk.ticket.search_read ∥ crm loyalty.card.search_read ∥ every other read of the page',
      reason:
        'the phone finds the customer in identity’s memory, which holds the CRM partner ids, web customer ids, emails, phones and cards that ' +
        'profile, consents, loyalty card, tickets, web account, carts, both web order searches and the POS receipt lookup are searched by',
    },
    {
      calls: 'crm mail.message.search_read ∥ crm loyalty.history.search_read',
      operations: ['crm mail.message.search_read', 'crm loyalty.history.search_read'],
      reason:
        'Odoo finds messages only by ticket id (res_id) and points history only by card id (card_id): both known after the first reads',
    },
  ],
  orderHistory: [
    {
      calls: 'ecommerce orders.list ×2 ∥ pos lookupCustomerTransactions',
      reason:
        'web orders by the customer’s web ids and guest orders by their emails, store receipts by card and phone, all held by identity; ' +
        'the answers carry every field of the page (lines, totals, history, the returns rung up against the receipts)',
    },
  ],
  nearby: [
    {
      calls: 'warehouse A_MatlStkInAcctMod ∥ A_ReservationDocumentItem ∥ A_MaterialDocumentHeader ∥ ecommerce products.list',
      reason:
        'stock and reservations are searched by SKU, end-of-day postings by store (the stores are known from the plant list), name and price by SKU: ' +
        'none needs another’s answer; till sales not yet posted are in memory',
    },
  ],
  catalogue: [
    {
      calls: 'warehouse A_MatlStkInAcctMod ∥ A_ReservationDocumentItem ∥ A_MaterialDocumentHeader ∥ ecommerce products.list',
      reason:
        'the product page’s variant by SKU, its stock and reservations at every plant by SKU, the stores’ postings from the plant list: none needs another’s answer',
    },
  ],
  checkout: [
    {
      calls: 'ecommerce carts.get (∥ ecommerce carts.shippingInformation)',
      reason: 'only the shop knows the cart’s lines; the shipping choice needs only the cart id and the store',
    },
    {
      calls:
        'warehouse A_MatlStkInAcctMod ∥ A_ReservationDocumentItem ∥ A_MaterialDocumentHeader ∥ pos readTransactionFeed ∥ ecommerce products.list',
      reason:
        'availability at the store is read inside the stock lock, which is per SKU: stock and reservations by the cart’s SKUs, postings and till feed by the store; ' +
        'the lines’ prices for Omnigraph’s quote by the same SKUs (the cart price rules are in memory)',
    },
    {
      calls: 'warehouse A_ReservationDocumentHeader.create ∥ ecommerce carts.totals',
      reason:
        'stock is taken only once it is known to be available (never oversell); the shop’s own totals, checked against the quote, need only the cart',
    },
    {
      calls: 'ecommerce carts.paymentInformation',
      reason: 'the order is placed only once its stock is held',
    },
    {
      calls: 'ecommerce orders.list (∥ ecommerce orders.addComment)',
      reason:
        'Magento answers the order’s entity id; its number (increment id), which the ERP label needs, must be read; the note needs only the entity id',
    },
    {
      calls: 'warehouse A_ReservationDocumentItem.update',
      reason: 'the reservation is labelled with the order number, known only now',
    },
  ],
  counterRedemption: [
    {
      calls: 'crm loyalty.card.search_read ∥ ecommerce products.list',
      reason:
        'the card by its printed code (its id and whether it is a member’s), the prices by SKU; the store, its promotions and the till feed are in memory',
    },
    {
      calls: 'crm loyalty.history.search_read ∥ crm loyalty.card.search_read',
      reason:
        'under the card’s lock, the balance now and whether this payment is written already: Odoo has no conditional write, so both are read before spending',
    },
    {
      calls:
        'crm loyalty.history.create ∥ warehouse A_MatlStkInAcctMod ∥ A_ReservationDocumentItem ∥ A_MaterialDocumentHeader ∥ pos readTransactionFeed',
      reason: 'the points are spent and the shelf’s stock read under the SKU’s lock; neither needs the other',
    },
    {
      calls: 'pos postTransaction',
      reason: 'the sale is posted once the points are spent and the units are known to be on the shelf',
    },
    {
      calls: 'crm loyalty.history.search_read',
      reason: 'the receipt key is known only now; the till feed’s follower may have earned on it already',
    },
    {
      calls: 'crm loyalty.history.create',
      reason: 'the points earned on what was paid in money',
    },
  ],
};

/** One request of a workload, ready to send. */
export interface BenchRequest {
  variables: Record<string, unknown>;
  /** Why an answer with HTTP 200 and no errors is still wrong; null when it is right. */
  wrongData(data: unknown): string | null;
}

export interface Workload {
  name: WorkloadName;
  operationName: string;
  query: string;
  token: string;
  /** Exactly `count` requests, prepared untimed: inputs for a read, a filled cart for a checkout. */
  prepare(count: number): Promise<BenchRequest[]>;
}

export interface Callers {
  /** A call-center agent's token: customer look-ups. */
  callCenter: string;
  /** The mobile app's token, signed in as a customer: browsing stock near them. */
  app: string;
  /**
   * A store tablet's token (a store associate): click & collect orders for many customers. A
   * customer's app reaches only its own cart, and the bench cannot sign in each of hundreds of
   * shoppers, so checkouts run as the associate would place them for customers at the counter.
   */
  storeTablet: string;
}

/** The answer's failure, if any: protocol first, then the workload's own check. */
export async function sendRequest(gatewayUrl: string, workload: Workload, request: BenchRequest): Promise<string | null> {
  const answer = await postOperation(gatewayUrl, workload.query, request.variables, workload.token);
  return protocolFailure(answer) ?? request.wrongData(answer.data);
}

/** Runs `work` over the items, a few at a time: setup is untimed but should not take all day. */
async function eachLimited<T, U>(items: readonly T[], limit: number, work: (item: T) => Promise<U>): Promise<U[]> {
  const results: U[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return results;
}

/** Setup-time operation: must answer without errors. */
async function setupCall<T>(gatewayUrl: string, file: string, name: string, variables: object, token: string): Promise<T> {
  const answer = await postOperation(gatewayUrl, operationText(file, name), variables, token);
  const failure = protocolFailure(answer);
  if (failure) throw new Error(`setup ${name} ${JSON.stringify(variables)}: ${failure}`);
  return answer.data as T;
}

/** Takes items in turn, wrapping around: each request asks about the next one. */
function cycle<T>(items: readonly T[]): () => T {
  if (items.length === 0) throw new Error('nothing to cycle through');
  let next = 0;
  return () => items[next++ % items.length];
}

interface KnownCustomer {
  id: string;
  phone: string;
}

interface StoreStock {
  sku: string;
  /** Graph ids of the stores with at least two units available. */
  stores: string[];
  /** Units available at each of them. */
  available: Map<string, number>;
}

/**
 * Resolves what the workloads need through the gateway, untimed: the customers' graph ids by
 * phone, and the SKUs' stock at the stores.
 */
export async function buildWorkloads(gatewayUrl: string, inputs: WorldInputs, size: SizeName, callers: Callers): Promise<Workload[]> {
  const resolved = await eachLimited(inputs.crmCustomers, 8, async ({ phone }) => {
    const answer = await postOperation(
      gatewayUrl,
      operationText('customer.graphql', 'CustomerByIdentifier'),
      { kind: 'PHONE', value: phone },
      callers.callCenter,
    );
    // A household's shared phone names no one customer: the workloads ask by phones that do.
    if (answer.errors?.length && answer.errors.every((error) => error.extensions?.code === 'SHARED_IDENTIFIER')) return null;
    const failure = protocolFailure(answer);
    if (failure) throw new Error(`setup CustomerByIdentifier ${phone}: ${failure}`);
    const data = answer.data as CustomerByIdentifierQuery;
    return data.customerByIdentifier ? { id: data.customerByIdentifier.id, phone } : null;
  });
  const customers = resolved.filter((customer): customer is KnownCustomer => customer !== null);
  const stock = await eachLimited(inputs.skus, 4, async (sku): Promise<StoreStock> => {
    const data = await setupCall<StockBySkuQuery>(gatewayUrl, 'stock.graphql', 'StockBySku', { sku }, callers.app);
    const levels = data.productVariant?.stockLevels ?? [];
    const atStores = levels.filter((level) => level.location.kind === 'STORE' && level.available >= 2);
    return {
      sku,
      stores: atStores.map((level) => level.location.id),
      available: new Map(atStores.map((level) => [level.location.id, level.available])),
    };
  });
  const stocked = stock.filter((item) => item.stores.length > 0);
  const cities = CITIES.filter((_, index) => (STORES_PER_CITY[size][index] ?? 0) > 0);
  process.stdout.write(
    `setup: ${customers.length} customers by phone, ${stocked.length} of ${inputs.skus.length} SKUs in stock at stores, ${cities.length} cities\n`,
  );
  return [
    customer360(customers, callers),
    orderHistory(customers, callers),
    nearby(
      stocked.map((item) => item.sku),
      cities,
      callers,
    ),
    catalogue(
      stocked.map((item) => item.sku),
      callers,
    ),
    checkout(gatewayUrl, inputs.webShoppers, stocked, callers),
    counterRedemption(inputs.memberCards, stocked, callers),
  ];
}

function customer360(customers: KnownCustomer[], callers: Callers): Workload {
  const nextCustomer = cycle(customers);
  return {
    name: 'customer360',
    operationName: 'Customer360ByPhone',
    query: operationText('customer.graphql', 'Customer360ByPhone'),
    token: callers.callCenter,
    prepare: async (count) =>
      Array.from({ length: count }, () => {
        const customer = nextCustomer();
        return {
          variables: { phone: customer.phone },
          wrongData: (data) => {
            const found = (data as Customer360ByPhoneQuery | null | undefined)?.customerByIdentifier;
            return found?.id === customer.id ? null : `phone ${customer.phone} found ${found?.id ?? 'nobody'}`;
          },
        };
      }),
  };
}

function orderHistory(customers: KnownCustomer[], callers: Callers): Workload {
  const nextCustomer = cycle(customers);
  return {
    name: 'orderHistory',
    operationName: 'CustomerOrderHistory',
    query: operationText('customer.graphql', 'CustomerOrderHistory'),
    token: callers.callCenter,
    prepare: async (count) =>
      Array.from({ length: count }, () => {
        const { id } = nextCustomer();
        return {
          variables: { customerId: id, first: 20 },
          wrongData: (data) =>
            (data as CustomerOrderHistoryQuery | null | undefined)?.customer?.orderHistory ? null : `no order history for ${id}`,
        };
      }),
  };
}

function nearby(skus: string[], cities: typeof CITIES, callers: Callers): Workload {
  const nextSku = cycle(skus);
  const nextCity = cycle(cities);
  return {
    name: 'nearby',
    operationName: 'WhereCanIGetThisNearMe',
    query: operationText('stock.graphql', 'WhereCanIGetThisNearMe'),
    token: callers.app,
    prepare: async (count) =>
      Array.from({ length: count }, () => {
        const sku = nextSku();
        const city = nextCity();
        return {
          variables: { sku, latitude: city.latitude, longitude: city.longitude, first: 5 },
          wrongData: (data) => {
            const variant = (data as WhereCanIGetThisNearMeQuery | null | undefined)?.productVariant;
            if (!variant) return `no product ${sku}`;
            return variant.nearbyAvailability ? null : `no availability for ${sku}`;
          },
        };
      }),
  };
}

/** A product page: the variant and its stock at every location (StockBySku), as the app shows it. */
function catalogue(skus: string[], callers: Callers): Workload {
  const nextSku = cycle(skus);
  return {
    name: 'catalogue',
    operationName: 'StockBySku',
    query: operationText('stock.graphql', 'StockBySku'),
    token: callers.app,
    prepare: async (count) =>
      Array.from({ length: count }, () => {
        const sku = nextSku();
        return {
          variables: { sku },
          wrongData: (data) => {
            const variant = (data as StockBySkuQuery | null | undefined)?.productVariant;
            if (!variant) return `no product ${sku}`;
            return variant.stockLevels?.length ? null : `no stock levels for ${sku}`;
          },
        };
      }),
  };
}

/**
 * Click & collect (as the journeys test runs it): each checkout is a different customer's own cart
 * with one unit of a SKU, collected at a store that has two or more. Consecutive checkouts take
 * different SKUs, so they do not queue on one stock lock.
 */
function checkout(gatewayUrl: string, shoppers: WebShopper[], stocked: StoreStock[], callers: Callers): Workload {
  const pairs: { sku: string; storeId: string }[] = [];
  const deepest = Math.max(0, ...stocked.map((item) => item.stores.length));
  for (let rank = 0; rank < deepest; rank += 1) {
    for (const item of stocked) if (rank < item.stores.length) pairs.push({ sku: item.sku, storeId: item.stores[rank] });
  }
  const runKey = randomBytes(4).toString('hex');
  const usedCustomers = new Set<string>();
  let nextShopper = 0;
  let nextPair = 0;
  let keys = 0;
  const key = (what: string) => `bench-${runKey}-${what}-${(keys += 1)}`;
  const call = <T>(name: string, variables: object) =>
    setupCall<T>(gatewayUrl, 'click-and-collect.graphql', name, variables, callers.storeTablet);

  /** An empty cart of a customer not used before; customers whose cart is not empty are passed over. */
  async function emptyCartOfNextCustomer(): Promise<{ cartId: string; shopper: WebShopper }> {
    while (nextShopper < shoppers.length) {
      const shopper = shoppers[nextShopper++];
      const found = await setupCall<CustomerByIdentifierQuery>(
        gatewayUrl,
        'customer.graphql',
        'CustomerByIdentifier',
        { kind: 'WEB_CUSTOMER_ID', value: String(shopper.webCustomerId) },
        callers.storeTablet,
      );
      const customerId = found.customerByIdentifier?.id;
      if (!customerId || usedCustomers.has(customerId)) continue;
      usedCustomers.add(customerId);
      const opened = await call<OpenCartMutation>('OpenCart', { customerId, idempotencyKey: key('cart') });
      const cart = opened.createCart.cart;
      if (cart && cart.lines.length === 0) return { cartId: cart.id, shopper };
    }
    throw new Error(`out of web shoppers with an empty cart after ${shoppers.length}`);
  }

  /** One unit of the next SKU and store in the cart; a SKU the shop will not add is passed over. */
  async function fill(cartId: string): Promise<string> {
    while (nextPair < pairs.length) {
      const { sku, storeId } = pairs[nextPair++];
      const added = await call<AddToCartMutation>('AddToCart', { cartId, sku, quantity: 1, idempotencyKey: key('add') });
      if (added.addCartLine.userErrors.length === 0) return storeId;
    }
    throw new Error(`out of SKUs in stock at stores after ${pairs.length} (SKU, store) pairs`);
  }

  return {
    name: 'checkout',
    operationName: 'CheckoutForPickup',
    query: operationText('click-and-collect.graphql', 'CheckoutForPickup'),
    token: callers.storeTablet,
    // A few carts at a time; the cursors move synchronously, so no customer or pair is taken twice.
    prepare: (count) =>
      eachLimited(Array.from({ length: count }), 4, async (): Promise<BenchRequest> => {
        const { cartId, shopper } = await emptyCartOfNextCustomer();
        const storeId = await fill(cartId);
        const address = checkoutAddressOf(shopper);
        return {
          variables: { cartId, storeId, address, idempotencyKey: key('checkout') },
          wrongData: (data) => {
            const placed = (data as CheckoutForPickupMutation | null | undefined)?.checkout;
            if (!placed) return 'no checkout payload';
            if (placed.userErrors.length > 0) return `userErrors ${placed.userErrors.map((error) => error.code).join(',')}`;
            return placed.order?.number ? null : 'no order number';
          },
        };
      }),
  };
}

/** The store the bench's store tablet works at (its associate's). */
const TABLET_STORE = locationId('S101');

/**
 * A sale at the counter of the tablet's store, paid 5 points with each member's card and the rest in
 * cash: each request another member and the next SKU the store has units of, each SKU sold no more
 * than it has less one (the checkouts take some too), so no sale is refused for want of stock.
 */
function counterRedemption(memberCards: string[], stocked: StoreStock[], callers: Callers): Workload {
  // Round-robin over the SKUs, so consecutive sales do not queue on one SKU's stock lock.
  const budget = (item: StoreStock) => (item.available.get(TABLET_STORE) ?? 1) - 1;
  const units: string[] = [];
  for (let rank = 0; rank < Math.max(0, ...stocked.map(budget)); rank += 1) {
    for (const item of stocked) if (rank < budget(item)) units.push(item.sku);
  }
  let nextUnit = 0;
  const nextSku = () => {
    if (nextUnit >= units.length) throw new Error(`out of units at the tablet's store after ${units.length}`);
    return units[nextUnit++];
  };
  const runKey = randomBytes(4).toString('hex');
  let nextCard = 0;
  let keys = 0;
  return {
    name: 'counterRedemption',
    operationName: 'SellAtCounter',
    query: operationText('counter.graphql', 'SellAtCounter'),
    token: callers.storeTablet,
    prepare: async (count) =>
      Array.from({ length: count }, () => {
        if (nextCard >= memberCards.length) throw new Error(`out of members with points after ${memberCards.length}`);
        const card = memberCards[nextCard++];
        return {
          variables: {
            storeId: TABLET_STORE,
            workstationId: 1,
            associateId: 'NV900',
            lines: [{ sku: nextSku(), quantity: 1 }],
            tender: 'CASH',
            loyaltyCard: card,
            redeemPoints: 5,
            idempotencyKey: `bench-${runKey}-counter-${(keys += 1)}`,
          },
          wrongData: (data) => {
            const sale = (data as SellAtCounterMutation | null | undefined)?.sellAtCounter;
            if (!sale) return 'no sale payload';
            if (sale.userErrors.length > 0) return `userErrors ${sale.userErrors.map((error) => error.code).join(',')}`;
            return sale.pointsRedeemed === 5 && sale.order?.receiptKey ? null : `card ${card}: no receipt or no points paid`;
          },
        };
      }),
  };
}
