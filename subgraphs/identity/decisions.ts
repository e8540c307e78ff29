import path from 'node:path';
import type Database from 'better-sqlite3';
import type { Pool } from 'pg';
import { openStorePool } from '../../lib/locks';
import { openSqliteStore, quoteIdentifier } from '../../lib/durable-stores';
import type { Logger } from 'pino';

/**
 * What people decided about who is who, where the model cannot: data stewards merging two
 * customers or splitting one, a cashier or an agent saying whose a store sale known only by a
 * shared phone was. Kept in Omnigraph's own durable store, never in the legacy systems (their
 * records stay as they are), with who decided, when, through which app and why. An undo is
 * recorded too, never a deletion: the audit keeps every step.
 */
export type DecisionChange =
  /** Two customers are one person: their anchor records (record keys, e.g. `CRM:18`) are linked. */
  | { kind: 'MERGE'; customerIds: [string, string]; records: [string, string] }
  /** These records of one customer are another person: each moved record is kept apart from each kept one. */
  | { kind: 'SPLIT'; customerId: string; moved: string[]; kept: string[] }
  /** A store sale (its POS transaction key) was this customer's. */
  | { kind: 'STORE_SALE_CUSTOMER'; saleKey: string; customerId: string };

export interface DecisionMeta {
  /** ISO 8601, business time. */
  at: string;
  decidedBy: string | null;
  decidedByRoles: string[];
  channel: string | null;
  requestId: string;
  reason: string | null;
}

export type Decision = DecisionChange &
  DecisionMeta & {
    /** The store's sequence, as text. */
    id: string;
    undoneAt: string | null;
    undoneBy: string | null;
  };

export interface DecisionStore {
  /** Durable once it settles. */
  add(change: DecisionChange, meta: DecisionMeta): Promise<Decision>;
  /** Marks a decision undone (kept in the audit); null when there is none by that id. */
  undo(id: string, at: string, by: string | null): Promise<Decision | null>;
  /** Every decision, oldest first: later ones win. */
  all(): Promise<Decision[]>;
  close(): Promise<void>;
}

interface Row {
  id: number | string;
  change: string | DecisionChange;
  at: string | Date;
  decided_by: string | null;
  decided_by_roles: string | string[];
  channel: string | null;
  request_id: string;
  reason: string | null;
  undone_at: string | Date | null;
  undone_by: string | null;
}

const iso = (value: string | Date) => (value instanceof Date ? value.toISOString() : value);

function toDecision(row: Row): Decision {
  const change = typeof row.change === 'string' ? (JSON.parse(row.change) as DecisionChange) : row.change;
  return {
    ...change,
    id: String(row.id),
    at: iso(row.at),
    decidedBy: row.decided_by,
    decidedByRoles: typeof row.decided_by_roles === 'string' ? (JSON.parse(row.decided_by_roles) as string[]) : row.decided_by_roles,
    channel: row.channel,
    requestId: row.request_id,
    reason: row.reason,
    undoneAt: row.undone_at === null ? null : iso(row.undone_at),
    undoneBy: row.undone_by,
  };
}

/** The embedded store: one SQLite file shared by the processes on one machine (WAL, busy timeout). */
class SqliteDecisions implements DecisionStore {
  private readonly db: Database.Database;

  constructor(file: string) {
    this.db = openSqliteStore(file);
    this.db.exec(`CREATE TABLE IF NOT EXISTS identity_decisions (
      id INTEGER PRIMARY KEY AUTOINCREMENT, change TEXT NOT NULL, at TEXT NOT NULL, decided_by TEXT,
      decided_by_roles TEXT NOT NULL, channel TEXT, request_id TEXT NOT NULL, reason TEXT, undone_at TEXT, undone_by TEXT)`);
  }

  async add(change: DecisionChange, meta: DecisionMeta): Promise<Decision> {
    const row = this.db
      .prepare<unknown[], Row>(
        `INSERT INTO identity_decisions (change, at, decided_by, decided_by_roles, channel, request_id, reason)
         VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING *`,
      )
      .get(
        JSON.stringify(change),
        meta.at,
        meta.decidedBy,
        JSON.stringify(meta.decidedByRoles),
        meta.channel,
        meta.requestId,
        meta.reason,
      )!;
    return toDecision(row);
  }

  async undo(id: string, at: string, by: string | null): Promise<Decision | null> {
    const row = this.db
      .prepare<unknown[], Row>(`UPDATE identity_decisions SET undone_at = ?, undone_by = ? WHERE id = ? AND undone_at IS NULL RETURNING *`)
      .get(at, by, Number(id));
    if (row) return toDecision(row);
    const existing = this.db.prepare<unknown[], Row>(`SELECT * FROM identity_decisions WHERE id = ?`).get(Number(id));
    return existing ? toDecision(existing) : null;
  }

  async all(): Promise<Decision[]> {
    return this.db.prepare<[], Row>(`SELECT * FROM identity_decisions ORDER BY id`).all().map(toDecision);
  }

  async close(): Promise<void> {
    this.db.close();
  }
}

/** The shared store for any number of replicas: each replica reads every decision at each sync. */
class PostgresDecisions implements DecisionStore {
  constructor(
    private readonly pool: Pool,
    private readonly table: string,
  ) {}

  static async open(url: string, schema: string, log: Logger): Promise<PostgresDecisions> {
    const quoted = quoteIdentifier('IDENTITY_DECISIONS_SCHEMA', schema);
    const table = `${quoted}.identity_decisions`;
    const pool = await openStorePool(
      { connectionString: url, max: 4 },
      quoted,
      `CREATE TABLE IF NOT EXISTS ${table} (
        id BIGSERIAL PRIMARY KEY, change JSONB NOT NULL, at TIMESTAMPTZ NOT NULL, decided_by TEXT,
        decided_by_roles TEXT[] NOT NULL, channel TEXT, request_id TEXT NOT NULL, reason TEXT, undone_at TIMESTAMPTZ, undone_by TEXT)`,
      'identity decisions',
      log,
    );
    return new PostgresDecisions(pool, table);
  }

  async add(change: DecisionChange, meta: DecisionMeta): Promise<Decision> {
    const { rows } = await this.pool.query<Row>(
      `INSERT INTO ${this.table} (change, at, decided_by, decided_by_roles, channel, request_id, reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
      [JSON.stringify(change), meta.at, meta.decidedBy, meta.decidedByRoles, meta.channel, meta.requestId, meta.reason],
    );
    return toDecision(rows[0]);
  }

  async undo(id: string, at: string, by: string | null): Promise<Decision | null> {
    if (!/^\d{1,18}$/.test(id)) return null;
    const { rows } = await this.pool.query<Row>(
      `UPDATE ${this.table} SET undone_at = COALESCE(undone_at, $2), undone_by = CASE WHEN undone_at IS NULL THEN $3 ELSE undone_by END
       WHERE id = $1 RETURNING *`,
      [id, at, by],
    );
    return rows[0] ? toDecision(rows[0]) : null;
  }

  async all(): Promise<Decision[]> {
    const { rows } = await this.pool.query<Row>(`SELECT * FROM ${this.table} ORDER BY id`);
    return rows.map(toDecision);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** The store once open: the subgraph starts at once and its first sync waits for the store. */
class OpeningDecisions implements DecisionStore {
  constructor(readonly ready: Promise<DecisionStore>) {}
  async add(change: DecisionChange, meta: DecisionMeta) {
    return (await this.ready).add(change, meta);
  }
  async undo(id: string, at: string, by: string | null) {
    return (await this.ready).undo(id, at, by);
  }
  async all() {
    return (await this.ready).all();
  }
  async close() {
    await (await this.ready).close();
  }
}

/**
 * IDENTITY_DECISIONS_URL (PostgreSQL, schema IDENTITY_DECISIONS_SCHEMA, default `public`) for
 * replicas; else the SQLite file IDENTITY_DECISIONS_FILE (default `identity-decisions.sqlite`) in
 * the data directory; `:memory:` for tests only.
 */
export function decisionStore(env: NodeJS.ProcessEnv, log: Logger): DecisionStore & { ready: Promise<DecisionStore> } {
  return new OpeningDecisions(openDecisions(env, log));
}

async function openDecisions(env: NodeJS.ProcessEnv, log: Logger): Promise<DecisionStore> {
  if (env.IDENTITY_DECISIONS_URL) return PostgresDecisions.open(env.IDENTITY_DECISIONS_URL, env.IDENTITY_DECISIONS_SCHEMA || 'public', log);
  const file = env.IDENTITY_DECISIONS_FILE || 'identity-decisions.sqlite';
  if (file === ':memory:') {
    if (env.NODE_ENV === 'production')
      throw new Error('IDENTITY_DECISIONS_FILE=:memory: forgets every merge, split and confirmation at restart');
    return new SqliteDecisions(file);
  }
  return new SqliteDecisions(path.resolve(env.LEGACY_DATA_DIR ?? 'data', file));
}
