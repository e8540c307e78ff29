import { AccessRecorder, recordReadsPlugin } from '../../lib/access-record';
import { clockFromEnv } from '../../lib/clock';
import { createLogger } from '../../lib/logger';
import { CustomerLookup } from '../../lib/customer-lookup';
import { LiveEvents } from '../../lib/live-events';
import { signedInCustomer } from '../../lib/rows';
import { subgraphTypeDefs, type SubgraphService } from '../../lib/subgraph';
import { CrmClient, LoyaltyLedger } from '../../connectors/crm';
import { EcommerceClient, PromotionBook } from '../../connectors/ecommerce';
import { PosClient, type Receipt } from '../../connectors/pos';
import { feedRelayFromEnv, SalesFeed, salesFeedOptionsFromEnv } from '../../connectors/pos';
import { everyWhileLeading, feedLeasesFromEnv } from '../../lib/leases';
import { StoreDirectory } from '../../connectors/pos';
import { WarehouseClient } from '../../connectors/warehouse';
import { PlantDirectory, StockGate } from '../../connectors/warehouse';
import { orderSaga } from './checkout';
import { Earning } from './earning';
import { STALE_CLAIM_MS } from './idempotency';
import { LoyaltyMembers } from './loyalty';
import type { Context } from './context';
import { counterSaleSaga } from './counter';
import { cancelPickupSaga, handoverSaga } from './pickup';
import { cancelOverdue, resolvers, Settled } from './resolvers';
import { storeReturnSaga } from './returns';
import { ProfileWorker } from './profile';
import { SagaRunner } from './saga';
import type { CommerceServices } from './services';
import { openCommerceState } from './state/index';
import { supportCaseSaga } from './support';
import { WebOrderEvents } from './web-order-events';

const number = (value: string | undefined, fallback: number) => (value === undefined || value === '' ? fallback : Number(value));

/**
 * The commerce subgraph: the mutations that carry an order across channels and systems. A domain
 * subgraph: it drives the web shop, the POS, the ERP and the CRM through their subgraphs' clients,
 * and keeps its own durable state (idempotency keys, the saga log, the stock locks).
 */
export function createService(env: NodeJS.ProcessEnv = process.env): SubgraphService<Context> {
  const log = createLogger('commerce', env);
  const live = new LiveEvents(log, env);
  const recorder = new AccessRecorder('commerce', env);
  const clock = clockFromEnv(env);
  const web = EcommerceClient.fromEnv(env);
  const pos = PosClient.fromEnv(env);
  const erp = WarehouseClient.fromEnv(env);
  const crm = CrmClient.fromEnv(env);
  // Who is who is identity's: commerce asks it, signed as the gateway signs, as the commerce service.
  const customers = CustomerLookup.fromEnv('commerce', env);
  const stores = new StoreDirectory(pos, number(env.POS_STORES_TTL_MS, 15 * 60_000));
  // Receipts the feed books wait here until the state is open; the earning follower then settles them.
  const booked: Receipt[] = [];
  let onReceipt: (receipt: Receipt) => void = (receipt) => booked.push(receipt);
  const leases = feedLeasesFromEnv(env, log);
  // With replicas, one of the deployment reads the till feed on the timer and tells the rest (feed-relay.ts).
  const salesFeed = new SalesFeed(pos, stores, createLogger('commerce-sales-feed', env), {
    ...salesFeedOptionsFromEnv(env),
    now: clock,
    onReceipt: (receipt) => onReceipt(receipt),
    relay: feedRelayFromEnv(env, leases, log),
  });
  const plants = new PlantDirectory(erp, number(env.WAREHOUSE_PLANT_CACHE_TTL_MS, 600_000), log);
  const recoveryMs = number(env.COMMERCE_RECOVERY_MS, 30_000);
  const sweepMs = number(env.COMMERCE_PICKUP_SWEEP_MS, 5 * 60_000);
  const earningMs = number(env.COMMERCE_LOYALTY_FOLLOW_MS, 5_000);
  const timers: NodeJS.Timeout[] = [];
  let services: CommerceServices | null = null;

  /** Finishes what a crash left running, then answers the idempotency keys of the requests it belonged to. */
  const recover = async (commerce: CommerceServices) => {
    for (const { saga, finished } of await commerce.sagas.recover()) {
      const { idempotency } = saga.input as Partial<Settled>;
      if (!idempotency) continue;
      if (finished.status === 'COMPLETED') await commerce.state.completeIdempotencyKey(idempotency.scope, idempotency.key, finished.result);
      else await commerce.state.releaseIdempotencyKey(idempotency.scope, idempotency.key);
    }
  };
  const every = (ms: number, work: () => Promise<unknown>, what: string) => {
    if (ms <= 0) return;
    const timer = setInterval(() => void work().catch((error: unknown) => log.warn({ err: error }, `${what} failed; will try again`)), ms);
    timer.unref();
    timers.push(timer);
  };

  const ready = (async () => {
    const state = await openCommerceState(env);
    const sagas = new SagaRunner(state, log, number(env.COMMERCE_RECOVERY_QUIET_MS, 60_000));
    const ledger = new LoyaltyLedger(crm, state);
    const members = new LoyaltyMembers(crm, customers);
    const earning = new Earning(
      ledger,
      members,
      web,
      state,
      createLogger('commerce-loyalty', env),
      clock,
      new WebOrderEvents(live).changed,
    );
    const commerce: CommerceServices = {
      state,
      sagas,
      gate: new StockGate(state, erp, plants, salesFeed),
      web,
      pos,
      erp,
      crm,
      customers,
      promotions: new PromotionBook(web),
      salesFeed,
      loyalty: { ledger, members, earning },
      profiles: new ProfileWorker(
        state,
        crm,
        web,
        clock,
        createLogger('commerce-profiles', env),
        {
          retryMs: number(env.COMMERCE_PROFILE_RETRY_MS, 5_000),
          maxBackoffMs: number(env.COMMERCE_PROFILE_MAX_BACKOFF_MS, 5 * 60_000),
        },
        live,
      ),
      settings: {
        pickupHoldMs: number(env.COMMERCE_PICKUP_HOLD_HOURS, 72) * 3_600_000,
        staleClaimMs: number(env.COMMERCE_STALE_CLAIM_MS, STALE_CLAIM_MS),
      },
      live,
      log,
      now: clock,
    };
    sagas.register(orderSaga(commerce));
    sagas.register(counterSaleSaga(commerce));
    sagas.register(handoverSaga(commerce));
    sagas.register(cancelPickupSaga(commerce));
    sagas.register(storeReturnSaga(commerce));
    sagas.register(supportCaseSaga(commerce));
    await earning.start();
    onReceipt = earning.receiptBooked;
    booked.splice(0).forEach(earning.receiptBooked);
    await salesFeed.ready;
    services = commerce;
    await recover(commerce).catch((error: unknown) => log.warn({ err: error }, 'saga recovery at start failed; will try again'));
    // The profile outbox: what a crash or an outage left undelivered goes out now, then on a timer.
    commerce.profiles.start();
    void commerce.profiles.kick();
    every(recoveryMs, () => recover(commerce), 'saga recovery');
    // Receipts are booked by this replica's own follower of the tills: it settles them (the ledger
    // keys each, so two replicas earn once).
    every(earningMs, () => earning.drain(), 'loyalty earning');
    // The web shop's order changes and the sweep of uncollected pickups are one replica's at a time
    // (their marks and effects are in the shared state): FEED_LEASES_URL.
    everyWhileLeading(leases, 'commerce.web-orders', earningMs, () => earning.followWebOrders(), log);
    everyWhileLeading(leases, 'commerce.pickup-sweep', sweepMs, () => cancelOverdue(commerce, null), log);
  })();

  return {
    name: 'commerce',
    typeDefs: subgraphTypeDefs('commerce'),
    resolvers: resolvers as SubgraphService<Context>['resolvers'],
    createContext: (base) => {
      if (!services) throw new Error('the commerce subgraph answered before it was ready');
      return {
        ...base,
        commerce: services,
        signedIn: signedInCustomer(services.customers, base.caller),
        customerReads: recorder.readsOf(base),
      };
    },
    ready: Promise.all([ready, recorder.ready]).then(() => undefined),
    plugins: [recordReadsPlugin()],
    close: async () => {
      await recorder.close();
      timers.forEach(clearInterval);
      await leases.close();
      services?.profiles.stop();
      salesFeed.stop();
      await services?.state.close();
    },
  };
}
