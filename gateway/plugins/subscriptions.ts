import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { GraphQLError, parse, type ExecutionArgs, type FormattedExecutionResult } from 'graphql';
import { createHandler as createSseHandler } from 'graphql-sse/lib/use/fastify';
import { useServer } from 'graphql-ws/use/ws';
import type { Logger } from 'pino';
import { WebSocketServer } from 'ws';
import { clockFromEnv } from '../../lib/clock';
import { ANONYMOUS } from '../../lib/context';
import { eventBus } from '../../lib/events';
import { createLogger } from '../../lib/logger';
import { LiveFeeds, SLOW_SUBSCRIBER } from '../live/feeds';
import { LiveAnswer, LiveCaller, LiveOperations, LiveRequest } from '../live/subscriptions';
import type { GatewayPlugin } from '../plugin';
import { CallerRejected, type CallerVerifier, callerVerifier } from './caller';
import { firstPartyOperations, TrustedDocumentsPolicy, trustedOperationText } from './trusted-documents';

/** The close code a WebSocket gets when its client stopped reading (an application code, as 4400–4499 are graphql-ws's own). */
export const SLOW_SUBSCRIBER_CLOSE_CODE = 4008;
/** graphql-ws's own ping, to find dead connections behind proxies. */
const KEEP_ALIVE_MS = 12_000;
const MAX_MESSAGE_BYTES = 256 * 1024;

interface Connection extends Record<PropertyKey, unknown> {
  who?: LiveCaller;
}

/** The answer, carried from onSubscribe to graphql-ws's execute/subscribe through the context value. */
interface Served {
  answer: LiveAnswer;
}

/** Stands for any query or mutation once answered, so graphql-ws hands its answer to `execute`. */
const ONE_QUERY = parse('{ __typename }');

/** What onSubscribe prepared, to send as it is (its errors are already formatted: masked, coded). */
function served(args: ExecutionArgs): never {
  const { answer } = args.contextValue as Served;
  return (answer.kind === 'single' ? answer.result : answer.stream) as never;
}

const toGraphQLErrors = (answer: LiveAnswer & { kind: 'single' }) =>
  (answer.result.errors ?? []).map((error) => new GraphQLError(error.message, { extensions: error.extensions }));

/**
 * Subscriptions on the one endpoint, /graphql: graphql-ws over a WebSocket upgrade and GraphQL over
 * SSE (distinct connections: a POST or GET that accepts text/event-stream), for the apps and the
 * explorer alike. The bearer token is checked when the WebSocket connects (connection_init's
 * `authorization`, else the upgrade's Authorization header) or with the SSE request, by the same
 * verifier as every request, and each stream ends when it expires. Operations pass the same
 * trusted-documents policy. The live part is LiveOperations'.
 */
export function useSubscriptions(
  env: NodeJS.ProcessEnv,
  log: Logger = createLogger('gateway', env),
  policy: TrustedDocumentsPolicy = firstPartyOperations(env),
  verify: CallerVerifier = callerVerifier(env),
): GatewayPlugin & { feeds: Pick<LiveFeeds, 'size' | 'watchEvents'> } {
  const live = new LiveOperations(() => eventBus(env), clockFromEnv(env), log);
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });

  const sse = createSseHandler({
    onSubscribe: async (request, params) => {
      const raw = request.raw;
      const who: LiveCaller = { caller: raw.caller ?? ANONYMOUS, expiresAt: raw.callerExpiresAt ?? null };
      const lastEventId = raw.headers['last-event-id'];
      const answer = await live.serve(params as LiveRequest, who, typeof lastEventId === 'string' ? lastEventId : undefined);
      if (answer.kind === 'single') return answer.result as never;
      const reply = request.context.reply;
      answer.stream.whenEnded((error) => {
        if (error === SLOW_SUBSCRIBER) reply.raw.destroy();
      });
      return answer.stream as never;
    },
  });

  return {
    name: 'subscriptions',
    // What the metrics plugin reads: the subscriptions open, the events as they arrive.
    feeds: live.feeds,
    supergraph: (supergraphSdl) => {
      live.loadSupergraph(supergraphSdl);
      return supergraphSdl;
    },
    started: (gateway) => live.started(gateway),
    fastify: (app) => {
      useServer<Record<string, unknown> | undefined, Connection>(
        {
          onConnect: async (ctx) => {
            const given =
              ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization ?? ctx.extra.request.headers.authorization;
            try {
              ctx.extra.who = await verify(typeof given === 'string' ? given : undefined);
              return true;
            } catch (error) {
              if (error instanceof CallerRejected) return false;
              log.error({ err: error }, 'the identity provider could not be reached to verify a subscriber');
              throw new Error('Sign-in cannot be checked right now; try again shortly.');
            }
          },
          onSubscribe: async (ctx, _id, payload): Promise<ExecutionArgs | readonly GraphQLError[]> => {
            const who = ctx.extra.who ?? { caller: ANONYMOUS, expiresAt: null };
            const text = trustedOperationText(policy, who.caller, payload);
            if ('code' in text) return [new GraphQLError(text.message, { extensions: { code: text.code } })];
            const answer = await live.serve({ ...payload, query: text.query }, who);
            if (answer.kind === 'single') {
              if (!answer.result.data) return toGraphQLErrors(answer);
              // A query or mutation's answer: graphql-ws sends what `execute` gives for a document that is not a subscription.
              return { schema: live.schema(), document: ONE_QUERY, contextValue: { answer } satisfies Served };
            }
            answer.stream.whenEnded((error) => {
              if (error === SLOW_SUBSCRIBER) ctx.extra.socket.close(SLOW_SUBSCRIBER_CLOSE_CODE, 'Slow subscriber');
            });
            const operationName = payload.operationName ?? undefined;
            return { schema: live.schema(), document: answer.document, operationName, contextValue: { answer } satisfies Served };
          },
          execute: served,
          subscribe: served,
          // Sent as they are: graphql-ws would call toJSON on errors that Apollo has already formatted.
          onNext: (_ctx, _id, _payload, _args, result) => result as FormattedExecutionResult,
        },
        sockets,
        KEEP_ALIVE_MS,
      );
      app.server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
        if (new URL(request.url ?? '/', 'http://gateway').pathname !== '/graphql') return socket.destroy();
        sockets.handleUpgrade(request, socket, head, (ws) => sockets.emit('connection', ws, request));
      });
    },
    preHandler: async (request: FastifyRequest, reply: FastifyReply) => {
      if (!request.headers.accept?.includes('text/event-stream')) return undefined;
      reply.hijack();
      await sse(request, reply);
      return reply;
    },
    close: async () => {
      await live.feeds.close();
      for (const client of sockets.clients) client.terminate();
      await new Promise((resolve) => sockets.close(resolve));
    },
  };
}
