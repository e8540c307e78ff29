import { existsSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { clockFromEnv } from '../lib/clock';
import { dataDir, databasePath, portOf, startStandIn } from './kit/main';
import { seedAll } from './seed/seed';
import { LEGACY_SYSTEMS } from './systems';

/**
 * Seeds the small world (LEGACY_SEED, default 42) when any stand-in's data file is missing, as of
 * the present: its history lies behind today and its stores are trading today, on whatever date.
 */
export function ensureSeeded(env: NodeJS.ProcessEnv = process.env): void {
  if (LEGACY_SYSTEMS.every(({ entry }) => existsSync(databasePath(entry, env)))) return;
  const report = seedAll({ seed: Number(env.LEGACY_SEED ?? 42), size: 'small', outDir: dataDir(env), now: clockFromEnv(env)() });
  console.log(`seeded the small world into ${dataDir(env)} in ${(report.millis / 1000).toFixed(1)} s`);
}

/** Starts the stand-ins in one process on their own ports, seeding them first if needed. */
export async function startLegacySystems(env: NodeJS.ProcessEnv = process.env): Promise<FastifyInstance[]> {
  ensureSeeded(env);
  const apps: FastifyInstance[] = [];
  for (const { entry } of LEGACY_SYSTEMS) {
    apps.push(await startStandIn(entry, env));
    console.log(`${entry.system.padEnd(12)} http://127.0.0.1:${portOf(entry, env)}`);
  }
  return apps;
}

if (require.main === module) {
  startLegacySystems().then(
    (apps) => {
      const stop = () => void Promise.all(apps.map((app) => app.close())).then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    },
    (error: Error) => {
      console.error(error.message);
      process.exit(1);
    },
  );
}
