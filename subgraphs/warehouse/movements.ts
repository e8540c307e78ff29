import type { Logger } from 'pino';
import type { MovementMark, WarehouseClient } from '../../connectors/warehouse';
import { locationId } from '../../lib/ids';
import type { LiveEvents } from '../../lib/live-events';

/** Items read a page: more wait for the next page of the same round. */
const PAGE = 500;

/**
 * The ERP's own goods movements as stock events: receipts, transfers, scrapping and counts posted in
 * the ERP (not through Omnigraph) change stock that the graph caches and live subscribers follow.
 * Each round reads the material document items posted since the last one read, by their place in
 * the ERP's numbering, and publishes `stock.<location>.<sku>` for each (named by the item, so one
 * read twice counts once); the warehouse's stock cache drops the SKU at once, and subscribers read
 * the new figure. Movements Omnigraph posted itself are told again: harmless, they name the same
 * stock. A first round only finds where the ERP's numbering is; one replica follows at a time, under
 * the `warehouse.movements` lease.
 */
export class ErpMovementFollower {
  private mark: MovementMark | null = null;

  constructor(
    private readonly erp: Pick<WarehouseClient, 'movementsAfter'>,
    private readonly live: Pick<LiveEvents, 'stock'>,
    private readonly log: Logger,
  ) {}

  async round(): Promise<void> {
    for (;;) {
      const { movements, mark } = await this.erp.movementsAfter(this.mark, PAGE);
      for (const { sku, plant, mark: item } of movements)
        void this.live.stock({ locationId: locationId(plant), sku }, `erp:${item.year}:${item.materialDocument}:${item.item}`);
      if (movements.length > 0) this.log.debug({ movements: movements.length }, 'ERP goods movements told as stock events');
      this.mark = mark;
      if (movements.length < PAGE) return;
    }
  }
}
