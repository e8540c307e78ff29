import { adminHeaders } from '../kit/admin';
import { runAsProcess, StandInEntry } from '../kit/main';
import { buildApp, ENV_PREFIX, SYSTEM } from './app';

export const entry: StandInEntry = {
  system: SYSTEM,
  envPrefix: ENV_PREFIX,
  defaultPort: 8090,
  build: (db, env) => buildApp({ db, env, logger: true }),
};

/**
 * The seller's callback URL, set as the seller does once in the platform's partner console: the
 * marketplace subgraph's push route (`/marketplace/push`), once it listens.
 */
export async function registerCallback(standInUrl: string, subgraphBaseUrl: string, env: NodeJS.ProcessEnv): Promise<void> {
  const response = await fetch(`${standInUrl}/__admin/push`, {
    method: 'PUT',
    headers: { ...adminHeaders(env), 'content-type': 'application/json' },
    body: JSON.stringify({ url: `${subgraphBaseUrl}/marketplace/push` }),
  });
  if (!response.ok) throw new Error(`the marketplace stand-in refused the callback URL: ${response.status}`);
}

if (require.main === module) runAsProcess(entry);
