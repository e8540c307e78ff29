import path from 'node:path';
import type Database from 'better-sqlite3';
import type { Pool, PoolClient } from 'pg';
import { openStorePool } from '../../lib/locks';
import type { Logger } from 'pino';
import type { CustomerCard, CustomerPartner } from '../../connectors/crm';
import { openSqliteStore, quoteIdentifier } from '../../lib/durable-stores';
import type { FormerPhone } from './directory';
import type { SourceRecord } from './linking';

/**
 * The customer records the directory is built from (the CRM's partners, cards and former phones,
 * the web shop's accounts) and how far each system has been read, kept where every replica can
 * read them: a replica starts from here, not from a whole read of the CRM and the web shop, and
 * takes in what another replica read since by the store's change number. Only what the systems
 * answered is kept: each row is rebuilt from its source whenever the source changes again.
 */

export type DirectorySystem = 'crm' | 'ecommerce';
/**
 * How far each of the systems' searches has been read: the CRM's partners (and their tracked phone
 * changes), its loyalty cards apart (read after the partners, so a card's write date can be later
 * than a partner saved between the two searches), the web shop's accounts.
 */
export type DirectoryMark = 'crm' | 'crm.cards' | 'ecommerce';

export interface DirectoryRecords {
  partners: CustomerPartner[];
  cards: CustomerCard[];
  webCustomers: SourceRecord[];
  formerPhones: FormerPhone[];
}

export interface StoredDirectoryRecords extends DirectoryRecords {
  /** The highest change number among them; the one asked after when there are none. */
  seq: number;
  /** Where each search has been read up to (its latest write date, null when it had no record); absent: never read. */
  readUpTo: Partial<Record<DirectoryMark, string | null>>;
}

export interface DirectoryRecordStore {
  /** The records stored or changed after change number `seq` (every record after 0), and the systems' read marks. */
  changesAfter(seq: number): Promise<StoredDirectoryRecords>;
  /**
   * Keeps what one search (`mark`), started at `readAt` (ISO 8601), found: a record when it is new,
   * or differs and is not older than the stored one, by its write date, then by when it was read (a
   * replica that read earlier cannot undo a later read, even within the write date's second), under
   * one new change number, which it answers; the search's mark moves to `readUpTo` unless it is
   * already later. Change numbers are taken in the order saves commit.
   */
  save(mark: DirectoryMark, records: Partial<DirectoryRecords>, readUpTo: string | null, readAt: string): Promise<number>;
  close(): Promise<void>;
}

type Kind = 'partner' | 'card' | 'web' | 'former-phone';

interface Row {
  kind: Kind;
  key: string;
  updatedAt: string;
  body: string;
}

/**
 * One row per record: a read may hold a record twice (a page read after the record moved under a
 * change; a number a partner dropped from two fields at once), and one statement cannot write a key
 * twice. The later version wins; on a tie, the one read last.
 */
function rowsOf(records: Partial<DirectoryRecords>): Row[] {
  const latest = new Map<string, Row>();
  for (const row of allRowsOf(records)) {
    const key = `${row.kind}:${row.key}`;
    const held = latest.get(key);
    if (!held || row.updatedAt >= held.updatedAt) latest.set(key, row);
  }
  return [...latest.values()];
}

function allRowsOf(records: Partial<DirectoryRecords>): Row[] {
  return [
    ...(records.partners ?? []).map((partner) => ({
      kind: 'partner' as const,
      key: String(partner.id),
      updatedAt: partner.updatedAt,
      body: JSON.stringify(partner),
    })),
    ...(records.cards ?? []).map((card) => ({
      kind: 'card' as const,
      key: String(card.id),
      updatedAt: card.updatedAt,
      body: JSON.stringify(card),
    })),
    ...(records.webCustomers ?? []).map((web) => ({
      kind: 'web' as const,
      key: String(web.id),
      updatedAt: web.updatedAt,
      body: JSON.stringify(web),
    })),
    // A former number never changes: it is there or not.
    ...(records.formerPhones ?? []).map((former) => ({
      kind: 'former-phone' as const,
      key: `${former.crmPartnerId}:${former.phone}`,
      updatedAt: '',
      body: JSON.stringify(former),
    })),
  ];
}

function recordsOf(rows: { kind: Kind; body: string | object }[], seq: number, marks: { system: string; read_up_to: string | null }[]) {
  const stored: StoredDirectoryRecords = { partners: [], cards: [], webCustomers: [], formerPhones: [], seq, readUpTo: {} };
  for (const row of rows) {
    const body = typeof row.body === 'string' ? (JSON.parse(row.body) as unknown) : row.body;
    if (row.kind === 'partner') stored.partners.push(body as CustomerPartner);
    else if (row.kind === 'card') stored.cards.push(body as CustomerCard);
    else if (row.kind === 'web') stored.webCustomers.push(body as SourceRecord);
    else stored.formerPhones.push(body as FormerPhone);
  }
  for (const mark of marks) stored.readUpTo[mark.system as DirectoryMark] = mark.read_up_to;
  return stored;
}

/** The embedded store: one SQLite file, shared by the processes of one machine. */
class SqliteDirectoryRecords implements DirectoryRecordStore {
  private readonly db: Database.Database;

  constructor(file: string) {
    this.db = openSqliteStore(file);
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS identity_directory_records (
        kind TEXT NOT NULL, key TEXT NOT NULL, updated_at TEXT NOT NULL, read_at TEXT NOT NULL, body TEXT NOT NULL,
        seq INTEGER NOT NULL, PRIMARY KEY (kind, key));
      CREATE INDEX IF NOT EXISTS identity_directory_records_seq ON identity_directory_records (seq);
      CREATE TABLE IF NOT EXISTS identity_directory_marks (system TEXT PRIMARY KEY, read_up_to TEXT);
      CREATE TABLE IF NOT EXISTS identity_directory_seq (one INTEGER PRIMARY KEY CHECK (one = 1), seq INTEGER NOT NULL);
      INSERT OR IGNORE INTO identity_directory_seq VALUES (1, 0);`);
  }

  async changesAfter(seq: number): Promise<StoredDirectoryRecords> {
    return this.db.transaction(() => {
      const rows = this.db
        .prepare<[number], { kind: Kind; body: string; seq: number }>(
          'SELECT kind, body, seq FROM identity_directory_records WHERE seq > ?',
        )
        .all(seq);
      const marks = this.db.prepare<[], { system: string; read_up_to: string | null }>('SELECT * FROM identity_directory_marks').all();
      return recordsOf(
        rows,
        rows.reduce((highest, row) => Math.max(highest, row.seq), seq),
        marks,
      );
    })();
  }

  async save(mark: DirectoryMark, records: Partial<DirectoryRecords>, readUpTo: string | null, readAt: string): Promise<number> {
    const upsert = this.db.prepare(
      `INSERT INTO identity_directory_records AS stored (kind, key, updated_at, read_at, body, seq) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (kind, key) DO UPDATE SET updated_at = excluded.updated_at, read_at = excluded.read_at, body = excluded.body, seq = excluded.seq
       WHERE (excluded.updated_at, excluded.read_at) >= (stored.updated_at, stored.read_at) AND excluded.body <> stored.body`,
    );
    return this.db.transaction(() => {
      const { seq } = this.db.prepare<[], { seq: number }>('UPDATE identity_directory_seq SET seq = seq + 1 RETURNING seq').get()!;
      for (const row of rowsOf(records)) upsert.run(row.kind, row.key, row.updatedAt, readAt, row.body, seq);
      this.db
        .prepare(
          `INSERT INTO identity_directory_marks (system, read_up_to) VALUES (?, ?)
           ON CONFLICT (system) DO UPDATE SET read_up_to = excluded.read_up_to
           WHERE excluded.read_up_to > COALESCE(identity_directory_marks.read_up_to, '')`,
        )
        .run(mark, readUpTo);
      return seq;
    })();
  }

  async close(): Promise<void> {
    this.db.close();
  }
}

/** Rows per INSERT: a first read of a large base goes in many statements of one transaction. */
const ROWS_PER_INSERT = 5_000;

/** The shared store for any number of replicas. */
class PostgresDirectoryRecords implements DirectoryRecordStore {
  constructor(
    private readonly pool: Pool,
    private readonly schema: string,
  ) {}

  static async open(url: string, schemaName: string, log: Logger): Promise<PostgresDirectoryRecords> {
    const schema = quoteIdentifier('IDENTITY_DIRECTORY_SCHEMA', schemaName);
    // A store that does not answer fails the round (logged; the replica serves from memory and tries
    // again), rather than holding it for the minutes of a TCP timeout.
    const pool = await openStorePool(
      { connectionString: url, max: 4, connectionTimeoutMillis: 10_000, query_timeout: 120_000 },
      schema,
      `
        CREATE TABLE IF NOT EXISTS ${schema}.identity_directory_records (
          kind TEXT NOT NULL, key TEXT NOT NULL, updated_at TEXT NOT NULL, read_at TEXT NOT NULL, body TEXT NOT NULL,
          seq BIGINT NOT NULL, PRIMARY KEY (kind, key));
        CREATE INDEX IF NOT EXISTS identity_directory_records_seq ON ${schema}.identity_directory_records (seq);
        CREATE TABLE IF NOT EXISTS ${schema}.identity_directory_marks (system TEXT PRIMARY KEY, read_up_to TEXT);
        CREATE TABLE IF NOT EXISTS ${schema}.identity_directory_seq (one INTEGER PRIMARY KEY CHECK (one = 1), seq BIGINT NOT NULL);
        INSERT INTO ${schema}.identity_directory_seq VALUES (1, 0) ON CONFLICT DO NOTHING;`,
      'identity directory store',
      log,
    );
    return new PostgresDirectoryRecords(pool, schema);
  }

  async changesAfter(seq: number): Promise<StoredDirectoryRecords> {
    const client = await this.pool.connect();
    try {
      // One snapshot: the marks never run ahead of the records they were read with.
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const { rows } = await client.query<{ kind: Kind; body: string; seq: string }>(
        `SELECT kind, body, seq FROM ${this.schema}.identity_directory_records WHERE seq > $1`,
        [seq],
      );
      const marks = await client.query<{ system: string; read_up_to: string | null }>(
        `SELECT * FROM ${this.schema}.identity_directory_marks`,
      );
      await client.query('COMMIT');
      return recordsOf(
        rows,
        rows.reduce((highest, row) => Math.max(highest, Number(row.seq)), seq),
        marks.rows,
      );
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async save(mark: DirectoryMark, records: Partial<DirectoryRecords>, readUpTo: string | null, readAt: string): Promise<number> {
    const client = await this.pool.connect();
    try {
      return await this.saveIn(client, mark, rowsOf(records), readUpTo, readAt);
    } finally {
      client.release();
    }
  }

  private async saveIn(client: PoolClient, mark: DirectoryMark, rows: Row[], readUpTo: string | null, readAt: string): Promise<number> {
    const table = `${this.schema}.identity_directory_records`;
    try {
      await client.query('BEGIN');
      // The counter's row lock orders the writers: change numbers become visible in the order they were
      // taken, so a reader that has seen number n has seen every number below it.
      const { rows: counter } = await client.query<{ seq: string }>(
        `UPDATE ${this.schema}.identity_directory_seq SET seq = seq + 1 RETURNING seq`,
      );
      const seq = counter[0].seq;
      for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
        const chunk = rows.slice(start, start + ROWS_PER_INSERT);
        await client.query(
          `INSERT INTO ${table} AS stored (kind, key, updated_at, read_at, body, seq)
           SELECT kind, key, updated_at, $6, body, $5 FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS r(kind, key, updated_at, body)
           ON CONFLICT (kind, key) DO UPDATE SET updated_at = excluded.updated_at, read_at = excluded.read_at, body = excluded.body, seq = excluded.seq
           WHERE (excluded.updated_at, excluded.read_at) >= (stored.updated_at, stored.read_at) AND excluded.body <> stored.body`,
          [
            chunk.map((row) => row.kind),
            chunk.map((row) => row.key),
            chunk.map((row) => row.updatedAt),
            chunk.map((row) => row.body),
            seq,
            readAt,
          ],
        );
      }
      await client.query(
        `INSERT INTO ${this.schema}.identity_directory_marks AS mark (system, read_up_to) VALUES ($1, $2)
         ON CONFLICT (system) DO UPDATE SET read_up_to = excluded.read_up_to
         WHERE excluded.read_up_to > COALESCE(mark.read_up_to, '')`,
        [mark, readUpTo],
      );
      await client.query('COMMIT');
      return Number(seq);
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** The store once open: the subgraph starts at once and its first sync waits for the store. */
class OpeningDirectoryRecords implements DirectoryRecordStore {
  constructor(readonly ready: Promise<DirectoryRecordStore>) {}
  async changesAfter(seq: number) {
    return (await this.ready).changesAfter(seq);
  }
  async save(mark: DirectoryMark, records: Partial<DirectoryRecords>, readUpTo: string | null, readAt: string) {
    return (await this.ready).save(mark, records, readUpTo, readAt);
  }
  async close() {
    await (await this.ready).close();
  }
}

/**
 * IDENTITY_DIRECTORY_URL (PostgreSQL, schema IDENTITY_DIRECTORY_SCHEMA, default `public`) for
 * replicas; else the SQLite file IDENTITY_DIRECTORY_FILE (default `identity-directory.sqlite`) in the
 * data directory; `:memory:` keeps it in the process (a start reads both systems whole).
 */
export function directoryRecordStore(env: NodeJS.ProcessEnv, log: Logger): DirectoryRecordStore & { ready: Promise<DirectoryRecordStore> } {
  return new OpeningDirectoryRecords(openStore(env, log));
}

async function openStore(env: NodeJS.ProcessEnv, log: Logger): Promise<DirectoryRecordStore> {
  if (env.IDENTITY_DIRECTORY_URL)
    return PostgresDirectoryRecords.open(env.IDENTITY_DIRECTORY_URL, env.IDENTITY_DIRECTORY_SCHEMA || 'public', log);
  const file = env.IDENTITY_DIRECTORY_FILE || 'identity-directory.sqlite';
  return new SqliteDirectoryRecords(file === ':memory:' ? file : path.resolve(env.LEGACY_DATA_DIR ?? 'data', file));
}
