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

  /**
   * A follower's mark (how far it has read a feed, when it started): the stored value, or `initial`
   * stored and answered when there is none yet (the first replica to ask sets it).
   */
  followerMark(name: string, initial: string): Promise<string>;
  saveFollowerMark(name: string, value: string): Promise<void>;

  /**
   * The profile outbox: records a change and one PENDING delivery per system in one write, before
   * any system is called. Changes are numbered in the order they were recorded.
   */
  recordProfileChange(change: NewProfileChange): Promise<ProfileChangeRecord>;
  /** A customer's changes, newest first, with each system's delivery. */
  profileChanges(customerId: string, limit: number, offset: number): Promise<ProfileChangeRecord[]>;
  /**
   * The deliveries to attempt now: per (customer, system), the oldest PENDING one, if it is due by
   * `now`. A later change waits behind an earlier one to the same system.
   */
  dueProfileDeliveries(now: Date, limit: number): Promise<ProfileDeliveryTask[]>;
  /** The oldest PENDING delivery of this customer to this system, read again under its lock. */
  nextProfileDelivery(customerId: string, system: ProfileSystem): Promise<ProfileDeliveryTask | null>;
  /** One attempt's outcome: the attempts count moves on; PENDING with the time to try again. */
  recordProfileAttempt(changeId: number, system: ProfileSystem, outcome: ProfileAttemptOutcome): Promise<void>;

  close(): Promise<void>;
}

/** The systems a profile change lands in: the CRM, the web shop, and the customer's web orders not yet shipped. */
export type ProfileSystem = 'CRM' | 'WEB_SHOP' | 'OPEN_ORDERS';
export const PROFILE_SYSTEMS: readonly ProfileSystem[] = ['CRM', 'WEB_SHOP', 'OPEN_ORDERS'];
export type DeliveryStatus = 'PENDING' | 'APPLIED' | 'FAILED';

export interface NewProfileChange {
  customerId: string;
  /** What changes, as the journey validated it (JSON). */
  change: unknown;
  /** Who asked (the caller's id). */
  requestedBy: string;
  /** Business time (lib/clock.ts). */
  at: Date;
  systems: readonly ProfileSystem[];
}

export interface ProfileDelivery {
  system: ProfileSystem;
  status: DeliveryStatus;
  attempts: number;
  lastErrorCode: string | null;
  lastErrorReason: string | null;
  lastAttemptAt: string | null;
  nextAttemptAt: string | null;
}

export interface ProfileChangeRecord {
  /** Increasing in the order changes were recorded: a customer's changes land in this order. */
  id: number;
  customerId: string;
  change: unknown;
  requestedBy: string;
  requestedAt: string;
  deliveries: ProfileDelivery[];
}

export interface ProfileDeliveryTask {
  changeId: number;
  customerId: string;
  system: ProfileSystem;
  change: unknown;
  attempts: number;
}

export type ProfileAttemptOutcome =
  | { status: 'APPLIED'; at: Date }
  | { status: 'PENDING'; at: Date; errorCode: string; reason: string; nextAttemptAt: Date }
  | { status: 'FAILED'; at: Date; errorCode: string; reason: string };
