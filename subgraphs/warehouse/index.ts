import { EntityCaches, millisecondsFromEnv } from '../../lib/entity-cache';
import { everyWhileLeading, feedLeasesFromEnv } from '../../lib/leases';
import { LiveEvents } from '../../lib/live-events';
import { createLogger } from '../../lib/logger';
import { subgraphTypeDefs, type SubgraphService } from '../../lib/subgraph';
import { WarehouseClient, type ReservationHold, type StockRow } from '../../connectors/warehouse';
import type { Context } from './context';
import { createLoaders, type StockCaches } from './loaders';
import { PlantDirectory } from '../../connectors/warehouse';
import { PostedThroughDays } from '../../connectors/warehouse';
import { ErpMovementFollower } from './movements';
import { resolvers } from './resolvers';

/** The warehouse subgraph: locations and the ERP's stock figures per SKU and plant, from SAP OData. */
export function createService(env: NodeJS.ProcessEnv): SubgraphService<Context> {
  const erp = WarehouseClient.fromEnv(env);
  const plants = new PlantDirectory(erp, Number(env.WAREHOUSE_PLANT_CACHE_TTL_MS ?? 600_000), createLogger('warehouse-plants', env));
  const postedThroughDays = new PostedThroughDays(erp, plants, Number(env.WAREHOUSE_POSTED_THROUGH_TTL_MS ?? 15_000));
  // Every stock movement publishes a stock event, which drops the SKU at once: those made through
  // Omnigraph (reservations, goods issues, till receipts) as they are made, those made in the ERP
  // itself when the movement follower reads them (every WAREHOUSE_MOVEMENTS_FOLLOW_MS); the
  // lifetime bounds how stale a figure can be should an event be missed.
  const caches = EntityCaches.fromEnv(env, createLogger('warehouse-stock-cache', env));
  const lifetimeMs = millisecondsFromEnv(env.WAREHOUSE_STOCK_CACHE_MS, 30_000, 'WAREHOUSE_STOCK_CACHE_MS');
  const stockCaches: StockCaches = {
    stock: caches.cache<StockRow[]>('erp-stock', lifetimeMs),
    reservations: caches.cache<ReservationHold[]>('erp-reservations', lifetimeMs),
  };
  caches.invalidateOn('stock.*.*', (event) => [String(event.data.sku)], [stockCaches.stock, stockCaches.reservations]);
  const log = createLogger('warehouse-movements', env);
  const leases = feedLeasesFromEnv(env, log);
  const movements = new ErpMovementFollower(erp, new LiveEvents(log, env), log);
  everyWhileLeading(
    leases,
    'warehouse.movements',
    millisecondsFromEnv(env.WAREHOUSE_MOVEMENTS_FOLLOW_MS, 5_000, 'WAREHOUSE_MOVEMENTS_FOLLOW_MS'),
    () => movements.round(),
    log,
  );
  return {
    name: 'warehouse',
    typeDefs: subgraphTypeDefs('warehouse'),
    resolvers: resolvers as SubgraphService<Context>['resolvers'],
    createContext: (base) => ({ ...base, warehouse: createLoaders(erp, plants, postedThroughDays, stockCaches) }),
    ready: caches.ready,
    close: async () => {
      await leases.close();
      await caches.close();
    },
  };
}
