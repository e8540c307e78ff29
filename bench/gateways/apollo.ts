import { readFileSync } from 'node:fs';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';

/** Bare @apollo/gateway in @apollo/server's standalone server: the baseline Omnigraph builds on. */
async function main(): Promise<void> {
  const gateway = new ApolloGateway({ supergraphSdl: readFileSync(process.env.SUPERGRAPH_PATH ?? '', 'utf8') });
  const server = new ApolloServer({ gateway });
  await startStandaloneServer(server, { listen: { host: '127.0.0.1', port: Number(process.env.BENCH_GATEWAY_PORT) } });
  process.once('SIGTERM', () => void server.stop().then(() => process.exit(0)));
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
