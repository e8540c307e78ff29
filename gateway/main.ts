import { startTracing } from '../lib/tracing';
import { serveGateway } from './serve';
import { buildGatewayServer } from './server';

/** The gateway as its own process: GATEWAY_PORT (4000), subgraph URLs from the supergraph or <NAME>_SUBGRAPH_URL. */
serveGateway(
  async () => {
    // In each process that serves (every worker): traced when the environment configures it (lib/tracing.ts).
    const tracing = startTracing({ service: 'gateway' });
    const app = await buildGatewayServer();
    if (tracing) app.addHook('onClose', () => tracing.stop());
    return app;
  },
  Number(process.env.GATEWAY_PORT ?? 4000),
  'Omnigraph gateway',
);
