import { locationId } from './ids';
import type { LiveEvents } from './live-events';

/**
 * One movement changed stock at ERP plants (a reservation made or released, a goods issue, a till
 * receipt): a `stock` event per SKU and plant, named after the movement (`change`), so every
 * publisher of the same movement publishes the same event. Does not wait for the broker.
 */
export function stockMoved(live: LiveEvents, moved: Iterable<{ plant: string; sku: string }>, change: string): void {
  const told = new Set<string>();
  for (const { plant, sku } of moved) {
    if (told.has(`${plant} ${sku}`)) continue;
    told.add(`${plant} ${sku}`);
    void live.stock({ locationId: locationId(plant), sku }, change);
  }
}
