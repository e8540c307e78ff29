import { adminHeaders } from '../../legacy/kit/admin';
import type { CallSnapshot, TracedCall } from '../../legacy/kit/server';
import { LEGACY_ADMIN_ENV } from '../processes';
import type { Send } from './load';
import type { NeededStep } from './workloads';

/**
 * What a query costs in legacy calls, read from the stand-ins' call counters and call traces: the
 * calls per query by system and operation, and the longest chain of calls that waited for each other.
 */

export interface SystemCall extends TracedCall {
  system: string;
}

export interface ObservedChain {
  /** Calls on the longest chain of the query that had the longest one. */
  chainCalls: number;
  /** Their `system operation` names, in order. */
  chainOps: string[];
  /** chainCalls × the stand-ins' mean latency. */
  floorMs: number;
  /** The longest chain's length in each measured query. */
  chainCallsPerQuery: number[];
}

export interface LegacyCost {
  queries: number;
  failures: number;
  /** Queries answered without any legacy call (from Omnigraph's caches alone). */
  queriesWithoutCalls: number;
  callsPerQuery: number;
  bySystem: Record<string, number>;
  /** Per query, by `system operation`. */
  byOperation: Record<string, number>;
  observedChain: ObservedChain;
  /** The floor timed in each query, with its latency, when the needed chain's steps name their calls. */
  timedFloor: TimedFloor | null;
}

/**
 * The needed chain timed as the stand-ins served this query's calls: for each needed step, the
 * slowest of its calls, summed. Unlike calls × mean latency, it counts that a step of parallel calls
 * waits for the slowest and the stand-ins' own work; no orchestrator making these calls could answer
 * faster.
 */
export interface TimedFloor {
  floorsMs: number[];
  /** Each query's latency as the client saw it, in the same order. */
  latenciesMs: number[];
}

export function timedFloorMs(calls: readonly SystemCall[], steps: readonly NeededStep[]): number | null {
  if (steps.filter((step) => !step.operations).length > 1) return null;
  const named = new Set(steps.flatMap((step) => step.operations ?? []));
  return steps.reduce((sum, step) => {
    const own = calls.filter((call) => {
      const name = `${call.system} ${call.operation}`;
      return step.operations ? step.operations.includes(name) : !named.has(name);
    });
    return sum + Math.max(0, ...own.map((call) => call.endedAtMs - call.startedAtMs));
  }, 0);
}

async function admin(url: string, method: 'GET' | 'DELETE'): Promise<unknown> {
  const response = await fetch(url, { method, headers: adminHeaders(LEGACY_ADMIN_ENV), signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`${method} ${url}: HTTP ${response.status}`);
  return response.json();
}

async function resetCalls(legacyUrls: Record<string, string>): Promise<void> {
  await Promise.all(Object.values(legacyUrls).map((url) => admin(`${url}/__admin/calls`, 'DELETE')));
}

async function readCalls(legacyUrls: Record<string, string>): Promise<{ snapshots: CallSnapshot[]; calls: SystemCall[] }> {
  const read = await Promise.all(
    Object.entries(legacyUrls).map(async ([system, url]) => {
      const [snapshot, trace] = await Promise.all([admin(`${url}/__admin/calls`, 'GET'), admin(`${url}/__admin/calls/trace`, 'GET')]);
      return { snapshot: snapshot as CallSnapshot, calls: (trace as { calls: TracedCall[] }).calls.map((call) => ({ ...call, system })) };
    }),
  );
  return { snapshots: read.map((one) => one.snapshot), calls: read.flatMap((one) => one.calls) };
}

/**
 * The chain of calls with the most legacy time end to end: call B waited for call A if it started
 * at or after A ended, and chain(B) = duration(B) + the longest chain(A) over such A.
 */
export function longestChain(calls: readonly SystemCall[]): SystemCall[] {
  const ordered = [...calls].sort((a, b) => a.startedAtMs - b.startedAtMs);
  const chainMs: number[] = [];
  const before: (number | null)[] = [];
  ordered.forEach((call, b) => {
    let best: number | null = null;
    for (let a = 0; a < b; a += 1) {
      if (ordered[a].endedAtMs <= call.startedAtMs && (best === null || chainMs[a] > chainMs[best])) best = a;
    }
    chainMs.push(call.endedAtMs - call.startedAtMs + (best === null ? 0 : chainMs[best]));
    before.push(best);
  });
  if (ordered.length === 0) return [];
  let last: number | null = chainMs.indexOf(Math.max(...chainMs));
  const chain: SystemCall[] = [];
  while (last !== null) {
    chain.unshift(ordered[last]);
    last = before[last];
  }
  return chain;
}

/**
 * Sends the requests one at a time, each with every stand-in's counters cleared before it, so every
 * counted and traced call is that query's own (the bench keeps the background followers quiet).
 */
export async function measureLegacyCost<R>(
  legacyUrls: Record<string, string>,
  requests: readonly R[],
  send: Send<R>,
  meanLatencyMs: number,
  neededChain: readonly NeededStep[],
): Promise<LegacyCost> {
  const bySystem: Record<string, number> = Object.fromEntries(Object.keys(legacyUrls).map((system) => [system, 0]));
  const byOperation: Record<string, number> = {};
  let failures = 0;
  let queriesWithoutCalls = 0;
  let longest: SystemCall[] = [];
  const chainCallsPerQuery: number[] = [];
  const timed: TimedFloor = { floorsMs: [], latenciesMs: [] };
  for (const request of requests) {
    await resetCalls(legacyUrls);
    const sent = performance.now();
    const failure = await send(request).catch((error: Error) => error.message);
    const latencyMs = performance.now() - sent;
    if (failure !== null) failures += 1;
    const { snapshots, calls } = await readCalls(legacyUrls);
    if (snapshots.every((snapshot) => snapshot.total === 0)) queriesWithoutCalls += 1;
    for (const snapshot of snapshots) {
      bySystem[snapshot.system] += snapshot.total;
      for (const [operation, count] of Object.entries(snapshot.byOperation)) {
        const name = `${snapshot.system} ${operation}`;
        byOperation[name] = (byOperation[name] ?? 0) + count;
      }
    }
    const floorMs = timedFloorMs(calls, neededChain);
    if (floorMs !== null && failure === null) {
      timed.floorsMs.push(floorMs);
      timed.latenciesMs.push(latencyMs);
    }
    const chain = longestChain(calls);
    chainCallsPerQuery.push(chain.length);
    if (chain.length > longest.length) longest = chain;
  }
  const perQuery = (count: number) => Number((count / requests.length).toFixed(2));
  return {
    queries: requests.length,
    failures,
    queriesWithoutCalls,
    callsPerQuery: perQuery(Object.values(bySystem).reduce((sum, count) => sum + count, 0)),
    bySystem: Object.fromEntries(Object.entries(bySystem).map(([system, count]) => [system, perQuery(count)])),
    byOperation: Object.fromEntries(
      Object.entries(byOperation)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, count]) => [name, perQuery(count)]),
    ),
    observedChain: {
      chainCalls: longest.length,
      chainOps: longest.map((call) => `${call.system} ${call.operation}`),
      floorMs: longest.length * meanLatencyMs,
      chainCallsPerQuery,
    },
    timedFloor: timed.floorsMs.length > 0 ? timed : null,
  };
}
