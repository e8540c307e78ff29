import type { EndOfDayPosting, Plant, ReservationHold, StockRow } from './records';

/** What the resolvers hand down, and the ERP's stock rules applied to the client's rows. */

/** A product variant as the gateway hands it over. */
export interface VariantReference {
  sku: string;
}

/** One SKU at one plant; its figures are read (batched) only when a field asks for them. */
export interface StockPosition {
  sku: string;
  plant: string;
}

/** The plants, in the order the graph lists them (by name), and by plant code. */
export interface PlantIndex {
  byName: Plant[];
  byPlant: Map<string, Plant>;
}

const UNRESTRICTED = '01';
const BLOCKED = '07';
/** The sales floor / main area; 0002 is the returns area, whose stock is not for sale. */
const SALES_FLOOR = '0001';

const sum = (quantities: number[]) => quantities.reduce((total, quantity) => total + quantity, 0);

export function plantIndexOf(plants: Plant[]): PlantIndex {
  const byName = [...plants].sort((a, b) => a.name.localeCompare(b.name, 'vi') || a.plant.localeCompare(b.plant));
  return { byName, byPlant: new Map(plants.map((plant) => [plant.plant, plant])) };
}

/** Every plant with a stock row of the SKU (an emptied row stays; a never-held SKU has none), by plant code. */
export function plantsHolding(rows: StockRow[]): string[] {
  return [...new Set(rows.map((row) => row.plant))].sort();
}

/** Sellable units as the ERP knows them: unrestricted stock on the sales floor / main area. */
export function erpOnHandAt(rows: StockRow[], plant: string): number {
  return sum(
    rows.filter((r) => r.plant === plant && r.storageLocation === SALES_FLOOR && r.stockType === UNRESTRICTED).map((r) => r.quantity),
  );
}

/** Blocked stock anywhere at the plant: damaged, never sellable. */
export function damagedAt(rows: StockRow[], plant: string): number {
  return sum(rows.filter((r) => r.plant === plant && r.stockType === BLOCKED).map((r) => r.quantity));
}

/** What open reservations still hold at the plant. */
export function reservedAt(holds: ReservationHold[], plant: string): number {
  return sum(holds.filter((hold) => hold.plant === plant).map((hold) => hold.quantity));
}

/**
 * The last business day each store's sales are booked through, from each store's newest postings
 * (`recentEndOfDayPostings` finds a late store's own). A store with none on line never traded
 * anything to book (the ERP refuses an empty document): the interface runs for all stores at
 * once, so the newest day booked for any store holds for it too. Null when nothing is known.
 */
export function postedThroughOf(postings: EndOfDayPosting[]): (retailStoreId: string) => string | null {
  const newest = new Map<string, string>();
  let newestOfAll: string | null = null;
  for (const { retailStoreId, businessDay } of postings) {
    if (businessDay > (newest.get(retailStoreId) ?? '')) newest.set(retailStoreId, businessDay);
    if (newestOfAll === null || businessDay > newestOfAll) newestOfAll = businessDay;
  }
  return (retailStoreId) => newest.get(retailStoreId) ?? newestOfAll;
}

/** The same, for a list of stores. */
export function postedThroughByStore(retailStoreIds: readonly string[], postings: EndOfDayPosting[]): (string | null)[] {
  const postedThrough = postedThroughOf(postings);
  return retailStoreIds.map((store) => postedThrough(store));
}
