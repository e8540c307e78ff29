import { buildSubgraphServer } from '../../lib/subgraph';
import { CALLER_HEADER, REQUEST_ID_HEADER, SIGNATURE_HEADER, gatewaySecret, signRequest } from '../../lib/signature';
import { BENCH_SUBGRAPHS } from './index';

function headerOf(headers: Record<string, string | string[] | undefined>, name: string): string {
  const value = headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

/**
 * One bench subgraph as its own child process: `serve.ts <name>`, always the production server
 * of lib/subgraph.ts, which only answers signed requests. For gateways that do not sign
 * (BENCH_SIGN_ON_ARRIVAL=1) the request is signed here after its body is read and before the
 * server verifies it, so every gateway meets the same subgraph code; those subgraphs pay one
 * extra HMAC per request (microseconds).
 */
async function main(): Promise<void> {
  const entry = BENCH_SUBGRAPHS.find(({ service }) => service.name === process.argv[2]);
  if (!entry) throw new Error(`unknown bench subgraph ${process.argv[2]}`);
  const app = await buildSubgraphServer(entry.service);
  if (process.env.BENCH_SIGN_ON_ARRIVAL === '1') {
    const secret = gatewaySecret();
    app.addHook('preValidation', async (request) => {
      request.headers[SIGNATURE_HEADER] = signRequest(secret, {
        requestId: headerOf(request.headers, REQUEST_ID_HEADER),
        caller: headerOf(request.headers, CALLER_HEADER),
        body: request.rawBody ?? '',
      });
    });
  }
  await app.listen({ host: '127.0.0.1', port: entry.port });
  process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
