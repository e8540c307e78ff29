import type { Clock } from '../../lib/clock';
import type { Db } from './db';
import type { Knobs } from './knobs';

/** What every stand-in's buildApp takes. */
export interface StandInOptions {
  db: Db;
  /** Overrides the knobs read from the environment. */
  knobs?: Partial<Knobs>;
  logger?: boolean;
  /** Credentials and knobs are read from here; default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Business time (new records, today); default the system clock from `env` (lib/clock.ts). */
  clock?: Clock;
}
