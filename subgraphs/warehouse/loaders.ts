import DataLoader from 'dataloader';
import type { ReservationHold, StockRow, WarehouseClient } from './client';
import { PlantIndex, postedThroughByStore } from './model';
import type { PlantDirectory } from './plants';

/**
 * Per-request loaders: every SKU a page of variants asks about is gathered into one ERP query per
 * kind of record (split only to keep request lines short), whatever the number of variants.
 */
export interface WarehouseLoaders {
  stockOfSku: DataLoader<string, StockRow[]>;
  reservationHoldsOfSku: DataLoader<string, ReservationHold[]>;
  /** By POS store number: the last business day the ERP has booked its sales through. */
  postedThroughOfStore: DataLoader<string, string | null>;
  /** The plants, read once per request at most. */
  plants(): Promise<PlantIndex>;
}

/** The records of each SKU, from one read of all of them. */
function bySku<T extends { material: string }>(read: (skus: readonly string[]) => Promise<T[]>): DataLoader<string, T[]> {
  return new DataLoader(async (skus) => {
    const groups = new Map<string, T[]>(skus.map((sku) => [sku, []]));
    for (const record of await read(skus)) groups.get(record.material)?.push(record);
    return skus.map((sku) => groups.get(sku) ?? []);
  });
}

export function createLoaders(erp: WarehouseClient, plantDirectory: PlantDirectory): WarehouseLoaders {
  let plants: Promise<PlantIndex> | null = null;
  return {
    stockOfSku: bySku((skus) => erp.stockOfMaterials(skus)),
    reservationHoldsOfSku: bySku((skus) => erp.openReservationsOfMaterials(skus)),
    postedThroughOfStore: new DataLoader(async (stores) => postedThroughByStore(stores, await erp.recentEndOfDayPostings(stores))),
    plants: () => (plants ??= plantDirectory.current()),
  };
}
