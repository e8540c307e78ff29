import { createHash } from 'node:crypto';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import type { Page } from 'playwright-core';
import { AgentFindCustomersDocument } from '../../clients/console/src/generated/graphql';
import { adminHeaders } from '../../legacy/kit/admin';
import type { World } from '../../legacy/seed/model';
import { generateWorld } from '../../legacy/seed/world';
import { locationId } from '../../lib/ids';
import { AddToCartDocument, CheckoutForPickupDocument, OpenCartDocument } from '../../operations/generated';
import { RunningSystem, startSystem } from '../../scripts/system';
import { ConsoleBrowser, openConsoleBrowser, screenshot, signInToConsole } from '../support/console';
import { execute, GraphQLAnswer } from '../support/graphql';
import { associateAt, journeyPersonas, Shopper, shoppersOf, signerFor, SHOPPER_ADDRESS } from '../support/journey-personas';
import { QUIET_MARKETPLACE } from '../support/quiet-marketplace';

/** The customer as the back office reads them through the graph: what the agent's 360 must show. */
interface CustomerFacts {
  id: string;
  phones: string[];
  profile: { fullName: string } | null;
  loyalty: { pointsBalance: number } | null;
  orderHistory: { totalCount: number; edges: { node: { number: string; totals: { total: { amount: string } } } }[] };
}
const CUSTOMER_FACTS = `query($id: ID!) { customer(id: $id) {
  id phones profile { fullName } loyalty { pointsBalance }
  orderHistory(first: 10) { totalCount edges { node { number totals { total { amount } } } } }
} }`;

/** A phone as a caller reads it out: +84901234567 → "090 123 4567". */
const spokenPhone = (e164: string) => `0${e164.slice(3)}`.replace(/^(\d{3})(\d{3})(\d+)$/, '$1 $2 $3');
/** The same phone as an app would give it, with the country code and spaces: "+84 90 123 4567". */
const internationalPhone = (e164: string) => e164.replace(/^\+84(\d{2})(\d{3})(\d+)$/, '+84 $1 $2 $3');
const vnd = (amount: string) => new Intl.NumberFormat('vi-VN', { style: 'currency', currency: 'VND' }).format(Number(amount));

/** The call center's customer screen in a real browser, through the real gateway, subgraphs and stand-ins. */
describe('the console: the call-center agent helps a customer', () => {
  let world: World;
  let system: RunningSystem;
  let browser: ConsoleBrowser;
  let page: Page;
  let shopper: Shopper;
  let facts: CustomerFacts;
  const signAs = signerFor(() => system);

  /** An operation as the back office's tools send it: as text, which only they may. */
  async function asBackOffice<T>(query: string, variables: object): Promise<T> {
    const answer = await execute<T, object>(system.gatewayUrl, query, variables, await signAs('steward'));
    expect(answer.errors).toBeUndefined();
    return answer.data!;
  }
  /** A registered operation by its hash, as an app sends it where the graph takes nothing else. */
  async function registered<T, V>(document: TypedDocumentNode<T, V>, variables: V, login: string): Promise<GraphQLAnswer<T>> {
    const sha256Hash = createHash('sha256').update(print(document)).digest('hex');
    const response = await fetch(system.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await signAs(login)) },
      body: JSON.stringify({ variables, extensions: { persistedQuery: { version: 1, sha256Hash } } }),
    });
    return {
      ...((await response.json()) as Omit<GraphQLAnswer<T>, 'status' | 'headers'>),
      status: response.status,
      headers: response.headers,
    };
  }
  async function knobs(legacySystem: string, method: 'PUT' | 'DELETE', body?: object): Promise<void> {
    const response = await fetch(`${system.legacyUrls[legacySystem]}/__admin/knobs`, {
      method,
      headers: { ...adminHeaders(system.env), ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    expect(response.status).toBe(200);
  }

  /** A shopper the call center can find by their own phone (not a shared one), with points and orders to show. */
  async function customerToHelp(shoppers: Shopper[]): Promise<{ shopper: Shopper; facts: CustomerFacts }> {
    for (const candidate of shoppers) {
      const { customer } = await asBackOffice<{ customer: CustomerFacts }>(CUSTOMER_FACTS, { id: candidate.customerId });
      if (customer.phones.length !== 1 || !customer.loyalty || customer.orderHistory.totalCount === 0) continue;
      const holders = await asBackOffice<{ customersByIdentifier: { id: string }[] }>(
        `query($value: String!) { customersByIdentifier(identifier: { kind: PHONE, value: $value }) { id } }`,
        { value: customer.phones[0] },
      );
      if (holders.customersByIdentifier.length === 1 && holders.customersByIdentifier[0].id === candidate.customerId)
        return { shopper: candidate, facts: customer };
    }
    throw new Error('no shopper with a phone of their own, points and orders');
  }

  async function open360(): Promise<void> {
    await page.goto(`${system.consoleUrl}/customers/${encodeURIComponent(facts.id)}`);
    await page.getByRole('heading', { level: 1, name: facts.profile!.fullName }).waitFor();
  }

  beforeAll(async () => {
    world = generateWorld({ seed: 1801, size: 'small' });
    const shoppers = shoppersOf(world);
    system = await startSystem({
      world,
      console: true,
      personas: journeyPersonas(world, shoppers),
      env: { LOG_LEVEL: 'silent', IDENTITY_SYNC_INTERVAL_MS: '0', OMNIGRAPH_TRUSTED_DOCUMENTS: 'required', ...QUIET_MARKETPLACE },
    });
    ({ shopper, facts } = await customerToHelp(shoppers));
    browser = await openConsoleBrowser(system);
    page = await browser.newPage();
    await signInToConsole(page, system.consoleUrl!, 'agent', '/customers');
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });

  it('finds the customer by a phone typed any way and shows their profile, points and orders on one page', async () => {
    const search = page.getByRole('search');
    await search.getByLabel('Tìm theo').selectOption({ label: 'Số điện thoại' });
    // A phone no one could have: the agent is told to fix what they typed.
    await search.getByLabel('Thông tin tìm kiếm').fill('12ab');
    await search.getByRole('button', { name: 'Tìm' }).click();
    await page.getByRole('alert').filter({ hasText: 'Số điện thoại không hợp lệ' }).waitFor();

    // The phone with the country code and spaces, as the app shows it.
    await search.getByLabel('Thông tin tìm kiếm').fill(internationalPhone(facts.phones[0]));
    await search.getByRole('button', { name: 'Tìm' }).click();
    await page.getByRole('heading', { level: 1, name: facts.profile!.fullName }).waitFor();
    expect(decodeURIComponent(new URL(page.url()).pathname)).toBe(`/customers/${facts.id}`);

    // Then read out over the phone, with the leading 0 and spaces.
    await page.getByRole('link', { name: 'Tìm khách hàng khác' }).click();
    await page.getByRole('search').getByLabel('Thông tin tìm kiếm').fill(spokenPhone(facts.phones[0]));
    await page.getByRole('search').getByRole('button', { name: 'Tìm' }).click();
    await page.getByRole('heading', { level: 1, name: facts.profile!.fullName }).waitFor();

    const points = `${new Intl.NumberFormat('vi-VN').format(facts.loyalty!.pointsBalance)} điểm`;
    expect(await page.getByTestId('loyalty-balance').textContent()).toBe(points);
    const orders = page.getByRole('region', { name: 'Đơn hàng trên mọi kênh' });
    await orders.getByText(`${facts.orderHistory.totalCount} đơn`).waitFor();
    const newest = facts.orderHistory.edges[0].node;
    const row = orders.getByRole('row').filter({ has: page.getByRole('rowheader', { name: newest.number }) });
    await row.getByText(vnd(newest.totals.total.amount)).waitFor();
    await page.getByTestId('live').filter({ hasText: 'Trực tiếp' }).waitFor();
    await screenshot(page, 'agent-360');
    expect(browser.problems).toEqual([]);
  }, 60_000);

  it('logs what the customer says on the phone, and it shows in the transcript without a reload', async () => {
    await open360();
    const said = `Khách hỏi về đơn hàng lúc ${Date.now()}`;
    const form = page.getByRole('form', { name: 'Ghi nhận tương tác' });
    await form.getByLabel('Nội dung').fill(said);
    await form.getByRole('button', { name: 'Ghi nhận' }).click();
    await form.getByRole('status').filter({ hasText: 'Đã ghi vào yêu cầu' }).waitFor();
    const transcripts = page.getByRole('list', { name: /^Nội dung trao đổi/ });
    await transcripts.getByText(said).waitFor();
    expect(browser.problems).toEqual([]);
  }, 60_000);

  it('changes the delivery address and shows it landing in each system', async () => {
    await open360();
    await page.getByRole('button', { name: 'Đổi địa chỉ' }).click();
    const form = page.getByRole('form', { name: 'Đổi địa chỉ giao hàng' });
    const street = `${(Date.now() % 900) + 100} Nguyễn Huệ`;
    await form.getByLabel('Số nhà, đường').fill(street);
    await form.getByLabel('Tỉnh/Thành phố').fill('Hồ Chí Minh');
    await form.getByRole('button', { name: 'Lưu địa chỉ mới' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã ghi nhận địa chỉ mới' }).waitFor();

    const change = page.getByRole('listitem').filter({ hasText: `Địa chỉ mới: ${street}, Hồ Chí Minh` });
    await change.waitFor();
    // Polled while any system is pending: each one's badge turns to "Đã cập nhật".
    await change.getByText('Đang cập nhật').first().waitFor({ state: 'detached', timeout: 20_000 });
    const deliveries = await change.getByRole('listitem').allTextContents();
    expect(deliveries.length).toBeGreaterThanOrEqual(2);
    expect(deliveries).toContain('CRM: Đã cập nhật');
    expect(deliveries).toContain('Web shop: Đã cập nhật');
    for (const delivery of deliveries) expect(delivery).toMatch(/: Đã cập nhật$/);
    expect(browser.problems).toEqual([]);
  }, 60_000);

  it('shows an order the customer places in the app while their 360 is open, without a reload', async () => {
    await open360();
    await page.getByTestId('live').filter({ hasText: 'Trực tiếp' }).waitFor();
    const store = world.stores[0].plant;
    const stock = await asBackOffice<{ stockLevels: { sku: string; available: number }[] }>(
      `query($skus: [String!]!, $at: [ID!]) { stockLevels(skus: $skus, locationIds: $at) { sku available } }`,
      { skus: world.products.slice(0, 50).map((product) => product.sku), at: [locationId(store)] },
    );
    const sku = stock.stockLevels.find((level) => level.available >= 2)!.sku;

    const opened = await registered(
      OpenCartDocument,
      { customerId: shopper.customerId, idempotencyKey: `cart-${Date.now()}` },
      shopper.login,
    );
    const cartId = opened.data!.createCart.cart!.id;
    const added = await registered(AddToCartDocument, { cartId, sku, quantity: 1, idempotencyKey: `line-${Date.now()}` }, shopper.login);
    expect(added.data!.addCartLine.userErrors).toEqual([]);
    const checkedOut = await registered(
      CheckoutForPickupDocument,
      { cartId, storeId: locationId(store), address: SHOPPER_ADDRESS, idempotencyKey: `checkout-${Date.now()}` },
      shopper.login,
    );
    expect(checkedOut.data!.checkout.userErrors).toEqual([]);
    const order = checkedOut.data!.checkout.order!;

    const orders = page.getByRole('region', { name: 'Đơn hàng trên mọi kênh' });
    const row = orders.getByRole('row').filter({ has: page.getByRole('rowheader', { name: order.number }) });
    await row.getByText('Chờ khách nhận').waitFor({ timeout: 15_000 });
    await row.getByText(vnd(order.totals.total.amount)).waitFor();
    await orders.getByText(`${facts.orderHistory.totalCount + 1} đơn`).waitFor();
    expect(browser.problems).toEqual([]);
  }, 60_000);

  it('still shows the orders when the CRM is down, and names the CRM', async () => {
    await knobs('crm', 'PUT', { down: true });
    try {
      await page.goto(`${system.consoleUrl}/customers/${encodeURIComponent(facts.id)}`);
      const orders = page.getByRole('region', { name: 'Đơn hàng trên mọi kênh' });
      await orders.getByRole('rowheader', { name: facts.orderHistory.edges[0].node.number }).waitFor();
      await page.getByRole('alert').filter({ hasText: 'CRM (hồ sơ, điểm thưởng)' }).first().waitFor();
      await page.getByText('Chưa đọc được hồ sơ từ CRM.').waitFor();
      await page.getByText('Chưa đọc được điểm thưởng từ CRM.').waitFor();
      await screenshot(page, 'agent-partial');
    } finally {
      await knobs('crm', 'DELETE');
    }
  }, 60_000);

  it('is not for store associates, nor for customers, and the graph refuses a customer too', async () => {
    // Each in a browser of their own: the provider remembers who signed in on a browser.
    const associateBrowser = await openConsoleBrowser(system);
    try {
      const associate = await associateBrowser.newPage();
      await signInToConsole(associate, system.consoleUrl!, associateAt(world.stores[0].plant), '/customers');
      await associate.getByRole('alert').filter({ hasText: 'Bạn không có quyền mở màn hình này.' }).waitFor();
      expect(await associate.getByRole('link', { name: 'Khách hàng' }).count()).toBe(0);
      expect(associateBrowser.problems).toEqual([]);
    } finally {
      await associateBrowser.close();
    }
    const customerBrowser = await openConsoleBrowser(system);
    try {
      const customer = await customerBrowser.newPage();
      await signInToConsole(customer, system.consoleUrl!, shopper.login);
      await customer.getByRole('alert').filter({ hasText: 'Tài khoản này không có quyền dùng màn hình nào' }).waitFor();
      expect(await customer.getByRole('navigation').getByRole('link').count()).toBe(0);
      expect(customerBrowser.problems).toEqual([]);
    } finally {
      await customerBrowser.close();
    }
    const asked = await registered(AgentFindCustomersDocument, { identifier: { kind: 'PHONE', value: facts.phones[0] } }, shopper.login);
    expect(asked.errors?.map((error) => error.extensions?.code)).toContain('FORBIDDEN');
  }, 60_000);
});
