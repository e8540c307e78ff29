import { resolve } from 'node:path';
import type Database from 'better-sqlite3';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { openSqliteStore, quoteIdentifier } from '../../lib/durable-stores';
import { openStorePool, processLocks, withAdvisoryLocks } from '../../lib/locks';

/**
 * What the marketplace subgraph keeps of its own: when Omnigraph took the channel over (orders
 * that changed before are the seller's earlier process's, not fulfilled again), and the locks its
 * decisions run under. The embedded SQLite file by default (MARKETPLACE_STATE_FILE, default
 * `marketplace-state.sqlite` in the data directory, not the stand-in's `marketplace.sqlite`; `:memory:` keeps nothing); PostgreSQL at
 * MARKETPLACE_STATE_URL for replicas, in MARKETPLACE_STATE_SCHEMA (default `public`). Its stock
 * decisions exclude commerce's through the same lock keys: in one process always (lib/locks), and
 * across processes when both keep their state in the same PostgreSQL database (advisory locks).
 */
export interface MarketplaceState {
  /** The stored go-live moment, or `now` stored as it when there is none yet. */
  goLive(now: string): Promise<string>;
  withLocks<T>(keys: readonly string[], work: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export async function openMarketplaceState(env: NodeJS.ProcessEnv, log: Logger): Promise<MarketplaceState> {
  const url = env.MARKETPLACE_STATE_URL;
  if (url) {
    if (!/^postgres(ql)?:\/\//.test(url)) throw new Error('MARKETPLACE_STATE_URL must be a postgres:// URL');
    return PostgresMarketplaceState.open(url, quoteIdentifier('MARKETPLACE_STATE_SCHEMA', env.MARKETPLACE_STATE_SCHEMA || 'public'), log);
  }
  const file = env.MARKETPLACE_STATE_FILE || 'marketplace-state.sqlite';
  return new SqliteMarketplaceState(openSqliteStore(file === ':memory:' ? file : resolve(env.LEGACY_DATA_DIR ?? 'data', file)));
}

class SqliteMarketplaceState implements MarketplaceState {
  constructor(private readonly db: Database.Database) {
    db.exec('CREATE TABLE IF NOT EXISTS marketplace_marks (name TEXT PRIMARY KEY, value TEXT NOT NULL)');
  }

  async goLive(now: string): Promise<string> {
    this.db.prepare("INSERT OR IGNORE INTO marketplace_marks (name, value) VALUES ('go-live', ?)").run(now);
    return (this.db.prepare("SELECT value FROM marketplace_marks WHERE name = 'go-live'").get() as { value: string }).value;
  }

  withLocks<T>(keys: readonly string[], work: () => Promise<T>): Promise<T> {
    return processLocks.run(keys, work);
  }

  async close(): Promise<void> {
    this.db.close();
  }
}

class PostgresMarketplaceState implements MarketplaceState {
  private constructor(
    private readonly pool: Pool,
    private readonly marks: string,
  ) {}

  static async open(url: string, schema: string, log: Logger): Promise<PostgresMarketplaceState> {
    const marks = `${schema}.marketplace_marks`;
    const pool = await openStorePool(
      { connectionString: url, max: 10 },
      schema,
      `CREATE TABLE IF NOT EXISTS ${marks} (name TEXT PRIMARY KEY, value TEXT NOT NULL)`,
      'marketplace state',
      log,
    );
    return new PostgresMarketplaceState(pool, marks);
  }

  async goLive(now: string): Promise<string> {
    await this.pool.query(`INSERT INTO ${this.marks} (name, value) VALUES ('go-live', $1) ON CONFLICT (name) DO NOTHING`, [now]);
    return (await this.pool.query<{ value: string }>(`SELECT value FROM ${this.marks} WHERE name = 'go-live'`)).rows[0].value;
  }

  withLocks<T>(keys: readonly string[], work: () => Promise<T>): Promise<T> {
    return withAdvisoryLocks(this.pool, keys, work);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
