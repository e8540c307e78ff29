import { ApolloServer } from '@apollo/server';
import { fastifyApolloHandler } from '@as-integrations/fastify';
import Fastify, { FastifyInstance, InjectOptions } from 'fastify';
import { useExplorer } from '../../gateway/plugins/explorer';

const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

/** The GraphQL route as the assembly builds it, with only the explorer plugin, over a one-field schema. */
async function build(env: NodeJS.ProcessEnv) {
  const plugin = useExplorer(env);
  const apollo = new ApolloServer({
    typeDefs: 'type Query { hello: String }',
    resolvers: { Query: { hello: () => 'world' } },
    ...plugin.apollo,
  });
  await apollo.start();
  const app = Fastify();
  plugin.fastify?.(app);
  app.route({
    method: ['GET', 'POST'],
    url: '/graphql',
    preHandler: plugin.preHandler,
    handler: fastifyApolloHandler(apollo, { context: async () => ({ requestId: '', callerHeader: '' }) }),
  });
  app.addHook('onClose', () => apollo.stop());
  return app;
}

/** The endpoint for the tests of one describe block: built before them, closed after. */
function endpoint(env: NodeJS.ProcessEnv) {
  let app: FastifyInstance | undefined;
  beforeAll(async () => {
    app = await build(env);
  });
  afterAll(() => app?.close());
  return { inject: (request: InjectOptions) => app!.inject(request) };
}

const HELLO = { data: { hello: 'world' } };
const post = (query: string) => ({ method: 'POST' as const, url: '/graphql', payload: { query } });
const INTROSPECTION = '{ __schema { queryType { name } } }';

describe('the explorer plugin, outside production', () => {
  const app = endpoint({ NODE_ENV: 'development' });

  it('answers a GET with no operation, or a browser navigating, with the explorer page under a same-origin policy', async () => {
    for (const request of [{ url: '/graphql' }, { url: '/graphql?query=%7B__typename%7D', headers: { accept: BROWSER_ACCEPT } }]) {
      const page = await app.inject(request);
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(page.headers['content-security-policy']).toMatch(/default-src 'self'.*connect-src 'self'/);
      expect(page.body).toContain('<title>Omnigraph explorer</title>');
    }
  });

  it('serves the files the page names, for good, and nothing else', async () => {
    const page = (await app.inject({ url: '/graphql' })).body;
    const files = [...page.matchAll(/(?:src|href)="(explorer\/[^"]+)"/g)].map((m) => m[1]);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const answer = await app.inject({ url: `/${file}` });
      expect(answer.statusCode).toBe(200);
      expect(answer.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    }
    expect((await app.inject({ url: '/explorer/graphiql.0000000000000000.js' })).statusCode).toBe(404);
  });

  it('lets GraphQL through, introspection too (the explorer needs it): a POST, or a GET with an operation from a client', async () => {
    expect((await app.inject(post('{ hello }'))).json()).toEqual(HELLO);
    expect(
      (
        await app.inject({ url: '/graphql?query=%7Bhello%7D', headers: { accept: 'application/json', 'apollo-require-preflight': 'true' } })
      ).json(),
    ).toEqual(HELLO);
    expect((await app.inject(post(INTROSPECTION))).json()).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
  });
});

describe('the explorer plugin, in production', () => {
  const app = endpoint({ NODE_ENV: 'production' });

  it('answers a GET with no operation with 400 BAD_REQUEST, naming no server software', async () => {
    for (const headers of [{}, { accept: BROWSER_ACCEPT }]) {
      const answer = await app.inject({ url: '/graphql', headers });
      expect(answer.statusCode).toBe(400);
      expect(answer.json()).toEqual({
        errors: [{ message: expect.stringMatching(/^This is a GraphQL endpoint/), extensions: { code: 'BAD_REQUEST' } }],
      });
      expect(answer.body).not.toMatch(/apollo|fastify|graphiql|version/i);
    }
  });

  it('lets GraphQL through, and a browser gets GraphQL too: no explorer files, no Apollo landing page', async () => {
    expect((await app.inject(post('{ hello }'))).json()).toEqual(HELLO);
    const browser = await app.inject({
      url: '/graphql?query=%7Bhello%7D',
      headers: { accept: BROWSER_ACCEPT, 'apollo-require-preflight': 'true' },
    });
    expect(browser.headers['content-type']).not.toMatch(/html/);
    expect(browser.json()).toEqual(HELLO);
    expect((await app.inject({ url: '/explorer/start.js' })).statusCode).toBe(404);
  });

  it('refuses introspection', async () => {
    expect((await app.inject(post(INTROSPECTION))).json()).toMatchObject({
      errors: [{ extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }],
    });
  });
});
