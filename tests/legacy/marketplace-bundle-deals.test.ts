import type { FastifyInstance } from 'fastify';
import { adminHeaders } from '../../legacy/kit/admin';
import type { MarketplaceClient } from '../../legacy/marketplace/testing';
import { marketplaceFixture } from '../../legacy/marketplace/testing';
import { generateWorld } from '../../legacy/seed/world';

const world = generateWorld({ seed: 42, size: 'small' });
const DAY = 86_400;
const categoryOf = new Map(world.products.map((p) => [p.sku, p.category]));
/** The T-shirt listings: every model of them a T-shirt. */
const tshirts = world.marketplace.items.filter((item) => item.models.every((m) => categoryOf.get(m.sku) === 'Áo thun'));
const others = world.marketplace.items.filter((item) => !tshirts.includes(item));

interface DetailLine {
  item_id: number;
  model_sku: string;
  model_quantity_purchased: number;
  model_original_price: number;
  model_discounted_price: number;
}

describe('the marketplace bundle deals', () => {
  let app: FastifyInstance;
  let client: MarketplaceClient;
  let clockMs = world.now.getTime();
  const now = () => Math.floor(clockMs / 1000);
  /** A buy-3-for-33%-off deal on the T-shirts, starting in a minute. */
  const buyThree = (extra: object = {}) => ({
    rule_type: 2,
    discount_percentage: 33,
    min_amount: 3,
    start_time: now() + 60,
    end_time: now() + 10 * DAY,
    name: 'Mua 2 tặng 1 #KM1',
    purchase_limit: 0,
    ...extra,
  });
  const refusal = async (call: string, payload: object) => {
    const answer = await client.post(call, payload);
    return { status: answer.statusCode, ...(answer.json() as { error: string; message: string }) };
  };
  const listed = async (timeStatus: number) =>
    (await client.get('bundle_deal/get_bundle_deal_list', { time_status: timeStatus, page_size: 100 })).json().response
      .bundle_deal_list as {
      bundle_deal_id: number;
    }[];
  const detail = async (orderSn: string) =>
    (await client.get('order/get_order_detail', { order_sn_list: orderSn, response_optional_fields: 'item_list,total_amount' })).json()
      .response.order_list[0] as { total_amount: number; item_list: DetailLine[] };
  /** Enough seller stock of every model used here. */
  const stockUp = async (items: typeof tshirts) => {
    for (const item of items)
      await client.post('product/update_stock', {
        item_id: item.itemId,
        stock_list: item.models.map((m) => ({ model_id: m.modelId, seller_stock: [{ stock: 50 }] })),
      });
  };
  const discounted = (price: number) => price - Math.round((price * 33) / 100);

  let dealId = 0;

  beforeAll(async () => {
    ({ app, client } = await marketplaceFixture(world, { clock: () => new Date(clockMs) }));
    await stockUp([...tshirts.slice(0, 2), others[0]]);
  });
  afterAll(() => app.close());

  it('creates a percentage deal and its items, lists it as upcoming, with its rule and items; counted as its calls', async () => {
    expect(tshirts.length).toBeGreaterThan(1);
    await app.inject({ method: 'DELETE', url: '/__admin/calls', headers: adminHeaders({}) });
    const created = await client.post('bundle_deal/add_bundle_deal', buyThree());
    expect(created.statusCode).toBe(200);
    dealId = created.json().response.bundle_deal_id;
    expect(dealId).toEqual(expect.any(Number));

    const upcoming = (await listed(2)).find((d) => d.bundle_deal_id === dealId);
    expect(upcoming).toEqual({
      bundle_deal_id: dealId,
      name: 'Mua 2 tặng 1 #KM1',
      start_time: now() + 60,
      end_time: now() + 10 * DAY,
      bundle_deal_rule: { rule_type: 2, discount_percentage: 33, min_amount: 3, fix_price: 0, discount_value: 0 },
      purchase_limit: 0,
    });
    expect((await listed(3)).map((d) => d.bundle_deal_id)).not.toContain(dealId);
    expect((await listed(1)).map((d) => d.bundle_deal_id)).toContain(dealId);

    const added = await client.post('bundle_deal/add_bundle_deal_item', {
      bundle_deal_id: dealId,
      item_list: [...tshirts.map((item) => ({ item_id: item.itemId, status: 1 })), { item_id: 1, status: 1 }],
    });
    expect(added.json().response).toEqual({
      success_list: tshirts.map((item) => item.itemId),
      failed_list: [{ item_id: 1, fail_error: 'error_item_not_found', fail_message: expect.any(String) }],
    });
    const items = (await client.get('bundle_deal/get_bundle_deal_item', { bundle_deal_id: dealId })).json().response.item_list;
    expect(items).toEqual(tshirts.map((item) => ({ item_id: item.itemId, status: 1 })).sort((a, b) => a.item_id - b.item_id));

    const calls = (await client.admin('GET', '/__admin/calls')).json().byOperation;
    expect(calls).toMatchObject({
      'v2.bundle_deal.add_bundle_deal': 1,
      'v2.bundle_deal.get_bundle_deal_list': 3,
      'v2.bundle_deal.add_bundle_deal_item': 1,
      'v2.bundle_deal.get_bundle_deal_item': 1,
    });
  });

  it('refuses bad rules and times as error_param, unknown deals as error_not_found, a wrong sign as error_sign', async () => {
    const param = { status: 400, error: 'error_param' };
    expect(await refusal('bundle_deal/add_bundle_deal', buyThree({ start_time: now() - 1 }))).toMatchObject(param);
    expect(await refusal('bundle_deal/add_bundle_deal', buyThree({ end_time: now() + 60 + 3_599 }))).toMatchObject(param);
    expect(await refusal('bundle_deal/add_bundle_deal', buyThree({ rule_type: 4 }))).toMatchObject(param);
    expect(await refusal('bundle_deal/add_bundle_deal', buyThree({ discount_percentage: undefined }))).toMatchObject(param);
    expect(await refusal('bundle_deal/add_bundle_deal', buyThree({ discount_percentage: 100 }))).toMatchObject(param);
    expect(await refusal('bundle_deal/add_bundle_deal', buyThree({ rule_type: 1 }))).toMatchObject(param);
    expect(await refusal('bundle_deal/add_bundle_deal', buyThree({ min_amount: 1 }))).toMatchObject(param);
    expect(await refusal('bundle_deal/add_bundle_deal', buyThree({ name: ' ' }))).toMatchObject(param);
    expect(await refusal('bundle_deal/add_bundle_deal', buyThree({ start_time: 'soon' }))).toMatchObject(param);
    expect(await refusal('bundle_deal/add_bundle_deal_item', { bundle_deal_id: dealId, item_list: [] })).toMatchObject(param);
    expect(await refusal('bundle_deal/add_bundle_deal_item', { bundle_deal_id: 42, item_list: [{ item_id: 1 }] })).toMatchObject({
      status: 404,
      error: 'error_not_found',
    });
    expect((await client.get('bundle_deal/get_bundle_deal_item', { bundle_deal_id: 42 })).json().error).toBe('error_not_found');
    expect((await client.get('bundle_deal/get_bundle_deal_list', { time_status: 9 })).json().error).toBe('error_param');
    // Not started yet: it cannot be ended, only deleted.
    expect(await refusal('bundle_deal/end_bundle_deal', { bundle_deal_id: dealId })).toMatchObject({
      status: 400,
      error: 'bundle_deal.error_status',
    });
    const unsigned = await client.post('bundle_deal/add_bundle_deal', buyThree(), { sign: '0'.repeat(64) });
    expect(unsigned.json().error).toBe('error_sign');
    expect((await listed(1)).map((d) => d.bundle_deal_id)).toEqual([dealId]);

    // An item is in one deal at a time: another deal over the same days takes it only when it does not overlap.
    const other = (await client.post('bundle_deal/add_bundle_deal', buyThree({ name: 'Khác', discount_percentage: 10 }))).json().response
      .bundle_deal_id as number;
    const clash = await client.post('bundle_deal/add_bundle_deal_item', {
      bundle_deal_id: other,
      item_list: [{ item_id: tshirts[0].itemId }, { item_id: others[0].itemId }],
    });
    expect(clash.json().response).toEqual({
      success_list: [others[0].itemId],
      failed_list: [{ item_id: tshirts[0].itemId, fail_error: 'error_item_in_other_bundle', fail_message: expect.any(String) }],
    });
    // Deleted before it starts, with its items.
    expect((await client.post('bundle_deal/delete_bundle_deal', { bundle_deal_id: other })).json().response).toEqual({
      bundle_deal_id: other,
    });
    expect(await refusal('bundle_deal/delete_bundle_deal', { bundle_deal_id: other })).toMatchObject({
      status: 404,
      error: 'error_not_found',
    });
  });

  it('gives an order of 3 qualifying units a third off each, none to 2, one group of 4, and leaves other items at their price', async () => {
    clockMs += 120_000;
    expect((await listed(3)).map((d) => d.bundle_deal_id)).toEqual([dealId]);
    const [a, b] = [tshirts[0].models[0], tshirts[1].models[1]];

    // Two of one T-shirt and one of another: a full group of three.
    const three = await detail(
      await client.buyerOrders([
        { model_sku: a.sku, quantity: 2 },
        { model_sku: b.sku, quantity: 1 },
      ]),
    );
    expect(three.item_list.map((l) => [l.model_sku, l.model_quantity_purchased, l.model_original_price, l.model_discounted_price])).toEqual(
      [
        [a.sku, 2, a.price, discounted(a.price)],
        [b.sku, 1, b.price, discounted(b.price)],
      ],
    );
    expect(three.total_amount).toBe(2 * discounted(a.price) + discounted(b.price) + 22_000);

    const two = await detail(await client.buyerOrders([{ model_sku: a.sku, quantity: 2 }]));
    expect(two.item_list.map((l) => l.model_discounted_price)).toEqual([a.price]);
    expect(two.total_amount).toBe(2 * a.price + 22_000);

    // Four of one: three in the group, the fourth at the listed price, on a line of its own.
    const four = await detail(await client.buyerOrders([{ model_sku: a.sku, quantity: 4 }]));
    expect(four.item_list.map((l) => [l.model_quantity_purchased, l.model_discounted_price])).toEqual([
      [3, discounted(a.price)],
      [1, a.price],
    ]);

    const mixed = await detail(
      await client.buyerOrders([
        { model_sku: others[0].models[0].sku, quantity: 1 },
        { model_sku: b.sku, quantity: 3 },
      ]),
    );
    expect(mixed.item_list.map((l) => l.model_discounted_price)).toEqual([others[0].models[0].price, discounted(b.price)]);
  });

  it('holds a buyer to the purchase limit over their orders; a cancelled order gives its bundles back', async () => {
    const limited = (
      await client.post(
        'bundle_deal/add_bundle_deal',
        buyThree({ name: 'Giới hạn', min_amount: 2, discount_percentage: 33, purchase_limit: 1 }),
      )
    ).json().response.bundle_deal_id as number;
    await client.post('bundle_deal/add_bundle_deal_item', { bundle_deal_id: limited, item_list: [{ item_id: others[0].itemId }] });
    clockMs += 120_000;
    const sku = others[0].models[0].sku;
    const price = others[0].models[0].price;
    const buyer = { buyer_user_id: 700_000_001 };
    const first = await client.buyerOrders([{ model_sku: sku, quantity: 4 }], buyer);
    expect((await detail(first)).item_list.map((l) => [l.model_quantity_purchased, l.model_discounted_price])).toEqual([
      [2, discounted(price)],
      [2, price],
    ]);
    const second = await client.buyerOrders([{ model_sku: sku, quantity: 2 }], buyer);
    expect((await detail(second)).item_list.map((l) => l.model_discounted_price)).toEqual([price]);
    const someoneElse = await client.buyerOrders([{ model_sku: sku, quantity: 2 }], { buyer_user_id: 700_000_002 });
    expect((await detail(someoneElse)).item_list.map((l) => l.model_discounted_price)).toEqual([discounted(price)]);
    await client.buyer(first, 'cancel');
    const third = await client.buyerOrders([{ model_sku: sku, quantity: 2 }], buyer);
    expect((await detail(third)).item_list.map((l) => l.model_discounted_price)).toEqual([discounted(price)]);
  });

  it('changes only the end of a running deal, takes items out, and ends it: later orders pay the listed price', async () => {
    const moved = await client.post('bundle_deal/update_bundle_deal', { bundle_deal_id: dealId, end_time: now() + 20 * DAY });
    expect(moved.json().response).toMatchObject({ bundle_deal_id: dealId, end_time: now() + 20 * DAY });
    expect(await refusal('bundle_deal/update_bundle_deal', { bundle_deal_id: dealId, discount_percentage: 50 })).toMatchObject({
      status: 400,
      error: 'error_param',
    });

    const removed = await client.post('bundle_deal/delete_bundle_deal_item', {
      bundle_deal_id: dealId,
      item_list: [{ item_id: tshirts[1].itemId }, { item_id: others[0].itemId }],
    });
    expect(removed.json().response).toEqual({
      success_list: [tshirts[1].itemId],
      failed_list: [{ item_id: others[0].itemId, fail_error: 'error_item_not_found', fail_message: expect.any(String) }],
    });
    const b = tshirts[1].models[1];
    expect((await detail(await client.buyerOrders([{ model_sku: b.sku, quantity: 3 }]))).item_list[0].model_discounted_price).toBe(b.price);

    expect((await client.post('bundle_deal/end_bundle_deal', { bundle_deal_id: dealId })).json().response).toEqual({
      bundle_deal_id: dealId,
    });
    expect((await listed(4)).map((d) => d.bundle_deal_id)).toContain(dealId);
    expect((await listed(3)).map((d) => d.bundle_deal_id)).not.toContain(dealId);
    const a = tshirts[0].models[0];
    expect((await detail(await client.buyerOrders([{ model_sku: a.sku, quantity: 3 }]))).item_list[0].model_discounted_price).toBe(a.price);
    expect(await refusal('bundle_deal/end_bundle_deal', { bundle_deal_id: dealId })).toMatchObject({ error: 'bundle_deal.error_status' });
    expect(
      await refusal('bundle_deal/add_bundle_deal_item', { bundle_deal_id: dealId, item_list: [{ item_id: tshirts[1].itemId }] }),
    ).toMatchObject({
      error: 'bundle_deal.error_status',
    });
  });
});
