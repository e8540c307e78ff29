import { buildPartnerGatewayServer } from './partner-server';
import { serveGateway } from './serve';

/** The partner gateway as its own process: PARTNER_GATEWAY_PORT (4100), beside the main gateway's 4000. */
serveGateway(() => buildPartnerGatewayServer(), Number(process.env.PARTNER_GATEWAY_PORT ?? 4100), 'Omnigraph partner gateway');
