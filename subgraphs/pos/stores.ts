import type { PosClient, Store } from './client';

/**
 * Store master data (names, opening hours) changes a few times a year: read once per TTL and
 * shared by every request. If a refresh fails, the last list read keeps serving.
 */
export class StoreDirectory {
  private cached: { stores: Map<string, Store>; readAt: number } | null = null;
  private reading: Promise<Map<string, Store>> | null = null;

  constructor(
    private readonly pos: PosClient,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async stores(): Promise<Map<string, Store>> {
    if (this.cached && this.now() - this.cached.readAt < this.ttlMs) return this.cached.stores;
    try {
      return await this.read();
    } catch (error) {
      if (this.cached) return this.cached.stores;
      throw error;
    }
  }

  /** Concurrent requests after expiry share one read. */
  private read(): Promise<Map<string, Store>> {
    this.reading ??= this.pos
      .stores()
      .then((list) => {
        const stores = new Map(list.map((store) => [store.retailStoreId, store]));
        this.cached = { stores, readAt: this.now() };
        return stores;
      })
      .finally(() => {
        this.reading = null;
      });
    return this.reading;
  }
}
