import { createRemoteJWKSet, errors, JWTPayload, JWTVerifyGetKey, jwtVerify } from 'jose';
import type { Logger } from 'pino';
import { isRole } from '../../lib/access';
import { clockFromEnv } from '../../lib/clock';
import { ANONYMOUS, Caller, encodeCaller } from '../../lib/context';
import { createLogger } from '../../lib/logger';
import type { GatewayPlugin } from '../plugin';

declare module 'fastify' {
  interface FastifyRequest {
    caller?: Caller;
    /** When the caller's token expires: a stream served to it (a subscription) ends then. */
    callerExpiresAt?: Date;
  }
}

/** Where `npm start` runs the embedded provider; production names its own (OMNIGRAPH_OIDC_ISSUER). */
const DEVELOPMENT_ISSUER = 'http://127.0.0.1:4010';
/** The graph as an OAuth resource: what a token for it names as its audience. */
const DEFAULT_AUDIENCE = 'urn:omnigraph:graph';
/** Signatures only the provider's private key can make: never `none`, never a secret the gateway would share. */
const ALGORITHMS = ['RS256', 'PS256', 'ES256', 'EdDSA'];
const CLOCK_TOLERANCE_S = 30;
const PROVIDER_TIMEOUT_MS = 5_000;

/** The token is malformed or invalid: UNAUTHENTICATED. */
export class CallerRejected extends Error {}
/** The provider's keys could not be read to check it: not the caller's fault. */
export class ProviderUnavailable extends Error {}

/**
 * The provider's signing keys: its JWKS, found once through its discovery document, cached, and
 * fetched again when a token names a key the cache lacks (the provider rotated). A failure to
 * reach the provider is not the client's fault and is not remembered.
 */
function providerKeys(issuer: string): () => Promise<JWTVerifyGetKey> {
  let keys: Promise<JWTVerifyGetKey> | undefined;
  const discover = async (): Promise<JWTVerifyGetKey> => {
    const response = await fetch(new URL('.well-known/openid-configuration', issuer.endsWith('/') ? issuer : `${issuer}/`), {
      signal: AbortSignal.timeout(PROVIDER_TIMEOUT_MS),
    });
    if (!response.ok) throw new ProviderUnavailable(`discovery answered HTTP ${response.status}`);
    const metadata = (await response.json()) as { issuer?: unknown; jwks_uri?: unknown };
    if (metadata.issuer !== issuer || typeof metadata.jwks_uri !== 'string')
      throw new ProviderUnavailable('discovery names another issuer or no jwks_uri');
    const remote = createRemoteJWKSet(new URL(metadata.jwks_uri), { timeoutDuration: PROVIDER_TIMEOUT_MS });
    return async (header, token) => {
      try {
        return await remote(header, token);
      } catch (error) {
        if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) throw error;
        throw new ProviderUnavailable('its JWKS could not be read', { cause: error });
      }
    };
  };
  return () => {
    keys ??= discover().catch((error: unknown) => {
      keys = undefined;
      throw error instanceof ProviderUnavailable ? error : new ProviderUnavailable('discovery failed', { cause: error });
    });
    return keys;
  };
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
const stringOrNull = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** The caller a verified access token describes (RFC 9068 claims, and Omnigraph's roles, customer and stores). */
function callerFrom(claims: JWTPayload): Caller {
  return {
    id: claims.sub ?? null,
    roles: strings(claims.roles).filter(isRole),
    scopes: typeof claims.scope === 'string' ? claims.scope.split(' ').filter(Boolean) : [],
    customerId: stringOrNull(claims.customer_id),
    stores: strings(claims.stores),
    clientId: stringOrNull(claims.client_id),
  };
}

/** Who a request's Authorization header says is calling, and until when. */
export interface VerifiedCaller {
  caller: Caller;
  /** Null for an anonymous caller. */
  expiresAt: Date | null;
}

/**
 * Checks an Authorization header: an access token from the OpenID Connect provider at
 * OMNIGRAPH_OIDC_ISSUER, for the audience OMNIGRAPH_OIDC_AUDIENCE, signed with one of the
 * provider's published keys, unexpired on the business clock. No header is an anonymous caller; a
 * malformed or invalid token throws CallerRejected, a provider that cannot be reached ProviderUnavailable.
 */
export type CallerVerifier = (authorization: string | undefined) => Promise<VerifiedCaller>;

export function callerVerifier(env: NodeJS.ProcessEnv): CallerVerifier {
  if (env.NODE_ENV === 'production' && !env.OMNIGRAPH_OIDC_ISSUER)
    throw new Error('OMNIGRAPH_OIDC_ISSUER must name the identity provider in production');
  const issuer = env.OMNIGRAPH_OIDC_ISSUER || DEVELOPMENT_ISSUER;
  const audience = env.OMNIGRAPH_OIDC_AUDIENCE || DEFAULT_AUDIENCE;
  const keysOf = providerKeys(issuer);
  // The provider is asked only for a token that passes the checks that need no key (its algorithm first).
  const key: JWTVerifyGetKey = async (header, token) => (await keysOf())(header, token);
  const clock = clockFromEnv(env);

  return async (authorization) => {
    if (!authorization) return { caller: ANONYMOUS, expiresAt: null };
    const match = /^Bearer +(\S+)$/i.exec(authorization);
    if (!match) throw new CallerRejected('Authorization must be a bearer token');
    try {
      const { payload } = await jwtVerify(match[1], key, {
        issuer,
        audience,
        algorithms: ALGORITHMS,
        requiredClaims: ['exp', 'iat', 'sub'],
        clockTolerance: CLOCK_TOLERANCE_S,
        currentDate: clock(),
      });
      return { caller: callerFrom(payload), expiresAt: new Date((payload.exp as number) * 1000) };
    } catch (error) {
      if (error instanceof ProviderUnavailable) throw error;
      throw new CallerRejected('The bearer token is not valid');
    }
  };
}

/**
 * Verifies the client's bearer token here, once, so subgraphs can trust the caller they are told
 * (callerVerifier). No Authorization header is an anonymous caller; a malformed or invalid token
 * answers 401 UNAUTHENTICATED before any GraphQL work, and a provider that cannot be reached 503.
 */
export function useCaller(
  env: NodeJS.ProcessEnv,
  log: Logger = createLogger('gateway', env),
  verify: CallerVerifier = callerVerifier(env),
): GatewayPlugin {
  const issuer = env.OMNIGRAPH_OIDC_ISSUER || DEVELOPMENT_ISSUER;

  return {
    name: 'caller',
    preHandler: async (request, reply) => {
      try {
        const verified = await verify(request.headers.authorization);
        request.caller = verified.caller;
        request.callerExpiresAt = verified.expiresAt ?? undefined;
      } catch (error) {
        if (error instanceof CallerRejected)
          return reply.code(401).send({ errors: [{ message: error.message, extensions: { code: 'UNAUTHENTICATED' } }] });
        if (!(error instanceof ProviderUnavailable)) throw error;
        log.error({ err: error, issuer }, 'the identity provider could not be reached to verify a token');
        return reply.code(503).send({
          errors: [
            { message: 'Sign-in cannot be checked right now; try again shortly.', extensions: { code: 'IDENTITY_PROVIDER_UNAVAILABLE' } },
          ],
        });
      }
    },
    context: (request) => ({ callerHeader: encodeCaller(request.caller ?? ANONYMOUS) }),
  };
}
