import { AccessRecorder, recordReadsPlugin } from '../../lib/access-record';
import { subgraphTypeDefs, type SubgraphService } from '../../lib/subgraph';
import { CrmClient } from '../../connectors/crm';
import { CustomerLookup } from '../../lib/customer-lookup';
import { signedInCustomer } from '../../lib/rows';
import type { Context } from './context';
import { createLoaders } from './loaders';
import { resolvers } from './resolvers';

/** The crm subgraph: a customer's profile, consents, loyalty card and support tickets, from the CRM. */
export function createService(env: NodeJS.ProcessEnv): SubgraphService<Context> {
  const crm = CrmClient.fromEnv(env);
  const recorder = new AccessRecorder('crm', env);
  const customers = CustomerLookup.fromEnv('crm', env);
  return {
    name: 'crm',
    typeDefs: subgraphTypeDefs('crm'),
    resolvers: resolvers as SubgraphService<Context>['resolvers'],
    createContext: (base) => ({
      ...base,
      crm: createLoaders(crm),
      customerReads: recorder.readsOf(base),
      signedIn: signedInCustomer(customers, base.caller),
      customers,
    }),
    ready: recorder.ready,
    plugins: [recordReadsPlugin()],
    close: () => recorder.close(),
  };
}
