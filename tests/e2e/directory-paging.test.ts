import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CrmClient, FIRST_CUSTOMER_PARTNER_ID } from '../../connectors/crm';
import { EcommerceClient } from '../../connectors/ecommerce';
import { generateWorld } from '../../legacy/seed/world';
import { LegacyHttp } from '../../lib/http';
import { RunningSystem, startSystem } from '../../scripts/system';
import { crmCall } from '../support/crm-calls';
import { QUIET_FOLLOWERS } from '../support/quiet-marketplace';

/**
 * Identity's directory reads every customer of the CRM and the web shop in pages, while staff and
 * shoppers keep saving them. A record saved while the pages before it are read moves to the end of
 * the write-date order; a read by offset would then skip the record behind it for good (the store
 * keeps the mark past it). These reads go on from the last row read instead: nothing is skipped.
 */
const PAGE = 40;

/** A pass-through to `target` that runs `between` once, after answering the first page of a whole read. */
function proxy(target: string, isFirstPage: (path: string, body: string) => boolean, between: () => Promise<void>) {
  let done = false;
  const server: Server = createServer((incoming: IncomingMessage, outgoing) => {
    let body = '';
    incoming.on('data', (chunk: Buffer) => (body += chunk.toString()));
    incoming.on('end', () => {
      const url = new URL(incoming.url ?? '/', target);
      const forwarded = httpRequest(url, { method: incoming.method, headers: incoming.headers }, (answer) => {
        let text = '';
        answer.on('data', (chunk: Buffer) => (text += chunk.toString()));
        answer.on('end', () => {
          const run = !done && isFirstPage(incoming.url ?? '', body) ? ((done = true), between()) : Promise.resolve();
          void run.then(() => outgoing.writeHead(answer.statusCode ?? 502, answer.headers).end(text));
        });
      });
      forwarded.end(body);
    });
  });
  return {
    start: () =>
      new Promise<string>((ready) =>
        server.listen(0, '127.0.0.1', () => ready(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
      ),
    stop: () => new Promise<void>((stopped) => server.close(() => stopped())),
  };
}

describe('the directory’s whole reads while records are saved', () => {
  let system: RunningSystem;

  beforeAll(async () => {
    system = await startSystem({ world: generateWorld({ seed: 11, size: 'small' }), env: { LOG_LEVEL: 'silent', ...QUIET_FOLLOWERS } });
  }, 120_000);
  afterAll(() => system?.stop());

  it('reads every CRM partner once though one on the first page is saved before the second is read', async () => {
    const crmUrl = system.legacyUrls.crm;
    const customers = [
      ['id', '>=', FIRST_CUSTOMER_PARTNER_ID],
      ['active', 'in', [true, false]],
    ];
    const ids = await crmCall<number[]>(crmUrl, 'res.partner', 'search', [customers]);
    const firstPage = (
      await crmCall<{ id: number }[]>(crmUrl, 'res.partner', 'search_read', [customers, ['id'], 0, PAGE, 'write_date asc, id asc'])
    ).map((row) => row.id);
    const through = proxy(
      crmUrl,
      (_path, body) => body.includes('"res.partner"') && body.includes('search_read') && !body.includes('"|"'),
      // An agent saves the first page's first partner: it moves to the end of the write-date order.
      () => crmCall(crmUrl, 'res.partner', 'write', [[firstPage[0]], { city: 'Đà Nẵng' }]).then(() => undefined),
    );
    const url = await through.start();
    try {
      const crm = new CrmClient(
        new LegacyHttp({ system: 'crm', baseURL: url }),
        { database: 'retail', login: 'omnigraph', apiKey: 'crm-dev-key' },
        { pageSize: PAGE },
      );
      const { partners } = await crm.customersChangedSince(null);
      const read = new Set(partners.map((partner) => partner.id));
      expect(ids.length).toBeGreaterThan(PAGE * 2);
      expect(ids.filter((id) => !read.has(id))).toEqual([]);
      // Read twice, as it was and as saved: the later version comes last.
      expect(
        partners
          .filter((partner) => partner.id === firstPage[0])
          .map((partner) => partner.address.city)
          .at(-1),
      ).toBe('Đà Nẵng');
    } finally {
      await through.stop();
    }
  });

  it('reads every web account once though one on the first page is saved before the second is read', async () => {
    const shopRoot = system.legacyUrls.ecommerce;
    const shopUrl = `${shopRoot}/rest/V1`;
    const headers = { Authorization: `Bearer ${system.env.ECOMMERCE_INTEGRATION_TOKEN ?? 'ecommerce-dev-token'}` };
    const direct = new EcommerceClient(new LegacyHttp({ system: 'ecommerce', baseURL: shopUrl, headers }), PAGE);
    const before = await direct.customersChangedSince(null);
    expect(before.length).toBeGreaterThan(PAGE * 2);
    const first = before[0];
    const through = proxy(
      shopRoot,
      (path) => path.includes('/customers/search') && !decodeURIComponent(path).includes('filter_groups'),
      // The shopper changes her phone: her account moves to the end of the update order.
      () => direct.updateAccount(first.id, { phone: '+84909999111' }),
    );
    const url = await through.start();
    try {
      const shop = new EcommerceClient(new LegacyHttp({ system: 'ecommerce', baseURL: `${url}/rest/V1`, headers }), PAGE);
      const accounts = await shop.customersChangedSince(null);
      const read = new Set(accounts.map((account) => account.id));
      expect(before.filter((account) => !read.has(account.id)).map((account) => account.id)).toEqual([]);
      // Read twice, as it was and as saved: the later version comes last.
      expect(accounts.filter((account) => account.id === first.id).at(-1)?.phones).toContain('+84909999111');
    } finally {
      await through.stop();
    }
  });
});
