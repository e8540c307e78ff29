import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { CLOCK_OFFSET_ENV } from '../../lib/clock';
import type { RunningSystem } from '../../scripts/system';

/** Debian's chromium package; the tests never download a browser. */
export const CHROMIUM = '/usr/bin/chromium';
/** Headless, and nothing of Chromium's own reaching out to Google (refused on this closed network). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** Where the tests leave a picture of each main screen; the README shows them. */
export const SCREENSHOTS_DIR = resolve(__dirname, '../../docs/screenshots');
/** A store tablet in landscape: the console's smallest everyday screen. */
export const TABLET = { width: 1180, height: 820 };

/** A browser on the console: what it met that a person would notice (page errors, failed loads, calls to other hosts). */
export interface ConsoleBrowser {
  context: BrowserContext;
  /** A fresh tab, on the system's business clock (tokens and "today" are the world's). */
  newPage(): Promise<Page>;
  problems: string[];
  close(): Promise<void>;
}

/** One Chromium process per test file, shared by its browsers; it ends with the last of them. */
let chromiumProcess: Promise<Browser> | undefined;
let openBrowsers = 0;

async function sharedChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`The console's browser tests need Chromium at ${CHROMIUM}: apt-get install -y chromium.`);
  chromiumProcess ??= import('playwright-core').then(({ chromium }) => chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS }));
  return chromiumProcess;
}

/**
 * A browser of its own (cookies, storage) on one shared headless Chromium, every host but 127.0.0.1
 * blocked, its clock at the system's business time (a seeded world's moment, whatever today's date),
 * so the tokens the provider issues at that moment are fresh to the app. A second person signing in
 * beside the first is a second context, not a second Chromium: two Chromium processes beside a loaded
 * system once lost one mid-test.
 */
export async function openConsoleBrowser(system: RunningSystem): Promise<ConsoleBrowser> {
  const chromium = await sharedChromium();
  openBrowsers += 1;
  const context = await chromium.newContext({ viewport: TABLET });
  const problems: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (/^(https?|wss?):/.test(url) && new URL(url).hostname !== '127.0.0.1') {
      problems.push(`called ${url}`);
      return route.abort('blockedbyclient');
    }
    return route.continue();
  });
  const offset = Number(system.env[CLOCK_OFFSET_ENV] ?? 0);
  await context.clock.install({ time: Date.now() + offset });
  return {
    context,
    problems,
    newPage: async () => {
      const page = await context.newPage();
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(`console: ${message.text()}`);
      });
      return page;
    },
    close: async () => {
      await context.close();
      openBrowsers -= 1;
      if (openBrowsers === 0) {
        chromiumProcess = undefined;
        await chromium.close();
      }
    },
  };
}

/** Signs in at the console as a persona: the console's button, then the persona's one click at the identity provider. */
export async function signInToConsole(page: Page, consoleUrl: string, login: string, path = '/'): Promise<void> {
  await page.goto(`${consoleUrl}${path}`);
  await page.getByRole('button', { name: 'Đăng nhập bằng tài khoản nhân viên' }).click();
  await page.locator(`button[name="login"][value="${login}"]`).click();
  await page.getByTestId('signed-in-as').filter({ hasText: login }).waitFor({ timeout: 15_000 });
}

/** A picture of the screen as it is, for the README (docs/screenshots/console-<name>.png). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS_DIR, `console-${name}.png`), fullPage: true });
}
