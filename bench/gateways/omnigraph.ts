import { buildGatewayServer } from '../../gateway/server';

/** Omnigraph's gateway as built for production (env from the runner: NODE_ENV, secrets, SUPERGRAPH_PATH). */
async function main(): Promise<void> {
  const app = await buildGatewayServer({ supergraphPath: process.env.SUPERGRAPH_PATH });
  await app.listen({ host: '127.0.0.1', port: Number(process.env.BENCH_GATEWAY_PORT) });
  process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
