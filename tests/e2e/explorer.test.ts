import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { BrowserContext, Page } from 'playwright-core';
import { buildGatewayServer } from '../../gateway/server';
import type { World } from '../../legacy/seed/model';
import { generateWorld } from '../../legacy/seed/world';
import { Customer360ByPhoneDocument } from '../../operations/generated';
import { startSystem, RunningSystem } from '../../scripts/system';
import { execute } from '../support/graphql';
import { CHROMIUM, CHROMIUM_ARGS } from '../support/console';
import { bearer, tokenAs } from '../support/tokens';

/** What Chromium sends when someone types the URL in the address bar. */
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8';
const OPERATIONS = [
  'Customer360ByPhone',
  'OpenCart',
  'AddToCart',
  'StoresWithStock',
  'CheckoutForPickup',
  'PickupQueue',
  'HandOver',
  'OrderStatus',
  'SellAtCounter',
  'LoyaltyBalance',
  'CustomerByIdentifier',
  'CustomerOrderHistory',
  'ChannelKpis',
  'FollowOrder',
  'FollowPickupQueue',
  'FollowShelf',
  'FollowCustomer',
  'WhereCanIGetThisNearMe',
  'StockBySku',
  'SupportAgentView',
  'LogSupportInteraction',
  'HandOverSupportCase',
  'CloseSupportCase',
];

/** Every http(s) URL in a text. */
const urlsIn = (text: string) => text.match(/https?:\/\/[^\s"'`<>()]+/g) ?? [];

describe('the explorer, outside production', () => {
  let world: World;
  let system: RunningSystem;
  let origin: string;
  beforeAll(async () => {
    world = generateWorld({ seed: 7, size: 'small' });
    system = await startSystem({ world, env: { IDENTITY_SYNC_INTERVAL_MS: '0' } });
    origin = new URL(system.gatewayUrl).origin;
  });
  // The gateway waits for the browser's last connections to end; under a loaded CI machine that took over 30 s once.
  afterAll(() => system.stop(), 90_000);

  it('is what a plain GET of the endpoint gets, as a page that names no other host', async () => {
    for (const accept of ['*/*', BROWSER_ACCEPT]) {
      const page = await fetch(system.gatewayUrl, { headers: { accept } });
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      const html = await page.text();
      expect(html).toContain('<title>Omnigraph explorer</title>');
      expect(urlsIn(html).filter((url) => new URL(url).origin !== origin)).toEqual([]);
      expect(page.headers.get('content-security-policy')).toMatch(/default-src 'self'.*connect-src 'self'/);
    }
  });

  it('serves every file the page loads itself: scripts, styles, icon and editor workers, with nothing fetched from elsewhere', async () => {
    const html = await (await fetch(system.gatewayUrl)).text();
    const config = JSON.parse(/<script type="application\/json" id="explorer-config">(.*?)<\/script>/s.exec(html)![1]) as {
      workers: Record<string, string>;
    };
    const files = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]).concat(Object.values(config.workers));
    expect(files).toHaveLength(7);
    for (const file of files) {
      expect(file).toMatch(/^explorer\/[\w.-]+$/);
      const answer = await fetch(new URL(file, system.gatewayUrl));
      expect(answer.status).toBe(200);
      expect(answer.headers.get('cache-control')).toContain('immutable');
      if (file.endsWith('.css')) {
        const css = await answer.text();
        expect(css).not.toMatch(/@import/);
        expect([...css.matchAll(/url\(\s*['"]?([^'")]*)/g)].map((m) => m[1]).filter((url) => !url.startsWith('data:'))).toEqual([]);
      }
    }
    expect((await fetch(`${origin}/explorer/graphiql.0000000000000000.js`)).status).toBe(404);
  });

  it('still answers GraphQL over GET with ?query=, behind CSRF prevention, and shows a browser the explorer on that query', async () => {
    const url = `${system.gatewayUrl}?query=${encodeURIComponent('{ __typename }')}`;
    const preflighted = await fetch(url, { headers: { 'apollo-require-preflight': 'true' } });
    expect(preflighted.status).toBe(200);
    expect(await preflighted.json()).toEqual({ data: { __typename: 'Query' } });
    const bare = await fetch(url);
    expect(bare.status).toBe(400);
    expect(((await bare.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('BAD_REQUEST');
    const browser = await fetch(url, { headers: { accept: BROWSER_ACCEPT } });
    expect(browser.headers.get('content-type')).toBe('text/html; charset=utf-8');
  });

  describe('in headless Chromium, with every host but 127.0.0.1 blocked', () => {
    let profile: string;
    let context: BrowserContext;
    let page: Page;
    const outside: string[] = [];
    const problems: string[] = [];

    beforeAll(async () => {
      if (!existsSync(CHROMIUM)) {
        throw new Error(
          `The explorer's browser test needs Chromium at ${CHROMIUM}: install Debian's package (apt-get install -y chromium).`,
        );
      }
      const { chromium } = await import('playwright-core');
      profile = mkdtempSync(join(tmpdir(), 'omnigraph-chromium-'));
      context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: CHROMIUM_ARGS });
      await context.route('**/*', (route) => {
        const url = route.request().url();
        if (/^(https?|wss?):/.test(url) && new URL(url).hostname !== '127.0.0.1') {
          outside.push(url);
          return route.abort('blockedbyclient');
        }
        return route.continue();
      });
      page = context.pages()[0] ?? (await context.newPage());
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(`console: ${message.text()}`);
      });
    }, 60_000);
    afterAll(async () => {
      await context?.close();
      if (profile) rmSync(profile, { recursive: true, force: true });
    });

    /** Monaco draws spaces as no-break spaces. */
    const textOf = async (selector: string) => (await page.locator(selector).innerText()).replace(/\u00a0/g, ' ');

    it('opens on the example operations, Customer360ByPhone first, and runs one through the graph with a pasted token', async () => {
      await page.goto(system.gatewayUrl);
      const tabs = page.locator('.graphiql-tab');
      await tabs.nth(OPERATIONS.length - 1).waitFor({ timeout: 20_000 });
      expect(await tabs.allInnerTexts()).toEqual(OPERATIONS);
      await page.locator('.graphiql-query-editor .view-lines').getByText('query Customer360ByPhone').waitFor();
      // The variables or the headers, whichever of the editor tools is open.
      const tool = '.graphiql-editor-tool .graphiql-editor:not(.hidden) .view-lines';
      // Preloaded from operations/examples.json: a phone of the world npm start seeds.
      expect(await textOf(tool)).toContain('"phone": "0987 632 589"');

      const person = world.truth.persons.find((p) => p.crmPartnerIds.length === 1 && p.loyaltyCardCodes.length === 1 && p.phone)!;
      const phone = person.phone.replace('+84', '0');
      // The persona the tab's headers name, signed in as `npm run token -- --as agent` would.
      const token = await tokenAs(system, 'agent');
      const expected = await execute(system.gatewayUrl, Customer360ByPhoneDocument, { phone }, bearer(token));
      const displayName = expected.data!.customerByIdentifier!.displayName;

      // Pasted, as typing would meet the editor's auto-closing brackets and quotes.
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
      const paste = async (text: string) => {
        await page.evaluate((value) => navigator.clipboard.writeText(value), text);
        await page.locator(tool).click();
        await page.keyboard.press('Control+A');
        await page.keyboard.press('Control+V');
        await page.locator(tool, { hasText: text.slice(0, 40) }).waitFor();
        expect(await textOf(tool)).toBe(text);
      };
      // The headers say as whom the tab runs and how to sign in; a newcomer pastes the token there.
      await page.getByRole('button', { name: 'Headers', exact: true }).click();
      await page.locator(tool, { hasText: 'npm run token -- --as agent' }).waitFor();
      await paste(JSON.stringify({ Authorization: `Bearer ${token}` }));
      await page.getByRole('button', { name: 'Variables', exact: true }).click();
      await page.locator(tool, { hasText: '"phone"' }).waitFor();
      await paste(JSON.stringify({ phone }));
      await page.locator('.graphiql-query-editor .view-lines').click();
      await page.keyboard.press('Control+Enter');

      const result = '.graphiql-response .view-lines';
      await page.locator(result).getByText('"displayName"').waitFor({ timeout: 20_000 });
      const shown = await textOf(result);
      expect(shown).toContain(`"displayName": ${JSON.stringify(displayName)}`);
      expect(shown).not.toContain('"errors"');
      expect(outside).toEqual([]);
      expect(problems).toEqual([]);
    }, 60_000);
  });
});

describe('the endpoint in production', () => {
  let gateway: FastifyInstance;
  beforeAll(async () => {
    gateway = await buildGatewayServer({
      env: {
        ...process.env,
        NODE_ENV: 'production',
        OMNIGRAPH_GATEWAY_SECRET: 'production-test-secret',
        OMNIGRAPH_OIDC_ISSUER: 'https://login.example.vn',
      },
    });
  });
  afterAll(() => gateway.close());

  it('answers a GET with no operation with a JSON GraphQL error, 400, and no explorer, landing page, server name or version', async () => {
    const versions = ['@apollo/server', '@apollo/gateway', 'fastify', 'graphql'].map(
      (name) =>
        (JSON.parse(readFileSync(join(__dirname, '../../node_modules', name, 'package.json'), 'utf8')) as { version: string }).version,
    );
    for (const accept of ['*/*', BROWSER_ACCEPT]) {
      const answer = await gateway.inject({ method: 'GET', url: '/graphql', headers: { accept } });
      expect(answer.statusCode).toBe(400);
      expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(answer.json()).toEqual({
        errors: [{ message: expect.stringMatching(/GraphQL endpoint/), extensions: { code: 'BAD_REQUEST' } }],
      });
      const everything = JSON.stringify(answer.headers) + answer.body;
      expect(everything).not.toMatch(/apollo|sandbox|graphiql|yoga|fastify/i);
      for (const version of versions) expect(everything).not.toContain(version);
    }
    expect((await gateway.inject({ method: 'GET', url: '/explorer/graphiql.js' })).statusCode).toBe(404);
  });
});
