import DataLoader from 'dataloader';
import type { CatalogProduct, Category, EcommerceClient, WebCartDetail, WebCustomer, WebOrderRecord } from '../../connectors/ecommerce';
import type { EntityCache } from '../../lib/entity-cache';
import type { OrdersOfRequest } from './indexed-orders';

/**
 * Per-request DataLoaders: every lookup a page of parents makes is gathered into one web shop
 * search per kind of record, so the page costs the same number of calls whatever its size.
 */
export interface EcommerceLoaders {
  product: DataLoader<string, CatalogProduct | null, string>;
  category: DataLoader<number, Category | null, string>;
  webCustomer: DataLoader<number, WebCustomer | null, string>;
  activeCartsOfCustomer: DataLoader<number, WebCartDetail[], string>;
  /** By opaque cart id (customer's or guest's). */
  cart: DataLoader<string, WebCartDetail | null, string>;
  /** The order index's searches: what they find answers this request's `order` loads too. */
  ordersOfCustomer: DataLoader<number, WebOrderRecord[], string>;
  /** By lower-case email. */
  guestOrdersOfEmail: DataLoader<string, WebOrderRecord[], string>;
  /** By increment id; orders this gateway request's index already read cost no search. */
  order: DataLoader<string, WebOrderRecord | null, string>;
}

/** Keys per search: enough for a page of 100 parents, short enough for a query string. */
const MAX_BATCH = 100;

/** Case-insensitive keys, as the web shop compares SKUs and emails. */
const folded = (key: string | number) => String(key).toLowerCase();

/** One record per key, null for keys the batch read did not return. Keys compare as `same` makes them (case-insensitively by default). */
function byKey<K extends string | number, V>(
  read: (keys: readonly K[]) => Promise<V[]>,
  keyOf: (value: V) => K,
  same: (key: K) => string = folded,
): DataLoader<K, V | null, string> {
  return new DataLoader<K, V | null, string>(
    async (keys) => {
      const found = new Map((await read(keys)).map((value) => [same(keyOf(value)), value]));
      return keys.map((key) => found.get(same(key)) ?? null);
    },
    { maxBatchSize: MAX_BATCH, cacheKeyFn: same },
  );
}

/** The records of each key, in the order the batch read returned them. */
function groupedBy<K extends string | number, V>(
  read: (keys: readonly K[]) => Promise<V[]>,
  keyOf: (value: V) => K | null,
): DataLoader<K, V[], string> {
  return new DataLoader<K, V[], string>(
    async (keys) => {
      const groups = new Map<string, V[]>(keys.map((key) => [folded(key), []]));
      for (const value of await read(keys)) {
        const key = keyOf(value);
        if (key !== null) groups.get(folded(key))?.push(value);
      }
      return keys.map((key) => groups.get(folded(key)) ?? []);
    },
    { maxBatchSize: MAX_BATCH, cacheKeyFn: folded },
  );
}

/** Orders by increment id: those the request's index read, the rest in one search. */
async function ordersByNumbers(shop: EcommerceClient, indexed: OrdersOfRequest, numbers: readonly string[]): Promise<WebOrderRecord[]> {
  const known = numbers.map((number) => indexed.recall(number));
  const missing = numbers.filter((_number, i) => known[i] === undefined);
  const read = missing.length === 0 ? [] : await shop.ordersByNumbers(missing);
  return [...known.filter((order) => order !== undefined), ...read];
}

/**
 * Products by SKU through the product cache (lower-case SKUs: the shop compares them in any case),
 * the rest in one search. The cache holds the shop's records, which are the same for every caller;
 * prices are public, and the rules on what references them (carts, orders) run per request above it.
 */
async function productsBySkus(
  shop: EcommerceClient,
  products: EntityCache<CatalogProduct>,
  skus: readonly string[],
): Promise<CatalogProduct[]> {
  const found = await products.readThrough(
    skus.map(folded),
    async (misses) => new Map((await shop.productsBySkus(misses)).map((product) => [folded(product.sku), product])),
  );
  return [...found.values()];
}

export function createLoaders(shop: EcommerceClient, indexed: OrdersOfRequest, products: EntityCache<CatalogProduct>): EcommerceLoaders {
  const remembered = async (read: Promise<WebOrderRecord[]>) => {
    const orders = await read;
    indexed.remember(orders);
    return orders;
  };
  return {
    product: byKey(
      (skus) => productsBySkus(shop, products, skus),
      (product) => product.sku,
    ),
    category: byKey(
      (ids) => shop.categoriesByIds(ids),
      (category) => category.id,
    ),
    webCustomer: byKey(
      (ids) => shop.customersByIds(ids),
      (customer) => customer.id,
    ),
    activeCartsOfCustomer: groupedBy(
      (ids) => shop.activeCartsOfCustomers(ids),
      (cart) => cart.customerId,
    ),
    // Opaque ids are base64url: case matters.
    cart: byKey(
      (ids) => shop.cartsByIds(ids),
      (cart) => cart.id,
      String,
    ),
    ordersOfCustomer: groupedBy(
      (ids) => remembered(shop.ordersOfCustomers(ids)),
      (order) => order.customerId,
    ),
    guestOrdersOfEmail: groupedBy(
      (emails) => remembered(shop.guestOrdersByEmails(emails)),
      (order) => order.email,
    ),
    order: byKey(
      (numbers) => ordersByNumbers(shop, indexed, numbers),
      (order) => order.number,
    ),
  };
}

/** Loads every key, failing as the batch failed (a web shop outage) rather than answering part. */
export async function loadAll<K, V, C>(loader: DataLoader<K, V, C>, keys: readonly K[]): Promise<V[]> {
  const results = await loader.loadMany(keys);
  const failure = results.find((result): result is Error => result instanceof Error);
  if (failure) throw failure;
  return results as V[];
}
