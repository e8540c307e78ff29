import Fastify from 'fastify';
import { useCors } from '../../gateway/plugins/cors';

const CONSOLE = 'http://127.0.0.1:4300';

describe('the CORS plugin', () => {
  const app = Fastify();
  useCors({ OMNIGRAPH_CORS_ORIGINS: `${CONSOLE}, https://console.retailer.vn` }).fastify!(app);
  app.post('/graphql', async () => ({ data: { __typename: 'Query' } }));
  afterAll(() => app.close());

  const preflight = (origin: string) =>
    app.inject({
      method: 'OPTIONS',
      url: '/graphql',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });

  it("lets a listed origin's browser call the graph with a token: the preflight allows the method and headers, and is cached", async () => {
    const answer = await preflight(CONSOLE);
    expect(answer.statusCode).toBe(204);
    expect(answer.headers['access-control-allow-origin']).toBe(CONSOLE);
    expect(String(answer.headers['access-control-allow-methods'])).toContain('POST');
    expect(String(answer.headers['access-control-allow-headers']).toLowerCase()).toContain('authorization');
    expect(answer.headers['access-control-max-age']).toBe('600');
    // Tokens are headers, never cookies: no credentials mode.
    expect(answer.headers['access-control-allow-credentials']).toBeUndefined();
    const call = await app.inject({ method: 'POST', url: '/graphql', headers: { origin: 'https://console.retailer.vn' } });
    expect(call.headers['access-control-allow-origin']).toBe('https://console.retailer.vn');
    expect(call.headers['access-control-expose-headers']).toBe('x-request-id');
  });

  it('gives any other origin nothing a browser would accept', async () => {
    for (const origin of ['http://127.0.0.1:4301', 'http://localhost:4300', 'https://evil.example', 'null']) {
      expect((await preflight(origin)).headers['access-control-allow-origin']).toBeUndefined();
      const call = await app.inject({ method: 'POST', url: '/graphql', headers: { origin } });
      expect(call.headers['access-control-allow-origin']).toBeUndefined();
    }
  });

  it('lists no origin unless told, and refuses a setting that is not an origin at start', async () => {
    const closed = Fastify();
    useCors({}).fastify!(closed);
    closed.post('/graphql', async () => ({}));
    expect(
      (await closed.inject({ method: 'POST', url: '/graphql', headers: { origin: CONSOLE } })).headers['access-control-allow-origin'],
    ).toBeUndefined();
    await closed.close();
    expect(() => useCors({ OMNIGRAPH_CORS_ORIGINS: 'http://127.0.0.1:4300/console' })).toThrow('not an origin');
  });
});
