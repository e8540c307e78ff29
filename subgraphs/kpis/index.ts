import { EcommerceClient } from '../../connectors/ecommerce';
import { PosClient } from '../../connectors/pos';
import { clockFromEnv } from '../../lib/clock';
import { serviceCaller } from '../../lib/context';
import { eventBus } from '../../lib/events';
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

  const catchUpUntilDone = async (history: SalesHistory): Promise<void> => {
    try {
      await history.catchUp();
      served = model;
    } catch (error) {
      log.warn({ err: error }, 'the sales history could not be read yet; trying again');
      if (!closed) retry = setTimeout(() => void catchUpUntilDone(history), retryMs);
    }
  };

  const ready = (async () => {
    model = await KpiReadModel.open(env, log);
    intake = new SalesEventIntake(
      model,
      () => eventBus(env),
      new CartNames(sources.web),
      // JetStream keeps the stream across restarts; the in-process bus does not.
      { resumable: Boolean(env.EVENTS_NATS_URL), namespace: env.EVENTS_NAMESPACE || 'default', currency, retryMs },
      log,
      new LiveEvents(log, env),
    );
    // Events first: whatever is sold while the history is read arrives as an event.
    await intake.start();
    // Read whole once, the model answers while a later start catches up (or cannot yet).
    if ((await model.mark(HISTORY_MARK)) !== null) served = model;
  })();
  // Read after the subgraph is ready, not before: a first read of a large estate's history takes
  // minutes (about 2 on the bench's large world), and nothing else in the graph waits for it;
  // channelKpis answers KPIS_UNAVAILABLE until it is in.
  const settled = ready.then(
    () => catchUpUntilDone(new SalesHistory(model!, sources, clockFromEnv(env), currency, log)),
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
      await intake?.stop();
      await model?.close();
    },
  };
}
