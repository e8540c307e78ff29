import { gatewayBenchBudgetMs, runGatewayBench } from './gateway-overhead';
import { omnichannelBudgetMs, omnichannelOptionsFromEnv, runOmnichannelBench } from './omnichannel/run';
import { runIdentityBench } from './identity-linking';
import { liveBudgetMs, liveOptionsFromEnv, runLiveBench } from './live/run';
import { boundRun, pinRunner } from './processes';
import { runSoak, soakBudgetMs } from './soak';
import { flakyBudgetMs, runFlakyBench } from './flaky';

const PARTS = ['gateways', 'omnichannel', 'identity', 'live', 'soak', 'flaky'];

/**
 * `npm run bench`: part 1, gateway overhead against Apollo Gateway and Hive Gateway; part 2, the
 * omnichannel workload against the stand-ins; part 3, who is who on the large world (linking
 * quality and time); part 4, live updates (1,000 subscribers on one gateway, change-to-subscriber
 * latency, memory per subscription); part 5, a 10-minute soak of the gateway (memory, failures).
 * BENCH_PARTS=gateways, =omnichannel, =identity, =live or =soak runs one.
 * Part 6, flaky (issue 20): 10 minutes of reads with every stand-in failing 20% of calls (BENCH_PARTS=flaky).
 * Everything listens on 127.0.0.1; the run is bounded and ends by itself.
 */
export async function runBench(parts: string[]): Promise<void> {
  const unknown = parts.filter((part) => !PARTS.includes(part));
  if (unknown.length > 0) throw new Error(`BENCH_PARTS: unknown ${unknown.join(', ')} (known: ${PARTS.join(', ')})`);
  const omnichannel = omnichannelOptionsFromEnv();
  const live = parts.includes('live') ? liveOptionsFromEnv() : null;
  boundRun(
    'bench',
    (parts.includes('gateways') ? gatewayBenchBudgetMs() : 0) +
      (parts.includes('omnichannel') ? omnichannelBudgetMs(omnichannel) : 0) +
      (live ? liveBudgetMs(live) : 0) +
      (parts.includes('soak') ? soakBudgetMs() : 0) +
      (parts.includes('flaky') ? flakyBudgetMs() : 0),
  );
  // The load generators run in this process: keep them off Omnigraph's core.
  pinRunner();
  if (parts.includes('gateways')) process.stdout.write(`\n${await runGatewayBench()}\n`);
  if (parts.includes('omnichannel')) process.stdout.write(`\n${await runOmnichannelBench(omnichannel)}\n`);
  if (parts.includes('identity')) process.stdout.write(`\n${runIdentityBench()}\n`);
  if (live) process.stdout.write(`\n${await runLiveBench(live)}\n`);
  if (parts.includes('soak')) process.stdout.write(`\n${await runSoak()}\n`);
  if (parts.includes('flaky')) process.stdout.write(`\n${await runFlakyBench()}\n`);
}

/** Runs the parts and exits: 0 when they all finished, 1 on any failure. */
export function runBenchAndExit(parts: string[]): void {
  runBench(parts)
    .then(() => process.exit(0))
    .catch((error: Error) => {
      console.error(error);
      process.exit(1);
    });
}

if (require.main === module) runBenchAndExit((process.env.BENCH_PARTS ?? PARTS.join(',')).split(',').map((part) => part.trim()));
