import { ApolloGateway, GetDataSourceFunction, SupergraphSdlHook } from '@apollo/gateway';
import { ApolloServer, ApolloServerOptionsWithGateway } from '@apollo/server';
import { fastifyApolloHandler } from '@as-integrations/fastify';
import Fastify, { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FormattedExecutionResult, GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import type { GatewayContext } from './datasource';

/** The Apollo Server options a plugin may give. */
export type ApolloPart = Pick<
  ApolloServerOptionsWithGateway<GatewayContext>,
  | 'plugins'
  | 'validationRules'
  | 'parseOptions'
  | 'formatError'
  | 'introspection'
  | 'hideSchemaDetailsFromClientErrors'
  | 'includeStacktraceInErrorResponses'
  | 'persistedQueries'
>;

/** The Apollo Gateway options a plugin may give. */
export interface GatewayPart {
  supergraphSdl: SupergraphSdlHook;
  buildService: GetDataSourceFunction;
}

/** How the gateway runs a validated operation: it plans it, calls the subgraphs and merges their answers. */
export type GatewayExecutor = Awaited<ReturnType<ApolloGateway['load']>>['executor'];

/** The started gateway, as a plugin that serves operations by another transport (subscriptions) uses it. */
export interface RunningGateway {
  /** Runs an operation through Apollo's whole pipeline (validation, limits, access rules, planning, masking), as a request would. */
  execute(
    request: { query: string; variables?: Record<string, unknown>; operationName?: string },
    context: GatewayContext,
  ): Promise<FormattedExecutionResult>;
  /** The schema clients see, once the supergraph is loaded (and as each reload changes it). */
  apiSchema(): GraphQLSchema | undefined;
}

/**
 * One concern of the gateway, in the spirit of Hive Gateway's runtime plugins: every part is
 * optional, and `assembleGateway` combines the parts of a list of plugins in list order.
 */
export interface GatewayPlugin {
  /** Names the plugin in assembly errors. */
  name: string;
  /**
   * Apollo Server options. Plugins and validation rules add up, and error formatters run one after
   * another; any other option is one plugin's alone (a second is an assembly error).
   */
  apollo?: ApolloPart;
  /** Where the supergraph comes from, or how subgraphs are called: exactly one plugin gives each. */
  gateway?: Partial<GatewayPart>;
  /** Sees each supergraph before the gateway loads it, the first and every reload, and may rewrite it. */
  supergraph?: (supergraphSdl: string) => string;
  /** Wraps the running of each validated operation, before the gateway plans it; later plugins wrap earlier ones. */
  executor?: (next: GatewayExecutor) => GatewayExecutor;
  /** Hooks and routes on the Fastify app, added before the GraphQL route. */
  fastify?: (app: FastifyInstance) => void;
  /** Runs on the GraphQL route before Apollo; a plugin that answers the request ends it there. */
  preHandler?: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
  /** What it adds to each operation's context, which every subgraph call carries; a later plugin's field wins. */
  context?: (request: FastifyRequest) => Partial<GatewayContext>;
  /** Told the running gateway once Apollo has started, before the app listens. */
  started?: (gateway: RunningGateway, app: FastifyInstance) => void;
  /** Runs when the app closes, after Apollo has stopped. */
  close?: () => Promise<void>;
}

/** The value of an option that one plugin alone may give; two giving it is a mistake in the list. */
function single<T>(plugins: GatewayPlugin[], option: string, valueOf: (plugin: GatewayPlugin) => T | undefined): T | undefined {
  const givers = plugins.filter((plugin) => valueOf(plugin) !== undefined);
  if (givers.length > 1) throw new Error(`The gateway plugins ${givers.map((p) => p.name).join(' and ')} both set ${option}`);
  return givers.length === 1 ? valueOf(givers[0]) : undefined;
}

function required<T>(plugins: GatewayPlugin[], option: string, valueOf: (plugin: GatewayPlugin) => T | undefined): T {
  const value = single(plugins, option, valueOf);
  if (value === undefined) throw new Error(`No gateway plugin sets ${option}`);
  return value;
}

function apolloOptions(plugins: GatewayPlugin[]): ApolloPart {
  const formatters = plugins.flatMap((p) => p.apollo?.formatError ?? []);
  return {
    plugins: plugins.flatMap((p) => p.apollo?.plugins ?? []),
    validationRules: plugins.flatMap((p) => p.apollo?.validationRules ?? []),
    formatError: formatters.length ? (formatted, error) => formatters.reduce((f, format) => format(f, error), formatted) : undefined,
    parseOptions: single(plugins, 'parseOptions', (p) => p.apollo?.parseOptions),
    introspection: single(plugins, 'introspection', (p) => p.apollo?.introspection),
    hideSchemaDetailsFromClientErrors: single(
      plugins,
      'hideSchemaDetailsFromClientErrors',
      (p) => p.apollo?.hideSchemaDetailsFromClientErrors,
    ),
    persistedQueries: single(plugins, 'persistedQueries', (p) => p.apollo?.persistedQueries),
    includeStacktraceInErrorResponses: single(
      plugins,
      'includeStacktraceInErrorResponses',
      (p) => p.apollo?.includeStacktraceInErrorResponses,
    ),
  };
}

/** The supergraph hook with every plugin's rewrite applied to what it loads, first and on each update. */
function rewrittenSupergraph(plugins: GatewayPlugin[]): SupergraphSdlHook {
  const source = required(plugins, 'supergraphSdl', (p) => p.gateway?.supergraphSdl);
  const rewrites = plugins.flatMap((p) => p.supergraph ?? []);
  if (rewrites.length === 0) return source;
  const rewrite = (sdl: string) => rewrites.reduce((current, next) => next(current), sdl);
  return async (options) => {
    const loaded = await source({ ...options, update: (sdl) => options.update(rewrite(sdl)) });
    try {
      return { ...loaded, supergraphSdl: rewrite(loaded.supergraphSdl) };
    } catch (error) {
      // A refused first supergraph ends the gateway's start: the source must stop watching for the next.
      await loaded.cleanup?.();
      throw error;
    }
  };
}

/** Apollo Gateway as Apollo Server loads it, its executor wrapped by the plugins that wrap it. */
function wrappedGateway(gateway: ApolloGateway, plugins: GatewayPlugin[]): ApolloServerOptionsWithGateway<GatewayContext>['gateway'] {
  const wrappers = plugins.flatMap((p) => p.executor ?? []);
  if (wrappers.length === 0) return gateway;
  return {
    load: async (options) => {
      const loaded = await gateway.load(options);
      return { ...loaded, executor: wrappers.reduce((executor, wrap) => wrap(executor), loaded.executor) };
    },
    onSchemaLoadOrUpdate: (callback) => gateway.onSchemaLoadOrUpdate(callback),
    stop: () => gateway.stop(),
  };
}

/**
 * The gateway from its plugins: Apollo Gateway in Apollo Server 5 on Fastify, GraphQL at /graphql,
 * GET /health (alive) and GET /ready (a supergraph is loaded, and the app is not closing) for probes.
 */
export async function assembleGateway(plugins: GatewayPlugin[], log: Logger): Promise<FastifyInstance> {
  const gateway = new ApolloGateway({
    supergraphSdl: rewrittenSupergraph(plugins),
    buildService: required(plugins, 'buildService', (p) => p.gateway?.buildService),
    logger: log,
  });
  let apiSchema: GraphQLSchema | undefined;
  gateway.onSchemaLoadOrUpdate(({ apiSchema: loaded }) => void (apiSchema = loaded));
  const apollo = new ApolloServer<GatewayContext>({
    gateway: wrappedGateway(gateway, plugins),
    csrfPrevention: true,
    // The Fastify app's onClose stops the server; one process may hold several servers (npm start).
    stopOnTerminationSignals: false,
    ...apolloOptions(plugins),
  });
  await apollo.start();

  const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 });
  for (const plugin of plugins) plugin.fastify?.(app);
  // Liveness: the process answers. Readiness: it has a supergraph to plan with, and is not stopping
  // (a load balancer stops sending before the connections are closed). Not the subgraphs' health:
  // a gateway that took itself out for a subgraph that is down would turn a partial answer into none.
  let closing = false;
  app.addHook('preClose', async () => void (closing = true));
  app.get('/health', async () => ({ status: 'ok' }));
  app.get('/ready', async (_request, reply) =>
    apiSchema && !closing ? { status: 'ready' } : reply.code(503).send({ status: closing ? 'stopping' : 'starting' }),
  );
  const contexts = plugins.flatMap((p) => p.context ?? []);
  const handler = fastifyApolloHandler(apollo, {
    context: async (request) => {
      // A subgraph call without a request id or caller sends neither header.
      const context: GatewayContext = { requestId: '', callerHeader: '' };
      for (const part of contexts) Object.assign(context, part(request));
      return context;
    },
  });
  app.route({ method: ['GET', 'POST'], url: '/graphql', preHandler: plugins.flatMap((p) => p.preHandler ?? []), handler });
  const running: RunningGateway = {
    execute: async (request, contextValue) => {
      const { body } = await apollo.executeOperation(request, { contextValue });
      // Only an incremental delivery (@defer) answers in parts, and the gateway serves none.
      if (body.kind !== 'single') throw new Error('an operation answered in parts');
      return body.singleResult;
    },
    apiSchema: () => apiSchema,
  };
  for (const plugin of plugins) plugin.started?.(running, app);
  app.addHook('onClose', async () => {
    await apollo.stop();
    for (const plugin of plugins) await plugin.close?.();
  });
  return app;
}
