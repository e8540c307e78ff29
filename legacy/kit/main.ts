import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { Db, openDatabase } from './db';

export interface StandInEntry {
  /** crm, pos, ecommerce, warehouse: names the data file and the admin answers. */
  system: string;
  /** Prefix of its environment variables: CRM, POS, ECOMMERCE, WAREHOUSE. */
  envPrefix: string;
  defaultPort: number;
  /** Builds the app on its data; credentials, knobs and the clock come from `env`. */
  build(db: Db, env: NodeJS.ProcessEnv): FastifyInstance | Promise<FastifyInstance>;
}

/** The data folder the seed writes to and the stand-ins read from. */
export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.LEGACY_DATA_DIR ?? 'data');
}

export function databasePath(entry: Pick<StandInEntry, 'system' | 'envPrefix'>, env: NodeJS.ProcessEnv = process.env): string {
  return env[`${entry.envPrefix}_DB`] ?? resolve(dataDir(env), `${entry.system}.sqlite`);
}

export function portOf(entry: Pick<StandInEntry, 'envPrefix' | 'defaultPort'>, env: NodeJS.ProcessEnv = process.env): number {
  return Number(env[`${entry.envPrefix}_PORT`] ?? entry.defaultPort);
}

/** Opens the stand-in's data file, starts listening, and closes cleanly on SIGINT/SIGTERM. */
export async function startStandIn(entry: StandInEntry, env: NodeJS.ProcessEnv = process.env): Promise<FastifyInstance> {
  const path = databasePath(entry, env);
  if (path !== ':memory:' && !existsSync(path)) {
    throw new Error(`${entry.system}: no data at ${path}; run \`npm run seed\` first`);
  }
  const db = openDatabase(path);
  const app = await entry.build(db, env);
  app.addHook('onClose', async () => db.close());
  await app.listen({ host: env.LEGACY_HOST ?? '127.0.0.1', port: portOf(entry, env) });
  return app;
}

/** Entry point for `tsx legacy/<system>/main.ts`: one stand-in as its own process. */
export function runAsProcess(entry: StandInEntry): void {
  startStandIn(entry).then(
    (app) => {
      const address = app.server.address();
      const port = typeof address === 'object' && address ? address.port : entry.defaultPort;
      console.log(`${entry.system} stand-in listening on http://127.0.0.1:${port}`);
      const stop = () => void app.close().then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    },
    (error: Error) => {
      console.error(error.message);
      process.exit(1);
    },
  );
}
