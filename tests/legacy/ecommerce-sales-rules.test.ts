import type { FastifyInstance, InjectOptions } from 'fastify';
import { openDatabase } from '../../legacy/kit/db';
import { buildApp } from '../../legacy/ecommerce/app';
import { createSchema, loadWorld } from '../../legacy/ecommerce/store';
import type { Product, World } from '../../legacy/seed/model';
import { generateWorld } from '../../legacy/seed/world';
import { money } from '../../lib/money';
import { type Buyer, evaluatePromotions, type MagentoSalesRule, promotionOf, type Voucher } from '../../connectors/ecommerce';

/**
 * The web shop's cart price rules: the rules and coupons as the REST API lists them, Magento applying
 * them in a cart's totals and on the placed order, and Omnigraph's evaluator agreeing with it.
 */

const INTEGRATION = 'ecommerce-dev-token';
type Method = NonNullable<InjectOptions['method']>;

let world: World;
let app: FastifyInstance;

async function call(method: Method, url: string, payload?: unknown) {
  const response = await app.inject({
    method,
    url: `/rest/V1${url}`,
    headers: { authorization: `Bearer ${INTEGRATION}` },
    ...(payload === undefined ? {} : { payload: payload as InjectOptions['payload'] }),
  });
  return { status: response.statusCode, body: response.json() };
}

const priceNow = (p: Product) =>
  p.specialPrice && p.specialPrice.from <= world.now && world.now <= p.specialPrice.to ? p.specialPrice.price : p.price;
const stockOf = (sku: string) => world.ecommerce.sourceItems.filter((s) => s.sku === sku).reduce((sum, s) => sum + s.quantity, 0);
/** A product of the category (by SKU prefix) with stock for `qty`. */
const productIn = (prefix: string, qty = 4, skip = 0) =>
  world.products.filter((p) => p.sku.startsWith(`${prefix}-`) && stockOf(p.sku) >= qty)[skip];
const voucherCode = () => world.ecommerce.salesRules.find((r) => r.coupon && r.id === 4)!.coupon!.code;

/** An admin-scope cart (a guest's, or the customer's) with the lines. */
async function cartWith(lines: { sku: string; qty: number }[], customerId?: number): Promise<number> {
  let cartId: number;
  if (customerId === undefined) {
    const masked = (await call('POST', '/guest-carts')).body as string;
    cartId = (await call('GET', `/guest-carts/${masked}`)).body.id;
  } else cartId = (await call('POST', `/customers/${customerId}/carts`)).body;
  for (const line of lines)
    expect((await call('POST', `/carts/${cartId}/items`, { cartItem: { sku: line.sku, qty: line.qty } })).status).toBe(200);
  return cartId;
}

const PICKUP = (source: string) => ({
  addressInformation: {
    shipping_address: {
      firstname: 'Hoa',
      lastname: 'Lê',
      street: ['1 Lê Lợi'],
      city: 'Hà Nội',
      country_id: 'VN',
      telephone: '0903123456',
      email: 'hoa@example.vn',
    },
    shipping_carrier_code: 'instore',
    shipping_method_code: 'pickup',
    extension_attributes: { pickup_location_code: source },
  },
});

beforeAll(() => {
  world = generateWorld({ seed: 7, size: 'small' });
  const db = openDatabase(':memory:');
  createSchema(db);
  loadWorld(db, world);
  app = buildApp({ db, env: {}, clock: () => world.now });
});
afterAll(() => app.close());

describe('cart price rules', () => {
  it('lists the rules with their labels, zoneless dates, coupon type and the retailer’s channel attributes', async () => {
    const { body } = await call('GET', '/salesRules/search?searchCriteria[sortOrders][0][field]=sort_order');
    expect(body.total_count).toBe(world.ecommerce.salesRules.length);
    const buy2 = body.items.find((r: MagentoSalesRule) => r.simple_action === 'buy_x_get_y');
    expect(buy2).toMatchObject({
      store_labels: [{ store_id: 0, store_label: 'Mua 2 tặng 1' }],
      coupon_type: 'NO_COUPON',
      discount_step: 2,
      discount_amount: 1,
      customer_group_ids: [0, 1, 4],
      website_ids: [1],
      stop_rules_processing: true,
      extension_attributes: { sales_channels: ['web', 'app', 'call_center', 'marketplace', 'store'], store_codes: [] },
      action_condition: { aggregator_type: 'all', conditions: [{ attribute_name: 'category_ids', operator: '()' }] },
    });
    expect(buy2.from_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect((await call('GET', `/salesRules/${buy2.rule_id}`)).body.name).toBe(buy2.name);
    expect((await call('GET', '/salesRules/999')).status).toBe(404);
    const coupons = await call(
      'GET',
      `/coupons/search?searchCriteria[filterGroups][0][filters][0][field]=code&searchCriteria[filterGroups][0][filters][0][value]=${voucherCode().toLowerCase()}`,
    );
    expect(coupons.body.items).toEqual([expect.objectContaining({ code: voucherCode(), rule_id: 4, usage_limit: 1000 })]);
  });

  it('gives the third T-shirt free in the totals, titled with the rule’s label, and puts the member group on cardholders’ accounts', async () => {
    const shirt = productIn('AT', 3);
    const cartId = await cartWith([{ sku: shirt.sku, qty: 3 }]);
    const { body } = await call('GET', `/carts/${cartId}/totals`);
    expect(body).toMatchObject({ subtotal: priceNow(shirt) * 3, discount_amount: -priceNow(shirt), grand_total: priceNow(shirt) * 2 });
    expect(body.items[0].discount_amount).toBe(priceNow(shirt));
    expect(body.total_segments).toContainEqual({ code: 'discount', title: 'Discount (Mua 2 tặng 1)', value: -priceNow(shirt) });
    const member = (await call('GET', `/customers/${world.ecommerce.memberCustomerIds[0]}`)).body;
    expect(member.group_id).toBe(4);
  });

  it('refuses an unknown and an expired coupon alike, keeps a valid one, and records it on the order', async () => {
    const jeans = productIn('QJ', 2);
    const cartId = await cartWith([{ sku: jeans.sku, qty: 1 }]);
    for (const code of ['NOPE', 'BLACKFRIDAY25']) {
      const refused = await call('PUT', `/carts/${cartId}/coupons/${code}`);
      expect(refused).toEqual({ status: 404, body: { message: "The coupon code isn't valid. Verify the code and try again." } });
    }
    expect((await call('GET', `/carts/${cartId}/coupons`)).body).toBe('');
    expect((await call('PUT', `/carts/${cartId}/coupons/${voucherCode().toLowerCase()}`)).body).toBe(true);
    expect((await call('GET', `/carts/${cartId}/coupons`)).body).toBe(voucherCode());
    const price = priceNow(jeans);
    const percent = Math.round(price * 0.2 * 100) / 100;
    const totals = (await call('GET', `/carts/${cartId}/totals`)).body;
    expect(totals).toMatchObject({ coupon_code: voucherCode(), discount_amount: -(percent + 50_000) });
    expect(totals.total_segments).toContainEqual(
      expect.objectContaining({ title: `Discount (Giảm 20% quần jean, Voucher ${voucherCode()})` }),
    );

    expect((await call('POST', `/carts/${cartId}/shipping-information`, PICKUP(world.stores[0].sourceCode))).status).toBe(200);
    const orderId = (await call('POST', `/carts/${cartId}/payment-information`, { paymentMethod: { method: 'checkmo' } })).body;
    const order = (await call('GET', `/orders/${orderId}`)).body;
    expect(order).toMatchObject({
      discount_amount: -(percent + 50_000),
      grand_total: price - percent - 50_000,
      coupon_code: voucherCode(),
      applied_rule_ids: '2,4',
      discount_description: `Giảm 20% quần jean, Voucher ${voucherCode()}`,
      items: [expect.objectContaining({ sku: jeans.sku, discount_amount: percent + 50_000 })],
    });
    const used = world.ecommerce.salesRules.find((r) => r.id === 4)!.coupon!.timesUsed + 1;
    const coupons = await call(
      'GET',
      `/coupons/search?searchCriteria[filterGroups][0][filters][0][field]=rule_id&searchCriteria[filterGroups][0][filters][0][value]=4`,
    );
    expect(coupons.body.items[0].times_used).toBe(used);
  });

  it('never applies a store-only promotion on the website', async () => {
    const dress = productIn('VD', 1);
    const cartId = await cartWith([{ sku: dress.sku, qty: 1 }]);
    expect((await call('GET', `/carts/${cartId}/totals`)).body.discount_amount).toBe(0);
  });
});

describe('Omnigraph’s evaluator and the web shop', () => {
  it('agree on every cart, for guests and members, with and without a voucher', async () => {
    const rules = ((await call('GET', '/salesRules/search?searchCriteria')).body.items as MagentoSalesRule[]).map(promotionOf);
    const coupon = (
      await call(
        'GET',
        `/coupons/search?searchCriteria[filterGroups][0][filters][0][field]=rule_id&searchCriteria[filterGroups][0][filters][0][value]=4`,
      )
    ).body.items[0];
    const voucher: Voucher = {
      code: coupon.code,
      ruleId: 4,
      usageLimit: coupon.usage_limit,
      timesUsed: coupon.times_used,
      expiresAt: coupon.expiration_date,
    };
    const member = world.ecommerce.memberCustomerIds[1];
    const carts = [
      [{ p: productIn('AT', 5), qty: 5 }],
      [
        { p: productIn('AT', 4), qty: 4 },
        { p: productIn('QJ', 3), qty: 3 },
        { p: productIn('VD', 1), qty: 1 },
      ],
      [
        { p: productIn('QJ', 1), qty: 1 },
        { p: productIn('SM', 2), qty: 2 },
        { p: productIn('GS', 1), qty: 1 },
      ],
      [
        { p: productIn('AK', 1), qty: 1 },
        { p: productIn('AT', 2, 1), qty: 2 },
      ],
    ];
    const categoryIds = new Map(
      ((await call('GET', '/categories/list?searchCriteria')).body.items as { id: number; name: string }[]).map((c) => [c.name, c.id]),
    );
    let compared = 0;
    let vouchersApplied = 0;
    for (const lines of carts) {
      for (const customerId of [undefined, member]) {
        for (const withVoucher of [false, true]) {
          const cartId = await cartWith(
            lines.map((l) => ({ sku: l.p.sku, qty: l.qty })),
            customerId,
          );
          const buyer: Buyer = customerId === undefined ? 'GUEST' : 'MEMBER';
          const pricing = evaluatePromotions(rules, withVoucher ? voucher : null, {
            lines: lines.map((l) => ({
              sku: l.p.sku,
              quantity: l.qty,
              unitPrice: money(priceNow(l.p), 'VND'),
              categoryId: categoryIds.get(l.p.category)!,
            })),
            channel: 'WEB',
            storeCode: null,
            buyer,
            voucherCode: withVoucher ? voucher.code : null,
            at: world.now,
          });
          // The shop keeps a voucher only when it gives something, as the evaluator counts it applied.
          if (withVoucher) {
            const applied = await call('PUT', `/carts/${cartId}/coupons/${voucher.code}`);
            expect(applied.status).toBe(pricing.voucherCode === null ? 404 : 200);
            if (applied.status === 200) vouchersApplied += 1;
          }
          const totals = (await call('GET', `/carts/${cartId}/totals`)).body;
          expect(pricing.subtotal).toEqual(money(totals.subtotal, 'VND'));
          expect(pricing.discountTotal).toEqual(money(-totals.discount_amount, 'VND'));
          expect(pricing.total).toEqual(money(totals.grand_total - totals.shipping_amount, 'VND'));
          pricing.lines.forEach((line, i) => expect(line.discountTotal).toEqual(money(totals.items[i].discount_amount, 'VND')));
          const title = totals.total_segments.find((s: { code: string }) => s.code === 'discount')?.title ?? null;
          expect(title).toBe(pricing.discounts.length === 0 ? null : `Discount (${pricing.discounts.map((d) => d.label).join(', ')})`);
          // Empty the cart so the next customer cart starts afresh.
          if (customerId !== undefined) {
            await call('DELETE', `/carts/${cartId}/coupons`);
            for (const item of (await call('GET', `/carts/${cartId}/items`)).body)
              await call('DELETE', `/carts/${cartId}/items/${item.item_id}`);
          }
          compared += 1;
        }
      }
    }
    expect(compared).toBe(16);
    expect(vouchersApplied).toBeGreaterThan(2);
  });
});
