import { createLogger } from '../../lib/logger';
import { subgraphTypeDefs, type SubgraphService } from '../../lib/subgraph';
import { WarehouseClient } from '../../connectors/warehouse';
import type { Context } from './context';
import { createLoaders } from './loaders';
import { PlantDirectory } from '../../connectors/warehouse';
import { PostedThroughDays } from '../../connectors/warehouse';
import { resolvers } from './resolvers';

/** The warehouse subgraph: locations and the ERP's stock figures per SKU and plant, from SAP OData. */
export function createService(env: NodeJS.ProcessEnv): SubgraphService<Context> {
  const erp = WarehouseClient.fromEnv(env);
  const plants = new PlantDirectory(erp, Number(env.WAREHOUSE_PLANT_CACHE_TTL_MS ?? 600_000), createLogger('warehouse-plants', env));
  const postedThroughDays = new PostedThroughDays(erp, plants, Number(env.WAREHOUSE_POSTED_THROUGH_TTL_MS ?? 15_000));
  return {
    name: 'warehouse',
    typeDefs: subgraphTypeDefs('warehouse'),
    resolvers: resolvers as SubgraphService<Context>['resolvers'],
    createContext: (base) => ({ ...base, warehouse: createLoaders(erp, plants, postedThroughDays) }),
  };
}
