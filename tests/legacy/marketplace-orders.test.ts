import type { FastifyInstance } from 'fastify';
import type { MarketplaceClient } from '../../legacy/marketplace/testing';
import { marketplaceFixture } from '../../legacy/marketplace/testing';
import { generateWorld } from '../../legacy/seed/world';

const world = generateWorld({ seed: 42, size: 'small' });

describe('the marketplace order status flow, stock and logistics', () => {
  let app: FastifyInstance;
  let client: MarketplaceClient;
  let clockMs = world.now.getTime();
  const item = world.marketplace.items[0];
  const [model, otherModel] = item.models;

  beforeAll(async () => {
    ({ app, client } = await marketplaceFixture(world, { clock: () => new Date(clockMs) }));
  });
  afterAll(() => app.close());

  const statusOf = async (orderSn: string) =>
    (await client.get('order/get_order_detail', { order_sn_list: orderSn })).json().response.order_list[0].order_status as string;
  const stockOf = async (modelId: number) => {
    const models = (await client.get('product/get_model_list', { item_id: item.itemId })).json().response.model;
    return models.find((m: { model_id: number }) => m.model_id === modelId).stock_info_v2;
  };
  const setStock = (stock: number) =>
    client.post('product/update_stock', { item_id: item.itemId, stock_list: [{ model_id: model.modelId, seller_stock: [{ stock }] }] });

  it('sets a model seller stock and reads it back; an unknown model fails alone, an unknown item is not found', async () => {
    const answer = await client.post('product/update_stock', {
      item_id: item.itemId,
      stock_list: [
        { model_id: model.modelId, seller_stock: [{ stock: 7 }] },
        { model_id: 42, seller_stock: [{ stock: 1 }] },
      ],
    });
    expect(answer.json().response).toEqual({
      success_list: [{ model_id: model.modelId, location_id: '', stock: 7 }],
      failure_list: [{ model_id: 42, failed_reason: expect.any(String) }],
    });
    expect((await stockOf(model.modelId)).seller_stock).toEqual([{ location_id: '', stock: 7 }]);
    const models = (await client.get('product/get_model_list', { item_id: item.itemId })).json().response.model;
    expect(models.map((m: { model_sku: string }) => m.model_sku)).toEqual(item.models.map((m) => m.sku));
    expect(
      (await client.post('product/update_stock', { item_id: 1, stock_list: [{ model_id: 1, seller_stock: [{ stock: 1 }] }] })).json().error,
    ).toBe('error_not_found');
    expect(
      (
        await client.post('product/update_stock', {
          item_id: item.itemId,
          stock_list: [{ model_id: model.modelId, seller_stock: [{ stock: -1 }] }],
        })
      ).json().error,
    ).toBe('error_param');
    // A badly signed write changes nothing.
    const unsigned = await client.post(
      'product/update_stock',
      { item_id: item.itemId, stock_list: [{ model_id: model.modelId, seller_stock: [{ stock: 1 }] }] },
      { sign: '0'.repeat(64) },
    );
    expect(unsigned.json().error).toBe('error_sign');
    expect((await stockOf(model.modelId)).seller_stock[0].stock).toBe(7);
  });

  it('lists every listing with its item ids', async () => {
    const page = (await client.get('product/get_item_list', { item_status: 'NORMAL', offset: 0, page_size: 100 })).json().response;
    expect(page.total_count).toBe(world.marketplace.items.length);
    expect(page.item.map((i: { item_id: number }) => i.item_id).sort()).toEqual(world.marketplace.items.map((i) => i.itemId).sort());
  });

  it('takes a buyer order from the seller stock, and moves it UNPAID → READY_TO_SHIP → PROCESSED → SHIPPED → COMPLETED', async () => {
    await setStock(3);
    const reservedBefore = (await stockOf(model.modelId)).summary_info.total_reserved_stock;
    clockMs += 60_000;
    const orderSn = await client.buyerOrders([{ model_sku: model.sku, quantity: 2 }]);
    expect(orderSn).toMatch(/^\d{6}[A-Z0-9]{8}$/);
    expect(await statusOf(orderSn)).toBe('UNPAID');
    expect(await stockOf(model.modelId)).toMatchObject({
      summary_info: { total_available_stock: 1, total_reserved_stock: reservedBefore + 2 },
    });
    // The marketplace does not sell beyond the seller stock.
    const refused = await client.admin('POST', '/__admin/buyer/orders', { lines: [{ model_sku: model.sku, quantity: 2 }] });
    expect(refused.statusCode).toBe(409);

    // Not paid yet: it cannot ship.
    const early = await client.post('logistics/ship_order', { order_sn: orderSn, dropoff: {} });
    expect(early.statusCode).toBe(400);
    expect(early.json().error).toBe('logistics.error_status');

    clockMs += 60_000;
    expect((await client.buyer(orderSn, 'pay')).statusCode).toBe(200);
    const paid = (await client.get('order/get_order_detail', { order_sn_list: orderSn, response_optional_fields: 'pay_time' })).json()
      .response.order_list[0];
    expect(paid).toMatchObject({
      order_status: 'READY_TO_SHIP',
      pay_time: Math.floor(clockMs / 1000),
      update_time: Math.floor(clockMs / 1000),
    });

    expect((await client.post('logistics/ship_order', { order_sn: orderSn })).json().error).toBe('error_param');
    expect(
      (await client.post('logistics/ship_order', { order_sn: orderSn, pickup: { address_id: 1, pickup_time_id: '1' } })).json().error,
    ).toBe('');
    expect(await statusOf(orderSn)).toBe('PROCESSED');
    await client.buyer(orderSn, 'pickup');
    expect(await statusOf(orderSn)).toBe('SHIPPED');
    expect((await client.buyer(orderSn, 'pay')).statusCode).toBe(409);
    await client.buyer(orderSn, 'complete');
    expect(await statusOf(orderSn)).toBe('COMPLETED');
    expect((await stockOf(model.modelId)).summary_info).toEqual({ total_available_stock: 1, total_reserved_stock: reservedBefore });

    // Found by the poll on update_time.
    const t = Math.floor(clockMs / 1000);
    const updated = (
      await client.get('order/get_order_list', { time_range_field: 'update_time', time_from: t - 60, time_to: t, page_size: 100 })
    ).json().response.order_list;
    expect(updated.map((o: { order_sn: string }) => o.order_sn)).toContain(orderSn);

    await client.buyer(orderSn, 'return');
    expect(await statusOf(orderSn)).toBe('TO_RETURN');
  });

  it('cancels: an unpaid order at once, a paid one through IN_CANCEL and the seller answer; the stock comes back', async () => {
    await setStock(5);
    const unpaid = await client.buyerOrders([{ model_sku: model.sku, quantity: 1 }]);
    await client.buyer(unpaid, 'cancel');
    expect(await statusOf(unpaid)).toBe('CANCELLED');
    expect((await stockOf(model.modelId)).summary_info.total_available_stock).toBe(5);

    const paid = await client.buyerOrders([{ model_sku: model.sku, quantity: 2 }], { paid: true });
    expect(await statusOf(paid)).toBe('READY_TO_SHIP');
    await client.buyer(paid, 'cancel');
    expect(await statusOf(paid)).toBe('IN_CANCEL');
    expect((await client.post('order/handle_buyer_cancellation', { order_sn: paid, operation: 'REJECT' })).json().response).toEqual({
      order_status: 'READY_TO_SHIP',
    });
    await client.buyer(paid, 'cancel');
    const accepted = await client.post('order/handle_buyer_cancellation', { order_sn: paid, operation: 'ACCEPT' });
    expect(accepted.json().response).toEqual({ order_status: 'CANCELLED' });
    const detail = (await client.get('order/get_order_detail', { order_sn_list: paid, response_optional_fields: 'cancel_by' })).json()
      .response.order_list[0];
    expect(detail).toMatchObject({ order_status: 'CANCELLED', cancel_by: 'buyer' });
    expect((await stockOf(model.modelId)).summary_info.total_available_stock).toBe(5);

    // The seller cancels what it cannot fulfil, before shipping.
    const short = await client.buyerOrders([{ model_sku: otherModel.sku, quantity: 1 }], { paid: true });
    expect((await client.post('order/cancel_order', { order_sn: short, cancel_reason: 'SOLD_OUT' })).json().error).toBe('error_param');
    expect((await client.post('order/cancel_order', { order_sn: short, cancel_reason: 'OUT_OF_STOCK' })).json().error).toBe('');
    expect(await statusOf(short)).toBe('CANCELLED');
    expect((await client.post('order/cancel_order', { order_sn: short, cancel_reason: 'OUT_OF_STOCK' })).json().error).toBe(
      'order.error_status',
    );
    expect((await client.post('order/cancel_order', { order_sn: '991231NOSUCH00', cancel_reason: 'OUT_OF_STOCK' })).json().error).toBe(
      'error_not_found',
    );
  });

  it('lists the buyers linked to the brand membership with the loyalty card code they gave', async () => {
    const members = (await client.get('brand_membership/get_member_list', { page_size: 100 })).json().response.member_list;
    expect(members.map((m: { buyer_user_id: number; member_id: string }) => [m.buyer_user_id, m.member_id]).sort()).toEqual(
      world.truth.marketplaceMembers.map((m) => [m.buyerUserId, m.loyaltyCardCode]).sort(),
    );
  });
});
