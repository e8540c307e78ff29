import { AccessRecorder, recordReadsPlugin } from '../../lib/access-record';
import { createLogger } from '../../lib/logger';
import { subgraphTypeDefs, type SubgraphService } from '../../lib/subgraph';
import { CrmClient } from '../../connectors/crm';
import { EcommerceClient } from '../../connectors/ecommerce';
import type { Context } from './context';
import { resolvers } from './resolvers';
import { DirectorySync } from './sync';
import { directoryRecordStore } from './directory-records';
import { feedLeasesFromEnv } from '../../lib/leases';
import { decisionStore } from './decisions';
import { PosClient } from '../../connectors/pos';
import { clockFromEnv } from '../../lib/clock';
import { randomUUID } from 'node:crypto';
import { eventBus } from '../../lib/events';
import { LiveEvents } from '../../lib/live-events';

/** The identity subgraph: one customer, with one stable id, across the CRM and the web shop. */
export function createService(env: NodeJS.ProcessEnv = process.env): SubgraphService<Context> {
  const log = createLogger('identity-sync', env);
  const decisions = decisionStore(env, log);
  const clock = clockFromEnv(env);
  const pos = PosClient.fromEnv(env);
  const crm = CrmClient.fromEnv(env);
  const records = directoryRecordStore(env, log);
  // One replica at a time reads the systems' changes on the timer (FEED_LEASES_URL); every replica
  // takes them in from the store, and reads the systems itself only when a lookup misses.
  const leases = feedLeasesFromEnv(env, log);
  let leading = false;
  leases.follow('identity.directory', {
    lead: () => {
      leading = true;
    },
    standDown: () => {
      leading = false;
    },
  });
  // Replicas tell each other when they stored records or took a decision, so a merge, or a customer
  // one replica read after a miss, reaches the others at once rather than at their next round.
  const replica = randomUUID();
  const events = new LiveEvents(log, env);
  let changes = 0;
  const sync = new DirectorySync(crm, EcommerceClient.fromEnv(env), decisions, records, log, {
    intervalMs: Number(env.IDENTITY_SYNC_INTERVAL_MS ?? 30_000),
    leads: () => leading,
    announce: (what) => void events.identityDirectory({ what, replica }, String((changes += 1))),
  });
  const unsubscribe = eventBus(env)
    .then((bus) =>
      bus.subscribe('identity.directory.>', (event) => {
        if (event.data.replica !== replica) sync.changedElsewhere();
      }),
    )
    .catch((error: unknown) => {
      log.warn({ err: error }, 'identity: cannot hear the other replicas; their changes arrive at each round');
      return null;
    });
  const recorder = new AccessRecorder('identity', env);
  return {
    name: 'identity',
    typeDefs: subgraphTypeDefs('identity'),
    resolvers: resolvers as SubgraphService<Context>['resolvers'],
    createContext: (base) => ({
      ...base,
      directory: sync.current(),
      sync,
      decisions,
      pos,
      crm,
      clock,
      customerReads: recorder.readsOf(base),
      accessRecord: recorder.store,
    }),
    ready: Promise.all([decisions.ready, records.ready, sync.ready, recorder.ready]).then(() => undefined),
    // A directory without the CRM's or the web shop's customers finds nobody there: not ready until both were read.
    unreadSystems: () => sync.unreadSystems(),
    plugins: [recordReadsPlugin()],
    close: async () => {
      const rounds = sync.stop();
      await (
        await unsubscribe
      )?.();
      await leases.close();
      await rounds;
      await Promise.all([recorder.close(), decisions.close(), records.close()]);
    },
  };
}
