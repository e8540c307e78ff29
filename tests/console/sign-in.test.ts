import type { Page } from 'playwright-core';
import type { World } from '../../legacy/seed/model';
import { generateWorld } from '../../legacy/seed/world';
import { RunningSystem, startSystem } from '../../scripts/system';
import { ConsoleBrowser, openConsoleBrowser, signInToConsole } from '../support/console';
import { associateAt, journeyPersonas, shoppersOf } from '../support/journey-personas';
import { QUIET_MARKETPLACE } from '../support/quiet-marketplace';

/** The console's frame in a real browser: sign-in through the identity provider, screens by role, languages. */
describe('the console: sign-in and screens by role', () => {
  let world: World;
  let system: RunningSystem;
  let browser: ConsoleBrowser;
  let page: Page;

  beforeAll(async () => {
    world = generateWorld({ seed: 18, size: 'small' });
    system = await startSystem({
      world,
      console: true,
      personas: journeyPersonas(world, shoppersOf(world).slice(0, 1)),
      env: { LOG_LEVEL: 'silent', IDENTITY_SYNC_INTERVAL_MS: '0', OMNIGRAPH_TRUSTED_DOCUMENTS: 'required', ...QUIET_MARKETPLACE },
    });
    browser = await openConsoleBrowser(system);
  }, 120_000);
  beforeEach(async () => {
    page = await browser.newPage();
  });
  afterEach(async () => {
    await page.close();
  });
  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });

  it('signs an associate in through the identity provider, in Vietnamese, and shows only the store', async () => {
    const store = world.stores[0].plant;
    await signInToConsole(page, system.consoleUrl!, associateAt(store));
    expect(await page.getAttribute('html', 'lang')).toBe('vi');
    await expect(page.getByRole('link', { name: 'Cửa hàng' }).isVisible()).resolves.toBe(true);
    expect(await page.getByRole('link', { name: 'Khách hàng' }).count()).toBe(0);
    // The store screen, on whichever tab it has opened by now (it moves to its first once the store is read).
    expect(new URL(page.url()).pathname).toMatch(/^\/store(\/|$)/);
    // The store's name from the graph: a registered operation by id, across origins.
    await page.getByTestId('signed-in-as').filter({ hasText: world.stores[0].name }).waitFor();
    expect(browser.problems).toEqual([]);
  });

  it('is used by keyboard alone: sign-in, the persona, then the screens by Tab and Enter', async () => {
    await page.goto(system.consoleUrl!);
    const signIn = page.getByRole('button', { name: 'Đăng nhập bằng tài khoản nhân viên' });
    await signIn.waitFor();
    await page.keyboard.press('Tab');
    await expect(signIn.evaluate((button) => button === document.activeElement)).resolves.toBe(true);
    await page.keyboard.press('Enter');
    const persona = page.locator('button[name="login"][value="steward"]');
    await persona.focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('signed-in-as').filter({ hasText: 'steward' }).waitFor();
    // The navigation's links are reached by Tab, in order, and followed with Enter.
    await page.getByRole('navigation').getByRole('link', { name: 'Khách hàng' }).focus();
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Báo cáo');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/reports$/);
  });

  it('fits a tablet held upright and a phone: no screen scrolls sideways', async () => {
    const sideways = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    await signInToConsole(page, system.consoleUrl!, 'steward');
    for (const size of [
      { width: 820, height: 1180 },
      { width: 390, height: 844 },
    ]) {
      await page.setViewportSize(size);
      for (const path of ['/customers', '/reports']) {
        await page.goto(`${system.consoleUrl}${path}`);
        await page.getByRole('heading', { level: 1 }).first().waitFor();
        expect({ path, width: size.width, sideways: await sideways() }).toEqual({ path, width: size.width, sideways: 0 });
      }
    }
  });

  it('switches to English and keeps the choice on this device', async () => {
    await signInToConsole(page, system.consoleUrl!, 'agent');
    await page.getByLabel('Ngôn ngữ').selectOption('en');
    await page.getByRole('link', { name: 'Customers' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.reload();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.getByLabel('Language').selectOption('vi');
    await page.getByRole('button', { name: 'Đăng xuất' }).waitFor();
  });

  it('shows the back office every screen, and an agent only the customers', async () => {
    await signInToConsole(page, system.consoleUrl!, 'steward');
    const nav = page.getByRole('navigation');
    await nav.getByRole('link', { name: 'Báo cáo' }).waitFor();
    expect(await nav.getByRole('link').allInnerTexts()).toEqual(['Khách hàng', 'Báo cáo']);
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await signInToConsole(page, system.consoleUrl!, 'agent');
    expect(await page.getByRole('navigation').getByRole('link').allInnerTexts()).toEqual(['Khách hàng']);
    await page.goto(`${system.consoleUrl}/reports`);
    await page.getByRole('alert').filter({ hasText: 'Bạn không có quyền mở màn hình này.' }).waitFor();
  });

  it('gives a customer who signs in through the staff app no screen', async () => {
    await signInToConsole(page, system.consoleUrl!, shoppersOf(world)[0].login);
    await page.getByRole('alert').filter({ hasText: 'Tài khoản này không có quyền dùng màn hình nào' }).waitFor();
    expect(await page.getByRole('navigation').getByRole('link').count()).toBe(0);
  });

  it('signs out, and asks to sign in again when the session expires', async () => {
    await signInToConsole(page, system.consoleUrl!, associateAt(world.stores[0].plant));
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.getByRole('button', { name: 'Đăng nhập bằng tài khoản nhân viên' }).waitFor();
    await signInToConsole(page, system.consoleUrl!, associateAt(world.stores[0].plant));
    // An hour later (the token's life), on the page's clock.
    await page.clock.fastForward('01:00:01');
    await page.getByRole('alert').filter({ hasText: 'Phiên đăng nhập đã hết hạn' }).waitFor();
  });

  it("serves the app at any of its paths, its built files cached for good, and a missing file as a 404 (an old tab's chunk), never the page", async () => {
    const html = await fetch(`${system.consoleUrl}/store/counter`);
    expect(html.status).toBe(200);
    expect(html.headers.get('cache-control')).toBe('no-cache');
    expect(html.headers.get('content-security-policy')).toContain("default-src 'self'");
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(await html.text())![1];
    expect((await fetch(`${system.consoleUrl}${script}`)).headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const gone = await fetch(`${system.consoleUrl}/assets/AgentScreen-replaced.js`);
    expect(gone.status).toBe(404);
    expect(gone.headers.get('cache-control')).toBe('no-store');
    const config = (await (await fetch(`${system.consoleUrl}/config.json`)).json()) as { graphqlUrl: string; clientId: string };
    expect(config).toMatchObject({ graphqlUrl: system.gatewayUrl, clientId: 'omnigraph-staff' });
  });

  it("lets only a loopback origin's browser call the provider's token endpoint (the staff app's redirect rule)", async () => {
    const discovery = (await (await fetch(`${system.identityProviderUrl}/.well-known/openid-configuration`)).json()) as {
      token_endpoint: string;
    };
    // A code exchange from a browser (the code is no good: the answer's CORS headers are what counts).
    const exchange = (origin: string) =>
      fetch(discovery.token_endpoint, {
        method: 'POST',
        headers: { origin, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          client_id: 'omnigraph-staff',
          grant_type: 'authorization_code',
          code: 'no-such-code',
          redirect_uri: `${system.consoleUrl}/callback`,
          code_verifier: 'x'.repeat(43),
        }),
      });
    expect((await exchange(system.consoleUrl!)).headers.get('access-control-allow-origin')).toBe(system.consoleUrl);
    for (const origin of ['https://evil.example', 'http://localhost:4300'])
      expect((await exchange(origin)).headers.get('access-control-allow-origin')).toBeNull();
  });
});
