import { Agent as HttpAgent } from 'node:http';
import axios, { AxiosError, AxiosInstance, AxiosRequestConfig, AxiosResponse, isAxiosError } from 'axios';
import {
  CircuitBreakerPolicy,
  CircuitState,
  ExponentialBackoff,
  IBreaker,
  IPolicy,
  TaskCancelledError,
  circuitBreaker,
  handleWhen,
  isBrokenCircuitError,
  retry,
  timeout,
  TimeoutStrategy,
  wrap,
} from 'cockatiel';
import { LegacySystemName, SystemUnavailableError, UnavailableReason } from './errors';
import { BreakerStateValue, currentObserver, LegacyCallOutcome, ServiceObserver } from './metrics';
import { SilenceWatch } from './silent-system';
import { tracedCall } from './tracing';

export interface LegacyHttpOptions {
  system: LegacySystemName;
  baseURL: string;
  /** Per attempt. */
  timeoutMs?: number;
  /**
   * Extra attempts for reads on transient failures (at most TIMEOUT_RETRY_CAP of them after a
   * timeout). Writes are never retried here.
   */
  retries?: number;
  /** Attempts the breaker must have seen within its window before it may open (its minimum volume). */
  breakerThreshold?: number;
  /** Share of those attempts (0 < ratio <= 1) that must have failed for the circuit to open. */
  breakerFailureRatio?: number;
  /** How far back the breaker looks. */
  breakerWindowMs?: number;
  /** How long an open circuit waits before letting one call through to test the system. */
  breakerHalfOpenAfterMs?: number;
  /**
   * How long a system may answer nothing while several attempts wait (each also at least twice the 95th
   * percentile of its operation's last answers) before the reads among them are cut short as timed out,
   * unretried (lib/silent-system.ts); 0, or not under `timeoutMs`, never.
   */
  silenceMs?: number;
  headers?: Record<string, string>;
  /**
   * Told of each call, retry and breaker state change (lib/metrics.ts); by default the observer of
   * the service being built (the subgraph server's metrics), none outside one.
   */
  observer?: ServiceObserver;
}

/** A request to a legacy system: axios' config, and the call's name in metrics (`crm`'s `res.partner.search_read`). */
export interface LegacyRequestConfig extends AxiosRequestConfig {
  /** A bounded name for the call; without one, its method and route with the ids taken out (routeOf). */
  operation?: string;
}

/** Thrown by a response check when a 2xx answer is really a system failure (Odoo's "Odoo Server Error"). */
export class TransientUpstreamError extends Error {
  constructor(readonly reason: UnavailableReason = 'ERROR') {
    super(`transient upstream failure: ${reason}`);
  }
}

const TRANSIENT_STATUS = new Set([429, 500, 502, 503, 504]);

/**
 * The policy's defaults, sized in issue 20 so a flaky system is absorbed and a dead one is cut off:
 * 5 attempts turn a 20% error rate into 0.2^5 = 0.03% failed reads (a customer 360 of ~11 reads
 * completes 99.6% of the time), and the breaker, at half or more of 20+ attempts failed in 10 s,
 * never opens on 20% (over 3 standard deviations away at its smallest volume) but opens on a dead
 * system after its 20th failed attempt. Under the ratio, retries add at most 1 / (1 - 0.5) = 2×
 * the load on average, so they cannot drown a struggling system.
 */
export const LEGACY_HTTP_DEFAULTS = {
  timeoutMs: 1500,
  retries: 4,
  breakerThreshold: 20,
  breakerFailureRatio: 0.5,
  breakerWindowMs: 10_000,
  breakerHalfOpenAfterMs: 5_000,
  // A hung system's first typed error within a second (issue 20), its answers to the calls before
  // it hung and the way back to the caller included; a healthy one answers some call every few
  // milliseconds under any load that has two attempts waiting.
  silenceMs: 700,
} as const;

/**
 * Retries after a timed-out attempt, whatever `retries` allows: each costs the whole timeout, so a
 * hung system costs a lone read at most 3 × TIMEOUT_MS (4.5 s by default, under the gateway's
 * SUBGRAPH_TIMEOUT_MS of 8 s) before the breaker opens; with other attempts waiting, the silence
 * watch cuts it sooner.
 */
export const TIMEOUT_RETRY_CAP = 2;

const BUCKETS = 10;

/**
 * A breaker that opens on a failure ratio over a sliding time window with a minimum volume (as
 * Hystrix's, Polly's and Resilience4j's do): `threshold` attempts within `windowMs`, of which
 * `failureRatio` or more failed. A flaky system stays reachable; a dead or drowning one is cut off.
 * cockatiel's SamplingBreaker judges alike, but its buckets advance one per call rather than with
 * the clock, so after a lull it still counts failures from long before the window; it also wants
 * the minimum volume as a rate and a ratio below 1. The circuit's states stay cockatiel's.
 */
export class FailureRatioBreaker implements IBreaker {
  private readonly bucketMs: number;
  private buckets: { slot: number; failures: number; successes: number }[];

  constructor(
    private readonly options: { threshold: number; failureRatio: number; windowMs: number },
    private readonly now: () => number = Date.now,
  ) {
    if (!(options.threshold >= 1)) throw new RangeError(`breaker threshold must be 1 or more, got ${options.threshold}`);
    if (!(options.failureRatio > 0 && options.failureRatio <= 1))
      throw new RangeError(`breaker failure ratio must be over 0 and at most 1, got ${options.failureRatio}`);
    if (!(options.windowMs > 0)) throw new RangeError(`breaker window must be over 0 ms, got ${options.windowMs}`);
    this.bucketMs = options.windowMs / BUCKETS;
    this.buckets = this.empty();
  }

  get state(): unknown {
    return this.buckets.map((bucket) => ({ ...bucket }));
  }

  set state(value: unknown) {
    this.buckets = value as FailureRatioBreaker['buckets'];
  }

  success(state: CircuitState): void {
    // The test call after an open spell went through: judge the system afresh.
    if (state === CircuitState.HalfOpen) this.buckets = this.empty();
    this.current().successes += 1;
  }

  failure(state: CircuitState): boolean {
    this.current().failures += 1;
    if (state !== CircuitState.Closed) return true;
    const { attempts, failures } = this.counts();
    return attempts >= this.options.threshold && failures >= this.options.failureRatio * attempts;
  }

  /** Attempts and failures within the window. */
  counts(): { attempts: number; failures: number } {
    const oldest = Math.floor(this.now() / this.bucketMs) - BUCKETS + 1;
    let attempts = 0;
    let failures = 0;
    for (const bucket of this.buckets) {
      if (bucket.slot < oldest) continue;
      attempts += bucket.failures + bucket.successes;
      failures += bucket.failures;
    }
    return { attempts, failures };
  }

  private current() {
    const slot = Math.floor(this.now() / this.bucketMs);
    const bucket = this.buckets[slot % BUCKETS];
    if (bucket.slot !== slot) Object.assign(bucket, { slot, failures: 0, successes: 0 });
    return bucket;
  }

  private empty() {
    return Array.from({ length: BUCKETS }, () => ({ slot: -Infinity, failures: 0, successes: 0 }));
  }
}

function reasonOf(error: unknown): UnavailableReason | null {
  if (error instanceof TransientUpstreamError) return error.reason;
  if (isBrokenCircuitError(error)) return 'CIRCUIT_OPEN';
  // Not cockatiel's isTaskCancelledError: in 3.2.1 it tests the wrong property and never matches.
  if (error instanceof TaskCancelledError) return 'TIMEOUT';
  if (isAxiosError(error)) {
    const status = (error as AxiosError).response?.status;
    if (status === undefined) return error.code === 'ECONNABORTED' || error.code === 'ERR_CANCELED' ? 'TIMEOUT' : 'DOWN';
    if (status === 429) return 'RATE_LIMITED';
    if (status === 502 || status === 503) return 'DOWN';
    if (TRANSIENT_STATUS.has(status)) return 'ERROR';
  }
  return null;
}

/** A path segment kept in a route as it is: words (`guest-carts`, `get_order_list`), versions (`V1`), OData names (`A_Product`). */
const ROUTE_WORD = /^(?:[a-z][a-z_-]*|[vV]\d+|[A-Za-z]+(?:_[A-Za-z0-9]+)+)$/;

/**
 * A call's method and route, bounded for a metric label: the path without its query, each segment
 * that is not a plain word (ids, SKUs, codes, anything encoded) as `:id`, an OData key predicate as
 * `(…)`. `GET /customers/42/carts` is `GET /customers/:id/carts`.
 */
export function routeOf(method: string | undefined, url: string | undefined): string {
  const route = (url ?? '')
    .split('?')[0]
    .split('/')
    .map((segment) => {
      if (segment === '') return segment;
      const keyed = /^([^(]*)\(.*\)$/.exec(segment);
      const name = keyed ? keyed[1] : segment;
      return `${ROUTE_WORD.test(name) ? name : ':id'}${keyed ? '(…)' : ''}`;
    })
    .join('/');
  return `${(method ?? 'GET').toUpperCase()} ${route || '/'}`;
}

/** What a failed call came to, for metrics. */
function outcomeOf(error: unknown): LegacyCallOutcome {
  const reason = reasonOf(error);
  if (reason !== null) return reason.toLowerCase() as LegacyCallOutcome;
  if (isAxiosError(error) && (error as AxiosError).response !== undefined) return 'refused';
  return 'failed';
}

const BREAKER_STATE: Record<CircuitState, BreakerStateValue> = {
  [CircuitState.Closed]: 0,
  [CircuitState.HalfOpen]: 1,
  [CircuitState.Open]: 2,
  [CircuitState.Isolated]: 2,
};

/** Env overrides per system: CRM_TIMEOUT_MS, CRM_RETRIES, CRM_BREAKER_THRESHOLD, ... (README, Configuration). */
export function legacyHttpOptionsFromEnv(
  system: LegacySystemName,
  baseURL: string,
  env: NodeJS.ProcessEnv = process.env,
): LegacyHttpOptions {
  const prefix = system.toUpperCase();
  const number = (name: string) => (env[`${prefix}_${name}`] === undefined ? undefined : Number(env[`${prefix}_${name}`]));
  return {
    system,
    baseURL,
    timeoutMs: number('TIMEOUT_MS'),
    retries: number('RETRIES'),
    breakerThreshold: number('BREAKER_THRESHOLD'),
    breakerFailureRatio: number('BREAKER_FAILURE_RATIO'),
    breakerWindowMs: number('BREAKER_WINDOW_MS'),
    breakerHalfOpenAfterMs: number('BREAKER_HALF_OPEN_MS'),
    silenceMs: number('SILENCE_MS'),
  };
}

/**
 * The one way subgraphs call a legacy system: axios that cannot be pointed elsewhere
 * (`allowAbsoluteUrls: false`), a timeout on every attempt, retries with jittered backoff for
 * reads, and a circuit breaker per system (per replica) so a dead system costs nothing but a fast,
 * typed error. The breaker sits inside the retries and judges attempts: a retried failure still
 * tells it the system failed, and a read that finds the circuit open fails at once, unretried.
 */
export class LegacyHttp {
  readonly axios: AxiosInstance;
  private readonly breaker: CircuitBreakerPolicy;
  private readonly perAttempt: IPolicy;
  private readonly writePolicy: IPolicy;
  private readonly observer: ServiceObserver | undefined;
  private readonly silence: SilenceWatch | undefined;
  /** The breaker let its test call through: the next attempt is it (cockatiel runs it at once). */
  private testCallNext = false;

  constructor(readonly options: LegacyHttpOptions) {
    const settings = { ...LEGACY_HTTP_DEFAULTS, ...definedOnly(options) };
    this.axios = axios.create({
      baseURL: options.baseURL,
      allowAbsoluteUrls: false,
      headers: options.headers,
      httpAgent: new HttpAgent({ keepAlive: true, maxSockets: 64 }),
      // Our own timeout policy cancels; axios' timeout is a backstop.
      timeout: settings.timeoutMs * 2,
    });
    const isSystemFailure = handleWhen((error) => reasonOf(error) !== null && !isBrokenCircuitError(error));
    this.breaker = circuitBreaker(isSystemFailure, {
      halfOpenAfter: settings.breakerHalfOpenAfterMs,
      breaker: new FailureRatioBreaker({
        threshold: settings.breakerThreshold,
        failureRatio: settings.breakerFailureRatio,
        windowMs: settings.breakerWindowMs,
      }),
    });
    this.perAttempt = timeout(settings.timeoutMs, TimeoutStrategy.Aggressive);
    this.writePolicy = wrap(this.breaker, this.perAttempt);
    if (settings.silenceMs > 0 && settings.silenceMs < settings.timeoutMs) {
      this.silence = new SilenceWatch(settings.silenceMs);
      this.breaker.onHalfOpen(() => (this.testCallNext = true));
    }
    this.observer = options.observer ?? currentObserver();
    const observer = this.observer;
    if (observer) {
      observer.breakerState(options.system, this.breaker, BREAKER_STATE[this.breaker.state]);
      this.breaker.onStateChange((state) => observer.breakerState(options.system, this.breaker, BREAKER_STATE[state]));
    }
  }

  /** An idempotent read; `check` may throw TransientUpstreamError for failures hidden in a 2xx answer. */
  read<T>(config: LegacyRequestConfig, check?: (response: AxiosResponse<T>) => void): Promise<AxiosResponse<T>> {
    const call = { silenced: false };
    return this.run(this.readPolicy(call), config, check, call);
  }

  /** A write: timed out and behind the breaker, never retried (the caller owns idempotency). */
  write<T>(config: LegacyRequestConfig, check?: (response: AxiosResponse<T>) => void): Promise<AxiosResponse<T>> {
    return this.run(this.writePolicy, config, check);
  }

  /**
   * One read's policy: its retries count its own timeouts (TIMEOUT_RETRY_CAP). Failures that
   * another attempt may cure are retried (TIMEOUT, DOWN, ERROR); not RATE_LIMITED (the system asked
   * us to slow down), CIRCUIT_OPEN (the breaker judged the system down), nor an attempt cut short
   * because the system fell silent.
   */
  private readPolicy(call: { silenced: boolean }): IPolicy {
    const retries = this.options.retries ?? LEGACY_HTTP_DEFAULTS.retries;
    let timeouts = 0;
    const retryable = handleWhen((error) => {
      const reason = reasonOf(error);
      if (reason === 'TIMEOUT') return !call.silenced && (timeouts += 1) <= TIMEOUT_RETRY_CAP;
      return reason === 'DOWN' || reason === 'ERROR';
    });
    // Decorrelated jitter (cockatiel's default): 4 retries wait about 0.3 s in all, at most ~0.45 s.
    const backoff = new ExponentialBackoff({ initialDelay: 40, maxDelay: 400 });
    const retrying = retry(retryable, { maxAttempts: retries, backoff });
    const observer = this.observer;
    if (observer) retrying.onRetry(() => observer.legacyRetry(this.options.system));
    return wrap(retrying, this.breaker, this.perAttempt);
  }

  /**
   * One call with its policy, told to the observer once it ends, and made with the request id of the
   * request it serves and, when that request is traced, as a client span named by system and
   * operation (`crm res.partner.search_read`), whose `traceparent` the system receives.
   */
  private async run<T>(
    policy: IPolicy,
    { operation, ...config }: LegacyRequestConfig,
    check?: (response: AxiosResponse<T>) => void,
    /** A read's: marked when the silence watch cut its attempt (a write is never cut). */
    call?: { silenced: boolean },
  ): Promise<AxiosResponse<T>> {
    const name = operation ?? routeOf(config.method, config.url);
    const started = performance.now();
    const observed = (outcome: LegacyCallOutcome) =>
      this.observer?.legacyCall(this.options.system, name, outcome, (performance.now() - started) / 1000);
    const attributes = { 'omnigraph.legacy.system': this.options.system, 'omnigraph.legacy.operation': name };
    return tracedCall(`${this.options.system} ${name}`, attributes, async (headers, span) => {
      let attempts = 0;
      try {
        // A signal of its own per call: without one, cockatiel hangs every call's listener on one shared signal.
        const response = await policy.execute(async ({ signal }) => {
          attempts += 1;
          const answer = await this.attempt<T>(name, { ...config, headers: { ...config.headers, ...headers } }, signal, call);
          check?.(answer);
          return answer;
        }, new AbortController().signal);
        observed('ok');
        span?.setAttributes({ 'omnigraph.legacy.attempts': attempts, 'http.response.status_code': response.status });
        return response;
      } catch (error) {
        const outcome = outcomeOf(error);
        observed(outcome);
        span?.setAttributes({ 'omnigraph.legacy.attempts': attempts, 'omnigraph.legacy.outcome': outcome });
        const reason = reasonOf(error);
        if (reason !== null) throw new SystemUnavailableError(this.options.system, reason);
        throw error;
      }
    });
  }

  /**
   * One attempt, watched for the system's silence when the watch is on. A read that is the
   * breaker's test call after timeouts (half-open: the system went silent, and this call alone goes
   * through) is given its operation's patience rather than the whole timeout: alone, it has nothing
   * to be judged against, and every caller waiting on it would wait a timeout each time the breaker
   * tests a hung system. After refusals or errors it keeps the timeout: a system coming back may be slow.
   */
  private async attempt<T>(
    operation: string,
    config: AxiosRequestConfig,
    signal: AbortSignal,
    call?: { silenced: boolean },
  ): Promise<AxiosResponse<T>> {
    const silence = this.silence;
    const testCall = this.testCallNext;
    this.testCallNext = false;
    if (!silence) return this.axios.request<T>({ ...config, signal });
    const own = new AbortController();
    const abort = () => own.abort();
    signal.addEventListener('abort', abort, { once: true });
    const cut = call
      ? () => {
          call.silenced = true;
          own.abort();
        }
      : undefined;
    const ended = silence.started({ operation, cut });
    const afterTimeouts = testCall && reasonOf((this.breaker.lastFailure as { error?: unknown } | undefined)?.error) === 'TIMEOUT';
    const cancelTestCut = cut && afterTimeouts ? silence.cutAfter(cut, operation) : undefined;
    try {
      const answer = await this.axios.request<T>({ ...config, signal: own.signal });
      ended(true);
      return answer;
    } catch (error) {
      // Refused or reset is an answer of sorts (the host is there); a cancelled attempt is not.
      ended(reasonOf(error) !== 'TIMEOUT');
      throw error;
    } finally {
      cancelTestCut?.();
      signal.removeEventListener('abort', abort);
    }
  }
}

/** The options that were given: an unset env var is `undefined` and must not hide a default. */
function definedOnly(options: LegacyHttpOptions): Partial<LegacyHttpOptions> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
}

/** Builds a URL path with every parameter percent-encoded: path`/V1/products/${sku}`. */
export function path(strings: TemplateStringsArray, ...params: (string | number)[]): string {
  return strings.reduce((out, part, i) => out + part + (i < params.length ? encodeURIComponent(String(params[i])) : ''), '');
}
