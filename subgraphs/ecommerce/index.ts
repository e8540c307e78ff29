import { AccessRecorder, recordReadsPlugin } from '../../lib/access-record';
import { clockFromEnv } from '../../lib/clock';
import { CustomerLookup } from '../../lib/customer-lookup';
import { EntityCaches, millisecondsFromEnv } from '../../lib/entity-cache';
import { LiveEvents } from '../../lib/live-events';
import { createLogger } from '../../lib/logger';
import { signedInCustomer } from '../../lib/rows';
import { subgraphTypeDefs, type SubgraphService } from '../../lib/subgraph';
import { EcommerceClient, PromotionBook, type CatalogProduct } from '../../connectors/ecommerce';
import { catalogueFollower } from './catalogue-follower';
import { followUnderLease } from '../../lib/change-follower';
import { feedLeasesFromEnv } from '../../lib/leases';
import type { Context } from './context';
import { IndexedOrders } from './indexed-orders';
import { createLoaders } from './loaders';
import { orderOwnersLoader } from './order-owners';
import { resolvers } from './resolvers';

/** The ecommerce subgraph: the catalogue, web accounts, carts and web orders, from the web shop. */
export function createService(env: NodeJS.ProcessEnv = process.env): SubgraphService<Context> {
  const shop = EcommerceClient.fromEnv(env);
  const indexedOrders = new IndexedOrders();
  const clock = clockFromEnv(env);
  const promotions = new PromotionBook(shop);
  // Whether an order or a cart is the signed-in customer's, and whose an order is for the record of
  // who looked when staff read its email: who is who is identity's to say.
  const customers = CustomerLookup.fromEnv('ecommerce', env);
  const recorder = new AccessRecorder('ecommerce', env);
  const log = createLogger('ecommerce', env);
  // The shop's product records (name, price, special price), shared by every request and, with
  // Redis, every replica; dropped within a follower round of a change in the shop.
  const caches = EntityCaches.fromEnv(env, log);
  const productLifetimeMs = millisecondsFromEnv(env.ECOMMERCE_PRODUCT_CACHE_MS, 5 * 60_000, 'ECOMMERCE_PRODUCT_CACHE_MS');
  const products = caches.cache<CatalogProduct>('product', productLifetimeMs);
  caches.invalidateOn('catalogue.product.*', (event) => [String(event.data.sku).toLowerCase()], [products]);
  const follower = catalogueFollower(shop, new LiveEvents(log, env), (skus) => products.invalidate(skus), log);
  // One replica follows at a time (FEED_LEASES_URL); whoever takes the feed reads from one lifetime
  // back, so a save made while no replica followed (a restart, a lease moving) is still dropped.
  const leases = feedLeasesFromEnv(env, log);
  const ready = Promise.all([recorder.ready, caches.ready]).then(() =>
    followUnderLease(
      leases,
      'ecommerce.catalogue',
      follower,
      millisecondsFromEnv(env.ECOMMERCE_CATALOGUE_FOLLOW_MS, 1_000, 'ECOMMERCE_CATALOGUE_FOLLOW_MS'),
      () => new Date(clock().getTime() - Math.max(0, productLifetimeMs)),
    ),
  );
  return {
    name: 'ecommerce',
    typeDefs: subgraphTypeDefs('ecommerce'),
    resolvers: resolvers as SubgraphService<Context>['resolvers'],
    createContext: (base) => {
      const indexed = indexedOrders.of(base);
      return {
        ...base,
        shop,
        loaders: createLoaders(shop, indexed, products),
        now: clock(),
        promotions,
        indexed,
        signedIn: signedInCustomer(customers, base.caller),
        customerReads: recorder.readsOf(base),
        orderOwners: orderOwnersLoader(customers),
      };
    },
    ready,
    plugins: [recordReadsPlugin()],
    close: async () => {
      follower.stop();
      await Promise.all([recorder.close(), caches.close(), leases.close()]);
    },
  };
}
