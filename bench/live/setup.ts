import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Persona, SignInPerson } from '../../identity-provider/directory';
import type { GroundTruth } from '../../legacy/seed/model';
import { seededPersonas } from '../../legacy/seed/personas';
import { encodeId, plantOfLocation, storePlant } from '../../lib/ids';
import type { AddToCartMutation, CheckoutForPickupMutation, OpenCartMutation, StockBySkuQuery } from '../../operations/generated';
import { operationText, postOperation, protocolFailure } from '../omnichannel/graphql';
import { checkoutAddressOf, pickInputs, type WebShopper } from '../omnichannel/world';

/**
 * What the live part needs before anything is timed: who signs in (the seeded personas, an
 * associate at every store, and web shoppers who follow their own orders), what the stores hold,
 * which (store, SKU) shelves the stock subscribers watch and the tills sell from, and the click &
 * collect orders the handovers complete, placed by the shoppers in their own app.
 */

/** A web shopper who signs in to the app as themselves: their Omnigraph customer is minted from their one CRM record. */
export interface LiveShopper extends WebShopper {
  login: string;
  customerId: string;
}

export interface LiveWorld {
  personas: Persona[];
  shoppers: LiveShopper[];
  /** The POS item master's price of each candidate SKU, whole dong. */
  prices: Map<string, number>;
  /** Candidate SKUs, spread over the catalogue. */
  skus: string[];
}

export const associateOf = (plant: string) => `associate-${plant.toLowerCase()}`;

/**
 * Reads the run's copy of the data files: the seeded personas plus an associate at every store
 * (the store tablets), and up to `shoppers` web shoppers without an open cart, each linked to
 * exactly one CRM record with an email and one web account, as customer personas.
 */
export function liveWorld(worldDir: string, runDir: string, counts: { shoppers: number; skus: number }): LiveWorld {
  const inputs = pickInputs(runDir, { crmCustomers: 0, webShoppers: Number.MAX_SAFE_INTEGER, skus: counts.skus, memberCards: 0 });
  const open = (system: string) => new Database(join(runDir, `${system}.sqlite`), { readonly: true, fileMustExist: true });
  const pos = open('pos');
  const crm = open('crm');
  let stores: { id: string; name: string }[];
  let prices: Map<string, number>;
  let reachable: Set<number>;
  try {
    stores = pos.prepare('SELECT retail_store_id AS id, name FROM stores ORDER BY retail_store_id').all() as { id: string; name: string }[];
    const price = pos.prepare('SELECT price FROM items WHERE sku = ?');
    prices = new Map(
      inputs.skus.flatMap((sku) => {
        const row = price.get(sku) as { price: number } | undefined;
        return row ? [[sku, row.price] as const] : [];
      }),
    );
    reachable = new Set(
      (crm.prepare(`SELECT id FROM res_partner WHERE active = 1 AND COALESCE(email, '') <> ''`).all() as { id: number }[]).map((r) => r.id),
    );
  } finally {
    pos.close();
    crm.close();
  }
  const truth = JSON.parse(readFileSync(join(worldDir, 'ground-truth.json'), 'utf8')) as Pick<GroundTruth, 'persons'>;
  const partnerOfWebAccount = new Map<number, number>();
  for (const person of truth.persons) {
    if (person.crmPartnerIds.length === 1 && person.webCustomerIds.length === 1 && reachable.has(person.crmPartnerIds[0]))
      partnerOfWebAccount.set(person.webCustomerIds[0], person.crmPartnerIds[0]);
  }
  const eligible = inputs.webShoppers.filter((shopper) => partnerOfWebAccount.has(shopper.webCustomerId) && shopper.email);
  const step = Math.max(1, Math.floor(eligible.length / Math.max(1, counts.shoppers)));
  const shoppers: LiveShopper[] = eligible
    .filter((_, index) => index % step === 0)
    .slice(0, counts.shoppers)
    .map((shopper) => ({
      ...shopper,
      login: `shopper-web-${shopper.webCustomerId}`,
      customerId: encodeId('Customer', `CRM:${partnerOfWebAccount.get(shopper.webCustomerId)}`),
    }));
  const staff = stores.map(({ id, name }): SignInPerson => ({
    kind: 'person',
    login: associateOf(storePlant(id)),
    name: `Store associate, ${name} (${storePlant(id)})`,
    roles: ['store-associate'],
    customerId: null,
    stores: [storePlant(id)],
  }));
  const customers = shoppers.map((shopper): SignInPerson => ({
    kind: 'person',
    login: shopper.login,
    name: `${shopper.firstName} ${shopper.lastName}`,
    roles: ['customer'],
    customerId: shopper.customerId,
    stores: [],
  }));
  const personas = [...new Map([...seededPersonas(worldDir), ...staff, ...customers].map((p) => [p.login, p])).values()];
  return { personas, shoppers, prices, skus: inputs.skus.filter((sku) => prices.has(sku)) };
}

/** Runs `work` over the items, a few at a time. */
export async function eachLimited<T, U>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<U>): Promise<U[]> {
  const results: U[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export interface StoreLevel {
  locationId: string;
  plant: string;
  retailStoreId: string;
  name: string;
  onHand: number;
  available: number;
}

/** Every store's stock of each SKU, through the gateway (StockBySku, as the app reads it), by SKU. */
export async function storeStock(gatewayUrl: string, skus: readonly string[], token: string): Promise<Map<string, StoreLevel[]>> {
  const query = operationText('stock.graphql', 'StockBySku');
  const levels = await eachLimited(skus, 4, async (sku) => {
    const answer = await postOperation(gatewayUrl, query, { sku }, token);
    const failure = protocolFailure(answer);
    if (failure) throw new Error(`StockBySku ${sku}: ${failure}`);
    const stockLevels = (answer.data as StockBySkuQuery).productVariant?.stockLevels ?? [];
    return stockLevels.flatMap((level): StoreLevel[] => {
      const plant = plantOfLocation(level.location.id);
      if (level.location.kind !== 'STORE' || !plant || !level.location.storeCode) return [];
      const { onHand, available, location } = level;
      return [{ locationId: location.id, plant, retailStoreId: location.storeCode!, name: location.name, onHand, available }];
    });
  });
  return new Map(skus.map((sku, index) => [sku, levels[index]]));
}

export interface Shelves {
  /** Where the click & collect orders are collected (and handed over): no stock subscriber watches it. */
  pickup: StoreLevel;
  /** The stores the stock subscribers watch and the tills sell at. */
  stores: StoreLevel[];
  skus: string[];
  /** (store, SKU) pairs with enough on the shelf for their share of the sales: where the tills sell. */
  sellable: { store: StoreLevel; sku: string; onHand: number }[];
  /** Units of each SKU the pickup store can give to orders (available less one). */
  pickupUnits: Map<string, number>;
}

/**
 * The pickup store: the store with the most units available over the SKUs. The watched shelves:
 * the `skuCount` SKUs on the most other stores' shelves with `need` units or more, and the
 * `storeCount` other stores holding the most of those.
 */
export function chooseShelves(stock: Map<string, StoreLevel[]>, storeCount: number, skuCount: number, need: number): Shelves {
  const spare = new Map<string, { level: StoreLevel; units: number }>();
  for (const levels of stock.values())
    for (const level of levels) {
      const entry = spare.get(level.locationId) ?? { level, units: 0 };
      entry.units += Math.max(0, level.available - 1);
      spare.set(level.locationId, entry);
    }
  const pickup = [...spare.values()].sort((a, b) => b.units - a.units)[0]?.level;
  if (!pickup) throw new Error('no store holds any of the candidate SKUs');
  const stocked = (sku: string) => (stock.get(sku) ?? []).filter((l) => l.locationId !== pickup.locationId && l.onHand >= need);
  const skus = [...stock.keys()].sort((a, b) => stocked(b).length - stocked(a).length).slice(0, skuCount);
  const holding = new Map<string, { level: StoreLevel; skus: number }>();
  for (const sku of skus)
    for (const level of stocked(sku)) {
      const entry = holding.get(level.locationId) ?? { level, skus: 0 };
      entry.skus += 1;
      holding.set(level.locationId, entry);
    }
  const stores = [...holding.values()]
    .sort((a, b) => b.skus - a.skus)
    .slice(0, storeCount)
    .map((entry) => entry.level);
  if (stores.length === 0) throw new Error(`no store besides the pickup store has ${need} units of any candidate SKU`);
  const sellable = skus.flatMap((sku) =>
    stores.flatMap((store) => {
      const level = stocked(sku).find((l) => l.locationId === store.locationId);
      return level ? [{ store, sku, onHand: level.onHand }] : [];
    }),
  );
  const pickupUnits = new Map<string, number>();
  for (const [sku, levels] of stock) {
    const units = (levels.find((l) => l.locationId === pickup.locationId)?.available ?? 0) - 1;
    if (units > 0) pickupUnits.set(sku, units);
  }
  return { pickup, stores, skus, sellable, pickupUnits };
}

export interface PlacedOrder {
  orderId: string;
  number: string;
  shopper: LiveShopper;
  sku: string;
}

/**
 * Click & collect orders at the pickup store, each placed by a different shopper in their own app
 * (OpenCart, AddToCart, CheckoutForPickup, as the app sends them), one unit each, until `count` are
 * placed or the shoppers run out; a shopper whose cart is not empty, or whose checkout fails, is
 * passed over and counted.
 */
export async function placeOrders(
  gatewayUrl: string,
  shoppers: readonly LiveShopper[],
  tokenOf: (login: string) => Promise<string>,
  shelves: Shelves,
  count: number,
): Promise<{ orders: PlacedOrder[]; passedOver: Record<string, number> }> {
  const units: string[] = [];
  for (let rank = 0; rank < Math.max(0, ...shelves.pickupUnits.values()); rank += 1)
    for (const [sku, available] of shelves.pickupUnits) if (rank < available) units.push(sku);
  const runKey = randomBytes(4).toString('hex');
  let keys = 0;
  const key = (what: string) => `bench-live-${runKey}-${what}-${(keys += 1)}`;
  const orders: PlacedOrder[] = [];
  const passedOver: Record<string, number> = {};
  const pass = (reason: string) => void (passedOver[reason] = (passedOver[reason] ?? 0) + 1);
  let nextShopper = 0;
  let nextUnit = 0;
  const worker = async () => {
    while (orders.length < count && nextShopper < shoppers.length && nextUnit < units.length) {
      const shopper = shoppers[nextShopper++];
      const token = await tokenOf(shopper.login);
      const call = async <T>(name: string, variables: object): Promise<T | string> => {
        const answer = await postOperation(gatewayUrl, operationText('click-and-collect.graphql', name), variables, token);
        return protocolFailure(answer) ?? (answer.data as T);
      };
      const opened = await call<OpenCartMutation>('OpenCart', { customerId: shopper.customerId, idempotencyKey: key('cart') });
      if (typeof opened === 'string') {
        pass(`OpenCart: ${opened}`);
        continue;
      }
      const cart = opened.createCart.cart;
      if (!cart || cart.lines.length > 0) {
        pass(cart ? 'a cart with lines already' : `OpenCart: ${opened.createCart.userErrors.map((e) => e.code).join(',')}`);
        continue;
      }
      const sku = units[nextUnit++];
      const added = await call<AddToCartMutation>('AddToCart', { cartId: cart.id, sku, quantity: 1, idempotencyKey: key('add') });
      if (typeof added === 'string' || added.addCartLine.userErrors.length > 0) {
        pass(`AddToCart: ${typeof added === 'string' ? added : added.addCartLine.userErrors.map((e) => e.code).join(',')}`);
        continue;
      }
      const address = checkoutAddressOf(shopper);
      const placed = await call<CheckoutForPickupMutation>('CheckoutForPickup', {
        cartId: cart.id,
        storeId: shelves.pickup.locationId,
        address,
        idempotencyKey: key('checkout'),
      });
      if (typeof placed === 'string' || placed.checkout.userErrors.length > 0 || placed.checkout.order?.status !== 'READY_FOR_PICKUP') {
        pass(
          `CheckoutForPickup: ${
            typeof placed === 'string'
              ? placed
              : placed.checkout.userErrors.map((e) => e.code).join(',') || `status ${placed.checkout.order?.status ?? 'none'}`
          }`,
        );
        continue;
      }
      if (orders.length < count) orders.push({ orderId: placed.checkout.order.id, number: placed.checkout.order.number, shopper, sku });
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  return { orders, passedOver };
}
