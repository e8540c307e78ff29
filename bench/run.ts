import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { composeServices } from '@apollo/composition';
import autocannon from 'autocannon';
import { parse } from 'graphql';
import { DEEP_QUERY, VARIED_QUERY } from './queries';
import { USER_COUNT, PRODUCT_COUNT } from './subgraphs/data';
import { BENCH_SUBGRAPHS, benchSubgraphUrl } from './subgraphs/index';

/**
 * Gateway overhead on the public gateways benchmark's shape: the same four subgraphs and
 * supergraph behind Omnigraph, bare Apollo Gateway and Hive Gateway in turn, each loaded by
 * autocannon from this process. Everything listens on 127.0.0.1 and every child is killed on exit.
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

type Mode = 'same' | 'varied';
const MODES: Mode[] = ['same', 'varied'];

interface GatewayUnderTest {
  name: string;
  entry: string;
}

const ALL_GATEWAYS: GatewayUnderTest[] = [
  { name: 'omnigraph', entry: 'gateways/omnigraph.ts' },
  { name: 'apollo-gateway', entry: 'gateways/apollo.ts' },
  { name: 'hive-gateway', entry: 'gateways/hive.ts' },
];

/** BENCH_GATEWAYS=omnigraph,hive-gateway measures only those (profiling one, say); default all. */
const GATEWAYS = process.env.BENCH_GATEWAYS
  ? ALL_GATEWAYS.filter(({ name }) => process.env.BENCH_GATEWAYS?.split(',').includes(name))
  : ALL_GATEWAYS;

/**
 * With two or more cores and taskset, the gateway gets core 0 to itself and everything else
 * (subgraphs, autocannon in this process) shares the rest, so the gateway is what saturates.
 */
const PINNING = (() => {
  if (process.env.BENCH_PIN === '0' || cpus().length < 2) return null;
  try {
    execFileSync('taskset', ['-V'], { stdio: 'ignore' });
  } catch {
    return null;
  }
  return { gateway: '0', rest: `1-${cpus().length - 1}` };
})();

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

const children = new Set<ChildProcess>();

function killChildren(): void {
  for (const child of children) child.kill('SIGKILL');
  children.clear();
}

process.on('exit', killChildren);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killChildren();
    process.exit(130);
  });
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

function start(entry: string, args: string[], env: NodeJS.ProcessEnv, cores: string | undefined, nodeOptions: string[] = []): ChildProcess {
  // node --import tsx runs the TypeScript entry without a build, as npm scripts here do.
  const command = [process.execPath, ...nodeOptions, '--import', 'tsx', resolve(BENCH_DIR, entry), ...args];
  const pinned = cores === undefined ? command : ['taskset', '-c', cores, ...command];
  const child = spawn(pinned[0], pinned.slice(1), { env, stdio: ['ignore', 'inherit', 'inherit'] });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

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
  if (response.status !== 200 || body.errors || !body.data) throw new Error(`deep query failed (${response.status}): ${text.slice(0, 500)}`);
  return { data: JSON.stringify(body.data), bytes: Buffer.byteLength(text) };
}

/**
 * Varied requests walk every (users, products) pair in turn: 100 distinct requests, more than
 * the connections in flight, so no two concurrent requests are identical and collapsing them
 * cannot help.
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

async function load(mode: Mode, durationS: number): Promise<autocannon.Result> {
  return autocannon({
    url: GATEWAY_URL,
    connections: CONNECTIONS,
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

async function benchGateway(gateway: GatewayUnderTest, round: number, reference: { data?: string }): Promise<{ measurements: Measurement[]; responseBytes: number }> {
  const baseEnv: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    OMNIGRAPH_GATEWAY_SECRET: randomBytes(32).toString('hex'),
  };
  const subgraphs = BENCH_SUBGRAPHS.map(({ service }) => start('subgraphs/serve.ts', [service.name], baseEnv, PINNING?.rest));
  let gatewayProcess: ChildProcess | undefined;
  try {
    await Promise.all(
      BENCH_SUBGRAPHS.map(({ service, port }) =>
        waitFor(service.name, async () => (await fetch(`http://127.0.0.1:${port}/health`)).ok),
      ),
    );
    gatewayProcess = start(
      gateway.entry,
      [],
      { ...baseEnv, OMNIGRAPH_CLIENT_JWT_SECRET: randomBytes(32).toString('hex'), SUPERGRAPH_PATH, BENCH_GATEWAY_PORT: String(GATEWAY_PORT) },
      PINNING?.gateway,
      // One folder per run: tsx's loader thread writes a profile of its own beside the main thread's.
      PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${resolve(PROFILE_DIR, `${gateway.name}-round${round}`)}`] : [],
    );
    await waitFor(gateway.name, async () => (await postQuery('{ __typename }')).ok);
    const answer = await deepAnswer();
    reference.data ??= answer.data;
    if (answer.data !== reference.data) throw new Error(`${gateway.name} answers the deep query differently from the first gateway measured`);

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
    // The gateway first: requests still in flight when the load stops must not meet closed subgraphs.
    if (gatewayProcess) await stop(gatewayProcess);
    await Promise.all(subgraphs.map(stop));
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
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

async function main(): Promise<void> {
  // Bounded: whatever hangs, the run ends and takes its children with it.
  const budgetMs = ROUNDS * GATEWAYS.length * (MODES.length * (WARMUP_S + DURATION_S) + 120) * 1_000;
  setTimeout(() => {
    console.error(`bench exceeded its ${budgetMs / 1000} s budget`);
    process.exit(1);
  }, budgetMs).unref();
  // autocannon runs here: keep it off the gateway's core.
  if (PINNING) execFileSync('taskset', ['-cp', PINNING.rest, String(process.pid)], { stdio: 'ignore' });

  mkdirSync(resolve(BENCH_DIR, 'schema'), { recursive: true });
  writeFileSync(SUPERGRAPH_PATH, composeSupergraph());

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

  const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', memoryGb: Number((totalmem() / 2 ** 30).toFixed(1)), node: process.version };
  const settings = {
    warmupS: WARMUP_S,
    durationS: DURATION_S,
    connections: CONNECTIONS,
    rounds: ROUNDS,
    pinning: PINNING,
    deepResponseKb: Number((deepResponseBytes / 1024).toFixed(1)),
  };
  const table = markdownTable(rows);
  const placement = PINNING
    ? `The gateway runs alone on core ${PINNING.gateway}; the subgraphs and autocannon share cores ${PINNING.rest}.`
    : 'Gateway, subgraphs and autocannon share every core.';
  const markdown = [
    `# Gateway bench, ${startedAt.toISOString()}`,
    '',
    `${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGb} GB, Node ${machine.node}; ${CONNECTIONS} connections, ` +
      `${WARMUP_S} s warm-up, ${DURATION_S} s measured, ${ROUNDS} rounds in random order; medians over the rounds. ` +
      `Deep query answer ${settings.deepResponseKb} KB. ${placement} Every round's figures and load average are in the JSON.`,
    '',
    table,
    '',
  ].join('\n');
  const json = JSON.stringify({ startedAt: startedAt.toISOString(), machine, settings, rows, measurements }, null, 2);

  const resultsDir = resolve(BENCH_DIR, 'results');
  mkdirSync(resultsDir, { recursive: true });
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  for (const name of [stamp, 'latest']) {
    writeFileSync(resolve(resultsDir, `${name}.json`), `${json}\n`);
    writeFileSync(resolve(resultsDir, `${name}.md`), markdown);
  }
  process.stdout.write(`\n${table}\n\nwritten to bench/results/${stamp}.{json,md} and latest.{json,md}\n`);
}

main()
  .then(() => process.exit(0))
  .catch((error: Error) => {
    console.error(error);
    killChildren();
    process.exit(1);
  });
