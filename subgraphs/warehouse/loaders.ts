import DataLoader from 'dataloader';
import { retailStoreOfPlant } from '../../lib/ids';
import type { ReservationHold, StockRow, WarehouseClient } from './client';
import { PlantIndex, postedThroughOf } from './model';
import type { PlantDirectory } from './plants';

/**
 * Per-request loaders: every SKU a page of variants asks about is gathered into one ERP query per
 * kind of record (split only to keep request lines short), whatever the number of variants.
 */
export interface WarehouseLoaders {
  stockOfSku: DataLoader<string, StockRow[]>;
  reservationHoldsOfSku: DataLoader<string, ReservationHold[]>;
  /**
   * By POS store number: the last business day the ERP has booked its sales through. Read once per
   * request for every store of the plant list, so it needs no stock row to know which stores to ask.
   */
  postedThrough(): Promise<(retailStoreId: string) => string | null>;
  /** The plants, read once per request at most. */
  plants(): Promise<PlantIndex>;
}

/**
 * The records of each SKU, from one read of all of them. A failed read fails each SKU rather than
 * the batch, so that DataLoader keeps the failure: a figure read ahead of the field that asks for
 * it is then never read a second time in the request.
 */
function bySku<T extends { material: string }>(read: (skus: readonly string[]) => Promise<T[]>): DataLoader<string, T[]> {
  return new DataLoader(async (skus) => {
    const groups = new Map<string, T[]>(skus.map((sku) => [sku, []]));
    try {
      for (const record of await read(skus)) groups.get(record.material)?.push(record);
    } catch (error) {
      return skus.map(() => error as Error);
    }
    return skus.map((sku) => groups.get(sku) ?? []);
  });
}

export function createLoaders(erp: WarehouseClient, plantDirectory: PlantDirectory): WarehouseLoaders {
  let plants: Promise<PlantIndex> | null = null;
  let postedThrough: Promise<(retailStoreId: string) => string | null> | null = null;
  const loaders: WarehouseLoaders = {
    stockOfSku: bySku((skus) => erp.stockOfMaterials(skus)),
    reservationHoldsOfSku: bySku((skus) => erp.openReservationsOfMaterials(skus)),
    postedThrough: () =>
      (postedThrough ??= loaders.plants().then(async ({ byPlant }) => {
        const stores = [...byPlant.keys()].map(retailStoreOfPlant).filter((store): store is string => store !== null);
        return postedThroughOf(await erp.recentEndOfDayPostings(stores));
      })),
    plants: () => (plants ??= plantDirectory.current()),
  };
  return loaders;
}
