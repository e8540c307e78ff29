import { serveGateway } from './serve';
import { buildGatewayServer } from './server';

/** The gateway as its own process: GATEWAY_PORT (4000), subgraph URLs from the supergraph or <NAME>_SUBGRAPH_URL. */
serveGateway(() => buildGatewayServer(), Number(process.env.GATEWAY_PORT ?? 4000), 'Omnigraph gateway');
