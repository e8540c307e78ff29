import { Agent } from 'undici';
import { gatewaySecret } from '../../lib/signature';
import { SubgraphDataSource } from '../datasource';
import type { GatewayPlugin } from '../plugin';
import { subgraphUrl } from '../../lib/subgraph-locations';

/**
 * How the gateway calls subgraphs: signed with the secret it shares with them, bounded by
 * SUBGRAPH_TIMEOUT_MS, at `<NAME>_SUBGRAPH_URL` when set, over one keep-alive connection pool per
 * subgraph shared by every request and schema reload.
 */
export function useSubgraphTransport(env: NodeJS.ProcessEnv): GatewayPlugin {
  const secret = gatewaySecret(env);
  const timeoutMs = Number(env.SUBGRAPH_TIMEOUT_MS ?? 8_000);
  const connections = new Agent();
  return {
    name: 'subgraph-transport',
    gateway: {
      buildService: ({ name, url }) => new SubgraphDataSource(name, subgraphUrl(name, url ?? '', env), secret, timeoutMs, connections),
    },
    close: () => connections.close(),
  };
}
