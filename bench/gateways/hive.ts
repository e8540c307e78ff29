import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createGatewayRuntime } from '@graphql-hive/gateway';

/**
 * Hive Gateway's runtime on a plain node http server, with its defaults: inbound in-flight
 * deduplication stays off (its default), so it does not collapse the repeated deep query.
 */
async function main(): Promise<void> {
  const gateway = createGatewayRuntime({ supergraph: readFileSync(process.env.SUPERGRAPH_PATH ?? '', 'utf8'), logging: 'error' });
  const server = createServer(gateway);
  await new Promise<void>((resolve) => server.listen(Number(process.env.BENCH_GATEWAY_PORT), '127.0.0.1', resolve));
  process.once('SIGTERM', () => server.close(() => process.exit(0)));
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
