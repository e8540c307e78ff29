import { runAsProcess, StandInEntry } from '../kit/main';
import { buildApp, ENV_PREFIX, SYSTEM } from './app';

export const entry: StandInEntry = {
  system: SYSTEM,
  envPrefix: ENV_PREFIX,
  defaultPort: 8090,
  build: (db, env) => buildApp({ db, env, logger: true }),
};

if (require.main === module) runAsProcess(entry);
