import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Persona } from '../../identity-provider/directory';
import type { SizeName } from '../../legacy/seed/model';
import { seededPersonas } from '../../legacy/seed/personas';
import { MachineFacts, machineFacts } from '../machine';
import { LegacyCost, measureLegacyCost } from './legacy-cost';
import { closedLoop, median, summariseLatencies } from './load';
import { writeResults } from './report';
import { startSystemProcesses, SystemProcess, tokenFor } from './system-processes';
import {
  BenchRequest,
  buildWorkloads,
  Callers,
  ENTITY_CACHED_WORKLOADS,
  NEEDED_CHAIN,
  NeededStep,
  sendRequest,
  Workload,
  WorkloadName,
} from './workloads';
import { benchWorld, copyWorld, pickInputs, removeWorldCopy } from './world';

/**
 * Issue 5, part 2: what the omnichannel queries cost against stand-ins with realistic latency, on
 * the large seeded world. The system under test runs in a child process; this process only
 * prepares inputs, generates load, and reads the stand-ins' call counters and traces.
 */

const WORKLOAD_NAMES: WorkloadName[] = ['customer360', 'orderHistory', 'nearby', 'catalogue', 'checkout', 'counterRedemption'];
/** Requests per row unless BENCH_OMNI_REQUESTS says otherwise: checkouts cost a prepared cart each. */
const DEFAULT_REQUESTS: Record<WorkloadName, number> = {
  customer360: 60,
  orderHistory: 60,
  nearby: 60,
  catalogue: 60,
  checkout: 30,
  counterRedemption: 30,
};

export interface OmnichannelOptions {
  seed: number;
  size: SizeName;
  workloads: WorkloadName[];
  concurrency: number[];
  /** Requests per row; null: DEFAULT_REQUESTS. */
  requests: number | null;
  /** Time cap per row: the row ends at whichever comes first, the requests or the cap. */
  rowCapMs: number;
  /** Queries at concurrency 1 whose legacy calls are counted and traced. */
  costQueries: number;
  legacyLatencyMs: number;
  legacyJitterMs: number;
}

export interface OmnichannelRow {
  concurrency: number;
  requests: number;
  failures: number;
  failureReasons: Record<string, number>;
  /** Right answers over the row's wall time. */
  requestsPerSecond: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  meanMs: number;
  wallMs: number;
  p50ToFloor: number;
  p99ToFloor: number;
  /** p50 over the timed floor (WorkloadReport.timedFloorMs), when the floor is timed. */
  p50ToTimedFloor: number | null;
  /** 1, 5 and 15 minute load averages as the row began: other work on the machine shows here. */
  loadAverageBefore: number[];
}

export interface WorkloadReport {
  name: WorkloadName;
  operation: string;
  neededChain: NeededStep[];
  neededChainCalls: number;
  /** The needed chain × the stand-ins' mean latency: no query can answer faster. */
  floorMs: number;
  /** The median of the floors timed in the legacy cost's queries (see TimedFloor); null where the needed steps do not name their calls. */
  timedFloorMs: number | null;
  /** The median over the legacy cost's queries of each one's latency over its own timed floor. */
  latencyToTimedFloorP50: number | null;
  observedChainCalls: number;
  legacyCost: LegacyCost;
  /** The same number of queries again after each was asked once (the entity cache warm), for reads of read-mostly data only. */
  warmCacheCost: LegacyCost | null;
  rows: OmnichannelRow[];
}

export interface OmnichannelReport {
  startedAt: string;
  machine: MachineFacts;
  settings: OmnichannelOptions & { warmupRequests: string; backgroundFollowers: string };
  world: { seed: number; size: SizeName; seedingMs: number; seedReused: boolean; copyMs: number };
  systemStartMs: number;
  workloads: WorkloadReport[];
}

function positiveIntegers(text: string, name: string): number[] {
  const values = text.split(',').map((part) => Number(part.trim()));
  if (!values.every((value) => Number.isInteger(value) && value > 0)) throw new Error(`${name} must be positive integers, comma-separated`);
  return values;
}

function nonNegative(text: string, name: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number >= 0`);
  return value;
}

export function omnichannelOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): OmnichannelOptions {
  const workloads = (env.BENCH_OMNI_WORKLOADS ?? WORKLOAD_NAMES.join(',')).split(',').map((name) => name.trim());
  const unknown = workloads.filter((name) => !WORKLOAD_NAMES.includes(name as WorkloadName));
  if (unknown.length > 0) throw new Error(`BENCH_OMNI_WORKLOADS: unknown ${unknown.join(', ')} (known: ${WORKLOAD_NAMES.join(', ')})`);
  return {
    seed: 1,
    size: 'large',
    workloads: workloads as WorkloadName[],
    concurrency: positiveIntegers(env.BENCH_OMNI_CONCURRENCY ?? '1,4,16', 'BENCH_OMNI_CONCURRENCY'),
    requests: env.BENCH_OMNI_REQUESTS ? positiveIntegers(env.BENCH_OMNI_REQUESTS, 'BENCH_OMNI_REQUESTS')[0] : null,
    rowCapMs: positiveIntegers(env.BENCH_OMNI_ROW_CAP_S ?? '30', 'BENCH_OMNI_ROW_CAP_S')[0] * 1_000,
    costQueries: positiveIntegers(env.BENCH_OMNI_COST_QUERIES ?? '10', 'BENCH_OMNI_COST_QUERIES')[0],
    legacyLatencyMs: nonNegative(env.BENCH_LEGACY_LATENCY_MS ?? '20', 'BENCH_LEGACY_LATENCY_MS'),
    legacyJitterMs: nonNegative(env.BENCH_LEGACY_JITTER_MS ?? '5', 'BENCH_LEGACY_JITTER_MS'),
  };
}

/** Untimed requests before each row: enough for every client to have a connection and warm caches. */
const warmupRequests = (concurrency: number) => Math.max(3, concurrency);

/** One access token per kind of frontend, signed in at the system's identity provider as its app would. */
async function signInCallers(identityProviderUrl: string, personas: Persona[]): Promise<Callers> {
  const token = (login: string) => tokenFor(identityProviderUrl, personas, login);
  return { callCenter: await token('agent'), app: await token('customer-1'), storeTablet: await token('associate-s101') };
}

const ratio = (ms: number, floorMs: number) => Number((ms / floorMs).toFixed(2));

async function benchWorkload(workload: Workload, system: SystemProcess, options: OmnichannelOptions): Promise<WorkloadReport> {
  const send = (request: BenchRequest) => sendRequest(system.gatewayUrl, workload, request);
  const log = (text: string) => process.stdout.write(`${workload.name}: ${text}\n`);
  const perRow = options.requests ?? DEFAULT_REQUESTS[workload.name];
  const neededChainCalls = NEEDED_CHAIN[workload.name].length;
  const floorMs = neededChainCalls * options.legacyLatencyMs;

  // Caches that fill once (the CRM login, the plant list) warm up before anything is counted.
  await closedLoop(await workload.prepare(warmupRequests(1)), 1, options.rowCapMs, send);
  log(`legacy cost over ${options.costQueries} queries at concurrency 1`);
  const legacyCost = await measureLegacyCost(
    system.legacyUrls,
    await workload.prepare(options.costQueries),
    send,
    options.legacyLatencyMs,
    NEEDED_CHAIN[workload.name],
  );
  const timed = legacyCost.timedFloor;
  const timedFloorMs = timed ? Number(median(timed.floorsMs).toFixed(1)) : null;
  const latencyToTimedFloorP50 = timed ? ratio(median(timed.latenciesMs.map((latency, i) => latency / timed.floorsMs[i])), 1) : null;
  if (timed) log(`timed floor ${timedFloorMs} ms; latency over it, per query: median ${latencyToTimedFloorP50}×`);
  let warmCacheCost: LegacyCost | null = null;
  if (ENTITY_CACHED_WORKLOADS.has(workload.name)) {
    // Inputs not asked yet, each asked once (the cache fills), then counted asking them again.
    const again = await workload.prepare(options.costQueries);
    await closedLoop(again, 1, options.rowCapMs, send);
    warmCacheCost = await measureLegacyCost(system.legacyUrls, again, send, options.legacyLatencyMs, NEEDED_CHAIN[workload.name]);
    log(`with the entity cache warm: ${warmCacheCost.queriesWithoutCalls} of ${warmCacheCost.queries} queries made no legacy call`);
  }

  const rows: OmnichannelRow[] = [];
  for (const concurrency of options.concurrency) {
    const warmup = warmupRequests(concurrency);
    const requests = await workload.prepare(warmup + perRow);
    await closedLoop(requests.slice(0, warmup), concurrency, options.rowCapMs, send);
    const loadAverageBefore = loadavg().map((value) => Number(value.toFixed(2)));
    const result = await closedLoop(requests.slice(warmup), concurrency, options.rowCapMs, send);
    const latency = summariseLatencies(result.latenciesMs);
    rows.push({
      concurrency,
      requests: result.requests,
      failures: result.failures,
      failureReasons: result.failureReasons,
      requestsPerSecond: Number(((result.requests - result.failures) / (result.wallMs / 1_000)).toFixed(2)),
      ...latency,
      wallMs: Math.round(result.wallMs),
      p50ToFloor: ratio(latency.p50Ms, floorMs),
      p99ToFloor: ratio(latency.p99Ms, floorMs),
      p50ToTimedFloor: timedFloorMs === null ? null : ratio(latency.p50Ms, timedFloorMs),
      loadAverageBefore,
    });
    const row = rows[rows.length - 1];
    log(
      `concurrency ${concurrency}: ${row.requests} requests, ${row.failures} failed, ${row.requestsPerSecond} req/s, p50 ${row.p50Ms} ms, p99 ${row.p99Ms} ms`,
    );
    for (const [reason, count] of Object.entries(result.failureReasons)) log(`  ${count} × ${reason}`);
  }
  return {
    name: workload.name,
    operation: workload.operationName,
    neededChain: NEEDED_CHAIN[workload.name],
    neededChainCalls,
    floorMs,
    timedFloorMs,
    latencyToTimedFloorP50,
    observedChainCalls: legacyCost.observedChain.chainCalls,
    legacyCost,
    warmCacheCost,
    rows,
  };
}

async function measureOmnichannel(options: OmnichannelOptions): Promise<OmnichannelReport> {
  const startedAt = new Date();
  const world = benchWorld({ seed: options.seed, size: options.size });
  const copyStarted = performance.now();
  const runDir = copyWorld(world);
  const copyMs = Math.round(performance.now() - copyStarted);
  let system: SystemProcess | null = null;
  try {
    const inputs = pickInputs(runDir, { crmCustomers: 200, webShoppers: 2_000, skus: 60, memberCards: 400 });
    const personas = seededPersonas(world.dir);
    const systemStarted = performance.now();
    system = await startSystemProcesses(options, runDir, personas);
    const systemStartMs = Math.round(performance.now() - systemStarted);
    process.stdout.write(
      `system under test ready in ${(systemStartMs / 1000).toFixed(1)} s: gateway ${system.gatewayUrl}, stand-ins ${Object.values(system.legacyUrls).join(' ')}\n`,
    );

    const workloads = (
      await buildWorkloads(system.gatewayUrl, inputs, options.size, await signInCallers(system.identityProviderUrl, personas))
    ).filter((workload) => options.workloads.includes(workload.name));
    const reports: WorkloadReport[] = [];
    for (const workload of workloads) reports.push(await benchWorkload(workload, system, options));

    return {
      startedAt: startedAt.toISOString(),
      machine: machineFacts(),
      settings: {
        ...options,
        warmupRequests: 'max(3, concurrency) before each row, 3 before the legacy cost',
        backgroundFollowers:
          'till-feed polls, directory syncs, cache refreshes, saga recovery, pickup sweeps and the catalogue and CRM partner followers pushed past the end of the run',
      },
      world: { seed: options.seed, size: options.size, seedingMs: world.seedingMs, seedReused: world.reused, copyMs },
      systemStartMs,
      workloads: reports,
    };
  } finally {
    await system?.stop();
    removeWorldCopy(runDir);
  }
}

/** Bounded: seeding and start-up, then per workload its cost queries and every row with its preparation. */
export function omnichannelBudgetMs(options: OmnichannelOptions): number {
  const perWorkloadS = options.costQueries * 5 + options.concurrency.length * (options.rowCapMs / 1_000 + 120);
  return (600 + options.workloads.length * perWorkloadS) * 1_000;
}

/** Part 2: measures, then writes markdown, JSON and the SVG chart under bench/results; answers the summary. */
export async function runOmnichannelBench(options: OmnichannelOptions): Promise<string> {
  return writeResults(await measureOmnichannel(options), resolve(__dirname, '../results'));
}

// `npx tsx bench/omnichannel/run.ts` runs part 2 alone, as `BENCH_PARTS=omnichannel npm run bench` does.
// Required lazily: bench/run.ts imports this file, so a static import would be circular.
// eslint-disable-next-line @typescript-eslint/no-require-imports
if (require.main === module) (require('../run') as typeof import('../run')).runBenchAndExit(['omnichannel']);
