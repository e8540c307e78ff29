import { Pool } from 'pg';
import type { Logger } from 'pino';
import { quoteIdentifier } from '../durable-stores';
import { createInSchema } from '../locks';
import type { AccessRecordStore, DataAccess, RecordedAccess, RecordPosition } from './types';

export interface PostgresAccessRecordOptions {
  url: string;
  /** Where the table lives; created if missing. */
  schema: string;
  poolSize: number;
  log: Logger;
}

interface Row {
  sequence: string;
  customer_id: string;
  at: Date;
  viewer: string | null;
  viewer_roles: string[];
  channel: string | null;
  request_id: string;
  subgraph: string;
  fields: string[];
}

/** The shared store for any number of replicas: one table, each group commit's entries in one INSERT. */
export class PostgresAccessRecord implements AccessRecordStore {
  private readonly table: string;

  private constructor(
    private readonly pool: Pool,
    /** Already quoted. */
    private readonly schema: string,
  ) {
    this.table = `${schema}.customer_data_access`;
  }

  static async open(options: PostgresAccessRecordOptions): Promise<PostgresAccessRecord> {
    const pool = new Pool({ connectionString: options.url, max: options.poolSize });
    // An idle connection that dies is replaced on next use; without a listener it would take the process down.
    pool.on('error', (error) => options.log.warn({ err: error }, 'access record connection lost'));
    const store = new PostgresAccessRecord(pool, quoteIdentifier('ACCESS_RECORD_SCHEMA', options.schema));
    try {
      await store.createTable();
    } catch (error) {
      await pool.end();
      throw error;
    }
    return store;
  }

  /**
   * One statement of eight parameters whatever the number of entries: each column as an array.
   * The roles and fields of each entry go as JSON (an array of arrays would be one 2-D array).
   */
  async write(entries: readonly DataAccess[]): Promise<void> {
    if (entries.length === 0) return;
    const column = <T>(of: (entry: DataAccess) => T) => entries.map(of);
    await this.pool.query(
      `INSERT INTO ${this.table} (customer_id, at, viewer, viewer_roles, channel, request_id, subgraph, fields)
       SELECT customer_id, at, viewer, ARRAY(SELECT json_array_elements_text(viewer_roles)), channel, request_id, subgraph,
              ARRAY(SELECT json_array_elements_text(fields))
       FROM unnest($1::text[], $2::timestamptz[], $3::text[], $4::json[], $5::text[], $6::text[], $7::text[], $8::json[])
         AS entry (customer_id, at, viewer, viewer_roles, channel, request_id, subgraph, fields)`,
      [
        column((entry) => entry.customerId),
        column((entry) => entry.at),
        column((entry) => entry.viewer),
        column((entry) => JSON.stringify(entry.viewerRoles)),
        column((entry) => entry.channel),
        column((entry) => entry.requestId),
        column((entry) => entry.subgraph),
        column((entry) => JSON.stringify(entry.fields)),
      ],
    );
  }

  async newest(
    customerIds: readonly string[],
    limit: number,
    after: RecordPosition | null,
  ): Promise<{ entries: RecordedAccess[]; totalCount: number }> {
    const [page, count] = await Promise.all([
      after
        ? this.pool.query<Row>(
            `SELECT * FROM ${this.table} WHERE customer_id = ANY($1::text[]) AND (at, sequence) < ($3::timestamptz, $4::bigint)
             ORDER BY at DESC, sequence DESC LIMIT $2`,
            [customerIds, limit, after.at, after.sequence],
          )
        : this.pool.query<Row>(`SELECT * FROM ${this.table} WHERE customer_id = ANY($1::text[]) ORDER BY at DESC, sequence DESC LIMIT $2`, [
            customerIds,
            limit,
          ]),
      this.pool.query<{ n: string }>(`SELECT COUNT(*) AS n FROM ${this.table} WHERE customer_id = ANY($1::text[])`, [customerIds]),
    ]);
    return { entries: page.rows.map(toRecordedAccess), totalCount: Number(count.rows[0].n) };
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  /** Replicas (and the other stores in the schema) starting together create it one after the other. */
  private async createTable(): Promise<void> {
    await createInSchema(
      this.pool,
      this.schema,
      `
        CREATE TABLE IF NOT EXISTS ${this.table} (
          sequence BIGSERIAL PRIMARY KEY,
          customer_id TEXT NOT NULL,
          at TIMESTAMPTZ NOT NULL,
          viewer TEXT,
          viewer_roles TEXT[] NOT NULL,
          channel TEXT,
          request_id TEXT NOT NULL,
          subgraph TEXT NOT NULL,
          fields TEXT[] NOT NULL
        );
        CREATE INDEX IF NOT EXISTS customer_data_access_newest ON ${this.table} (customer_id, at, sequence);
      `,
    );
  }
}

function toRecordedAccess(row: Row): RecordedAccess {
  return {
    sequence: row.sequence,
    customerId: row.customer_id,
    at: row.at.toISOString(),
    viewer: row.viewer,
    viewerRoles: row.viewer_roles,
    channel: row.channel,
    requestId: row.request_id,
    subgraph: row.subgraph,
    fields: row.fields,
  };
}
