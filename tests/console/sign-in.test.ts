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
    expect(new URL(page.url()).pathname).toBe('/store');
    // The store's name from the graph: a registered operation by id, across origins.
    await page.getByTestId('signed-in-as').filter({ hasText: world.stores[0].name }).waitFor();
    expect(browser.problems).toEqual([]);
  });
});
