import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { buildGatewayServer } from '../../gateway/server';
import { errorCodes, execute, GraphQLAnswer } from '../support/graphql';

/** Nothing from inside the server: stack frames, file names, the planner's or the schema's words. */
const INTERNALS = /stacktrace|\.ts:|\.js:|node_modules|root type|INVALID_GRAPHQL|supergraph|INTERNAL_SERVER_ERROR/i;

/** Documents the gateway refuses before planning; no subgraph is needed to see how. */
describe('operations the gateway refuses', () => {
  let gateway: FastifyInstance;
  let url: string;
  beforeAll(async () => {
    gateway = await buildGatewayServer();
    await gateway.listen({ host: '127.0.0.1', port: 0 });
    url = `http://127.0.0.1:${(gateway.server.address() as AddressInfo).port}/graphql`;
  });
  afterAll(() => gateway.close());

  const expectRefused = (answer: GraphQLAnswer<unknown>, code: string, message: RegExp) => {
    expect(answer.status).toBe(400);
    expect(answer.data ?? null).toBeNull();
    expect(errorCodes(answer)).toEqual([code]);
    expect(answer.errors?.[0].message).toMatch(message);
    expect(JSON.stringify(answer.errors)).not.toMatch(INTERNALS);
  };

  it('refuses a document over the token limit (MAX_QUERY_TOKENS, 3000) as one that does not parse: 400 GRAPHQL_PARSE_FAILED', async () => {
    const flood = `{ ${'__typename '.repeat(3_000)}}`;
    expectRefused(await execute(url, flood), 'GRAPHQL_PARSE_FAILED', /more th\w+ 3000 tokens/);
    // 3000 tokens parse (graphql-js's validation then refuses 2998 copies of one field, for its own reasons).
    const atTheLimit = await execute(url, `{ ${'__typename '.repeat(2_998)}}`);
    expect(errorCodes(atTheLimit)).not.toContain('GRAPHQL_PARSE_FAILED');
  });

  it('refuses a document with a syntax error with 400 GRAPHQL_PARSE_FAILED', async () => {
    expectRefused(await execute(url, '{ __typename '), 'GRAPHQL_PARSE_FAILED', /Syntax Error/);
  });

  it('refuses a subscription sent as a plain request while validating: 400 GRAPHQL_VALIDATION_FAILED, saying where subscriptions are served', async () => {
    expectRefused(
      await execute(url, 'subscription { stockChanged(skus: ["X"]) { sku } }'),
      'GRAPHQL_VALIDATION_FAILED',
      /^Subscriptions are served on a stream: a WebSocket to this endpoint \(graphql-ws\), or a request that accepts text\/event-stream \(SSE\)/,
    );
    const named = await execute(url, 'query Q { __typename } subscription S { stockChanged(skus: ["X"]) { sku } }');
    expect(named.status).toBe(400);
    expect(errorCodes(named)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });
});

describe('a lower token limit', () => {
  let gateway: FastifyInstance;
  beforeAll(async () => {
    gateway = await buildGatewayServer({ env: { ...process.env, MAX_QUERY_TOKENS: '10' } });
  });
  afterAll(() => gateway.close());

  it('is read from MAX_QUERY_TOKENS', async () => {
    const post = (query: string) =>
      gateway.inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json' }, payload: { query } });
    expect((await post('{ a: __typename b: __typename }')).statusCode).toBe(200); // 8 tokens
    const over = await post('{ a: __typename b: __typename c: __typename }'); // 11
    expect(over.statusCode).toBe(400);
    expect(over.json()).toMatchObject({ errors: [{ extensions: { code: 'GRAPHQL_PARSE_FAILED' } }] });
  });
});
