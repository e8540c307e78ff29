import { EcommerceClient } from '../../connectors/ecommerce';
import { PosClient } from '../../connectors/pos';
import { clockFromEnv } from '../../lib/clock';
import { serviceCaller } from '../../lib/context';
import { eventBus } from '../../lib/events';
import { feedLeasesFromEnv, ProcessLeases } from '../../lib/leases';
import { createLogger } from '../../lib/logger';
import { LiveEvents } from '../../lib/live-events';
import { gatewaySecret } from '../../lib/signature';
import { SubgraphCall } from '../../lib/subgraph-call';
import { subgraphUrlOf } from '../../lib/subgraph-locations';
import { subgraphTypeDefs, type SubgraphService } from '../../lib/subgraph';
import { HISTORY_MARK, SalesHistory } from './history';
import { CartNames } from './carts';
import type { Context } from './context';
import { SalesEventIntake } from './intake';
import { KpiReadModel } from './read-model';
import { resolvers } from './resolvers';

const number = (value: string | undefined, fallback: number) => (value === undefined || value === '' ? fallback : Number(value));

/**
 * The KPIs subgraph: how each channel sells (`channelKpis`), for managers and the back office, from
 * a read model of its own that the sales events keep current, that took the systems' history in at
 * its first start, and that reads at each start what they recorded since. It has no legacy system of
 * its own.
 *
 * Replicas on one PostgreSQL model (KPIS_STATE_URL, with FEED_LEASES_URL) keep it current from one
 * of them at a time, the holder of the `kpis.sales` lease, which follows the events and reads the
 * history; the others answer from the model once the history is in it. A model of the replica's own
 * (SQLite) is kept by that replica.
 */
export function createService(env: NodeJS.ProcessEnv = process.env): SubgraphService<Context> {
  const log = createLogger('kpis', env);
  const currency = env.KPIS_CURRENCY || 'VND';
  const retryMs = number(env.KPIS_RETRY_MS, 5_000);
  const sources = {
    pos: PosClient.fromEnv(env),
    web: EcommerceClient.fromEnv(env),
    marketplace: new SubgraphCall(
      'marketplace',
      subgraphUrlOf('marketplace', env),
      gatewaySecret(env),
      serviceCaller('service:kpis'),
      number(env.SUBGRAPH_TIMEOUT_MS, 8_000),
    ),
  };
  let model: KpiReadModel | null = null;
  /** The model once the whole history is in it: before, its figures would be short. */
  let served: KpiReadModel | null = null;
  let intake: SalesEventIntake | null = null;
  let retry: NodeJS.Timeout | null = null;
  let closed = false;
  const leases = env.KPIS_STATE_URL ? feedLeasesFromEnv(env, log) : new ProcessLeases();
  let leading = false;
  /** Settled: this replica read the history once (or tried), or another has it in the model. */
  let warm: () => void = () => undefined;
  const warmed = new Promise<void>((resolve) => (warm = resolve));

  const catchUpUntilDone = async (history: SalesHistory): Promise<void> => {
    if (closed || !leading) return;
    try {
      await history.catchUp();
      served = model;
    } catch (error) {
      log.warn({ err: error }, 'the sales history could not be read yet; trying again');
      if (!closed) retry = setTimeout(() => void catchUpUntilDone(history), retryMs);
    }
    warm();
  };

  /** Follows the events from the stored sequence; answers once it does. */
  const follow = async (): Promise<void> => {
    intake = new SalesEventIntake(
      model!,
      () => eventBus(env),
      new CartNames(sources.web),
      // JetStream keeps the stream across restarts; the in-process bus does not.
      { resumable: Boolean(env.EVENTS_NATS_URL), namespace: env.EVENTS_NAMESPACE || 'default', currency, retryMs },
      log,
      new LiveEvents(log, env),
    );
    await intake.start();
  };

  /** Another replica keeps the model: it answers once that one has the whole history in it. */
  const serveOnceHistoryIn = async (): Promise<void> => {
    if (closed) return;
    if (served === null && (await model!.mark(HISTORY_MARK).catch(() => null)) !== null) served = model;
    if (served !== null) warm();
    else retry = setTimeout(() => void serveOnceHistoryIn(), retryMs);
  };

  /** The events followed from the lease's taking (at once for a model of its own), then the history read. */
  let following: Promise<void> = Promise.resolve();
  let historyReading: Promise<void> | null = null;
  const readHistory = () =>
    (historyReading ??= following
      .then(() => catchUpUntilDone(new SalesHistory(model!, sources, clockFromEnv(env), currency, log)))
      .finally(() => (historyReading = null)));
  let started = false;
  const ready = (async () => {
    const opened = await KpiReadModel.open(env, log);
    model = opened;
    leases.follow('kpis.sales', {
      lead: () => {
        leading = true;
        // Events first: whatever is sold while the history is read arrives as an event.
        following = follow();
        // Taken over from a replica that stopped: what the systems recorded since it read them.
        if (started) void readHistory();
      },
      standDown: () => {
        leading = false;
        void intake?.stop();
        intake = null;
      },
    });
    await following;
    // Read whole once, the model answers while a later start catches up (or cannot yet).
    if ((await opened.mark(HISTORY_MARK)) !== null) served = opened;
    started = true;
  })();
  // Read after the subgraph is ready, not before: a first read of a large estate's history takes
  // minutes (about 2 on the bench's large world), and nothing else in the graph waits for it;
  // channelKpis answers KPIS_UNAVAILABLE until it is in.
  const settled = ready.then(
    () => {
      void (leading ? readHistory() : serveOnceHistoryIn());
      return warmed;
    },
    () => undefined,
  );

  return {
    name: 'kpis',
    typeDefs: subgraphTypeDefs('kpis'),
    resolvers: resolvers as SubgraphService<Context>['resolvers'],
    createContext: (base) => ({ ...base, kpis: served, currency }),
    ready,
    settled,
    close: async () => {
      closed = true;
      if (retry) clearTimeout(retry);
      // The events' writes end before the model closes; the lease is given back after.
      await intake?.stop();
      intake = null;
      await leases.close();
      await model?.close();
    },
  };
}
