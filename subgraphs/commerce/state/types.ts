/**
 * The commerce subgraph's own durable state: idempotency keys, the saga log, and the locks that
 * serialise stock decisions per SKU and location. Embedded SQLite by default (one replica); the
 * real PostgreSQL when COMMERCE_STATE_URL is set (any number of replicas).
 */

export type IdempotencyState = 'IN_PROGRESS' | 'DONE';

export interface IdempotencyRecord {
  scope: string;
  key: string;
  /** Hash of the request the key was first used with; another request under the same key is refused. */
  fingerprint: string;
  state: IdempotencyState;
  /** The payload answered, once DONE. */
  response: unknown;
  createdAt: string;
}

export type ClaimResult = { claimed: true } | { claimed: false; record: IdempotencyRecord };

export type SagaStatus = 'RUNNING' | 'COMPLETED' | 'COMPENSATED' | 'FAILED';
export type StepStatus = 'STARTED' | 'DONE' | 'COMPENSATED';

export interface SagaStep {
  name: string;
  status: StepStatus;
  /** What the step produced (a reservation number, an order id), kept so compensation can undo it. */
  data: unknown;
  at: string;
}

export interface SagaRecord {
  id: string;
  kind: string;
  input: unknown;
  status: SagaStatus;
  /** In the order they were recorded; a step appears once, with its latest status. */
  steps: SagaStep[];
  result: unknown;
  createdAt: string;
  updatedAt: string;
}

export interface CommerceState {
  /** Atomically claims (scope, key) for this request, or answers the record another request holds. */
  claimIdempotencyKey(scope: string, key: string, fingerprint: string): Promise<ClaimResult>;
  /** Stores the answer; later requests with the key get it. */
  completeIdempotencyKey(scope: string, key: string, response: unknown): Promise<void>;
  /** Forgets a claim whose request failed with a system error, so a retry runs for real. */
  releaseIdempotencyKey(scope: string, key: string): Promise<void>;
  idempotencyRecord(scope: string, key: string): Promise<IdempotencyRecord | null>;

  startSaga(saga: { id: string; kind: string; input: unknown }): Promise<void>;
  /** Upserts the step by name: its status and data move on, its position stays. */
  recordStep(sagaId: string, name: string, status: StepStatus, data?: unknown): Promise<void>;
  finishSaga(sagaId: string, status: Exclude<SagaStatus, 'RUNNING'>, result?: unknown): Promise<void>;
  saga(id: string): Promise<SagaRecord | null>;
  /** Sagas still RUNNING, oldest first: what recovery resumes or compensates after a crash. */
  unfinishedSagas(): Promise<SagaRecord[]>;

  /**
   * Runs `work` holding every lock in `keys` (taken in sorted order, so two callers never deadlock).
   * Exclusive across every replica that shares the store.
   */
  withLocks<T>(keys: readonly string[], work: () => Promise<T>): Promise<T>;

  close(): Promise<void>;
}
