import { resolve } from 'node:path';
import type Database from 'better-sqlite3';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { openSqliteStore, quoteIdentifier } from '../../lib/durable-stores';
import { openStorePool } from '../../lib/locks';

/**
 * Where the read model lives: the embedded SQLite file by default (KPIS_STATE_FILE, default
 * `kpis-state.sqlite` in the data directory; `:memory:` keeps nothing), PostgreSQL at
 * KPIS_STATE_URL in production (in KPIS_STATE_SCHEMA, default `public`, with KPIS_STATE_POOL_SIZE
 * connections, default 5), where every replica shares one model. The model's SQL is written once,
 * in the dialect both accept (`?` placeholders, ON CONFLICT, integer division); this is all that
 * differs.
 */

export interface Statement {
  sql: string;
  params: unknown[];
}

export interface SqlDatabase {
  /** `name` as a table of the model: qualified by the schema in PostgreSQL. */
  table(name: string): string;
  /** Runs the statements in one transaction: all of them happen, or none. */
  write(statements: readonly Statement[]): Promise<void>;
  read<T>(sql: string, params: readonly unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

export async function openDatabase(
  env: NodeJS.ProcessEnv,
  ddl: (table: (name: string) => string) => string,
  log: Logger,
): Promise<SqlDatabase> {
  const url = env.KPIS_STATE_URL;
  if (url) {
    if (!/^postgres(ql)?:\/\//.test(url)) throw new Error('KPIS_STATE_URL must be a postgres:// URL');
    const poolSize = Number(env.KPIS_STATE_POOL_SIZE || 5);
    if (!Number.isInteger(poolSize) || poolSize < 1) throw new Error('KPIS_STATE_POOL_SIZE must be a positive integer');
    return PostgresDatabase.open(url, quoteIdentifier('KPIS_STATE_SCHEMA', env.KPIS_STATE_SCHEMA || 'public'), poolSize, ddl, log);
  }
  const file = env.KPIS_STATE_FILE || 'kpis-state.sqlite';
  const db = new SqliteDatabase(openSqliteStore(file === ':memory:' ? file : resolve(env.LEGACY_DATA_DIR ?? 'data', file)));
  db.db.exec(ddl((name) => name));
  return db;
}

class SqliteDatabase implements SqlDatabase {
  private readonly prepared = new Map<string, Database.Statement>();

  constructor(readonly db: Database.Database) {}

  table(name: string): string {
    return name;
  }

  private statement(sql: string): Database.Statement {
    let statement = this.prepared.get(sql);
    if (!statement) this.prepared.set(sql, (statement = this.db.prepare(sql)));
    return statement;
  }

  async write(statements: readonly Statement[]): Promise<void> {
    this.db.transaction(() => {
      for (const { sql, params } of statements) this.statement(sql).run(...params);
    })();
  }

  async read<T>(sql: string, params: readonly unknown[]): Promise<T[]> {
    return this.statement(sql).all(...params) as T[];
  }

  async close(): Promise<void> {
    this.db.close();
  }
}

/** `?` placeholders as PostgreSQL's `$1`, `$2`, …: the model's SQL has no `?` anywhere else. */
function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${(n += 1)}`);
}

/** Two writers inserting the same keys in another order may deadlock: PostgreSQL picks one to fail, which is tried again. */
const RETRIED = new Set(['40P01', '40001']);

class PostgresDatabase implements SqlDatabase {
  private constructor(
    private readonly pool: Pool,
    private readonly schema: string,
  ) {}

  static async open(
    url: string,
    schema: string,
    poolSize: number,
    ddl: (table: (name: string) => string) => string,
    log: Logger,
  ): Promise<PostgresDatabase> {
    const pool = await openStorePool(
      { connectionString: url, max: poolSize },
      schema,
      ddl((name) => `${schema}.${name}`),
      'KPI read model',
      log,
    );
    return new PostgresDatabase(pool, schema);
  }

  table(name: string): string {
    return `${this.schema}.${name}`;
  }

  async write(statements: readonly Statement[]): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      const client = await this.pool.connect();
      try {
        await client.query('BEGIN');
        for (const { sql, params } of statements) await client.query(numbered(sql), params as unknown[]);
        await client.query('COMMIT');
        return;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        if (attempt >= 3 || !RETRIED.has((error as { code?: string }).code ?? '')) throw error;
      } finally {
        client.release();
      }
    }
  }

  async read<T>(sql: string, params: readonly unknown[]): Promise<T[]> {
    return (await this.pool.query(numbered(sql), params as unknown[])).rows as T[];
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
