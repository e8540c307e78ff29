import { parseArgs } from 'node:util';
import { clockFromEnv } from '../../lib/clock';
import { dataDir } from '../kit/main';
import { seedAll } from './seed';

const usage = 'usage: npm run seed -- [--seed N] [--size small|large] [--out DIR] [--now ISO-8601]';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '42' },
    size: { type: 'string', default: 'small' },
    out: { type: 'string' },
    now: { type: 'string' },
  },
});
const seed = Number(values.seed);
const size = values.size;
// The present by default, so the system started on it sees live stores; --now pins the moment (and so every row).
const now = values.now === undefined ? clockFromEnv()() : new Date(values.now);
if (!Number.isInteger(seed) || (size !== 'small' && size !== 'large') || (now !== undefined && Number.isNaN(now.getTime()))) {
  console.error(usage);
  process.exit(2);
}
const report = seedAll({ seed, size, outDir: values.out ?? dataDir(), now });
console.log(`seeded ${size} world, seed ${seed}, as of ${now.toISOString()}, in ${(report.millis / 1000).toFixed(1)} s`);
for (const file of [...report.files, report.truthFile]) console.log(`  ${file}`);
