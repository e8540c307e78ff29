import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { decodeJwt, decodeProtectedHeader, exportJWK, JWK, JWTPayload, SignJWT, UnsecuredJWT } from 'jose';
import { useCaller } from '../../gateway/plugins/caller';
import { GRAPH_RESOURCE, Persona } from '../../identity-provider/directory';
import { RunningIdentityProvider, startIdentityProvider } from '../../identity-provider/process';
import { accessTokenFor } from '../../identity-provider/sign-in';
import { personasOf } from '../../legacy/seed/personas';
import { generateWorld } from '../../legacy/seed/world';
import { ROLE_SCOPES } from '../../lib/access';
import { CLOCK_OFFSET_ENV, clockStartingAt } from '../../lib/clock';
import { ANONYMOUS, decodeCaller } from '../../lib/context';
import { personaOf, SignInPlace, tokenAs } from '../support/tokens';

/**
 * The caller plugin against the real embedded identity provider (its own process, its tokens got
 * through the same sign-in as `npm run token`), and against a stand-in provider whose signing key
 * the test holds, to forge tokens that differ from a good one in one claim only.
 */

const world = generateWorld({ seed: 42, size: 'small' });
const personas = personasOf(world);
/** The system's clock, at the world's moment: the provider's and the gateway's alike. */
const worldClock = clockStartingAt(world.now);
const NOT_VALID = { errors: [{ message: 'The bearer token is not valid', extensions: { code: 'UNAUTHENTICATED' } }] };

/** A route guarded by the plugin that answers the caller it would send to subgraphs. */
function guarded(env: NodeJS.ProcessEnv) {
  const plugin = useCaller({ NODE_ENV: 'test', ...env });
  const app = Fastify();
  app.post('/graphql', { preHandler: plugin.preHandler }, async (request) => decodeCaller(plugin.context!(request).callerHeader));
  const ask = (authorization?: string) =>
    app.inject({ method: 'POST', url: '/graphql', headers: authorization === undefined ? {} : { authorization } });
  return { app, ask };
}
type Guarded = ReturnType<typeof guarded>;

const expectNotValid = async (gateway: Guarded, token: string) => {
  const answer = await gateway.ask(`Bearer ${token}`);
  expect(answer.statusCode).toBe(401);
  expect(answer.json()).toEqual(NOT_VALID);
};

const ecKey = () => generateKeyPairSync('ec', { namedCurve: 'P-256' });
const privateJwk = async (key: ReturnType<typeof ecKey>) => ({
  ...(await exportJWK(key.privateKey)),
  kid: (await exportJWK(key.publicKey)).x,
});

describe('the caller plugin with the embedded identity provider', () => {
  let provider: RunningIdentityProvider;
  let place: SignInPlace;
  let gateway: Guarded;
  const token = (login: string) => tokenAs(place, login);

  beforeAll(async () => {
    provider = await startIdentityProvider({ personas, env: { ...process.env, ...worldClock } });
    place = { identityProviderUrl: provider.issuer, personas };
    gateway = guarded({ OMNIGRAPH_OIDC_ISSUER: provider.issuer, OMNIGRAPH_OIDC_AUDIENCE: GRAPH_RESOURCE, ...worldClock });
  });
  afterAll(async () => {
    await gateway?.app.close();
    await provider?.stop();
  });

  it('lets a request without credentials through as anonymous', async () => {
    const answer = await gateway.ask();
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toEqual(ANONYMOUS);
  });

  it("accepts each persona's token: its subject, roles, scopes, customer, stores and app become the caller", async () => {
    const callerAs = async (login: string) => {
      const answer = await gateway.ask(`Bearer ${await token(login)}`);
      expect(answer.statusCode).toBe(200);
      return answer.json();
    };
    const customer = personaOf(place, 'customer-1');
    expect(await callerAs('customer-1')).toEqual({
      id: 'customer-1',
      roles: ['customer'],
      scopes: [...ROLE_SCOPES.customer],
      customerId: customer.kind === 'person' ? customer.customerId : null,
      stores: [],
      clientId: 'omnigraph-shop',
    });
    expect(await callerAs('associate-s101')).toEqual({
      id: 'associate-s101',
      roles: ['store-associate'],
      scopes: [...ROLE_SCOPES['store-associate']],
      customerId: null,
      stores: ['S101'],
      clientId: 'omnigraph-staff',
    });
    expect(await callerAs('manager-s101')).toMatchObject({
      roles: ['store-manager'],
      scopes: [...ROLE_SCOPES['store-manager']],
      stores: ['S101'],
    });
    expect(await callerAs('agent')).toMatchObject({ roles: ['call-center-agent'], scopes: [...ROLE_SCOPES['call-center-agent']] });
    expect(await callerAs('steward')).toMatchObject({ roles: ['back-office'], scopes: [...ROLE_SCOPES['back-office']] });
    expect(await callerAs('partner-marketplace')).toEqual({
      id: 'partner-marketplace',
      roles: ['partner'],
      scopes: [],
      customerId: null,
      stores: [],
      clientId: 'partner-marketplace',
    });
    expect(await callerAs('omnigraph-jobs')).toMatchObject({
      roles: ['service'],
      scopes: [...ROLE_SCOPES.service],
      clientId: 'omnigraph-jobs',
    });
  });

  it('gets RFC 9068 access tokens: ES256 at+jwt for the graph, an hour long on the business clock', async () => {
    const value = await token('agent');
    expect(decodeProtectedHeader(value)).toMatchObject({ alg: 'ES256', typ: 'at+jwt' });
    const claims = decodeJwt(value);
    expect(claims).toMatchObject({ iss: provider.issuer, aud: GRAPH_RESOURCE, sub: 'agent', client_id: 'omnigraph-staff' });
    // The provider runs at the world's moment, as the gateway does, whatever today's date.
    expect(Math.abs(claims.iat! * 1000 - world.now.getTime())).toBeLessThan(60_000);
    expect(claims.exp! - claims.iat!).toBe(3_600);
  });

  it('signs in only the personas it was given, and apps only with their secret', async () => {
    const stranger: Persona = {
      kind: 'person',
      login: 'stranger',
      name: 'Not a persona',
      roles: ['back-office'],
      customerId: null,
      stores: [],
    };
    await expect(accessTokenFor(provider.issuer, stranger)).rejects.toThrow('signing in as stranger failed with HTTP 401');
    const partner = personaOf(place, 'partner-marketplace');
    await expect(accessTokenFor(provider.issuer, { ...partner, secret: 'not-the-partner-secret' } as Persona)).rejects.toThrow(
      'the token request failed with HTTP 401',
    );
  });

  it('refuses credentials that are not a bearer token', async () => {
    for (const authorization of ['Basic c3RhZmY6cGFzcw==', 'Bearer', 'Token abc']) {
      const answer = await gateway.ask(authorization);
      expect(answer.statusCode).toBe(401);
      expect(answer.json()).toEqual({
        errors: [{ message: 'Authorization must be a bearer token', extensions: { code: 'UNAUTHENTICATED' } }],
      });
    }
  });

  it('refuses garbage, a tampered signature or payload, alg none, HS256, and a key the provider never published', async () => {
    const genuine = await token('associate-s101');
    const [header, payload, signature] = genuine.split('.');
    const claims = decodeJwt(genuine);
    const promoted = Buffer.from(
      JSON.stringify({ ...claims, roles: ['back-office'], scope: ROLE_SCOPES['back-office'].join(' ') }),
    ).toString('base64url');
    const { kid } = decodeProtectedHeader(genuine);
    const stranger = ecKey();
    const refused = [
      'not-a-jwt',
      `${header}.${payload}.${signature.slice(0, -6)}${signature.endsWith('AAAAAA') ? 'BBBBBB' : 'AAAAAA'}`,
      `${header}.${promoted}.${signature}`,
      new UnsecuredJWT(claims).encode(),
      await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode('a-secret-the-gateway-never-had')),
      // The provider's key id on a signature by another key, and another key id altogether.
      await new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid }).sign(stranger.privateKey),
      await new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: 'stranger' }).sign(stranger.privateKey),
    ];
    for (const bad of refused) await expectNotValid(gateway, bad);
  });

  it('refuses a token for another audience, and one from another provider', async () => {
    const forAnotherApi = guarded({ OMNIGRAPH_OIDC_ISSUER: provider.issuer, OMNIGRAPH_OIDC_AUDIENCE: 'urn:another:api', ...worldClock });
    await expectNotValid(forAnotherApi, await token('agent'));
    await forAnotherApi.app.close();

    const other = await startIdentityProvider({ personas, env: { ...process.env, ...worldClock } });
    try {
      await expectNotValid(gateway, await tokenAs({ identityProviderUrl: other.issuer, personas }, 'agent'));
    } finally {
      await other.stop();
    }
  });

  it('refuses an expired token, allowing 30 s of clock skew', async () => {
    const value = await token('agent');
    const expiresAtMs = decodeJwt(value).exp! * 1000;
    const at = (instantMs: number) =>
      guarded({ OMNIGRAPH_OIDC_ISSUER: provider.issuer, [CLOCK_OFFSET_ENV]: String(instantMs - Date.now()) });
    const skewed = at(expiresAtMs + 20_000);
    expect((await skewed.ask(`Bearer ${value}`)).statusCode).toBe(200);
    const late = at(expiresAtMs + 40_000);
    await expectNotValid(late, value);
    await Promise.all([skewed.app.close(), late.app.close()]);
  });
});

describe('the caller plugin when the provider rotates its signing key', () => {
  const dir = mkdtempSync(join(tmpdir(), 'omnigraph-keys-'));
  const keysFile = (name: string, keys: JWK[]) => {
    const file = join(dir, name);
    writeFileSync(file, JSON.stringify({ keys }));
    return file;
  };
  const started: RunningIdentityProvider[] = [];
  const start = async (jwksFile: string, port = 0) => {
    const provider = await startIdentityProvider({
      personas,
      port,
      env: { ...process.env, ...worldClock, IDENTITY_PROVIDER_JWKS_FILE: jwksFile },
    });
    started.push(provider);
    return provider;
  };
  afterAll(async () => {
    for (const provider of started) await provider.stop();
  });
  afterEach(() => jest.restoreAllMocks());

  it('accepts tokens signed with the new key, once the old key set is past its 30 s cool-down, and the old key while it is published', async () => {
    const [oldKey, newKey] = [await privateJwk(ecKey()), await privateJwk(ecKey())];
    const before = await start(keysFile('old.json', [oldKey]));
    const gateway = guarded({ OMNIGRAPH_OIDC_ISSUER: before.issuer, ...worldClock });
    const place = { identityProviderUrl: before.issuer, personas };
    const signedBefore = await tokenAs(place, 'agent');
    expect(decodeProtectedHeader(signedBefore).kid).toBe(oldKey.kid);
    expect((await gateway.ask(`Bearer ${signedBefore}`)).statusCode).toBe(200);

    // The same issuer comes back signing with a new key, the old one still published for its tokens.
    await before.stop();
    await start(keysFile('rotated.json', [newKey, oldKey]), Number(new URL(before.issuer).port));
    const signedAfter = await tokenAs(place, 'agent');
    expect(decodeProtectedHeader(signedAfter).kid).toBe(newKey.kid);
    // Within the cool-down the cached key set is not fetched again (a flood of unknown key ids cannot make the gateway hammer the provider).
    await expectNotValid(gateway, signedAfter);
    const wallClock = Date.now.bind(Date);
    jest.spyOn(Date, 'now').mockImplementation(() => wallClock() + 31_000);
    expect((await gateway.ask(`Bearer ${signedAfter}`)).statusCode).toBe(200);
    expect((await gateway.ask(`Bearer ${signedBefore}`)).statusCode).toBe(200);
    await gateway.app.close();
  });
});

describe('the caller plugin checking each claim (a stand-in provider whose key the test holds)', () => {
  const key = ecKey();
  let issuer: string;
  let server: Server;
  let gateway: Guarded;
  const now = () => Math.floor(Date.now() / 1000);
  const good: JWTPayload = { sub: 'agent', client_id: 'omnigraph-staff', scope: 'customers:read', roles: ['call-center-agent'] };
  /** A token signed with the stand-in's published key: only its claims can make it fail. */
  const signed = (claims: JWTPayload) =>
    new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: 'held-by-the-test', typ: 'at+jwt' }).sign(key.privateKey);
  const standard = (): JWTPayload => ({ iss: issuer, aud: GRAPH_RESOURCE, iat: now(), exp: now() + 600 });

  beforeAll(async () => {
    const jwk = { ...(await exportJWK(key.publicKey)), kid: 'held-by-the-test', alg: 'ES256', use: 'sig' };
    server = createServer((request, response) => {
      response.setHeader('content-type', 'application/json');
      if (request.url === '/.well-known/openid-configuration') response.end(JSON.stringify({ issuer, jwks_uri: `${issuer}/jwks` }));
      else if (request.url === '/jwks') response.end(JSON.stringify({ keys: [jwk] }));
      else response.writeHead(404).end('{}');
    });
    await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
    issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    gateway = guarded({ OMNIGRAPH_OIDC_ISSUER: issuer });
  });
  afterAll(async () => {
    await gateway.app.close();
    server.close();
  });

  it('accepts a token with every claim right', async () => {
    const answer = await gateway.ask(`Bearer ${await signed({ ...standard(), ...good })}`);
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toMatchObject({ id: 'agent', roles: ['call-center-agent'], scopes: ['customers:read'] });
  });

  it('keeps only the roles it knows and the claims of the right type', async () => {
    const answer = await gateway.ask(
      `Bearer ${await signed({ ...standard(), ...good, roles: ['call-center-agent', 7, 'admin'], stores: 'S101', customer_id: 42 })}`,
    );
    expect(answer.json()).toMatchObject({ roles: ['call-center-agent'], stores: [], customerId: null });
  });

  it('refuses a token without exp, iat or sub, expired, not yet valid, or for another issuer or audience', async () => {
    const { exp: _exp, ...noExp } = standard();
    const { iat: _iat, ...noIat } = standard();
    const { sub: _sub, ...noSub } = good;
    const refused = [
      { ...noExp, ...good },
      { ...noIat, ...good },
      { ...standard(), ...noSub },
      { ...standard(), ...good, exp: now() - 60 },
      { ...standard(), ...good, nbf: now() + 600 },
      { ...standard(), ...good, iss: 'https://another-provider.example' },
      { ...standard(), ...good, aud: 'urn:another:api' },
    ];
    for (const claims of refused) await expectNotValid(gateway, await signed(claims));
  });

  it('answers 503 without detail when the provider cannot be reached, and asks it nothing for an unsigned token', async () => {
    const closed = createServer();
    await new Promise<void>((listening) => closed.listen(0, '127.0.0.1', listening));
    const gone = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise((done) => closed.close(done));
    const orphan = guarded({ OMNIGRAPH_OIDC_ISSUER: gone });
    const answer = await orphan.ask(`Bearer ${await signed({ ...standard(), ...good, iss: gone })}`);
    expect(answer.statusCode).toBe(503);
    expect(answer.json()).toEqual({
      errors: [
        { message: 'Sign-in cannot be checked right now; try again shortly.', extensions: { code: 'IDENTITY_PROVIDER_UNAVAILABLE' } },
      ],
    });
    await expectNotValid(orphan, new UnsecuredJWT({ ...standard(), ...good, iss: gone }).encode());
    expect((await orphan.ask()).statusCode).toBe(200);
    await orphan.app.close();
  });
});

describe('the caller plugin in production', () => {
  it('needs the identity provider named', () => {
    expect(() => useCaller({ NODE_ENV: 'production' })).toThrow('OMNIGRAPH_OIDC_ISSUER must name the identity provider in production');
    expect(() => useCaller({ NODE_ENV: 'production', OMNIGRAPH_OIDC_ISSUER: 'https://login.example.vn' })).not.toThrow();
  });
});
