import { AccessRecorder, recordReadsPlugin } from '../../lib/access-record';
import { createLogger } from '../../lib/logger';
import { subgraphTypeDefs, type SubgraphService } from '../../lib/subgraph';
import { CrmClient } from '../../connectors/crm';
import { EcommerceClient } from '../../connectors/ecommerce';
import type { Context } from './context';
import { resolvers } from './resolvers';
import { DirectorySync } from './sync';
import { decisionStore } from './decisions';
import { PosClient } from '../../connectors/pos';
import { clockFromEnv } from '../../lib/clock';

/** The identity subgraph: one customer, with one stable id, across the CRM and the web shop. */
export function createService(env: NodeJS.ProcessEnv = process.env): SubgraphService<Context> {
  const log = createLogger('identity-sync', env);
  const decisions = decisionStore(env, log);
  const clock = clockFromEnv(env);
  const pos = PosClient.fromEnv(env);
  const crm = CrmClient.fromEnv(env);
  const sync = new DirectorySync(crm, EcommerceClient.fromEnv(env), decisions, log, Number(env.IDENTITY_SYNC_INTERVAL_MS ?? 30_000));
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
    ready: Promise.all([decisions.ready, sync.ready, recorder.ready]).then(() => undefined),
    plugins: [recordReadsPlugin()],
    close: async () => {
      sync.stop();
      await Promise.all([recorder.close(), decisions.close()]);
    },
  };
}
