import { context } from '@opentelemetry/api';
import { endServerSpan, operationNaming, ServerTrace, startServerSpan, tracingOn } from '../../lib/tracing';
import type { GatewayContext } from '../datasource';
import type { GatewayPlugin } from '../plugin';

declare module 'fastify' {
  interface FastifyRequest {
    /** The request's server span, while tracing is on. */
    trace?: ServerTrace;
  }
}

/**
 * Traces each GraphQL request while tracing is on (lib/tracing.ts): a server span from the moment
 * it arrives to its answer, child of the client's `traceparent` or the first of a new trace, named
 * by its operation once Apollo has resolved it (`query Customer360ByPhone`). Everything the request
 * does runs inside it from the guards on: Apollo Gateway's own spans (gateway.request, plan,
 * execute, one gateway.fetch per subgraph fetch) and the subgraph calls, which send its context on
 * (datasource.ts). With tracing off the plugin adds nothing.
 */
export function useTracing(service: string): GatewayPlugin {
  if (!tracingOn()) return { name: 'tracing' };
  return {
    name: 'tracing',
    apollo: { plugins: [operationNaming<GatewayContext>()] },
    fastify: (app) => {
      app.addHook('onRequest', async (request) => {
        // A subscription's stream (SSE) is no request to time; each answer it sends runs through the gateway as its own trace.
        if (request.routeOptions.url !== '/graphql' || request.headers.accept?.includes('text/event-stream')) return;
        request.trace = startServerSpan(service, request.method, '/graphql', request.headers, request.requestId);
      });
      // Entered once the body is read (its stream's events would leave the context behind), before the route's own guards.
      app.addHook('preHandler', (request, _reply, done) => {
        if (request.trace) context.with(request.trace.context, done);
        else done();
      });
      app.addHook('onResponse', async (request, reply) => {
        if (request.trace) endServerSpan(request.trace.span, reply.statusCode);
      });
    },
  };
}
