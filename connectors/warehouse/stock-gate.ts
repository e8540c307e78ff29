import { BusinessRuleError } from '../../lib/errors';
import { retailStoreOfPlant } from '../../lib/ids';
import { available, distanceKm } from '../../lib/stock';
import type { WarehouseClient } from './client';
import type { PlantDirectory } from './plants';
import type { EndOfDayPosting, Plant, ReservationHold, StockRow } from './records';
import { erpOnHandAt, postedThroughByStore, reservedAt } from './stock';

/**
 * Never oversell: every decision that takes stock at a location (a checkout's ERP reservation, a
 * counter sale through the graph, any other subgraph's order) runs under a lock per SKU and location
 * (`stock:<plant>:<sku>`), held across replicas by the state store, and checks availability read
 * fresh inside the lock: the ERP's unrestricted stock, less open reservations, less the till sales
 * the ERP has not booked yet (the store's POS feed, read up to this moment), from the ERP itself,
 * never from the entity cache the warehouse subgraph shows stock from. The stock is taken
 * (reservation created, sale posted) before the lock goes. Every subgraph that takes stock goes
 * through here with its own state store's locks: they all queue on one lock per key (lib/locks).
 */

/** What the gate reads of the stores' tills: the POS connector's `SalesFeed` offers it. */
export interface TillSales {
  /** Reads one store's feed up to this moment; throws (POS_UNAVAILABLE) when it cannot be read. */
  refreshStore(retailStoreId: string): Promise<void>;
  /** Units of a SKU sold at a store's tills on business days after `postedThrough`, less returns; null counts every day followed. */
  unpostedSales(retailStoreId: string, sku: string, postedThrough: string | null): Promise<number>;
}

/**
 * The locks a decision runs under (a subgraph's state store offers them): `work` runs holding every
 * key, exclusive against every holder of the same key in this process and, for a shared store,
 * across replicas.
 */
export interface StockLocks {
  withLocks<T>(keys: readonly string[], work: () => Promise<T>): Promise<T>;
}

export interface StockLine {
  sku: string;
  quantity: number;
}

/** The same formula the graph shows as StockLevel.available, per SKU. */
export type Availability = Map<string, number>;

export class StockGate {
  constructor(
    private readonly locks: StockLocks,
    private readonly erp: WarehouseClient,
    private readonly plants: PlantDirectory,
    private readonly salesFeed: TillSales,
  ) {}

  async plant(plant: string): Promise<Plant | null> {
    return (await this.plants.current()).byPlant.get(plant) ?? null;
  }

  /** Units a customer can have now at each plant, per SKU, for every plant that holds any of them. */
  async availability(skus: readonly string[]): Promise<Map<string, Availability>> {
    const [stock, holds] = await Promise.all([this.erp.stockOfMaterials(skus), this.erp.openReservationsOfMaterials(skus)]);
    const plantCodes = [...new Set(stock.map((row) => row.plant))];
    const stores = storesOf(plantCodes);
    const postings = stores.length > 0 ? await this.erp.recentEndOfDayPostings(stores) : [];
    return this.figures(skus, plantCodes, stock, holds, postings);
  }

  /**
   * Runs `take` (which must take the stock: create the reservation, post the sale) only if the
   * plant has every line available, with no other decision on these SKUs there in between.
   */
  async allocate<T>(plant: string, lines: readonly StockLine[], take: () => Promise<T>): Promise<T> {
    const wanted = totalsBySku(lines);
    const keys = [...wanted.keys()].map((sku) => `stock:${plant}:${sku}`);
    return this.locks.withLocks(keys, async () => {
      const free = await this.freshAvailabilityAt(plant, [...wanted.keys()]);
      for (const [sku, quantity] of wanted) {
        const units = free.get(sku) ?? 0;
        if (units < quantity) {
          throw new BusinessRuleError('INSUFFICIENT_STOCK', `Only ${units} of ${sku} available at this location; ${quantity} asked for.`);
        }
      }
      return take();
    });
  }

  /**
   * Availability at one plant from reads that all start now, inside the lock: the store's till feed
   * up to this moment and the ERP's figures, together, since none needs another's answer.
   */
  private async freshAvailabilityAt(plant: string, skus: readonly string[]): Promise<Availability> {
    const store = retailStoreOfPlant(plant);
    const [feed, erp] = await Promise.allSettled([
      store === null ? null : this.salesFeed.refreshStore(store),
      Promise.all([
        this.erp.stockOfMaterials(skus),
        this.erp.openReservationsOfMaterials(skus),
        store === null ? [] : this.erp.recentEndOfDayPostings([store]),
      ]),
    ]);
    // With both failing, the till feed's error, as when it was read first.
    if (feed.status === 'rejected') throw feed.reason;
    if (erp.status === 'rejected') throw erp.reason;
    const [stock, holds, postings] = erp.value;
    return (await this.figures(skus, [plant], stock, holds, postings)).get(plant)!;
  }

  /** The same formula the graph shows as StockLevel.available, from figures already read; unposted till sales as the feed shows them now. */
  private async figures(
    skus: readonly string[],
    plantCodes: readonly string[],
    stock: StockRow[],
    holds: ReservationHold[],
    postings: EndOfDayPosting[],
  ): Promise<Map<string, Availability>> {
    const stores = storesOf(plantCodes);
    const through = postedThroughByStore(stores, postings);
    const postedThrough = new Map(stores.map((store, i) => [store, through[i]]));
    // Grouped by SKU once: the marketplace's stock round asks for the whole catalogue at every plant.
    const stockOf = groupBy(stock, (row) => row.material);
    const holdsOf = groupBy(holds, (hold) => hold.material);
    const byPlant = new Map<string, Availability>();
    for (const plant of plantCodes) {
      const store = retailStoreOfPlant(plant);
      const perSku: Availability = new Map();
      for (const sku of skus) {
        const unpostedSales = store === null ? 0 : await this.salesFeed.unpostedSales(store, sku, postedThrough.get(store) ?? null);
        perSku.set(
          sku,
          available({
            erpOnHand: erpOnHandAt(stockOf.get(sku) ?? [], plant),
            unpostedSales,
            erpReserved: reservedAt(holdsOf.get(sku) ?? [], plant),
          }),
        );
      }
      byPlant.set(plant, perSku);
    }
    return byPlant;
  }

  /**
   * Where to fulfil a delivery from: warehouses holding every line first (most stock first), then
   * stores holding every line, nearest `near` first (else most stock first). `exclude` leaves out a
   * plant (the store that does not have it).
   */
  async deliveryCandidates(lines: readonly StockLine[], options: { near?: Plant | null; exclude?: string } = {}): Promise<string[]> {
    const wanted = totalsBySku(lines);
    const byPlant = await this.availability([...wanted.keys()]);
    const index = await this.plants.current();
    const able = [...byPlant.entries()]
      .filter(([plant]) => plant !== options.exclude && index.byPlant.has(plant))
      .filter(([, free]) => [...wanted].every(([sku, quantity]) => (free.get(sku) ?? 0) >= quantity))
      .map(([plant, free]) => ({
        plant: index.byPlant.get(plant)!,
        slack: Math.min(...[...wanted].map(([sku, q]) => (free.get(sku) ?? 0) - q)),
      }));
    const near = options.near;
    const distance = (plant: Plant) => (near ? distanceKm(near, plant) : 0);
    return able
      .sort(
        (a, b) =>
          Number(a.plant.kind === 'STORE') - Number(b.plant.kind === 'STORE') ||
          (a.plant.kind === 'STORE' && near ? distance(a.plant) - distance(b.plant) : 0) ||
          b.slack - a.slack ||
          a.plant.plant.localeCompare(b.plant.plant),
      )
      .map((candidate) => candidate.plant.plant);
  }
}

function storesOf(plantCodes: readonly string[]): string[] {
  return plantCodes.map(retailStoreOfPlant).filter((store): store is string => store !== null);
}

export function totalsBySku(lines: readonly StockLine[]): Map<string, number> {
  const totals = new Map<string, number>();
  for (const line of lines) totals.set(line.sku, (totals.get(line.sku) ?? 0) + line.quantity);
  return totals;
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
