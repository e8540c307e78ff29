import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createLogger } from '../../lib/logger';
import type { SubgraphService } from '../../lib/subgraph';
import { CrmClient } from '../crm/client';
import { EcommerceClient } from '../ecommerce/client';
import type { Context } from './context';
import { resolvers } from './resolvers';
import { DirectorySync } from './sync';

/** The identity subgraph: one customer, with one stable id, across the CRM and the web shop. */
export function createService(env: NodeJS.ProcessEnv = process.env): SubgraphService<Context> {
  const sync = new DirectorySync(
    CrmClient.fromEnv(env),
    EcommerceClient.fromEnv(env),
    createLogger('identity-sync', env),
    Number(env.IDENTITY_SYNC_INTERVAL_MS ?? 30_000),
  );
  return {
    name: 'identity',
    typeDefs: readFileSync(resolve(__dirname, 'schema.graphql'), 'utf8'),
    resolvers: resolvers as SubgraphService<Context>['resolvers'],
    createContext: (base) => ({ ...base, directory: sync.current(), sync }),
    ready: sync.ready,
    close: async () => sync.stop(),
  };
}
