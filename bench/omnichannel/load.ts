import { performance } from 'node:perf_hooks';

/**
 * A closed-loop load generator: N clients, each sending its next request as soon as its last one
 * is answered, until the prepared requests run out or the time cap passes, whichever comes first.
 */

/** Sends one request and checks its answer: the reason it failed, or null. */
export type Send<R> = (request: R) => Promise<string | null>;

export interface LoopResult {
  /** Requests answered, right or wrong. */
  requests: number;
  failures: number;
  /** Failures by reason, so a failing row says why. */
  failureReasons: Record<string, number>;
  /** Latencies of the right answers only: a fast wrong answer is not throughput. */
  latenciesMs: number[];
  wallMs: number;
}

export async function closedLoop<R>(requests: readonly R[], concurrency: number, timeCapMs: number, send: Send<R>): Promise<LoopResult> {
  const result: LoopResult = { requests: 0, failures: 0, failureReasons: {}, latenciesMs: [], wallMs: 0 };
  const started = performance.now();
  const deadline = started + timeCapMs;
  let next = 0;
  const client = async () => {
    while (next < requests.length && performance.now() < deadline) {
      const request = requests[next++];
      const sentAt = performance.now();
      const failure = await send(request).catch((error: Error) => `${error.name}: ${error.message}`);
      const latencyMs = performance.now() - sentAt;
      result.requests += 1;
      if (failure === null) {
        result.latenciesMs.push(latencyMs);
      } else {
        result.failures += 1;
        result.failureReasons[failure] = (result.failureReasons[failure] ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, client));
  result.wallMs = performance.now() - started;
  return result;
}

export interface LatencySummary {
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  meanMs: number;
}

/** Nearest-rank percentile of ascending values: the smallest value with at least p% of them at or below it. */
export function nearestRank(ascending: readonly number[], percent: number): number {
  if (ascending.length === 0) return Number.NaN;
  return ascending[Math.max(1, Math.ceil((percent / 100) * ascending.length)) - 1];
}

/** The middle value (the mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function summariseLatencies(latenciesMs: readonly number[]): LatencySummary {
  const ascending = [...latenciesMs].sort((a, b) => a - b);
  const round = (ms: number) => Number(ms.toFixed(1));
  return {
    p50Ms: round(nearestRank(ascending, 50)),
    p90Ms: round(nearestRank(ascending, 90)),
    p99Ms: round(nearestRank(ascending, 99)),
    meanMs: round(ascending.length === 0 ? Number.NaN : ascending.reduce((sum, ms) => sum + ms, 0) / ascending.length),
  };
}
