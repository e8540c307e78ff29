import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { processLocks } from '../../../lib/locks';
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

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS idempotency_keys (
    scope TEXT NOT NULL,
    key TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('IN_PROGRESS', 'DONE')),
    response TEXT,
    created_at TEXT NOT NULL,
    PRIMARY KEY (scope, key)
  );
  CREATE TABLE IF NOT EXISTS sagas (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    input TEXT,
    status TEXT NOT NULL CHECK (status IN ('RUNNING', 'COMPLETED', 'COMPENSATED', 'FAILED')),
    result TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE INDEX IF NOT EXISTS sagas_running ON sagas (created_at) WHERE status = 'RUNNING';
  CREATE TABLE IF NOT EXISTS saga_steps (
    saga_id TEXT NOT NULL REFERENCES sagas (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('STARTED', 'DONE', 'COMPENSATED')),
    data TEXT,
    at TEXT NOT NULL,
    UNIQUE (saga_id, name)
  );
  CREATE TABLE IF NOT EXISTS follower_marks (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
  -- The profile outbox: a change is recorded here before any system is called, then delivered
  -- to each system in order per customer (ids increase in the order changes were recorded).
  CREATE TABLE IF NOT EXISTS profile_changes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    customer_id TEXT NOT NULL,
    change TEXT NOT NULL,
    requested_by TEXT NOT NULL,
    requested_at TEXT NOT NULL
  );
  CREATE INDEX IF NOT EXISTS profile_changes_customer ON profile_changes (customer_id, id);
  CREATE TABLE IF NOT EXISTS profile_deliveries (
    change_id INTEGER NOT NULL REFERENCES profile_changes (id) ON DELETE CASCADE,
    customer_id TEXT NOT NULL,
    system TEXT NOT NULL CHECK (system IN ('CRM', 'WEB_SHOP', 'OPEN_ORDERS')),
    status TEXT NOT NULL CHECK (status IN ('PENDING', 'APPLIED', 'FAILED')),
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error_code TEXT,
    last_error_reason TEXT,
    last_attempt_at TEXT,
    next_attempt_at TEXT,
    PRIMARY KEY (change_id, system)
  );
  CREATE INDEX IF NOT EXISTS profile_deliveries_pending ON profile_deliveries (customer_id, system, change_id) WHERE status = 'PENDING';
`;

interface IdempotencyRow {
  scope: string;
  key: string;
  fingerprint: string;
  state: IdempotencyState;
  response: string | null;
  created_at: string;
}

interface SagaRow {
  id: string;
  kind: string;
  input: string | null;
  status: SagaStatus;
  result: string | null;
  created_at: string;
  updated_at: string;
}

interface DeliveryRow {
  change_id: number;
  customer_id: string;
  system: ProfileSystem;
  status: ProfileDelivery['status'];
  attempts: number;
  last_error_code: string | null;
  last_error_reason: string | null;
  last_attempt_at: string | null;
  next_attempt_at: string | null;
}

interface ChangeRow {
  id: number;
  customer_id: string;
  change: string;
  requested_by: string;
  requested_at: string;
}

type TaskRow = Pick<DeliveryRow, 'change_id' | 'customer_id' | 'system' | 'attempts'> & { change: string };

interface StepRow {
  saga_id: string;
  name: string;
  status: StepStatus;
  data: string | null;
  at: string;
}

/** JSON columns hold SQL NULL for "nothing", which reads back as null. */
const toJson = (value: unknown): string | null => (value === undefined ? null : JSON.stringify(value));
const fromJson = (text: string | null): unknown => (text === null ? null : JSON.parse(text));

/**
 * The embedded store: one SQLite file (or `:memory:`) for a single replica. better-sqlite3 runs
 * each statement to completion before the next, so every write here is atomic without more ado.
 */
export class SqliteCommerceState implements CommerceState {
  private readonly db: Database.Database;
  private readonly statements;

  constructor(file: string) {
    if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    this.db = new Database(file);
    if (file !== ':memory:') this.db.pragma('journal_mode = WAL');
    // FULL, not the stand-ins' NORMAL: a claimed key or a recorded step must survive a power cut.
    this.db.pragma('synchronous = FULL');
    this.db.pragma('foreign_keys = ON');
    this.db.exec(SCHEMA);
    this.statements = {
      claim: this.db.prepare(
        `INSERT INTO idempotency_keys (scope, key, fingerprint, state, created_at)
         VALUES (?, ?, ?, 'IN_PROGRESS', ?) ON CONFLICT (scope, key) DO NOTHING`,
      ),
      complete: this.db.prepare(`UPDATE idempotency_keys SET state = 'DONE', response = ? WHERE scope = ? AND key = ?`),
      release: this.db.prepare(`DELETE FROM idempotency_keys WHERE scope = ? AND key = ? AND state = 'IN_PROGRESS'`),
      idempotencyRecord: this.db.prepare<[string, string], IdempotencyRow>(`SELECT * FROM idempotency_keys WHERE scope = ? AND key = ?`),
      startSaga: this.db.prepare(`INSERT INTO sagas (id, kind, input, status, created_at, updated_at) VALUES (?, ?, ?, 'RUNNING', ?, ?)`),
      touchSaga: this.db.prepare(`UPDATE sagas SET updated_at = ? WHERE id = ?`),
      // The next position is only taken on insert; an update leaves the step where it first appeared.
      recordStep: this.db.prepare(
        `INSERT INTO saga_steps (saga_id, position, name, status, data, at)
         SELECT @sagaId, COALESCE(MAX(position), -1) + 1, @name, @status, @data, @at FROM saga_steps WHERE saga_id = @sagaId
         ON CONFLICT (saga_id, name) DO UPDATE
           SET status = excluded.status, data = COALESCE(excluded.data, saga_steps.data), at = excluded.at`,
      ),
      finishSaga: this.db.prepare(`UPDATE sagas SET status = ?, result = ?, updated_at = ? WHERE id = ?`),
      saga: this.db.prepare<[string], SagaRow>(`SELECT * FROM sagas WHERE id = ?`),
      steps: this.db.prepare<[string], StepRow>(`SELECT * FROM saga_steps WHERE saga_id = ? ORDER BY position`),
      unfinished: this.db.prepare<[], SagaRow>(`SELECT * FROM sagas WHERE status = 'RUNNING' ORDER BY created_at, rowid`),
      initMark: this.db.prepare(`INSERT INTO follower_marks (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING`),
      mark: this.db.prepare<[string], { value: string }>(`SELECT value FROM follower_marks WHERE name = ?`),
      saveMark: this.db.prepare(
        `INSERT INTO follower_marks (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value`,
      ),
      recordChange: this.db.prepare(`INSERT INTO profile_changes (customer_id, change, requested_by, requested_at) VALUES (?, ?, ?, ?)`),
      recordDelivery: this.db.prepare(
        `INSERT INTO profile_deliveries (change_id, customer_id, system, status, next_attempt_at) VALUES (?, ?, ?, 'PENDING', ?)`,
      ),
      changes: this.db.prepare<[string, number, number], ChangeRow>(
        `SELECT * FROM profile_changes WHERE customer_id = ? ORDER BY id DESC LIMIT ? OFFSET ?`,
      ),
      change: this.db.prepare<[number], ChangeRow>(`SELECT * FROM profile_changes WHERE id = ?`),
      deliveries: this.db.prepare<[string], DeliveryRow>(
        `SELECT * FROM profile_deliveries WHERE change_id IN (SELECT value FROM json_each(?)) ORDER BY change_id, system`,
      ),
      // The head of each (customer, system) queue, if it is due.
      due: this.db.prepare<[string, number], TaskRow>(
        `SELECT d.change_id, d.customer_id, d.system, d.attempts, c.change
         FROM profile_deliveries d JOIN profile_changes c ON c.id = d.change_id
         WHERE d.status = 'PENDING' AND d.next_attempt_at <= ?
           AND d.change_id = (SELECT MIN(h.change_id) FROM profile_deliveries h
                              WHERE h.customer_id = d.customer_id AND h.system = d.system AND h.status = 'PENDING')
         ORDER BY d.next_attempt_at, d.change_id, d.system LIMIT ?`,
      ),
      next: this.db.prepare<[string, string], TaskRow>(
        `SELECT d.change_id, d.customer_id, d.system, d.attempts, c.change
         FROM profile_deliveries d JOIN profile_changes c ON c.id = d.change_id
         WHERE d.customer_id = ? AND d.system = ? AND d.status = 'PENDING' ORDER BY d.change_id LIMIT 1`,
      ),
      attempt: this.db.prepare(
        `UPDATE profile_deliveries SET status = @status, attempts = attempts + 1, last_error_code = @code, last_error_reason = @reason,
           last_attempt_at = @at, next_attempt_at = @next WHERE change_id = @changeId AND system = @system AND status = 'PENDING'`,
      ),
    };
  }

  async claimIdempotencyKey(scope: string, key: string, fingerprint: string): Promise<ClaimResult> {
    const inserted = this.statements.claim.run(scope, key, fingerprint, new Date().toISOString()).changes === 1;
    if (inserted) return { claimed: true };
    return { claimed: false, record: toIdempotencyRecord(this.statements.idempotencyRecord.get(scope, key)!) };
  }

  async completeIdempotencyKey(scope: string, key: string, response: unknown): Promise<void> {
    if (this.statements.complete.run(toJson(response), scope, key).changes === 0) {
      throw new Error(`idempotency key ${scope}/${key} was never claimed`);
    }
  }

  /** Only an IN_PROGRESS claim is forgotten: an answer already given stays the answer. */
  async releaseIdempotencyKey(scope: string, key: string): Promise<void> {
    this.statements.release.run(scope, key);
  }

  async idempotencyRecord(scope: string, key: string): Promise<IdempotencyRecord | null> {
    const row = this.statements.idempotencyRecord.get(scope, key);
    return row ? toIdempotencyRecord(row) : null;
  }

  async startSaga(saga: { id: string; kind: string; input: unknown }): Promise<void> {
    const now = new Date().toISOString();
    this.statements.startSaga.run(saga.id, saga.kind, toJson(saga.input), now, now);
  }

  /** `data` left out keeps what the step recorded before (a compensation still knows what it undid). */
  async recordStep(sagaId: string, name: string, status: StepStatus, data?: unknown): Promise<void> {
    const at = new Date().toISOString();
    this.db.transaction(() => {
      if (this.statements.touchSaga.run(at, sagaId).changes === 0) throw new Error(`unknown saga ${sagaId}`);
      this.statements.recordStep.run({ sagaId, name, status, data: toJson(data), at });
    })();
  }

  async finishSaga(sagaId: string, status: Exclude<SagaStatus, 'RUNNING'>, result?: unknown): Promise<void> {
    const changes = this.statements.finishSaga.run(status, toJson(result), new Date().toISOString(), sagaId).changes;
    if (changes === 0) throw new Error(`unknown saga ${sagaId}`);
  }

  async saga(id: string): Promise<SagaRecord | null> {
    const row = this.statements.saga.get(id);
    return row ? this.withSteps(row) : null;
  }

  async unfinishedSagas(): Promise<SagaRecord[]> {
    return this.statements.unfinished.all().map((row) => this.withSteps(row));
  }

  /** The process-wide lock: it excludes every other store of this process on the same key. */
  withLocks<T>(keys: readonly string[], work: () => Promise<T>): Promise<T> {
    return processLocks.run(keys, work);
  }

  async followerMark(name: string, initial: string): Promise<string> {
    this.statements.initMark.run(name, initial);
    return this.statements.mark.get(name)!.value;
  }

  async saveFollowerMark(name: string, value: string): Promise<void> {
    this.statements.saveMark.run(name, value);
  }

  async recordProfileChange(change: NewProfileChange): Promise<ProfileChangeRecord> {
    const at = change.at.toISOString();
    const id = this.db.transaction(() => {
      const { lastInsertRowid } = this.statements.recordChange.run(
        change.customerId,
        JSON.stringify(change.change),
        change.requestedBy,
        at,
      );
      for (const system of change.systems) this.statements.recordDelivery.run(lastInsertRowid, change.customerId, system, at);
      return Number(lastInsertRowid);
    })();
    return this.withDeliveries([this.statements.change.get(id)!])[0];
  }

  async profileChanges(customerId: string, limit: number, offset: number): Promise<ProfileChangeRecord[]> {
    return this.withDeliveries(this.statements.changes.all(customerId, limit, offset));
  }

  async dueProfileDeliveries(now: Date, limit: number): Promise<ProfileDeliveryTask[]> {
    return this.statements.due.all(now.toISOString(), limit).map(toTask);
  }

  async nextProfileDelivery(customerId: string, system: ProfileSystem): Promise<ProfileDeliveryTask | null> {
    const row = this.statements.next.get(customerId, system);
    return row ? toTask(row) : null;
  }

  async recordProfileAttempt(changeId: number, system: ProfileSystem, outcome: ProfileAttemptOutcome): Promise<void> {
    this.statements.attempt.run({
      changeId,
      system,
      status: outcome.status,
      code: outcome.status === 'APPLIED' ? null : outcome.errorCode,
      reason: outcome.status === 'APPLIED' ? null : outcome.reason,
      at: outcome.at.toISOString(),
      next: outcome.status === 'PENDING' ? outcome.nextAttemptAt.toISOString() : null,
    });
  }

  async close(): Promise<void> {
    this.db.close();
  }

  private withDeliveries(rows: ChangeRow[]): ProfileChangeRecord[] {
    const deliveries = this.statements.deliveries.all(JSON.stringify(rows.map((row) => row.id)));
    return rows.map((row) => ({
      id: row.id,
      customerId: row.customer_id,
      change: JSON.parse(row.change) as unknown,
      requestedBy: row.requested_by,
      requestedAt: row.requested_at,
      deliveries: deliveries.filter((delivery) => delivery.change_id === row.id).map(toDelivery),
    }));
  }

  private withSteps(row: SagaRow): SagaRecord {
    return {
      id: row.id,
      kind: row.kind,
      input: fromJson(row.input),
      status: row.status,
      steps: this.statements.steps.all(row.id).map(toStep),
      result: fromJson(row.result),
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }
}

function toIdempotencyRecord(row: IdempotencyRow): IdempotencyRecord {
  return {
    scope: row.scope,
    key: row.key,
    fingerprint: row.fingerprint,
    state: row.state,
    response: fromJson(row.response),
    createdAt: row.created_at,
  };
}

function toStep(row: StepRow): SagaStep {
  return { name: row.name, status: row.status, data: fromJson(row.data), at: row.at };
}

function toTask(row: TaskRow): ProfileDeliveryTask {
  return {
    changeId: row.change_id,
    customerId: row.customer_id,
    system: row.system,
    attempts: row.attempts,
    change: JSON.parse(row.change),
  };
}

function toDelivery(row: DeliveryRow): ProfileDelivery {
  return {
    system: row.system,
    status: row.status,
    attempts: row.attempts,
    lastErrorCode: row.last_error_code,
    lastErrorReason: row.last_error_reason,
    lastAttemptAt: row.last_attempt_at,
    nextAttemptAt: row.next_attempt_at,
  };
}
