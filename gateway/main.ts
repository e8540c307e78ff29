import { buildGatewayServer } from './server';

/** The gateway as its own process: GATEWAY_PORT (4000), subgraph URLs from the supergraph or <NAME>_SUBGRAPH_URL. */
async function main(): Promise<void> {
  const app = await buildGatewayServer();
  const port = Number(process.env.GATEWAY_PORT ?? 4000);
  await app.listen({ host: process.env.GATEWAY_HOST ?? '127.0.0.1', port });
  console.log(`Omnigraph gateway on http://127.0.0.1:${port}/graphql`);
  const stop = () => void app.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
