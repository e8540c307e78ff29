import { resolve } from 'node:path';
import type { ApolloServerPlugin } from '@apollo/server';
import { clockFromEnv, type Clock } from '../clock';
import type { Caller, RequestContext } from '../context';
import { BadUserInputError } from '../errors';
import { createLogger } from '../logger';
import { pageOf, type Connection, type PageRequest } from '../relay';
import { customersReach } from '../rows';
import { PostgresAccessRecord } from './postgres';
import { SqliteAccessRecord } from './sqlite';
import type { AccessRecordStore, DataAccess, PersonalField, RecordedAccess, RecordPosition } from './types';

export * from './types';

/**
 * The embedded store's file: ACCESS_RECORD_FILE (default `access-record.sqlite`) in the data
 * directory (LEGACY_DATA_DIR, default `data`), beside commerce's state; an absolute path is taken
 * as it is, and `:memory:` keeps nothing (tests only: production refuses it).
 */
export function accessRecordFile(env: NodeJS.ProcessEnv): string {
  const file = env.ACCESS_RECORD_FILE || 'access-record.sqlite';
  if (file !== ':memory:') return resolve(env.LEGACY_DATA_DIR ?? 'data', file);
  if (env.NODE_ENV === 'production')
    throw new Error('ACCESS_RECORD_FILE=:memory: forgets who looked at every restart; production needs a file or ACCESS_RECORD_URL');
  return file;
}

/** A waiting write, and how to tell its writer once it is durable. */
interface PendingWrite {
  entries: readonly DataAccess[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: the writes of the whole process (every subgraph running in it) go to the store one
 * commit at a time, and each commit takes every write that arrived meanwhile, or in the same turn
 * of the event loop as the first. So under load a commit carries many requests' entries: one wait
 * for the disk for SQLite, whose commits hold the event loop (about 0.5 ms each on the dev machine
 * with `synchronous = FULL`), one INSERT and commit for PostgreSQL. Each writer still waits until
 * its own entries are durable.
 */
class GroupCommit implements AccessRecordStore {
  private pending: PendingWrite[] = [];
  /** Commits under way, until no write is waiting. */
  private draining: Promise<void> | null = null;

  constructor(private readonly store: AccessRecordStore) {}

  write(entries: readonly DataAccess[]): Promise<void> {
    if (entries.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.pending.push({ entries, resolve, reject });
      this.draining ??= this.drain();
    });
  }

  newest(customerIds: readonly string[], limit: number, after: RecordPosition | null) {
    return this.store.newest(customerIds, limit, after);
  }

  /** Writes still waiting are committed first, not dropped: their answers are on their way. */
  async close(): Promise<void> {
    await this.draining;
    await this.store.close();
  }

  private async drain(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    while (this.pending.length > 0) {
      const batch = this.pending;
      this.pending = [];
      try {
        await this.store.write(batch.flatMap((write) => write.entries));
        for (const write of batch) write.resolve();
      } catch (error) {
        for (const write of batch) write.reject(error);
      }
    }
    this.draining = null;
  }
}

/** Where the environment keeps the record, and how to open it there. */
function locationOf(env: NodeJS.ProcessEnv): { key: string; open: () => Promise<AccessRecordStore> } {
  const url = env.ACCESS_RECORD_URL;
  if (!url) {
    const file = accessRecordFile(env);
    return { key: `sqlite:${file}`, open: async () => new GroupCommit(new SqliteAccessRecord(file)) };
  }
  if (!/^postgres(ql)?:\/\//.test(url)) throw new Error('ACCESS_RECORD_URL must be a postgres:// URL');
  const schema = env.ACCESS_RECORD_SCHEMA || 'public';
  const poolSize = Number(env.ACCESS_RECORD_POOL_SIZE ?? 10);
  if (!Number.isInteger(poolSize) || poolSize < 1) throw new Error('ACCESS_RECORD_POOL_SIZE must be a positive integer');
  return {
    key: `postgres:${url}#${schema}`,
    open: async () => new GroupCommit(await PostgresAccessRecord.open({ url, schema, poolSize, log: createLogger('access-record', env) })),
  };
}

/**
 * One store per location in a process, shared by every subgraph running in it (npm start, the
 * tests' startSystem): one connection pool, one SQLite connection, and `:memory:` seen alike by the
 * subgraphs that write it and identity, which reads it. Closed when its last user closes it.
 */
const shared = new Map<string, { store: Promise<AccessRecordStore>; users: number }>();

/**
 * Opens the record the environment names: PostgreSQL when ACCESS_RECORD_URL (postgres://…) is set,
 * in ACCESS_RECORD_SCHEMA (default `public`) with ACCESS_RECORD_POOL_SIZE connections (default 10),
 * for any number of replicas; otherwise the SQLite file of `accessRecordFile`. The table is created
 * if missing. Each opener closes its own handle.
 */
export async function openAccessRecord(env: NodeJS.ProcessEnv): Promise<AccessRecordStore> {
  const location = locationOf(env);
  let entry = shared.get(location.key);
  if (!entry) {
    const opened = { store: location.open(), users: 0 };
    opened.store.catch(() => shared.get(location.key) === opened && shared.delete(location.key));
    shared.set(location.key, opened);
    entry = opened;
  }
  const held = entry;
  held.users += 1;
  const store = await held.store;
  let closed = false;
  return {
    write: (entries) => store.write(entries),
    newest: (customerIds, limit, after) => store.newest(customerIds, limit, after),
    close: async () => {
      if (closed) return;
      closed = true;
      held.users -= 1;
      if (held.users > 0) return;
      if (shared.get(location.key) === held) shared.delete(location.key);
      await store.close();
    },
  };
}

/**
 * Whether a caller's reads are recorded: staff's and partners'. Not a customer's reads of their own
 * data: they are the person the record is kept for, and their own app reads it on every screen. Not
 * Omnigraph's own service: its jobs and sweeps are the retailer's processes rather than a person
 * looking, and commerce asks identity who a customer is for every order placed for one.
 */
function recordsReadsOf(caller: Caller): boolean {
  return !caller.roles.includes('service') && customersReach(caller).kind !== 'own';
}

/**
 * What one request to one subgraph read of each customer, written as one entry per customer when
 * the answer goes out: a list of 50 loyalty entries is one `loyalty`, not 50 rows.
 */
export class CustomerReads {
  private readonly fields = new Map<string, Set<PersonalField>>();
  /**
   * Whether this request's reads are recorded at all (staff's and partners'). A subgraph that must
   * first ask whose data a read is (ecommerce, for an order's email) asks only when they are.
   */
  readonly recorded: boolean;

  constructor(
    private readonly base: RequestContext,
    private readonly subgraph: string,
    private readonly store: AccessRecordStore,
    private readonly clock: Clock,
  ) {
    this.recorded = recordsReadsOf(base.caller);
  }

  /** Called by the resolver that serves `field` of the customer, once the row rules have let the caller reach them. */
  read(customerId: string, field: PersonalField): void {
    // A customer with staff scopes too still reads their own data as themself.
    if (!this.recorded || customerId === this.base.caller.customerId) return;
    const fields = this.fields.get(customerId);
    if (fields) fields.add(field);
    else this.fields.set(customerId, new Set([field]));
  }

  /** The request's entries, in one write; nothing when it read no one's personal data. */
  async write(): Promise<void> {
    if (this.fields.size === 0) return;
    const at = this.clock().toISOString();
    const { caller, requestId } = this.base;
    const entries: DataAccess[] = [...this.fields].map(([customerId, fields]) => ({
      customerId,
      at,
      viewer: caller.id,
      viewerRoles: [...caller.roles],
      channel: caller.clientId,
      requestId,
      subgraph: this.subgraph,
      fields: [...fields].sort(),
    }));
    this.fields.clear();
    await this.store.write(entries);
  }
}

/** A subgraph's side of the record: the shared store, opened at start, and each request's reads. */
export class AccessRecorder {
  /** Settles when the store is open; the subgraph answers only after it. */
  readonly ready: Promise<void>;
  private opened: AccessRecordStore | null = null;
  private readonly clock: Clock;

  constructor(
    private readonly subgraph: string,
    env: NodeJS.ProcessEnv,
  ) {
    this.clock = clockFromEnv(env);
    this.ready = openAccessRecord(env).then((store) => {
      this.opened = store;
    });
  }

  get store(): AccessRecordStore {
    if (!this.opened) throw new Error(`the ${this.subgraph} subgraph answered before its access record was open`);
    return this.opened;
  }

  readsOf(base: RequestContext): CustomerReads {
    return new CustomerReads(base, this.subgraph, this.store, this.clock);
  }

  async close(): Promise<void> {
    await this.ready.catch(() => undefined);
    await this.opened?.close();
  }
}

/**
 * Writes each request's reads before its answer leaves the subgraph, so no personal data is sent
 * that the record does not hold. When the write fails the answer is withheld: the gateway gets an
 * ACCESS_RECORD_UNAVAILABLE error in its place and the caller sees nothing they were not recorded seeing.
 */
export function recordReadsPlugin<TContext extends RequestContext & { customerReads: CustomerReads }>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          try {
            await contextValue.customerReads.write();
          } catch (error) {
            contextValue.log.error({ err: error }, 'the record of who looked could not be written; the answer is withheld');
            response.body = {
              kind: 'single',
              singleResult: {
                data: null,
                errors: [
                  {
                    message: 'Personal data cannot be served right now: the record of who looked is unavailable. Try again shortly.',
                    extensions: { code: 'ACCESS_RECORD_UNAVAILABLE' },
                  },
                ],
              },
            };
          }
        },
      };
    },
  };
}

/** An entry's time and sequence; 18 digits at most, so any sequence fits PostgreSQL's bigint. */
const CURSOR = /^access:(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)\|(\d{1,18})$/;

function cursorOf(entry: RecordPosition): string {
  return Buffer.from(`access:${entry.at}|${entry.sequence}`).toString('base64url');
}

function positionOf(cursor: string): RecordPosition {
  const match = CURSOR.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match || Number.isNaN(Date.parse(match[1]))) throw new BadUserInputError('after is not a cursor from this list', 'after');
  return { at: match[1], sequence: match[2] };
}

/**
 * A page of a customer's record, newest first. The cursor is the entry itself (its time and
 * sequence), not an offset: entries written while someone pages do not shift the pages.
 */
export async function accessLogPage(
  store: AccessRecordStore,
  customerIds: readonly string[],
  request: PageRequest,
  defaultSize: number,
  maxSize: number,
): Promise<Connection<RecordedAccess>> {
  const { limit } = pageOf({ first: request.first }, defaultSize, maxSize);
  const after = request.after ? positionOf(request.after) : null;
  const { entries, totalCount } = await store.newest(customerIds, limit + 1, after);
  const edges = entries.slice(0, limit).map((node) => ({ cursor: cursorOf(node), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage: entries.length > limit,
      hasPreviousPage: after !== null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    totalCount,
  };
}
