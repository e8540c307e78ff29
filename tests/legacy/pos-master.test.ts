import { XMLParser } from 'fast-xml-parser';
import type { FastifyInstance } from 'fastify';
import { adminHeaders } from '../../legacy/kit/admin';
import { openDatabase } from '../../legacy/kit/db';
import type { StandInOptions } from '../../legacy/kit/options';
import { buildApp } from '../../legacy/pos/app';
import { createSchema, loadWorld } from '../../legacy/pos/store';
import type { World } from '../../legacy/seed/model';
import { generateWorld } from '../../legacy/seed/world';

/** Master data, stock counts, auth, faults and call counting of the POS head office. */

const API_KEY = { 'x-api-key': 'pos-dev-key' };
const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  isArray: (name) => ['Store', 'StockCount', 'Day'].includes(name),
});
const localTime = (instant: Date) => new Date(instant.getTime() + 7 * 3_600_000).toISOString().slice(0, 19);

let world: World;
let app: FastifyInstance;

function build(options: Partial<StandInOptions> = {}): FastifyInstance {
  const db = openDatabase(':memory:');
  createSchema(db);
  loadWorld(db, world);
  return buildApp({ db, env: {}, clock: () => world.now, ...options });
}

async function get(url: string, headers: Record<string, string> = API_KEY) {
  const response = await app.inject({ method: 'GET', url, headers });
  return { status: response.statusCode, headers: response.headers, body: response.body, doc: xml.parse(response.body) };
}

beforeAll(() => {
  world = generateWorld({ seed: 7, size: 'small' });
});

beforeEach(() => {
  app = build();
});

afterEach(() => app.close());

describe('stores', () => {
  it('lists every store with address, position, tills and opening hours', async () => {
    const { status, headers, doc } = await get('/poslog/v1/stores');
    expect(status).toBe(200);
    expect(headers['content-type']).toMatch(/^application\/xml/);
    const stores = doc.Stores.Store;
    expect(stores.map((s: { RetailStoreID: string }) => s.RetailStoreID)).toEqual(world.stores.map((s) => s.retailStoreId));
    const first = world.stores[0];
    expect(stores[0]).toMatchObject({
      Name: first.name,
      Address: { Street: first.street, District: first.district, City: first.city },
      WorkstationCount: String(first.workstations),
    });
    expect(Number(stores[0].Latitude)).toBeCloseTo(first.latitude, 6);
    expect(Number(stores[0].Longitude)).toBeCloseTo(first.longitude, 6);
  });

  it('answers one store with its opening hours per weekday', async () => {
    const store = world.stores[2];
    const { status, doc } = await get(`/poslog/v1/stores/${store.retailStoreId}`);
    expect(status).toBe(200);
    const [answer] = doc.Store;
    expect(answer.RetailStoreID).toBe(store.retailStoreId);
    const days = answer.OperatingHours.Day;
    expect(days).toHaveLength(7);
    const sunday = store.openingHours.find((h) => h.weekday === 0)!;
    expect(days[0]).toEqual({ DayOfWeek: 'Sunday', OpenTime: sunday.opens, CloseTime: sunday.closes });
  });

  it('refuses an unknown store with a 404 XML error', async () => {
    const { status, doc } = await get('/poslog/v1/stores/999');
    expect(status).toBe(404);
    expect(doc.Error.Code).toBe('StoreNotFound');
    expect(doc.Error.Message).toContain('999');
  });
});

describe('stock counts', () => {
  const store = () => world.stores[0];
  const countsOf = (retailStoreId: string) => world.pos.stockCounts.filter((c) => c.retailStoreId === retailStoreId);

  it('answers the last physical count of the named SKUs in store-local time', async () => {
    const [a, b] = countsOf(store().retailStoreId);
    const { status, doc } = await get(`/poslog/v1/stores/${store().retailStoreId}/stock-counts?sku=${a.sku}&sku=${b.sku}&sku=NO-SUCH-SKU`);
    expect(status).toBe(200);
    const counts = doc.StockCounts.StockCount;
    expect(counts).toHaveLength(2);
    const first = counts.find((c: { ItemID: string }) => c.ItemID === a.sku);
    expect(first).toMatchObject({ Quantity: String(a.quantity), CountedAt: localTime(a.countedAt) });
    expect(first.POSIdentity.POSItemID).toBe(world.products.find((p) => p.sku === a.sku)!.gtin);
  });

  it('answers every count of the store when no SKU is named', async () => {
    const { doc } = await get(`/poslog/v1/stores/${store().retailStoreId}/stock-counts`);
    const skus = doc.StockCounts.StockCount.map((c: { ItemID: string }) => c.ItemID);
    expect(skus.sort()).toEqual(
      countsOf(store().retailStoreId)
        .map((c) => c.sku)
        .sort(),
    );
  });

  it('does not move with sales: counts are periodic, not real time', async () => {
    const sold = world.pos.transactions.find((t) => t.businessDay === world.today && t.kind === 'Sale')!;
    const count = world.pos.stockCounts.find((c) => c.retailStoreId === sold.retailStoreId && c.sku === sold.lines[0].sku)!;
    const { doc } = await get(`/poslog/v1/stores/${sold.retailStoreId}/stock-counts?sku=${count.sku}`);
    expect(doc.StockCounts.StockCount[0].Quantity).toBe(String(count.quantity));
  });

  it('refuses an unknown store and a blank sku', async () => {
    expect((await get('/poslog/v1/stores/999/stock-counts')).doc.Error.Code).toBe('StoreNotFound');
    const blank = await get(`/poslog/v1/stores/${store().retailStoreId}/stock-counts?sku=`);
    expect(blank.status).toBe(400);
    expect(blank.doc.Error.Code).toBe('InvalidParameter');
  });
});

describe('authentication', () => {
  it('refuses a call without X-Api-Key', async () => {
    const { status, doc } = await get('/poslog/v1/stores', {});
    expect(status).toBe(401);
    expect(doc.Error).toEqual({ Code: 'Unauthorized', Message: 'The X-Api-Key header is required' });
  });

  it('refuses a wrong key', async () => {
    const { status, doc } = await get('/poslog/v1/stores', { 'x-api-key': 'guess' });
    expect(status).toBe(401);
    expect(doc.Error.Code).toBe('Unauthorized');
  });

  it('takes its key from POS_API_KEY', async () => {
    await app.close();
    app = build({ env: { POS_API_KEY: 'store-secret' } });
    expect((await get('/poslog/v1/stores', { 'x-api-key': 'store-secret' })).status).toBe(200);
    expect((await get('/poslog/v1/stores')).status).toBe(401);
  });

  it('answers unknown paths with an XML 404', async () => {
    const { status, doc } = await get('/poslog/v2/stores');
    expect(status).toBe(404);
    expect(doc.Error.Code).toBe('NotFound');
  });
});

describe('faults in the head office dialect', () => {
  it('answers an injected error as a 500 XML error', async () => {
    await app.inject({ method: 'PUT', url: '/__admin/knobs', headers: adminHeaders({}), payload: { errorRate: 1 } });
    const { status, doc } = await get('/poslog/v1/stores');
    expect(status).toBe(500);
    expect(doc.Error.Code).toBe('InternalError');
  });

  it('answers "down" with the proxy\'s HTML 503 page, not XML', async () => {
    await app.close();
    app = build({ knobs: { down: true } });
    const { status, headers, body } = await get('/poslog/v1/stores');
    expect(status).toBe(503);
    expect(headers['content-type']).toMatch(/^text\/html/);
    expect(body).toContain('503 Service Temporarily Unavailable');
  });

  it('reads its knobs from POS_* variables', async () => {
    await app.close();
    app = build({ env: { POS_DOWN: 'true' } });
    expect((await get('/poslog/v1/stores')).status).toBe(503);
  });

  it('rate-limits with 429 and Retry-After', async () => {
    await app.close();
    app = build({ knobs: { rateLimitPerSecond: 1 } });
    expect((await get('/poslog/v1/stores')).status).toBe(200);
    const { status, headers, doc } = await get('/poslog/v1/stores');
    expect(status).toBe(429);
    expect(headers['retry-after']).toBe('1');
    expect(doc.Error.Code).toBe('TooManyRequests');
  });
});

describe('call counting', () => {
  it('counts calls by operation, rejected ones included', async () => {
    await get('/poslog/v1/stores');
    await get('/poslog/v1/stores/101');
    await get('/poslog/v1/stores/101/stock-counts');
    await get('/poslog/v1/stores/101/transactions');
    await get('/poslog/v1/stores/101/transactions', {});
    await get('/poslog/v1/transactions?loyaltyCard=1');
    const calls = (await app.inject({ method: 'GET', url: '/__admin/calls', headers: adminHeaders({}) })).json();
    expect(calls).toEqual({
      system: 'pos',
      total: 6,
      byOperation: { getStockCounts: 1, getStore: 1, listStores: 1, lookupCustomerTransactions: 1, readTransactionFeed: 2 },
    });
  });
});
