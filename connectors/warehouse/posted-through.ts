import { retailStoreOfPlant } from '../../lib/ids';
import { SharedRead } from '../../lib/shared-read';
import type { WarehouseClient } from './client';
import { postedThroughOf } from './stock';
import type { PlantDirectory } from './plants';

/** By POS store number: the last business day the ERP has booked its sales through. */
export type PostedThrough = (retailStoreId: string) => string | null;

/**
 * Every store's last booked day, read for all stores of the plant list at once (so no stock row is
 * needed to know which stores to ask) and shared by every request for `ttlMs`. The end-of-day
 * interface books once a day, and a day read late can only understate what a shelf holds (that
 * day's till sales are counted once more, until the next read), never overstate it. Checkout's
 * stock gate reads its own postings, fresh, inside its lock.
 */
export class PostedThroughDays {
  private readonly days: SharedRead<PostedThrough>;

  constructor(erp: WarehouseClient, plants: PlantDirectory, ttlMs: number, clock: () => number = Date.now) {
    this.days = new SharedRead(
      async () => {
        const { byPlant } = await plants.current();
        const stores = [...byPlant.keys()].map(retailStoreOfPlant).filter((store): store is string => store !== null);
        return postedThroughOf(await erp.recentEndOfDayPostings(stores));
      },
      { ttlMs, keepLast: false, clock },
    );
  }

  current(): Promise<PostedThrough> {
    return this.days.current();
  }
}
