import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { clockFromEnv } from '../../lib/clock';
import type { SubgraphService } from '../../lib/subgraph';
import type { Context } from './context';
import { resolvers } from './resolvers';

/** The inventory subgraph: on hand, reserved and available stock, and the nearest stores that have it. */
export function createService(env: NodeJS.ProcessEnv): SubgraphService<Context> {
  const clock = clockFromEnv(env);
  return {
    name: 'inventory',
    typeDefs: readFileSync(resolve(__dirname, 'schema.graphql'), 'utf8'),
    resolvers: resolvers as SubgraphService<Context>['resolvers'],
    createContext: (base) => ({ ...base, now: clock() }),
  };
}
