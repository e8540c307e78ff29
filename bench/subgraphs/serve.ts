import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { DocumentNode, execute, parse } from 'graphql';
import { CALLER_HEADER, REQUEST_ID_HEADER, SIGNATURE_HEADER, gatewaySecret, verifyRequest } from '../../lib/signature';
import { BENCH_SUBGRAPHS } from './index';

function headerOf(request: IncomingMessage, name: string): string {
  const value = request.headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((done, fail) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => done(Buffer.concat(chunks).toString('utf8')));
    request.on('error', fail);
  });
}

function send(response: ServerResponse, status: number, body: string): void {
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  response.end(body);
}

/**
 * One bench subgraph as its own child process: `serve.ts <name>`. It plays the fast subgraphs of
 * the public benchmark: the data is fixed, so each distinct request body is executed once and its
 * answer replayed, and what is measured is the gateway, not graphql-js in the subgraphs. A
 * request that carries Omnigraph's signature must pass the same check production subgraphs make
 * (lib/signature.ts); Apollo Gateway and Hive Gateway do not sign, so theirs carry none.
 */
async function main(): Promise<void> {
  const entry = BENCH_SUBGRAPHS.find(({ service }) => service.name === process.argv[2]);
  if (!entry) throw new Error(`unknown bench subgraph ${process.argv[2]}`);
  const { service } = entry;
  const schema = buildSubgraphSchema([{ typeDefs: parse(service.typeDefs), resolvers: service.resolvers as GraphQLResolverMap<unknown> }]);
  const secret = gatewaySecret();
  const documents = new Map<string, DocumentNode>();
  const answers = new Map<string, string>();

  const answer = async (body: string): Promise<string> => {
    const { query, variables } = JSON.parse(body) as { query: string; variables?: Record<string, unknown> };
    let document = documents.get(query);
    if (!document) documents.set(query, (document = parse(query)));
    const result = await execute({ schema, document, variableValues: variables });
    return JSON.stringify(result);
  };

  const server = createServer((request, response) => {
    if (request.method === 'GET' && request.url === '/health')
      return send(response, 200, JSON.stringify({ status: 'ok', subgraph: service.name }));
    if (request.method !== 'POST' || request.url !== '/graphql') return send(response, 404, '{}');
    readBody(request)
      .then(async (body) => {
        const signature = headerOf(request, SIGNATURE_HEADER);
        const parts = { requestId: headerOf(request, REQUEST_ID_HEADER), caller: headerOf(request, CALLER_HEADER), body };
        if (signature && !verifyRequest(secret, signature, parts)) {
          return send(response, 401, JSON.stringify({ errors: [{ message: 'bad signature', extensions: { code: 'UNAUTHENTICATED' } }] }));
        }
        let cached = answers.get(body);
        if (cached === undefined) answers.set(body, (cached = await answer(body)));
        send(response, 200, cached);
      })
      .catch(() => send(response, 400, JSON.stringify({ errors: [{ message: 'bad request' }] })));
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((done) => server.listen(entry.port, '127.0.0.1', done));
  process.once('SIGTERM', () => server.close(() => process.exit(0)));
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
