import { buildPartnerGatewayServer } from './partner-server';

/** The partner gateway as its own process: PARTNER_GATEWAY_PORT (4100), beside the main gateway's 4000. */
async function main(): Promise<void> {
  const app = await buildPartnerGatewayServer();
  const port = Number(process.env.PARTNER_GATEWAY_PORT ?? 4100);
  await app.listen({ host: process.env.GATEWAY_HOST ?? '127.0.0.1', port });
  console.log(`Omnigraph partner gateway on http://127.0.0.1:${port}/graphql`);
  const stop = () => void app.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
