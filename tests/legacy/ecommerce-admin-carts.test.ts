import type { FastifyInstance, InjectOptions } from 'fastify';
import { openDatabase } from '../../legacy/kit/db';
import { buildApp } from '../../legacy/ecommerce/app';
import { createSchema, loadWorld } from '../../legacy/ecommerce/store';
import type { World } from '../../legacy/seed/model';
import { generateWorld } from '../../legacy/seed/world';

/** The back office's cart routes (Magento_Cart::manage): what the graph uses to sell on a customer's or a guest's behalf. */

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

const signIn = async (email: string): Promise<string> =>
  (await call('POST', '/integration/customer/token', { token: null, payload: { username: email, password: PASSWORD } })).body;
const adminToken = async (): Promise<string> =>
  (await call('POST', '/integration/admin/token', { token: null, payload: { username: 'admin', password: 'admin-dev-password' } })).body;

const ADDRESS = {
  firstname: 'Hoa',
  lastname: 'Lê',
  street: ['45 Nguyễn Huệ'],
  city: 'TP. Hồ Chí Minh',
  country_id: 'VN',
  telephone: '0903123456',
};
const pickupAt = (sourceCode: string, address: object = ADDRESS) => ({
  addressInformation: {
    shipping_address: address,
    shipping_carrier_code: 'instore',
    shipping_method_code: 'pickup',
    extension_attributes: { pickup_location_code: sourceCode },
  },
});
const ordersWhere = (field: string, value: string | number) =>
  `/orders?searchCriteria[filter_groups][0][filters][0][field]=${field}&searchCriteria[filter_groups][0][filters][0][value]=${value}`;
const NO_SUCH_CART = (cartId: number) => ({
  status: 404,
  body: { message: 'No such entity with %fieldName = %fieldValue', parameters: { fieldName: 'cartId', fieldValue: cartId } },
});

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

const customerWithoutCart = () => world.ecommerce.customers.find((c) => !world.ecommerce.carts.some((cart) => cart.customerId === c.id))!;

describe("a customer's cart for the back office", () => {
  it("answers the customer's active cart, opening one only when there is none", async () => {
    const seeded = world.ecommerce.carts.find((c) => c.customerId !== null)!;
    expect(await call('POST', `/customers/${seeded.customerId}/carts`)).toEqual({ status: 200, body: seeded.id });

    const customer = customerWithoutCart();
    const opened = (await call('POST', `/customers/${customer.id}/carts`)).body;
    expect(opened).toBeGreaterThan(Math.max(...world.ecommerce.carts.map((c) => c.id)));
    expect((await call('POST', `/customers/${customer.id}/carts`)).body).toBe(opened);
    // The same cart the customer's own app sees.
    expect((await call('POST', '/carts/mine', { token: await signIn(customer.email) })).body).toBe(opened);
    expect((await call('GET', `/carts/${opened}`)).body).toMatchObject({
      id: opened,
      is_active: true,
      items: [],
      customer: { id: customer.id, email: customer.email },
    });
  });

  it('refuses unknown customers, and callers without an admin token', async () => {
    expect(await call('POST', '/customers/999999/carts')).toMatchObject({
      status: 404,
      body: { parameters: { fieldName: 'customerId', fieldValue: 999999 } },
    });
    const customer = customerWithoutCart();
    const unauthorized = {
      status: 401,
      body: { message: "The consumer isn't authorized to access %resources.", parameters: { resources: 'Magento_Cart::manage' } },
    };
    expect(await call('POST', `/customers/${customer.id}/carts`, { token: null })).toEqual(unauthorized);
    expect(await call('POST', `/customers/${customer.id}/carts`, { token: await signIn(customer.email) })).toEqual(unauthorized);
    expect((await call('POST', `/customers/${customer.id}/carts`, { token: await adminToken() })).status).toBe(200);
  });
});

describe('carts by id for the back office', () => {
  it("fills a customer's cart, checks it out for pickup and records the cart on the order", async () => {
    const customer = customerWithoutCart();
    const cartId: number = (await call('POST', `/customers/${customer.id}/carts`)).body;
    const [first, second] = world.products.filter((p) => p.sku.startsWith('AT-'));

    const added = await call('POST', `/carts/${cartId}/items`, { payload: { cartItem: { sku: first.sku, qty: 1, quote_id: cartId } } });
    expect(added).toMatchObject({ status: 200, body: { sku: first.sku, qty: 1, quote_id: String(cartId) } });
    // A SKU already in the cart adds to its line.
    expect((await call('POST', `/carts/${cartId}/items`, { payload: { cartItem: { sku: first.sku, qty: 2 } } })).body).toMatchObject({
      item_id: added.body.item_id,
      qty: 3,
    });
    const other = (await call('POST', `/carts/${cartId}/items`, { payload: { cartItem: { sku: second.sku, qty: 1 } } })).body;
    expect((await call('PUT', `/carts/${cartId}/items/${added.body.item_id}`, { payload: { cartItem: { qty: 2 } } })).body.qty).toBe(2);
    expect((await call('DELETE', `/carts/${cartId}/items/${other.item_id}`)).body).toBe(true);
    expect((await call('GET', `/carts/${cartId}/items`)).body).toEqual([expect.objectContaining({ sku: first.sku, qty: 2 })]);

    const store = world.stores[0];
    expect(
      (await call('POST', `/carts/${cartId}/shipping-information`, { payload: pickupAt(store.sourceCode) })).body.totals,
    ).toMatchObject({ shipping_amount: 0 });
    expect((await call('GET', `/carts/${cartId}/shipping-methods`)).body.map((m: { carrier_code: string }) => m.carrier_code)).toEqual([
      'flatrate',
      'instore',
    ]);
    const orderId = (await call('POST', `/carts/${cartId}/payment-information`, { payload: { paymentMethod: { method: 'checkmo' } } }))
      .body;
    expect(orderId).toBe(world.ecommerce.orders.length + 1);

    const order = (await call('GET', `/orders/${orderId}`)).body;
    expect(order).toMatchObject({
      quote_id: cartId,
      customer_id: customer.id,
      customer_email: customer.email,
      customer_is_guest: 0,
      state: 'new',
      extension_attributes: { pickup_location_code: store.sourceCode },
      items: [expect.objectContaining({ sku: first.sku, qty_ordered: 2 })],
    });
    // Did the order get placed? The orders search answers by cart.
    const byCart = (await call('GET', ordersWhere('quote_id', cartId))).body;
    expect(byCart).toMatchObject({ total_count: 1, items: [{ entity_id: orderId, quote_id: cartId }] });
    expect((await call('GET', ordersWhere('quote_id', 999999))).body).toMatchObject({ total_count: 0, items: [] });

    // The ordered cart still reads, and refuses every write as if it were gone.
    expect((await call('GET', `/carts/${cartId}`)).body.is_active).toBe(false);
    expect(await call('POST', `/carts/${cartId}/items`, { payload: { cartItem: { sku: first.sku, qty: 1 } } })).toMatchObject(
      NO_SUCH_CART(cartId),
    );
    expect(await call('PUT', `/carts/${cartId}/items/${added.body.item_id}`, { payload: { cartItem: { qty: 1 } } })).toMatchObject(
      NO_SUCH_CART(cartId),
    );
    expect(await call('DELETE', `/carts/${cartId}/items/${added.body.item_id}`)).toMatchObject(NO_SUCH_CART(cartId));
    expect(await call('GET', `/carts/${cartId}/items`)).toMatchObject(NO_SUCH_CART(cartId));
    expect(await call('POST', `/carts/${cartId}/shipping-information`, { payload: pickupAt(store.sourceCode) })).toMatchObject(
      NO_SUCH_CART(cartId),
    );
    expect(await call('POST', `/carts/${cartId}/payment-information`, { payload: { paymentMethod: { method: 'checkmo' } } })).toMatchObject(
      NO_SUCH_CART(cartId),
    );
  });

  it('reaches a guest cart by the numeric id its masked id reads with, and orders it under the shipping email', async () => {
    const masked: string = (await call('POST', '/guest-carts', { token: null })).body;
    const guest = (await call('GET', `/guest-carts/${masked}`, { token: null })).body;
    expect(guest).toMatchObject({ id: expect.any(Number), is_active: true, customer_is_guest: true });
    const cartId: number = guest.id;

    const sku = world.products[0].sku;
    expect((await call('POST', `/carts/${cartId}/items`, { payload: { cartItem: { sku, qty: 1 } } })).status).toBe(200);
    expect((await call('GET', `/guest-carts/${masked}/items`, { token: null })).body).toEqual([expect.objectContaining({ sku, qty: 1 })]);

    // No email anywhere: nobody to confirm the order to.
    await call('POST', `/carts/${cartId}/shipping-information`, { payload: pickupAt(world.stores[0].sourceCode) });
    expect(await call('POST', `/carts/${cartId}/payment-information`, { payload: { paymentMethod: { method: 'checkmo' } } })).toMatchObject(
      {
        status: 400,
        body: { message: '"%fieldName" is required. Enter and try again.', parameters: { fieldName: 'email' } },
      },
    );
    await call('POST', `/carts/${cartId}/shipping-information`, {
      payload: pickupAt(world.stores[0].sourceCode, { ...ADDRESS, email: 'Hoa.Le@Example.vn' }),
    });
    const orderId = (await call('POST', `/carts/${cartId}/payment-information`, { payload: { paymentMethod: { method: 'checkmo' } } }))
      .body;
    const order = (await call('GET', `/orders/${orderId}`)).body;
    expect(order).toMatchObject({ quote_id: cartId, customer_is_guest: 1, customer_email: 'Hoa.Le@Example.vn' });
    expect(order).not.toHaveProperty('customer_id');
    expect((await call('GET', `/guest-carts/${masked}`, { token: null })).body).toMatchObject({ id: cartId, is_active: false });
  });

  it('answers 404 for a cart that does not exist', async () => {
    expect(await call('POST', '/carts/999999/items', { payload: { cartItem: { sku: world.products[0].sku, qty: 1 } } })).toMatchObject(
      NO_SUCH_CART(999999),
    );
    expect(await call('GET', '/carts/999999/shipping-methods')).toMatchObject(NO_SUCH_CART(999999));
  });

  it("is for admin callers only: no token or a customer token is refused, even for the customer's own cart", async () => {
    const seeded = world.ecommerce.carts.find((c) => c.customerId !== null)!;
    const customer = world.ecommerce.customers.find((c) => c.id === seeded.customerId)!;
    const token = await signIn(customer.email);
    const unauthorized = { status: 401, body: { parameters: { resources: 'Magento_Cart::manage' } } };
    const item = { cartItem: { sku: world.products[0].sku, qty: 1 } };
    for (const caller of [null, token]) {
      expect(await call('GET', `/carts/${seeded.id}/items`, { token: caller })).toMatchObject(unauthorized);
      expect(await call('POST', `/carts/${seeded.id}/items`, { token: caller, payload: item })).toMatchObject(unauthorized);
      expect(await call('PUT', `/carts/${seeded.id}/items/1`, { token: caller, payload: item })).toMatchObject(unauthorized);
      expect(await call('DELETE', `/carts/${seeded.id}/items/1`, { token: caller })).toMatchObject(unauthorized);
      expect(
        await call('POST', `/carts/${seeded.id}/shipping-information`, { token: caller, payload: pickupAt(world.stores[0].sourceCode) }),
      ).toMatchObject(unauthorized);
      expect(await call('GET', `/carts/${seeded.id}/shipping-methods`, { token: caller })).toMatchObject(unauthorized);
      expect(
        await call('POST', `/carts/${seeded.id}/payment-information`, { token: caller, payload: { paymentMethod: { method: 'checkmo' } } }),
      ).toMatchObject(unauthorized);
    }
    // The customer's own routes are unchanged.
    expect((await call('GET', '/carts/mine/items', { token })).status).toBe(200);
    expect((await call('GET', `/carts/${seeded.id}/items`, { token: await adminToken() })).status).toBe(200);
  });
});
