import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { LEGACY_SYSTEMS } from '../../legacy/systems';
import { SUBGRAPHS } from '../../lib/subgraph-locations';
import { latencyChartSvg } from '../chart';
import { describeMachine } from '../machine';
import { describePinning } from '../processes';
import type { OmnichannelReport, WorkloadReport } from './run';

/** The run as markdown, JSON and an SVG chart under bench/results: stamped files and `omnichannel-latest.*`. */

const format = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');

function workloadTable(workload: WorkloadReport): string {
  const lines = [
    '| concurrency | requests | failures | req/s | p50 ms | p99 ms | p50/floor | p99/floor | p50/timed floor |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const row of workload.rows) {
    lines.push(
      `| ${row.concurrency} | ${row.requests} | ${row.failures} | ${format(row.requestsPerSecond)} | ${format(row.p50Ms)} | ${format(row.p99Ms)} | ` +
        `${format(row.p50ToFloor)}× | ${format(row.p99ToFloor)}× | ${row.p50ToTimedFloor === null ? 'n/a' : `${format(row.p50ToTimedFloor)}×`} |`,
    );
  }
  return lines.join('\n');
}

function costTable(report: OmnichannelReport): string {
  const systems = [...new Set(report.workloads.flatMap((workload) => Object.keys(workload.legacyCost.bySystem)))];
  const lines = [
    `| workload | calls/query | ${systems.join(' | ')} | needed chain | observed chain | floor ms | timed floor ms | latency/timed floor |`,
    `| --- | ---: | ${systems.map(() => '---:').join(' | ')} | ---: | ---: | ---: | ---: | ---: |`,
  ];
  for (const workload of report.workloads) {
    const cost = workload.legacyCost;
    lines.push(
      `| ${workload.name} | ${format(cost.callsPerQuery)} | ${systems.map((system) => format(cost.bySystem[system] ?? 0)).join(' | ')} | ` +
        `${workload.neededChainCalls} | ${workload.observedChainCalls} | ${workload.floorMs} | ${workload.timedFloorMs ?? 'n/a'} | ` +
        `${workload.latencyToTimedFloorP50 === null ? 'n/a' : `${format(workload.latencyToTimedFloorP50, 2)}×`} |`,
    );
  }
  return lines.join('\n');
}

/** Reads of read-mostly data asked again after one pass over the same inputs: what the entity cache spares the legacy systems. */
function warmCacheTable(report: OmnichannelReport): string {
  const lines = [
    '| workload | queries | without a legacy call | share | calls/query | calls by operation |',
    '| --- | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const workload of report.workloads) {
    const cost = workload.warmCacheCost;
    if (!cost) continue;
    const byOperation = Object.entries(cost.byOperation).map(([operation, count]) => `${operation} ${count}`);
    lines.push(
      `| ${workload.name} | ${cost.queries} | ${cost.queriesWithoutCalls} | ${format((100 * cost.queriesWithoutCalls) / cost.queries, 0)}% | ` +
        `${format(cost.callsPerQuery, 2)} | ${byOperation.join(', ') || 'none'} |`,
    );
  }
  return lines.join('\n');
}

function chainSection(workload: WorkloadReport): string {
  const observed = workload.legacyCost.observedChain;
  const perQuery = observed.chainCallsPerQuery;
  const lines = [
    `### ${workload.name}`,
    '',
    `Needed: ${workload.neededChainCalls} dependent call${workload.neededChainCalls === 1 ? '' : 's'}.`,
    '',
    ...workload.neededChain.map((step, index) => `${index + 1}. ${step.calls}: ${step.reason}.`),
    '',
    `Observed: ${observed.chainCalls} calls on the longest chain (per query ${Math.min(...perQuery)}-${Math.max(...perQuery)}): ${observed.chainOps.join(' → ')}.`,
    '',
    'Calls per query by operation: ' +
      Object.entries(workload.legacyCost.byOperation)
        .map(([operation, count]) => `${operation} ${count}`)
        .join(', ') +
      '.',
  ];
  if (workload.legacyCost.failures > 0)
    lines.push('', `${workload.legacyCost.failures} of the ${workload.legacyCost.queries} measured queries failed.`);
  return lines.join('\n');
}

/** The lowest and highest 1-minute load average seen before a row. */
function loadRange(report: OmnichannelReport): string {
  const loads = report.workloads.flatMap((workload) => workload.rows.map((row) => row.loadAverageBefore[0]));
  return loads.length === 0 ? 'n/a' : `${format(Math.min(...loads), 2)}-${format(Math.max(...loads), 2)}`;
}

export function markdownReport(report: OmnichannelReport, chartFile: string): string {
  const { machine, settings, world } = report;
  const requests = settings.requests === null ? 'up to 60 requests (checkout 30)' : `up to ${settings.requests} requests`;
  return [
    `# Omnichannel bench, ${report.startedAt}`,
    '',
    `Machine: ${describeMachine(machine)}. Omnigraph (${SUBGRAPHS.length} subgraphs and the gateway, in production mode) runs in one child process, ` +
      `the ${LEGACY_SYSTEMS.length} stand-ins in another, the load generator in the runner. ${describePinning('Omnigraph', 'the stand-ins and the load generator')} ` +
      `Load average before the rows: ${loadRange(report)} (the JSON has it per row).`,
    '',
    `Settings: ${world.size} world, seed ${world.seed} (seeding ${format(world.seedingMs / 1000)} s${world.seedReused ? ', kept from an earlier run' : ''}); ` +
      `every stand-in call delayed ${settings.legacyLatencyMs} ± ${settings.legacyJitterMs} ms; closed loop at concurrency ${settings.concurrency.join(', ')}; ` +
      `per row ${requests}, capped at ${settings.rowCapMs / 1000} s, after untimed warm-up requests (${settings.warmupRequests}); legacy calls and chains from ` +
      `${settings.costQueries} queries at concurrency 1, one at a time. Background work on timers: ${settings.backgroundFollowers}. ` +
      `System ready in ${format(report.systemStartMs / 1000)} s.`,
    '',
    `Latency is the client's: from sending the request to reading the whole answer. Every answer is checked (HTTP 200, no errors, the ` +
      `right data; a checkout needs an order number and no userErrors); failures are not throughput. Floor: the fewest dependent legacy ` +
      `calls the query needs × ${settings.legacyLatencyMs} ms, the stand-ins' mean latency. Timed floor: the same needed steps timed ` +
      `as the stand-ins served each of the legacy cost's queries (each step's slowest call, summed; the median over the queries): a step ` +
      `of parallel calls waits for its slowest, and the stand-ins' own work counts. No query making these calls can answer faster than ` +
      `either; latency/timed floor is each of those queries' latency over its own timed floor (the median).`,
    '',
    `![latency against concurrency](${chartFile})`,
    '',
    ...report.workloads.flatMap((workload) => [
      `## ${workload.name}: \`${workload.operation}\``,
      '',
      `Floor ${workload.floorMs} ms (${workload.neededChainCalls} dependent legacy call${workload.neededChainCalls === 1 ? '' : 's'} needed; ` +
        `Omnigraph's longest chain: ${workload.observedChainCalls}); timed floor ${workload.timedFloorMs === null ? 'n/a (its steps repeat operations)' : `${workload.timedFloorMs} ms`}.`,
      '',
      workloadTable(workload),
      '',
    ]),
    '## Legacy calls per query',
    '',
    costTable(report),
    '',
    '## Legacy calls with the entity cache warm',
    '',
    `Each input of the legacy cost's kind (${settings.costQueries} not asked before) asked once, then counted asked again, one at a time: the ` +
      "entity cache (the catalogue 5 min, stock figures 30 s, customers' CRM partner records 5 min, each dropped by its change events) answers " +
      'what it holds. The target: 90% or more of near-me and catalogue reads need no legacy call. Customer 360 keeps reading what changes ' +
      'with every visit (cards and points, tickets, carts, orders): only the profile comes from the cache.',
    '',
    warmCacheTable(report),
    '',
    '## Chains: needed and observed',
    '',
    "Needed: the dependent calls the query cannot do without, given what each legacy API can look records up by. Observed: from the stand-ins' " +
      'traces, the chain with the most legacy time, where a call waited for another if it started after that one ended (so it shows how ' +
      'Omnigraph sequences its calls, not only what each call needs).',
    '',
    ...report.workloads.flatMap((workload) => [chainSection(workload), '']),
  ].join('\n');
}

/** Writes the stamped and latest files; answers what to print. */
export function writeResults(report: OmnichannelReport, resultsDir: string): string {
  mkdirSync(resultsDir, { recursive: true });
  const stamp = report.startedAt.replace(/[:.]/g, '-');
  const svg = latencyChartSvg(
    `Omnichannel latency against concurrency (stand-ins ${report.settings.legacyLatencyMs} ± ${report.settings.legacyJitterMs} ms)`,
    report.workloads.map((workload) => ({ name: workload.name, points: workload.rows })),
  );
  const json = `${JSON.stringify(report, null, 2)}\n`;
  for (const name of [`omnichannel-${stamp}`, 'omnichannel-latest']) {
    writeFileSync(resolve(resultsDir, `${name}.json`), json);
    writeFileSync(resolve(resultsDir, `${name}.md`), markdownReport(report, `${name}.svg`));
    writeFileSync(resolve(resultsDir, `${name}.svg`), svg);
  }
  return `${markdownReport(report, 'omnichannel-latest.svg')}\nwritten to bench/results/omnichannel-${stamp}.{json,md,svg} and omnichannel-latest.{json,md,svg}`;
}
