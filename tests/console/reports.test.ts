import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import type { Store, World } from '../../legacy/seed/model';
import { generateWorld } from '../../legacy/seed/world';
import { clockFromEnv } from '../../lib/clock';
import { locationId } from '../../lib/ids';
import { RunningSystem, startSystem } from '../../scripts/system';
import { ConsoleBrowser, openConsoleBrowser, screenshot, signInToConsole } from '../support/console';
import { associateAt, journeyPersonas, managerAt, shoppersOf, signerFor } from '../support/journey-personas';
import { QUIET_MARKETPLACE } from '../support/quiet-marketplace';

/** The first-party operations by name: the gateway takes them by registered id only (trusted documents required). */
const REGISTERED = new Map(
  (
    JSON.parse(readFileSync(resolve(__dirname, '../../operations/trusted-documents.json'), 'utf8')) as {
      operations: { id: string; name: string }[];
    }
  ).operations.map((operation) => [operation.name, operation.id]),
);

interface Figures {
  orders: number;
  revenue: { amount: string };
}
interface Answer<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** A day on the retailer's calendar (Asia/Ho_Chi_Minh, UTC+7), `days` after the one `at` falls on. */
const retailDay = (at: number, days = 0) => new Date(Math.floor((at + 7 * HOUR) / DAY) * DAY + days * DAY).toISOString().slice(0, 10);
const midnight = (day: string) => `${day}T00:00:00+07:00`;

/** As the console writes them in Vietnamese. */
const dong = (amount: string) => new Intl.NumberFormat('vi-VN', { style: 'currency', currency: 'VND' }).format(Number(amount));
const count = (value: number) => new Intl.NumberFormat('vi-VN').format(value);
const exactly = (text: string) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);

/** The store manager's and back office's sales reports in a real browser, on the real graph. */
describe('the console: sales reports', () => {
  let world: World;
  let system: RunningSystem;
  let browser: ConsoleBrowser;
  let page: Page;
  let store: Store;
  let otherStore: Store;
  const signAs = signerFor(() => system);
  let now: () => number;

  async function run<T>(name: string, variables: object, login: string): Promise<Answer<T>> {
    const response = await fetch(system.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await signAs(login)) },
      body: JSON.stringify({
        operationName: name,
        variables,
        extensions: { persistedQuery: { version: 1, sha256Hash: REGISTERED.get(name) } },
      }),
    });
    return (await response.json()) as Answer<T>;
  }

  /** The period's totals as the graph gives them to a persona: the same question the screen asks. */
  async function totals(login: string, days: number, locationIds?: string[]): Promise<Figures> {
    const answer = await run<{ channelKpis: { totals: Figures } }>(
      'ReportsChannelKpis',
      { from: midnight(retailDay(now(), 1 - days)), to: midnight(retailDay(now(), 1)), locationIds },
      login,
    );
    expect(answer.errors).toBeUndefined();
    return answer.data!.channelKpis.totals;
  }

  /** Waits until the screen's totals read as the graph's. */
  async function showsTotals(figures: Figures): Promise<void> {
    await page
      .getByTestId('total-orders')
      .filter({ hasText: exactly(count(figures.orders)) })
      .waitFor();
    await page
      .getByTestId('total-revenue')
      .filter({ hasText: exactly(dong(figures.revenue.amount)) })
      .waitFor();
  }

  beforeAll(async () => {
    world = generateWorld({ seed: 31, size: 'small' });
    [store, otherStore] = world.stores;
    system = await startSystem({
      world,
      console: true,
      personas: journeyPersonas(world, shoppersOf(world).slice(0, 1)),
      env: { LOG_LEVEL: 'silent', IDENTITY_SYNC_INTERVAL_MS: '0', OMNIGRAPH_TRUSTED_DOCUMENTS: 'required', ...QUIET_MARKETPLACE },
    });
    const clock = clockFromEnv(system.env);
    now = () => clock().getTime();
  }, 180_000);
  // A browser of its own for each person: the identity provider remembers who signed in on a browser.
  beforeEach(async () => {
    browser = await openConsoleBrowser(system);
    page = await browser.newPage();
  });
  afterEach(async () => {
    await browser?.close();
  });
  afterAll(async () => {
    await system?.stop();
  });

  it("shows a store manager their own store's figures, as the graph gives them, with charts", async () => {
    const manager = managerAt(store.plant);
    await signInToConsole(page, system.consoleUrl!, manager, '/reports');
    await page.getByRole('heading', { name: 'Báo cáo bán hàng' }).waitFor();
    // Today, by default.
    await showsTotals(await totals(manager, 1));

    await page.getByLabel('Kỳ báo cáo').selectOption('last30');
    const month = await totals(manager, 30);
    expect(month.orders).toBeGreaterThan(0);
    // Their store's figures only: the same as naming it, and not the whole estate's.
    expect(await totals(manager, 30, [locationId(store.plant)])).toEqual(month);
    expect((await totals('steward', 30)).orders).toBeGreaterThan(month.orders);
    await showsTotals(month);
    await page.getByTestId('revenue-chart').locator('svg').first().waitFor();
    await page.getByTestId('share-chart').locator('svg').first().waitFor();
    // By store: their store alone (no row for another store, nor for deliveries).
    await page.getByLabel('Xem theo').selectOption('store');
    const rows = page.getByTestId('report-table').locator('tbody tr');
    await rows.first().getByRole('rowheader', { name: store.name }).waitFor();
    expect(await rows.count()).toBe(1);
    await page.getByLabel('Xem theo').selectOption('channel');
    await screenshot(page, 'reports-kpis');
    expect(browser.problems).toEqual([]);
  }, 90_000);

  it('counts a sale at the counter on the open report, without a reload', async () => {
    const manager = managerAt(store.plant);
    await signInToConsole(page, system.consoleUrl!, manager, '/reports?period=today');
    const before = await totals(manager, 1);
    await showsTotals(before);
    await page.getByText('Cập nhật trực tiếp').waitFor();

    const shelf = world.truth.shelfStock.find((row) => row.plant === store.plant && row.quantity >= 3)!;
    const sold = await run<{ sellAtCounter: { order: { totals: { total: { amount: string } } } | null; userErrors: unknown[] } }>(
      'SellAtCounter',
      {
        storeId: locationId(store.plant),
        workstationId: 1,
        associateId: 'NV101',
        lines: [{ sku: shelf.sku, quantity: 1 }],
        tender: 'CASH',
        idempotencyKey: `reports-sale-${Date.now()}`,
      },
      associateAt(store.plant),
    );
    expect(sold.errors).toBeUndefined();
    expect(sold.data!.sellAtCounter.userErrors).toEqual([]);
    const total = Number(sold.data!.sellAtCounter.order!.totals.total.amount);

    await showsTotals({ orders: before.orders + 1, revenue: { amount: String(Number(before.revenue.amount) + total) } });
    expect(browser.problems).toEqual([]);
  }, 60_000);

  it('shows the back office every channel and store, with a store filter', async () => {
    await signInToConsole(page, system.consoleUrl!, 'steward', '/reports?period=last30');
    await showsTotals(await totals('steward', 30));
    const table = page.getByTestId('report-table');
    for (const channel of ['Website', 'Ứng dụng', 'Tại quầy', 'Sàn TMĐT', 'Nhân viên đặt hộ'])
      await table.getByRole('rowheader', { name: channel, exact: true }).waitFor();
    await page.getByRole('img', { name: 'Doanh thu theo ngày và kênh bán' }).locator('svg').first().waitFor();

    await page.getByLabel('Cửa hàng', { exact: true }).selectOption(otherStore.plant);
    await showsTotals(await totals('steward', 30, [locationId(otherStore.plant)]));
    expect(new URL(page.url()).searchParams.get('store')).toBe(otherStore.plant);
    await page.getByLabel('Xem theo').selectOption('store');
    await table.getByRole('rowheader', { name: otherStore.name }).waitFor();
    await screenshot(page, 'reports-back-office');
    expect(browser.problems).toEqual([]);
  }, 60_000);

  it("refuses a manager another store's figures, and an associate the reports", async () => {
    const manager = managerAt(store.plant);
    await signInToConsole(page, system.consoleUrl!, manager, '/reports');
    await page.getByTestId('total-orders').waitFor();
    await page.goto(`${system.consoleUrl}/reports?period=last30&store=${otherStore.plant}`);
    await page.getByRole('alert').filter({ hasText: 'Bạn không có quyền thực hiện thao tác này.' }).waitFor();
    expect(await page.getByTestId('total-orders').count()).toBe(0);
    // The graph says so too: the console shows its refusal, it does not decide it.
    const refused = await run(
      'ReportsChannelKpis',
      { from: midnight(retailDay(now())), to: midnight(retailDay(now(), 1)), locationIds: [locationId(otherStore.plant)] },
      manager,
    );
    expect(refused.errors?.map((error) => error.extensions?.code)).toContain('FORBIDDEN');
    await screenshot(page, 'reports-refused');

    expect(browser.problems).toEqual([]);

    const associateBrowser = await openConsoleBrowser(system);
    try {
      const associate = await associateBrowser.newPage();
      await signInToConsole(associate, system.consoleUrl!, associateAt(store.plant));
      await associate.getByRole('link', { name: 'Cửa hàng' }).waitFor();
      expect(await associate.getByRole('link', { name: 'Báo cáo' }).count()).toBe(0);
      await associate.goto(`${system.consoleUrl}/reports`);
      await associate.getByRole('alert').filter({ hasText: 'Bạn không có quyền mở màn hình này.' }).waitFor();
      expect(associateBrowser.problems).toEqual([]);
    } finally {
      await associateBrowser.close();
    }
  }, 60_000);
});
