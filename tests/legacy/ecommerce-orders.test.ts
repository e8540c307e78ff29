import type { FastifyInstance, InjectOptions } from 'fastify';
import { openDatabase } from '../../legacy/kit/db';
import { buildApp } from '../../legacy/ecommerce/app';
import { createSchema, loadWorld } from '../../legacy/ecommerce/store';
import type { WebOrder, World } from '../../legacy/seed/model';
import { generateWorld } from '../../legacy/seed/world';

const INTEGRATION = 'ecommerce-dev-token';

let world: World;
let app: FastifyInstance;

type Method = NonNullable<InjectOptions['method']>;

async function call(method: Method, url: string, payload?: unknown) {
  const response = await app.inject({
    method,
    url: `/rest/V1${url}`,
    headers: { authorization: `Bearer ${INTEGRATION}` },
    ...(payload === undefined ? {} : { payload: payload as InjectOptions['payload'] }),
  });
  return { status: response.statusCode, body: response.json() };
}

const magentoTime = (date: Date) => date.toISOString().slice(0, 19).replace('T', ' ');
const filter = (field: string, value: string | number, condition = 'eq') =>
  `searchCriteria[filter_groups][0][filters][0][field]=${field}&searchCriteria[filter_groups][0][filters][0][value]=${encodeURIComponent(String(value))}&searchCriteria[filter_groups][0][filters][0][condition_type]=${condition}`;

const salable = async (sku: string): Promise<number> =>
  (await call('GET', `/inventory/get-product-salable-quantity/${encodeURIComponent(sku)}/1`)).body;

async function sourceQty(sourceCode: string, sku: string): Promise<number> {
  const { body } = await call('GET', `/inventory/source-items?${filter('sku', sku)}`);
  return body.items.find((i: { source_code: string }) => i.source_code === sourceCode)?.quantity ?? 0;
}

function seededSalable(sku: string): number {
  const onHand = world.ecommerce.sourceItems.filter((s) => s.sku === sku).reduce((sum, s) => sum + s.quantity, 0);
  return onHand + world.ecommerce.reservations.filter((r) => r.sku === sku).reduce((sum, r) => sum + r.quantity, 0);
}

const orderWhere = (test: (o: WebOrder) => boolean): WebOrder => {
  const order = world.ecommerce.orders.find(test);
  if (!order) throw new Error('the seeded world has no such order');
  return order;
};
const noMemo = (o: WebOrder) => !world.ecommerce.creditMemos.some((m) => m.orderId === o.entityId);

beforeAll(() => {
  world = generateWorld({ seed: 7, size: 'small' });
});
beforeEach(() => {
  const db = openDatabase(':memory:');
  createSchema(db);
  loadWorld(db, world);
  app = buildApp({ db, env: {}, clock: () => world.now });
});
afterEach(() => app.close());

describe('reading orders', () => {
  it('reads an order in Magento shape: negative discount, states, history newest first', async () => {
    const seeded = orderWhere((o) => o.discountAmount > 0 && o.status === 'complete' && o.customerId !== null);
    const { status, body } = await call('GET', `/orders/${seeded.entityId}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      entity_id: seeded.entityId,
      increment_id: seeded.incrementId,
      customer_id: seeded.customerId,
      customer_email: seeded.customerEmail,
      customer_is_guest: 0,
      state: 'complete',
      status: 'complete',
      base_currency_code: 'VND',
      order_currency_code: 'VND',
      subtotal: seeded.subtotal,
      discount_amount: -seeded.discountAmount,
      shipping_amount: seeded.shippingAmount,
      grand_total: seeded.grandTotal,
      created_at: magentoTime(seeded.createdAt),
    });
    const discounted = seeded.items.find((i) => i.discountAmount > 0)!;
    expect(body.items.find((i: { item_id: number }) => i.item_id === discounted.itemId)).toMatchObject({
      sku: discounted.sku,
      qty_ordered: discounted.qtyOrdered,
      qty_shipped: discounted.qtyOrdered,
      price: discounted.price,
      discount_amount: discounted.discountAmount,
    });
    expect(
      body.status_histories.map((h: { status: string; comment: string; entity_name: string }) => [h.status, h.comment, h.entity_name]),
    ).toEqual([...seeded.statusHistory].reverse().map((h) => [h.status, h.comment, 'order']));
    expect(body.extension_attributes.shipping_assignments[0].shipping).toMatchObject({
      method: seeded.shippingMethod,
      address: { street: [seeded.shippingAddress.street], city: seeded.shippingAddress.city, country_id: 'VN' },
    });
  });

  it('leaves customer_id out of guest orders and shows refunds only once there are some', async () => {
    const guest = orderWhere((o) => o.customerId === null && o.status === 'pending');
    const guestBody = (await call('GET', `/orders/${guest.entityId}`)).body;
    expect(guestBody).toMatchObject({ customer_is_guest: 1, state: 'new', status: 'pending' });
    expect(guestBody).not.toHaveProperty('customer_id');
    expect(guestBody).not.toHaveProperty('total_refunded');
    const closed = orderWhere((o) => o.status === 'closed');
    expect((await call('GET', `/orders/${closed.entityId}`)).body).toMatchObject({
      state: 'closed',
      total_refunded: closed.grandTotal,
      shipping_refunded: closed.shippingAmount,
    });
    const pickup = orderWhere((o) => o.shippingMethod === 'instore_pickup');
    expect((await call('GET', `/orders/${pickup.entityId}`)).body.extension_attributes.pickup_location_code).toBe(
      pickup.pickupLocationCode,
    );
  });

  it('answers unknown orders with the repository message', async () => {
    expect(await call('GET', '/orders/999999')).toEqual({
      status: 404,
      body: { message: "The entity that was requested doesn't exist. Verify the entity and try again." },
    });
  });

  it('batches: orders for many customers at once, and by email in any case', async () => {
    const customerIds = [...new Set(world.ecommerce.orders.filter((o) => o.customerId !== null).map((o) => o.customerId as number))].slice(
      0,
      5,
    );
    const { body } = await call('GET', `/orders?${filter('customer_id', customerIds.join(','), 'in')}&searchCriteria[pageSize]=300`);
    expect(body.total_count).toBe(world.ecommerce.orders.filter((o) => customerIds.includes(o.customerId as number)).length);
    const mangled = orderWhere((o) => o.customerId === null && o.customerEmail !== o.customerEmail.toLowerCase());
    const byEmail = await call('GET', `/orders?${filter('customer_email', mangled.customerEmail.toLowerCase())}`);
    expect(byEmail.body.items.map((o: { increment_id: string }) => o.increment_id)).toContain(mangled.incrementId);
  });
});

describe('order comments and cancellation', () => {
  it('adds a comment that relabels the status but leaves the state', async () => {
    const pending = orderWhere((o) => o.status === 'pending');
    const added = await call('POST', `/orders/${pending.entityId}/comments`, {
      statusHistory: { comment: 'Đã gọi xác nhận', status: 'processing', is_customer_notified: 1 },
    });
    expect(added.body).toBe(true);
    const order = (await call('GET', `/orders/${pending.entityId}`)).body;
    expect(order).toMatchObject({ state: 'new', status: 'processing', updated_at: '2026-11-20 03:30:00' });
    expect(order.status_histories[0]).toMatchObject({ comment: 'Đã gọi xác nhận', status: 'processing', is_customer_notified: 1 });
    expect(
      (await call('POST', `/orders/${pending.entityId}/comments`, { statusHistory: { comment: 'x', status: 'teleported' } })).body
        .parameters,
    ).toEqual({ value: 'teleported', fieldName: 'status' });
    expect((await call('POST', `/orders/${pending.entityId}/comments`, {})).body.parameters).toEqual({ fieldName: 'status_history' });
  });

  it('cancels an open order, releasing its reservations, and answers false for a complete one', async () => {
    const pending = orderWhere((o) => o.status === 'pending');
    const item = pending.items[0];
    const before = await salable(item.sku);
    expect(await call('POST', `/orders/${pending.entityId}/cancel`)).toEqual({ status: 200, body: true });
    const order = (await call('GET', `/orders/${pending.entityId}`)).body;
    expect(order).toMatchObject({ state: 'canceled', status: 'canceled' });
    expect(order.items[0].qty_canceled).toBe(item.qtyOrdered);
    expect(await salable(item.sku)).toBe(before + item.qtyOrdered);
    expect((await call('POST', `/orders/${pending.entityId}/cancel`)).body).toBe(false);
    const complete = orderWhere((o) => o.status === 'complete');
    expect(await call('POST', `/orders/${complete.entityId}/cancel`)).toEqual({ status: 200, body: false });
  });
});

describe('shipping', () => {
  it('deducts the source, compensates the reservation and completes the order', async () => {
    const open = orderWhere((o) => o.status === 'processing' && o.items.length >= 2);
    const source = open.fulfilmentSourceCode;
    const [first, second] = open.items;
    const before = { stock: await sourceQty(source, first.sku), salable: await salable(first.sku) };
    const partial = await call('POST', `/order/${open.entityId}/ship`, {
      items: [{ order_item_id: first.itemId, qty: first.qtyOrdered }],
      arguments: { extension_attributes: { source_code: source } },
    });
    expect(partial.status).toBe(200);
    expect(typeof partial.body).toBe('number');
    expect(await sourceQty(source, first.sku)).toBe(before.stock - first.qtyOrdered);
    // Source down, reservation released: what can still be sold does not move.
    expect(await salable(first.sku)).toBe(before.salable);
    expect((await call('GET', `/orders/${open.entityId}`)).body).toMatchObject({
      state: 'processing',
      items: expect.arrayContaining([expect.objectContaining({ item_id: first.itemId, qty_shipped: first.qtyOrdered })]),
    });
    const over = await call('POST', `/order/${open.entityId}/ship`, {
      items: [{ order_item_id: second.itemId, qty: second.qtyOrdered + 1 }],
      arguments: { extension_attributes: { source_code: source } },
    });
    expect(over.status).toBe(400);
    expect(over.body.message).toMatch(/^Shipment Document Validation Error\(s\):\n/);
    const rest = await call('POST', `/order/${open.entityId}/ship`, { arguments: { extension_attributes: { source_code: source } } });
    expect(rest.body).toBe(partial.body + 1);
    expect((await call('GET', `/orders/${open.entityId}`)).body).toMatchObject({ state: 'complete', status: 'complete' });
    expect(
      (await call('POST', `/order/${open.entityId}/ship`, { arguments: { extension_attributes: { source_code: source } } })).body.message,
    ).toBe('Shipment Document Validation Error(s):\nThe order does not allow a shipment to be created.');
  });

  it('needs a known source that holds the goods', async () => {
    const open = orderWhere((o) => o.status === 'processing');
    expect(await call('POST', `/order/${open.entityId}/ship`, {})).toMatchObject({
      status: 404,
      body: { message: 'Source with code "%value" does not exist.', parameters: { value: 'default' } },
    });
    const item = open.items[0];
    const empty = world.ecommerce.sourceItems.find((s) => s.sku === item.sku && s.quantity === 0) ?? {
      sourceCode: [...world.stores, ...world.warehouses].find(
        (s) => !world.ecommerce.sourceItems.some((i) => i.sku === item.sku && i.sourceCode === s.sourceCode),
      )!.sourceCode,
    };
    const refused = await call('POST', `/order/${open.entityId}/ship`, {
      items: [{ order_item_id: item.itemId, qty: item.qtyOrdered }],
      arguments: { extension_attributes: { source_code: empty.sourceCode } },
    });
    expect(refused).toMatchObject({ status: 400, body: { message: 'Not all of your products are available in the requested quantity.' } });
  });
});

describe('refunds and credit memos', () => {
  it('refunds part of a complete order, returns goods to stock, and closes it on the last refund', async () => {
    const order = orderWhere(
      (o) => o.status === 'complete' && o.items.reduce((n, i) => n + i.qtyOrdered, 0) >= 2 && noMemo(o) && o.shippingAmount > 0,
    );
    const first = order.items[0];
    const stockBefore = await sourceQty(order.fulfilmentSourceCode, first.sku);
    const memoId = (
      await call('POST', `/order/${order.entityId}/refund`, {
        items: [{ order_item_id: first.itemId, qty: 1 }],
        arguments: { extension_attributes: { return_to_stock_items: [first.itemId] } },
      })
    ).body;
    expect(memoId).toBe(world.ecommerce.creditMemos.length + 1);
    const memo = (await call('GET', `/creditmemo/${memoId}`)).body;
    // No shipping_amount given: the whole shipping is refunded with the first memo, Magento's default.
    expect(memo).toMatchObject({
      order_id: order.entityId,
      state: 2,
      shipping_amount: order.shippingAmount,
      items: [{ order_item_id: first.itemId, sku: first.sku, qty: 1 }],
    });
    expect(memo.grand_total).toBe(memo.subtotal + memo.discount_amount + order.shippingAmount);
    expect(await sourceQty(order.fulfilmentSourceCode, first.sku)).toBe(stockBefore + 1);
    const after = (await call('GET', `/orders/${order.entityId}`)).body;
    expect(after).toMatchObject({ state: 'complete', total_refunded: memo.grand_total });
    expect(after.status_histories[0].comment).toMatch(/^We refunded ₫[\d,]+\.00 offline\.$/);

    const tooMuch = await call('POST', `/order/${order.entityId}/refund`, {
      items: [{ order_item_id: first.itemId, qty: first.qtyOrdered }],
    });
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.body.message).toContain('must not be greater than the unrefunded quantity');
    expect((await call('POST', `/order/${order.entityId}/refund`, { arguments: { shipping_amount: 1 } })).body.message).toBe(
      'Creditmemo Document Validation Error(s):\nMaximum shipping amount allowed to refund is: ₫0.00',
    );
    const last = await call('POST', `/order/${order.entityId}/refund`, {});
    expect(last.status).toBe(200);
    const closed = (await call('GET', `/orders/${order.entityId}`)).body;
    expect(closed).toMatchObject({ state: 'closed', status: 'closed', total_refunded: order.grandTotal });
    expect(closed.items.every((i: { qty_refunded: number; qty_ordered: number }) => i.qty_refunded === i.qty_ordered)).toBe(true);
  });

  it('releases the reservation when refunding goods never shipped', async () => {
    const order = orderWhere((o) => o.status === 'processing');
    const item = order.items[0];
    const before = await salable(item.sku);
    expect(
      (
        await call('POST', `/order/${order.entityId}/refund`, {
          items: [{ order_item_id: item.itemId, qty: item.qtyOrdered }],
          arguments: { shipping_amount: 0 },
        })
      ).status,
    ).toBe(200);
    expect(await salable(item.sku)).toBe(before + item.qtyOrdered);
  });

  it('refuses orders that cannot be refunded', async () => {
    const pending = orderWhere((o) => o.status === 'pending');
    expect((await call('POST', `/order/${pending.entityId}/refund`, {})).body.message).toBe(
      'Creditmemo Document Validation Error(s):\nThe order does not allow a creditmemo to be created.',
    );
    const closed = orderWhere((o) => o.status === 'closed');
    expect((await call('POST', `/order/${closed.entityId}/refund`, {})).status).toBe(400);
    expect((await call('POST', '/order/999999/refund', {})).status).toBe(404);
  });

  it('lists the seeded credit memos of an order', async () => {
    const seeded = world.ecommerce.creditMemos[0];
    const { body } = await call('GET', `/creditmemos?${filter('order_id', seeded.orderId)}`);
    expect(body.total_count).toBe(world.ecommerce.creditMemos.filter((m) => m.orderId === seeded.orderId).length);
    expect(body.items[0]).toMatchObject({
      entity_id: seeded.entityId,
      increment_id: String(seeded.entityId).padStart(9, '0'),
      grand_total: seeded.grandTotal,
      created_at: magentoTime(seeded.createdAt),
      items: seeded.items.map((i) =>
        expect.objectContaining({ order_item_id: i.orderItemId, sku: i.sku, qty: i.qty, row_total: i.rowTotal }),
      ),
    });
    expect((await call('GET', '/creditmemo/999999')).status).toBe(404);
  });
});

describe('multi-source inventory', () => {
  it('lists stores and warehouses as sources, stores as pickup locations, all in stock 1', async () => {
    const sources = (await call('GET', '/inventory/sources')).body;
    expect(sources.total_count).toBe(world.stores.length + world.warehouses.length);
    const store = world.stores[0];
    expect(sources.items.find((s: { source_code: string }) => s.source_code === store.sourceCode)).toMatchObject({
      name: store.name,
      enabled: true,
      latitude: store.latitude,
      longitude: store.longitude,
      city: store.city,
      extension_attributes: { is_pickup_location_active: true },
    });
    expect(
      (await call('GET', `/inventory/sources/${world.warehouses[0].sourceCode}`)).body.extension_attributes.is_pickup_location_active,
    ).toBe(false);
    expect((await call('GET', '/inventory/sources/nowhere')).status).toBe(404);
    expect((await call('GET', '/inventory/stocks')).body.items).toEqual([expect.objectContaining({ stock_id: 1, name: 'Vietnam' })]);
    expect((await call('GET', '/inventory/stock-source-links?searchCriteria[pageSize]=100')).body.total_count).toBe(sources.total_count);
  });

  it('reads source items for many SKUs at once', async () => {
    const skus = world.products.slice(0, 3).map((p) => p.sku);
    const { body } = await call('GET', `/inventory/source-items?${filter('sku', skus.join(','), 'in')}`);
    const expected = world.ecommerce.sourceItems.filter((s) => skus.includes(s.sku));
    expect(body.total_count).toBe(expected.length);
    expect(body.items).toContainEqual({
      sku: expected[0].sku,
      source_code: expected[0].sourceCode,
      quantity: expected[0].quantity,
      status: expected[0].quantity > 0 ? 1 : 0,
    });
  });

  it('computes salable quantity from sources and the reservation ledger', async () => {
    const reserved = world.ecommerce.reservations[0].sku;
    expect(await salable(reserved)).toBe(seededSalable(reserved));
    expect((await call('GET', `/inventory/is-product-salable/${reserved}/1`)).body).toBe(seededSalable(reserved) > 0);
    expect(await call('GET', '/inventory/get-product-salable-quantity/NOPE/1')).toMatchObject({ status: 404 });
    expect(await call('GET', `/inventory/get-product-salable-quantity/${reserved}/2`)).toMatchObject({
      status: 404,
      body: { message: 'Stock with id "%value" does not exist.', parameters: { value: 2 } },
    });
  });

  it('takes source item updates from the ERP sync, all or nothing', async () => {
    const sku = world.products[0].sku;
    const source = world.warehouses[0].sourceCode;
    const saved = await call('POST', '/inventory/source-items', { sourceItems: [{ sku, source_code: source, quantity: 7, status: 1 }] });
    expect(saved).toEqual({ status: 200, body: [] });
    expect(await sourceQty(source, sku)).toBe(7);
    const expected =
      seededSalable(sku) - (world.ecommerce.sourceItems.find((s) => s.sku === sku && s.sourceCode === source)?.quantity ?? 0) + 7;
    expect(await salable(sku)).toBe(expected);

    const refused = await call('POST', '/inventory/source-items', {
      sourceItems: [
        { sku, source_code: source, quantity: 99, status: 1 },
        { sku, source_code: 'nowhere', quantity: 'many', status: 1 },
        { source_code: source, quantity: 1, status: 3 },
      ],
    });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toBe('Validation Failed');
    expect(refused.body.errors.map((e: { message: string }) => e.message)).toEqual([
      'Source with code "%value" does not exist.',
      '"%field" should be numeric.',
      '"%field" can not be empty.',
      '"%field" should a known status.',
    ]);
    expect(await sourceQty(source, sku)).toBe(7);
    expect((await call('POST', '/inventory/source-items', {})).body.parameters).toEqual({ fieldName: 'sourceItems' });
  });
});
