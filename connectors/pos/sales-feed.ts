import type { Logger } from 'pino';
import { SystemUnavailableError, UnavailableReason } from '../../lib/errors';
import type { PosClient } from './client';
import type { FeedRelay, RelayedReceipts, RelayedRound } from './feed-relay';
import type { Receipt } from './records';
import { addDays, storeBusinessDay } from './time';
import type { StoreDirectory } from './stores';

/** What the follower reads: the feed, end-of-day batches, and the store list. */
export type FeedSource = Pick<PosClient, 'feed' | 'endOfDayBatch'>;
export type StoreList = Pick<StoreDirectory, 'stores'>;

export interface SalesFeedOptions {
  pollMs: number;
  /**
   * Closed business days kept day by day before today (for the returns they hold, and so the usual
   * one-day lag of the ERP needs no extra read). Older unbooked days are summed from their batches.
   */
  lookbackDays: number;
  /** How often open days in the window are checked for their end-of-day batch. */
  reconcileMs: number;
  /** A store not caught up for this long gets errors instead of stale figures. */
  staleAfterMs: number;
  /**
   * How far back from today the newest closed day is looked for, where the feed starts (one read per
   * day); a store with no closed day in that span is read from its first receipt.
   */
  openDaysSearched?: number;
  now?: () => Date;
  /**
   * Called for each receipt the follower books, from the feed or from an end-of-day batch, from the
   * first catch-up on: once per receipt in the window, whichever way it came (a receipt a till
   * posted late, behind the feed's cursor, when its closed day is rebuilt from its batch). Must not
   * throw.
   */
  onReceipt?: (receipt: Receipt) => void;
  /**
   * Replicas sharing one read of the feed (feed-relay.ts): while another replica leads, the timer's
   * rounds read no feed, the leader's reads arrive over the bus. Without it, this process reads the
   * feed itself.
   */
  relay?: FeedRelay;
}

const envNumber = (value: string | undefined, fallback: number) => (value === undefined || value === '' ? fallback : Number(value));

/** POS_FEED_POLL_MS, _LOOKBACK_DAYS, _RECONCILE_MS, _STALE_MS: the same for every follower of the feed. */
export function salesFeedOptionsFromEnv(env: NodeJS.ProcessEnv): SalesFeedOptions {
  const pollMs = envNumber(env.POS_FEED_POLL_MS, 2_000);
  return {
    pollMs,
    lookbackDays: envNumber(env.POS_FEED_LOOKBACK_DAYS, 7),
    openDaysSearched: envNumber(env.POS_FEED_OPEN_DAYS_SEARCHED, 62),
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

  has(key: string): boolean {
    return this.receipts.has(key);
  }

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

/**
 * Closed days the ERP has not booked that lie before the window, summed from their end-of-day
 * batches for one posted-through day: one total per SKU, however many days, so memory stays
 * bounded by the range the store sells.
 */
interface Backlog {
  /** The ERP's posted-through day it is counted from (exclusive). */
  after: string;
  /** It covers closed days up to this day (exclusive): the window's start when it was last brought up to date. */
  before: string;
  /** The days summed, so a day is never counted twice nor subtracted when it was not added. */
  days: Set<string>;
  net: Map<string, number>;
}

interface StoreFollow {
  /** The highest sequence number read; null until the newest closed day is found. */
  cursor: number | null;
  /** The window's days, closed (from their batch) or open (from the feed), and open days older than the window. */
  days: Map<string, DayLedger>;
  backlog: Backlog | null;
  /** A day left the window or the day-by-day list since the backlog was brought up to date. */
  backlogDirty: boolean;
  /** Backlog reads run one at a time per store, and every request waits for the one before it. */
  backlogWork: Promise<void>;
  caughtUpAt: number | null;
  reconciledAt: number;
  failure: UnavailableReason | null;
}

/** The head office is one server that the tills post to as well: follow a few stores at a time. */
const STORES_AT_ONCE = 8;
/** End-of-day batches read at once for one store's backlog. */
const BATCHES_AT_ONCE = 4;

/** Adds (sign 1) or takes out (sign -1) what a closed day's receipts took off the shelf, per SKU. */
function addNet(net: Map<string, number>, batch: readonly Receipt[], sign: 1 | -1): void {
  const day = new DayLedger(true);
  for (const receipt of batch) day.add(receipt);
  for (const [sku, units] of day.netSold) {
    const total = (net.get(sku) ?? 0) + sign * units;
    if (total === 0) net.delete(sku);
    else net.set(sku, total);
  }
}

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
 * What each store's tills sold that the ERP has not booked, however late the ERP is.
 *
 * - Days the store has not closed (today, and any the store left open) come from its near-real-time
 *   feed, read from the end of its newest closed day. The POS closes days in order, as a store
 *   opens a day only once the day before is closed, so every open day lies after that point.
 * - Closed days in a window of `lookbackDays` are kept day by day from their end-of-day batches, with
 *   the returns rung up in them.
 * - Closed days before the window that the ERP has not booked are summed from their batches, one
 *   read per day, for the posted-through day a request names: once, when a request first names it,
 *   and then only the days that change (a day leaving the window is folded in from memory, a day
 *   the ERP books is read again and taken out). Nothing before the window is read at start.
 *
 * The state is rebuilt at every start (the first catch-up is part of `ready`). A till that was
 * offline posts receipts with its own, lower sequence numbers, behind the cursor: each day is
 * rebuilt from its end-of-day batch once the store has closed it.
 *
 * With a relay (`options.relay`) one replica of the deployment reads the feed on the timer and the
 * others book what it read; each still starts, reconciles its window and reads under a stock lock
 * by itself.
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
    // Hearing the others starts before the first read, so nothing they read after it is missed.
    const listening = options.relay?.listen({ receipts: (read) => this.takeRelayed(read), round: (round) => this.takeRound(round) });
    this.ready = Promise.resolve(listening)
      .then(() => this.poll())
      .then(() => this.schedule());
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    void this.options.relay?.close();
  }

  /** Whether this replica reads the feed on the timer: always without a relay. */
  private leading(): boolean {
    return this.options.relay?.leading() ?? true;
  }

  /** Receipts another replica read: booked as if read here, once this store's own start is done. */
  private takeRelayed({ retailStoreId, receipts, cursor }: RelayedReceipts): void {
    const follow = this.follows.get(retailStoreId);
    if (this.stopped || this.leading() || follow?.cursor == null) return;
    for (const receipt of receipts) this.record(follow, receipt);
    follow.cursor = Math.max(follow.cursor, cursor);
  }

  /** The leader's round: a store is caught up where this replica has reached its cursor, read here where it has not. */
  private takeRound({ stores }: RelayedRound): void {
    if (this.stopped || this.leading()) return;
    for (const [retailStoreId, read] of Object.entries(stores)) {
      const follow = this.follows.get(retailStoreId);
      if (follow?.cursor == null) continue;
      if (read.failure !== null) follow.failure = read.failure;
      else if (read.cursor !== null && follow.cursor >= read.cursor) {
        follow.caughtUpAt = this.now().getTime();
        follow.failure = null;
      } else void this.follow(retailStoreId);
    }
  }

  /**
   * Units of a SKU sold at a store's tills on business days after `postedThrough`, less units
   * returned to stock on those days. Null (the ERP has booked nothing for the store) counts the
   * days followed: the window and the open days.
   */
  async unpostedSales(retailStoreId: string, sku: string, postedThrough: string | null): Promise<number> {
    const follow = this.caughtUp(retailStoreId);
    if (follow === null) return 0;
    const backlogNeeded = postedThrough !== null && postedThrough < addDays(this.windowStart, -1);
    if (backlogNeeded) {
      const work = follow.backlogWork.then(() => this.bringBacklogTo(retailStoreId, follow, postedThrough));
      follow.backlogWork = work.catch(() => undefined);
      await work;
    }
    let units = backlogNeeded ? (follow.backlog?.net.get(sku) ?? 0) : 0;
    for (const [day, ledger] of follow.days) {
      if (postedThrough === null || day > postedThrough) units += ledger.netSold.get(sku) ?? 0;
    }
    return units;
  }

  /** The store's follow if its figures can be trusted; null for a plant with no tills; else POS_UNAVAILABLE. */
  private caughtUp(retailStoreId: string): StoreFollow | null {
    const follow = this.follows.get(retailStoreId);
    if (!follow?.caughtUpAt) {
      // A plant the POS has no store for has no tills, so nothing unposted.
      if (this.knownStores && !this.knownStores.has(retailStoreId)) return null;
      throw new SystemUnavailableError('pos', follow?.failure ?? this.directoryFailure ?? 'DOWN');
    }
    if (this.isStale(follow)) throw new SystemUnavailableError('pos', follow.failure ?? 'DOWN');
    return follow;
  }

  /**
   * Makes the store's backlog the sum of its closed days after `postedThrough` and before the
   * window (days held day by day are never in it). Reads only the days that differ from what it
   * holds; when more would be taken out than kept, it is read afresh.
   */
  private async bringBacklogTo(retailStoreId: string, follow: StoreFollow, postedThrough: string): Promise<void> {
    for (;;) {
      const held = follow.backlog;
      const before = this.windowStart;
      if (held && !follow.backlogDirty && held.after === postedThrough && held.before === before) return;
      follow.backlogDirty = false;
      const takenOutByErp = held === null ? [] : [...held.days].filter((day) => day <= postedThrough);
      const base = held === null || takenOutByErp.length > held.days.size / 2 ? null : held;
      const wanted = (day: string) => day > postedThrough && day < before && !follow.days.has(day);
      const toAdd: string[] = [];
      for (let day = addDays(postedThrough, 1); day < before; day = addDays(day, 1)) {
        if (wanted(day) && !base?.days.has(day)) toAdd.push(day);
      }
      const toTakeOut = [...(base?.days ?? [])].filter((day) => !wanted(day));
      const [added, takenOut] = await Promise.all([this.closedBatches(retailStoreId, toAdd), this.closedBatches(retailStoreId, toTakeOut)]);
      // Applied at once, after every read: a request never sees half a backlog.
      const next: Backlog = { after: postedThrough, before, days: new Set(base?.days), net: new Map(base?.net) };
      for (const day of toTakeOut) {
        next.days.delete(day);
        addNet(next.net, takenOut.get(day) ?? [], -1);
      }
      for (const [day, batch] of added) {
        next.days.add(day);
        addNet(next.net, batch, 1);
      }
      follow.backlog = next;
    }
  }

  /** The end-of-day batches of those of `days` the store has closed, a few at a time. */
  private async closedBatches(retailStoreId: string, days: readonly string[]): Promise<Map<string, Receipt[]>> {
    const batches = new Map<string, Receipt[]>();
    await forEachLimited(days, BATCHES_AT_ONCE, async (day) => {
      const batch = await this.pos.endOfDayBatch(retailStoreId, day);
      // An open day before the window is followed from the feed, day by day.
      if (batch) batches.set(day, batch);
    });
    return batches;
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
    const leading = this.leading();
    await forEachLimited(stores, STORES_AT_ONCE, (store) => this.follow(store, leading));
    if (leading && this.options.relay) {
      const round: RelayedRound = { stores: {} };
      for (const store of stores) {
        const follow = this.follows.get(store);
        round.stores[store] = { cursor: follow?.cursor ?? null, failure: follow?.failure ?? null };
      }
      this.options.relay.roundRead(round);
    }
    this.prune();
  }

  /**
   * Reads the store's feed up to now, and rebuilds its closed days when due. `readFeed` false (another
   * replica reads it for this one): only the store's start reads the feed, and the closed days.
   */
  private async follow(retailStoreId: string, readFeed = true): Promise<void> {
    let follow = this.follows.get(retailStoreId);
    if (!follow) {
      follow = {
        cursor: null,
        days: new Map(),
        backlog: null,
        backlogDirty: false,
        backlogWork: Promise.resolve(),
        caughtUpAt: null,
        reconciledAt: -Infinity,
        failure: null,
      };
      this.follows.set(retailStoreId, follow);
    }
    try {
      if (readFeed || follow.cursor === null) {
        follow.cursor ??= await this.locateFeedStart(retailStoreId);
        await this.catchUp(retailStoreId, follow);
        follow.caughtUpAt = this.now().getTime();
        follow.failure = null;
      }
      const now = this.now().getTime();
      if (now - follow.reconciledAt >= this.options.reconcileMs) {
        await this.reconcile(retailStoreId, follow);
        follow.reconciledAt = now;
      }
    } catch (error) {
      follow.failure = reasonOf(error);
      this.log.warn({ err: error, retailStoreId }, 'could not follow the store feed');
    }
  }

  /**
   * The feed is by sequence number, not by day: start after the last receipt of the newest closed
   * day that has one, looking back from today; every day after it is open, and only the feed has
   * an open day's receipts. A store with none in reach (new, or quiet) is read from its beginning.
   */
  private async locateFeedStart(retailStoreId: string): Promise<number> {
    const today = storeBusinessDay(this.now());
    const reach = this.options.openDaysSearched ?? 62;
    for (let back = 0; back <= reach; back += 1) {
      const batch = await this.pos.endOfDayBatch(retailStoreId, addDays(today, -back));
      if (batch && batch.length > 0) return Math.max(...batch.map((receipt) => receipt.sequenceNumber));
    }
    return 0;
  }

  private async catchUp(retailStoreId: string, follow: StoreFollow): Promise<void> {
    for (;;) {
      const page = await this.pos.feed(retailStoreId, follow.cursor ?? 0);
      for (const receipt of page.receipts) this.record(follow, receipt);
      follow.cursor = page.lastSequence;
      if (page.receipts.length > 0 && this.leading())
        this.options.relay?.receiptsRead({ retailStoreId, receipts: page.receipts, cursor: page.lastSequence });
      if (!page.moreAvailable || page.receipts.length === 0) return;
    }
  }

  /** An open day's receipt, whatever its day: the ERP cannot have booked a day the store has not closed. */
  private record(follow: StoreFollow, receipt: Receipt): void {
    let day = follow.days.get(receipt.businessDay);
    if (!day) {
      day = new DayLedger(false);
      follow.days.set(receipt.businessDay, day);
    }
    // A closed day's batch already holds every receipt it will ever have.
    if (!day.final && day.add(receipt)) this.booked(receipt);
  }

  /** Rebuilds every day of the window, and every older open day, that the store has closed since the last look. */
  private async reconcile(retailStoreId: string, follow: StoreFollow): Promise<void> {
    const today = storeBusinessDay(this.now());
    const olderOpenDays = [...follow.days.keys()].filter((day) => day < this.windowStart).sort();
    const windowDays: string[] = [];
    for (let day = this.windowStart; day <= today; day = addDays(day, 1)) windowDays.push(day);
    for (const day of [...olderOpenDays, ...windowDays]) {
      if (follow.days.get(day)?.final) continue;
      const batch = await this.pos.endOfDayBatch(retailStoreId, day);
      if (!batch) continue;
      // What the feed booked of the day is booked again with the rest of its batch, but told only once.
      const followed = follow.days.get(day);
      const ledger = new DayLedger(true);
      for (const receipt of batch) if (ledger.add(receipt) && !followed?.has(receipt.key)) this.booked(receipt);
      follow.days.set(day, ledger);
    }
  }

  private booked(receipt: Receipt): void {
    this.indexReturn(receipt);
    this.options.onReceipt?.(receipt);
  }

  private indexReturn(receipt: Receipt): void {
    if (receipt.kind !== 'Return' || receipt.returnOf === null) return;
    const returns = this.returnsBySale.get(receipt.returnOf) ?? new Map<string, Receipt>();
    returns.set(receipt.key, receipt);
    this.returnsBySale.set(receipt.returnOf, returns);
  }

  /**
   * Closed days leave the window as time passes, and so do their returns; the backlog takes the
   * days over at its next use. Open days stay, however old: only the feed knows them.
   */
  private prune(): void {
    for (const follow of this.follows.values()) {
      for (const [day, ledger] of follow.days) {
        if (day >= this.windowStart || !ledger.final) continue;
        follow.days.delete(day);
        follow.backlogDirty = true;
      }
    }
    for (const [sale, returns] of this.returnsBySale) {
      for (const [key, refund] of returns) if (refund.businessDay < this.windowStart) returns.delete(key);
      if (returns.size === 0) this.returnsBySale.delete(sale);
    }
  }
}
