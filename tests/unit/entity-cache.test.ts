import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import pino from 'pino';
import { EntityCaches } from '../../lib/entity-cache';
import { closeEventBus, eventBus } from '../../lib/events';

const REDIS_URL = 'redis://127.0.0.1:6379';
const log = pino({ level: 'silent' });

interface Product {
  sku: string;
  price: string;
}

/** A legacy read that answers the SKUs it is asked for, except those it does not know, and counts what it was asked. */
function legacy(unknown: string[] = []) {
  const asked: string[][] = [];
  const read = async (skus: string[]) => {
    asked.push(skus);
    return new Map(skus.filter((sku) => !unknown.includes(sku)).map((sku) => [sku, { sku, price: `${sku}-price` }]));
  };
  return { asked, read };
}

describe('the entity cache in process', () => {
  let now: number;
  let caches: EntityCaches;
  beforeEach(() => {
    now = 1_000_000;
    caches = EntityCaches.fromEnv({}, log, () => now);
  });
  afterEach(() => caches.close());

  it('serves an entry for its type’s lifetime, on the clock it is given, then reads again', async () => {
    const products = caches.cache<Product>('product', 5_000);
    const stock = caches.cache<number>('stock', 1_000);
    await products.setMany([['A', { sku: 'A', price: '1' }]]);
    await stock.setMany([['A', 7]]);
    now += 999;
    expect((await products.getMany(['A'])).hits.get('A')).toEqual({ sku: 'A', price: '1' });
    expect((await stock.getMany(['A'])).hits.get('A')).toBe(7);
    now += 1;
    expect(await stock.getMany(['A'])).toEqual({ hits: new Map(), misses: ['A'] });
    now += 3_999;
    expect((await products.getMany(['A'])).hits.size).toBe(1);
    now += 1;
    expect((await products.getMany(['A'])).misses).toEqual(['A']);
  });

  it('keeps types apart: the same id under two types is two entries', async () => {
    await caches.cache<string>('product', 5_000).setMany([['A', 'a product']]);
    expect((await caches.cache<string>('stock', 5_000).getMany(['A'])).misses).toEqual(['A']);
  });

  it('reads only the misses, and caches nothing for an id the legacy system did not answer', async () => {
    const products = caches.cache<Product>('product', 5_000);
    const { asked, read } = legacy(['GONE']);
    expect([...(await products.readThrough(['A', 'B', 'GONE'], read)).keys()].sort()).toEqual(['A', 'B']);
    const again = await products.readThrough(['A', 'C', 'GONE', 'A'], read);
    expect(again.get('A')).toEqual({ sku: 'A', price: 'A-price' });
    expect(asked).toEqual([
      ['A', 'B', 'GONE'],
      ['C', 'GONE'],
    ]);
  });

  it('hands out copies: a caller that changes what it got does not change the cache', async () => {
    const products = caches.cache<Product>('product', 5_000);
    await products.setMany([['A', { sku: 'A', price: '1' }]]);
    (await products.getMany(['A'])).hits.get('A')!.price = 'changed';
    expect((await products.getMany(['A'])).hits.get('A')!.price).toBe('1');
  });

  it('drops what is invalidated, and does not store a read that was under way when it was', async () => {
    const products = caches.cache<Product>('product', 5_000);
    const { read } = legacy();
    await products.readThrough(['A'], read);
    await products.invalidate(['A']);
    expect((await products.getMany(['A'])).misses).toEqual(['A']);

    let release: () => void = () => undefined;
    const slow = products.readThrough(['A', 'B'], async (skus) => {
      await new Promise<void>((resolve) => (release = resolve));
      return read(skus);
    });
    await new Promise((resolve) => setImmediate(resolve));
    // The price changed while the read was on its way: its answer may be the old one.
    await products.invalidate(['A']);
    release();
    expect([...(await slow).keys()]).toEqual(['A', 'B']);
    expect(await products.getMany(['A', 'B'])).toEqual({ hits: new Map([['B', { sku: 'B', price: 'B-price' }]]), misses: ['A'] });
  });

  it('is off with a lifetime of 0: every read goes to the legacy system', async () => {
    const products = caches.cache<Product>('product', 0);
    const { asked, read } = legacy();
    await products.readThrough(['A'], read);
    await products.readThrough(['A'], read);
    expect(asked).toEqual([['A'], ['A']]);
  });

  it('drops the ids the events it follows name', async () => {
    const products = caches.cache<Product>('product', 5_000);
    caches.invalidateOn('catalogue.product.*', (event) => [String(event.data.sku)], [products]);
    await products.setMany([
      ['A', { sku: 'A', price: '1' }],
      ['B', { sku: 'B', price: '2' }],
    ]);
    try {
      await (await eventBus({})).publish('catalogue.product.A', { sku: 'A' });
      expect(await products.getMany(['A', 'B'])).toEqual({ hits: new Map([['B', { sku: 'B', price: '2' }]]), misses: ['A'] });
    } finally {
      await closeEventBus();
    }
  });
});

describe('the entity cache in Redis', () => {
  const prefix = `omnigraph-test:entity-cache:${randomUUID()}`;
  const env = { ENTITY_CACHE_REDIS_URL: REDIS_URL, ENTITY_CACHE_KEY_PREFIX: prefix };
  afterAll(async () => {
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  it('is shared by replicas: one’s fill is the other’s hit, one’s invalidation drops it for both, and Redis keeps the lifetime', async () => {
    const [one, two] = [EntityCaches.fromEnv(env, log), EntityCaches.fromEnv(env, log)];
    await Promise.all([one.ready, two.ready]);
    try {
      const [first, second] = [one.cache<Product>('product', 60_000), two.cache<Product>('product', 60_000)];
      const { asked, read } = legacy();
      await first.readThrough(['A', 'B'], read);
      expect((await second.readThrough(['A', 'B'], read)).get('B')).toEqual({ sku: 'B', price: 'B-price' });
      expect(asked).toEqual([['A', 'B']]);
      const redis = new Redis(REDIS_URL);
      const ttl = await redis.pttl(`${prefix}:product:A`);
      redis.disconnect();
      expect(ttl).toBeGreaterThan(50_000);
      expect(ttl).toBeLessThanOrEqual(60_000);
      await second.invalidate(['A']);
      expect((await first.getMany(['A', 'B'])).misses).toEqual(['A']);
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
  });

  it('answers from the legacy system, without an error, while Redis cannot be reached', async () => {
    const down = EntityCaches.fromEnv({ ENTITY_CACHE_REDIS_URL: 'redis://127.0.0.1:1' }, log);
    await down.ready;
    try {
      const products = down.cache<Product>('product', 60_000);
      const { asked, read } = legacy();
      expect((await products.readThrough(['A'], read)).get('A')).toEqual({ sku: 'A', price: 'A-price' });
      await products.invalidate(['A']);
      expect((await products.readThrough(['A'], read)).get('A')).toEqual({ sku: 'A', price: 'A-price' });
      expect(asked).toEqual([['A'], ['A']]);
    } finally {
      await down.close();
    }
  });
});
