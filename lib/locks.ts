import { createHash } from 'node:crypto';
import { Pool, type PoolClient, type PoolConfig } from 'pg';
import type { Logger } from 'pino';

/**
 * Keyed locks. In process, one `KeyedLock` for the whole process (`processLocks`): every state
 * store in it queues there, so subgraphs embedded in one process (each with its own store) exclude
 * each other on the same key. It alone makes the embedded stores exclusive (they serve one replica
 * by design), and it sits in front of PostgreSQL's advisory locks (`advisoryLockId`), which exclude
 * replicas across processes, so one process queues its own callers in memory instead of parking a
 * pooled connection per waiter on the same key.
 */

/** The order every caller takes its locks in: sorted and without repeats, so no two callers deadlock. */
export function lockOrder(keys: readonly string[]): string[] {
  return [...new Set(keys)].sort();
}

/** The advisory lock number for a key: the first 8 bytes of its SHA-256, as a signed 64-bit integer. */
export function advisoryLockId(key: string): string {
  return createHash('sha256').update(key).digest().readBigInt64BE(0).toString();
}

export class KeyedLock {
  /** Per key, the promise that settles when the last queued holder releases it. */
  private readonly tails = new Map<string, Promise<void>>();

  /** Runs `work` holding every key (not re-entrant: a holder asking again for its own key waits forever). */
  async run<T>(keys: readonly string[], work: () => Promise<T>): Promise<T> {
    const releases: Array<() => void> = [];
    try {
      for (const key of lockOrder(keys)) releases.push(await this.acquire(key));
      return await work();
    } finally {
      for (const release of releases.reverse()) release();
    }
  }

  private async acquire(key: string): Promise<() => void> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => held);
    this.tails.set(key, tail);
    await previous;
    return () => {
      release();
      // The last holder leaves no entry behind, so the map only grows with keys in contention.
      if (this.tails.get(key) === tail) this.tails.delete(key);
    };
  }
}

/**
 * The one in-process lock every state store of this process queues on: a key is one lock however
 * many stores (and subgraphs) ask for it. Not re-entrant across stores either: work holding a key
 * through one store must not ask for it again through another.
 */
export const processLocks = new KeyedLock();

/**
 * Runs `work` holding every key in this process (processLocks) and across processes: PostgreSQL
 * advisory locks, taken in one order inside a transaction on a connection of `pool` held for the
 * whole of `work`, so they go when it ends, however it ends. Two stores whose pools reach the same
 * database exclude each other on the same key, whichever subgraph they belong to.
 */
export function withAdvisoryLocks<T>(pool: Pool, keys: readonly string[], work: (client: PoolClient) => Promise<T>): Promise<T> {
  const ordered = lockOrder(keys);
  return processLocks.run(ordered, async () => {
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      for (const key of ordered) await client.query('SELECT pg_advisory_xact_lock($1::bigint)', [advisoryLockId(key)]);
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      broken = await client.query('ROLLBACK').then(
        () => undefined,
        (failure: unknown) => (failure instanceof Error ? failure : new Error(String(failure))),
      );
      throw error;
    } finally {
      // A connection that could not roll back is closed rather than reused, which frees its locks.
      client.release(broken);
    }
  });
}

/**
 * Creates `schema` (a quoted identifier) and what a store keeps in it (`ddl`), however many stores
 * and replicas start on it at once: CREATE … IF NOT EXISTS is not safe against a concurrent creator
 * (both pass the check, one fails on the catalogue's unique index), so every store creating in a
 * schema takes the one advisory lock named after it, whichever store it is, and creates on the
 * connection holding it (a pool of one connection must not wait for a second).
 */
export async function createInSchema(pool: Pool, schema: string, ddl: string): Promise<void> {
  await withAdvisoryLocks(pool, [`postgres-schema:${schema.replace(/"/g, '')}`], (client) =>
    client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}; ${ddl}`),
  );
}

/**
 * A store's pool on its schema, the schema and `ddl` created in it (createInSchema): lost connections
 * logged as the `store`'s, and the pool ended when the creation fails.
 */
export async function openStorePool(config: PoolConfig, schema: string, ddl: string, store: string, log: Logger): Promise<Pool> {
  const pool = new Pool(config);
  pool.on('error', (error) => log.warn({ err: error }, `${store} connection lost`));
  try {
    await createInSchema(pool, schema, ddl);
  } catch (error) {
    await pool.end();
    throw error;
  }
  return pool;
}
