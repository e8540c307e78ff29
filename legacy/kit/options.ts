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
  /** Time for new records; default the wall clock. */
  clock?: () => Date;
}
