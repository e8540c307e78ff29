import type { FastifyRequest } from 'fastify';
import { jwtVerify } from 'jose';
import { ANONYMOUS, Caller, encodeCaller } from '../../lib/context';
import type { GatewayPlugin } from '../plugin';

declare module 'fastify' {
  interface FastifyRequest {
    caller?: Caller;
  }
}

class CallerRejected extends Error {}

/** The caller's identity from a bearer JWT; no Authorization header is an anonymous caller. */
async function callerOf(request: FastifyRequest, key: Uint8Array): Promise<Caller> {
  const authorization = request.headers.authorization;
  if (!authorization) return ANONYMOUS;
  const match = /^Bearer (.+)$/.exec(authorization);
  if (!match) throw new CallerRejected('Authorization must be a bearer token');
  try {
    const { payload } = await jwtVerify(match[1], key, { algorithms: ['HS256'] });
    const roles = Array.isArray(payload.roles) ? payload.roles.filter((r): r is string => typeof r === 'string') : [];
    return { id: payload.sub ?? null, roles };
  } catch {
    throw new CallerRejected('The bearer token is not valid');
  }
}

/**
 * Verifies the client's bearer JWT (HS256, OMNIGRAPH_CLIENT_JWT_SECRET) here, once, so subgraphs can
 * trust the caller they are told; a malformed or invalid token answers 401 UNAUTHENTICATED before
 * any GraphQL work.
 */
export function useCaller(env: NodeJS.ProcessEnv): GatewayPlugin {
  const production = env.NODE_ENV === 'production';
  const key = new TextEncoder().encode(env.OMNIGRAPH_CLIENT_JWT_SECRET ?? (production ? '' : 'omnigraph-development-client-secret'));
  if (key.length === 0) throw new Error('OMNIGRAPH_CLIENT_JWT_SECRET must be set in production');
  return {
    name: 'caller',
    preHandler: async (request, reply) => {
      try {
        request.caller = await callerOf(request, key);
      } catch (error) {
        if (!(error instanceof CallerRejected)) throw error;
        return reply.code(401).send({ errors: [{ message: error.message, extensions: { code: 'UNAUTHENTICATED' } }] });
      }
    },
    context: (request) => ({ callerHeader: encodeCaller(request.caller ?? ANONYMOUS) }),
  };
}
