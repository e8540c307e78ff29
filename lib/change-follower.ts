import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { FeedLeases } from './leases';

/** One record as a legacy system last saved it, read from a search by save time. */
export interface SavedRecord {
  /** What the record is (a SKU, a partner id). */
  key: string;
  /** When it was saved (ISO 8601), at the system's own resolution. */
  savedAt: string;
  /** What it looked like: two reads of one save give the same version. */
  version: string;
}

/** Names one save of a record, the same for every replica that sees it: an event's id. */
export const saveId = (record: SavedRecord): string =>
  `${record.savedAt}:${createHash('sha256').update(record.version).digest('base64url').slice(0, 16)}`;

/**
 * Follows a legacy system's saves, whoever made them (staff in its own screens, an import): one
 * search by save time a round, however many callers read the records. Save times have the system's
 * resolution (a second in Magento and Odoo), so each round reads the newest second it saw again and
 * tells only the saves that differ from what it saw then; a save is told once.
 */
export class ChangeFollower {
  /** Where the next round reads from: the newest save time seen. */
  private mark = '';
  /** Each record saved in the mark's second as it was seen then. */
  private seenAtMark = new Map<string, string>();
  private following: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    /** What is followed, for the log. */
    private readonly what: string,
    /** The records saved at or after the mark, oldest first. */
    private readonly savedSince: (mark: string) => Promise<SavedRecord[]>,
    /** Told of the records saved since the last round. */
    private readonly changed: (records: SavedRecord[]) => Promise<void>,
    private readonly log: Logger,
  ) {}

  /**
   * Follows every `everyMs` from the saves made at `since` on (a replica that takes the feed over
   * reads from where the last one may have left off), until paused or stopped; 0 (or less) does not follow.
   */
  followFrom(since: Date, everyMs: number): void {
    if (everyMs <= 0 || this.stopped) return;
    this.pause();
    this.mark = since.toISOString();
    this.seenAtMark = new Map();
    this.timer = setInterval(
      () => void this.follow().catch((error: unknown) => this.log.warn({ err: error }, `${this.what} follower failed; will try again`)),
      everyMs,
    );
    this.timer.unref();
  }

  /** Stops following until told to follow again (another replica follows now). */
  pause(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  stop(): void {
    this.stopped = true;
    this.pause();
  }

  /** One round; a round that outlasts the interval is joined, not run twice. */
  follow(): Promise<void> {
    this.following ??= this.round().finally(() => {
      this.following = null;
    });
    return this.following;
  }

  private async round(): Promise<void> {
    if (!this.timer) return;
    const read = await this.savedSince(this.mark);
    const changed = read.filter((record) => record.savedAt !== this.mark || this.seenAtMark.get(record.key) !== record.version);
    const newest = read.at(-1)?.savedAt;
    if (newest !== undefined && newest !== this.mark) {
      this.mark = newest;
      this.seenAtMark = new Map();
    }
    for (const record of read) if (record.savedAt === this.mark) this.seenAtMark.set(record.key, record.version);
    if (changed.length > 0) await this.changed(changed);
  }
}

/**
 * Follows `feed` while this replica holds its lease (lib/leases.ts): each time the lease is taken,
 * from `from()` on, every `everyMs`; 0 (or less) does not follow at all.
 */
export function followUnderLease(leases: FeedLeases, feed: string, follower: ChangeFollower, everyMs: number, from: () => Date): void {
  if (everyMs <= 0) return;
  leases.follow(feed, { lead: () => follower.followFrom(from(), everyMs), standDown: () => follower.pause() });
}
