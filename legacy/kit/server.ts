import { performance } from 'node:perf_hooks';
import Fastify, { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import { adminToken, adminTokenCheck } from './admin';
import { delayFor, KnobError, Knobs, parseKnobs, RateLimiter } from './knobs';

/** An injected fault, answered in the system's own dialect. */
export type FaultKind = 'error' | 'down' | 'rate-limited';

export interface CallSnapshot {
  system: string;
  total: number;
  byOperation: Record<string, number>;
}

/** One answered call: from the request's arrival to its response sent, the knob latency included. */
export interface TracedCall {
  operation: string;
  /** Epoch milliseconds with sub-millisecond precision (performance.timeOrigin + performance.now()). */
  startedAtMs: number;
  endedAtMs: number;
}

/** How many recent calls a stand-in keeps with their timing: enough for a benchmark's sample, bounded. */
export const TRACE_LIMIT = 10_000;

/** Precise wall-clock milliseconds, comparable between the stand-ins of one process. */
const preciseNow = () => performance.timeOrigin + performance.now();

/**
 * Counts calls by operation so tests and benchmarks can assert what a graph query costs, and keeps
 * the most recent calls with their timing so a benchmark can see which calls waited for which.
 */
export class CallCounter {
  private readonly counts = new Map<string, number>();
  /** A ring: once full, `oldest` is where the next call overwrites. */
  private readonly recent: TracedCall[] = [];
  private oldest = 0;

  constructor(
    private readonly system: string,
    private readonly traceLimit = TRACE_LIMIT,
  ) {}

  count(operation: string): void {
    this.counts.set(operation, (this.counts.get(operation) ?? 0) + 1);
  }

  trace(call: TracedCall): void {
    if (this.recent.length < this.traceLimit) {
      this.recent.push(call);
      return;
    }
    this.recent[this.oldest] = call;
    this.oldest = (this.oldest + 1) % this.traceLimit;
  }

  snapshot(): CallSnapshot {
    const byOperation = Object.fromEntries([...this.counts].sort(([a], [b]) => a.localeCompare(b)));
    const total = [...this.counts.values()].reduce((sum, n) => sum + n, 0);
    return { system: this.system, total, byOperation };
  }

  /** The recent calls, oldest first. */
  traced(): { system: string; calls: TracedCall[] } {
    return { system: this.system, calls: [...this.recent.slice(this.oldest), ...this.recent.slice(0, this.oldest)] };
  }

  reset(): void {
    this.counts.clear();
    this.recent.length = 0;
    this.oldest = 0;
  }
}

export interface LegacyControls {
  readonly system: string;
  /** The knobs in force now; change them with setKnobs. */
  readonly knobs: Readonly<Knobs>;
  setKnobs(patch: Partial<Knobs>): Readonly<Knobs>;
  /** Back to the knobs the process started with. */
  resetKnobs(): Readonly<Knobs>;
  readonly calls: CallCounter;
}

export interface LegacyServerOptions {
  /** Short system name: crm, pos, ecommerce, warehouse. */
  system: string;
  knobs: Knobs;
  /** Answers an injected fault the way the real product would (status, headers, body). */
  sendFault(reply: FastifyReply, kind: FaultKind, retryAfterSeconds: number): FastifyReply;
  /**
   * Names the operation a call is counted under. Default: the route's `config.operation`,
   * else `METHOD /route/pattern`. The CRM overrides it to count `model.method` from the body.
   */
  operationOf?(request: FastifyRequest): string;
  logger?: boolean;
  /** The admin token (`LEGACY_ADMIN_TOKEN`, required in production) and log level are read from here. */
  env: NodeJS.ProcessEnv;
}

declare module 'fastify' {
  interface FastifyInstance {
    legacy: LegacyControls;
  }
  interface FastifyContextConfig {
    /** Name the call is counted under in the admin call counters. */
    operation?: string;
    /** Admin routes skip faults and counting. */
    admin?: boolean;
  }
  interface FastifyRequest {
    /** When the request arrived, for the call trace. */
    legacyArrivedAtMs?: number;
    /** The operation it was counted under, once counted. */
    legacyOperation?: string;
  }
}

function defaultOperation(request: FastifyRequest): string {
  return request.routeOptions.config.operation ?? `${request.method} ${request.routeOptions.url ?? 'unmatched'}`;
}

/**
 * A Fastify server with the stand-in kit installed: knobs, call counters and the
 * `/__admin` endpoints. Each stand-in adds its own protocol routes to it.
 * Throws in production when `LEGACY_ADMIN_TOKEN` is not set.
 */
export function createLegacyServer(options: LegacyServerOptions): FastifyInstance {
  const { env } = options;
  const isAdmin = adminTokenCheck(adminToken(env));
  const app = Fastify({
    // Request logs on demand (LEGACY_LOG_LEVEL=info): by default a stand-in reports only trouble.
    logger: options.logger ? { level: env.LEGACY_LOG_LEVEL ?? env.LOG_LEVEL ?? 'warn' } : false,
    // Hung calls must not keep the process alive on shutdown.
    forceCloseConnections: true,
    bodyLimit: 10 * 1024 * 1024,
  });
  const startKnobs: Knobs = { ...options.knobs };
  let knobs: Knobs = { ...startKnobs };
  const calls = new CallCounter(options.system);
  const limiter = new RateLimiter();
  const operationOf = options.operationOf ?? defaultOperation;

  const controls: LegacyControls = {
    system: options.system,
    get knobs() {
      return knobs;
    },
    setKnobs(patch) {
      knobs = { ...knobs, ...patch };
      return knobs;
    },
    resetKnobs() {
      knobs = { ...startKnobs };
      return knobs;
    },
    calls,
  };
  app.decorate('legacy', controls);

  app.addHook('onRequest', async (request) => {
    request.legacyArrivedAtMs = preciseNow();
  });

  app.addHook('preHandler', async (request, reply) => {
    if (request.routeOptions.config.admin) return;
    const operation = operationOf(request);
    calls.count(operation);
    request.legacyOperation = operation;
    const faulty = knobs.faultOperations.length === 0 || knobs.faultOperations.includes(operation);
    if (knobs.down && faulty) return options.sendFault(reply, 'down', 0);
    const wait = limiter.take(knobs.rateLimitPerSecond);
    if (wait > 0) return options.sendFault(reply, 'rate-limited', wait);
    const delay = delayFor(knobs);
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    if (faulty && knobs.hangRate > 0 && Math.random() < knobs.hangRate) {
      // Never answer: the caller's timeout is what ends this call.
      reply.hijack();
      await new Promise((resolve) => request.raw.socket.once('close', resolve));
      return reply;
    }
    if (faulty && knobs.errorRate > 0 && Math.random() < knobs.errorRate) return options.sendFault(reply, 'error', 0);
  });

  // Every answered call is traced; calls rejected before routing or body parsing (unknown path,
  // malformed body) are counted here, since they never reached the preHandler.
  app.addHook('onResponse', async (request) => {
    if (request.routeOptions.config.admin) return;
    let operation = request.legacyOperation;
    if (operation === undefined) {
      operation = `${request.method} ${request.routeOptions.url ?? 'unmatched'}`;
      calls.count(operation);
    }
    calls.trace({ operation, startedAtMs: request.legacyArrivedAtMs ?? preciseNow(), endedAtMs: preciseNow() });
  });

  // Checked on arrival, before the body is parsed: a refused call changes nothing and, as an admin
  // route, is not counted as a protocol call.
  const requireToken: onRequestHookHandler = async (request, reply) => {
    if (!isAdmin(request.headers.authorization)) {
      return reply.code(401).header('www-authenticate', 'Bearer').send({ error: 'admin token missing or wrong' });
    }
  };
  // Health stays open: liveness probes call it without credentials, and it tells nothing but "up".
  app.get('/__admin/health', { config: { admin: true } }, async () => ({ system: options.system, status: 'up' }));
  const admin = { config: { admin: true }, onRequest: requireToken };
  app.get('/__admin/knobs', admin, async () => knobs);
  app.put('/__admin/knobs', admin, async (request, reply) => {
    try {
      return controls.setKnobs(parseKnobs(request.body));
    } catch (error) {
      if (error instanceof KnobError) return reply.code(400).send({ error: error.message });
      throw error;
    }
  });
  app.delete('/__admin/knobs', admin, async () => controls.resetKnobs());
  app.get('/__admin/calls', admin, async () => calls.snapshot());
  app.get('/__admin/calls/trace', admin, async () => calls.traced());
  app.delete('/__admin/calls', admin, async () => {
    calls.reset();
    return calls.snapshot();
  });

  return app;
}
