import type { FastifyInstance, InjectOptions } from 'fastify';
import { adminHeaders } from '../../legacy/kit/admin';
import { openDatabase } from '../../legacy/kit/db';
import { buildApp } from '../../legacy/ecommerce/app';
import { createSchema, loadWorld } from '../../legacy/ecommerce/store';
import type { World } from '../../legacy/seed/model';
import { generateWorld } from '../../legacy/seed/world';

const INTEGRATION = 'ecommerce-dev-token';
const PASSWORD = 'Customer!2026';
const HOUR = 3_600_000;

let world: World;
let app: FastifyInstance;
let now: Date;

type Method = NonNullable<InjectOptions['method']>;

async function call(
  method: Method,
  url: string,
  options: { token?: string | null; payload?: unknown; headers?: Record<string, string> } = {},
) {
  const token = options.token === undefined ? INTEGRATION : options.token;
  const response = await app.inject({
    method,
    url: url.startsWith('/rest/') ? url : `/rest/V1${url}`,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...options.headers },
    ...(options.payload === undefined ? {} : { payload: options.payload as InjectOptions['payload'] }),
  });
  const isJson = String(response.headers['content-type'] ?? '').includes('json');
  return { status: response.statusCode, headers: response.headers, body: isJson ? response.json() : response.body };
}

function criteria(params: Record<string, string | number>): string {
  return Object.entries(params)
    .map(([key, value]) => `searchCriteria${key}=${encodeURIComponent(String(value))}`)
    .join('&');
}

beforeAll(() => {
  world = generateWorld({ seed: 7, size: 'small' });
  const db = openDatabase(':memory:');
  createSchema(db);
  loadWorld(db, world);
  now = world.now;
  app = buildApp({ db, env: {}, clock: () => now });
});
afterAll(() => app.close());
beforeEach(() => {
  now = world.now;
  app.legacy.resetKnobs();
});

describe('tokens', () => {
  it('issues an admin token as a JSON string that opens admin resources, for 4 hours', async () => {
    const issued = await call('POST', '/integration/admin/token', {
      token: null,
      payload: { username: 'admin', password: 'admin-dev-password' },
    });
    expect(issued.status).toBe(200);
    expect(typeof issued.body).toBe('string');
    expect(issued.body).toHaveLength(32);
    expect((await call('GET', '/customers/1', { token: issued.body })).body.email).toBe(world.ecommerce.customers[0].email);
    now = new Date(world.now.getTime() + 4 * HOUR + 1000);
    expect(await call('GET', '/customers/1', { token: issued.body })).toMatchObject({ status: 401 });
  });

  it('takes the credentials from the environment', async () => {
    const db = openDatabase(':memory:');
    createSchema(db);
    const custom = buildApp({ db, env: { ECOMMERCE_ADMIN_PASSWORD: 'other', ECOMMERCE_INTEGRATION_TOKEN: 'tok' } });
    const token = (password: string) =>
      custom.inject({ method: 'POST', url: '/rest/V1/integration/admin/token', payload: { username: 'admin', password } });
    const stocks = (bearer: string) =>
      custom.inject({ method: 'GET', url: '/rest/V1/inventory/stocks', headers: { authorization: `Bearer ${bearer}` } });
    expect([(await token('admin-dev-password')).statusCode, (await token('other')).statusCode]).toEqual([401, 200]);
    expect([(await stocks(INTEGRATION)).statusCode, (await stocks('tok')).statusCode]).toEqual([401, 200]);
    await custom.close();
  });

  it('refuses wrong credentials with 401 and missing ones with every missing field', async () => {
    const wrong = await call('POST', '/integration/admin/token', { token: null, payload: { username: 'admin', password: 'nope' } });
    expect(wrong).toMatchObject({
      status: 401,
      body: { message: 'The account sign-in was incorrect or your account is disabled temporarily. Please wait and try again later.' },
    });
    const missing = await call('POST', '/integration/admin/token', { token: null, payload: {} });
    expect(missing.status).toBe(400);
    expect(missing.body.message).toBe('One or more input exceptions have occurred.');
    expect(missing.body.errors.map((e: { parameters: { fieldName: string } }) => e.parameters.fieldName)).toEqual(['username', 'password']);
  });

  it('signs a customer in by email in any case, and the token reads /customers/me', async () => {
    const customer = world.ecommerce.customers[4];
    const issued = await call('POST', '/integration/customer/token', {
      token: null,
      payload: { username: customer.email.toUpperCase(), password: PASSWORD },
    });
    expect(issued.status).toBe(200);
    const me = await call('GET', '/customers/me', { token: issued.body });
    expect(me.body).toMatchObject({ id: customer.id, email: customer.email, firstname: customer.firstname, lastname: customer.lastname });
    expect(
      (await call('POST', '/integration/customer/token', { token: null, payload: { username: customer.email, password: 'wrong' } })).status,
    ).toBe(401);
  });

  it('keeps customer tokens out of admin resources and admin tokens out of /me', async () => {
    const token = (
      await call('POST', '/integration/customer/token', {
        token: null,
        payload: { username: world.ecommerce.customers[0].email, password: PASSWORD },
      })
    ).body;
    expect(await call('GET', '/customers/2', { token })).toEqual(
      expect.objectContaining({
        status: 401,
        body: { message: "The consumer isn't authorized to access %resources.", parameters: { resources: 'Magento_Customer::customer' } },
      }),
    );
    expect((await call('GET', '/orders/1', { token: null })).body.parameters).toEqual({ resources: 'Magento_Sales::actions_view' });
    expect((await call('GET', '/customers/me')).body.parameters).toEqual({ resources: 'self' });
  });
});

describe('customers', () => {
  it('reads a customer with addresses, default address ids as strings', async () => {
    const customer = world.ecommerce.customers[2];
    const { status, body } = await call('GET', `/customers/${customer.id}`);
    expect(status).toBe(200);
    // Loyalty card holders are in the retailer's member group.
    const group = world.ecommerce.memberCustomerIds.includes(customer.id) ? 4 : 1;
    expect(body).toMatchObject({ id: customer.id, email: customer.email, website_id: 1, store_id: 1, group_id: group });
    expect(body.created_at).toBe(customer.createdAt.toISOString().slice(0, 19).replace('T', ' '));
    expect(body.addresses[0]).toMatchObject({
      customer_id: customer.id,
      street: [customer.addresses[0].street],
      city: customer.addresses[0].city,
      telephone: customer.addresses[0].telephone,
      country_id: 'VN',
      default_shipping: true,
    });
    expect(body.default_shipping).toBe(String(body.addresses[0].id));
  });

  it('answers an unknown id with 404 and a non-numeric one with a type error', async () => {
    expect(await call('GET', '/customers/999999')).toMatchObject({
      status: 404,
      body: { message: 'No such entity with %fieldName = %fieldValue', parameters: { fieldName: 'customerId', fieldValue: 999999 } },
    });
    const typed = await call('GET', '/customers/abc');
    expect(typed.status).toBe(400);
    expect(typed.body.message).toContain('"int" type was expected');
  });

  it('finds customers by many emails at once, case-insensitively as MySQL does', async () => {
    const mangled = world.ecommerce.customers.filter((c) => c.email !== c.email.toLowerCase()).slice(0, 2);
    const plain = world.ecommerce.customers.find((c) => c.email === c.email.toLowerCase())!;
    expect(mangled.length).toBe(2);
    const emails = [...mangled.map((c) => c.email.toLowerCase()), plain.email.toUpperCase()].join(',');
    const { body } = await call(
      'GET',
      `/customers/search?${criteria({ '[filter_groups][0][filters][0][field]': 'email', '[filter_groups][0][filters][0][value]': emails, '[filter_groups][0][filters][0][condition_type]': 'in' })}`,
    );
    expect(body.total_count).toBe(3);
    expect(body.items.map((c: { id: number }) => c.id).sort((a: number, b: number) => a - b)).toEqual(
      [...mangled, plain].map((c) => c.id).sort((a, b) => a - b),
    );
  });

  it('creates an account that can sign in, refusing a taken email in another case', async () => {
    const created = await call('POST', '/customers', {
      token: null,
      payload: {
        customer: {
          email: 'lan.tran@example.vn',
          firstname: 'Lan',
          lastname: 'Trần',
          addresses: [
            { street: ['12 Lê Lợi'], city: 'Huế', telephone: '0905123456', firstname: 'Lan', lastname: 'Trần', default_shipping: true },
          ],
        },
        password: 'Secret!2026',
      },
    });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      email: 'lan.tran@example.vn',
      created_at: '2026-11-20 03:30:00',
      addresses: [{ city: 'Huế', country_id: 'VN', default_shipping: true }],
    });
    const token = (
      await call('POST', '/integration/customer/token', {
        token: null,
        payload: { username: 'LAN.TRAN@example.vn', password: 'Secret!2026' },
      })
    ).body;
    expect((await call('GET', '/customers/me', { token })).body.id).toBe(created.body.id);
    const taken = await call('POST', '/customers', {
      token: null,
      payload: { customer: { email: world.ecommerce.customers[0].email.toUpperCase(), firstname: 'A', lastname: 'B' } },
    });
    expect(taken).toMatchObject({
      status: 400,
      body: { message: 'A customer with the same email address already exists in an associated website.' },
    });
  });

  it('validates a new account: required fields, email shape and password strength', async () => {
    const missing = await call('POST', '/customers', { token: null, payload: { customer: { email: 'x@y.vn', lastname: 'B' } } });
    expect(missing.body).toEqual({ message: '"%fieldName" is required. Enter and try again.', parameters: { fieldName: 'firstname' } });
    expect(
      (await call('POST', '/customers', { token: null, payload: { customer: { email: 'not-an-email', firstname: 'A', lastname: 'B' } } }))
        .body.parameters,
    ).toEqual({ value: 'not-an-email', fieldName: 'email' });
    const weak = await call('POST', '/customers', {
      token: null,
      payload: { customer: { email: 'weak@y.vn', firstname: 'A', lastname: 'B' }, password: 'alllowercase' },
    });
    expect(weak.body.parameters).toEqual([3]);
    expect((await call('POST', '/customers', { token: null, payload: {} })).body.parameters).toEqual({ fieldName: 'customer' });
  });
});

describe('products and categories', () => {
  it('reads a product by url-encoded sku with special price as a string attribute', async () => {
    const product = world.products.find((p) => p.specialPrice)!;
    const { status, body } = await call('GET', `/products/${encodeURIComponent(product.sku)}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      sku: product.sku,
      name: product.name,
      price: product.price,
      type_id: 'simple',
      status: 1,
      weight: product.weightKg,
    });
    const attributes = Object.fromEntries(
      body.custom_attributes.map((a: { attribute_code: string; value: unknown }) => [a.attribute_code, a.value]),
    );
    expect(attributes.special_price).toBe(product.specialPrice!.price.toFixed(6));
    expect(attributes.special_from_date).toBe(product.specialPrice!.from.toISOString().slice(0, 19).replace('T', ' '));
    expect(attributes).toMatchObject({ gtin: product.gtin, color: product.color, size: product.size });
  });

  it('leaves special price attributes out for products without one, and 404s unknown skus', async () => {
    const product = world.products.find((p) => !p.specialPrice)!;
    const { body } = await call('GET', `/products/${product.sku}`);
    expect(body.custom_attributes.map((a: { attribute_code: string }) => a.attribute_code)).not.toContain('special_price');
    expect(await call('GET', '/products/NO-SUCH-SKU')).toMatchObject({
      status: 404,
      body: { message: "The product that was requested doesn't exist. Verify the product and try again." },
    });
  });

  it('lists categories and filters products by one', async () => {
    const categories = (await call('GET', `/categories/list?searchCriteria=`)).body;
    const first = categories.items[0];
    expect(first.name).toBe(world.products[0].category);
    const products = await call(
      'GET',
      `/products?${criteria({ '[filter_groups][0][filters][0][field]': 'category_id', '[filter_groups][0][filters][0][value]': first.id })}`,
    );
    expect(products.body.total_count).toBe(world.products.filter((p) => p.category === first.name).length);
  });
});

describe('searchCriteria', () => {
  const orderQuery = (extra: Record<string, string | number>) => `/orders?${criteria(extra)}`;

  it('pages by number and answers a page past the end with the LAST page again', async () => {
    const total = world.ecommerce.orders.length;
    const lastPage = Math.ceil(total / 50);
    const last = await call('GET', orderQuery({ '[pageSize]': 50, '[currentPage]': lastPage }));
    const past = await call('GET', orderQuery({ '[pageSize]': 50, '[currentPage]': lastPage + 3 }));
    expect(last.body.total_count).toBe(total);
    expect(past.body.items.map((o: { entity_id: number }) => o.entity_id)).toEqual(
      last.body.items.map((o: { entity_id: number }) => o.entity_id),
    );
    expect(past.body.items.length).toBe(total - (lastPage - 1) * 50);
    // The echo keeps the page that was asked for, not the one served.
    expect(past.body.search_criteria).toEqual({ filter_groups: [], page_size: 50, current_page: lastPage + 3 });
  });

  it('returns every row without a pageSize, and refuses a pageSize above 300', async () => {
    expect((await call('GET', '/orders?searchCriteria=')).body.items).toHaveLength(world.ecommerce.orders.length);
    expect(await call('GET', orderQuery({ '[pageSize]': 301 }))).toMatchObject({
      status: 400,
      body: { message: 'Maximum SearchCriteria pageSize is %max', parameters: { max: 300 } },
    });
    expect((await call('GET', orderQuery({ '[pageSize]': 'ten' }))).body.message).toContain('Error occurred during "pageSize" processing.');
  });

  it('requires searchCriteria on repository lists', async () => {
    expect(await call('GET', '/orders')).toMatchObject({ status: 400, body: { parameters: { fieldName: 'searchCriteria' } } });
  });

  it('refuses filter and sort fields outside the whitelist, and unknown condition types', async () => {
    const field = await call(
      'GET',
      orderQuery({ '[filter_groups][0][filters][0][field]': 'password_hash', '[filter_groups][0][filters][0][value]': 'x' }),
    );
    expect(field).toMatchObject({
      status: 400,
      body: {
        message: 'The "%fieldName" attribute name is invalid. Reset the name and try again.',
        parameters: { fieldName: 'password_hash' },
      },
    });
    expect((await call('GET', orderQuery({ '[sortOrders][0][field]': 'secret' }))).status).toBe(400);
    const condition = await call(
      'GET',
      orderQuery({
        '[filter_groups][0][filters][0][field]': 'status',
        '[filter_groups][0][filters][0][value]': 'x',
        '[filter_groups][0][filters][0][condition_type]': 'regexp',
      }),
    );
    expect(condition.body.parameters).toEqual({ value: 'regexp', fieldName: 'condition_type' });
  });

  it('ORs filters inside a group and ANDs the groups', async () => {
    const expected = world.ecommerce.orders.filter(
      (o) => (o.status === 'canceled' || o.status === 'closed') && o.shippingMethod === 'instore_pickup',
    );
    const { body } = await call(
      'GET',
      orderQuery({
        '[filter_groups][0][filters][0][field]': 'status',
        '[filter_groups][0][filters][0][value]': 'canceled',
        '[filter_groups][0][filters][1][field]': 'status',
        '[filter_groups][0][filters][1][value]': 'closed',
        '[filter_groups][1][filters][0][field]': 'pickup_location_code',
        '[filter_groups][1][filters][0][condition_type]': 'notnull',
      }),
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(body.items.map((o: { increment_id: string }) => o.increment_id)).toEqual(expected.map((o) => o.incrementId));
  });

  it('sorts, and supports like, nin, from/to and null', async () => {
    const sorted = await call(
      'GET',
      orderQuery({ '[sortOrders][0][field]': 'grand_total', '[sortOrders][0][direction]': 'DESC', '[pageSize]': 1 }),
    );
    expect(sorted.body.items[0].grand_total).toBe(Math.max(...world.ecommerce.orders.map((o) => o.grandTotal)));
    const like = await call(
      'GET',
      `/products?${criteria({ '[filter_groups][0][filters][0][field]': 'sku', '[filter_groups][0][filters][0][value]': 'GS-%', '[filter_groups][0][filters][0][condition_type]': 'like' })}`,
    );
    expect(like.body.total_count).toBe(world.products.filter((p) => p.sku.startsWith('GS-')).length);
    const nin = await call(
      'GET',
      orderQuery({
        '[filter_groups][0][filters][0][field]': 'status',
        '[filter_groups][0][filters][0][value]': 'complete,closed',
        '[filter_groups][0][filters][0][condition_type]': 'nin',
      }),
    );
    expect(nin.body.total_count).toBe(world.ecommerce.orders.filter((o) => o.status !== 'complete' && o.status !== 'closed').length);
    const since = new Date(world.now.getTime() - 7 * 24 * HOUR).toISOString().slice(0, 19).replace('T', ' ');
    const recent = await call(
      'GET',
      orderQuery({
        '[filter_groups][0][filters][0][field]': 'created_at',
        '[filter_groups][0][filters][0][value]': since,
        '[filter_groups][0][filters][0][condition_type]': 'from',
      }),
    );
    expect(recent.body.total_count).toBe(
      world.ecommerce.orders.filter((o) => o.createdAt.getTime() >= Date.parse(`${since.replace(' ', 'T')}Z`)).length,
    );
    const guests = await call(
      'GET',
      orderQuery({ '[filter_groups][0][filters][0][field]': 'customer_id', '[filter_groups][0][filters][0][condition_type]': 'null' }),
    );
    expect(guests.body.total_count).toBe(world.ecommerce.orders.filter((o) => o.customerId === null).length);
  });
});

describe('the Magento dialect', () => {
  it('also serves /rest/default/V1', async () => {
    expect((await call('GET', '/rest/default/V1/customers/1')).body.id).toBe(1);
  });

  it('answers malformed JSON, unknown routes and foreign content types in its own shapes', async () => {
    const malformed = await call('POST', '/customers', { payload: '{"customer":', headers: { 'content-type': 'application/json' } });
    expect(malformed.status).toBe(400);
    expect(malformed.body.message).toMatch(/^Decoding error: /);
    expect(await call('GET', '/no/such/thing')).toMatchObject({ status: 404, body: { message: 'Request does not match any route.' } });
    expect(await call('DELETE', '/customers/1')).toMatchObject({ status: 404, body: { message: 'Request does not match any route.' } });
    const text = await call('POST', '/customers', { payload: 'hello', headers: { 'content-type': 'text/plain' } });
    expect(text).toMatchObject({
      status: 400,
      body: { message: 'Server cannot understand Content-Type HTTP header media type %1', parameters: ['text/plain'] },
    });
  });

  it('answers injected faults as Magento and its proxy do', async () => {
    app.legacy.setKnobs({ errorRate: 1 });
    const error = await call('GET', '/customers/1');
    expect(error.status).toBe(500);
    expect(error.body.message).toMatch(/^Internal Error\. Details are available in Magento log file\. Report ID: webapi-[0-9a-f]{13}$/);
    app.legacy.setKnobs({ errorRate: 0, down: true });
    const down = await call('GET', '/customers/1');
    expect(down.status).toBe(503);
    expect(down.headers['content-type']).toContain('text/html');
    expect(down.body).toContain('Service Temporarily Unavailable');
    app.legacy.setKnobs({ down: false, rateLimitPerSecond: 1 });
    await call('GET', '/customers/1');
    const limited = await call('GET', '/customers/1');
    expect(limited).toMatchObject({ status: 429, body: { message: 'Too Many Requests' } });
    expect(limited.headers['retry-after']).toBe('1');
  });

  it('counts calls by operation', async () => {
    await app.inject({ method: 'DELETE', url: '/__admin/calls', headers: adminHeaders({}) });
    await call('GET', '/customers/1');
    await call('GET', '/rest/default/V1/customers/2');
    await call('GET', `/products/${world.products[0].sku}`);
    await call('GET', '/orders?searchCriteria[pageSize]=1');
    const calls = (await app.inject({ method: 'GET', url: '/__admin/calls', headers: adminHeaders({}) })).json();
    expect(calls).toEqual({ system: 'ecommerce', total: 4, byOperation: { 'customers.getById': 2, 'orders.list': 1, 'products.get': 1 } });
  });
});
