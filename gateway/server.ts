import { randomUUID } from 'node:crypto';
import { readFileSync, unwatchFile, watchFile } from 'node:fs';
import { resolve } from 'node:path';
import { ApolloGateway, SupergraphSdlHook } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { fastifyApolloHandler } from '@as-integrations/fastify';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import Fastify, { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { GraphQLFormattedError } from 'graphql';
import { jwtVerify } from 'jose';
import { Agent } from 'undici';
import type { Logger } from 'pino';
import { ANONYMOUS, Caller, encodeCaller } from '../lib/context';
import { createLogger } from '../lib/logger';
import { REQUEST_ID_HEADER, gatewaySecret } from '../lib/signature';
import { GatewayContext, SubgraphDataSource } from './datasource';
import { explorerPreHandler } from './explorer';
import { servedOperationTypes } from './operation-types';
import { subgraphUrl } from './subgraphs';

export const DEFAULT_SUPERGRAPH_PATH = resolve(__dirname, '../schema/supergraph.graphql');

export interface GatewayServerOptions {
  supergraphPath?: string;
  env?: NodeJS.ProcessEnv;
}

/** Extensions a client may see; everything else (service names, upstream responses) stays inside. */
const PUBLIC_EXTENSIONS = new Set(['code', 'reason', 'system', 'field']);

function publicError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  if (typeof code !== 'string' || code === 'INTERNAL_SERVER_ERROR') {
    return { message: 'Internal error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  }
  const extensions = Object.fromEntries(Object.entries(formatted.extensions ?? {}).filter(([key]) => PUBLIC_EXTENSIONS.has(key)));
  return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions };
}

/**
 * Serves the supergraph file and reloads it when it changes. A file that does not load is
 * refused and the running schema kept; in-flight requests finish on the schema they started with.
 */
function supergraphFromFile(path: string, log: Logger): SupergraphSdlHook {
  return async ({ update }) => {
    let current = readFileSync(path, 'utf8');
    const reload = () => {
      let next: string;
      try {
        next = readFileSync(path, 'utf8');
      } catch {
        return;
      }
      if (next === current) return;
      try {
        update(next);
        current = next;
        log.info({ path }, 'supergraph reloaded');
      } catch (error) {
        log.error({ err: error, path }, 'new supergraph refused; keeping the current one');
      }
    };
    watchFile(path, { interval: 200 }, reload);
    return { supergraphSdl: current, cleanup: async () => unwatchFile(path, reload) };
  };
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** The caller's request id if it is a sane one, else a new one. */
function requestIdOf(request: FastifyRequest): string {
  const given = request.headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

class CallerRejected extends Error {}

/** The caller's identity from a bearer JWT, verified here so subgraphs can trust what they are told. */
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

declare module 'fastify' {
  interface FastifyRequest {
    requestId?: string;
    caller?: Caller;
  }
}

/** The Omnigraph gateway: Apollo Gateway in Apollo Server 5 on Fastify, with its production guards. */
export async function buildGatewayServer(options: GatewayServerOptions = {}): Promise<FastifyInstance> {
  const env = options.env ?? process.env;
  const production = env.NODE_ENV === 'production';
  const log = createLogger('gateway', env);
  const secret = gatewaySecret(env);
  const clientKey = new TextEncoder().encode(env.OMNIGRAPH_CLIENT_JWT_SECRET ?? (production ? '' : 'omnigraph-development-client-secret'));
  if (clientKey.length === 0) throw new Error('OMNIGRAPH_CLIENT_JWT_SECRET must be set in production');
  const timeoutMs = Number(env.SUBGRAPH_TIMEOUT_MS ?? 8_000);

  // One keep-alive connection pool per subgraph, shared by every request and schema reload.
  const subgraphConnections = new Agent();
  // Apollo Gateway sends anonymous usage metrics to Apollo over the internet unless this is set (it
  // reads only process.env): a retailer's graph talks to its own systems only. An operator may set it to false.
  process.env.APOLLO_TELEMETRY_DISABLED ??= 'true';
  const gateway = new ApolloGateway({
    supergraphSdl: supergraphFromFile(options.supergraphPath ?? env.SUPERGRAPH_PATH ?? DEFAULT_SUPERGRAPH_PATH, log),
    buildService: ({ name, url }) => new SubgraphDataSource(name, subgraphUrl(name, url ?? '', env), secret, timeoutMs, subgraphConnections),
    logger: log,
  });
  const armor = new ApolloArmor({
    maxDepth: { n: Number(env.MAX_QUERY_DEPTH ?? 12) },
    maxAliases: { n: Number(env.MAX_QUERY_ALIASES ?? 20) },
    // The token limit is graphql-js's own, in parseOptions below: armor's runs a second parser in a
    // plugin hook, where its refusal (or any syntax error) became a 500.
    maxTokens: { enabled: false },
    costLimit: { maxCost: Number(env.MAX_QUERY_COST ?? 100_000) },
    maxDirectives: { n: 20 },
    blockFieldSuggestion: { enabled: true },
  }).protect();
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    csrfPrevention: true,
    introspection: !production,
    hideSchemaDetailsFromClientErrors: production,
    includeStacktraceInErrorResponses: false,
    // The Fastify app's onClose stops the server; one process may hold several servers (npm start).
    stopOnTerminationSignals: false,
    formatError: publicError,
    // Too many tokens aborts parsing: 400 GRAPHQL_PARSE_FAILED, like any document that does not parse.
    parseOptions: { maxTokens: Number(env.MAX_QUERY_TOKENS ?? 3_000) },
    validationRules: [...armor.validationRules, servedOperationTypes],
    // A GET with no operation is answered before Apollo (the explorer, or a 400 in production).
    plugins: [...armor.plugins, ApolloServerPluginLandingPageDisabled()],
  });
  await apollo.start();

  const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 });
  app.addHook('onRequest', async (request, reply) => {
    request.requestId = requestIdOf(request);
    reply.header(REQUEST_ID_HEADER, request.requestId);
  });
  app.get('/health', async () => ({ status: 'ok' }));
  const handler = fastifyApolloHandler(apollo, {
    context: async (request) => ({
      requestId: request.requestId ?? randomUUID(),
      callerHeader: encodeCaller(request.caller ?? ANONYMOUS),
    }),
  });
  const verifyCaller = async (request: FastifyRequest, reply: FastifyReply) => {
    try {
      request.caller = await callerOf(request, clientKey);
    } catch (error) {
      if (!(error instanceof CallerRejected)) throw error;
      return reply.code(401).send({ errors: [{ message: error.message, extensions: { code: 'UNAUTHENTICATED' } }] });
    }
  };
  const explorer = explorerPreHandler(app, { enabled: !production });
  app.route({ method: ['GET', 'POST'], url: '/graphql', preHandler: [explorer, verifyCaller], handler });
  app.addHook('onClose', async () => {
    await apollo.stop();
    await subgraphConnections.close();
  });
  return app;
}
