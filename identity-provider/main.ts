import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import type { JWK } from 'oidc-provider';
import { clockOffsetFromEnv } from '../lib/clock';
import { parsePersonas } from './directory';
import { createProvider } from './provider';

/**
 * The embedded identity provider as its own process, as a real one would be: on 127.0.0.1 (or
 * IDENTITY_PROVIDER_HOST, 0.0.0.0 in a container) at IDENTITY_PROVIDER_PORT (4010; 0 for any free
 * port), issuer http://127.0.0.1:<port> (or IDENTITY_PROVIDER_ISSUER, the address the gateway
 * reaches it at, such as http://identity-provider:4010 in the compose file), signing in
 * the personas of IDENTITY_PROVIDER_PERSONAS (JSON), IDENTITY_PROVIDER_PERSONAS_FILE or the seeded
 * data folder's personas.json, with the keys of IDENTITY_PROVIDER_JWKS_FILE or a key made at start.
 * Started by a parent (identity-provider/process.ts), it sends the parent its issuer over IPC and
 * ends when the parent goes.
 */

/** The personas given, or those the seed wrote beside the stand-ins' data files. */
function personasJson(env: NodeJS.ProcessEnv): string {
  return (
    env.IDENTITY_PROVIDER_PERSONAS ??
    readFileSync(env.IDENTITY_PROVIDER_PERSONAS_FILE ?? resolve(env.LEGACY_DATA_DIR ?? 'data', 'personas.json'), 'utf8')
  );
}

function signingKeys(env: NodeJS.ProcessEnv): JWK[] {
  if (!env.IDENTITY_PROVIDER_JWKS_FILE)
    return [generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' }) as JWK];
  const { keys } = JSON.parse(readFileSync(env.IDENTITY_PROVIDER_JWKS_FILE, 'utf8')) as { keys?: JWK[] };
  if (!keys?.length || !keys.every((key) => key.kty === 'EC' && key.crv === 'P-256' && key.d))
    throw new Error('IDENTITY_PROVIDER_JWKS_FILE must hold private EC P-256 keys');
  return keys;
}

/**
 * oidc-provider reads the time only from Date.now() and has no clock option: shifting it puts the
 * tokens' iat and exp on the business clock the gateway checks them against (lib/clock.ts).
 */
function followBusinessClock(env: NodeJS.ProcessEnv): void {
  const offsetMs = clockOffsetFromEnv(env);
  const wallClock = Date.now.bind(Date);
  if (offsetMs !== 0) Date.now = () => wallClock() + offsetMs;
}

/**
 * A browser reads a cookie's expiry date on its own clock, where a date on the shifted one may be
 * long past: on a shifted clock (test systems only), the sign-in's live cookies are sent as session
 * cookies. The provider still expires its interactions and sessions itself; cleared cookies keep
 * their past date, so they are still cleared.
 */
function sessionCookiesOnShiftedClock(response: ServerResponse): void {
  const live = (cookie: string) => {
    const expires = /;\s*expires=([^;]+)/i.exec(cookie)?.[1];
    return expires !== undefined && Date.parse(expires) > Date.now() - 1_000;
  };
  const session = (cookie: string) => (live(cookie) ? cookie.replace(/;\s*(expires|max-age)=[^;]*/gi, '') : cookie);
  // At the last moment: oidc-provider adds the session cookie's expiry to the header after setting it.
  const writeHead = response.writeHead.bind(response) as (...args: unknown[]) => ServerResponse;
  response.writeHead = ((...args: unknown[]) => {
    const cookies = response.getHeader('set-cookie');
    if (Array.isArray(cookies)) response.setHeader('set-cookie', cookies.map(session));
    return writeHead(...args);
  }) as typeof response.writeHead;
}

async function main(): Promise<void> {
  const env = process.env;
  followBusinessClock(env);
  const personas = parsePersonas(personasJson(env));
  const server = createServer();
  await new Promise<void>((listening, failed) => {
    server.once('error', failed);
    server.listen(Number(env.IDENTITY_PROVIDER_PORT ?? 4010), env.IDENTITY_PROVIDER_HOST ?? '127.0.0.1', listening);
  });
  // The issuer names the port, which is known only once listening (0 picks any free one).
  const issuer = env.IDENTITY_PROVIDER_ISSUER ?? `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = createProvider(issuer, {
    personas,
    signingKeys: signingKeys(env),
    cookieKeys: [randomBytes(32).toString('base64url')],
    accessTokenTtlS: env.IDENTITY_PROVIDER_ACCESS_TOKEN_TTL_S ? Number(env.IDENTITY_PROVIDER_ACCESS_TOKEN_TTL_S) : undefined,
  });
  const handle = provider.callback();
  const shifted = clockOffsetFromEnv(env) !== 0;
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    if (shifted) sessionCookiesOnShiftedClock(response);
    void handle(request, response);
  });

  const stop = () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  process.once('disconnect', stop);
  if (process.send) process.send({ issuer });
  else console.log(`Omnigraph identity provider: ${issuer}`);
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
