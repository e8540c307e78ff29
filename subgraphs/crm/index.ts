import { subgraphTypeDefs, type SubgraphService } from '../../lib/subgraph';
import { CrmClient } from '../../connectors/crm';
import type { Context } from './context';
import { createLoaders } from './loaders';
import { resolvers } from './resolvers';

/** The crm subgraph: a customer's profile, consents, loyalty card and support tickets, from the CRM. */
export function createService(env: NodeJS.ProcessEnv): SubgraphService<Context> {
  const crm = CrmClient.fromEnv(env);
  return {
    name: 'crm',
    typeDefs: subgraphTypeDefs('crm'),
    resolvers: resolvers as SubgraphService<Context>['resolvers'],
    createContext: (base) => ({ ...base, crm: createLoaders(crm) }),
  };
}
