import { resolve } from 'node:path';
import { PostgresCommerceState } from './postgres';
import { SqliteCommerceState } from './sqlite';
import type { CommerceState } from './types';

export * from './types';

/**
 * The embedded store's file: COMMERCE_STATE_FILE (default `commerce.sqlite`) in the data directory,
 * where the stand-ins keep theirs (LEGACY_DATA_DIR, default `data` in the working directory), so
 * the saga log stays beside the world its orders are in; an absolute path is taken as it is, and
 * `:memory:` keeps nothing.
 */
export function commerceStateFile(env: NodeJS.ProcessEnv): string {
  const file = env.COMMERCE_STATE_FILE || 'commerce.sqlite';
  return file === ':memory:' ? file : resolve(env.LEGACY_DATA_DIR ?? 'data', file);
}

/**
 * Opens the commerce state and creates its tables if missing. COMMERCE_STATE_URL (postgres://…)
 * selects the shared PostgreSQL store, in COMMERCE_STATE_SCHEMA (default `public`) with
 * COMMERCE_STATE_POOL_SIZE connections per pool (default 10); otherwise the embedded SQLite file
 * (commerceStateFile), for one replica only.
 */
export async function openCommerceState(env: NodeJS.ProcessEnv): Promise<CommerceState> {
  const url = env.COMMERCE_STATE_URL;
  if (!url) return new SqliteCommerceState(commerceStateFile(env));
  if (!/^postgres(ql)?:\/\//.test(url)) throw new Error('COMMERCE_STATE_URL must be a postgres:// URL');
  const poolSize = Number(env.COMMERCE_STATE_POOL_SIZE ?? 10);
  if (!Number.isInteger(poolSize) || poolSize < 1) throw new Error('COMMERCE_STATE_POOL_SIZE must be a positive integer');
  return PostgresCommerceState.open({ url, schema: env.COMMERCE_STATE_SCHEMA || 'public', poolSize, env });
}
