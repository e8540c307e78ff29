import { randomUUID } from 'node:crypto';
import { REQUEST_ID_HEADER } from '../../lib/signature';
import type { GatewayPlugin } from '../plugin';

declare module 'fastify' {
  interface FastifyRequest {
    requestId: string;
  }
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** The caller's own request id if it is a sane one (so a till's logs and ours line up), else a new one. */
export function requestIdFrom(given: unknown): string {
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

/**
 * Every request gets an id, echoed in the answer's x-request-id and sent to every subgraph: the
 * caller's own if it is a sane one (so a till's logs and ours line up), else a new one.
 */
export function useRequestId(): GatewayPlugin {
  return {
    name: 'request-id',
    fastify: (app) => {
      app.decorateRequest('requestId', '');
      app.addHook('onRequest', async (request, reply) => {
        request.requestId = requestIdFrom(request.headers[REQUEST_ID_HEADER]);
        reply.header(REQUEST_ID_HEADER, request.requestId);
      });
    },
    context: (request) => ({ requestId: request.requestId }),
  };
}
