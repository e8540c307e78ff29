import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { FastifyRequest } from 'fastify';
import { ASSET_DIR, buildExplorer, CONTENT_SECURITY_POLICY, Explorer, OPERATIONS_DIR } from '../explorer';
import type { GatewayPlugin } from '../plugin';

/** What a GET of the endpoint with no operation gets in production (and nothing names the server). */
const NO_OPERATION = JSON.stringify({
  errors: [
    {
      message: 'This is a GraphQL endpoint: send an operation, in the query parameter of a GET or the JSON body of a POST.',
      extensions: { code: 'BAD_REQUEST' },
    },
  ],
});

/** A GET (or HEAD) that carries no GraphQL operation: someone opened the endpoint in a browser, or curl. */
function carriesNoOperation(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const params = (request.query ?? {}) as Record<string, unknown>;
  return params.query === undefined && params.extensions === undefined;
}

/** How much an Accept header wants a media type: the most specific range that matches decides. */
function quality(accept: string, type: string): number {
  const ranges = accept
    .toLowerCase()
    .split(',')
    .map((part) => {
      const [range, ...parameters] = part.split(';').map((p) => p.trim());
      const q = parameters.find((p) => p.startsWith('q='));
      return { range, q: q ? Number(q.slice(2)) : 1 };
    });
  const match =
    ranges.find((r) => r.range === type) ??
    ranges.find((r) => r.range === `${type.split('/')[0]}/*`) ??
    ranges.find((r) => r.range === '*/*');
  return match?.q ?? 0;
}

/**
 * A browser navigating (HTML ranked above GraphQL's JSON), as Apollo's landing page decided: it
 * gets the explorer even with ?query=, which GraphiQL writes into the address bar as people type
 * (so reloading or sharing that URL opens the explorer on that query). Clients get GraphQL.
 */
function browserNavigation(request: FastifyRequest): boolean {
  const accept = request.headers.accept;
  if (request.method !== 'GET' || !accept) return false;
  return quality(accept, 'text/html') > Math.max(quality(accept, 'application/json'), quality(accept, 'application/graphql-response+json'));
}

/**
 * What a GET of the GraphQL endpoint with no operation answers, and what people exploring the graph
 * get. Outside production: the explorer, GraphiQL with the example operations as tabs, every file
 * served by this process (assets under explorer/ next to the endpoint, built on first use), which a
 * browser's navigation gets too, and introspection. In production: 400 with a BAD_REQUEST GraphQL
 * error, and no introspection. Either way no Apollo landing page. GraphQL requests pass through.
 */
export function useExplorer(env: NodeJS.ProcessEnv, operationsDir = OPERATIONS_DIR): GatewayPlugin {
  if (env.NODE_ENV === 'production') return useNoExplorer();
  let explorer: Promise<Explorer> | undefined;
  const load = () => (explorer ??= buildExplorer(operationsDir));
  return {
    name: 'explorer',
    apollo: { introspection: true, plugins: [ApolloServerPluginLandingPageDisabled()] },
    fastify: (app) => {
      app.get<{ Params: { file: string } }>(`/${ASSET_DIR}/:file`, async (request, reply) => {
        const file = (await load()).assets.get(request.params.file);
        if (!file) return reply.code(404).type('text/plain; charset=utf-8').send('Not found');
        // The policy holds in Monaco's workers too: a worker script's own response sets it.
        return reply
          .type(file.type)
          .header('cache-control', 'public, max-age=31536000, immutable')
          .header('content-security-policy', CONTENT_SECURITY_POLICY)
          .send(file.body);
      });
    },
    preHandler: async (request, reply) => {
      if (!carriesNoOperation(request) && !browserNavigation(request)) return undefined;
      const { page } = await load();
      return reply
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-cache')
        .header('content-security-policy', CONTENT_SECURITY_POLICY)
        .send(page);
    },
  };
}

/**
 * An endpoint with nothing to explore: production's, and the partner endpoint's in every
 * environment (partners send registered operations only, and read the contract's schema file).
 * A GET with no operation answers 400 BAD_REQUEST; no introspection, no landing page.
 */
export function useNoExplorer(): GatewayPlugin {
  return {
    name: 'explorer',
    apollo: { introspection: false, plugins: [ApolloServerPluginLandingPageDisabled()] },
    preHandler: async (request, reply) => {
      if (!carriesNoOperation(request)) return undefined;
      return reply.code(400).type('application/json; charset=utf-8').send(NO_OPERATION);
    },
  };
}
