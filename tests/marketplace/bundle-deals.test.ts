import { EcommerceClient, PromotionBook } from '../../connectors/ecommerce';
import { type BundleDeal, MarketplaceClient } from '../../connectors/marketplace';
import { adminHeaders } from '../../legacy/kit/admin';
import type { World } from '../../legacy/seed/model';
import { generateWorld } from '../../legacy/seed/world';
import { clockFromEnv } from '../../lib/clock';
import { encodeId } from '../../lib/ids';
import { createLogger } from '../../lib/logger';
import { RunningSystem, startSystem } from '../../scripts/system';
import { BundleDealSync } from '../../subgraphs/marketplace/bundle-deals';
import { execute } from '../support/graphql';
import { eventually } from '../support/eventually';
import { signerFor } from '../support/journey-personas';

/**
 * The web shop's buy 2 get 1 on T-shirts, on the marketplace as its own kind of bundle deal: mirrored
 * by the marketplace subgraph's rounds against the real stand-ins, bought there by a buyer, and seen
 * through the graph with its discount; created once however many rounds, restarts or replicas.
 */

const STEWARD = 'steward';
const ORDER = `query($id: ID!) { order(id: $id) {
  number channel lines { sku quantity discount { amount } }
  totals { subtotal { amount currencyCode } discount { amount currencyCode } shipping { amount } total { amount } } } }`;
const NAME = 'Mua 2 tặng 1 #KM1';

interface OrderAnswer {
  order: {
    number: string;
    channel: string;
    lines: { sku: string; quantity: number; discount: { amount: string } }[];
    totals: Record<'subtotal' | 'discount' | 'shipping' | 'total', { amount: string; currencyCode?: string }>;
  } | null;
}

describe('the buy 2 get 1 as a marketplace bundle deal', () => {
  let world: World;
  let system: RunningSystem;
  let marketplace: MarketplaceClient;
  const signAs = signerFor(() => system);
  const rule = () => world.ecommerce.salesRules.find((r) => r.id === 1)!;
  const categoryOf = () => new Map(world.products.map((p) => [p.sku, p.category]));
  const tshirts = () => world.marketplace.items.filter((item) => item.models.every((m) => categoryOf().get(m.sku) === 'Áo thun'));
  const ours = async () => (await marketplace.bundleDeals()).filter((deal) => deal.name === NAME);
  const calls = async (): Promise<Record<string, number>> =>
    (
      (await (await fetch(`${system.legacyUrls.marketplace}/__admin/calls`, { headers: adminHeaders() })).json()) as {
        byOperation: Record<string, number>;
      }
    ).byOperation;
  /** Another process's sync: a restart, or a second replica with state of its own. */
  const anotherSync = (promotions: Pick<PromotionBook, 'promotions'>) => {
    const env = { ...system.env, LOG_LEVEL: 'silent' };
    return new BundleDealSync(
      MarketplaceClient.fromEnv(env),
      promotions,
      EcommerceClient.fromEnv(env),
      { withLocks: (_keys, work) => work() },
      clockFromEnv(env),
      { intervalMs: 0 },
      createLogger('another-replica', env),
    );
  };

  beforeAll(async () => {
    world = generateWorld({ seed: 42, size: 'small' });
    system = await startSystem({
      world,
      env: {
        LOG_LEVEL: 'silent',
        IDENTITY_SYNC_INTERVAL_MS: '0',
        COMMERCE_PICKUP_SWEEP_MS: '0',
        // The seeded seller stock stays as it is; the promotions are mirrored every second.
        MARKETPLACE_STOCK_SYNC_MS: '0',
        MARKETPLACE_PROMOTION_SYNC_MS: '1000',
      },
    });
    marketplace = MarketplaceClient.fromEnv({
      MARKETPLACE_URL: system.legacyUrls.marketplace,
      OMNIGRAPH_CLOCK_OFFSET_MS: system.env.OMNIGRAPH_CLOCK_OFFSET_MS,
    });
  }, 120_000);
  afterAll(() => system.stop());

  let deal: BundleDeal;

  it('appears on the marketplace as a bundle deal on the T-shirt listings: any 3 for 33% off each, until the promotion ends', async () => {
    [deal] = await eventually(ours, (deals) => deals[0]?.status === 'ONGOING', 40);
    const lastDay = rule().toDate!;
    const end = new Date(Date.parse(`${lastDay}T00:00:00+07:00`) + 86_400_000).toISOString().replace('.000Z', 'Z');
    expect(deal).toMatchObject({ status: 'ONGOING', minQuantity: 3, percentOff: 33, endsAt: end });
    const expected = tshirts();
    expect(expected.length).toBeGreaterThan(0);
    expect(deal.itemIds).toEqual(expected.map((item) => item.itemId).sort((a, b) => a - b));
    expect(deal.skus.sort()).toEqual(expected.flatMap((item) => item.models.map((m) => m.sku)).sort());
    // Already running in the shop: on the marketplace from the moment it was mirrored.
    expect(Date.parse(deal.startsAt)).toBeGreaterThan(Date.parse(`${rule().fromDate}T00:00:00+07:00`));
  }, 60_000);

  it('gives a buyer of 3 T-shirts the deal’s discount, in the order’s totals through the graph', async () => {
    const [a, b] = tshirts()
      .flatMap((item) => item.models)
      .filter((m) => m.sellerStock >= 2);
    const response = await fetch(`${system.legacyUrls.marketplace}/__admin/buyer/orders`, {
      method: 'POST',
      headers: { ...adminHeaders(), 'content-type': 'application/json' },
      body: JSON.stringify({
        lines: [
          { model_sku: a.sku, quantity: 2 },
          { model_sku: b.sku, quantity: 1 },
        ],
      }),
    });
    expect(response.status).toBe(201);
    const { order_sn } = (await response.json()) as { order_sn: string };
    const off = (price: number) => Math.round((price * 33) / 100);
    const discount = 2 * off(a.price) + off(b.price);
    const subtotal = 2 * a.price + b.price;

    const answer = await execute<OrderAnswer, object>(
      system.gatewayUrl,
      ORDER,
      { id: encodeId('MarketplaceOrder', order_sn) },
      await signAs(STEWARD),
    );
    expect(answer.errors).toBeUndefined();
    const order = answer.data!.order!;
    expect(order).toMatchObject({ number: order_sn, channel: 'MARKETPLACE' });
    expect(order.totals).toEqual({
      subtotal: { amount: String(subtotal), currencyCode: 'VND' },
      discount: { amount: String(discount), currencyCode: 'VND' },
      shipping: { amount: '22000' },
      total: { amount: String(subtotal - discount + 22_000) },
    });
    expect(order.lines).toEqual([
      { sku: a.sku, quantity: 2, discount: { amount: String(2 * off(a.price)) } },
      { sku: b.sku, quantity: 1, discount: { amount: String(off(b.price)) } },
    ]);
  });

  it('creates it once: not again at the next rounds, nor at a restart or on a second replica', async () => {
    const listedBefore = (await calls())['v2.bundle_deal.get_bundle_deal_list'];
    // At least two more rounds of the subgraph's (two list calls each).
    await eventually(calls, (counted) => counted['v2.bundle_deal.get_bundle_deal_list'] >= listedBefore + 4, 15);
    await anotherSync(new PromotionBook(EcommerceClient.fromEnv(system.env))).round();
    await eventually(calls, (counted) => counted['v2.bundle_deal.get_bundle_deal_list'] >= listedBefore + 8, 15);
    const counted = await calls();
    expect(counted['v2.bundle_deal.add_bundle_deal']).toBe(1);
    expect(counted['v2.bundle_deal.end_bundle_deal']).toBeUndefined();
    expect(await ours()).toEqual([{ ...deal, skus: expect.any(Array) }]);
  }, 60_000);

  it('ends the deal when its promotion is deactivated', async () => {
    const shop = new PromotionBook(EcommerceClient.fromEnv(system.env));
    const deactivated = { promotions: async () => (await shop.promotions()).map((p) => (p.ruleId === 1 ? { ...p, active: false } : p)) };
    await anotherSync(deactivated).round();
    expect((await calls())['v2.bundle_deal.end_bundle_deal']).toBe(1);
    // Ended for good; the subgraph, which still reads it active, puts a new one up.
    expect((await ours()).map((d) => d.id)).not.toContain(deal.id);
  });
});
