import { ApolloServer } from '@apollo/server';
import { useLimits } from '../../gateway/plugins/limits';

const TYPE_DEFS = 'type Query { node: Node } type Node { id: ID next: Node }';

/** An Apollo Server over a small schema with only the limits plugin; counts the fields it resolves. */
async function limited(env: NodeJS.ProcessEnv) {
  let resolved = 0;
  const node = () => {
    resolved += 1;
    return { id: 'n' };
  };
  const server = new ApolloServer({ typeDefs: TYPE_DEFS, resolvers: { Query: { node }, Node: { next: node } }, ...useLimits(env).apollo });
  await server.start();
  const ask = async (query: string) => {
    const { http, body } = await server.executeOperation({ query });
    if (body.kind !== 'single') throw new Error('expected a single result');
    return {
      status: http.status ?? 200,
      errors: (body.singleResult.errors ?? []).map((e) => ({ code: e.extensions?.code, message: e.message })),
    };
  };
  return { server, ask, resolved: () => resolved };
}

const nested = (depth: number) => `{ node { ${'next { '.repeat(depth - 2)}id${' }'.repeat(depth - 2)} } }`;
const aliased = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: node { id }`).join(' ')} }`;

describe('the limits plugin', () => {
  const servers: Awaited<ReturnType<typeof limited>>[] = [];
  afterAll(() => Promise.all(servers.map((s) => s.server.stop())));
  const gateway = async (env: NodeJS.ProcessEnv = {}) => {
    servers.push(await limited(env));
    return servers[servers.length - 1];
  };

  /** Answers HTTP 400 with exactly one error, and nothing was resolved. */
  const expectRefused = async (env: NodeJS.ProcessEnv, query: string, code: string, message: RegExp) => {
    const server = await gateway(env);
    const { status, errors } = await server.ask(query);
    expect(status).toBe(400);
    expect(errors).toEqual([{ code, message: expect.stringMatching(message) }]);
    expect(server.resolved()).toBe(0);
  };
  const expectServed = async (env: NodeJS.ProcessEnv, query: string) =>
    expect(await (await gateway(env)).ask(query)).toEqual({ status: 200, errors: [] });

  it('refuses a query deeper than MAX_QUERY_DEPTH (12) while validating', async () => {
    await expectServed({}, nested(12));
    await expectRefused({}, nested(13), 'GRAPHQL_VALIDATION_FAILED', /^Syntax Error: Query depth limit of 12 exceeded, found 13\.$/);
    await expectServed({ MAX_QUERY_DEPTH: '3' }, nested(3));
    await expectRefused({ MAX_QUERY_DEPTH: '3' }, nested(4), 'GRAPHQL_VALIDATION_FAILED', /depth limit of 3/);
  });

  it('refuses more aliases than MAX_QUERY_ALIASES (20)', async () => {
    await expectServed({}, aliased(20));
    await expectRefused({}, aliased(21), 'GRAPHQL_VALIDATION_FAILED', /^Syntax Error: Aliases limit of 20 exceeded, found 21\.$/);
    await expectRefused({ MAX_QUERY_ALIASES: '2' }, aliased(3), 'GRAPHQL_VALIDATION_FAILED', /Aliases limit of 2 exceeded/);
  });

  it('refuses a costlier query than MAX_QUERY_COST', async () => {
    await expectServed({ MAX_QUERY_COST: '10' }, nested(3)); // costs 7.25
    await expectRefused({ MAX_QUERY_COST: '10' }, nested(4), 'GRAPHQL_VALIDATION_FAILED', /^Syntax Error: Query Cost limit of 10 exceeded/);
  });

  it('refuses more than 20 directives', async () => {
    const directives = (n: number) => `{ node { ${'id @include(if: true) '.repeat(n)}} }`;
    await expectServed({}, directives(20));
    await expectRefused({}, directives(21), 'GRAPHQL_VALIDATION_FAILED', /^Syntax Error: Directives limit of 20 exceeded, found 21\.$/);
  });

  it('stops parsing past MAX_QUERY_TOKENS (3000): a document over it does not parse', async () => {
    // 3000 tokens parse (validation then refuses 2998 copies of one field, for reasons of its own).
    const atTheLimit = await (await gateway()).ask(`{ ${'__typename '.repeat(2_998)}}`);
    expect(atTheLimit.errors.map((e) => e.code)).not.toContain('GRAPHQL_PARSE_FAILED');
    await expectRefused(
      {},
      `{ ${'__typename '.repeat(2_999)}}`,
      'GRAPHQL_PARSE_FAILED',
      /^Syntax Error: Document contains more that 3000 tokens\. Parsing aborted\.$/,
    );
    await expectServed({ MAX_QUERY_TOKENS: '10' }, '{ a: __typename b: __typename }'); // 8 tokens
    await expectRefused(
      { MAX_QUERY_TOKENS: '10' },
      '{ a: __typename b: __typename c: __typename }',
      'GRAPHQL_PARSE_FAILED',
      /more that 10 tokens/,
    ); // 11
  });

  it('refuses a subscription sent as a plain request, and an operation type the schema does not serve', async () => {
    await expectRefused({}, 'subscription { node { id } }', 'GRAPHQL_VALIDATION_FAILED', /^Subscriptions are served on a stream/);
    await expectRefused({}, 'mutation { node { id } }', 'GRAPHQL_VALIDATION_FAILED', /^This graph serves no mutation operations\.$/);
  });

  it('suggests no field names of the schema', async () => {
    await expectRefused(
      {},
      '{ nod { id } }',
      'GRAPHQL_VALIDATION_FAILED',
      /^Cannot query field "nod" on type "Query"\. \[Suggestion hidden\]\?$/,
    );
  });
});
