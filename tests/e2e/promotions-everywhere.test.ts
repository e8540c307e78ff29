import { adminHeaders } from '../../legacy/kit/admin';
import type { Product, SalesRule, World } from '../../legacy/seed/model';
import { generateWorld } from '../../legacy/seed/world';
import { decodeId, locationId, storePlant } from '../../lib/ids';
import { cartRefOf } from '../../connectors/ecommerce';
import { RunningSystem, startSystem } from '../../scripts/system';
import { execute, GraphQLAnswer } from '../support/graphql';
import { associateAt, journeyPersonas, signerFor } from '../support/journey-personas';

/**
 * Issue 15, journey 4, end to end through the gateway against the real stand-ins: one price and one
 * promotion on every channel. The web shop's cart price rules are the source; the graph prices a
 * cart the same for the website, the app and a store's counter where a promotion runs on all three,
 * differently where it does not; checkout and the counter charge exactly that, and the web order and
 * the till's receipt carry the discounts in their own form.
 */

const PRICING = `lines { sku quantity discounts { promotionId label amount { amount } } total { amount } }
  subtotal { amount currencyCode } discountTotal { amount } total { amount } discounts { label amount { amount } }
  voucherCode voucherRefusal { code message }`;
const CREATE_CART = `mutation($input: CreateCartInput!) { createCart(input: $input) { cart { id } userErrors { code } } }`;
const ADD_LINE = `mutation($input: AddCartLineInput!) { addCartLine(input: $input) { userErrors { code message } } }`;
/** The cart as the payload of a change shows it, priced for three channels at once. */
const PRICED_CART = `mutation($input: UpdateCartLineInput!, $store: ID!, $voucher: String) { updateCartLine(input: $input) {
  cart { id web: pricing(channel: WEB, voucherCode: $voucher) { ${PRICING} } app: pricing(channel: APP, voucherCode: $voucher) { ${PRICING} }
    counter: pricing(channel: STORE, storeLocationId: $store, voucherCode: $voucher) { ${PRICING} } }
  userErrors { code message } } }`;
const QUOTE = `query($input: PriceQuoteInput!) { priceQuote(input: $input) { ${PRICING} } }`;
const CHECKOUT = `mutation($input: CheckoutInput!) { checkout(input: $input) {
  order { id number totals { subtotal { amount } discount { amount } total { amount } } lines { sku discount { amount } } }
  userErrors { code field message } } }`;
const COUNTER_SALE = `mutation($input: CounterSaleInput!) { sellAtCounter(input: $input) {
  order { id totals { subtotal { amount } discount { amount } total { amount } } lines { sku quantity discount { amount } } }
  userErrors { code field message } } }`;
const STOCK = `query($sku: String!) { productVariant(sku: $sku) { stockLevels { location { id } available } } }`;

interface Priced {
  lines: {
    sku: string;
    quantity: number;
    discounts: { promotionId: string; label: string; amount: { amount: string } }[];
    total: { amount: string };
  }[];
  subtotal: { amount: string; currencyCode: string };
  discountTotal: { amount: string };
  total: { amount: string };
  discounts: { label: string; amount: { amount: string } }[];
  voucherCode: string | null;
  voucherRefusal: { code: string; message: string } | null;
}
interface UserError {
  code: string;
  field: string[] | null;
  message: string;
}

const ADDRESS = {
  firstName: 'Mai',
  lastName: 'Phạm',
  street: ['8 Hai Bà Trưng'],
  city: 'Hà Nội',
  phone: '0912345678',
  email: 'mai.pham@example.vn',
};

let counter = 0;
const key = (label: string) => `${label}-${Date.now()}-${(counter += 1)}`;

describe('one price and one promotion everywhere (issue 15, journey 4)', () => {
  let world: World;
  let system: RunningSystem;
  const signAs = signerFor(() => system);
  const rule = (id: number): SalesRule => world.ecommerce.salesRules.find((r) => r.id === id)!;
  const voucher = () => rule(4).coupon!.code;

  async function run<T>(text: string, variables: object, as: string | null = null): Promise<GraphQLAnswer<T>> {
    return execute<T, object>(system.gatewayUrl, text, variables, await signAs(as));
  }
  const priceNow = (p: Product) =>
    p.specialPrice && p.specialPrice.from <= world.now && world.now <= p.specialPrice.to ? p.specialPrice.price : p.price;
  /** A product of the category (SKU prefix) with `minimum` available at the store, not used by another test. */
  const used = new Set<string>();
  async function stocked(prefix: string, plant: string, minimum: number): Promise<Product> {
    for (const product of world.products.filter((p) => p.sku.startsWith(`${prefix}-`) && !used.has(p.sku))) {
      const answer = await run<{ productVariant: { stockLevels: { location: { id: string }; available: number }[] } }>(STOCK, {
        sku: product.sku,
      });
      const level = answer.data!.productVariant.stockLevels.find((l) => l.location.id === locationId(plant));
      if (level && level.available >= minimum) {
        used.add(product.sku);
        return product;
      }
    }
    throw new Error(`no ${prefix} product with ${minimum} at ${plant}`);
  }
  async function guestCart(lines: [Product, number][]): Promise<string> {
    const created = await run<{ createCart: { cart: { id: string } } }>(CREATE_CART, { input: { idempotencyKey: key('cart') } });
    const cartId = created.data!.createCart.cart.id;
    for (const [product, quantity] of lines) {
      const added = await run<{ addCartLine: { userErrors: UserError[] } }>(ADD_LINE, {
        input: { cartId, sku: product.sku, quantity, idempotencyKey: key('add') },
      });
      expect(added.data!.addCartLine.userErrors).toEqual([]);
    }
    return cartId;
  }
  /** The cart priced for the web, the app and the store's counter, read from the payload of a change that leaves it as it is. */
  async function pricedCart(cartId: string, [product, quantity]: [Product, number], plant: string, voucherCode?: string) {
    const answer = await run<{ updateCartLine: { cart: { web: Priced; app: Priced; counter: Priced }; userErrors: UserError[] } }>(
      PRICED_CART,
      {
        input: { cartId, sku: product.sku, quantity, idempotencyKey: key('reprice') },
        store: locationId(plant),
        voucher: voucherCode ?? null,
      },
    );
    expect(answer.errors).toBeUndefined();
    return answer.data!.updateCartLine.cart;
  }
  const admin = (legacySystem: string, path: string, init: { method?: string; body?: string } = {}) =>
    fetch(`${system.legacyUrls[legacySystem]}/__admin/${path}`, {
      ...init,
      headers: { ...adminHeaders(system.env), 'content-type': 'application/json' },
    });
  const calls = async (legacySystem: string) =>
    ((await (await admin(legacySystem, 'calls')).json()) as { byOperation: Record<string, number> }).byOperation;
  const magento = async (path: string) =>
    (await fetch(`${system.legacyUrls.ecommerce}/rest/V1${path}`, { headers: { authorization: 'Bearer ecommerce-dev-token' } })).json();

  /** The opening offer's stores, and one store it does not run at. */
  let openingPlant: string;
  let otherPlant: string;

  beforeAll(async () => {
    world = generateWorld({ seed: 11, size: 'small' });
    openingPlant = storePlant(rule(6).storeCodes[0]);
    otherPlant = world.stores.find((s) => !rule(6).storeCodes.includes(s.retailStoreId))!.plant;
    system = await startSystem({
      world,
      personas: journeyPersonas(world, []),
      env: {
        LOG_LEVEL: 'silent',
        IDENTITY_SYNC_INTERVAL_MS: '0',
        COMMERCE_STATE_FILE: ':memory:',
        COMMERCE_PICKUP_SWEEP_MS: '0',
        SUBGRAPH_TIMEOUT_MS: '20000',
      },
    });
  }, 120_000);
  afterAll(() => system.stop());

  it('prices the same cart the same on the website, the app and a store’s counter, buy 2 get 1 named on each', async () => {
    const shirt = await stocked('AT', otherPlant, 3);
    const cartId = await guestCart([[shirt, 3]]);
    const { web, app, counter: atCounter } = await pricedCart(cartId, [shirt, 3], otherPlant);
    const price = priceNow(shirt);
    expect(web).toMatchObject({
      subtotal: { amount: String(price * 3), currencyCode: 'VND' },
      discountTotal: { amount: String(price) },
      total: { amount: String(price * 2) },
      discounts: [{ label: 'Mua 2 tặng 1', amount: { amount: String(price) } }],
      voucherCode: null,
      voucherRefusal: null,
    });
    expect(web.lines[0].discounts[0]).toMatchObject({ label: 'Mua 2 tặng 1', promotionId: expect.any(String) });
    expect(app).toEqual(web);
    expect(atCounter).toEqual(web);
  });

  it('prices differently where eligibility differs: the opening offer runs only at its stores’ counters', async () => {
    const dress = await stocked('VD', openingPlant, 1);
    const cartId = await guestCart([[dress, 1]]);
    const atOpening = await pricedCart(cartId, [dress, 1], openingPlant);
    const atOther = await pricedCart(cartId, [dress, 1], otherPlant);
    const price = priceNow(dress);
    const off = Math.round(price * 0.15);
    expect(atOpening.web.total.amount).toBe(String(price));
    expect(atOpening.app.total.amount).toBe(String(price));
    expect(atOpening.counter).toMatchObject({ total: { amount: String(price - off) }, discounts: [{ label: 'Khai trương -15% váy đầm' }] });
    expect(atOther.counter.total.amount).toBe(String(price));
    // A counter's quote, without a cart, for anyone: the same price.
    const quote = await run<{ priceQuote: Priced }>(QUOTE, {
      input: { lines: [{ sku: dress.sku, quantity: 1 }], channel: 'STORE', storeLocationId: locationId(openingPlant) },
    });
    expect(quote.data!.priceQuote).toEqual(atOpening.counter);
    const noStore = await run(QUOTE, { input: { lines: [{ sku: dress.sku, quantity: 1 }], channel: 'STORE' } });
    expect(noStore.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('names why a voucher does not apply, and prices without it', async () => {
    const jeans = await stocked('QJ', otherPlant, 1);
    const cartId = await guestCart([[jeans, 1]]);
    const expired = await pricedCart(cartId, [jeans, 1], otherPlant, 'BLACKFRIDAY25');
    expect(expired.web.voucherRefusal).toMatchObject({ code: 'VOUCHER_EXPIRED' });
    const unknown = await pricedCart(cartId, [jeans, 1], otherPlant, 'NO-SUCH-CODE');
    expect(unknown.web.voucherRefusal).toMatchObject({ code: 'VOUCHER_NOT_FOUND' });
    expect(unknown.web.total).toEqual(expired.web.total);
    const valid = await pricedCart(cartId, [jeans, 1], otherPlant, voucher().toLowerCase());
    expect(valid.web).toMatchObject({ voucherCode: voucher(), voucherRefusal: null });
    expect(Number(valid.web.total.amount)).toBe(Number(expired.web.total.amount) - 50_000);
  });

  it('checks out at exactly the quoted price, the order carrying Magento’s discount lines; a refused voucher changes nothing', async () => {
    const jeans = await stocked('QJ', otherPlant, 2);
    const cartId = await guestCart([[jeans, 2]]);
    const { web } = await pricedCart(cartId, [jeans, 2], otherPlant, voucher());
    const checkout = (voucherCode: string) =>
      run<{
        checkout: {
          order: { number: string; totals: Record<string, { amount: string }>; lines: { discount: { amount: string } }[] } | null;
          userErrors: UserError[];
        };
      }>(CHECKOUT, {
        input: {
          cartId,
          fulfilment: 'PICKUP_IN_STORE',
          pickupLocationId: locationId(otherPlant),
          address: ADDRESS,
          voucherCode,
          idempotencyKey: key('checkout'),
        },
      });
    const ordersBefore = (await magento('/orders?searchCriteria[pageSize]=1')).total_count;
    const refused = await checkout('BLACKFRIDAY25');
    expect(refused.errors).toBeUndefined();
    expect(refused.data!.checkout).toMatchObject({
      order: null,
      userErrors: [{ code: 'VOUCHER_EXPIRED', field: ['input', 'voucherCode'] }],
    });
    expect((await magento('/orders?searchCriteria[pageSize]=1')).total_count).toBe(ordersBefore);

    const placed = await checkout(voucher());
    expect(placed.data!.checkout.userErrors).toEqual([]);
    const order = placed.data!.checkout.order!;
    expect(order.totals).toMatchObject({ subtotal: { amount: web.subtotal.amount }, discount: web.discountTotal, total: web.total });
    const magentoOrder = (
      await magento(
        `/orders?searchCriteria[filterGroups][0][filters][0][field]=increment_id&searchCriteria[filterGroups][0][filters][0][value]=${order.number}`,
      )
    ).items[0];
    expect(magentoOrder).toMatchObject({
      coupon_code: voucher(),
      applied_rule_ids: '2,4',
      discount_description: `Giảm 20% quần jean, Voucher ${voucher()}`,
      discount_amount: -Number(web.discountTotal.amount),
    });
  });

  it('leaves no voucher and no order when the web shop fails while the voucher goes on', async () => {
    const jeans = await stocked('QJ', otherPlant, 1);
    const cartId = await guestCart([[jeans, 1]]);
    await admin('ecommerce', 'knobs', { method: 'PUT', body: JSON.stringify({ down: true, faultOperations: ['guestCarts.coupons.set'] }) });
    try {
      const answer = await run<{ checkout: unknown }>(CHECKOUT, {
        input: {
          cartId,
          fulfilment: 'PICKUP_IN_STORE',
          pickupLocationId: locationId(otherPlant),
          address: ADDRESS,
          voucherCode: voucher(),
          idempotencyKey: key('down'),
        },
      });
      expect(answer.errors?.[0].extensions?.code).toBe('ECOMMERCE_UNAVAILABLE');
    } finally {
      await admin('ecommerce', 'knobs', { method: 'DELETE' });
    }
    // The cart, as the web shop keeps it: still open, no voucher on it, its reservation released.
    const ref = cartRefOf(cartId) as { kind: 'guest'; maskedId: string };
    const cart = await (await fetch(`${system.legacyUrls.ecommerce}/rest/V1/guest-carts/${ref.maskedId}`)).json();
    expect(cart.is_active).toBe(true);
    expect(await (await fetch(`${system.legacyUrls.ecommerce}/rest/V1/guest-carts/${ref.maskedId}/coupons`)).json()).toBe('');
    expect(
      (
        await magento(
          `/orders?searchCriteria[filterGroups][0][filters][0][field]=quote_id&searchCriteria[filterGroups][0][filters][0][value]=${cart.id}`,
        )
      ).total_count,
    ).toBe(0);
  });

  it('sells at the counter at the quoted price for a member, the receipt carrying each promotion as a POSLog price modifier', async () => {
    const card = world.crm.loyaltyCards[0].code;
    const dress = await stocked('VD', openingPlant, 1);
    const shirt = await stocked('AT', openingPlant, 3);
    const lines = [
      { sku: dress.sku, quantity: 1 },
      { sku: shirt.sku, quantity: 3 },
    ];
    const quote = (
      await run<{ priceQuote: Priced }>(QUOTE, {
        input: { lines, channel: 'STORE', storeLocationId: locationId(openingPlant), loyaltyMember: true },
      })
    ).data!.priceQuote;
    // The dress: the member price, then the opening offer on what is left (their sort order); the T-shirts: one free, nothing after it.
    expect(quote.lines.map((line) => line.discounts.map((d) => d.label))).toEqual([
      ['Giá thành viên -10%', 'Khai trương -15% váy đầm'],
      ['Mua 2 tặng 1'],
    ]);

    const sale = (input: object, as = associateAt(openingPlant)) =>
      run<{
        sellAtCounter: {
          order: { id: string; totals: Record<string, { amount: string }>; lines: { discount: { amount: string } }[] } | null;
          userErrors: UserError[];
        };
      }>(
        COUNTER_SALE,
        {
          input: {
            storeLocationId: locationId(openingPlant),
            workstationId: 1,
            associateId: 'E-77',
            lines,
            idempotencyKey: key('sale'),
            ...input,
          },
        },
        as,
      );
    const posBefore = (await calls('pos')).postTransaction ?? 0;
    const wrongVoucher = await sale({ loyaltyCard: card, voucherCode: 'BLACKFRIDAY25' });
    expect(wrongVoucher.data!.sellAtCounter.userErrors).toEqual([expect.objectContaining({ code: 'VOUCHER_EXPIRED' })]);
    const elsewhere = await sale({ loyaltyCard: card }, associateAt(otherPlant));
    expect(elsewhere.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await calls('pos')).postTransaction ?? 0).toBe(posBefore);

    const sold = await sale({ loyaltyCard: card });
    expect(sold.data!.sellAtCounter.userErrors).toEqual([]);
    const order = sold.data!.sellAtCounter.order!;
    expect(order.totals).toMatchObject({ subtotal: { amount: quote.subtotal.amount }, discount: quote.discountTotal, total: quote.total });
    const key_ = decodeId('StoreOrder', order.id)!;
    const [store, till, sequence, day] = /^(.+)-(\d+)-(\d+)-(\d{4}-\d{2}-\d{2})$/.exec(key_)!.slice(1);
    const poslog = await (
      await fetch(`${system.legacyUrls.pos}/poslog/v1/transactions/${store}/${till}/${sequence}/${day}`, {
        headers: { 'X-Api-Key': 'pos-dev-key' },
      })
    ).text();
    expect(poslog).toContain('<PromotionID>6</PromotionID>');
    expect(poslog).toContain('<PromotionID>3</PromotionID>');
    expect(poslog).toContain('<Description>Mua 2 tặng 1</Description>');
    expect(poslog).toContain('<ReasonCode>Promotion</ReasonCode>');
  });
});
