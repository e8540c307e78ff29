import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createLogger } from '../../lib/logger';
import type { SubgraphService } from '../../lib/subgraph';
import { WarehouseClient } from './client';
import type { Context } from './context';
import { createLoaders } from './loaders';
import { PlantDirectory } from './plants';
import { PostedThroughDays } from './posted-through';
import { resolvers } from './resolvers';

/** The warehouse subgraph: locations and the ERP's stock figures per SKU and plant, from SAP OData. */
export function createService(env: NodeJS.ProcessEnv): SubgraphService<Context> {
  const erp = WarehouseClient.fromEnv(env);
  const plants = new PlantDirectory(erp, Number(env.WAREHOUSE_PLANT_CACHE_TTL_MS ?? 600_000), createLogger('warehouse-plants', env));
  const postedThroughDays = new PostedThroughDays(erp, plants, Number(env.WAREHOUSE_POSTED_THROUGH_TTL_MS ?? 15_000));
  return {
    name: 'warehouse',
    typeDefs: readFileSync(resolve(__dirname, 'schema.graphql'), 'utf8'),
    resolvers: resolvers as SubgraphService<Context>['resolvers'],
    createContext: (base) => ({ ...base, warehouse: createLoaders(erp, plants, postedThroughDays) }),
  };
}
