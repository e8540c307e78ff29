import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ApolloServer, ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { fastifyApolloHandler } from '@as-integrations/fastify';
import Fastify, { FastifyInstance, RouteHandlerMethod } from 'fastify';
import type { GraphQLFormattedError } from 'graphql';
import { parse } from 'graphql';
import type { Logger } from 'pino';
import { decodeCaller, RequestContext } from './context';
import { createLogger } from './logger';
import { observedBy, OperationNames, serveMetrics, type ServerMetrics, SubgraphMetrics } from './metrics';
import { SUBGRAPHS } from './subgraph-locations';
import { operationNaming, served, startTracing } from './tracing';
import { CALLER_HEADER, REQUEST_ID_HEADER, SIGNATURE_HEADER, gatewaySecret, verifyRequest } from './signature';

/**
 * The files under `schema/shared/` each subgraph declares besides its own `schema.graphql` (its
 * `sharedSdl` in the registry, lib/subgraph-locations.ts): types federation wants every subgraph
 * that uses them to declare identically, written once. A subgraph takes only files whose types it
 * uses: composition accepts unused types, but each one puts the subgraph on that type's join__type
 * list in the supergraph. The running subgraph and `scripts/compose.ts` read them through
 * `subgraphTypeDefs`; `codegen.yml` lists the same files, in the same order, and
 * `tests/unit/shared-sdl.test.ts` holds it and the schema files to this table.
 */
export const SHARED_SDL: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  SUBGRAPHS.map((subgraph) => [subgraph.name, subgraph.sharedSdl]),
);

/** SDL that `npm run compose` writes from the registry, read after a subgraph's shared files: the order history's sources. */
export const GENERATED_SDL: Readonly<Record<string, string>> = { orders: 'schema/generated/order-history.graphql' };

const ROOT = resolve(__dirname, '..');

/** A subgraph's SDL files, relative to the repository: its own `schema.graphql`, its shared files, then any generated for it. */
export function subgraphSchemaFiles(name: string): string[] {
  const shared = SHARED_SDL[name];
  if (!shared) throw new Error(`no subgraph "${name}" in the registry (lib/subgraph-locations.ts)`);
  const generated = GENERATED_SDL[name];
  return [`subgraphs/${name}/schema.graphql`, ...shared.map((file) => `schema/shared/${file}.graphql`), ...(generated ? [generated] : [])];
}

/** A subgraph's whole SDL: its own schema and the shared files it declares, one after the other. */
export function subgraphTypeDefs(name: string): string {
  return subgraphSchemaFiles(name)
    .map((file) => readFileSync(resolve(ROOT, file), 'utf8'))
    .join('\n');
}

/** A subgraph: its schema, its resolvers, and the per-request context (its loaders) it builds. */
export interface SubgraphService<TContext extends RequestContext> {
  name: string;
  typeDefs: string;
  resolvers: GraphQLResolverMap<TContext>;
  createContext(base: RequestContext): TContext;
  /** Settles when the subgraph can answer (a first sync, say); the server listens after it. */
  ready?: Promise<void>;
  /**
   * Settles when work the subgraph begins once ready has finished (the KPIs' first read of the
   * systems' history): a whole system started to be used at once (npm start, tests) waits for it,
   * and the server's GET /ready answers 503 until it has (its state is not warm yet), though
   * /graphql already answers.
   */
  settled?: Promise<void>;
  /**
   * The systems the subgraph cannot answer without that it has not read since it started (identity's
   * directory before its first read of the CRM and the web shop, when one was unreachable then):
   * GET /ready answers 503 naming them while there are any. The subgraph's own rounds read them again.
   */
  unreadSystems?(): readonly string[];
  /** Frees clients, timers and caches when the server stops. */
  close?(): Promise<void>;
  /** Apollo Server plugins of its own, after the shared ones (the record of who looked writes in one). */
  plugins?: ApolloServerPlugin<TContext>[];
  /**
   * HTTP routes of its own beside /graphql, for what a system sends unasked (a marketplace's push
   * notifications): not the gateway's, so each checks its caller itself. JSON bodies keep `rawBody`.
   */
  routes?(app: FastifyInstance): void;
}

export interface SubgraphServerOptions {
  env?: NodeJS.ProcessEnv;
  /** The server's metrics, which its legacy clients and caches were built to report to (serveSubgraph); new ones otherwise. */
  metrics?: SubgraphMetrics;
}

declare module 'fastify' {
  interface FastifyRequest {
    rawBody?: string;
    /** The request id the gateway sent (a new one without): the context's, and the header of each legacy call made for it. */
    requestId: string;
  }
}

/** Errors a client may see as they are; anything else is masked. */
function isPublicError(formatted: GraphQLFormattedError): boolean {
  const code = formatted.extensions?.code;
  return typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR';
}

/**
 * Counts each GraphQL request the subgraph answers (lib/metrics.ts): by operation (the gateway's
 * names for its fetches, `<operation>__<subgraph>__<n>`, bounded), its time and its errors' codes
 * as sent.
 */
function metricsPlugin(metrics: ServerMetrics): ApolloServerPlugin<RequestContext> {
  const names = new OperationNames();
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse({ operationName, operation, request, response }) {
          const body = response.body;
          const errors = body.kind === 'single' ? (body.singleResult.errors ?? []) : [];
          metrics.answered(
            names.label(operationName ?? request.operationName),
            operation?.operation ?? 'unknown',
            (performance.now() - started) / 1000,
            errors.map((error) => (typeof error.extensions?.code === 'string' ? error.extensions.code : 'UNKNOWN')),
          );
        },
      };
    },
  };
}

function maskingPlugin(log: Logger): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors }) {
          for (const error of errors) {
            const original = unwrapResolverError(error);
            if (!(original instanceof Error) || isPublicError(error.toJSON())) continue;
            log.error({ err: original, path: error.path }, 'resolver failed');
          }
        },
      };
    },
  };
}

declare module 'fastify' {
  interface FastifyInstance {
    /** A subgraph server's SubgraphService.settled. */
    settled?: Promise<void>;
    /** A subgraph server's SubgraphService.name. */
    subgraph?: string;
  }
}

/**
 * Builds a subgraph's service and its server, the service built with the server's metrics as the
 * observer of the legacy clients and entity caches it makes (lib/metrics.ts): what `npm start`, the
 * tests and each subgraph's own process run.
 */
export async function serveSubgraph<TContext extends RequestContext>(
  create: (env: NodeJS.ProcessEnv) => SubgraphService<TContext>,
  options: Omit<SubgraphServerOptions, 'metrics'> = {},
): Promise<FastifyInstance> {
  const env = options.env ?? process.env;
  const metrics = new SubgraphMetrics();
  const service = observedBy(metrics, () => create(env));
  metrics.named(service.name);
  return buildSubgraphServer(service, { env, metrics });
}

/**
 * Builds the HTTP server of one subgraph: POST /graphql for the gateway only (HMAC signature over
 * time, request id, caller and body); for probes GET /health (alive) and GET /ready (ready: 503 until
 * the service's `settled` work is done and it has read every system it cannot answer without
 * (`unreadSystems`), and once the server is closing); GET /metrics for
 * Prometheus (lib/metrics.ts: OMNIGRAPH_METRICS_TOKEN). Unexpected errors are logged and masked: no
 * stack trace or internal name leaves the subgraph.
 */
export async function buildSubgraphServer<TContext extends RequestContext>(
  service: SubgraphService<TContext>,
  options: SubgraphServerOptions = {},
): Promise<FastifyInstance> {
  const env = options.env ?? process.env;
  const secret = gatewaySecret(env);
  const log = createLogger(`subgraph-${service.name}`, env);
  const metrics = options.metrics ?? new SubgraphMetrics(service.name);
  const apollo = new ApolloServer<TContext>({
    schema: buildSubgraphSchema([{ typeDefs: parse(service.typeDefs), resolvers: service.resolvers as GraphQLResolverMap<unknown> }]),
    includeStacktraceInErrorResponses: false,
    // The Fastify app's onClose stops the server; one process may hold several servers (npm start).
    stopOnTerminationSignals: false,
    introspection: env.NODE_ENV !== 'production',
    // No usage reporting to Apollo's cloud, so no per-field traces to compute.
    plugins: [
      metricsPlugin(metrics) as ApolloServerPlugin<TContext>,
      maskingPlugin(log) as ApolloServerPlugin<TContext>,
      ApolloServerPluginInlineTraceDisabled(),
      operationNaming<TContext>(),
      ...(service.plugins ?? []),
    ],
    formatError: (formatted) =>
      isPublicError(formatted)
        ? formatted
        : { message: 'Internal error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } },
  });
  await Promise.all([apollo.start(), service.ready]);

  const app = Fastify({ logger: false, bodyLimit: 2 * 1024 * 1024 });
  // Keep the raw body: the gateway's signature covers the exact bytes it sent.
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    request.rawBody = body as string;
    try {
      done(null, JSON.parse(body as string));
    } catch {
      done(Object.assign(new Error('Body is not valid JSON'), { statusCode: 400 }), undefined);
    }
  });
  const settled = service.settled ?? Promise.resolve();
  app.decorate('settled', settled);
  app.decorate('subgraph', service.name);
  // Ready once its state is warm (`ready` is awaited above, `settled` here), and no longer once closing.
  let warm = false;
  let closing = false;
  settled.then(
    () => (warm = true),
    (error: unknown) => log.error({ err: error }, 'the work begun at start failed; not ready'),
  );
  app.addHook('preClose', async () => void (closing = true));
  app.get('/health', async () => ({ status: 'ok', subgraph: service.name }));
  app.get('/ready', async (_request, reply) => {
    const unread = service.unreadSystems?.() ?? [];
    if (warm && !closing && unread.length === 0) return { status: 'ready', subgraph: service.name };
    return reply.code(503).send({ status: closing ? 'stopping' : 'starting', subgraph: service.name, waitingFor: unread });
  });
  serveMetrics(app, metrics, env);
  service.routes?.(app);
  // Typed for a route that answers only strings; this one's guard also answers its 401 as an object.
  const answer = fastifyApolloHandler(apollo, {
    context: async (request) => {
      const caller = decodeCaller(request.headers[CALLER_HEADER] as string | undefined);
      return service.createContext({ requestId: request.requestId, caller, log: log.child({ requestId: request.requestId }) });
    },
  }) as RouteHandlerMethod;
  app.decorateRequest('requestId', '');
  app.post('/graphql', {
    preHandler: async (request, reply) => {
      const header = (name: string) => {
        const value = request.headers[name];
        return Array.isArray(value) ? value[0] : value;
      };
      const signed = verifyRequest(secret, header(SIGNATURE_HEADER), {
        requestId: header(REQUEST_ID_HEADER) ?? '',
        caller: header(CALLER_HEADER) ?? '',
        body: request.rawBody ?? '',
      });
      if (!signed) {
        return reply
          .code(401)
          .send({ errors: [{ message: 'This service only answers the Omnigraph gateway.', extensions: { code: 'UNAUTHENTICATED' } }] });
      }
    },
    handler: async function (request, reply) {
      request.requestId = (request.headers[REQUEST_ID_HEADER] as string | undefined) ?? randomUUID();
      return served(
        service.name,
        '/graphql',
        request,
        async () => answer.call(this, request, reply),
        () => reply.statusCode,
      );
    },
  });
  app.addHook('onClose', async () => {
    await apollo.stop();
    await service.close?.();
  });
  return app;
}

/** Entry point of `subgraphs/<name>/main.ts`: one subgraph as its own process. */
export async function runSubgraph<TContext extends RequestContext>(
  create: (env: NodeJS.ProcessEnv) => SubgraphService<TContext>,
  defaultPort: number,
): Promise<void> {
  const app = await serveSubgraph(create);
  const name = app.subgraph!;
  // Every request is traced from here on when the environment configures tracing (lib/tracing.ts).
  const tracing = startTracing({ service: name });
  if (tracing) app.addHook('onClose', () => tracing.stop());
  const port = Number(process.env[`${name.toUpperCase()}_SUBGRAPH_PORT`] ?? defaultPort);
  await app.listen({ host: process.env.SUBGRAPH_HOST ?? '127.0.0.1', port });
  // eslint-disable-next-line no-console -- the entry point tells whoever started it where it listens
  console.log(`${name} subgraph on http://127.0.0.1:${port}/graphql`);
  const stop = () => void app.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
