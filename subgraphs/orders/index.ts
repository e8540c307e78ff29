import { AccessRecorder, recordReadsPlugin } from '../../lib/access-record';
import { subgraphTypeDefs, type SubgraphService } from '../../lib/subgraph';
import type { Context } from './context';
import { resolvers } from './resolvers';

/** The orders subgraph: one order history across channels, merged from the channels' indexes. */
export function createService(env: NodeJS.ProcessEnv = process.env): SubgraphService<Context> {
  const recorder = new AccessRecorder('orders', env);
  return {
    name: 'orders',
    typeDefs: subgraphTypeDefs('orders'),
    resolvers: resolvers as SubgraphService<Context>['resolvers'],
    createContext: (base) => ({ ...base, customerReads: recorder.readsOf(base) }),
    ready: recorder.ready,
    plugins: [recordReadsPlugin()],
    close: () => recorder.close(),
  };
}
