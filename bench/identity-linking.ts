import { generateWorld } from '../legacy/seed/world';
import { CustomerDirectory, scoreRecords } from '../subgraphs/identity/directory';
import { measureLinking, recordsOf } from '../tests/support/identity-quality';

/**
 * `BENCH_PARTS=identity npm run bench`: who is who on the large world, against its ground truth
 * (households sharing a phone, family emails, name variants, typos, store phones, changed phones):
 * the confusion counts of linked record pairs, and how long linking every record takes.
 */
export function runIdentityBench(seed = Number(process.env.BENCH_IDENTITY_SEED ?? 42)): string {
  const world = generateWorld({ seed, size: 'large' });
  const records = recordsOf(world);
  const started = process.hrtime.bigint();
  const directory = new CustomerDirectory(scoreRecords(records));
  const linkMs = Number(process.hrtime.bigint() - started) / 1e6;
  const quality = measureLinking(directory.clusters, world.truth);
  const rows = [
    ['records', records.length],
    ['customers', directory.clusters.length],
    ['true same-person pairs', quality.truePairs],
    ['linked pairs', quality.linkedPairs],
    ['true positives', quality.correctPairs],
    ['false positives (different people linked)', quality.linkedPairs - quality.correctPairs],
    ['false negatives (one person left apart)', quality.truePairs - quality.correctPairs],
    ['precision', quality.precision.toFixed(4)],
    ['recall', quality.recall.toFixed(4)],
    ['linked with different names and different emails', quality.differentNamesAndEmails],
    ['suspected duplicates for stewards', directory.suspectedDuplicates.length],
    ['linking every record (ms)', Math.round(linkMs)],
  ];
  return [
    `## Who is who: seed ${seed}, large world`,
    '',
    '| Measure | Value |',
    '| --- | --- |',
    ...rows.map(([k, v]) => `| ${k} | ${v} |`),
  ].join('\n');
}
