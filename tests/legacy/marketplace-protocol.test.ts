import type { FastifyInstance } from 'fastify';
import { adminHeaders } from '../../legacy/kit/admin';
import type { MarketplaceClient } from '../../legacy/marketplace/testing';
import { marketplaceFixture } from '../../legacy/marketplace/testing';
import { generateWorld } from '../../legacy/seed/world';

const world = generateWorld({ seed: 42, size: 'small' });
const DAY = 86_400;

describe('the marketplace seller API: signed calls, tokens, order list and details', () => {
  let app: FastifyInstance;
  let client: MarketplaceClient;
  let clockMs = world.now.getTime();
  const now = () => Math.floor(clockMs / 1000);
  const window = (days: number) => ({ time_range_field: 'create_time', time_from: now() - days * DAY, time_to: now(), page_size: 100 });

  beforeAll(async () => {
    ({ app, client } = await marketplaceFixture(world, { clock: () => new Date(clockMs) }));
  });
  afterAll(() => app.close());
  afterEach(async () => {
    clockMs = world.now.getTime();
    await client.admin('PUT', '/__admin/knobs', { down: false, errorRate: 0, rateLimitPerSecond: 0 });
  });

  it('answers a signed shop call in its envelope, and refuses a wrong sign, partner or shop in its own error form', async () => {
    const ok = await client.get('order/get_order_list', window(1));
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({
      error: '',
      message: '',
      request_id: expect.stringMatching(/^[0-9a-f]{32}$/),
      response: { more: false },
    });

    const badSign = await client.get('order/get_order_list', window(1), { sign: 'a'.repeat(64) });
    expect(badSign.statusCode).toBe(403);
    expect(badSign.json()).toEqual({ error: 'error_sign', message: 'Wrong sign.', request_id: expect.any(String) });
    // Signed for another path: the sign covers the API path.
    const common = client.common('order/get_order_detail', true);
    const otherPath = await app.inject({ url: '/api/v2/order/get_order_list', query: { ...stringify(common), ...stringify(window(1)) } });
    expect(otherPath.json().error).toBe('error_sign');
    expect((await client.get('order/get_order_list', window(1), { partner_id: 999 })).json().error).toBe('error_param');
    // The token belongs to another shop than the one named.
    const otherShop = client.common('order/get_order_list', true);
    const { requestSign } = await import('../../legacy/marketplace/sign');
    const signedForOther = requestSign(client.partner, '/api/v2/order/get_order_list', Number(otherShop.timestamp), {
      accessToken: client.accessToken,
      shopId: 1,
    });
    const foreign = await client.get('order/get_order_list', window(1), { shop_id: 1, sign: signedForOther });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json().error).toBe('error_auth');
  });

  it('refuses a timestamp more than 5 minutes off its clock', async () => {
    expect((await client.get('order/get_order_list', window(1), { timestamp: now() - 290 })).statusCode).toBe(200);
    const stale = await client.get('order/get_order_list', window(1), { timestamp: now() - 301 });
    expect(stale.statusCode).toBe(400);
    expect(stale.json()).toMatchObject({ error: 'error_param', message: expect.stringMatching(/timestamp/) });
    expect((await client.get('order/get_order_list', window(1), { timestamp: now() + 400 })).json().error).toBe('error_param');
  });

  it('lets an access token live 4 hours, refreshes it with a refresh token that is good once, and keeps refresh tokens 30 days', async () => {
    const first = { access: client.accessToken, refresh: client.refreshToken };
    clockMs += 4 * 3_600_000 + 1_000;
    const expired = await client.get('order/get_order_list', window(1));
    expect(expired.statusCode).toBe(403);
    expect(expired.json()).toMatchObject({ error: 'error_auth', message: 'Invalid access_token.' });

    const refreshed = await client.refresh();
    expect(refreshed.statusCode).toBe(200);
    // The auth calls answer flat, not inside `response`.
    expect(refreshed.json()).toMatchObject({
      error: '',
      access_token: expect.any(String),
      refresh_token: expect.any(String),
      expire_in: 14_400,
    });
    expect(client.accessToken).not.toBe(first.access);
    expect(client.refreshToken).not.toBe(first.refresh);
    expect((await client.get('order/get_order_list', window(1))).statusCode).toBe(200);

    // The replaced refresh token is spent.
    const spent = await client.post(
      'auth/access_token/get',
      { refresh_token: first.refresh, shop_id: client.shopId, partner_id: client.partner.partnerId },
      {},
      false,
    );
    expect(spent.json().error).toBe('error_auth');

    // A refresh token outlives many access tokens, not 30 days.
    clockMs += 29 * DAY * 1000;
    expect((await client.refresh()).statusCode).toBe(200);
    const kept = client.refreshToken;
    clockMs += 30 * DAY * 1000 + 1_000;
    const dead = await client.refresh();
    expect(dead.json().error).toBe('error_auth');
    expect(client.refreshToken).toBe(kept);
    clockMs = world.now.getTime();
    await client.authorize();
  });

  it('trades an authorisation code once', async () => {
    const { code, shop_id } = (await client.admin('POST', '/__admin/authorize')).json();
    const trade = () => client.post('auth/token/get', { code, shop_id, partner_id: client.partner.partnerId }, {}, false);
    expect((await trade()).json()).toMatchObject({ error: '', access_token: expect.any(String), expire_in: 14_400 });
    expect((await trade()).json().error).toBe('error_auth');
  });

  it('lists orders by a window of at most 15 days, pages of at most 100, through the cursor, newest first', async () => {
    const tooWide = await client.get('order/get_order_list', { ...window(15), time_from: now() - 15 * DAY - 1 });
    expect(tooWide.statusCode).toBe(400);
    expect(tooWide.json()).toMatchObject({ error: 'error_param', message: expect.stringMatching(/15 days/) });
    expect((await client.get('order/get_order_list', window(15))).statusCode).toBe(200);
    expect((await client.get('order/get_order_list', { ...window(1), page_size: 101 })).json().error).toBe('error_param');
    expect((await client.get('order/get_order_list', { ...window(1), time_range_field: 'pay_time' })).json().error).toBe('error_param');
    expect((await client.get('order/get_order_list', { ...window(1), order_status: 'PAID' })).json().error).toBe('error_param');

    const expected = world.marketplace.orders
      .filter((o) => o.createdAt.getTime() / 1000 >= now() - 15 * DAY)
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
      .map((o) => o.orderSn);
    expect(expected.length).toBeGreaterThan(7);
    const seen: string[] = [];
    let cursor = '';
    let pages = 0;
    for (;;) {
      const page = (await client.get('order/get_order_list', { ...window(15), page_size: 7, cursor })).json().response;
      seen.push(...page.order_list.map((o: { order_sn: string }) => o.order_sn));
      pages += 1;
      if (!page.more) {
        expect(page.next_cursor).toBe('');
        break;
      }
      cursor = page.next_cursor;
    }
    expect(pages).toBe(Math.ceil(expected.length / 7));
    expect(seen).toEqual(expected);

    const completed = (
      await client.get('order/get_order_list', { ...window(15), order_status: 'COMPLETED', response_optional_fields: 'order_status' })
    ).json().response.order_list;
    expect(completed.length).toBeGreaterThan(0);
    expect(completed.every((o: { order_status: string }) => o.order_status === 'COMPLETED')).toBe(true);
  });

  it('details up to 50 orders with masked buyer data, unix-second times, VND numbers and the seller SKUs', async () => {
    const order = world.marketplace.orders.find((o) => o.status === 'COMPLETED' && o.items.length > 0)!;
    const detail = (
      await client.get('order/get_order_detail', {
        order_sn_list: order.orderSn,
        response_optional_fields: 'buyer_user_id,buyer_username,recipient_address,item_list,pay_time,total_amount',
      })
    ).json().response.order_list[0];
    expect(detail).toMatchObject({
      order_sn: order.orderSn,
      currency: 'VND',
      order_status: 'COMPLETED',
      create_time: Math.floor(order.createdAt.getTime() / 1000),
      buyer_user_id: order.buyerUserId,
      buyer_username: order.buyerUsername,
      pay_time: Math.floor(order.payTime!.getTime() / 1000),
    });
    expect(detail.recipient_address.phone).toBe(`******${order.recipient.phone.slice(-2)}`);
    expect(detail.recipient_address.name).toMatch(/^.\*{4}.$/);
    expect(detail.recipient_address.full_address).not.toContain(order.recipient.street);
    expect(typeof detail.total_amount).toBe('number');
    const skus = new Map(world.marketplace.items.flatMap((i) => i.models.map((m) => [m.modelId, m.sku])));
    for (const line of detail.item_list) expect(line.model_sku).toBe(skus.get(line.model_id));
    expect(world.products.map((p) => p.sku)).toEqual(
      expect.arrayContaining(detail.item_list.map((l: { model_sku: string }) => l.model_sku)),
    );

    // Without optional fields, no buyer, address or items.
    const bare = (await client.get('order/get_order_detail', { order_sn_list: order.orderSn })).json().response.order_list[0];
    expect(bare).not.toHaveProperty('recipient_address');
    expect(bare).not.toHaveProperty('item_list');

    const sns = world.marketplace.orders.map((o) => o.orderSn);
    expect(
      (await client.get('order/get_order_detail', { order_sn_list: sns.slice(0, 50).join(',') })).json().response.order_list,
    ).toHaveLength(50);
    expect((await client.get('order/get_order_detail', { order_sn_list: sns.slice(0, 51).join(',') })).json().error).toBe('error_param');
    const unknown = await client.get('order/get_order_detail', { order_sn_list: '991231NOSUCH00' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ error: 'error_not_found', message: expect.stringContaining('991231NOSUCH00') });
    expect((await client.get('order/get_order_detail', { order_sn_list: `${sns[0]},991231NOSUCH00` })).json().response).toMatchObject({
      order_list: [{ order_sn: sns[0] }],
      warning: [expect.stringContaining('991231NOSUCH00')],
    });
  });

  it('counts calls by operation and answers the knobs in its own dialect', async () => {
    await client
      .admin('GET', '/__admin/calls')
      .then(() => app.inject({ method: 'DELETE', url: '/__admin/calls', headers: adminHeaders({}) }));
    await client.get('order/get_order_list', window(1));
    await client.get('order/get_order_detail', { order_sn_list: world.marketplace.orders[0].orderSn });
    expect((await client.admin('GET', '/__admin/calls')).json()).toMatchObject({
      system: 'marketplace',
      byOperation: { 'v2.order.get_order_list': 1, 'v2.order.get_order_detail': 1 },
    });

    await client.admin('PUT', '/__admin/knobs', { down: true });
    const down = await client.get('order/get_order_list', window(1));
    expect(down.statusCode).toBe(503);
    expect(down.json()).toMatchObject({ error: 'error_server', request_id: expect.any(String) });
    await client.admin('PUT', '/__admin/knobs', { down: false, errorRate: 1 });
    const failing = await client.get('order/get_order_list', window(1));
    expect(failing.statusCode).toBe(500);
    expect(failing.json().error).toBe('error_server');

    await client.admin('PUT', '/__admin/knobs', { errorRate: 0, rateLimitPerSecond: 2 });
    const answers = await Promise.all(Array.from({ length: 6 }, () => client.get('order/get_order_list', window(1))));
    const limited = answers.filter((a) => a.statusCode === 429);
    expect(limited.length).toBeGreaterThanOrEqual(3);
    expect(limited[0].json()).toMatchObject({ error: 'error_too_many_request', message: expect.any(String) });
    expect(limited[0].headers['retry-after']).toBeUndefined();
  });

  it('answers an unknown call and a malformed body in its error form', async () => {
    const unknown = await app.inject({ url: '/api/v2/order/get_everything' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error).toBe('error_not_found');
    const malformed = await app.inject({
      method: 'POST',
      url: '/api/v2/product/update_stock',
      query: stringify(client.common('product/update_stock', true)),
      headers: { 'content-type': 'application/json' },
      payload: '{"item_id":',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error).toBe('error_param');
  });
});

function stringify(values: Record<string, string | number>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, String(v)]));
}
