import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { Kind, parse, type OperationDefinitionNode } from 'graphql';
import { LRUCache } from 'lru-cache';
import { ANONYMOUS, encodeCaller } from '../../lib/context';
import type { GatewayPlugin } from '../plugin';

/** An answer as sent: what a waiter sends as its own. */
interface SentAnswer {
  statusCode: number;
  contentType: string | undefined;
  payload: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set on a request others wait for: hands them its answer, or null when it has none to share. */
    shareAnswer?: (answer: SentAnswer | null) => void;
  }
}

interface OperationRequest {
  query?: unknown;
  operationName?: unknown;
}

/** Headers that change how Apollo answers the same operation (media type, CSRF prevention). */
const ANSWER_SHAPING_HEADERS = ['accept', 'content-type', 'apollo-require-preflight', 'x-apollo-operation-name'];

/**
 * Identical query requests in flight at once share one answer, at the HTTP level as Hive Gateway's
 * inbound deduplication does: a request that asks, for the same caller, exactly what is already
 * being answered waits for that answer's bytes instead of being parsed, planned, fetched and
 * serialised again (a page's burst, a retry while the first is still running).
 *
 * The key is everything the answer depends on: the caller as every subgraph sees them (identity,
 * roles, scopes, customer, stores, app), the operation (after trusted documents put in the
 * registered text), its variables and the headers that shape the answer. Two callers never share
 * an answer, even with the same rights: the record of who looked names each of them. Only
 * queries: a mutation is done as often as it is sent. Runs after the caller, trusted-documents and
 * subscriptions pre-handlers; on unless OMNIGRAPH_DEDUPLICATE_INFLIGHT=false.
 */
export function useInflightDeduplication(env: NodeJS.ProcessEnv): GatewayPlugin {
  if (env.OMNIGRAPH_DEDUPLICATE_INFLIGHT === 'false') return { name: 'inflight' };
  const running = new Map<string, Promise<SentAnswer | null>>();
  // Whether a document's chosen operation is a query, by text and name: parsing once per document.
  const isQuery = new LRUCache<string, boolean>({ max: 2_000 });

  const queryOnly = (text: string, operationName: unknown): boolean => {
    const known = `${typeof operationName === 'string' ? operationName : ''}\n${text}`;
    const cached = isQuery.get(known);
    if (cached !== undefined) return cached;
    let answer = false;
    try {
      const operations = parse(text).definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
      const chosen =
        typeof operationName === 'string'
          ? operations.find((o) => o.name?.value === operationName)
          : operations.length === 1
            ? operations[0]
            : undefined;
      answer = chosen?.operation === 'query';
    } catch {
      // Not shared: Apollo answers the syntax error itself.
    }
    isQuery.set(known, answer);
    return answer;
  };

  const keyOf = (request: FastifyRequest): string | null => {
    const operation = (request.method === 'GET' ? request.query : request.body) as OperationRequest | undefined;
    if (!operation || typeof operation !== 'object' || typeof operation.query !== 'string') return null;
    if (!queryOnly(operation.query, operation.operationName)) return null;
    const hash = createHash('sha256');
    hash.update(encodeCaller(request.caller ?? ANONYMOUS));
    for (const header of ANSWER_SHAPING_HEADERS) hash.update(`\n${String(request.headers[header] ?? '')}`);
    // A GET's operation is its URL (trusted documents rewrite it); a POST's is its body.
    hash.update(`\n${request.method}\n${request.method === 'GET' ? (request.raw.url ?? '') : JSON.stringify(request.body)}`);
    return hash.digest('base64url');
  };

  return {
    name: 'inflight',
    fastify: (app) => {
      app.addHook('onSend', async (request, reply, payload) => {
        request.shareAnswer?.(
          typeof payload === 'string'
            ? { statusCode: reply.statusCode, contentType: reply.getHeader('content-type') as string | undefined, payload }
            : null,
        );
        return payload;
      });
      // A request that ends without sending (the client went away) leaves its waiters to run their own.
      app.addHook('onResponse', async (request) => request.shareAnswer?.(null));
      app.addHook('onRequestAbort', async (request) => request.shareAnswer?.(null));
    },
    preHandler: async (request, reply) => {
      const key = keyOf(request);
      if (key === null) return;
      const shared = running.get(key);
      if (shared) {
        const answer = await shared;
        if (!answer) return;
        if (answer.contentType) void reply.header('content-type', answer.contentType);
        return reply.code(answer.statusCode).send(answer.payload);
      }
      let hand!: (answer: SentAnswer | null) => void;
      const answer = new Promise<SentAnswer | null>((resolve) => (hand = resolve));
      running.set(key, answer);
      request.shareAnswer = (sent) => {
        request.shareAnswer = undefined;
        if (running.get(key) === answer) running.delete(key);
        hand(sent);
      };
    },
  };
}
