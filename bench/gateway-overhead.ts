import type { ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { composeServices } from '@apollo/composition';
import autocannon from 'autocannon';
import { parse } from 'graphql';
import { describeMachine, machineFacts } from './machine';
import { median } from './omnichannel/load';
import { describePinning, PINNING, productionEnv, startChild, stopChild } from './processes';
import { DEEP_QUERY, VARIED_QUERY } from './queries';
import { USER_COUNT, PRODUCT_COUNT } from './subgraphs/data';
import { BENCH_SUBGRAPHS, benchSubgraphUrl } from './subgraphs/index';

/**
 * Part 1, gateway overhead on the public gateways benchmark's shape: the same four subgraphs and
 * supergraph behind Omnigraph, bare Apollo Gateway and Hive Gateway in turn, each loaded by
 * autocannon from the runner's process. Everything listens on 127.0.0.1.
 */

const WARMUP_S = Number(process.env.BENCH_WARMUP_S ?? 3);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
/** Each gateway is measured this many times, in a new random order each round; the table shows medians. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const GATEWAY_PORT = 4700;
const GATEWAY_URL = `http://127.0.0.1:${GATEWAY_PORT}/graphql`;
const BENCH_DIR = __dirname;
const SUPERGRAPH_PATH = resolve(BENCH_DIR, 'schema/supergraph.graphql');

export type Mode = 'same' | 'varied';
const MODES: Mode[] = ['same', 'varied'];

export interface GatewayUnderTest {
  name: string;
  entry: string;
  /** What sets it up beyond the entry's defaults. */
  env?: NodeJS.ProcessEnv;
  /** Node's own flags for it (V8's heap sizing). */
  nodeOptions?: string[];
  /** One process per core is pointless on one pinned core: it runs on every core, beside the subgraphs and the load. */
  allCores?: boolean;
}

/**
 * V8's young generation for Omnigraph's gateway, as the README's production settings give it:
 * a gateway request allocates a great deal that dies young, and a larger nursery means fewer
 * scavenges (measured in bench/README.md).
 */
export const OMNIGRAPH_NODE_OPTIONS = ['--max-semi-space-size=32'];

/**
 * Omnigraph as configured for production, in one process and in one worker per core; bare Apollo
 * Gateway; Hive Gateway with its defaults and with inbound in-flight deduplication on, which is how
 * the public benchmark runs it, its best configuration.
 */
export const ALL_GATEWAYS: GatewayUnderTest[] = [
  { name: 'omnigraph', entry: 'gateways/omnigraph.ts', nodeOptions: OMNIGRAPH_NODE_OPTIONS },
  {
    name: 'omnigraph-workers',
    entry: 'gateways/omnigraph.ts',
    nodeOptions: OMNIGRAPH_NODE_OPTIONS,
    env: { OMNIGRAPH_GATEWAY_WORKERS: 'auto' },
    allCores: true,
  },
  { name: 'apollo-gateway', entry: 'gateways/apollo.ts' },
  { name: 'hive-gateway', entry: 'gateways/hive.ts' },
  { name: 'hive-gateway-dedup', entry: 'gateways/hive.ts', env: { HIVE_INFLIGHT_DEDUPLICATION: 'true' } },
];

/** BENCH_GATEWAYS=omnigraph,hive-gateway measures only those (profiling one, say); default all. */
const GATEWAYS = process.env.BENCH_GATEWAYS
  ? ALL_GATEWAYS.filter(({ name }) => process.env.BENCH_GATEWAYS?.split(',').includes(name))
  : ALL_GATEWAYS;

/** One measured window: one gateway, one mode, one round. */
interface Measurement {
  gateway: string;
  mode: Mode;
  round: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  /** 2xx responses whose body carried GraphQL errors. */
  graphqlErrors: number;
  meanResponseKb: number;
  loadAverageBefore: number[];
}

/** A gateway and mode over every round: medians, the spread of req/s, and failures summed. */
interface Row {
  gateway: string;
  mode: Mode;
  rounds: number;
  requestsPerSecond: number;
  requestsPerSecondRange: [number, number];
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
  graphqlErrors: number;
  meanResponseKb: number;
  ratioToOmnigraph: number | null;
}

/** The supergraph of the bench's four subgraphs, where every gateway under test reads it. */
export function writeBenchSupergraph(): void {
  mkdirSync(resolve(BENCH_DIR, 'schema'), { recursive: true });
  writeFileSync(SUPERGRAPH_PATH, composeSupergraph());
}

function composeSupergraph(): string {
  const result = composeServices(
    BENCH_SUBGRAPHS.map(({ service, port }) => ({ name: service.name, typeDefs: parse(service.typeDefs), url: benchSubgraphUrl(port) })),
  );
  if (result.errors) throw new Error(`composition failed:\n${result.errors.map((error) => error.message).join('\n')}`);
  return result.supergraphSdl;
}

/** BENCH_CPU_PROFILE=1 writes each gateway's V8 CPU profile here (open it in Chrome DevTools). */
const PROFILE_DIR = process.env.BENCH_CPU_PROFILE === '1' ? resolve(BENCH_DIR, 'results/profiles') : null;

async function postQuery(query: string, variables: Record<string, unknown> = {}): Promise<Response> {
  return fetch(GATEWAY_URL, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(5_000),
  });
}

async function waitFor(what: string, ready: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await ready().catch(() => false)) return;
    await new Promise((done) => setTimeout(done, 250));
  }
  throw new Error(`${what} did not become ready within ${timeoutMs / 1000} s`);
}

/** The deep query's `data` as this gateway answers it; every gateway must give the same. */
async function deepAnswer(): Promise<{ data: string; bytes: number }> {
  const response = await postQuery(DEEP_QUERY);
  const text = await response.text();
  const body = JSON.parse(text) as { data?: unknown; errors?: unknown };
  if (response.status !== 200 || body.errors || !body.data)
    throw new Error(`deep query failed (${response.status}): ${text.slice(0, 500)}`);
  return { data: JSON.stringify(body.data), bytes: Buffer.byteLength(text) };
}

/**
 * Varied requests walk every (users, products) pair in turn: 100 distinct requests, more than
 * the connections in flight, so no two concurrent requests are identical and sharing whole
 * answers cannot help. Their subgraph fetches overlap (the same products' reviews, say), which a
 * gateway may share.
 */
function variedRequest(): autocannon.Request {
  let next = 0;
  return {
    method: 'POST',
    setupRequest: (request) => {
      const users = (next % USER_COUNT) + 1;
      const products = (Math.floor(next / USER_COUNT) % PRODUCT_COUNT) + 1;
      next += 1;
      return { ...request, body: JSON.stringify({ query: VARIED_QUERY, variables: { users, products } }) };
    },
  };
}

export async function load(mode: Mode, durationS: number, connections = CONNECTIONS): Promise<autocannon.Result> {
  return autocannon({
    url: GATEWAY_URL,
    connections,
    duration: durationS,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: mode === 'same' ? JSON.stringify({ query: DEEP_QUERY }) : undefined,
    requests: mode === 'varied' ? [variedRequest()] : undefined,
    // Counted as mismatches: a fast answer that is an error must not pass as throughput.
    verifyBody: (body) => !body?.includes('"errors"'),
    // Latencies of seconds are possible on a small shared machine; count them rather than drop them.
    timeout: 30,
  });
}

/** A shuffled copy (Fisher-Yates), so no gateway always runs first on the coolest machine. */
function shuffled<T>(items: T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** The bench's four subgraphs and one gateway over them, started and ready; `stop` ends them all. */
export async function startGatewayUnderTest(
  gateway: GatewayUnderTest,
  round: number,
): Promise<{ gatewayProcess: ChildProcess; stop: () => Promise<void> }> {
  const baseEnv = productionEnv();
  const subgraphs = BENCH_SUBGRAPHS.map(({ service }) =>
    startChild(resolve(BENCH_DIR, 'subgraphs/serve.ts'), { args: [service.name], env: baseEnv, cores: PINNING?.rest }),
  );
  let gatewayProcess: ChildProcess | undefined;
  const stop = async () => {
    // The gateway first: requests still in flight when the load stops must not meet closed subgraphs.
    if (gatewayProcess) await stopChild(gatewayProcess);
    await Promise.all(subgraphs.map((subgraph) => stopChild(subgraph)));
  };
  try {
    await Promise.all(
      BENCH_SUBGRAPHS.map(({ service, port }) => waitFor(service.name, async () => (await fetch(`http://127.0.0.1:${port}/health`)).ok)),
    );
    gatewayProcess = startChild(resolve(BENCH_DIR, gateway.entry), {
      env: {
        ...baseEnv,
        // Production needs an identity provider named; the bench's requests are anonymous, so it is never asked.
        OMNIGRAPH_OIDC_ISSUER: 'https://identity.bench.invalid',
        // The public benchmark sends its query as text, as the other gateways receive it; the field
        // rules (deny by default, the subgraphs' public tags) still run on every request.
        OMNIGRAPH_TRUSTED_DOCUMENTS: 'optional',
        SUPERGRAPH_PATH,
        BENCH_GATEWAY_PORT: String(GATEWAY_PORT),
        ...gateway.env,
      },
      // Every core named outright: a child inherits the runner's pinning, and one core makes `auto` one worker.
      cores: gateway.allCores ? `0-${cpus().length - 1}` : PINNING?.omnigraph,
      // One folder per run: tsx's loader thread writes a profile of its own beside the main thread's.
      nodeOptions: [
        ...(gateway.nodeOptions ?? []),
        ...(PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${resolve(PROFILE_DIR, `${gateway.name}-round${round}`)}`] : []),
      ],
    });
    await waitFor(gateway.name, async () => (await postQuery('{ __typename }')).ok);
    return { gatewayProcess, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function benchGateway(
  gateway: GatewayUnderTest,
  round: number,
  reference: { data?: string },
): Promise<{ measurements: Measurement[]; responseBytes: number }> {
  const { stop } = await startGatewayUnderTest(gateway, round);
  try {
    const answer = await deepAnswer();
    reference.data ??= answer.data;
    if (answer.data !== reference.data)
      throw new Error(`${gateway.name} answers the deep query differently from the first gateway measured`);

    const measurements: Measurement[] = [];
    for (const mode of shuffled(MODES)) {
      process.stdout.write(`round ${round}: ${gateway.name} ${mode}: warm-up ${WARMUP_S} s, measure ${DURATION_S} s\n`);
      await load(mode, WARMUP_S);
      const loadAverageBefore = loadavg().map((value) => Number(value.toFixed(2)));
      const result = await load(mode, DURATION_S);
      measurements.push({
        gateway: gateway.name,
        mode,
        round,
        // Completed requests over the window, not autocannon's mean of whole-second buckets.
        requestsPerSecond: result.requests.total / result.duration,
        p50Ms: result.latency.p50,
        p99Ms: result.latency.p99,
        errors: result.errors,
        timeouts: result.timeouts,
        non2xx: result.non2xx,
        graphqlErrors: result.mismatches,
        meanResponseKb: result.requests.total > 0 ? Number((result.throughput.total / result.requests.total / 1024).toFixed(1)) : 0,
        loadAverageBefore,
      });
    }
    return { measurements, responseBytes: answer.bytes };
  } finally {
    await stop();
  }
}

function summarise(measurements: Measurement[]): Row[] {
  const rows: Row[] = [];
  for (const gateway of GATEWAYS) {
    for (const mode of MODES) {
      const mine = measurements.filter((m) => m.gateway === gateway.name && m.mode === mode);
      const rates = mine.map((m) => m.requestsPerSecond);
      rows.push({
        gateway: gateway.name,
        mode,
        rounds: mine.length,
        requestsPerSecond: median(rates),
        requestsPerSecondRange: [Math.min(...rates), Math.max(...rates)],
        p50Ms: median(mine.map((m) => m.p50Ms)),
        p99Ms: median(mine.map((m) => m.p99Ms)),
        errors: mine.reduce((sum, m) => sum + m.errors, 0),
        non2xx: mine.reduce((sum, m) => sum + m.non2xx, 0),
        graphqlErrors: mine.reduce((sum, m) => sum + m.graphqlErrors, 0),
        meanResponseKb: median(mine.map((m) => m.meanResponseKb)),
        ratioToOmnigraph: null,
      });
    }
  }
  for (const row of rows) {
    const omnigraph = rows.find((candidate) => candidate.gateway === 'omnigraph' && candidate.mode === row.mode);
    row.ratioToOmnigraph = omnigraph && omnigraph.requestsPerSecond > 0 ? row.requestsPerSecond / omnigraph.requestsPerSecond : null;
  }
  return rows;
}

function markdownTable(rows: Row[]): string {
  const lines = [
    '| gateway | mode | req/s (median) | req/s range | p50 ms | p99 ms | errors | non-2xx | GraphQL errors | mean KB/response | × Omnigraph |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const row of rows) {
    const ratio = row.ratioToOmnigraph === null ? 'n/a' : `${row.ratioToOmnigraph.toFixed(2)}×`;
    const [low, high] = row.requestsPerSecondRange;
    lines.push(
      `| ${row.gateway} | ${row.mode} | ${row.requestsPerSecond.toFixed(1)} | ${low.toFixed(1)}-${high.toFixed(1)} | ${row.p50Ms} | ${row.p99Ms} | ` +
        `${row.errors} | ${row.non2xx} | ${row.graphqlErrors} | ${row.meanResponseKb} | ${ratio} |`,
    );
  }
  return lines.join('\n');
}

/** Bounded: per round and gateway, its windows plus two minutes to start and stop. */
export function gatewayBenchBudgetMs(): number {
  return ROUNDS * GATEWAYS.length * (MODES.length * (WARMUP_S + DURATION_S) + 120) * 1_000;
}

/** Part 1: every gateway in every round, then the medians as markdown and JSON under bench/results. */
export async function runGatewayBench(): Promise<string> {
  writeBenchSupergraph();

  const startedAt = new Date();
  const reference: { data?: string } = {};
  const measurements: Measurement[] = [];
  let deepResponseBytes = 0;
  for (let round = 1; round <= ROUNDS; round += 1) {
    for (const gateway of shuffled(GATEWAYS)) {
      const result = await benchGateway(gateway, round, reference);
      measurements.push(...result.measurements);
      deepResponseBytes = result.responseBytes;
    }
  }
  const rows = summarise(measurements);

  const machine = machineFacts();
  const settings = {
    warmupS: WARMUP_S,
    durationS: DURATION_S,
    connections: CONNECTIONS,
    rounds: ROUNDS,
    pinning: PINNING,
    deepResponseKb: Number((deepResponseBytes / 1024).toFixed(1)),
  };
  const table = markdownTable(rows);
  const markdown = [
    `# Gateway overhead, ${startedAt.toISOString()}`,
    '',
    `${describeMachine(machine)}; ${CONNECTIONS} connections, ` +
      `${WARMUP_S} s warm-up, ${DURATION_S} s measured, ${ROUNDS} rounds in random order; medians over the rounds. ` +
      `Deep query answer ${settings.deepResponseKb} KB. ${describePinning('The gateway', 'the subgraphs and autocannon')} ` +
      "Every round's figures and load average are in the JSON.",
    '',
    table,
    '',
  ].join('\n');
  const json = JSON.stringify({ startedAt: startedAt.toISOString(), machine, settings, rows, measurements }, null, 2);

  const resultsDir = resolve(BENCH_DIR, 'results');
  mkdirSync(resultsDir, { recursive: true });
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  for (const name of [`gateways-${stamp}`, 'gateways-latest']) {
    writeFileSync(resolve(resultsDir, `${name}.json`), `${json}\n`);
    writeFileSync(resolve(resultsDir, `${name}.md`), markdown);
  }
  return `${table}\n\nwritten to bench/results/gateways-${stamp}.{json,md} and gateways-latest.{json,md}`;
}
