import type { FastifyInstance } from 'fastify';

/** Runs a gateway as its own process on `port` until SIGINT or SIGTERM; a failed start exits 1 with its reason. */
export function serveGateway(build: () => Promise<FastifyInstance>, port: number, name: string): void {
  const start = async () => {
    const app = await build();
    await app.listen({ host: process.env.GATEWAY_HOST ?? '127.0.0.1', port });
    console.log(`${name} on http://127.0.0.1:${port}/graphql`);
    const stop = () => void app.close().then(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  };
  start().catch((error: Error) => {
    console.error(error.message);
    process.exit(1);
  });
}
