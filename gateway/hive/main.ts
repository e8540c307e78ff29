import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { resolve } from 'node:path';
import { createGatewayRuntime } from '@graphql-hive/gateway';
import { DEFAULT_PORTS } from '../../lib/subgraph-locations';
import { omnigraphOnHive } from './config';

/**
 * Hive Gateway on Omnigraph's supergraph, as its own process (docs/ARCHITECTURE.md, "Running on
 * another gateway"): HIVE_GATEWAY_PORT (4200), SUPERGRAPH_PATH (schema/supergraph.graphql),
 * subgraph URLs from the supergraph or <NAME>_SUBGRAPH_URL, the provider and secret as the gateway's.
 */
const supergraph = readFileSync(process.env.SUPERGRAPH_PATH ?? resolve(__dirname, '../../schema/supergraph.graphql'), 'utf8');
const gateway = createGatewayRuntime(omnigraphOnHive(supergraph, process.env));
const server = createServer(gateway);
const port = Number(process.env.HIVE_GATEWAY_PORT ?? DEFAULT_PORTS.hiveGateway);
server.listen(port, process.env.GATEWAY_HOST ?? '127.0.0.1', () => console.log(`Hive Gateway on http://127.0.0.1:${port}/graphql`));
const stop = async () => {
  await new Promise((closed) => server.close(closed));
  await gateway.dispose();
  process.exit(0);
};
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stop());
