import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import {
  MarketplaceAuthorizationError,
  MarketplaceClient,
  MarketplaceRequestError,
  PushSignatureError,
  type MarketplaceOrder,
} from '../../connectors/marketplace';
import { BusinessRuleError, SystemUnavailableError } from '../../lib/errors';
import type { MarketplaceClient as SellerTestClient } from '../../legacy/marketplace/testing';
import { marketplaceFixture } from '../../legacy/marketplace/testing';
import { adminHeaders } from '../../legacy/kit/admin';
import type { Db } from '../../legacy/kit/db';
import { generateWorld } from '../../legacy/seed/world';

/** The marketplace connector against the real stand-in over HTTP, on a clock the test moves. */

const world = generateWorld({ seed: 42, size: 'small' });
const shop = world.marketplace;
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

const OUR_STATUS = {
  UNPAID: 'PENDING',
  READY_TO_SHIP: 'PROCESSING',
  PROCESSED: 'PROCESSING',
  SHIPPED: 'PROCESSING',
  IN_CANCEL: 'PROCESSING',
  COMPLETED: 'COMPLETED',
  CANCELLED: 'CANCELLED',
  TO_RETURN: 'COMPLETED',
} as const;

describe('the marketplace connector', () => {
  let app: FastifyInstance;
  let db: Db;
  let seller: SellerTestClient;
  let url: string;
  let client: MarketplaceClient;
  let clockMs = world.now.getTime();
  const clock = () => new Date(clockMs);
  const envFor = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
    MARKETPLACE_URL: url,
    MARKETPLACE_RETRIES: '1',
    MARKETPLACE_BREAKER_THRESHOLD: '1000',
    ...extra,
  });
  const calls = async (): Promise<Record<string, number>> => (await seller.admin('GET', '/__admin/calls')).json().byOperation;
  const resetCalls = () => app.inject({ method: 'DELETE', url: '/__admin/calls', headers: adminHeaders({}) });

  beforeAll(async () => {
    ({ app, db, client: seller } = await marketplaceFixture(world, { clock }));
    await app.listen({ host: '127.0.0.1', port: 0 });
    url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    client = MarketplaceClient.fromEnv(envFor(), { clock });
  });
  afterAll(() => app.close());
  beforeEach(() => resetCalls());

  it('signs its calls and authorises itself once through the development authorisation page', async () => {
    const numbers = await client.orderNumbers({ from: new Date(clockMs - DAY_MS), to: clock(), by: 'PLACED' });
    const placedToday = shop.orders.filter((o) => clockMs - o.createdAt.getTime() <= DAY_MS).map((o) => o.orderSn);
    expect(numbers.sort()).toEqual(placedToday.sort());
    await client.orderNumbers({ from: new Date(clockMs - DAY_MS), to: clock(), by: 'UPDATED' });
    expect(await calls()).toEqual({ 'v2.order.get_order_list': 2, 'v2.public.get_access_token': 1 });
  });

  it('reads a 40-day range as three windows of at most 15 days, every order once', async () => {
    const numbers = await client.orderNumbers({ from: new Date(clockMs - 40 * DAY_MS), to: clock(), by: 'PLACED' });
    expect(numbers).toHaveLength(shop.orders.length);
    expect(new Set(numbers)).toEqual(new Set(shop.orders.map((o) => o.orderSn)));
    expect((await calls())['v2.order.get_order_list']).toBe(3);

    const changed = await client.orderNumbers({ from: new Date(clockMs - 40 * DAY_MS), to: clock(), by: 'UPDATED' });
    expect(new Set(changed)).toEqual(new Set(shop.orders.map((o) => o.orderSn)));
  });

  it('reads orders in batches of 50, with our statuses, ISO times, Money, SKUs, masked buyers and members’ cards', async () => {
    const orders = await client.orders(shop.orders.map((o) => o.orderSn));
    expect((await calls())['v2.order.get_order_detail']).toBe(2);
    expect(orders.map((o) => o.number)).toEqual(shop.orders.map((o) => o.orderSn));

    for (const truth of shop.orders) {
      const order = orders.find((o) => o.number === truth.orderSn)!;
      expect(order.marketplaceStatus).toBe(truth.status);
      expect(order.status).toBe(OUR_STATUS[truth.status]);
      expect(Date.parse(order.placedAt)).toBe(Math.floor(truth.createdAt.getTime() / 1000) * 1000);
      expect(order.placedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      expect(order.paidAt === null).toBe(truth.payTime === null);
      // Masked as the marketplace shows it: never the buyer's name or phone.
      expect(order.buyer.maskedPhone).toBe(`******${truth.recipient.phone.slice(-2)}`);
      expect(order.buyer.maskedName).not.toBe(truth.recipient.name);
      expect(JSON.stringify(order)).not.toContain(truth.recipient.phone);
      expect(order.cancellation?.by ?? null).toBe(truth.cancelBy?.toUpperCase() ?? null);
      expect(order.lines.map((l) => l.sku)).toEqual(
        truth.items.map((i) => shop.items.flatMap((item) => item.models).find((m) => m.modelId === i.modelId)!.sku),
      );
      expectConsistentTotals(order);
    }

    for (const member of world.truth.marketplaceMembers)
      for (const sn of member.orderSns) expect(orders.find((o) => o.number === sn)!.buyer.memberCardCode).toBe(member.loyaltyCardCode);
    const memberBuyers = new Set(shop.members.map((m) => m.buyerUserId));
    const stranger = orders.find((o) => !memberBuyers.has(o.buyer.marketplaceUserId))!;
    expect(stranger.buyer.memberCardCode).toBeNull();
  });

  it('leaves out numbers the marketplace does not know, and answers null for one', async () => {
    const known = shop.orders[0].orderSn;
    expect((await client.orders([known, 'NOSUCHORDER1'])).map((o) => o.number)).toEqual([known]);
    expect(await client.order('NOSUCHORDER1')).toBeNull();
  });

  it('lists the brand members with the loyalty card each gave', async () => {
    const members = await client.brandMembers();
    expect(members.map((m) => [m.marketplaceUserId, m.cardCode]).sort()).toEqual(
      shop.members.map((m) => [m.buyerUserId, m.loyaltyCardCode]).sort(),
    );
    expect(members[0].linkedAt).toMatch(/Z$/);
  });

  it('renews the access token after its 4 hours without the caller noticing, once for concurrent calls, keeping each new refresh token', async () => {
    const range = { from: new Date(clockMs - DAY_MS), to: clock(), by: 'UPDATED' as const };
    try {
      clockMs += 4 * HOUR_MS + 1_000;
      const answers = await Promise.all(Array.from({ length: 5 }, () => client.orderNumbers({ ...range, to: clock() })));
      for (const numbers of answers) expect(numbers).toEqual(answers[0]);
      expect(await calls()).toMatchObject({ 'v2.public.refresh_access_token': 1, 'v2.order.get_order_list': 5 });

      // The refresh token it used is spent: the next renewal works only with the one it was given.
      clockMs += 4 * HOUR_MS + 1_000;
      await client.orderNumbers({ ...range, to: clock() });
      const after = await calls();
      expect(after['v2.public.refresh_access_token']).toBe(2);
      expect(after['v2.public.get_access_token']).toBeUndefined();
    } finally {
      clockMs = world.now.getTime();
    }
  });

  it('renews once when the marketplace refuses a token before its time', async () => {
    db.prepare('DELETE FROM access_token').run();
    await expect(client.orderNumbers({ from: new Date(clockMs - DAY_MS), to: clock(), by: 'PLACED' })).resolves.toBeDefined();
    expect(await calls()).toMatchObject({ 'v2.public.refresh_access_token': 1, 'v2.order.get_order_list': 2 });
  });

  it('sets stock for SKUs through their listings and reads it back', async () => {
    const [first, second] = shop.items[0].models;
    const other = shop.items[1].models[0];
    const result = await client.updateStock([
      { sku: first.sku, available: 7 },
      { sku: second.sku, available: 0 },
      { sku: other.sku, available: 12 },
      { sku: 'NOT-LISTED-SKU', available: 3 },
    ]);
    expect(result.updated.sort((a, b) => a.sku.localeCompare(b.sku))).toEqual(
      [
        { sku: first.sku, available: 7 },
        { sku: second.sku, available: 0 },
        { sku: other.sku, available: 12 },
      ].sort((a, b) => a.sku.localeCompare(b.sku)),
    );
    expect(result.failed).toEqual([{ sku: 'NOT-LISTED-SKU', reason: expect.any(String) }]);
    // One update per listing.
    expect((await calls())['v2.product.update_stock']).toBe(2);

    const stock = await client.stock([first.sku, second.sku, other.sku, 'NOT-LISTED-SKU']);
    expect(stock.map((s) => [s.sku, s.available])).toEqual([
      [first.sku, 7],
      [second.sku, 0],
      [other.sku, 12],
    ]);

    // A buyer's order takes from it and holds it.
    await seller.buyerOrders([{ model_sku: first.sku, quantity: 2 }]);
    const [after] = await client.stock([first.sku]);
    expect(after.available).toBe(5);
    expect(after.reserved).toBeGreaterThanOrEqual(2);

    await expect(client.updateStock([{ sku: first.sku, available: -1 }])).rejects.toThrow(RangeError);
  });

  it('ships a paid order, and refuses an unpaid, shipped or unknown one in retail terms', async () => {
    const sku = shop.items[2].models[0].sku;
    await client.updateStock([{ sku, available: 10 }]);
    const paid = await seller.buyerOrders([{ model_sku: sku, quantity: 1 }], { paid: true });
    await client.shipOrder(paid);
    expect(await client.order(paid)).toMatchObject({ marketplaceStatus: 'PROCESSED', status: 'PROCESSING' });

    await expect(client.shipOrder(paid)).rejects.toMatchObject({ code: 'ORDER_NOT_SHIPPABLE' });
    const unpaid = await seller.buyerOrders([{ model_sku: sku, quantity: 1 }]);
    await expect(client.shipOrder(unpaid)).rejects.toThrow(BusinessRuleError);
    await expect(client.shipOrder(unpaid)).rejects.toMatchObject({ code: 'ORDER_NOT_SHIPPABLE' });
    await expect(client.shipOrder('NOSUCHORDER1')).rejects.toMatchObject({ code: 'ORDER_NOT_FOUND' });
    expect(await client.order(unpaid)).toMatchObject({ marketplaceStatus: 'UNPAID', status: 'PENDING', paidAt: null });
  });

  it('verifies a push and reads it; a tampered one, or one for another URL, is refused', async () => {
    const received: { body: string; authorization: string | undefined }[] = [];
    const receiver: Server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        received.push({ body, authorization: request.headers.authorization });
        response.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const callbackUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/marketplace/push`;
    try {
      await seller.admin('PUT', '/__admin/push', { url: callbackUrl });
      const sku = shop.items[3].models[0].sku;
      await client.updateStock([{ sku, available: 5 }]);
      const orderSn = await seller.buyerOrders([{ model_sku: sku, quantity: 1 }]);
      const until = Date.now() + 5_000;
      while (received.length === 0 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 20));
      const [push] = received;

      expect(client.orderStatusPush({ callbackUrl, rawBody: push.body, authorization: push.authorization })).toEqual({
        shopId: shop.shopId,
        number: orderSn,
        status: 'PENDING',
        marketplaceStatus: 'UNPAID',
        updatedAt: expect.stringMatching(/Z$/),
      });
      const tampered = push.body.replace('UNPAID', 'COMPLETED');
      expect(() => client.orderStatusPush({ callbackUrl, rawBody: tampered, authorization: push.authorization })).toThrow(
        PushSignatureError,
      );
      expect(() =>
        client.orderStatusPush({ callbackUrl: `${callbackUrl}x`, rawBody: push.body, authorization: push.authorization }),
      ).toThrow(PushSignatureError);
      expect(() => client.orderStatusPush({ callbackUrl, rawBody: push.body, authorization: undefined })).toThrow(PushSignatureError);
    } finally {
      await seller.admin('PUT', '/__admin/push', { url: null });
      await new Promise((resolve) => receiver.close(resolve));
    }
  });

  it('turns the marketplace’s error form into typed errors', async () => {
    // A wrong partner key: error_sign on the first auth call.
    const wrongKey = MarketplaceClient.fromEnv(envFor({ MARKETPLACE_PARTNER_KEY: 'not-the-key' }), { clock });
    const signRefusal = await wrongKey.brandMembers().catch((error: unknown) => error);
    expect(signRefusal).toBeInstanceOf(MarketplaceRequestError);
    expect((signRefusal as MarketplaceRequestError).refusal).toMatchObject({ status: 403, error: 'error_sign' });

    // A clock ten minutes off the marketplace's: error_param on the timestamp.
    const skewed = MarketplaceClient.fromEnv(envFor(), { clock: () => new Date(clockMs - 10 * 60_000) });
    const stale = await skewed.brandMembers().catch((error: unknown) => error);
    expect(stale).toBeInstanceOf(MarketplaceRequestError);
    expect((stale as MarketplaceRequestError).refusal).toMatchObject({ status: 400, error: 'error_param' });

    // A spent authorisation code: the shop must be authorised again.
    const spent = MarketplaceClient.fromEnv(envFor({ MARKETPLACE_AUTH_CODE: 'spent-code' }), { clock });
    await expect(spent.brandMembers()).rejects.toThrow(MarketplaceAuthorizationError);
  });

  it('fails with MARKETPLACE_UNAVAILABLE while the marketplace is down, and works again after', async () => {
    await seller.admin('PUT', '/__admin/knobs', { down: true });
    try {
      const down = await client.orderNumbers({ from: new Date(clockMs - DAY_MS), to: clock(), by: 'UPDATED' }).catch((e: unknown) => e);
      expect(down).toBeInstanceOf(SystemUnavailableError);
      expect((down as SystemUnavailableError).extensions).toMatchObject({ code: 'MARKETPLACE_UNAVAILABLE', reason: 'DOWN' });
      await expect(client.updateStock([{ sku: shop.items[0].models[0].sku, available: 1 }])).rejects.toMatchObject({
        extensions: { code: 'MARKETPLACE_UNAVAILABLE' },
      });
      await seller.admin('PUT', '/__admin/knobs', { down: false, rateLimitPerSecond: 1 });
      const limited = await Promise.all(Array.from({ length: 4 }, () => client.brandMembers().catch((e: unknown) => e)));
      expect(limited.some((e) => e instanceof SystemUnavailableError && e.reason === 'RATE_LIMITED')).toBe(true);
    } finally {
      await seller.admin('PUT', '/__admin/knobs', { down: false, rateLimitPerSecond: 0 });
    }
    expect(await client.brandMembers()).toHaveLength(shop.members.length);
  });

  it('creates a bundle deal with its listings, lists it with their SKUs, changes its listings and end, and ends it', async () => {
    const categoryOf = new Map(world.products.map((p) => [p.sku, p.category]));
    const [first, second] = shop.items.filter((item) => item.models.every((m) => categoryOf.get(m.sku) === 'Áo thun'));
    // Any listing may be in a deal: a third, not a T-shirt.
    const third = shop.items.find((item) => categoryOf.get(item.models[0].sku) !== 'Áo thun')!;
    const skusOf = (item: typeof first) => item.models.map((m) => m.sku);
    try {
      const { deal, failed } = await client.createBundleDeal({
        name: 'Mua 2 tặng 1 #KM1',
        startsAt: new Date(clockMs + 60_000),
        endsAt: new Date(clockMs + 2 * DAY_MS),
        minQuantity: 3,
        percentOff: 33,
        itemIds: [first.itemId, second.itemId, 1],
      });
      expect(deal).toEqual({
        id: expect.any(Number),
        name: 'Mua 2 tặng 1 #KM1',
        startsAt: new Date(Math.floor(clockMs / 1000) * 1000 + 60_000).toISOString().replace('.000Z', 'Z'),
        endsAt: expect.stringMatching(/Z$/),
        status: 'UPCOMING',
        minQuantity: 3,
        percentOff: 33,
        itemIds: [first.itemId, second.itemId],
        skus: [...skusOf(first), ...skusOf(second)],
      });
      expect(failed).toEqual([{ itemId: 1, reason: expect.any(String) }]);
      expect(await client.bundleDeals()).toEqual([deal]);
      expect(await calls()).toMatchObject({
        'v2.bundle_deal.add_bundle_deal': 1,
        'v2.bundle_deal.add_bundle_deal_item': 1,
        'v2.bundle_deal.get_bundle_deal_list': 2,
        'v2.bundle_deal.get_bundle_deal_item': 1,
      });

      clockMs += 120_000;
      const [running] = await client.bundleDeals();
      expect(running).toMatchObject({ id: deal.id, status: 'ONGOING' });
      expect(await client.addBundleDealItems(deal.id, [third.itemId])).toEqual({ changed: [third.itemId], failed: [] });
      expect(await client.removeBundleDealItems(deal.id, [second.itemId, 1])).toEqual({
        changed: [second.itemId],
        failed: [{ itemId: 1, reason: expect.any(String) }],
      });
      await client.rescheduleBundleDeal(deal.id, new Date(clockMs + 5 * DAY_MS));
      expect((await client.bundleDeals())[0]).toMatchObject({
        itemIds: [first.itemId, third.itemId].sort((x, y) => x - y),
        endsAt: new Date(Math.floor(clockMs / 1000) * 1000 + 5 * DAY_MS).toISOString().replace('.000Z', 'Z'),
      });

      // Three units of its listings, any mix: a third off each, in the order's discount.
      const [a, b] = [first.models[0], third.models[0]];
      await client.updateStock([
        { sku: a.sku, available: 10 },
        { sku: b.sku, available: 10 },
      ]);
      const orderSn = await seller.buyerOrders([
        { model_sku: a.sku, quantity: 2 },
        { model_sku: b.sku, quantity: 1 },
      ]);
      const order = (await client.order(orderSn))!;
      const off = (price: number) => Math.round((price * 33) / 100);
      expect(order.totals.discount).toEqual({ amount: String(2 * off(a.price) + off(b.price)), currencyCode: 'VND' });
      expect(order.lines.map((l) => l.discount.amount)).toEqual([String(2 * off(a.price)), String(off(b.price))]);
      expectConsistentTotals(order);

      await client.endBundleDeal(running);
      expect(await client.bundleDeals()).toEqual([]);
      // Ended already, or gone: nothing to do.
      await expect(client.endBundleDeal(running)).resolves.toBeUndefined();
      await expect(client.endBundleDeal({ id: 42, status: 'ONGOING' })).resolves.toBeUndefined();
      await expect(client.addBundleDealItems(deal.id, [second.itemId])).rejects.toMatchObject({ code: 'BUNDLE_DEAL_NOT_CHANGEABLE' });
      await expect(client.addBundleDealItems(42, [second.itemId])).rejects.toMatchObject({ code: 'BUNDLE_DEAL_NOT_FOUND' });

      // An upcoming deal is deleted rather than ended.
      const tomorrow = {
        name: 'Sau này',
        startsAt: new Date(clockMs + DAY_MS),
        endsAt: new Date(clockMs + 2 * DAY_MS),
        minQuantity: 2,
        percentOff: 10,
        itemIds: [],
      };
      const { deal: later } = await client.createBundleDeal(tomorrow);
      await client.endBundleDeal(later);
      expect(await client.bundleDeals()).toEqual([]);

      // What the marketplace refuses of a deal is ours to fix.
      const past = await client
        .createBundleDeal({ ...tomorrow, name: 'Hôm qua', startsAt: new Date(clockMs - DAY_MS) })
        .catch((error: unknown) => error);
      expect(past).toBeInstanceOf(MarketplaceRequestError);
      expect((past as MarketplaceRequestError).refusal).toMatchObject({ status: 400, error: 'error_param' });
      await expect(client.createBundleDeal({ ...tomorrow, percentOff: 100 })).rejects.toThrow(RangeError);
    } finally {
      clockMs = world.now.getTime();
    }
  });
});

/** Lines add up to the subtotal less the discount; the total adds the shipping. */
function expectConsistentTotals(order: MarketplaceOrder): void {
  const sum = (amounts: string[]) => amounts.reduce((s, a) => s + BigInt(a), 0n);
  const { subtotal, discount, shipping, total } = order.totals;
  expect(subtotal.currencyCode).toBe('VND');
  expect(sum(order.lines.map((l) => l.total.amount))).toBe(BigInt(subtotal.amount) - BigInt(discount.amount));
  expect(BigInt(total.amount)).toBe(BigInt(subtotal.amount) - BigInt(discount.amount) + BigInt(shipping.amount));
}
