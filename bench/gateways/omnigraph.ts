import { serveGateway } from '../../gateway/serve';
import { buildGatewayServer } from '../../gateway/server';

/** Omnigraph's gateway as run in production (env from the runner: NODE_ENV, secrets, SUPERGRAPH_PATH, OMNIGRAPH_GATEWAY_WORKERS). */
serveGateway(
  () => buildGatewayServer({ supergraphPath: process.env.SUPERGRAPH_PATH }),
  Number(process.env.BENCH_GATEWAY_PORT),
  'Omnigraph',
);
