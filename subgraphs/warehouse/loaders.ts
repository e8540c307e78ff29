import DataLoader from 'dataloader';
import type { ReservationHold, StockRow, WarehouseClient } from '../../connectors/warehouse';
import type { PlantIndex } from '../../connectors/warehouse';
import type { PlantDirectory } from '../../connectors/warehouse';
import type { PostedThrough, PostedThroughDays } from '../../connectors/warehouse';
import type { EntityCache } from '../../lib/entity-cache';

/**
 * Per-request loaders: every SKU a page of variants asks about is gathered into one ERP query per
 * kind of record (split only to keep request lines short), whatever the number of variants.
 */
export interface WarehouseLoaders {
  stockOfSku: DataLoader<string, StockRow[]>;
  reservationHoldsOfSku: DataLoader<string, ReservationHold[]>;
  /** Every store's last booked day, the same for the whole request (PostedThroughDays). */
  postedThrough(): Promise<PostedThrough>;
  /** The plants, read once per request at most. */
  plants(): Promise<PlantIndex>;
}

/**
 * The ERP's stock figures this subgraph shows, per SKU at every plant: kept across requests for a
 * short lifetime and dropped by the SKU's stock events. Only what the graph displays reads through
 * them; a decision that takes stock (connectors/warehouse/stock-gate.ts) always reads the ERP fresh.
 */
export interface StockCaches {
  stock: EntityCache<StockRow[]>;
  reservations: EntityCache<ReservationHold[]>;
}

/**
 * The records of each SKU, cached or from one read of the rest (a SKU with none is cached as none).
 * A failed read fails each SKU rather than the batch, so that DataLoader keeps the failure: a
 * figure read ahead of the field that asks for it is then never read a second time in the request.
 */
function bySku<T extends { material: string }>(
  cache: EntityCache<T[]>,
  read: (skus: readonly string[]) => Promise<T[]>,
): DataLoader<string, T[]> {
  return new DataLoader(async (skus) => {
    let found: Map<string, T[]>;
    try {
      found = await cache.readThrough(skus, async (misses) => {
        const groups = new Map<string, T[]>(misses.map((sku) => [sku, []]));
        for (const record of await read(misses)) groups.get(record.material)?.push(record);
        return groups;
      });
    } catch (error) {
      return skus.map(() => error as Error);
    }
    return skus.map((sku) => found.get(sku) ?? []);
  });
}

export function createLoaders(
  erp: WarehouseClient,
  plantDirectory: PlantDirectory,
  postedThroughDays: PostedThroughDays,
  caches: StockCaches,
): WarehouseLoaders {
  let plants: Promise<PlantIndex> | null = null;
  let postedThrough: Promise<PostedThrough> | null = null;
  return {
    stockOfSku: bySku(caches.stock, (skus) => erp.stockOfMaterials(skus)),
    reservationHoldsOfSku: bySku(caches.reservations, (skus) => erp.openReservationsOfMaterials(skus)),
    postedThrough: () => (postedThrough ??= postedThroughDays.current()),
    plants: () => (plants ??= plantDirectory.current()),
  };
}
