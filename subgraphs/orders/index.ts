import { subgraphTypeDefs, type SubgraphService } from '../../lib/subgraph';
import type { Context } from './context';
import { resolvers } from './resolvers';

/** The orders subgraph: one order history across channels, merged from the channels' indexes. */
export function createService(): SubgraphService<Context> {
  return {
    name: 'orders',
    typeDefs: subgraphTypeDefs('orders'),
    resolvers: resolvers as SubgraphService<Context>['resolvers'],
    createContext: (base) => base,
  };
}
