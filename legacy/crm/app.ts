/**
 * The CRM stand-in: Odoo 17's external JSON-RPC API on `POST /jsonrpc`, behind an nginx that
 * answers for it when it is down or rate-limited.
 */
import { clockFromEnv } from '../../lib/clock';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { knobsFromEnv } from '../kit/knobs';
import type { StandInOptions } from '../kit/options';
import { createLegacyServer, FaultKind } from '../kit/server';
import { registerSqlFunctions } from './domain';
import { errorEnvelope, OdooError } from './errors';
import { API_USER_ID } from './models';
import { odooDatetime, Orm } from './orm';
import { nginxPage, werkzeugPage } from './pages';
import { credentialsFromEnv, JsonRpc } from './rpc';

export const SYSTEM = 'crm';
export const ENV_PREFIX = 'CRM';

/** What the body parser made of the request, so that Odoo's own 400s come from the route. */
type RpcBody = { kind: 'json'; value: unknown } | { kind: 'invalid-json' } | { kind: 'not-json' };

const HTML = 'text/html; charset=utf-8';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function envelopeOf(request: FastifyRequest): Record<string, unknown> | undefined {
  const body = request.body as RpcBody | undefined;
  return body?.kind === 'json' && isPlainObject(body.value) ? body.value : undefined;
}

/** Calls count as `<model>.<method>` or `common.<method>`, read from the parsed body. */
function operationOf(request: FastifyRequest): string {
  const params = envelopeOf(request)?.params;
  if (isPlainObject(params)) {
    const { service, method, args } = params;
    if (service === 'common' && typeof method === 'string') return `common.${method}`;
    if (service === 'object' && Array.isArray(args) && typeof args[3] === 'string' && typeof args[4] === 'string')
      return `${args[3]}.${args[4]}`;
  }
  return request.routeOptions.config.operation ?? `${request.method} ${request.routeOptions.url ?? 'unmatched'}`;
}

function sendFault(reply: FastifyReply, kind: FaultKind, retryAfterSeconds: number): FastifyReply {
  if (kind === 'error') {
    const failure = new OdooError('builtins.Exception', 'The server failed to process the request; please try again later.');
    return reply.code(200).send(errorEnvelope(envelopeOf(reply.request)?.id ?? null, failure));
  }
  reply.header('server', 'nginx').type(HTML);
  if (kind === 'down') return reply.code(502).send(nginxPage(502));
  return reply.code(429).header('retry-after', String(retryAfterSeconds)).send(nginxPage(429));
}

function badRequest(reply: FastifyReply, text: string): FastifyReply {
  return reply.code(400).type(HTML).send(text);
}

export function buildApp(options: StandInOptions): FastifyInstance {
  const env = options.env ?? process.env;
  const app = createLegacyServer({
    system: SYSTEM,
    knobs: { ...knobsFromEnv(ENV_PREFIX, env), ...options.knobs },
    sendFault,
    operationOf,
    logger: options.logger,
    env,
  });
  registerSqlFunctions(options.db);
  const clock = options.clock ?? clockFromEnv(env);
  const orm = new Orm(options.db, () => odooDatetime(clock()), API_USER_ID);
  const rpc = new JsonRpc(orm, credentialsFromEnv(env));

  // Its own body parsers, scoped so the kit's admin routes keep Fastify's JSON handling.
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(['application/json', 'application/json-rpc'], { parseAs: 'string' }, (_request, text, done) => {
      try {
        done(null, { kind: 'json', value: JSON.parse(text as string) } satisfies RpcBody);
      } catch {
        done(null, { kind: 'invalid-json' } satisfies RpcBody);
      }
    });
    scope.addContentTypeParser('*', { parseAs: 'string' }, (_request, _text, done) => done(null, { kind: 'not-json' } satisfies RpcBody));
    scope.setErrorHandler((error: { statusCode?: number; message: string }, request, reply) => {
      const status = error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
      if (status === 500) request.log.error(error);
      const description =
        status === 500 ? 'The server encountered an internal error and was unable to complete your request.' : error.message;
      return reply.code(status).type(HTML).send(werkzeugPage(status, description));
    });

    scope.post('/jsonrpc', { config: { operation: 'jsonrpc' } }, async (request, reply) => {
      const body = request.body as RpcBody | undefined;
      // Odoo picks its JSON dispatcher by content type, then parses; both fail as bare 400s.
      if (body?.kind !== 'json' && body?.kind !== 'invalid-json') {
        return badRequest(reply, werkzeugPage(400, "Request inferred type is compatible with ['http'] but 'json' was expected."));
      }
      if (body.kind === 'invalid-json') return badRequest(reply, 'Invalid JSON data');
      const envelope = envelopeOf(request);
      if (!envelope) return badRequest(reply, 'Invalid JSON-RPC data');
      const id = envelope.id ?? null;
      try {
        return { jsonrpc: '2.0', id, result: rpc.dispatch(envelope.params) };
      } catch (error) {
        if (error instanceof OdooError) return errorEnvelope(id, error);
        request.log.error(error);
        return errorEnvelope(id, new OdooError('builtins.Exception', error instanceof Error ? error.message : String(error)));
      }
    });
  });
  return app;
}
