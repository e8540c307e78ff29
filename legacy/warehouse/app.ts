import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { clockFromEnv } from '../../lib/clock';
import { knobsFromEnv } from '../kit/knobs';
import type { StandInOptions } from '../kit/options';
import { createLegacyServer, FaultKind } from '../kit/server';
import { basicUser, cookieValue, credentialsFrom, Credentials, CsrfSessions, REALM, SESSION_COOKIE } from './auth';
import { MalformedBody, UnsupportedBody } from './odata/body';
import { CODES, ODataError } from './odata/errors';
import { ODATA_ROOT, operationName, sendODataError, servicesByName, WarehouseService } from './service';

export const SYSTEM = 'warehouse';
export const ENV_PREFIX = 'WAREHOUSE';

const LOGON_FAILED = '<html><head><title>Logon Error Message</title></head><body><h1>Logon failed</h1></body></html>';
// What the SAP Web Dispatcher in front answers when no application server is up.
const NO_SERVER =
  '<html><head><title>503 Service not available</title></head><body><h2>503 Service not available</h2>' +
  '<p>SAP Web Dispatcher: no server is available to handle this request.</p></body></html>';
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Faults in the product's dialect: the Gateway's OData error for an internal failure, the Web
 * Dispatcher's page when the backend is down, and SAP API Management's quota fault for rate limits.
 */
function sendFault(reply: FastifyReply, kind: FaultKind, retryAfterSeconds: number): FastifyReply {
  switch (kind) {
    case 'error':
      return sendODataError(reply, new ODataError(500, CODES.internal, 'An exception was raised'));
    case 'down':
      return reply.code(503).type('text/html; charset=utf-8').send(NO_SERVER);
    case 'rate-limited':
      return reply
        .code(429)
        .header('retry-after', String(retryAfterSeconds))
        .type('application/json; charset=utf-8')
        .send({
          fault: {
            faultstring: 'Rate limit quota violation. Quota limit exceeded.',
            detail: { errorcode: 'policies.ratelimit.QuotaViolation' },
          },
        });
  }
}

/** The service a request's route belongs to, from its URL. */
function serviceOf(request: FastifyRequest) {
  const name = request.url.slice(ODATA_ROOT.length + 1).split(/[/?]/)[0];
  return request.url.startsWith(`${ODATA_ROOT}/`) ? servicesByName.get(name) : undefined;
}

function operationOf(request: FastifyRequest): string {
  const service = serviceOf(request);
  const name = service && request.routeOptions.url !== undefined ? operationName(request, service) : null;
  return name ?? request.routeOptions.config.operation ?? `${request.method} ${request.routeOptions.url ?? 'unmatched'}`;
}

/**
 * Bodies are parsed leniently and judged in the handler, so that a malformed or non-JSON body still
 * meets the logon check first and is counted under its operation. Admin calls keep strict JSON.
 */
function acceptBodies(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    try {
      done(null, JSON.parse(body as string));
    } catch (error) {
      if (request.routeOptions.config.admin) done(Object.assign(error as Error, { statusCode: 400 }), undefined);
      else done(null, new MalformedBody());
    }
  });
  app.addContentTypeParser('*', { parseAs: 'string' }, (request, _body, done) =>
    done(null, new UnsupportedBody(request.headers['content-type'] ?? '')),
  );
}

/** Logon (Basic) on every call; CSRF token fetch on GET; token and session cookie on every write. */
function guard(app: FastifyInstance, credentials: Credentials, sessions: CsrfSessions, users: WeakMap<FastifyRequest, string>): void {
  app.addHook('preHandler', async (request, reply) => {
    if (request.routeOptions.config.admin) return;
    const user = basicUser(request.headers.authorization, credentials);
    if (user === null) {
      return reply.code(401).header('www-authenticate', `Basic realm="${REALM}"`).type('text/html; charset=utf-8').send(LOGON_FAILED);
    }
    users.set(request, user);
    const session = cookieValue(request.headers.cookie, SESSION_COOKIE);
    const token = request.headers['x-csrf-token'];
    if ((request.method === 'GET' || request.method === 'HEAD') && typeof token === 'string' && token.toLowerCase() === 'fetch') {
      const issued = sessions.fetch(session);
      reply.header('x-csrf-token', issued.token);
      if (issued.isNew) reply.header('set-cookie', `${SESSION_COOKIE}=${issued.sessionId}; path=/; HttpOnly`);
    }
    if (WRITES.has(request.method) && !sessions.valid(session, typeof token === 'string' ? token : undefined)) {
      return reply.code(403).header('x-csrf-token', 'Required').type('text/plain; charset=utf-8').send('CSRF token validation failed');
    }
  });
}

/** The warehouse / ERP stand-in: SAP S/4HANA OData V2 APIs for stock, plants, reservations and goods movements. */
export function buildApp(options: StandInOptions): FastifyInstance {
  const env = options.env ?? process.env;
  const clock = options.clock ?? clockFromEnv(env);
  const app = createLegacyServer({
    system: SYSTEM,
    knobs: { ...knobsFromEnv(ENV_PREFIX, env), ...options.knobs },
    sendFault,
    operationOf,
    logger: options.logger,
    env,
  });
  const users = new WeakMap<FastifyRequest, string>();
  acceptBodies(app);
  guard(app, credentialsFrom(env), new CsrfSessions(clock), users);

  app.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
    if (request.routeOptions.config.admin) return reply.code(error.statusCode ?? 500).send({ error: error.message });
    if (error instanceof ODataError) return sendODataError(reply, error);
    if (error.statusCode !== undefined && error.statusCode < 500)
      return sendODataError(reply, new ODataError(error.statusCode, CODES.badRequest, error.message));
    request.log.error(error);
    return sendODataError(reply, new ODataError(500, CODES.internal, 'An exception was raised'));
  });

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0];
    if (!path.startsWith(`${ODATA_ROOT}/`))
      return reply.code(404).type('text/html; charset=utf-8').send('<html><body><h1>404 Not found</h1></body></html>');
    const name = path.slice(ODATA_ROOT.length + 1).split('/')[0];
    return sendODataError(
      reply,
      new ODataError(404, CODES.noService, `No service found for namespace '/SAP/', name '${name}', version '0001'`),
    );
  });

  const warehouse = new WarehouseService(options.db);
  for (const service of servicesByName.values()) {
    const handler = async (request: FastifyRequest, reply: FastifyReply) =>
      warehouse.handle(request, reply, service, { user: users.get(request)!, now: clock() });
    for (const url of [`${ODATA_ROOT}/${service.name}`, `${ODATA_ROOT}/${service.name}/*`]) {
      app.route({ method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], url, config: { operation: service.name }, handler });
    }
  }
  return app;
}
