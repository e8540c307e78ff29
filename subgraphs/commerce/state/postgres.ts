import { Pool } from 'pg';
import { quoteIdentifier } from '../../../lib/durable-stores';
import { createInSchema, withAdvisoryLocks } from '../../../lib/locks';
import { createLogger } from '../../../lib/logger';
import type {
  ClaimResult,
  CommerceState,
  IdempotencyRecord,
  IdempotencyState,
  NewProfileChange,
  ProfileAttemptOutcome,
  ProfileChangeRecord,
  ProfileDelivery,
  ProfileDeliveryTask,
  ProfileSystem,
  SagaRecord,
  SagaStatus,
  SagaStep,
  StepStatus,
} from './types';

export interface PostgresStateOptions {
  url: string;
  /** Where the tables live; created if missing. */
  schema: string;
  /** Connections per pool (statements and lock holders each have a pool). */
  poolSize: number;
  env: NodeJS.ProcessEnv;
}

interface IdempotencyRow {
  scope: string;
  key: string;
  fingerprint: string;
  state: IdempotencyState;
  response: unknown;
  created_at: Date;
}

interface SagaRow {
  id: string;
  kind: string;
  input: unknown;
  status: SagaStatus;
  result: unknown;
  created_at: Date;
  updated_at: Date;
}

interface ChangeRow {
  id: string;
  customer_id: string;
  change: unknown;
  requested_by: string;
  requested_at: Date;
}

interface DeliveryRow {
  change_id: string;
  system: ProfileSystem;
  status: ProfileDelivery['status'];
  attempts: number;
  last_error_code: string | null;
  last_error_reason: string | null;
  last_attempt_at: Date | null;
  next_attempt_at: Date | null;
}

interface TaskRow {
  change_id: string;
  customer_id: string;
  system: ProfileSystem;
  attempts: number;
  change: unknown;
}

const toTask = (row: TaskRow): ProfileDeliveryTask => ({
  changeId: Number(row.change_id),
  customerId: row.customer_id,
  system: row.system,
  attempts: row.attempts,
  change: row.change,
});

interface StepRow {
  saga_id: string;
  name: string;
  status: StepStatus;
  data: unknown;
  at: Date;
}

/**
 * JSON goes in as text cast to `json`: node-postgres would send a JS array as a PostgreSQL array.
 * SQL NULL stands for "nothing" and reads back as null.
 */
const toJson = (value: unknown): string | null => (value === undefined ? null : JSON.stringify(value));

/**
 * The shared store for any number of replicas. Statements run on one pool; each `withLocks` holds
 * a connection from a second pool for its whole transaction, so work that runs under locks and
 * writes state never waits for a connection that a lock holder keeps busy.
 */
export class PostgresCommerceState implements CommerceState {
  private readonly t: { keys: string; sagas: string; steps: string; changes: string; deliveries: string };

  private constructor(
    private readonly pool: Pool,
    private readonly lockPool: Pool,
    /** Already quoted. */
    private readonly schema: string,
  ) {
    this.t = {
      keys: `${schema}.idempotency_keys`,
      sagas: `${schema}.sagas`,
      steps: `${schema}.saga_steps`,
      changes: `${schema}.profile_changes`,
      deliveries: `${schema}.profile_deliveries`,
    };
  }

  static async open(options: PostgresStateOptions): Promise<PostgresCommerceState> {
    const schema = quoteIdentifier('COMMERCE_STATE_SCHEMA', options.schema);
    const log = createLogger('commerce-state', options.env);
    const pools = [0, 1].map(() => {
      const pool = new Pool({ connectionString: options.url, max: options.poolSize });
      // An idle connection that dies is dropped from the pool and replaced on next use; without a
      // listener node-postgres would take the process down with it.
      pool.on('error', (error) => log.warn({ err: error }, 'commerce state connection lost'));
      return pool;
    });
    const state = new PostgresCommerceState(pools[0], pools[1], schema);
    try {
      await state.createSchema();
    } catch (error) {
      await state.close();
      throw error;
    }
    return state;
  }

  async claimIdempotencyKey(scope: string, key: string, fingerprint: string): Promise<ClaimResult> {
    // The loop covers a holder releasing its claim between our refused insert and our read.
    for (;;) {
      const inserted = await this.pool.query(
        `INSERT INTO ${this.t.keys} (scope, key, fingerprint, state, created_at) VALUES ($1, $2, $3, 'IN_PROGRESS', $4)
         ON CONFLICT (scope, key) DO NOTHING`,
        [scope, key, fingerprint, new Date()],
      );
      if (inserted.rowCount === 1) return { claimed: true };
      const record = await this.idempotencyRecord(scope, key);
      if (record) return { claimed: false, record };
    }
  }

  async completeIdempotencyKey(scope: string, key: string, response: unknown): Promise<void> {
    const updated = await this.pool.query(`UPDATE ${this.t.keys} SET state = 'DONE', response = $3::json WHERE scope = $1 AND key = $2`, [
      scope,
      key,
      toJson(response),
    ]);
    if (updated.rowCount === 0) throw new Error(`idempotency key ${scope}/${key} was never claimed`);
  }

  /** Only an IN_PROGRESS claim is forgotten: an answer already given stays the answer. */
  async releaseIdempotencyKey(scope: string, key: string): Promise<void> {
    await this.pool.query(`DELETE FROM ${this.t.keys} WHERE scope = $1 AND key = $2 AND state = 'IN_PROGRESS'`, [scope, key]);
  }

  async idempotencyRecord(scope: string, key: string): Promise<IdempotencyRecord | null> {
    const { rows } = await this.pool.query<IdempotencyRow>(`SELECT * FROM ${this.t.keys} WHERE scope = $1 AND key = $2`, [scope, key]);
    if (rows.length === 0) return null;
    const row = rows[0];
    return {
      scope: row.scope,
      key: row.key,
      fingerprint: row.fingerprint,
      state: row.state,
      response: row.response,
      createdAt: row.created_at.toISOString(),
    };
  }

  async startSaga(saga: { id: string; kind: string; input: unknown }): Promise<void> {
    const now = new Date();
    await this.pool.query(
      `INSERT INTO ${this.t.sagas} (id, kind, input, status, created_at, updated_at) VALUES ($1, $2, $3::json, 'RUNNING', $4, $4)`,
      [saga.id, saga.kind, toJson(saga.input), now],
    );
  }

  /** `data` left out keeps what the step recorded before (a compensation still knows what it undid). */
  async recordStep(sagaId: string, name: string, status: StepStatus, data?: unknown): Promise<void> {
    // One statement, so the saga's updated_at and its step move together; the next position is only
    // taken on insert, and an update leaves the step where it first appeared.
    const recorded = await this.pool.query(
      `WITH saga AS (UPDATE ${this.t.sagas} SET updated_at = $5 WHERE id = $1 RETURNING id)
       INSERT INTO ${this.t.steps} AS step (saga_id, position, name, status, data, at)
       SELECT saga.id, (SELECT COALESCE(MAX(position), -1) + 1 FROM ${this.t.steps} WHERE saga_id = $1), $2, $3, $4::json, $5
       FROM saga
       ON CONFLICT (saga_id, name) DO UPDATE
         SET status = EXCLUDED.status, data = COALESCE(EXCLUDED.data, step.data), at = EXCLUDED.at`,
      [sagaId, name, status, toJson(data), new Date()],
    );
    if (recorded.rowCount === 0) throw new Error(`unknown saga ${sagaId}`);
  }

  async finishSaga(sagaId: string, status: Exclude<SagaStatus, 'RUNNING'>, result?: unknown): Promise<void> {
    const updated = await this.pool.query(`UPDATE ${this.t.sagas} SET status = $2, result = $3::json, updated_at = $4 WHERE id = $1`, [
      sagaId,
      status,
      toJson(result),
      new Date(),
    ]);
    if (updated.rowCount === 0) throw new Error(`unknown saga ${sagaId}`);
  }

  async saga(id: string): Promise<SagaRecord | null> {
    const { rows } = await this.pool.query<SagaRow>(`SELECT * FROM ${this.t.sagas} WHERE id = $1`, [id]);
    return rows.length === 0 ? null : (await this.withSteps(rows))[0];
  }

  async unfinishedSagas(): Promise<SagaRecord[]> {
    const { rows } = await this.pool.query<SagaRow>(`SELECT * FROM ${this.t.sagas} WHERE status = 'RUNNING' ORDER BY created_at, id`);
    return this.withSteps(rows);
  }

  /**
   * The process-wide lock first (`processLocks`: one waiting connection per key and process at
   * most), then a transaction on a dedicated connection holding `pg_advisory_xact_lock` for each key
   * in order: PostgreSQL frees them at COMMIT or ROLLBACK, and also if the connection dies. The
   * advisory lock is per database, so it excludes every replica, and any other store in the same
   * database that locks the same key.
   */
  withLocks<T>(keys: readonly string[], work: () => Promise<T>): Promise<T> {
    return withAdvisoryLocks(this.lockPool, keys, work);
  }

  /** The change and its deliveries in one transaction (one statement): all of it is recorded, or nothing. */
  async recordProfileChange(change: NewProfileChange): Promise<ProfileChangeRecord> {
    const { rows } = await this.pool.query<ChangeRow>(
      `WITH change AS (
         INSERT INTO ${this.t.changes} (customer_id, change, requested_by, requested_at) VALUES ($1, $2::json, $3, $4) RETURNING *
       ), deliveries AS (
         INSERT INTO ${this.t.deliveries} (change_id, customer_id, system, status, next_attempt_at)
         SELECT change.id, $1, system, 'PENDING', $4 FROM change, unnest($5::text[]) AS system
       )
       SELECT * FROM change`,
      [change.customerId, JSON.stringify(change.change), change.requestedBy, change.at, [...change.systems]],
    );
    return (await this.withDeliveries(rows))[0];
  }

  async profileChanges(customerId: string, limit: number, offset: number): Promise<ProfileChangeRecord[]> {
    const { rows } = await this.pool.query<ChangeRow>(
      `SELECT * FROM ${this.t.changes} WHERE customer_id = $1 ORDER BY id DESC LIMIT $2 OFFSET $3`,
      [customerId, limit, offset],
    );
    return this.withDeliveries(rows);
  }

  async dueProfileDeliveries(now: Date, limit: number): Promise<ProfileDeliveryTask[]> {
    const { rows } = await this.pool.query<TaskRow>(
      `SELECT d.change_id, d.customer_id, d.system, d.attempts, c.change
       FROM ${this.t.deliveries} d JOIN ${this.t.changes} c ON c.id = d.change_id
       WHERE d.status = 'PENDING' AND d.next_attempt_at <= $1
         AND d.change_id = (SELECT MIN(h.change_id) FROM ${this.t.deliveries} h
                            WHERE h.customer_id = d.customer_id AND h.system = d.system AND h.status = 'PENDING')
       ORDER BY d.next_attempt_at, d.change_id, d.system LIMIT $2`,
      [now, limit],
    );
    return rows.map(toTask);
  }

  async nextProfileDelivery(customerId: string, system: ProfileSystem): Promise<ProfileDeliveryTask | null> {
    const { rows } = await this.pool.query<TaskRow>(
      `SELECT d.change_id, d.customer_id, d.system, d.attempts, c.change
       FROM ${this.t.deliveries} d JOIN ${this.t.changes} c ON c.id = d.change_id
       WHERE d.customer_id = $1 AND d.system = $2 AND d.status = 'PENDING' ORDER BY d.change_id LIMIT 1`,
      [customerId, system],
    );
    return rows.length === 0 ? null : toTask(rows[0]);
  }

  async recordProfileAttempt(changeId: number, system: ProfileSystem, outcome: ProfileAttemptOutcome): Promise<void> {
    await this.pool.query(
      `UPDATE ${this.t.deliveries} SET status = $3, attempts = attempts + 1, last_error_code = $4, last_error_reason = $5,
         last_attempt_at = $6, next_attempt_at = $7 WHERE change_id = $1 AND system = $2 AND status = 'PENDING'`,
      [
        changeId,
        system,
        outcome.status,
        outcome.status === 'APPLIED' ? null : outcome.errorCode,
        outcome.status === 'APPLIED' ? null : outcome.reason,
        outcome.at,
        outcome.status === 'PENDING' ? outcome.nextAttemptAt : null,
      ],
    );
  }

  async close(): Promise<void> {
    await Promise.all([this.pool.end(), this.lockPool.end()]);
  }

  private async withDeliveries(changes: ChangeRow[]): Promise<ProfileChangeRecord[]> {
    if (changes.length === 0) return [];
    const { rows } = await this.pool.query<DeliveryRow>(
      `SELECT * FROM ${this.t.deliveries} WHERE change_id = ANY($1::bigint[]) ORDER BY change_id, system`,
      [changes.map((change) => change.id)],
    );
    const iso = (at: Date | null) => (at === null ? null : at.toISOString());
    return changes.map((change) => ({
      id: Number(change.id),
      customerId: change.customer_id,
      change: change.change,
      requestedBy: change.requested_by,
      requestedAt: change.requested_at.toISOString(),
      deliveries: rows
        .filter((row) => row.change_id === change.id)
        .map((row) => ({
          system: row.system,
          status: row.status,
          attempts: row.attempts,
          lastErrorCode: row.last_error_code,
          lastErrorReason: row.last_error_reason,
          lastAttemptAt: iso(row.last_attempt_at),
          nextAttemptAt: iso(row.next_attempt_at),
        })),
    }));
  }

  private async withSteps(sagas: SagaRow[]): Promise<SagaRecord[]> {
    if (sagas.length === 0) return [];
    const { rows } = await this.pool.query<StepRow>(
      `SELECT * FROM ${this.t.steps} WHERE saga_id = ANY($1::text[]) ORDER BY saga_id, position`,
      [sagas.map((saga) => saga.id)],
    );
    const steps = new Map<string, SagaStep[]>();
    for (const row of rows) {
      const list = steps.get(row.saga_id) ?? [];
      list.push({ name: row.name, status: row.status, data: row.data, at: row.at.toISOString() });
      steps.set(row.saga_id, list);
    }
    return sagas.map((row) => ({
      id: row.id,
      kind: row.kind,
      input: row.input,
      status: row.status,
      steps: steps.get(row.id) ?? [],
      result: row.result,
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
    }));
  }

  async followerMark(name: string, initial: string): Promise<string> {
    await this.pool.query(`INSERT INTO ${this.schema}.follower_marks (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`, [
      name,
      initial,
    ]);
    const { rows } = await this.pool.query<{ value: string }>(`SELECT value FROM ${this.schema}.follower_marks WHERE name = $1`, [name]);
    return rows[0].value;
  }

  async saveFollowerMark(name: string, value: string): Promise<void> {
    await this.pool.query(
      `INSERT INTO ${this.schema}.follower_marks (name, value) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value`,
      [name, value],
    );
  }

  /** Replicas (and the other stores in the schema) starting together create it one after the other. */
  private async createSchema(): Promise<void> {
    await createInSchema(
      this.pool,
      this.schema,
      `
        CREATE TABLE IF NOT EXISTS ${this.t.keys} (
          scope TEXT NOT NULL,
          key TEXT NOT NULL,
          fingerprint TEXT NOT NULL,
          state TEXT NOT NULL CHECK (state IN ('IN_PROGRESS', 'DONE')),
          response JSON,
          created_at TIMESTAMPTZ NOT NULL,
          PRIMARY KEY (scope, key)
        );
        CREATE TABLE IF NOT EXISTS ${this.t.sagas} (
          id TEXT PRIMARY KEY,
          kind TEXT NOT NULL,
          input JSON,
          status TEXT NOT NULL CHECK (status IN ('RUNNING', 'COMPLETED', 'COMPENSATED', 'FAILED')),
          result JSON,
          created_at TIMESTAMPTZ NOT NULL,
          updated_at TIMESTAMPTZ NOT NULL
        );
        CREATE INDEX IF NOT EXISTS sagas_running ON ${this.t.sagas} (created_at) WHERE status = 'RUNNING';
        CREATE TABLE IF NOT EXISTS ${this.t.steps} (
          saga_id TEXT NOT NULL REFERENCES ${this.t.sagas} (id) ON DELETE CASCADE,
          position INTEGER NOT NULL,
          name TEXT NOT NULL,
          status TEXT NOT NULL CHECK (status IN ('STARTED', 'DONE', 'COMPENSATED')),
          data JSON,
          at TIMESTAMPTZ NOT NULL,
          UNIQUE (saga_id, name)
        );
        CREATE TABLE IF NOT EXISTS ${this.t.changes} (
          id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
          customer_id TEXT NOT NULL,
          change JSON NOT NULL,
          requested_by TEXT NOT NULL,
          requested_at TIMESTAMPTZ NOT NULL
        );
        CREATE INDEX IF NOT EXISTS profile_changes_customer ON ${this.t.changes} (customer_id, id);
        CREATE TABLE IF NOT EXISTS ${this.t.deliveries} (
          change_id BIGINT NOT NULL REFERENCES ${this.t.changes} (id) ON DELETE CASCADE,
          customer_id TEXT NOT NULL,
          system TEXT NOT NULL CHECK (system IN ('CRM', 'WEB_SHOP', 'OPEN_ORDERS')),
          status TEXT NOT NULL CHECK (status IN ('PENDING', 'APPLIED', 'FAILED')),
          attempts INTEGER NOT NULL DEFAULT 0,
          last_error_code TEXT,
          last_error_reason TEXT,
          last_attempt_at TIMESTAMPTZ,
          next_attempt_at TIMESTAMPTZ,
          PRIMARY KEY (change_id, system)
        );
        CREATE INDEX IF NOT EXISTS profile_deliveries_pending
          ON ${this.t.deliveries} (customer_id, system, change_id) WHERE status = 'PENDING';
        CREATE TABLE IF NOT EXISTS ${this.schema}.follower_marks (name TEXT PRIMARY KEY, value TEXT NOT NULL);
      `,
    );
  }
}
