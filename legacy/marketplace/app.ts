import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import { clockFromEnv } from '../../lib/clock';
import { adminToken, adminTokenCheck } from '../kit/admin';
import type { Db } from '../kit/db';
import { knobsFromEnv } from '../kit/knobs';
import type { StandInOptions } from '../kit/options';
import { createLegacyServer, FaultKind } from '../kit/server';
import { BundleDealService } from './bundle-deals';
import { authError, MarketplaceError, paramError, requestId, sendError, wholeNumber } from './errors';
import { parsePushSettings, PushNotifier, PushSettingsError } from './push';
import { MarketplaceShopService } from './shop';
import { partnerFrom, requestSign, sameSign } from './sign';

export const SYSTEM = 'marketplace';
export const ENV_PREFIX = 'MARKETPLACE';
export const API_ROOT = '/api/v2';

/** A request's timestamp may be this far from the platform's clock. */
export const TIMESTAMP_TOLERANCE_SECONDS = 300;
export const ACCESS_TOKEN_SECONDS = 4 * 3_600;
export const REFRESH_TOKEN_SECONDS = 30 * 86_400;
export const AUTH_CODE_SECONDS = 10 * 60;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** How a marketplace call is signed: by the app alone (auth calls) or for a shop (with its access token). */
    signing?: 'public' | 'shop';
  }
}

/** Faults as the platform's gateway answers them: its own JSON, and no Retry-After on the rate limit. */
function sendFault(reply: FastifyReply, kind: FaultKind): FastifyReply {
  switch (kind) {
    case 'error':
      return sendError(reply, new MarketplaceError(500, 'error_server', 'Internal server error, please try again later.'));
    case 'down':
      return sendError(reply, new MarketplaceError(503, 'error_server', 'System is under maintenance, please try again later.'));
    case 'rate-limited':
      return sendError(reply, new MarketplaceError(429, 'error_too_many_request', 'Too many requests, please try again later.'));
  }
}

type Query = Record<string, unknown>;
const token = () => randomBytes(16).toString('hex');
const ok = (response: unknown) => ({ error: '', message: '', request_id: requestId(), response });

/** The marketplace seller API: Shopee Open Platform v2 style orders, listings, stock, bundle deals, logistics and pushes. */
export function buildApp(options: StandInOptions): FastifyInstance {
  const env = options.env ?? process.env;
  const clock = options.clock ?? clockFromEnv(env);
  const now = () => Math.floor(clock().getTime() / 1000);
  const partner = partnerFrom(env);
  const app = createLegacyServer({
    system: SYSTEM,
    knobs: { ...knobsFromEnv(ENV_PREFIX, env), ...options.knobs },
    sendFault,
    logger: options.logger,
    env,
  });
  const db = options.db;
  const push = new PushNotifier(partner.partnerKey, {
    url: null,
    duplicates: 0,
    outOfOrder: false,
    dropRate: 0,
    ...parsePushSettings({
      ...(env.MARKETPLACE_PUSH_URL ? { url: env.MARKETPLACE_PUSH_URL } : {}),
      ...(env.MARKETPLACE_PUSH_DUPLICATES ? { duplicates: Number(env.MARKETPLACE_PUSH_DUPLICATES) } : {}),
      ...(env.MARKETPLACE_PUSH_OUT_OF_ORDER ? { outOfOrder: env.MARKETPLACE_PUSH_OUT_OF_ORDER === 'true' } : {}),
      ...(env.MARKETPLACE_PUSH_DROP_RATE ? { dropRate: Number(env.MARKETPLACE_PUSH_DROP_RATE) } : {}),
    }),
  });
  const shop = new MarketplaceShopService(db, (orderSn, status, updateTime) => push.orderStatus(shop.shopId, orderSn, status, updateTime));
  const bundleDeals = new BundleDealService(db);
  app.addHook('onClose', async () => push.close());

  // Signed calls: partner id, a timestamp near the platform's clock, the sign, and for shop calls a live access token.
  app.addHook('preHandler', async (request, reply) => {
    const signing = request.routeOptions.config.signing;
    if (signing === undefined || reply.sent) return;
    const query = request.query as Query;
    if (wholeNumber(query.partner_id, 'partner_id') !== partner.partnerId) throw paramError('Wrong partner_id.');
    const timestamp = wholeNumber(query.timestamp, 'timestamp');
    if (timestamp === undefined || Math.abs(now() - timestamp) > TIMESTAMP_TOLERANCE_SECONDS)
      throw paramError('Invalid timestamp: it must be within 5 minutes of the current time.');
    const path = request.url.split('?')[0];
    const accessToken = typeof query.access_token === 'string' ? query.access_token : '';
    const shopId = wholeNumber(query.shop_id, 'shop_id');
    if (signing === 'shop' && (accessToken === '' || shopId === undefined)) throw paramError('Missing access_token or shop_id.');
    const expected = requestSign(partner, path, timestamp, signing === 'shop' ? { accessToken, shopId: shopId! } : undefined);
    if (typeof query.sign !== 'string' || !sameSign(query.sign, expected)) throw new MarketplaceError(403, 'error_sign', 'Wrong sign.');
    if (signing === 'shop') {
      const live = db.prepare('SELECT shop_id FROM access_token WHERE access_token = ? AND expire_time > ?').get(accessToken, now()) as
        { shop_id: number } | undefined;
      if (live?.shop_id !== shopId) throw authError('Invalid access_token.');
    }
  });

  app.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
    if (request.routeOptions.config.admin) {
      if (error instanceof MarketplaceError)
        return reply.code(error.error.endsWith('.error_status') ? 409 : error.status).send({ error: error.message });
      return reply.code(error.statusCode ?? 500).send({ error: error.message });
    }
    if (error instanceof MarketplaceError) return sendError(reply, error);
    if (error.statusCode !== undefined && error.statusCode < 500) return sendError(reply, paramError(error.message));
    request.log.error(error);
    return sendError(reply, new MarketplaceError(500, 'error_server', 'Internal server error, please try again later.'));
  });
  app.setNotFoundHandler((_request, reply) => sendError(reply, new MarketplaceError(404, 'error_not_found', 'Api not found.')));

  const call = (signing: 'public' | 'shop', name: string) => ({ config: { signing, operation: `v2.${name}` } });
  const body = (request: FastifyRequest): Query => {
    if (typeof request.body !== 'object' || request.body === null || Array.isArray(request.body))
      throw paramError('The body must be a JSON object.');
    return request.body as Query;
  };

  /** Issues a fresh pair for a shop; the answers are flat, not wrapped in `response`, as the platform's auth calls are. */
  const issueTokens = (shopId: number) => {
    const pair = { access_token: token(), refresh_token: token() };
    db.prepare('INSERT INTO access_token (access_token, shop_id, expire_time) VALUES (?, ?, ?)').run(
      pair.access_token,
      shopId,
      now() + ACCESS_TOKEN_SECONDS,
    );
    db.prepare('INSERT INTO refresh_token (refresh_token, shop_id, expire_time) VALUES (?, ?, ?)').run(
      pair.refresh_token,
      shopId,
      now() + REFRESH_TOKEN_SECONDS,
    );
    return { ...pair, expire_in: ACCESS_TOKEN_SECONDS };
  };
  app.post(`${API_ROOT}/auth/token/get`, call('public', 'public.get_access_token'), async (request) => {
    const { code, shop_id } = body(request);
    const shopId = wholeNumber(shop_id, 'shop_id');
    const granted = db.transaction(() => {
      const row = db.prepare('SELECT shop_id FROM auth_code WHERE code = ? AND expire_time > ?').get(String(code ?? ''), now()) as
        { shop_id: number } | undefined;
      if (!row || row.shop_id !== shopId) throw authError('Invalid code.');
      db.prepare('DELETE FROM auth_code WHERE code = ?').run(code);
      return issueTokens(row.shop_id);
    })();
    return { ...granted, request_id: requestId(), error: '', message: '' };
  });
  app.post(`${API_ROOT}/auth/access_token/get`, call('public', 'public.refresh_access_token'), async (request) => {
    const { refresh_token, shop_id } = body(request);
    const shopId = wholeNumber(shop_id, 'shop_id');
    const granted = db.transaction(() => {
      const row = db
        .prepare('SELECT shop_id FROM refresh_token WHERE refresh_token = ? AND expire_time > ?')
        .get(String(refresh_token ?? ''), now()) as { shop_id: number } | undefined;
      if (!row || row.shop_id !== shopId) throw authError('Invalid refresh_token.');
      // Each refresh token is good once: the answer carries its replacement.
      db.prepare('DELETE FROM refresh_token WHERE refresh_token = ?').run(refresh_token);
      return issueTokens(row.shop_id);
    })();
    return { partner_id: partner.partnerId, shop_id: shopId, ...granted, request_id: requestId(), error: '', message: '' };
  });

  app.get(`${API_ROOT}/order/get_order_list`, call('shop', 'order.get_order_list'), async (request) =>
    ok(shop.orderList(request.query as Query)),
  );
  app.get(`${API_ROOT}/order/get_order_detail`, call('shop', 'order.get_order_detail'), async (request) =>
    ok(shop.orderDetail(request.query as Query)),
  );
  app.post(`${API_ROOT}/order/cancel_order`, call('shop', 'order.cancel_order'), async (request) =>
    ok(shop.cancelOrder(body(request), now())),
  );
  app.post(`${API_ROOT}/order/handle_buyer_cancellation`, call('shop', 'order.handle_buyer_cancellation'), async (request) =>
    ok(shop.handleBuyerCancellation(body(request), now())),
  );
  app.post(`${API_ROOT}/logistics/ship_order`, call('shop', 'logistics.ship_order'), async (request) => {
    shop.shipOrder(body(request), now());
    return ok({});
  });
  app.get(`${API_ROOT}/product/get_item_list`, call('shop', 'product.get_item_list'), async (request) =>
    ok(shop.itemList(request.query as Query)),
  );
  app.get(`${API_ROOT}/product/get_model_list`, call('shop', 'product.get_model_list'), async (request) =>
    ok(shop.modelList(request.query as Query)),
  );
  app.post(`${API_ROOT}/product/update_stock`, call('shop', 'product.update_stock'), async (request) =>
    ok(shop.updateStock(body(request), now())),
  );
  app.get(`${API_ROOT}/brand_membership/get_member_list`, call('shop', 'brand_membership.get_member_list'), async (request) =>
    ok(shop.memberList(request.query as Query)),
  );

  app.post(`${API_ROOT}/bundle_deal/add_bundle_deal`, call('shop', 'bundle_deal.add_bundle_deal'), async (request) =>
    ok(bundleDeals.add(body(request), now())),
  );
  app.post(`${API_ROOT}/bundle_deal/update_bundle_deal`, call('shop', 'bundle_deal.update_bundle_deal'), async (request) =>
    ok(bundleDeals.update(body(request), now())),
  );
  app.post(`${API_ROOT}/bundle_deal/end_bundle_deal`, call('shop', 'bundle_deal.end_bundle_deal'), async (request) =>
    ok(bundleDeals.end(body(request), now())),
  );
  app.post(`${API_ROOT}/bundle_deal/delete_bundle_deal`, call('shop', 'bundle_deal.delete_bundle_deal'), async (request) =>
    ok(bundleDeals.delete(body(request), now())),
  );
  app.get(`${API_ROOT}/bundle_deal/get_bundle_deal_list`, call('shop', 'bundle_deal.get_bundle_deal_list'), async (request) =>
    ok(bundleDeals.list(request.query as Query, now())),
  );
  app.get(`${API_ROOT}/bundle_deal/get_bundle_deal_item`, call('shop', 'bundle_deal.get_bundle_deal_item'), async (request) =>
    ok(bundleDeals.items(request.query as Query)),
  );
  app.post(`${API_ROOT}/bundle_deal/add_bundle_deal_item`, call('shop', 'bundle_deal.add_bundle_deal_item'), async (request) =>
    ok(bundleDeals.addItems(body(request), now())),
  );
  app.post(`${API_ROOT}/bundle_deal/delete_bundle_deal_item`, call('shop', 'bundle_deal.delete_bundle_deal_item'), async (request) =>
    ok(bundleDeals.deleteItems(body(request), now())),
  );

  adminRoutes(app, env, db, shop, push, now);
  return app;
}

/** What tests and demos drive: the shop owner authorising the app, the buyer's side of orders, the push settings. */
function adminRoutes(
  app: FastifyInstance,
  env: NodeJS.ProcessEnv,
  db: Db,
  shop: MarketplaceShopService,
  push: PushNotifier,
  now: () => number,
): void {
  const isAdmin = adminTokenCheck(adminToken(env));
  const requireToken: onRequestHookHandler = async (request, reply) => {
    if (!isAdmin(request.headers.authorization))
      return reply.code(401).header('www-authenticate', 'Bearer').send({ error: 'admin token missing or wrong' });
  };
  const admin = { config: { admin: true }, onRequest: requireToken };

  // The shop owner logs in on the authorisation page; the platform redirects with this code.
  app.post('/__admin/authorize', admin, async () => {
    const code = token();
    db.prepare('INSERT INTO auth_code (code, shop_id, expire_time) VALUES (?, ?, ?)').run(code, shop.shopId, now() + AUTH_CODE_SECONDS);
    return { code, shop_id: shop.shopId };
  });

  app.get('/__admin/push', admin, async () => ({ ...push.settings, delivered: push.delivered }));
  app.put('/__admin/push', admin, async (request, reply) => {
    try {
      Object.assign(push.settings, parsePushSettings(request.body));
      return { ...push.settings, delivered: push.delivered };
    } catch (error) {
      if (error instanceof PushSettingsError) return reply.code(400).send({ error: error.message });
      throw error;
    }
  });

  app.post('/__admin/buyer/orders', admin, async (request, reply) => {
    const input = (request.body ?? {}) as {
      buyer_user_id?: number;
      buyer_username?: string;
      recipient?: { name?: string; phone?: string; street?: string; district?: string; city?: string };
      lines?: { model_sku?: string; quantity?: number }[];
      payment_method?: string;
      paid?: boolean;
    };
    if (!Array.isArray(input.lines) || input.lines.length === 0)
      return reply.code(400).send({ error: 'lines: [{ model_sku, quantity }] required' });
    const r = input.recipient ?? {};
    const orderSn = shop.placeOrder(
      {
        buyerUserId: input.buyer_user_id ?? 500_000_001,
        buyerUsername: input.buyer_username ?? 'nguoimua.thu',
        recipient: {
          name: r.name ?? 'Người Mua Thử',
          phone: r.phone ?? '84900000078',
          street: r.street ?? '1 Đường Số 1',
          district: r.district ?? 'Quận 1',
          city: r.city ?? 'Hồ Chí Minh',
        },
        lines: input.lines.map((l) => ({ modelSku: String(l.model_sku ?? ''), quantity: l.quantity ?? 1 })),
        paymentMethod: input.payment_method ?? 'ShopeePay',
      },
      now(),
    );
    if (input.paid) shop.pay(orderSn, now());
    return reply.code(201).send({ order_sn: orderSn });
  });

  const events = {
    pay: (sn: string) => shop.pay(sn, now()),
    cancel: (sn: string) => shop.buyerCancel(sn, now()),
    pickup: (sn: string) => shop.pickup(sn, now()),
    complete: (sn: string) => shop.complete(sn, now()),
    return: (sn: string) => shop.requestReturn(sn, now()),
  };
  app.post<{ Params: { orderSn: string; event: string } }>('/__admin/buyer/orders/:orderSn/:event', admin, async (request, reply) => {
    const event = events[request.params.event as keyof typeof events];
    if (!event) return reply.code(404).send({ error: `unknown event ${request.params.event}; one of ${Object.keys(events).join(', ')}` });
    event(request.params.orderSn);
    return { order_sn: request.params.orderSn };
  });
}
