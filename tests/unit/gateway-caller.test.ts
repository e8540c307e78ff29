import Fastify from 'fastify';
import { SignJWT, UnsecuredJWT } from 'jose';
import { useCaller } from '../../gateway/plugins/caller';
import { decodeCaller } from '../../lib/context';

const DEVELOPMENT_SECRET = 'omnigraph-development-client-secret';

const token = (secret: string, claims: Record<string, unknown> = { roles: ['store-associate'] }, alg = 'HS256', expires = '5m') =>
  new SignJWT(claims).setProtectedHeader({ alg }).setSubject('staff-42').setExpirationTime(expires).sign(new TextEncoder().encode(secret));

/** A route guarded by the plugin that answers the caller it would send to subgraphs. */
function guarded(env: NodeJS.ProcessEnv) {
  const plugin = useCaller(env);
  const app = Fastify();
  app.post('/graphql', { preHandler: plugin.preHandler }, async (request) => decodeCaller(plugin.context!(request).callerHeader));
  const ask = (authorization?: string) =>
    app.inject({ method: 'POST', url: '/graphql', headers: authorization === undefined ? {} : { authorization } });
  return { app, ask };
}

describe('the caller plugin', () => {
  const { app, ask } = guarded({ NODE_ENV: 'test' });
  afterAll(() => app.close());

  const expectUnauthenticated = async (authorization: string, message: string) => {
    const answer = await ask(authorization);
    expect(answer.statusCode).toBe(401);
    expect(answer.json()).toEqual({ errors: [{ message, extensions: { code: 'UNAUTHENTICATED' } }] });
  };

  it('lets a request without credentials through as anonymous', async () => {
    const answer = await ask();
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toEqual({ id: null, roles: [] });
  });

  it('accepts a valid HS256 bearer token: its subject and its roles (strings only) become the caller', async () => {
    const answer = await ask(`Bearer ${await token(DEVELOPMENT_SECRET, { roles: ['store-associate', 7, 'manager'] })}`);
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toEqual({ id: 'staff-42', roles: ['store-associate', 'manager'] });
    expect((await ask(`Bearer ${await token(DEVELOPMENT_SECRET, { roles: 'manager' })}`)).json()).toEqual({ id: 'staff-42', roles: [] });
  });

  it('refuses credentials that are not a bearer token', async () => {
    for (const authorization of ['Basic c3RhZmY6cGFzcw==', 'Bearer', 'Token abc'])
      await expectUnauthenticated(authorization, 'Authorization must be a bearer token');
  });

  it('refuses a malformed, forged, expired, unsigned or otherwise signed token', async () => {
    const valid = await token(DEVELOPMENT_SECRET);
    const refused = [
      'not-a-jwt',
      `${valid.slice(0, -4)}AAAA`,
      await token('another-secret'),
      await token(DEVELOPMENT_SECRET, {}, 'HS256', '-1m'),
      new UnsecuredJWT({ roles: ['admin'] }).setSubject('staff-42').encode(),
      await token(DEVELOPMENT_SECRET, {}, 'HS512'),
    ];
    for (const bad of refused) await expectUnauthenticated(`Bearer ${bad}`, 'The bearer token is not valid');
  });

  it('verifies with OMNIGRAPH_CLIENT_JWT_SECRET, which production requires', async () => {
    expect(() => useCaller({ NODE_ENV: 'production' })).toThrow('OMNIGRAPH_CLIENT_JWT_SECRET must be set in production');
    const production = guarded({ NODE_ENV: 'production', OMNIGRAPH_CLIENT_JWT_SECRET: 'the-real-secret' });
    expect((await production.ask(`Bearer ${await token('the-real-secret')}`)).statusCode).toBe(200);
    expect((await production.ask(`Bearer ${await token(DEVELOPMENT_SECRET)}`)).statusCode).toBe(401);
    await production.app.close();
  });
});
