import type { FastifyInstance } from 'fastify';
import { CrmClient, LoyaltyLedger } from '../../connectors/crm';
import { EcommerceClient, PromotionBook } from '../../connectors/ecommerce';
import { MarketplaceClient, MarketplaceAnswerError, PushSignatureError } from '../../connectors/marketplace';
import { feedRelayFromEnv, PosClient, SalesFeed, salesFeedOptionsFromEnv, StoreDirectory } from '../../connectors/pos';
import { feedLeasesFromEnv } from '../../lib/leases';
import { leasedRelayFromEnv } from '../../lib/feed-relay';
import { PlantDirectory, StockGate, WarehouseClient } from '../../connectors/warehouse';
import { AccessRecorder, recordReadsPlugin } from '../../lib/access-record';
import { clockFromEnv } from '../../lib/clock';
import { CustomerLookup } from '../../lib/customer-lookup';
import { LiveEvents } from '../../lib/live-events';
import { createLogger } from '../../lib/logger';
import { signedInCustomer } from '../../lib/rows';
import { subgraphTypeDefs, type SubgraphService } from '../../lib/subgraph';
import { BundleDealSync } from './bundle-deals';
import type { Context } from './context';
import { MarketplaceEarning } from './earning';
import { Fulfilment } from './fulfilment';
import { MARKETPLACE_ORDERS_LEASE, OrderIntake } from './intake';
import { OrderBook } from './order-book';
import { resolvers } from './resolvers';
import { openMarketplaceState, type MarketplaceState } from './state';
import { StockSync } from './stock-sync';

const number = (value: string | undefined, fallback: number) => (value === undefined || value === '' ? fallback : Number(value));

/** Where the marketplace's push notifications arrive (MARKETPLACE_CALLBACK_URL is this route's public address). */
export const PUSH_ROUTE = '/marketplace/push';

/**
 * The marketplace subgraph: the marketplace as one more sales channel. Its orders join the one order
 * history (the registry's order-source contract), are fulfilled from the retailer's plants through
 * the same stock gate as every other channel, linked members earn points on them, the marketplace is
 * told what it may sell, and the retailer's buy-x-get-y promotions run there as its bundle deals.
 */
export function createService(env: NodeJS.ProcessEnv = process.env): SubgraphService<Context> {
  const log = createLogger('marketplace', env);
  const live = new LiveEvents(log, env);
  const clock = clockFromEnv(env);
  const marketplace = MarketplaceClient.fromEnv(env, { clock });
  const erp = WarehouseClient.fromEnv(env);
  const pos = PosClient.fromEnv(env);
  const web = EcommerceClient.fromEnv(env);
  const crm = CrmClient.fromEnv(env);
  const customers = CustomerLookup.fromEnv('marketplace', env);
  const recorder = new AccessRecorder('marketplace', env);
  const plants = new PlantDirectory(erp, number(env.WAREHOUSE_PLANT_CACHE_TTL_MS, 600_000), log);
  // Store plants' availability counts the till sales the ERP has not booked: the gate reads them here;
  // with replicas, one of the deployment reads the till feed on the timer and tells the rest (feed-relay.ts).
  const leases = feedLeasesFromEnv(env, log);
  const salesFeed = new SalesFeed(
    pos,
    new StoreDirectory(pos, number(env.POS_STORES_TTL_MS, 15 * 60_000)),
    createLogger('marketplace-sales-feed', env),
    {
      ...salesFeedOptionsFromEnv(env),
      now: clock,
      relay: feedRelayFromEnv(env, leases, log),
    },
  );
  const book = new OrderBook();
  // With replicas, one polls the marketplace and tells it its stock; all take in the orders it reads (intake.ts).
  const orderRelay = leasedRelayFromEnv(env, leases, MARKETPLACE_ORDERS_LEASE, log);
  const fulfilmentPlants = async () => {
    const configured = env.MARKETPLACE_FULFILMENT_PLANTS?.split(',')
      .map((plant) => plant.trim())
      .filter(Boolean);
    if (configured?.length) return configured;
    // Warehouses first, then the stores (ship from store), each in the ERP's order by name.
    const all = (await plants.current()).byName;
    return [...all.filter((p) => p.kind === 'WAREHOUSE'), ...all.filter((p) => p.kind === 'STORE')].map((p) => p.plant);
  };
  let state: MarketplaceState | null = null;
  let fulfilment: Fulfilment | null = null;
  let intake: OrderIntake | null = null;
  let stockSync: StockSync | null = null;
  let bundleDeals: BundleDealSync | null = null;

  const ready = (async () => {
    state = await openMarketplaceState(env, log);
    const gate = new StockGate(state, erp, plants, salesFeed);
    fulfilment = new Fulfilment(marketplace, erp, gate, state, fulfilmentPlants, log, live);
    const goLive = await state.goLive(clock().toISOString());
    const acting = fulfilment;
    // Points for linked members, written through the same ledger and card locks as commerce's.
    const earning = new MarketplaceEarning(crm, new LoyaltyLedger(crm, state), createLogger('marketplace-loyalty', env));
    stockSync = new StockSync(
      marketplace,
      gate,
      fulfilmentPlants,
      () => book.unreserved(),
      {
        buffer: number(env.MARKETPLACE_STOCK_BUFFER, 2),
        intervalMs: number(env.MARKETPLACE_STOCK_SYNC_MS, 2_000),
        // The lease's holder alone, broker or not: a replica reading the orders alone for want of one must not write stock too.
        leads: () => orderRelay?.holds() ?? true,
      },
      createLogger('marketplace-stock', env),
    );
    const sync = stockSync;
    // The retailer's buy-x-get-y promotions, as the marketplace's bundle deals.
    bundleDeals = new BundleDealSync(
      marketplace,
      new PromotionBook(web),
      web,
      state,
      clock,
      { intervalMs: number(env.MARKETPLACE_PROMOTION_SYNC_MS, 60_000) },
      createLogger('marketplace-promotions', env),
    );
    intake = new OrderIntake(
      marketplace,
      book,
      clock,
      { historyDays: number(env.MARKETPLACE_HISTORY_DAYS, 180), pollMs: number(env.MARKETPLACE_POLL_MS, 5_000), relay: orderRelay },
      async (orders) => {
        // What fulfilment changed at the marketplace is read back at once, so the book and the stock follow.
        sync.changedAtMarketplace(orders);
        const acted = await acting.handle(orders, goLive);
        await earning.handle(orders, goLive);
        if (acted.length > 0) void intake?.reread(acted.map((order) => order.number));
        sync.nudge();
      },
      log,
      live,
    );
    await salesFeed.ready;
    await intake.start();
    // Ready once the marketplace was told its stock and the promotions' deals (or could not be: they log and try again).
    await Promise.all([stockSync.start(), bundleDeals.start()]);
  })();

  return {
    name: 'marketplace',
    typeDefs: subgraphTypeDefs('marketplace'),
    resolvers: resolvers as SubgraphService<Context>['resolvers'],
    createContext: (base) => {
      if (!fulfilment) throw new Error('the marketplace subgraph answered before it was ready');
      return {
        ...base,
        marketplace,
        orders: book,
        fulfilment,
        signedIn: signedInCustomer(customers, base.caller),
        customers,
        customerReads: recorder.readsOf(base),
      };
    },
    ready: Promise.all([ready, recorder.ready]).then(() => undefined),
    plugins: [recordReadsPlugin()],
    routes: (app) => pushRoute(app, marketplace, () => intake, env, log),
    close: async () => {
      intake?.stop();
      stockSync?.stop();
      bundleDeals?.stop();
      salesFeed.stop();
      await leases.close();
      await recorder.close();
      await state?.close();
    },
  };
}

/**
 * The marketplace's push notifications: verified against the partner key over the callback URL as
 * registered and the body as received, refused (401) when not the marketplace's, and otherwise only
 * a reason to read the order again. Answered 204 once the order is read, so a push the marketplace
 * sees fail is one it sends again.
 */
function pushRoute(
  app: FastifyInstance,
  marketplace: MarketplaceClient,
  intake: () => OrderIntake | null,
  env: NodeJS.ProcessEnv,
  log: ReturnType<typeof createLogger>,
): void {
  app.post(PUSH_ROUTE, async (request, reply) => {
    const callbackUrl = env.MARKETPLACE_CALLBACK_URL ?? `http://${request.headers.host}${PUSH_ROUTE}`;
    try {
      const push = marketplace.orderStatusPush({
        callbackUrl,
        rawBody: request.rawBody ?? '',
        authorization: request.headers.authorization,
      });
      const following = intake();
      if (push === null) return reply.code(204).send();
      if (following === null) return reply.code(503).send({ error: 'not ready' });
      await following.pushed(push);
      return reply.code(204).send();
    } catch (error) {
      if (error instanceof PushSignatureError) return reply.code(401).send({ error: error.message });
      if (error instanceof MarketplaceAnswerError) return reply.code(400).send({ error: 'unreadable push' });
      log.warn({ err: error }, 'a marketplace push could not be acted on; the marketplace sends it again and the poll catches it');
      return reply.code(503).send({ error: 'try again' });
    }
  });
}
