import { Client } from 'pg';
import { CommerceState, openCommerceState } from '../../subgraphs/commerce/state';
import { contend } from '../support/locks';

/**
 * Every state store of a process queues on one in-process lock (lib/locks.ts `processLocks`), so
 * subgraphs embedded in one process, each with its own store, never take the same stock at once.
 * Stores of different kinds too: a SQLite store and a PostgreSQL store share nothing but that lock.
 */

/** The real server CI starts (.ci/run); these tests fail, never skip, when it is not there. */
const POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/test';
const POSTGRES_SCHEMA = `process_locks_test_${process.pid}_${Date.now()}`;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
let sequence = 0;
const uid = (prefix: string) => `${prefix}-${Date.now()}-${++sequence}`;

const SQLITE = { COMMERCE_STATE_FILE: ':memory:' };
const POSTGRES = { COMMERCE_STATE_URL: POSTGRES_URL, COMMERCE_STATE_SCHEMA: POSTGRES_SCHEMA, COMMERCE_STATE_POOL_SIZE: '5' };

/** Work that logs when it goes in and out, and holds its locks until `release` is called. */
function holder(log: string[], name: string) {
  let release!: () => void;
  let entered!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const inside = new Promise<void>((resolve) => (entered = resolve));
  const work = async () => {
    log.push(`${name} in`);
    entered();
    await released;
    log.push(`${name} out`);
    return name;
  };
  return { work, inside, release };
}

describe.each([
  { pair: 'two SQLite stores', envs: [SQLITE, SQLITE] },
  { pair: 'a SQLite and a PostgreSQL store', envs: [SQLITE, POSTGRES] },
])('locks of $pair in one process', ({ envs }) => {
  let stores: CommerceState[] = [];

  beforeAll(async () => {
    stores = await Promise.all(envs.map((env) => openCommerceState(env)));
  });
  afterAll(async () => {
    await Promise.all(stores.map((store) => store.close()));
    if (envs.includes(POSTGRES)) {
      const client = new Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 5000 });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${POSTGRES_SCHEMA}" CASCADE`);
      await client.end();
    }
  });

  it.each([
    ['first', 0, 1],
    ['second', 1, 0],
  ])('lets a holder through the other store in only after the %s store lets go', async (_, one, other) => {
    const key = uid('stock:S101:SKU-1');
    const log: string[] = [];
    const [a, b] = [holder(log, 'a'), holder(log, 'b')];
    const first = stores[one].withLocks([key], a.work);
    await a.inside;
    const second = stores[other].withLocks([key], b.work);
    // Let in, b would go in and out at once: it must still be waiting for the key.
    b.release();
    try {
      await sleep(100);
      expect(log).toEqual(['a in']);
    } finally {
      a.release();
    }
    await expect(Promise.all([first, second])).resolves.toEqual(['a', 'b']);
    expect(log).toEqual(['a in', 'a out', 'b in', 'b out']);
  });

  it('never lets holders of one key interleave, whichever store each asks (20 concurrent workers)', async () => {
    const key = uid('stock:S102:SKU-2');
    expect(await contend((i, work) => stores[i % 2].withLocks([key], work))).toEqual({ counter: 20, mostInside: 1 });
  });

  it('holds back nobody on another key', async () => {
    const log: string[] = [];
    const [x, y] = [holder(log, 'x'), holder(log, 'y')];
    const both = Promise.all([
      stores[0].withLocks([uid('stock:S103:SKU-X')], x.work),
      stores[1].withLocks([uid('stock:S103:SKU-Y')], y.work),
    ]);
    // Both go in while neither has let go; held back, one would still be waiting when the time is up.
    let timer: NodeJS.Timeout | undefined;
    const timeUp = new Promise<string>((resolve) => (timer = setTimeout(() => resolve('one held back'), 5000)));
    const bothInside = Promise.all([x.inside, y.inside]).then(() => 'both inside');
    try {
      expect(await Promise.race([bothInside, timeUp])).toBe('both inside');
    } finally {
      clearTimeout(timer);
      x.release();
      y.release();
    }
    await expect(both).resolves.toEqual(['x', 'y']);
  });
});
