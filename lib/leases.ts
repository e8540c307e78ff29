import { Client } from 'pg';
import type { Logger } from 'pino';
import { advisoryLockId } from './locks';

/**
 * Leases on the feeds a replica follows on its own (a legacy system's saves searched by time, whose
 * changes it publishes and acts on): with FEED_LEASES_URL naming a PostgreSQL database, each feed is
 * followed by one replica at a time, the one holding that feed's lease; without it, by this process
 * (one replica, the embedded default).
 *
 * A lease is a session-level advisory lock on one connection of this process's own. A replica that
 * dies ends its session, so its leases free at once (PostgreSQL notices a vanished host through TCP
 * keepalives); every replica tries for the leases it lacks every FEED_LEASES_RETRY_MS (2 s), so a
 * feed moves to another replica within that. A holder checks its connection as often: once it
 * cannot, it stops following before another can take the lease over.
 */

/** What a replica does while it holds a feed's lease. */
export interface LeasedFeed {
  /** The lease was taken: follow (from where the last holder may have left off). */
  lead(): void;
  /** The lease is lost or given back: stop following. */
  standDown(): void;
}

export interface FeedLeases {
  /** Follows `feed` while this replica holds the lease called `name`. */
  follow(name: string, feed: LeasedFeed): void;
  /** The leases this replica holds now. */
  held(): string[];
  /** Stands every feed down and gives its leases back. */
  close(): Promise<void>;
}

/** One replica: every feed is this process's to follow. */
export class ProcessLeases implements FeedLeases {
  private readonly feeds = new Map<string, LeasedFeed>();

  follow(name: string, feed: LeasedFeed): void {
    this.feeds.set(name, feed);
    feed.lead();
  }

  held(): string[] {
    return [...this.feeds.keys()];
  }

  async close(): Promise<void> {
    for (const feed of this.feeds.values()) feed.standDown();
    this.feeds.clear();
  }
}

const DEFAULT_RETRY_MS = 2_000;

/** Replicas on one PostgreSQL: a feed is followed where its advisory lock is held. */
export class PostgresLeases implements FeedLeases {
  private readonly feeds = new Map<string, { feed: LeasedFeed; held: boolean }>();
  private client: Client | null = null;
  private timer: NodeJS.Timeout | null = null;
  private round: Promise<void> | null = null;
  private closed = false;

  constructor(
    private readonly url: string,
    private readonly log: Logger,
    private readonly retryMs = DEFAULT_RETRY_MS,
    /** The deployment's (EVENTS_NAMESPACE): two deployments, or test runs, on one database lease apart. */
    private readonly namespace = 'omnigraph',
  ) {}

  follow(name: string, feed: LeasedFeed): void {
    this.feeds.set(name, { feed, held: false });
    if (!this.timer) {
      this.timer = setInterval(() => void this.tryAll(), this.retryMs);
      this.timer.unref();
    }
    void this.tryAll();
  }

  held(): string[] {
    return [...this.feeds].filter(([, entry]) => entry.held).map(([name]) => name);
  }

  /** One round at a time: check the session, then try for every lease not held. */
  private tryAll(): Promise<void> {
    this.round ??= this.takeLeases().finally(() => {
      this.round = null;
    });
    return this.round;
  }

  private async takeLeases(): Promise<void> {
    if (this.closed) return;
    try {
      const client = await this.session();
      await client.query('SELECT 1');
      for (const [name, entry] of this.feeds) {
        if (entry.held || this.closed) continue;
        const { rows } = await client.query<{ taken: boolean }>('SELECT pg_try_advisory_lock($1) AS taken', [
          leaseLockId(this.namespace, name),
        ]);
        if (rows[0].taken && !this.closed) {
          entry.held = true;
          this.log.info({ feed: name }, 'feed lease taken: this replica follows it');
          entry.feed.lead();
        }
      }
    } catch (error) {
      this.lost(error);
    }
  }

  private async session(): Promise<Client> {
    if (this.client) return this.client;
    // A check that does not answer within a retry counts as a lost session: the holder stands down
    // rather than follow on while its session may already be gone.
    const client = new Client({
      connectionString: this.url,
      keepAlive: true,
      application_name: 'omnigraph-feed-leases',
      query_timeout: this.retryMs,
      connectionTimeoutMillis: this.retryMs * 5,
    });
    // A session that ends (the server restarts, the network drops) has given its locks back.
    client.on('error', (error) => this.lost(error));
    this.client = client;
    try {
      await client.connect();
    } catch (error) {
      this.client = null;
      throw error;
    }
    return client;
  }

  /** The session is gone or cannot answer: every lease it held may be another's now. */
  private lost(error: unknown): void {
    const held = this.held();
    if (held.length > 0) this.log.warn({ err: error, feeds: held }, 'feed leases lost: this replica stops following them');
    else if (!this.closed) this.log.warn({ err: error }, 'cannot reach the feed leases database; will try again');
    for (const entry of this.feeds.values()) {
      if (entry.held) entry.feed.standDown();
      entry.held = false;
    }
    const client = this.client;
    this.client = null;
    void client?.end().catch(() => undefined);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await this.round;
    for (const entry of this.feeds.values()) if (entry.held) entry.feed.standDown();
    this.feeds.clear();
    const client = this.client;
    this.client = null;
    // Ending the session gives its locks back.
    await client?.end().catch(() => undefined);
  }
}

/**
 * Runs `work` every `everyMs` while this replica holds the lease `name`: a round of a feed or a
 * sweep whose effects are shared (state in PostgreSQL, events on the bus), so one replica doing it
 * is enough; 0 (or less) never runs it and never takes the lease. A failed round is logged and tried
 * again at the next.
 */
export function everyWhileLeading(leases: FeedLeases, name: string, everyMs: number, work: () => Promise<unknown>, log: Logger): void {
  if (everyMs <= 0) return;
  let timer: NodeJS.Timeout | null = null;
  leases.follow(name, {
    lead: () => {
      timer ??= setInterval(
        () => void work().catch((error: unknown) => log.warn({ err: error }, `${name} failed; will try again`)),
        everyMs,
      );
      timer.unref();
    },
    standDown: () => {
      if (timer) clearInterval(timer);
      timer = null;
    },
  });
}

/** A feed's lock number in a deployment, apart from the stores' own advisory locks on the same database. */
export const leaseLockId = (namespace: string, name: string) => advisoryLockId(`feed-lease:${namespace}:${name}`);

/** FEED_LEASES_URL (postgres://…) for replicas sharing leases; else this process follows every feed. */
export function feedLeasesFromEnv(env: NodeJS.ProcessEnv, log: Logger): FeedLeases {
  const url = env.FEED_LEASES_URL;
  if (!url) return new ProcessLeases();
  if (!/^postgres(ql)?:\/\//.test(url)) throw new Error('FEED_LEASES_URL must be a postgres:// URL');
  const retryMs = env.FEED_LEASES_RETRY_MS ? Number(env.FEED_LEASES_RETRY_MS) : DEFAULT_RETRY_MS;
  if (!Number.isFinite(retryMs) || retryMs <= 0) throw new Error('FEED_LEASES_RETRY_MS must be a positive number of milliseconds');
  return new PostgresLeases(url, log, retryMs, env.EVENTS_NAMESPACE || 'omnigraph');
}
