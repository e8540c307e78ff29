import { startTracing } from '../lib/tracing';
import { buildPartnerGatewayServer } from './partner-server';
import { serveGateway } from './serve';

/** The partner gateway as its own process: PARTNER_GATEWAY_PORT (4100), beside the main gateway's 4000. */
serveGateway(
  async () => {
    // In each process that serves (every worker): traced when the environment configures it (lib/tracing.ts).
    const tracing = startTracing({ service: 'partner-gateway' });
    const app = await buildPartnerGatewayServer();
    if (tracing) app.addHook('onClose', () => tracing.stop());
    return app;
  },
  Number(process.env.PARTNER_GATEWAY_PORT ?? 4100),
  'Omnigraph partner gateway',
);
