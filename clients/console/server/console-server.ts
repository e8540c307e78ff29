import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import Fastify, { FastifyInstance } from 'fastify';
import { Role, ROLE_SCOPES } from '../../../lib/access';
import type { ConsoleConfig } from '../src/config';

/** Where `npm run console:build` writes the app. */
const CONSOLE_DIST = resolve(__dirname, '../dist');

/** The roles that work in the console: the scopes it asks for at sign-in are theirs (a person's own roles narrow them). */
const STAFF_ROLES: Role[] = ['store-associate', 'store-manager', 'call-center-agent', 'back-office'];
const STAFF_SCOPES = [...new Set(STAFF_ROLES.flatMap((role) => ROLE_SCOPES[role]))];

export interface ConsoleServerOptions {
  graphqlUrl: string;
  issuer: string;
  /** The console's client id at the provider: the embedded provider's staff app unless told. */
  clientId?: string;
  /** The graph's resource indicator, the audience the gateway accepts (OMNIGRAPH_OIDC_AUDIENCE). */
  resource?: string;
  storeTimeZone?: string;
}

/**
 * Only this origin's scripts and styles; the graph and the identity provider (their origins) for
 * fetches and the live WebSocket. No CDN, font or tracker can be reached.
 */
function contentSecurityPolicy(graphqlUrl: string, issuer: string): string {
  const graph = new URL(graphqlUrl);
  const live = `${graph.protocol === 'https:' ? 'wss:' : 'ws:'}//${graph.host}`;
  return [
    "default-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    `connect-src 'self' ${graph.origin} ${live} ${new URL(issuer).origin}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * The console's web server: the built app (static files, long-cached by their hashed names), its
 * configuration, and index.html for every other path (the app routes in the browser). It holds no
 * state and no secret: the app signs in at the identity provider and calls the gateway itself.
 */
export async function buildConsoleServer(
  settings: ConsoleServerOptions | (() => ConsoleServerOptions),
  dist = CONSOLE_DIST,
): Promise<FastifyInstance> {
  if (!existsSync(resolve(dist, 'index.html'))) throw new Error(`the console is not built (${dist}): run npm run console:build`);
  // Read when asked: a system on ephemeral ports starts the console before it knows the gateway's port.
  const options = typeof settings === 'function' ? settings : () => settings;
  const configOf = ({ graphqlUrl, issuer, clientId, resource, storeTimeZone }: ConsoleServerOptions): ConsoleConfig => ({
    graphqlUrl,
    issuer,
    clientId: clientId ?? 'omnigraph-staff',
    resource: resource ?? 'urn:omnigraph:graph',
    scopes: ['openid', ...STAFF_SCOPES],
    storeTimeZone: storeTimeZone ?? 'Asia/Ho_Chi_Minh',
  });
  const app = Fastify({ logger: false });
  app.addHook('onSend', async (request, reply) => {
    // Built assets carry their content's hash in their names: cached for good; the rest asked again each time.
    if (!reply.hasHeader('cache-control'))
      reply.header('cache-control', request.url.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    const { graphqlUrl, issuer } = options();
    reply.header('content-security-policy', contentSecurityPolicy(graphqlUrl, issuer));
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
  });
  app.get('/config.json', async (_request, reply) => reply.header('cache-control', 'no-store').send(configOf(options())));
  await app.register(fastifyStatic, {
    root: dist,
    wildcard: false,
    cacheControl: false,
  });
  // A built file that is not there (an old tab asking for a replaced release's chunk) is a 404, never index.html cached for good.
  app.setNotFoundHandler((request, reply) =>
    request.url.startsWith('/assets/') ? reply.code(404).header('cache-control', 'no-store').send() : reply.sendFile('index.html'),
  );
  return app;
}
