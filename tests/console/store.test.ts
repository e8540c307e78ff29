import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { adminHeaders } from '../../legacy/kit/admin';
import type { World } from '../../legacy/seed/model';
import { generateWorld } from '../../legacy/seed/world';
import { locationId } from '../../lib/ids';
import { RunningSystem, startSystem } from '../../scripts/system';
import { ConsoleBrowser, openConsoleBrowser, screenshot, signInToConsole } from '../support/console';
import { execute } from '../support/graphql';
import { associateAt, journeyPersonas, Shopper, SHOPPER_ADDRESS, shoppersOf, signerFor } from '../support/journey-personas';
import { QUIET_MARKETPLACE } from '../support/quiet-marketplace';

/**
 * The store associate's screen in a real browser, on the real gateway, subgraphs and stand-ins: the
 * click & collect queue as an app's order arrives live, the handover, a counter sale paid partly
 * with points, stock near the store, a web order returned, another store's associate refused, and
 * a system down naming itself while the rest still shows.
 */

/** The first-party operations by name, as the apps send them: by their registered hash (text is refused in production). */
const MANIFEST = JSON.parse(readFileSync(resolve(__dirname, '../../operations/trusted-documents.json'), 'utf8')) as {
  operations: { id: string; name: string }[];
};

const vi = new Intl.NumberFormat('vi-VN');
let counter = 0;
const key = (label: string) => `store-${label}-${Date.now()}-${(counter += 1)}`;

/** Shoppers with no open cart: their checkout holds only what the test adds. */
function shoppersWithoutCarts(world: World): Shopper[] {
  const withCarts = new Set(world.ecommerce.carts.map((cart) => cart.customerId));
  return shoppersOf(world).filter((shopper) => !withCarts.has(shopper.webCustomerId));
}

/** A shopper with one loyalty card holding at least 100 points: its code. */
function loyaltyMember(world: World, others: Shopper[]): { shopper: Shopper; card: string } {
  const taken = new Set(others.map((shopper) => shopper.login));
  const balances = new Map<number, number>();
  for (const entry of world.crm.loyaltyEntries) balances.set(entry.cardId, (balances.get(entry.cardId) ?? 0) + entry.points);
  const cardIds = new Map(world.crm.loyaltyCards.map((card) => [card.code, card.id]));
  for (const shopper of shoppersOf(world)) {
    if (taken.has(shopper.login)) continue;
    const codes = world.truth.persons.find((person) => person.webCustomerIds.includes(shopper.webCustomerId))?.loyaltyCardCodes ?? [];
    if (codes.length === 1 && (balances.get(cardIds.get(codes[0])!) ?? 0) >= 100) return { shopper, card: codes[0] };
  }
  throw new Error('no loyalty member with points in this world');
}

describe('the console: the store associate', () => {
  let world: World;
  let system: RunningSystem;
  let browser: ConsoleBrowser;
  let page: Page;
  let shopper: Shopper;
  let member: { shopper: Shopper; card: string };
  let pickupOrder: { id: string; number: string; sku: string };
  const signAs = signerFor(() => system);

  /** A first-party operation by its registered hash, as a persona (an app, a tablet). */
  async function registered<T>(name: string, variables: object, login: string): Promise<T> {
    const operation = MANIFEST.operations.find((candidate) => candidate.name === name)!;
    const response = await fetch(system.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await signAs(login)) },
      body: JSON.stringify({ variables, extensions: { persistedQuery: { version: 1, sha256Hash: operation.id } } }),
    });
    const answer = (await response.json()) as { data?: T; errors?: unknown[] };
    expect(answer.errors).toBeUndefined();
    return answer.data!;
  }

  /** A SKU the store has at least `units` of now (read by the back office, which may send text). */
  async function stockedAt(plant: string, units: number, except: string[] = []): Promise<string> {
    for (const product of world.products) {
      if (except.includes(product.sku)) continue;
      const answer = await execute<{ productVariant: { stockAt: { available: number } | null } | null }, object>(
        system.gatewayUrl,
        `query($sku: String!, $at: ID!) { productVariant(sku: $sku) { stockAt(locationId: $at) { available } } }`,
        { sku: product.sku, at: locationId(plant) },
        await signAs('steward'),
      );
      if ((answer.data?.productVariant?.stockAt?.available ?? 0) >= units) return product.sku;
    }
    throw new Error(`nothing in stock at ${plant}`);
  }

  /** The shopper checks out in the app for pickup at the store, as live.test.ts does. */
  async function checkoutForPickup(as: Shopper, plant: string, sku: string): Promise<{ id: string; number: string }> {
    const { createCart } = await registered<{ createCart: { cart: { id: string } } }>(
      'OpenCart',
      { customerId: as.customerId, idempotencyKey: key('cart') },
      as.login,
    );
    await registered('AddToCart', { cartId: createCart.cart.id, sku, quantity: 1, idempotencyKey: key('line') }, as.login);
    const { checkout } = await registered<{
      checkout: { order: { id: string; number: string; status: string } | null; userErrors: unknown[] };
    }>(
      'CheckoutForPickup',
      { cartId: createCart.cart.id, storeId: locationId(plant), address: SHOPPER_ADDRESS, idempotencyKey: key('checkout') },
      as.login,
    );
    expect(checkout.userErrors).toEqual([]);
    expect(checkout.order!.status).toBe('READY_FOR_PICKUP');
    return checkout.order!;
  }

  async function pointsOf(card: string, login: string): Promise<number> {
    const { customerByIdentifier } = await registered<{ customerByIdentifier: { loyalty: { pointsBalance: number } } }>(
      'LoyaltyBalance',
      { card },
      login,
    );
    return customerByIdentifier.loyalty.pointsBalance;
  }

  /** Retries a check a few times: what other systems learn from events lands within seconds. */
  async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, attempts = 40): Promise<T> {
    let value = await read();
    for (let attempt = 1; attempt < attempts && !done(value); attempt += 1) {
      await new Promise((resolveLater) => setTimeout(resolveLater, 250));
      value = await read();
    }
    return value;
  }

  beforeAll(async () => {
    world = generateWorld({ seed: 1818, size: 'small' });
    [shopper] = shoppersWithoutCarts(world);
    member = loyaltyMember(world, [shopper]);
    system = await startSystem({
      world,
      console: true,
      personas: journeyPersonas(world, [shopper, member.shopper]),
      env: { LOG_LEVEL: 'silent', IDENTITY_SYNC_INTERVAL_MS: '0', OMNIGRAPH_TRUSTED_DOCUMENTS: 'required', ...QUIET_MARKETPLACE },
    });
    browser = await openConsoleBrowser(system);
    page = await browser.newPage();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  }, 60_000);

  it('shows an order checked out for pickup at the store in the queue without a reload', async () => {
    const store = world.stores[0];
    const sku = await stockedAt(store.plant, 2);
    // The queue's subscription leaves the browser before the app checks out.
    const subscribed = page
      .waitForEvent('websocket')
      .then((socket) => socket.waitForEvent('framesent', { predicate: (frame) => String(frame.payload).includes('"subscribe"') }));
    await signInToConsole(page, system.consoleUrl!, associateAt(store.plant), '/store/pickup');
    await page.getByRole('heading', { name: `${store.name} (${store.plant})` }).waitFor();
    await page.getByRole('status').filter({ hasText: 'Trực tiếp' }).waitFor();
    await subscribed;

    const order = await checkoutForPickup(shopper, store.plant, sku);
    pickupOrder = { ...order, sku };
    const card = page.getByRole('listitem', { name: `Đơn ${order.number}` });
    await card.waitFor({ timeout: 15_000 });
    await card.getByText(/Chờ từ \d/).waitFor();
    await card.getByText(/₫/).first().waitFor();
    expect(await card.textContent()).toContain(sku);
    await screenshot(page, 'store-pickup-queue');
  }, 90_000);

  it('hands the order over at the counter: it leaves the queue and is completed', async () => {
    const card = page.getByRole('listitem', { name: `Đơn ${pickupOrder.number}` });
    await card.getByRole('button', { name: 'Giao cho khách' }).click();
    await card.waitFor({ state: 'detached', timeout: 15_000 });
    const { order } = await registered<{ order: { status: string } }>(
      'OrderStatus',
      { id: pickupOrder.id },
      associateAt(world.stores[0].plant),
    );
    expect(order.status).toBe('COMPLETED');
  }, 60_000);

  it('sells at the counter with a loyalty card and a few points, shows the receipt, and the card is charged', async () => {
    const store = world.stores[0];
    const associate = associateAt(store.plant);
    const sku = await stockedAt(store.plant, 3, [pickupOrder.sku]);
    const before = await pointsOf(member.card, associate);

    await page.getByRole('link', { name: 'Bán tại quầy' }).click();
    await page.getByRole('region', { name: 'Bán hàng tại quầy' }).getByLabel('Mã SKU').fill(sku);
    await page.getByLabel('Số lượng').fill('1');
    await page.getByRole('button', { name: 'Thêm' }).click();
    await page.getByRole('cell', { name: sku, exact: true }).waitFor();
    await page.getByLabel('Số thẻ thành viên').fill(member.card);
    await page.getByRole('button', { name: 'Kiểm tra thẻ' }).click();
    await page
      .getByTestId('loyalty-balance')
      .filter({ hasText: `${vi.format(before)} điểm` })
      .waitFor();
    await page.getByLabel('Điểm dùng để thanh toán').fill('5');
    await page.getByRole('button', { name: 'Báo giá' }).click();
    await page.getByRole('heading', { name: 'Báo giá' }).waitFor();
    await page.getByRole('button', { name: 'Xác nhận bán' }).click();

    const receipt = page.getByRole('region', { name: /^Hóa đơn / });
    await receipt.waitFor({ timeout: 15_000 });
    const figure = (label: string) => receipt.locator(`dt:text-is("${label}") + dd`);
    expect(await figure('Điểm đã dùng').textContent()).toBe('5');
    const earned = Number((await figure('Điểm tích lũy').textContent())!.replace(/\D/g, ''));
    expect(await receipt.getByText('Điểm thưởng').count()).toBe(1);
    const expected = before - 5 + earned;
    expect(
      await eventually(
        () => pointsOf(member.card, associate),
        (points) => points === expected,
      ),
    ).toBe(expected);
    await page
      .getByTestId('loyalty-balance')
      .filter({ hasText: `${vi.format(expected)} điểm` })
      .waitFor();
    await screenshot(page, 'store-counter-sale');
  }, 90_000);

  it("starts the next sale without the last customer's card, and refuses points worth more than the sale in Vietnamese, selling nothing", async () => {
    const store = world.stores[0];
    const associate = associateAt(store.plant);
    const sku = await stockedAt(store.plant, 3, [pickupOrder.sku]);
    const before = await pointsOf(member.card, associate);
    await page.getByLabel('Mã SKU').fill(sku);
    await page.getByRole('button', { name: 'Thêm' }).click();
    await page.getByRole('cell', { name: sku, exact: true }).waitFor();
    expect(await page.getByLabel('Số thẻ thành viên').inputValue()).toBe('');
    expect(await page.getByTestId('loyalty-balance').count()).toBe(0);

    await page.getByLabel('Số thẻ thành viên').fill(member.card);
    await page.getByRole('button', { name: 'Kiểm tra thẻ' }).click();
    await page.getByTestId('loyalty-balance').waitFor();
    // Worth 100 million dong, more than any one item: the graph's REDEMPTION_EXCEEDS_TOTAL.
    await page.getByLabel('Điểm dùng để thanh toán').fill(String(before + 100_000));
    await page.getByRole('button', { name: 'Xác nhận bán' }).click();
    await page.getByRole('alert').filter({ hasText: 'Số điểm dùng nhiều hơn số tiền phải trả.' }).waitFor({ timeout: 15_000 });
    expect(await pointsOf(member.card, associate)).toBe(before);
  }, 60_000);

  it('lists the stores that have a SKU, nearest this one first, with their opening hours, and orders it for delivery (endless aisle)', async () => {
    const sku = await stockedAt(world.stores[1].plant, 1);
    await page.getByRole('link', { name: 'Tìm hàng gần đây' }).click();
    // The near-me screen's own field: until its chunk has loaded, the counter's SKU field is still on the page.
    const nearMe = page.getByRole('region', { name: 'Tìm hàng ở cửa hàng gần đây' });
    await nearMe.getByLabel('Mã SKU').fill(sku);
    await nearMe.getByRole('button', { name: 'Tìm', exact: true }).click();
    const list = page.getByRole('table', { name: `Cửa hàng còn ${sku}, gần nhất trước` });
    await list.waitFor();
    const rows = list.locator('tbody tr');
    expect(await rows.count()).toBeGreaterThan(0);
    const distances = (await rows.locator('td:nth-child(2)').allTextContents()).map((text) =>
      Number(text.replace(/[^\d,]/g, '').replace(',', '.')),
    );
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    expect(await list.getByText(/\d{2}:\d{2}–\d{2}:\d{2}/).count()).toBeGreaterThan(0);
    await page.getByRole('heading', { name: `Đặt hàng cho khách: ${sku}` }).waitFor();
    await screenshot(page, 'store-near-me');

    // Endless aisle: ordered for the customer at the counter, delivered to their address.
    const aisle = page.getByRole('region', { name: `Đặt hàng cho khách: ${sku}` });
    await aisle.getByLabel('Tìm khách theo').selectOption('EMAIL');
    await aisle.getByLabel('Thông tin khách').fill(shopper.email);
    await aisle.getByRole('button', { name: 'Tìm khách' }).click();
    await aisle.getByLabel('Địa chỉ').fill(SHOPPER_ADDRESS.street[0]);
    await aisle.getByLabel('Tỉnh/Thành phố').fill(SHOPPER_ADDRESS.city);
    const phone = aisle.getByRole('textbox', { name: 'Số điện thoại', exact: true });
    if ((await phone.inputValue()) === '') await phone.fill(SHOPPER_ADDRESS.phone);
    await aisle.getByRole('button', { name: 'Đặt hàng giao tận nhà' }).click();
    await aisle
      .getByRole('status')
      .filter({ hasText: /^Đã đặt đơn \S+ \(.*₫\), giao từ / })
      .waitFor({ timeout: 15_000 });
  }, 60_000);

  it('takes back the collected web order at the store and shows the refund', async () => {
    await page.getByRole('link', { name: 'Trả hàng' }).click();
    // The returns screen's own fields: the endless aisle's customer search may still be on the page.
    const returns = page.getByRole('region', { name: 'Trả hàng đơn online tại cửa hàng' });
    await returns.getByLabel('Tìm khách theo').selectOption('EMAIL');
    await returns.getByLabel('Thông tin khách').fill(shopper.email);
    const choice = page.getByRole('button', { name: new RegExp(`^Đơn ${pickupOrder.number} `) });
    // The order history learns of the order from its events: ask again until it lists it.
    for (let attempt = 0; attempt < 20 && (await choice.count()) === 0; attempt += 1) {
      await page.getByRole('button', { name: 'Tìm đơn' }).click();
      await choice.or(page.getByText('Khách không có đơn online nào.')).first().waitFor();
      if ((await choice.count()) === 0) await page.waitForTimeout(500);
    }
    await choice.click();
    await page.getByLabel(`Số lượng trả lại của ${pickupOrder.sku}`).fill('1');
    await page.getByRole('button', { name: 'Xác nhận trả hàng' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /^Đã hoàn .*₫ cho khách/ })
      .waitFor({ timeout: 15_000 });
    expect(browser.problems).toEqual([]);
  }, 60_000);

  it("refuses another store's associate this store's queue, in the console's words", async () => {
    // A browser of their own: the provider remembers who signed in on this one.
    const otherBrowser = await openConsoleBrowser(system);
    try {
      const other = await otherBrowser.newPage();
      await signInToConsole(other, system.consoleUrl!, associateAt(world.stores[1].plant), `/store/pickup?store=${world.stores[0].plant}`);
      await other.getByRole('heading', { name: `${world.stores[0].name} (${world.stores[0].plant})` }).waitFor();
      await other.getByRole('alert').filter({ hasText: 'Bạn không có quyền thực hiện thao tác này.' }).waitFor();
      expect(await other.getByText('Trực tiếp').count()).toBe(0);
      expect(otherBrowser.problems).toEqual([]);
    } finally {
      await otherBrowser.close();
    }
  }, 60_000);

  it('names the CRM when it is down, and the rest of the counter still works', async () => {
    const admin = (method: string, body?: object) =>
      fetch(`${system.legacyUrls.crm}/__admin/knobs`, {
        method,
        headers: { ...adminHeaders(system.env), ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body && JSON.stringify(body),
      });
    expect((await admin('PUT', { down: true })).status).toBe(200);
    try {
      await page.getByRole('link', { name: 'Bán tại quầy' }).click();
      await page.getByRole('region', { name: 'Bán hàng tại quầy' }).getByLabel('Số thẻ thành viên').fill(member.card);
      await page.getByRole('button', { name: 'Kiểm tra thẻ' }).click();
      await page
        .getByRole('alert')
        .filter({ hasText: /Một phần dữ liệu đang thiếu: CRM/ })
        .waitFor({ timeout: 20_000 });
      await page.getByRole('link', { name: 'Đơn chờ nhận' }).click();
      await page.getByRole('status').filter({ hasText: 'Trực tiếp' }).waitFor();
    } finally {
      expect((await admin('DELETE')).status).toBe(200);
    }
    expect(browser.problems).toEqual([]);
  }, 60_000);
});
