import { LRUCache } from 'lru-cache';
import { clockFromEnv } from '../../lib/clock';
import { CustomerLookup } from '../../lib/customer-lookup';
import { LiveEvents } from '../../lib/live-events';
import { signedInCustomer } from '../../lib/rows';
import { createLogger } from '../../lib/logger';
import { subgraphTypeDefs, type SubgraphService } from '../../lib/subgraph';
import { PosClient, Receipt } from '../../connectors/pos';
import type { Context } from './context';
import { CustomerLookups } from './customer-lookups';
import { TillEvents } from './live';
import { createLoaders } from './loaders';
import { resolvers } from './resolvers';
import { feedRelayFromEnv, SalesFeed, salesFeedOptionsFromEnv } from '../../connectors/pos';
import { feedLeasesFromEnv } from '../../lib/leases';
import { StoreDirectory } from '../../connectors/pos';

const number = (value: string | undefined, fallback: number) => (value === undefined || value === '' ? fallback : Number(value));

/** The pos subgraph: store receipts as orders, stores' trading details, and till sales the ERP has not booked yet. */
export function createService(env: NodeJS.ProcessEnv = process.env): SubgraphService<Context> {
  const pos = PosClient.fromEnv(env);
  const directory = new StoreDirectory(pos, number(env.POS_STORES_TTL_MS, 15 * 60_000));
  const clock = clockFromEnv(env);
  const log = createLogger('pos-sales-feed', env);
  // This subgraph's follower of the feed is the one that tells what the tills ring up.
  const tills = new TillEvents(new LiveEvents(log, env), clock());
  // With replicas, one of the deployment reads the till feed on the timer and tells the rest (feed-relay.ts).
  const leases = feedLeasesFromEnv(env, log);
  const salesFeed = new SalesFeed(pos, directory, log, {
    ...salesFeedOptionsFromEnv(env),
    now: clock,
    onReceipt: tills.receiptBooked,
    relay: feedRelayFromEnv(env, leases, log),
  });
  const services = {
    pos,
    directory,
    salesFeed,
    receipts: new LRUCache<string, Receipt>({ max: number(env.POS_RECEIPT_CACHE_SIZE, 20_000) }),
  };
  const lookups = new CustomerLookups();
  // Whether a sale is the signed-in customer's: who they are is identity's to say.
  const customers = CustomerLookup.fromEnv('pos', env);
  return {
    name: 'pos',
    typeDefs: subgraphTypeDefs('pos'),
    resolvers: resolvers as SubgraphService<Context>['resolvers'],
    createContext: (base) => {
      const ofRequest = lookups.of(base);
      return {
        ...base,
        pos: createLoaders(services, ofRequest),
        salesFeed,
        lookups: ofRequest,
        signedIn: signedInCustomer(customers, base.caller),
      };
    },
    ready: salesFeed.ready,
    close: async () => {
      salesFeed.stop();
      await leases.close();
    },
  };
}
