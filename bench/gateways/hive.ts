import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createGatewayRuntime } from '@graphql-hive/gateway';

/**
 * Hive Gateway's runtime on a plain node http server, with its defaults, or with inbound in-flight
 * deduplication on (HIVE_INFLIGHT_DEDUPLICATION=true), as the public benchmark runs it: identical
 * requests in flight at once share one execution.
 */
async function main(): Promise<void> {
  const gateway = createGatewayRuntime({
    supergraph: readFileSync(process.env.SUPERGRAPH_PATH ?? '', 'utf8'),
    logging: 'error',
    inboundInflightRequestDeduplication: process.env.HIVE_INFLIGHT_DEDUPLICATION === 'true',
  });
  const server = createServer(gateway);
  await new Promise<void>((resolve) => server.listen(Number(process.env.BENCH_GATEWAY_PORT), '127.0.0.1', resolve));
  process.once('SIGTERM', () => server.close(() => process.exit(0)));
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
