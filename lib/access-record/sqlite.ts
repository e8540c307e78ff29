import type Database from 'better-sqlite3';
import { openSqliteStore } from '../durable-stores';
import type { AccessRecordStore, DataAccess, RecordedAccess, RecordPosition } from './types';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS customer_data_access (
    sequence INTEGER PRIMARY KEY AUTOINCREMENT,
    customer_id TEXT NOT NULL,
    at TEXT NOT NULL,
    viewer TEXT,
    viewer_roles TEXT NOT NULL,
    channel TEXT,
    request_id TEXT NOT NULL,
    subgraph TEXT NOT NULL,
    fields TEXT NOT NULL
  );
  CREATE INDEX IF NOT EXISTS customer_data_access_newest ON customer_data_access (customer_id, at, sequence);
`;

interface Row {
  sequence: number;
  customer_id: string;
  at: string;
  viewer: string | null;
  viewer_roles: string;
  channel: string | null;
  request_id: string;
  subgraph: string;
  fields: string;
}

/** One customer's ids, as the JSON array `json_each` reads: one prepared statement for any number of ids. */
const OF_CUSTOMERS = 'customer_id IN (SELECT value FROM json_each(@customerIds))';

/**
 * The embedded store: one SQLite file (or `:memory:`). Several processes may write the same file
 * (every subgraph as its own process): WAL lets readers go on while one writes, and a writer that
 * finds the file locked waits up to the busy timeout instead of failing.
 */
export class SqliteAccessRecord implements AccessRecordStore {
  private readonly db: Database.Database;
  private readonly statements;

  constructor(file: string) {
    // FULL sync, as commerce's saga log: a look that was answered must survive a power cut.
    this.db = openSqliteStore(file);
    this.db.exec(SCHEMA);
    const insert = this.db.prepare(
      `INSERT INTO customer_data_access (customer_id, at, viewer, viewer_roles, channel, request_id, subgraph, fields)
       VALUES (@customerId, @at, @viewer, @viewerRoles, @channel, @requestId, @subgraph, @fields)`,
    );
    this.statements = {
      insertAll: this.db.transaction((entries: readonly DataAccess[]) => {
        for (const entry of entries) {
          insert.run({ ...entry, viewerRoles: JSON.stringify(entry.viewerRoles), fields: JSON.stringify(entry.fields) });
        }
      }),
      newest: this.db.prepare<{ customerIds: string; limit: number }, Row>(
        `SELECT * FROM customer_data_access WHERE ${OF_CUSTOMERS} ORDER BY at DESC, sequence DESC LIMIT @limit`,
      ),
      newestAfter: this.db.prepare<{ customerIds: string; limit: number; at: string; sequence: number }, Row>(
        `SELECT * FROM customer_data_access WHERE ${OF_CUSTOMERS} AND (at < @at OR (at = @at AND sequence < @sequence))
         ORDER BY at DESC, sequence DESC LIMIT @limit`,
      ),
      count: this.db.prepare<{ customerIds: string }, { n: number }>(
        `SELECT COUNT(*) AS n FROM customer_data_access WHERE ${OF_CUSTOMERS}`,
      ),
    };
  }

  /** better-sqlite3 commits synchronously: with `synchronous = FULL` the event loop waits for the disk. */
  async write(entries: readonly DataAccess[]): Promise<void> {
    this.statements.insertAll(entries);
  }

  async newest(
    customerIds: readonly string[],
    limit: number,
    after: RecordPosition | null,
  ): Promise<{ entries: RecordedAccess[]; totalCount: number }> {
    const ids = JSON.stringify(customerIds);
    const rows = after
      ? this.statements.newestAfter.all({ customerIds: ids, limit, at: after.at, sequence: Number(after.sequence) })
      : this.statements.newest.all({ customerIds: ids, limit });
    return { entries: rows.map(toRecordedAccess), totalCount: this.statements.count.get({ customerIds: ids })!.n };
  }

  async close(): Promise<void> {
    this.db.close();
  }
}

function toRecordedAccess(row: Row): RecordedAccess {
  return {
    sequence: String(row.sequence),
    customerId: row.customer_id,
    at: row.at,
    viewer: row.viewer,
    viewerRoles: JSON.parse(row.viewer_roles) as string[],
    channel: row.channel,
    requestId: row.request_id,
    subgraph: row.subgraph,
    fields: JSON.parse(row.fields) as string[],
  };
}
