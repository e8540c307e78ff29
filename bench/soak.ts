import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type autocannon from 'autocannon';
import { ALL_GATEWAYS, load, startGatewayUnderTest, writeBenchSupergraph } from './gateway-overhead';
import { describeMachine, machineFacts } from './machine';
import { mean, residentMiB } from './processes';

/**
 * Part 5, the soak: Omnigraph as configured for production over the bench's four subgraphs, at a
 * steady load for BENCH_SOAK_S (10 minutes): the repeated deep query and the varied queries at
 * once, BENCH_SOAK_CONNECTIONS each. The gateway's resident memory is sampled every few seconds;
 * after the warm-up it must grow less than 10%, and no request may fail.
 */

const SOAK_S = Number(process.env.BENCH_SOAK_S ?? 600);
const WARMUP_S = Math.min(60, Math.floor(SOAK_S / 5));
const CONNECTIONS_EACH = Number(process.env.BENCH_SOAK_CONNECTIONS ?? 10);
const SAMPLE_MS = 5_000;
const MAX_GROWTH = 0.1;

/** The least-squares slope of y over x. */
function slope(points: [number, number][]): number {
  const meanX = mean(points.map(([x]) => x));
  const meanY = mean(points.map(([, y]) => y));
  const spread = points.reduce((sum, [x]) => sum + (x - meanX) ** 2, 0);
  return spread > 0 ? points.reduce((sum, [x, y]) => sum + (x - meanX) * (y - meanY), 0) / spread : 0;
}

/** Bounded: the soak, plus two minutes to start and stop. */
export function soakBudgetMs(): number {
  return (SOAK_S + 120) * 1_000;
}

export async function runSoak(): Promise<string> {
  writeBenchSupergraph();
  const omnigraph = ALL_GATEWAYS.find(({ name }) => name === 'omnigraph')!;
  const startedAt = new Date();
  const { gatewayProcess, stop } = await startGatewayUnderTest(omnigraph, 1);
  const samples: { atS: number; rssMiB: number }[] = [];
  let results: autocannon.Result[];
  try {
    const pid = gatewayProcess.pid!;
    const sampler = setInterval(() => {
      samples.push({ atS: Math.round((Date.now() - startedAt.getTime()) / 1000), rssMiB: Number(residentMiB(pid).toFixed(1)) });
    }, SAMPLE_MS);
    try {
      results = await Promise.all([load('same', SOAK_S, CONNECTIONS_EACH), load('varied', SOAK_S, CONNECTIONS_EACH)]);
    } finally {
      clearInterval(sampler);
    }
  } finally {
    await stop();
  }
  const firstS = samples[0]?.atS ?? 0;
  const afterWarmUp = samples.filter(({ atS }) => atS - firstS >= WARMUP_S && atS - firstS < WARMUP_S + 60).map(({ rssMiB }) => rssMiB);
  const lastMinute = samples.filter(({ atS }) => atS > (samples.at(-1)?.atS ?? 0) - 60).map(({ rssMiB }) => rssMiB);
  const baseline = mean(afterWarmUp);
  const final = mean(lastMinute);
  const growth = baseline > 0 ? (final - baseline) / baseline : 0;
  // RSS swings with every collection: the trend over the samples after the warm-up says more than two minutes' means.
  const settled = samples.filter(({ atS }) => atS - firstS >= WARMUP_S);
  const trendMiBPerMinute = slope(settled.map(({ atS, rssMiB }) => [atS / 60, rssMiB]));
  const [same, varied] = results;
  const failures = results.reduce((sum, result) => sum + result.errors + result.timeouts + result.non2xx + result.mismatches, 0);
  const requests = results.reduce((sum, result) => sum + result.requests.total, 0);
  const figures = {
    startedAt: startedAt.toISOString(),
    machine: machineFacts(),
    settings: { soakS: SOAK_S, warmUpS: WARMUP_S, connectionsEach: CONNECTIONS_EACH, sampleMs: SAMPLE_MS },
    requests,
    requestsPerSecond: { same: same.requests.total / same.duration, varied: varied.requests.total / varied.duration },
    p99Ms: { same: same.latency.p99, varied: varied.latency.p99 },
    failures,
    rssMiB: {
      afterWarmUp: Number(baseline.toFixed(1)),
      lastMinute: Number(final.toFixed(1)),
      max: Math.max(...samples.map(({ rssMiB }) => rssMiB)),
    },
    growth: Number(growth.toFixed(3)),
    trendMiBPerMinute: Number(trendMiBPerMinute.toFixed(2)),
    flat: growth < MAX_GROWTH && failures === 0,
    samples,
  };
  const summary =
    `Soak ${SOAK_S} s, ${CONNECTIONS_EACH} connections on the repeated deep query and ${CONNECTIONS_EACH} on varied queries: ` +
    `${requests} requests (${figures.requestsPerSecond.same.toFixed(1)} + ${figures.requestsPerSecond.varied.toFixed(1)} req/s, ` +
    `p99 ${figures.p99Ms.same} / ${figures.p99Ms.varied} ms), ${failures} failed. Gateway RSS after the ${WARMUP_S} s warm-up ` +
    `${figures.rssMiB.afterWarmUp} MiB, over the last minute ${figures.rssMiB.lastMinute} MiB (${(growth * 100).toFixed(1)}%; ` +
    `max ${figures.rssMiB.max} MiB; trend ${figures.trendMiBPerMinute} MiB a minute): ${figures.flat ? 'flat' : 'NOT flat'} ` +
    `(goal: under ${MAX_GROWTH * 100}% and no failure).`;
  const markdown = [`# Soak, ${figures.startedAt}`, '', `${describeMachine(figures.machine)}.`, '', summary, ''].join('\n');
  const resultsDir = resolve(__dirname, 'results');
  mkdirSync(resultsDir, { recursive: true });
  const stamp = figures.startedAt.replace(/[:.]/g, '-');
  for (const name of [`soak-${stamp}`, 'soak-latest']) {
    writeFileSync(resolve(resultsDir, `${name}.json`), `${JSON.stringify(figures, null, 2)}\n`);
    writeFileSync(resolve(resultsDir, `${name}.md`), markdown);
  }
  return `${summary}\n\nwritten to bench/results/soak-${stamp}.{json,md} and soak-latest.{json,md}`;
}
