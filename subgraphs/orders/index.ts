import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { SubgraphService } from '../../lib/subgraph';
import type { Context } from './context';
import { resolvers } from './resolvers';

/** The orders subgraph: one order history across channels, merged from the channels' indexes. */
export function createService(): SubgraphService<Context> {
  return {
    name: 'orders',
    typeDefs: readFileSync(resolve(__dirname, 'schema.graphql'), 'utf8'),
    resolvers: resolvers as SubgraphService<Context>['resolvers'],
    createContext: (base) => base,
  };
}
