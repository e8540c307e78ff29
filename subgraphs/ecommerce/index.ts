import { AccessRecorder, recordReadsPlugin } from '../../lib/access-record';
import { clockFromEnv } from '../../lib/clock';
import { CustomerLookup } from '../../lib/customer-lookup';
import { signedInCustomer } from '../../lib/rows';
import { subgraphTypeDefs, type SubgraphService } from '../../lib/subgraph';
import { EcommerceClient, PromotionBook } from '../../connectors/ecommerce';
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
  return {
    name: 'ecommerce',
    typeDefs: subgraphTypeDefs('ecommerce'),
    resolvers: resolvers as SubgraphService<Context>['resolvers'],
    createContext: (base) => {
      const indexed = indexedOrders.of(base);
      return {
        ...base,
        shop,
        loaders: createLoaders(shop, indexed),
        now: clock(),
        promotions,
        indexed,
        signedIn: signedInCustomer(customers, base.caller),
        customerReads: recorder.readsOf(base),
        orderOwners: orderOwnersLoader(customers),
      };
    },
    ready: recorder.ready,
    plugins: [recordReadsPlugin()],
    close: () => recorder.close(),
  };
}
