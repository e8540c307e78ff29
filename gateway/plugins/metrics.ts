import type { ApolloServerPlugin } from '@apollo/server';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { getOperationAST } from 'graphql';
import { Counter, Gauge, Histogram } from 'prom-client';
import type { DomainEvent } from '../../lib/events';
import { DURATION_BUCKETS, EVENT_LAG_BUCKETS, eventLagSeconds, OperationNames, serveMetrics, ServerMetrics } from '../../lib/metrics';
import type { GatewayContext, SubgraphCallObserver } from '../datasource';
import type { GatewayPlugin } from '../plugin';

/** What Apollo made of a request, for its count when it is answered. */
interface Answered {
  operationName: string;
  operationType: string;
  codes: string[];
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the metrics plugin's Apollo plugin once Apollo has answered the request. */
    graphqlAnswered?: Answered;
    /** The codes of an answer refused before Apollo read the operation (a bad token, an unknown hash, a limit). */
    refusalCodes?: string[];
  }
}

/** The open subscriptions and the events that feed them, as the subscriptions plugin serves them. */
export interface LiveStats {
  readonly size: { subscribers: number };
  watchEvents(listener: (event: DomainEvent) => void): void;
}

export interface MetricsOptions {
  /** Labels every series: `gateway`, `partner-gateway`. */
  service: string;
  /** The registered operations' names (trusted documents), labelled as they are; others as first seen, up to a cap, then `other`. */
  operationNames?: Iterable<string>;
  /** The subscriptions plugin's feeds, on a gateway that serves subscriptions. */
  live?: LiveStats;
}

/** The request a GraphQL operation came in, in its context: the subscription transports' operations carry none. */
const HTTP_REQUEST = Symbol('omnigraph.metrics.request');

const codeOf = (error: { extensions?: { code?: unknown } }) =>
  typeof error.extensions?.code === 'string' ? error.extensions.code : 'UNKNOWN';

/** The error codes of a small JSON error answer; none when it is not one. */
function refusalCodes(payload: string): string[] {
  try {
    const errors = (JSON.parse(payload) as { errors?: { extensions?: { code?: unknown } }[] }).errors;
    return Array.isArray(errors) ? errors.map(codeOf) : [];
  } catch {
    return [];
  }
}

/** The operation name a request sent, if it sent one (for a request refused before Apollo read it). */
function sentOperationName(request: FastifyRequest): string | undefined {
  if (request.registeredOperation) return request.registeredOperation.name;
  const operation = (request.method === 'GET' ? request.query : request.body) as { operationName?: unknown } | undefined;
  return typeof operation?.operationName === 'string' ? operation.operationName : undefined;
}

/**
 * Prometheus metrics of a gateway at GET /metrics (lib/metrics.ts: one registry per server, the
 * `service` label, Node's process metrics; open outside production, behind OMNIGRAPH_METRICS_TOKEN
 * in it). Per GraphQL request over HTTP, as the client saw it (its whole time, pre-handlers
 * included, and the codes it was sent, refusals before Apollo too):
 * `omnigraph_graphql_requests_total{operation_name,operation_type}`,
 * `omnigraph_graphql_errors_total{code}`, `omnigraph_graphql_request_duration_seconds{operation_name}`;
 * per subgraph call (through `subgraphCalls`, given to the subgraph transport):
 * `omnigraph_subgraph_request_duration_seconds{subgraph}`, `omnigraph_subgraph_errors_total{subgraph,code}`;
 * with subscriptions, `omnigraph_subscriptions_open` and `omnigraph_event_lag_seconds{consumer}`.
 * Operations over the subscription transports are counted by the gauge, not as requests.
 */
export function useMetrics(env: NodeJS.ProcessEnv, options: MetricsOptions): GatewayPlugin & { subgraphCalls: SubgraphCallObserver } {
  const metrics = new ServerMetrics(options.service);
  const names = new OperationNames(options.operationNames);
  const registers = [metrics.registry];
  const subgraphDuration = new Histogram({
    name: 'omnigraph_subgraph_request_duration_seconds',
    help: 'Time of a call from the gateway to a subgraph, by subgraph',
    labelNames: ['subgraph'],
    buckets: DURATION_BUCKETS,
    registers,
  });
  const subgraphErrors = new Counter({
    name: 'omnigraph_subgraph_errors_total',
    help: "Failed subgraph calls (code TIMEOUT, DOWN, ERROR) and errors in subgraphs' answers (their code), by subgraph",
    labelNames: ['subgraph', 'code'],
    registers,
  });
  const live = options.live;
  if (live) {
    new Gauge({
      name: 'omnigraph_subscriptions_open',
      help: 'Subscriptions open on this gateway process (WebSocket and SSE)',
      registers,
      collect() {
        this.set(live.size.subscribers);
      },
    });
    const lag = new Histogram({
      name: 'omnigraph_event_lag_seconds',
      help: 'Time from a domain event reaching the bus to its arrival at a consumer of this server',
      labelNames: ['consumer'],
      buckets: EVENT_LAG_BUCKETS,
      registers,
    });
    live.watchEvents((event) => {
      const seconds = eventLagSeconds(event.at);
      if (seconds !== null) lag.observe({ consumer: 'subscriptions' }, seconds);
    });
  }

  const apolloPlugin: ApolloServerPlugin<GatewayContext> = {
    async requestDidStart({ contextValue }) {
      const request = (contextValue as unknown as Record<symbol, FastifyRequest | undefined>)[HTTP_REQUEST];
      if (!request) return;
      return {
        async willSendResponse({ operationName, operation, document, request: sent, response }) {
          const body = response.body;
          // An operation that failed validation was never resolved: its document still names it.
          const chosen = operation ?? (document ? getOperationAST(document, sent.operationName) : null);
          request.graphqlAnswered = {
            operationName: names.label(operationName ?? sent.operationName ?? chosen?.name?.value),
            operationType: chosen?.operation ?? 'unknown',
            codes: body.kind === 'single' ? (body.singleResult.errors ?? []).map(codeOf) : [],
          };
        },
      };
    },
  };

  const isGraphQL = (request: FastifyRequest) => request.routeOptions.url === '/graphql';
  return {
    name: 'metrics',
    apollo: { plugins: [apolloPlugin] },
    context: (request) => ({ [HTTP_REQUEST]: request }) as unknown as Partial<GatewayContext>,
    fastify: (app) => {
      serveMetrics(app, metrics, env);
      app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
        if (
          isGraphQL(request) &&
          !request.graphqlAnswered &&
          reply.statusCode >= 400 &&
          typeof payload === 'string' &&
          payload.length < 16_384
        )
          request.refusalCodes = refusalCodes(payload);
        return payload;
      });
      app.addHook('onResponse', async (request: FastifyRequest, reply: FastifyReply) => {
        if (!isGraphQL(request) || request.headers.accept?.includes('text/event-stream')) return;
        // The explorer's page, not an operation.
        if (String(reply.getHeader('content-type') ?? '').startsWith('text/html')) return;
        const answered = request.graphqlAnswered ?? {
          operationName: names.label(sentOperationName(request)),
          operationType: 'unknown',
          codes: request.refusalCodes ?? [],
        };
        metrics.answered(answered.operationName, answered.operationType, reply.elapsedTime / 1000, answered.codes);
      });
    },
    subgraphCalls: {
      called: (subgraph, seconds, errorCodes) => {
        subgraphDuration.observe({ subgraph }, seconds);
        for (const code of errorCodes) subgraphErrors.inc({ subgraph, code });
      },
    },
  };
}
