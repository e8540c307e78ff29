import type { FastifyInstance, InjectOptions } from 'fastify';
import { openDatabase } from '../../legacy/kit/db';
import { buildApp } from '../../legacy/ecommerce/app';
import { createSchema, loadWorld } from '../../legacy/ecommerce/store';
import type { Product, World } from '../../legacy/seed/model';
import { generateWorld } from '../../legacy/seed/world';

const INTEGRATION = 'ecommerce-dev-token';
const PASSWORD = 'Customer!2026';

let world: World;
let app: FastifyInstance;

type Method = NonNullable<InjectOptions['method']>;

async function call(method: Method, url: string, options: { token?: string | null; payload?: unknown } = {}) {
  const token = options.token === undefined ? INTEGRATION : options.token;
  const response = await app.inject({
    method,
    url: `/rest/V1${url}`,
    headers: token ? { authorization: `Bearer ${token}` } : {},
    ...(options.payload === undefined ? {} : { payload: options.payload as InjectOptions['payload'] }),
  });
  return { status: response.statusCode, body: response.json() };
}

function freshApp(env: NodeJS.ProcessEnv = {}): FastifyInstance {
  const db = openDatabase(':memory:');
  createSchema(db);
  loadWorld(db, world);
  return buildApp({ db, env, clock: () => world.now });
}

const salable = async (sku: string): Promise<number> => (await call('GET', `/inventory/get-product-salable-quantity/${sku}/1`)).body;
const signIn = async (email: string): Promise<string> =>
  (await call('POST', '/integration/customer/token', { token: null, payload: { username: email, password: PASSWORD } })).body;

function priceNow(product: Product): number {
  const special = product.specialPrice;
  return special && special.from <= world.now && world.now <= special.to ? special.price : product.price;
}

const ADDRESS = {
  firstname: 'Hoa',
  lastname: 'Lê',
  street: ['45 Nguyễn Huệ'],
  city: 'TP. Hồ Chí Minh',
  country_id: 'VN',
  telephone: '0903123456',
};
const FLAT_RATE = {
  addressInformation: { shipping_address: ADDRESS, shipping_carrier_code: 'flatrate', shipping_method_code: 'flatrate' },
};

async function guestCartWith(items: { sku: string; qty: number }[]): Promise<string> {
  const cartId = (await call('POST', '/guest-carts', { token: null })).body;
  for (const item of items) {
    const added = await call('POST', `/guest-carts/${cartId}/items`, { token: null, payload: { cartItem: { ...item, quote_id: cartId } } });
    expect(added.status).toBe(200);
  }
  return cartId;
}

/** Every source holding the SKU set to zero, as the ERP sync would push it. */
async function emptyStock(sku: string): Promise<void> {
  const sourceItems = world.ecommerce.sourceItems
    .filter((s) => s.sku === sku)
    .map((s) => ({ sku, source_code: s.sourceCode, quantity: 0, status: 0 }));
  expect((await call('POST', '/inventory/source-items', { payload: { sourceItems } })).status).toBe(200);
}

beforeAll(() => {
  world = generateWorld({ seed: 7, size: 'small' });
});
beforeEach(() => {
  app = freshApp();
});
afterEach(() => app.close());

describe('guest checkout', () => {
  it('runs from an empty cart to a pending order that holds stock', async () => {
    const [first, second] = world.products.filter((p) => p.sku.startsWith('AT-'));
    const before = await salable(first.sku);
    const cartId = (await call('POST', '/guest-carts', { token: null })).body;
    expect(cartId).toMatch(/^[0-9a-f]{32}$/);

    const added = await call('POST', `/guest-carts/${cartId}/items`, {
      token: null,
      payload: { cartItem: { sku: first.sku, qty: 1, quote_id: cartId } },
    });
    expect(added.body).toMatchObject({ sku: first.sku, qty: 1, price: priceNow(first), quote_id: cartId, product_type: 'simple' });
    const again = await call('POST', `/guest-carts/${cartId}/items`, { token: null, payload: { cartItem: { sku: first.sku, qty: 2 } } });
    expect(again.body).toMatchObject({ item_id: added.body.item_id, qty: 3 });
    const other = await call('POST', `/guest-carts/${cartId}/items`, { token: null, payload: { cartItem: { sku: second.sku, qty: 1 } } });
    expect(
      (await call('PUT', `/guest-carts/${cartId}/items/${added.body.item_id}`, { token: null, payload: { cartItem: { qty: 2 } } })).body
        .qty,
    ).toBe(2);
    expect((await call('DELETE', `/guest-carts/${cartId}/items/${other.body.item_id}`, { token: null })).body).toBe(true);
    const items = await call('GET', `/guest-carts/${cartId}/items`, { token: null });
    expect(items.body).toEqual([expect.objectContaining({ sku: first.sku, qty: 2 })]);

    const subtotal = priceNow(first) * 2;
    const shipping = await call('POST', `/guest-carts/${cartId}/shipping-information`, { token: null, payload: FLAT_RATE });
    expect(shipping.body.totals).toMatchObject({
      subtotal,
      shipping_amount: subtotal < 500_000 ? 30_000 : 0,
      grand_total: subtotal + (subtotal < 500_000 ? 30_000 : 0),
    });
    expect(shipping.body.payment_methods.map((m: { code: string }) => m.code)).toEqual(['checkmo', 'cashondelivery']);
    const methods = await call('GET', `/guest-carts/${cartId}/shipping-methods`, { token: null });
    expect(methods.body.map((m: { carrier_code: string; amount: number }) => [m.carrier_code, m.amount])).toEqual([
      ['flatrate', subtotal < 500_000 ? 30_000 : 0],
      ['instore', 0],
    ]);

    const placed = await call('POST', `/guest-carts/${cartId}/payment-information`, {
      token: null,
      payload: { paymentMethod: { method: 'cashondelivery' }, email: 'Hoa.Le@Example.vn' },
    });
    expect(placed.status).toBe(200);
    expect(placed.body).toBe(world.ecommerce.orders.length + 1);
    const order = (await call('GET', `/orders/${placed.body}`)).body;
    expect(order).toMatchObject({
      increment_id: String(world.ecommerce.orders.length + 1).padStart(9, '0'),
      state: 'new',
      status: 'pending',
      customer_is_guest: 1,
      customer_email: 'Hoa.Le@Example.vn',
      customer_firstname: 'Hoa',
      created_at: '2026-11-20 03:30:00',
      grand_total: shipping.body.totals.grand_total,
      payment: { method: 'cashondelivery' },
      items: [expect.objectContaining({ sku: first.sku, qty_ordered: 2, qty_shipped: 0 })],
    });
    expect(order).not.toHaveProperty('customer_id');
    expect(order).not.toHaveProperty('total_refunded');
    expect(await salable(first.sku)).toBe(before - 2);

    // The ordered cart still reads, but refuses changes as if it were gone.
    expect((await call('GET', `/guest-carts/${cartId}`, { token: null })).body.is_active).toBe(false);
    expect(
      await call('POST', `/guest-carts/${cartId}/items`, { token: null, payload: { cartItem: { sku: first.sku, qty: 1 } } }),
    ).toMatchObject({
      status: 404,
      body: { message: 'No such entity with %fieldName = %fieldValue', parameters: { fieldName: 'cartId', fieldValue: cartId } },
    });
  });

  it('refuses bad steps with Magento messages', async () => {
    const empty = (await call('POST', '/guest-carts', { token: null })).body;
    expect((await call('POST', `/guest-carts/${empty}/shipping-information`, { token: null, payload: FLAT_RATE })).body.message).toBe(
      "The shipping method can't be set for an empty cart. Add an item to cart and try again.",
    );
    const cartId = await guestCartWith([{ sku: world.products[0].sku, qty: 1 }]);
    expect((await call('GET', `/guest-carts/${cartId}/shipping-methods`, { token: null })).body.message).toBe(
      'The shipping address is missing. Set the address and try again.',
    );
    expect(
      (
        await call('POST', `/guest-carts/${cartId}/payment-information`, {
          token: null,
          payload: { paymentMethod: { method: 'checkmo' }, email: 'a@b.vn' },
        })
      ).body.message,
    ).toBe('The shipping method is missing. Select the shipping method and try again.');
    const carrier = await call('POST', `/guest-carts/${cartId}/shipping-information`, {
      token: null,
      payload: { addressInformation: { ...FLAT_RATE.addressInformation, shipping_carrier_code: 'dhl', shipping_method_code: 'express' } },
    });
    expect(carrier).toMatchObject({
      status: 404,
      body: { message: 'Carrier with such method not found: %1, %2', parameters: ['dhl', 'express'] },
    });
    const noCity = await call('POST', `/guest-carts/${cartId}/shipping-information`, {
      token: null,
      payload: { addressInformation: { ...FLAT_RATE.addressInformation, shipping_address: { ...ADDRESS, city: '' } } },
    });
    expect(noCity.body.parameters).toEqual({ fieldName: 'city' });
    await call('POST', `/guest-carts/${cartId}/shipping-information`, { token: null, payload: FLAT_RATE });
    expect(
      (
        await call('POST', `/guest-carts/${cartId}/payment-information`, {
          token: null,
          payload: { paymentMethod: { method: 'paypal' }, email: 'a@b.vn' },
        })
      ).body.message,
    ).toBe('The requested Payment Method is not available.');
    expect(
      (await call('POST', `/guest-carts/${cartId}/payment-information`, { token: null, payload: { paymentMethod: { method: 'checkmo' } } }))
        .body.parameters,
    ).toEqual({ fieldName: 'email' });
    expect(await call('PUT', `/guest-carts/${cartId}/items/999999`, { token: null, payload: { cartItem: { qty: 1 } } })).toMatchObject({
      status: 404,
      body: { message: "The %1 Cart doesn't contain the %2 item.", parameters: [cartId, '999999'] },
    });
    expect(
      (await call('POST', `/guest-carts/${cartId}/items`, { token: null, payload: { cartItem: { sku: world.products[0].sku, qty: 0 } } }))
        .body.message,
    ).toBe('Please enter a number greater than 0 in this field.');
    expect((await call('GET', '/guest-carts/nosuchcart', { token: null })).status).toBe(404);
  });

  it('needs a store that is a pickup location for in-store pickup', async () => {
    const cartId = await guestCartWith([{ sku: world.products[0].sku, qty: 1 }]);
    const pickup = (code?: string) => ({
      addressInformation: {
        shipping_address: ADDRESS,
        shipping_carrier_code: 'instore',
        shipping_method_code: 'pickup',
        extension_attributes: code ? { pickup_location_code: code } : {},
      },
    });
    expect(
      (await call('POST', `/guest-carts/${cartId}/shipping-information`, { token: null, payload: pickup(world.warehouses[0].sourceCode) }))
        .body.parameters,
    ).toEqual([world.warehouses[0].sourceCode]);
    expect((await call('POST', `/guest-carts/${cartId}/shipping-information`, { token: null, payload: pickup() })).status).toBe(400);
    const store = world.stores[0];
    const accepted = await call('POST', `/guest-carts/${cartId}/shipping-information`, { token: null, payload: pickup(store.sourceCode) });
    expect(accepted.body.totals.shipping_amount).toBe(0);
    const orderId = (
      await call('POST', `/guest-carts/${cartId}/payment-information`, {
        token: null,
        payload: { paymentMethod: { method: 'checkmo' }, email: 'p@q.vn' },
      })
    ).body;
    const order = (await call('GET', `/orders/${orderId}`)).body;
    expect(order.extension_attributes).toMatchObject({
      pickup_location_code: store.sourceCode,
      shipping_assignments: [{ shipping: { method: 'instore_pickup' } }],
    });
  });
});

describe('stock checks', () => {
  it('refuses more than the salable quantity and SKUs with none left', async () => {
    const product = world.products[1];
    const cartId = (await call('POST', '/guest-carts', { token: null })).body;
    const tooMany = await call('POST', `/guest-carts/${cartId}/items`, {
      token: null,
      payload: { cartItem: { sku: product.sku, qty: (await salable(product.sku)) + 1 } },
    });
    expect(tooMany).toMatchObject({ status: 400, body: { message: 'The requested qty is not available' } });
    await emptyStock(product.sku);
    const none = await call('POST', `/guest-carts/${cartId}/items`, { token: null, payload: { cartItem: { sku: product.sku, qty: 1 } } });
    expect(none).toMatchObject({ status: 400, body: { message: 'Product that you are trying to add is not available.' } });
    expect(
      (await call('POST', `/guest-carts/${cartId}/items`, { token: null, payload: { cartItem: { sku: 'NOPE', qty: 1 } } })).status,
    ).toBe(404);
  });

  it('checks stock again when the order is placed, and places nothing when it has gone', async () => {
    const product = world.products[2];
    const cartId = await guestCartWith([{ sku: product.sku, qty: 1 }]);
    await call('POST', `/guest-carts/${cartId}/shipping-information`, { token: null, payload: FLAT_RATE });
    await emptyStock(product.sku);
    const placed = await call('POST', `/guest-carts/${cartId}/payment-information`, {
      token: null,
      payload: { paymentMethod: { method: 'checkmo' }, email: 'a@b.vn' },
    });
    expect(placed).toMatchObject({ status: 400, body: { message: 'Product that you are trying to add is not available.' } });
    expect((await call('GET', `/guest-carts/${cartId}`, { token: null })).body.is_active).toBe(true);
    expect((await call('GET', '/orders?searchCriteria[pageSize]=1')).body.total_count).toBe(world.ecommerce.orders.length);
  });

  it('subtracts the out-of-stock threshold from ECOMMERCE_OOS_THRESHOLD', async () => {
    const sku = world.products[3].sku;
    const plain = await salable(sku);
    await app.close();
    app = freshApp({ ECOMMERCE_OOS_THRESHOLD: '5' });
    expect(await salable(sku)).toBe(plain - 5);
  });
});

describe('customer carts', () => {
  it('finds the seeded active cart, orders it for pickup, then opens a new one', async () => {
    const seeded = world.ecommerce.carts.find((c) => c.customerId !== null)!;
    const customer = world.ecommerce.customers.find((c) => c.id === seeded.customerId)!;
    const token = await signIn(customer.email);
    expect((await call('POST', '/carts/mine', { token })).body).toBe(seeded.id);
    const cart = (await call('GET', '/carts/mine', { token })).body;
    expect(cart).toMatchObject({
      id: seeded.id,
      is_active: true,
      customer_is_guest: false,
      customer: { id: customer.id, email: customer.email },
    });
    expect(cart.items.map((i: { sku: string }) => i.sku)).toEqual(seeded.items.map((i) => i.sku));
    expect(cart.items[0].quote_id).toBe(String(seeded.id));

    const extra = world.products[5];
    expect((await call('POST', '/carts/mine/items', { token, payload: { cartItem: { sku: extra.sku, qty: 1 } } })).body.price).toBe(
      priceNow(extra),
    );
    const store = world.stores[1];
    await call('POST', '/carts/mine/shipping-information', {
      token,
      payload: {
        addressInformation: {
          shipping_address: ADDRESS,
          shipping_carrier_code: 'instore',
          shipping_method_code: 'pickup',
          extension_attributes: { pickup_location_code: store.sourceCode },
        },
      },
    });
    expect((await call('GET', '/carts/mine/shipping-methods', { token })).body).toHaveLength(2);
    const orderId = (await call('POST', '/carts/mine/payment-information', { token, payload: { paymentMethod: { method: 'checkmo' } } }))
      .body;
    const order = (await call('GET', `/orders/${orderId}`)).body;
    expect(order).toMatchObject({
      customer_id: customer.id,
      customer_email: customer.email,
      customer_is_guest: 0,
      shipping_amount: 0,
      payment: { method: 'checkmo' },
    });
    expect(order.items.map((i: { sku: string }) => i.sku)).toEqual([...seeded.items.map((i) => i.sku), extra.sku]);

    expect(await call('GET', '/carts/mine', { token })).toMatchObject({
      status: 404,
      body: { parameters: { fieldName: 'customerId', fieldValue: customer.id } },
    });
    const next = (await call('POST', '/carts/mine', { token })).body;
    expect(next).toBeGreaterThan(seeded.id);
    expect((await call('GET', '/carts/mine/items', { token })).body).toEqual([]);
  });

  it('needs a customer token for /mine', async () => {
    expect(await call('GET', '/carts/mine')).toMatchObject({ status: 401, body: { parameters: { resources: 'self' } } });
    expect((await call('POST', '/carts/mine/items', { token: null, payload: { cartItem: { sku: 'x', qty: 1 } } })).status).toBe(401);
  });

  it('assigns a guest cart to a customer without one, but refuses when the customer already has an active cart', async () => {
    const withCart = world.ecommerce.carts.find((c) => c.customerId !== null)!.customerId!;
    const withoutCart = world.ecommerce.customers.find((c) => !world.ecommerce.carts.some((cart) => cart.customerId === c.id))!;
    const cartId = await guestCartWith([{ sku: world.products[0].sku, qty: 1 }]);
    expect((await call('PUT', `/guest-carts/${cartId}`, { token: null, payload: { customerId: withoutCart.id, storeId: 1 } })).status).toBe(
      401,
    );
    expect(await call('PUT', `/guest-carts/${cartId}`, { payload: { customerId: withCart, storeId: 1 } })).toMatchObject({
      status: 400,
      body: { message: "The customer can't be assigned to the cart because the customer already has an active cart." },
    });
    const token = await signIn(withoutCart.email);
    expect((await call('PUT', `/guest-carts/${cartId}`, { token, payload: { customerId: withoutCart.id, storeId: 1 } })).body).toBe(true);
    const mine = (await call('GET', '/carts/mine', { token })).body;
    expect(mine).toMatchObject({ customer: { id: withoutCart.id }, items: [expect.objectContaining({ sku: world.products[0].sku })] });
    expect((await call('PUT', `/guest-carts/${cartId}`, { payload: { customerId: withCart, storeId: 1 } })).body.message).toBe(
      "The customer can't be assigned to the cart because the cart isn't anonymous.",
    );
  });
});

describe('carts for the back office', () => {
  it('reads any cart by id and searches them', async () => {
    const guest = world.ecommerce.carts.find((c) => c.maskedId !== null)!;
    const cart = (await call('GET', `/carts/${guest.id}`)).body;
    expect(cart).toMatchObject({ id: guest.id, customer_is_guest: true, items_qty: guest.items.reduce((s, i) => s + i.qty, 0) });
    expect(cart.items.map((i: { price: number }) => i.price)).toEqual(guest.items.map((i) => i.price));
    const customerIds = world.ecommerce.carts
      .filter((c) => c.customerId !== null)
      .slice(0, 3)
      .map((c) => c.customerId);
    const found = await call(
      'GET',
      `/carts/search?searchCriteria[filter_groups][0][filters][0][field]=customer_id&searchCriteria[filter_groups][0][filters][0][value]=${customerIds.join(',')}&searchCriteria[filter_groups][0][filters][0][condition_type]=in`,
    );
    expect(found.body.items.map((c: { customer: { id: number } }) => c.customer.id)).toEqual(customerIds);
    const active = await call(
      'GET',
      '/carts/search?searchCriteria[filter_groups][0][filters][0][field]=is_active&searchCriteria[filter_groups][0][filters][0][value]=1',
    );
    expect(active.body.total_count).toBe(world.ecommerce.carts.length);
    expect(await call('GET', '/carts/999999')).toMatchObject({
      status: 404,
      body: { parameters: { fieldName: 'cartId', fieldValue: 999999 } },
    });
  });
});
