import { clockFromEnv } from '../../lib/clock';
import { subgraphTypeDefs, type SubgraphService } from '../../lib/subgraph';
import type { Context } from './context';
import { resolvers } from './resolvers';

/** The inventory subgraph: on hand, reserved and available stock, and the nearest stores that have it. */
export function createService(env: NodeJS.ProcessEnv): SubgraphService<Context> {
  const clock = clockFromEnv(env);
  return {
    name: 'inventory',
    typeDefs: subgraphTypeDefs('inventory'),
    resolvers: resolvers as SubgraphService<Context>['resolvers'],
    createContext: (base) => ({ ...base, now: clock() }),
  };
}
