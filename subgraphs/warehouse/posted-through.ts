import { retailStoreOfPlant } from '../../lib/ids';
import type { WarehouseClient } from './client';
import { postedThroughOf } from './model';
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
  private days: PostedThrough | null = null;
  private readAt = 0;
  private reading: Promise<PostedThrough> | null = null;

  constructor(
    private readonly erp: WarehouseClient,
    private readonly plants: PlantDirectory,
    private readonly ttlMs: number,
    private readonly clock: () => number = Date.now,
  ) {}

  current(): Promise<PostedThrough> {
    if (this.days && this.clock() - this.readAt < this.ttlMs) return Promise.resolve(this.days);
    // One read at a time, however many requests ask.
    this.reading ??= this.read().finally(() => {
      this.reading = null;
    });
    return this.reading;
  }

  private async read(): Promise<PostedThrough> {
    const { byPlant } = await this.plants.current();
    const stores = [...byPlant.keys()].map(retailStoreOfPlant).filter((store): store is string => store !== null);
    const days = postedThroughOf(await this.erp.recentEndOfDayPostings(stores));
    this.days = days;
    this.readAt = this.clock();
    return days;
  }
}
