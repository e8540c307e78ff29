import { Agent } from 'undici';
import { gatewaySecret } from '../../lib/signature';
import { SubgraphCallObserver, SubgraphDataSource } from '../datasource';
import type { GatewayPlugin } from '../plugin';
import { subgraphUrl } from '../../lib/subgraph-locations';

/**
 * How the gateway calls subgraphs: signed with the secret it shares with them, bounded by
 * SUBGRAPH_TIMEOUT_MS, at `<NAME>_SUBGRAPH_URL` when set, over one keep-alive connection pool per
 * subgraph shared by every request and schema reload. Identical query fetches in flight at once
 * share one call unless OMNIGRAPH_DEDUPLICATE_SUBGRAPH_FETCHES=false. Each call is told to `observer`
 * (the metrics plugin's) when there is one.
 */
export function useSubgraphTransport(env: NodeJS.ProcessEnv, observer?: SubgraphCallObserver): GatewayPlugin {
  const secret = gatewaySecret(env);
  const options = {
    timeoutMs: Number(env.SUBGRAPH_TIMEOUT_MS ?? 8_000),
    deduplicate: env.OMNIGRAPH_DEDUPLICATE_SUBGRAPH_FETCHES !== 'false',
    observer,
  };
  const connections = new Agent();
  return {
    name: 'subgraph-transport',
    gateway: {
      buildService: ({ name, url }) => new SubgraphDataSource(name, subgraphUrl(name, url ?? '', env), secret, options, connections),
    },
    close: () => connections.close(),
  };
}
