import { EntityCaches, millisecondsFromEnv } from '../../lib/entity-cache';
import { createLogger } from '../../lib/logger';
import { subgraphTypeDefs, type SubgraphService } from '../../lib/subgraph';
import { WarehouseClient, type ReservationHold, type StockRow } from '../../connectors/warehouse';
import type { Context } from './context';
import { createLoaders, type StockCaches } from './loaders';
import { PlantDirectory } from '../../connectors/warehouse';
import { PostedThroughDays } from '../../connectors/warehouse';
import { resolvers } from './resolvers';

/** The warehouse subgraph: locations and the ERP's stock figures per SKU and plant, from SAP OData. */
export function createService(env: NodeJS.ProcessEnv): SubgraphService<Context> {
  const erp = WarehouseClient.fromEnv(env);
  const plants = new PlantDirectory(erp, Number(env.WAREHOUSE_PLANT_CACHE_TTL_MS ?? 600_000), createLogger('warehouse-plants', env));
  const postedThroughDays = new PostedThroughDays(erp, plants, Number(env.WAREHOUSE_POSTED_THROUGH_TTL_MS ?? 15_000));
  // Stock movements made through Omnigraph (reservations, goods issues, till receipts) publish a
  // stock event, which drops the SKU at once; movements made in the ERP itself publish none, so
  // the lifetime is short: it bounds how stale they can be.
  const caches = EntityCaches.fromEnv(env, createLogger('warehouse-stock-cache', env));
  const lifetimeMs = millisecondsFromEnv(env.WAREHOUSE_STOCK_CACHE_MS, 30_000, 'WAREHOUSE_STOCK_CACHE_MS');
  const stockCaches: StockCaches = {
    stock: caches.cache<StockRow[]>('erp-stock', lifetimeMs),
    reservations: caches.cache<ReservationHold[]>('erp-reservations', lifetimeMs),
  };
  caches.invalidateOn('stock.*.*', (event) => [String(event.data.sku)], [stockCaches.stock, stockCaches.reservations]);
  return {
    name: 'warehouse',
    typeDefs: subgraphTypeDefs('warehouse'),
    resolvers: resolvers as SubgraphService<Context>['resolvers'],
    createContext: (base) => ({ ...base, warehouse: createLoaders(erp, plants, postedThroughDays, stockCaches) }),
    ready: caches.ready,
    close: () => caches.close(),
  };
}
