import { Agent as HttpAgent } from 'node:http';
import axios, { AxiosError, AxiosInstance, AxiosRequestConfig, AxiosResponse, isAxiosError } from 'axios';
import {
  ConsecutiveBreaker,
  ExponentialBackoff,
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

export interface LegacyHttpOptions {
  system: LegacySystemName;
  baseURL: string;
  /** Per attempt. */
  timeoutMs?: number;
  /** Extra attempts for reads on transient failures. Writes are never retried here. */
  retries?: number;
  /** Consecutive system failures that open the circuit. */
  breakerThreshold?: number;
  /** How long an open circuit waits before letting one call through to test the system. */
  breakerHalfOpenAfterMs?: number;
  headers?: Record<string, string>;
}

/** Thrown by a response check when a 2xx answer is really a system failure (Odoo's "Odoo Server Error"). */
export class TransientUpstreamError extends Error {
  constructor(readonly reason: UnavailableReason = 'ERROR') {
    super(`transient upstream failure: ${reason}`);
  }
}

const TRANSIENT_STATUS = new Set([429, 500, 502, 503, 504]);

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

/** Env overrides per system: CRM_TIMEOUT_MS, CRM_RETRIES, ... */
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
    breakerHalfOpenAfterMs: number('BREAKER_HALF_OPEN_MS'),
  };
}

/**
 * The one way subgraphs call a legacy system: axios that cannot be pointed elsewhere
 * (`allowAbsoluteUrls: false`), a timeout on every call, retries with backoff for reads, and a
 * circuit breaker per system so a dead system costs nothing but a fast, typed error.
 */
export class LegacyHttp {
  readonly axios: AxiosInstance;
  private readonly readPolicy: IPolicy;
  private readonly writePolicy: IPolicy;

  constructor(readonly options: LegacyHttpOptions) {
    this.axios = axios.create({
      baseURL: options.baseURL,
      allowAbsoluteUrls: false,
      headers: options.headers,
      httpAgent: new HttpAgent({ keepAlive: true, maxSockets: 64 }),
      // Our own timeout policy cancels; axios' timeout is a backstop.
      timeout: (options.timeoutMs ?? 1500) * 2,
    });
    const isSystemFailure = handleWhen((error) => reasonOf(error) !== null && !isBrokenCircuitError(error));
    const breaker = circuitBreaker(isSystemFailure, {
      halfOpenAfter: options.breakerHalfOpenAfterMs ?? 5_000,
      breaker: new ConsecutiveBreaker(options.breakerThreshold ?? 5),
    });
    const perAttempt = timeout(options.timeoutMs ?? 1500, TimeoutStrategy.Aggressive);
    const retries = retry(
      handleWhen((error) => {
        const reason = reasonOf(error);
        return reason === 'TIMEOUT' || reason === 'DOWN' || reason === 'ERROR';
      }),
      { maxAttempts: options.retries ?? 2, backoff: new ExponentialBackoff({ initialDelay: 40, maxDelay: 400 }) },
    );
    this.readPolicy = wrap(retries, breaker, perAttempt);
    this.writePolicy = wrap(breaker, perAttempt);
  }

  /** An idempotent read; `check` may throw TransientUpstreamError for failures hidden in a 2xx answer. */
  read<T>(config: AxiosRequestConfig, check?: (response: AxiosResponse<T>) => void): Promise<AxiosResponse<T>> {
    return this.run(this.readPolicy, config, check);
  }

  /** A write: timed out and behind the breaker, never retried (the caller owns idempotency). */
  write<T>(config: AxiosRequestConfig, check?: (response: AxiosResponse<T>) => void): Promise<AxiosResponse<T>> {
    return this.run(this.writePolicy, config, check);
  }

  private async run<T>(
    policy: IPolicy,
    config: AxiosRequestConfig,
    check?: (response: AxiosResponse<T>) => void,
  ): Promise<AxiosResponse<T>> {
    try {
      // A signal of its own per call: without one, cockatiel hangs every call's listener on one shared signal.
      return await policy.execute(async ({ signal }) => {
        const response = await this.axios.request<T>({ ...config, signal });
        check?.(response);
        return response;
      }, new AbortController().signal);
    } catch (error) {
      const reason = reasonOf(error);
      if (reason !== null) throw new SystemUnavailableError(this.options.system, reason);
      throw error;
    }
  }
}

/** Builds a URL path with every parameter percent-encoded: path`/V1/products/${sku}`. */
export function path(strings: TemplateStringsArray, ...params: (string | number)[]): string {
  return strings.reduce((out, part, i) => out + part + (i < params.length ? encodeURIComponent(String(params[i])) : ''), '');
}
