import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * Prometheus metrics (prom-client), one registry per server: `npm start` and the tests run every
 * subgraph, the gateway and the partner gateway in one process, so a process-wide registry would
 * mix their series (or refuse the second server's). Each server's GET /metrics exposes its own
 * series, labelled `service` (gateway, partner-gateway, crm, …) so they stay apart once scraped,
 * and the Node process metrics (collectDefaultMetrics, collected once per process). The shared
 * libraries that do the measured work (lib/http.ts, lib/entity-cache.ts) know only the small
 * observer interface below, given to them by the server they work for.
 */

/** Seconds for request and call durations: from a cache-fast 5 ms to the gateway's 8 s subgraph timeout and past it. */
export const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Seconds for event lag: from a millisecond in one process to minutes behind a broker. */
export const EVENT_LAG_BUCKETS = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30, 120];

/**
 * What one legacy call came to: `ok`; why the system could not answer, as SystemUnavailableError's
 * reasons in lower case (`error`, `timeout`, `down`, `rate_limited`, `circuit_open`); `refused` (an
 * answer the caller turns into a business error or a null: a 404, a 400); `failed` (anything else).
 */
export type LegacyCallOutcome = 'ok' | 'timeout' | 'down' | 'circuit_open' | 'rate_limited' | 'error' | 'refused' | 'failed';

/** A circuit breaker's state as the gauge reads it: 0 closed, 1 half-open, 2 open (isolated counts as open). */
export type BreakerStateValue = 0 | 1 | 2;

/**
 * What the shared libraries tell the server they work for. Every method is cheap and never throws;
 * a library given none (a script, a unit test) reports nothing.
 */
export interface ServiceObserver {
  /** One legacy call (a read with its retries, or a write), its whole time. `operation` is bounded: a name, or method and route. */
  legacyCall(system: string, operation: string, outcome: LegacyCallOutcome, seconds: number): void;
  /** An attempt of a read is tried again. */
  legacyRetry(system: string): void;
  /**
   * A system's circuit `breaker` changed state (and its state when its client was made). A service
   * may hold more than one client of a system, each with its breaker: the gauge shows the worst.
   */
  breakerState(system: string, breaker: object, state: BreakerStateValue): void;
  /** One entity cache lookup of `type`: how many ids it found and how many it must read. */
  cacheLookup(type: string, hits: number, misses: number): void;
  /** A domain event reached a consumer of this server, `seconds` after the bus took it. */
  eventDelivered(consumer: string, seconds: number): void;
}

const scope = new AsyncLocalStorage<ServiceObserver>();

/**
 * Builds a service with `observer` as the observer of every legacy client and entity cache made
 * while it builds (and in work it starts then): a subgraph's factory makes its clients
 * (`CrmClient.fromEnv(env)`, …) deep inside, and several subgraphs share one process.
 */
export function observedBy<T>(observer: ServiceObserver, build: () => T): T {
  return scope.run(observer, build);
}

/** The observer of the service being built, if any: what a client takes when none is given to it. */
export function currentObserver(): ServiceObserver | undefined {
  return scope.getStore();
}

/** Lag of a domain event from its `at` (ISO 8601, when the bus took it) to now, in seconds; null if unreadable. */
export function eventLagSeconds(at: string, now: number = Date.now()): number | null {
  const taken = Date.parse(at);
  return Number.isFinite(taken) ? Math.max(0, (now - taken) / 1000) : null;
}

/** How many operation names a server labels series with beyond those registered: the rest are `other`. */
export const MAX_OPERATION_NAMES = 200;
const OPERATION_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,99}$/;

/**
 * Operation names as label values, bounded: clients choose them, and each new value is a new
 * series. Registered names (trusted documents) always; others as first seen up to a cap; beyond it,
 * and anything that is not a GraphQL name, `other`. No name is `anonymous`.
 */
export class OperationNames {
  private readonly known: Set<string>;
  private seen = 0;

  constructor(
    registered: Iterable<string> = [],
    private readonly max = MAX_OPERATION_NAMES,
  ) {
    this.known = new Set(registered);
  }

  label(name: string | null | undefined): string {
    if (name === null || name === undefined || name === '') return 'anonymous';
    if (this.known.has(name)) return name;
    if (!OPERATION_NAME.test(name) || this.seen >= this.max) return 'other';
    this.seen += 1;
    this.known.add(name);
    return name;
  }
}

let processRegistry: Registry | undefined;
/** The Node process's metrics (CPU, memory, event loop lag, GC), collected once however many servers the process holds. */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/** The series every server has: its GraphQL requests, their errors by code and their durations. */
export class ServerMetrics {
  readonly registry = new Registry();
  readonly requests: Counter<'operation_name' | 'operation_type'>;
  readonly errors: Counter<'code'>;
  readonly duration: Histogram<'operation_name'>;

  /** `service` labels every series of this server; a server whose name is known only later gives it to `named`. */
  constructor(service?: string) {
    if (service !== undefined) this.named(service);
    const registers = [this.registry];
    this.requests = new Counter({
      name: 'omnigraph_graphql_requests_total',
      help: 'GraphQL requests answered, by operation name and type (query, mutation; unknown when refused before it was read)',
      labelNames: ['operation_name', 'operation_type'],
      registers,
    });
    this.errors = new Counter({
      name: 'omnigraph_graphql_errors_total',
      help: 'Errors in GraphQL answers, by the code the client was sent',
      labelNames: ['code'],
      registers,
    });
    this.duration = new Histogram({
      name: 'omnigraph_graphql_request_duration_seconds',
      help: 'Time to answer a GraphQL request, by operation name',
      labelNames: ['operation_name'],
      buckets: DURATION_BUCKETS,
      registers,
    });
  }

  named(service: string): void {
    this.registry.setDefaultLabels({ service });
  }

  /** Counts an answered request: its operation, its time and the codes of its errors. */
  answered(operationName: string, operationType: string, seconds: number, codes: readonly string[]): void {
    this.requests.inc({ operation_name: operationName, operation_type: operationType });
    this.duration.observe({ operation_name: operationName }, seconds);
    for (const code of codes) this.errors.inc({ code });
  }

  /** The text exposition: this server's series, then the process's. */
  async exposition(): Promise<string> {
    const [own, node] = await Promise.all([this.registry.metrics(), processMetrics().metrics()]);
    return `${own}\n${node}`;
  }
}

/** A subgraph server's series: the shared ones, and what its legacy clients, circuit breakers, entity caches and event consumers report. */
export class SubgraphMetrics extends ServerMetrics implements ServiceObserver {
  private readonly legacyCalls: Counter<'system' | 'operation' | 'outcome'>;
  private readonly legacyDuration: Histogram<'system' | 'operation'>;
  private readonly legacyRetries: Counter<'system'>;
  private readonly breakers: Gauge<'system'>;
  private readonly breakerStates = new Map<string, Map<object, BreakerStateValue>>();
  private readonly cache: Counter<'type' | 'result'>;
  private readonly eventLag: Histogram<'consumer'>;

  constructor(service?: string) {
    super(service);
    const registers = [this.registry];
    this.legacyCalls = new Counter({
      name: 'omnigraph_legacy_calls_total',
      help: 'Calls to legacy systems (a read with its retries counts once), by system, operation and outcome',
      labelNames: ['system', 'operation', 'outcome'],
      registers,
    });
    this.legacyDuration = new Histogram({
      name: 'omnigraph_legacy_call_duration_seconds',
      help: 'Time of a call to a legacy system, retries included, by system and operation',
      labelNames: ['system', 'operation'],
      buckets: DURATION_BUCKETS,
      registers,
    });
    this.legacyRetries = new Counter({
      name: 'omnigraph_legacy_retries_total',
      help: 'Attempts of legacy reads tried again after a transient failure, by system',
      labelNames: ['system'],
      registers,
    });
    this.breakers = new Gauge({
      name: 'omnigraph_circuit_breaker_state',
      help: "State of each legacy system's circuit breaker: 0 closed, 1 half-open, 2 open",
      labelNames: ['system'],
      registers,
    });
    this.cache = new Counter({
      name: 'omnigraph_entity_cache_requests_total',
      help: 'Entity cache lookups by record type and result (hit, miss), one per id',
      labelNames: ['type', 'result'],
      registers,
    });
    this.eventLag = new Histogram({
      name: 'omnigraph_event_lag_seconds',
      help: 'Time from a domain event reaching the bus to its delivery to a consumer of this server',
      labelNames: ['consumer'],
      buckets: EVENT_LAG_BUCKETS,
      registers,
    });
  }

  legacyCall(system: string, operation: string, outcome: LegacyCallOutcome, seconds: number): void {
    this.legacyCalls.inc({ system, operation, outcome });
    this.legacyDuration.observe({ system, operation }, seconds);
  }

  legacyRetry(system: string): void {
    this.legacyRetries.inc({ system });
  }

  breakerState(system: string, breaker: object, state: BreakerStateValue): void {
    let states = this.breakerStates.get(system);
    if (!states) this.breakerStates.set(system, (states = new Map()));
    states.set(breaker, state);
    this.breakers.set({ system }, Math.max(...states.values()));
  }

  cacheLookup(type: string, hits: number, misses: number): void {
    if (hits > 0) this.cache.inc({ type, result: 'hit' }, hits);
    if (misses > 0) this.cache.inc({ type, result: 'miss' }, misses);
  }

  eventDelivered(consumer: string, seconds: number): void {
    this.eventLag.observe({ consumer }, seconds);
  }
}

/**
 * Who may read /metrics. Outside production anyone (a developer's curl, the tests). In production
 * only a scraper that sends `Authorization: Bearer <OMNIGRAPH_METRICS_TOKEN>`; without that token
 * set, /metrics is not served at all there: the series name operations, systems and error rates,
 * which are not the public's.
 */
export function metricsAccess(env: NodeJS.ProcessEnv): ((authorization: string | undefined) => boolean) | null {
  const token = env.OMNIGRAPH_METRICS_TOKEN;
  if (!token) return env.NODE_ENV === 'production' ? null : () => true;
  // Digests have one length whatever was sent, so the comparison's time says nothing about the token.
  const digest = (text: string) => createHash('sha256').update(text).digest();
  const expected = digest(token);
  return (authorization) => {
    const given = /^Bearer +(\S+) *$/i.exec(authorization ?? '')?.[1];
    return given !== undefined && timingSafeEqual(digest(given), expected);
  };
}

/** GET /metrics on `app`, in Prometheus's text format, for those `metricsAccess` lets read it. */
export function serveMetrics(app: FastifyInstance, metrics: ServerMetrics, env: NodeJS.ProcessEnv): void {
  const allowed = metricsAccess(env);
  if (!allowed) return;
  app.get('/metrics', async (request: FastifyRequest, reply: FastifyReply) => {
    if (!allowed(request.headers.authorization))
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer realm="metrics"')
        .send({ error: 'Send the metrics token as a bearer token.' });
    return reply.header('content-type', metrics.registry.contentType).send(await metrics.exposition());
  });
}
