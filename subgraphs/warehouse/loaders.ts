import DataLoader from 'dataloader';
import type { ReservationHold, StockRow, WarehouseClient } from '../../connectors/warehouse';
import type { PlantIndex } from '../../connectors/warehouse';
import type { PlantDirectory } from '../../connectors/warehouse';
import type { PostedThrough, PostedThroughDays } from '../../connectors/warehouse';

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

export function createLoaders(
  erp: WarehouseClient,
  plantDirectory: PlantDirectory,
  postedThroughDays: PostedThroughDays,
): WarehouseLoaders {
  let plants: Promise<PlantIndex> | null = null;
  let postedThrough: Promise<PostedThrough> | null = null;
  return {
    stockOfSku: bySku((skus) => erp.stockOfMaterials(skus)),
    reservationHoldsOfSku: bySku((skus) => erp.openReservationsOfMaterials(skus)),
    postedThrough: () => (postedThrough ??= postedThroughDays.current()),
    plants: () => (plants ??= plantDirectory.current()),
  };
}
