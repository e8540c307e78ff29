import { SharedRead } from '../../lib/shared-read';
import type { PosClient } from './client';
import type { Store } from './records';

/**
 * Store master data (names, opening hours) changes a few times a year: read once per TTL and
 * shared by every request. If a refresh fails, the last list read keeps serving.
 */
export class StoreDirectory {
  private readonly directory: SharedRead<Map<string, Store>>;

  constructor(pos: PosClient, ttlMs: number, now: () => number = Date.now) {
    this.directory = new SharedRead(async () => new Map((await pos.stores()).map((store) => [store.retailStoreId, store])), {
      ttlMs,
      keepLast: true,
      clock: now,
    });
  }

  stores(): Promise<Map<string, Store>> {
    return this.directory.current();
  }
}
