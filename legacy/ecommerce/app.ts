import { randomBytes } from 'node:crypto';
import { clockFromEnv } from '../../lib/clock';
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { knobsFromEnv } from '../kit/knobs';
import type { StandInOptions } from '../kit/options';
import { createLegacyServer, FaultKind } from '../kit/server';
import { registerTokenRoutes } from './auth';
import { adminScope, guestScope, mineScope, registerCartRoutes } from './carts';
import { registerCatalogRoutes } from './catalog';
import { registerCheckoutRoutes } from './checkout';
import { registerCustomerRoutes } from './customers';
import { MagentoError } from './errors';
import { registerInventoryRoutes } from './inventory';
import { registerOrderRoutes } from './orders';
import { registerRefundRoutes } from './refunds';
import { registerRewardRoutes } from './reward';
import { registerCouponRoutes, registerSalesRuleRoutes } from './sales-rules';
import { createShop, Shop } from './shop';

export const SYSTEM = 'ecommerce';
export const ENV_PREFIX = 'ECOMMERCE';
/** `/rest/V1` is the default store view; `/rest/default/V1` names it. */
const ROUTE_PREFIXES = ['/rest/V1', '/rest/default/V1'];

/** What nginx in front of Magento serves while it is in maintenance mode. */
const MAINTENANCE_PAGE = `<!doctype html>
<html><head><title>Service Temporarily Unavailable</title></head>
<body><h1>Service Temporarily Unavailable</h1>
<p>The server is temporarily unable to service your request due to maintenance downtime or capacity problems. Please try again later.</p>
</body></html>
`;

function sendFault(reply: FastifyReply, kind: FaultKind, retryAfterSeconds: number): FastifyReply {
  switch (kind) {
    case 'error':
      return reply.code(500).send({
        message: `Internal Error. Details are available in Magento log file. Report ID: webapi-${randomBytes(7).toString('hex').slice(0, 13)}`,
      });
    case 'down':
      return reply.code(503).type('text/html; charset=UTF-8').send(MAINTENANCE_PAGE);
    case 'rate-limited':
      return reply.code(429).header('Retry-After', String(retryAfterSeconds)).send({ message: 'Too Many Requests' });
  }
}

/** JSON bodies are decoded here so that bad JSON gets Magento's "Decoding error" and an empty body counts as none. */
function installJsonParser(app: FastifyInstance): void {
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = String(body);
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch (error) {
      done(new MagentoError(400, `Decoding error: ${(error as Error).message}`), undefined);
    }
  });
}

/** Every failure answers in Magento's `{"message": ..., "parameters": ...}` shape, never with a stack trace. */
function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof MagentoError) return reply.code(error.statusCode).send(error.body());
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return reply.code(400).send({
        message: 'Server cannot understand Content-Type HTTP header media type %1',
        parameters: [request.headers['content-type'] ?? ''],
      });
    }
    if (error.statusCode && error.statusCode < 500) return reply.code(error.statusCode).send({ message: error.message });
    request.log.error(error);
    return sendFault(reply, 'error', 0);
  });
  app.setNotFoundHandler((_request, reply) => reply.code(404).send({ message: 'Request does not match any route.' }));
}

function registerRoutes(app: FastifyInstance, shop: Shop): void {
  const scopes = { guest: guestScope(shop), mine: mineScope(shop), admin: adminScope(shop) };
  registerTokenRoutes(app, shop.auth);
  registerCustomerRoutes(app, shop);
  registerCatalogRoutes(app, shop);
  registerCartRoutes(app, shop, scopes);
  registerCheckoutRoutes(app, shop, scopes.guest);
  registerCheckoutRoutes(app, shop, scopes.mine);
  registerCheckoutRoutes(app, shop, scopes.admin);
  registerOrderRoutes(app, shop);
  registerRefundRoutes(app, shop);
  registerSalesRuleRoutes(app, shop);
  for (const scope of Object.values(scopes)) registerCouponRoutes(app, shop, scope);
  // Points are the CRM's: only the integration sets them on a cart.
  registerRewardRoutes(app, shop, scopes.admin);
  registerInventoryRoutes(app, shop);
}

/** The e-commerce stand-in: Magento 2 REST over its own SQLite store. */
export function buildApp(options: StandInOptions): FastifyInstance {
  const env = options.env ?? process.env;
  const app = createLegacyServer({
    system: SYSTEM,
    knobs: { ...knobsFromEnv(ENV_PREFIX, env), ...options.knobs },
    sendFault,
    logger: options.logger,
    env,
  });
  installJsonParser(app);
  installErrorHandling(app);
  const shop = createShop(options.db, env, options.clock ?? clockFromEnv(env));
  for (const prefix of ROUTE_PREFIXES) app.register(async (scope) => registerRoutes(scope, shop), { prefix });
  return app;
}
