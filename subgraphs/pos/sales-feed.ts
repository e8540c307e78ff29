import type { Logger } from 'pino';
import { SystemUnavailableError, UnavailableReason } from '../../lib/errors';
import { addDays, PosClient, Receipt, storeBusinessDay } from './client';
import type { StoreDirectory } from './stores';

/** What the follower reads: the feed, end-of-day batches, and the store list. */
export type FeedSource = Pick<PosClient, 'feed' | 'endOfDayBatch'>;
export type StoreList = Pick<StoreDirectory, 'stores'>;

export interface SalesFeedOptions {
  pollMs: number;
  /** Business days kept before today: must exceed the ERP's longest lag in booking store days. */
  lookbackDays: number;
  /** How often open days in the window are checked for their end-of-day batch. */
  reconcileMs: number;
  /** A store not caught up for this long gets errors instead of stale figures. */
  staleAfterMs: number;
  now?: () => Date;
}

const envNumber = (value: string | undefined, fallback: number) => (value === undefined || value === '' ? fallback : Number(value));

/** POS_FEED_POLL_MS, _LOOKBACK_DAYS, _RECONCILE_MS, _STALE_MS: the same for every follower of the feed. */
export function salesFeedOptionsFromEnv(env: NodeJS.ProcessEnv): SalesFeedOptions {
  const pollMs = envNumber(env.POS_FEED_POLL_MS, 2_000);
  return {
    pollMs,
    lookbackDays: envNumber(env.POS_FEED_LOOKBACK_DAYS, 7),
    reconcileMs: envNumber(env.POS_FEED_RECONCILE_MS, 60_000),
    staleAfterMs: envNumber(env.POS_FEED_STALE_MS, Math.max(30_000, 3 * pollMs)),
  };
}

/** One store business day as the tills reported it. */
class DayLedger {
  private readonly receipts = new Set<string>();
  /** Per SKU: units sold less units returned to stock. */
  readonly netSold = new Map<string, number>();

  /** A final day was rebuilt from its end-of-day batch and takes nothing more. */
  constructor(readonly final: boolean) {}

  /** Books a receipt once; false if it was already booked. */
  add(receipt: Receipt): boolean {
    if (this.receipts.has(receipt.key)) return false;
    this.receipts.add(receipt.key);
    for (const line of receipt.lines) {
      // A pickup handover takes the units off the shelf as a sale does; end of day books both as 251.
      const units = receipt.kind !== 'Return' ? line.quantity : line.disposition === 'ReturnToStock' ? -line.quantity : 0;
      if (units !== 0) this.netSold.set(line.sku, (this.netSold.get(line.sku) ?? 0) + units);
    }
    return true;
  }
}

interface StoreFollow {
  /** The highest sequence number read; null until the start of the window is found. */
  cursor: number | null;
  days: Map<string, DayLedger>;
  caughtUpAt: number | null;
  reconciledAt: number;
  failure: UnavailableReason | null;
}

/** The head office is one server that the tills post to as well: follow a few stores at a time. */
const STORES_AT_ONCE = 8;

const reasonOf = (error: unknown): UnavailableReason => (error instanceof SystemUnavailableError ? error.reason : 'ERROR');

/** Runs `work` for every item, at most `limit` at a time. */
async function forEachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * Follows every store's near-real-time feed and keeps, in memory, what the tills sold per store,
 * business day and SKU over a window of recent days, and the returns rung up in that window. The
 * state is rebuilt from the feed at every start (the first catch-up is part of `ready`), so
 * resolving unposted sales costs no call to the POS.
 *
 * A till that was offline posts receipts with its own, lower sequence numbers, behind the cursor:
 * each day is rebuilt from its end-of-day batch once the store has closed it.
 */
export class SalesFeed {
  readonly ready: Promise<void>;
  private readonly follows = new Map<string, StoreFollow>();
  /** Returns rung up in the window, by the key of the sale they take back. */
  private readonly returnsBySale = new Map<string, Map<string, Receipt>>();
  private knownStores: Set<string> | null = null;
  private directoryFailure: UnavailableReason | null = null;
  private windowStart: string;
  private timer: NodeJS.Timeout | null = null;
  private polling: Promise<void> | null = null;
  private stopped = false;
  private readonly now: () => Date;

  constructor(
    private readonly pos: FeedSource,
    private readonly directory: StoreList,
    private readonly log: Logger,
    private readonly options: SalesFeedOptions,
  ) {
    this.now = options.now ?? (() => new Date());
    this.windowStart = this.currentWindowStart();
    this.ready = this.poll().then(() => this.schedule());
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  /**
   * Units of a SKU sold at a store's tills on business days after `postedThrough` (all followed
   * days when null), less units returned to stock on those days.
   */
  unpostedSales(retailStoreId: string, sku: string, postedThrough: string | null): number {
    const follow = this.follows.get(retailStoreId);
    if (!follow?.caughtUpAt) {
      // A plant the POS has no store for has no tills, so nothing unposted.
      if (this.knownStores && !this.knownStores.has(retailStoreId)) return 0;
      throw new SystemUnavailableError('pos', follow?.failure ?? this.directoryFailure ?? 'DOWN');
    }
    if (this.isStale(follow)) throw new SystemUnavailableError('pos', follow.failure ?? 'DOWN');
    let units = 0;
    for (const [day, ledger] of follow.days) {
      if (postedThrough === null || day > postedThrough) units += ledger.netSold.get(sku) ?? 0;
    }
    return units;
  }

  /**
   * Reads one store's feed up to this moment, for a decision that cannot rest on figures a poll
   * old (selling the last units). Throws POS_UNAVAILABLE when the store's feed cannot be read.
   */
  async refreshStore(retailStoreId: string): Promise<void> {
    await this.follow(retailStoreId);
    const failure = this.follows.get(retailStoreId)?.failure;
    if (failure) throw new SystemUnavailableError('pos', failure);
  }

  /** The highest sequence number read from the store's feed; null before the first read. */
  cursorOf(retailStoreId: string): number | null {
    return this.follows.get(retailStoreId)?.cursor ?? null;
  }

  /** Returns of a sale rung up in the window, at any store. */
  returnsOf(saleKey: string): Receipt[] {
    return [...(this.returnsBySale.get(saleKey)?.values() ?? [])];
  }

  /** The first business day whose sales' returns are all known here; null while any store lags. */
  returnsCompleteFrom(): string | null {
    if (!this.knownStores) return null;
    for (const store of this.knownStores) {
      const follow = this.follows.get(store);
      if (!follow?.caughtUpAt || this.isStale(follow)) return null;
    }
    return this.windowStart;
  }

  private isStale(follow: StoreFollow): boolean {
    return this.now().getTime() - (follow.caughtUpAt ?? 0) > this.options.staleAfterMs;
  }

  private currentWindowStart(): string {
    return addDays(storeBusinessDay(this.now()), -this.options.lookbackDays);
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.poll().finally(() => this.schedule()), this.options.pollMs);
    this.timer.unref();
  }

  /** Reads every store's feed up to now; failures are kept per store, never thrown. Overlapping calls share one read. */
  poll(): Promise<void> {
    this.polling ??= this.readFeeds().finally(() => {
      this.polling = null;
    });
    return this.polling;
  }

  private async readFeeds(): Promise<void> {
    let stores: string[];
    try {
      stores = [...(await this.directory.stores()).keys()];
      this.knownStores = new Set(stores);
      this.directoryFailure = null;
    } catch (error) {
      this.directoryFailure = reasonOf(error);
      this.log.warn({ err: error }, 'could not read the store list from the POS');
      return;
    }
    this.windowStart = this.currentWindowStart();
    await forEachLimited(stores, STORES_AT_ONCE, (store) => this.follow(store));
    this.prune();
  }

  private async follow(retailStoreId: string): Promise<void> {
    let follow = this.follows.get(retailStoreId);
    if (!follow) {
      follow = { cursor: null, days: new Map(), caughtUpAt: null, reconciledAt: -Infinity, failure: null };
      this.follows.set(retailStoreId, follow);
    }
    try {
      follow.cursor ??= await this.locateWindow(retailStoreId);
      await this.catchUp(retailStoreId, follow);
      follow.caughtUpAt = this.now().getTime();
      follow.failure = null;
      if (follow.caughtUpAt - follow.reconciledAt >= this.options.reconcileMs) {
        await this.reconcile(retailStoreId, follow);
        follow.reconciledAt = follow.caughtUpAt;
      }
    } catch (error) {
      follow.failure = reasonOf(error);
      this.log.warn({ err: error, retailStoreId }, 'could not follow the store feed');
    }
  }

  /**
   * The feed is by sequence number, not by day: start after the last receipt of the nearest
   * closed day before the window. A store with none (new, or quiet) is read from its beginning.
   */
  private async locateWindow(retailStoreId: string): Promise<number> {
    for (let back = 1; back <= this.options.lookbackDays; back += 1) {
      const batch = await this.pos.endOfDayBatch(retailStoreId, addDays(this.windowStart, -back));
      if (batch && batch.length > 0) return Math.max(...batch.map((receipt) => receipt.sequenceNumber));
    }
    return 0;
  }

  private async catchUp(retailStoreId: string, follow: StoreFollow): Promise<void> {
    for (;;) {
      const page = await this.pos.feed(retailStoreId, follow.cursor ?? 0);
      for (const receipt of page.receipts) this.record(follow, receipt);
      follow.cursor = page.lastSequence;
      if (!page.moreAvailable || page.receipts.length === 0) return;
    }
  }

  private record(follow: StoreFollow, receipt: Receipt): void {
    if (receipt.businessDay < this.windowStart) return;
    let day = follow.days.get(receipt.businessDay);
    if (!day) {
      day = new DayLedger(false);
      follow.days.set(receipt.businessDay, day);
    }
    // A closed day's batch already holds every receipt it will ever have.
    if (!day.final && day.add(receipt)) this.indexReturn(receipt);
  }

  /** Rebuilds every day of the window that the store has closed since the last look. */
  private async reconcile(retailStoreId: string, follow: StoreFollow): Promise<void> {
    const today = storeBusinessDay(this.now());
    for (let day = this.windowStart; day <= today; day = addDays(day, 1)) {
      if (follow.days.get(day)?.final) continue;
      const batch = await this.pos.endOfDayBatch(retailStoreId, day);
      if (!batch) continue;
      const ledger = new DayLedger(true);
      for (const receipt of batch) if (ledger.add(receipt)) this.indexReturn(receipt);
      follow.days.set(day, ledger);
    }
  }

  private indexReturn(receipt: Receipt): void {
    if (receipt.kind !== 'Return' || receipt.returnOf === null) return;
    const returns = this.returnsBySale.get(receipt.returnOf) ?? new Map<string, Receipt>();
    returns.set(receipt.key, receipt);
    this.returnsBySale.set(receipt.returnOf, returns);
  }

  /** Days leave the window as time passes; so do their returns. */
  private prune(): void {
    for (const follow of this.follows.values()) {
      for (const day of follow.days.keys()) if (day < this.windowStart) follow.days.delete(day);
    }
    for (const [sale, returns] of this.returnsBySale) {
      for (const [key, refund] of returns) if (refund.businessDay < this.windowStart) returns.delete(key);
      if (returns.size === 0) this.returnsBySale.delete(sale);
    }
  }
}
