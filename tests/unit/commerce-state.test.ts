import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { advisoryLockId } from '../../lib/locks';
import { CommerceState, openCommerceState } from '../../subgraphs/commerce/state';
import { contend } from '../support/locks';

/** The real server CI starts (.ci/run); these tests fail, never skip, when it is not there. */
const POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/test';
const POSTGRES_SCHEMA = `commerce_state_test_${process.pid}_${Date.now()}`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let sequence = 0;
/** Ids unique within the run, since the file and PostgreSQL stores are shared by every test of a backend. */
const uid = (prefix: string) => `${prefix}-${Date.now()}-${++sequence}`;

interface Backend {
  name: string;
  env: () => NodeJS.ProcessEnv;
  /** Whether a store opened again with the same settings still holds what was written. */
  durable: boolean;
  setUp: () => Promise<void>;
  tearDown: () => Promise<void>;
}

let sqliteDir = '';
const backends: Backend[] = [
  {
    name: 'SQLite in memory',
    env: () => ({ COMMERCE_STATE_FILE: ':memory:' }),
    durable: false,
    setUp: async () => {},
    tearDown: async () => {},
  },
  {
    name: 'SQLite file',
    // A directory that does not exist yet: opening creates it.
    env: () => ({ COMMERCE_STATE_FILE: path.join(sqliteDir, 'nested', 'commerce.sqlite') }),
    durable: true,
    setUp: async () => {
      sqliteDir = fs.mkdtempSync(path.join(os.tmpdir(), 'commerce-state-'));
    },
    tearDown: async () => fs.rmSync(sqliteDir, { recursive: true, force: true }),
  },
  {
    name: 'PostgreSQL',
    env: () => ({ COMMERCE_STATE_URL: POSTGRES_URL, COMMERCE_STATE_SCHEMA: POSTGRES_SCHEMA, COMMERCE_STATE_POOL_SIZE: '5' }),
    durable: true,
    setUp: async () => {
      // Fails the whole block with the connection error when the server is not reachable.
      await postgresAdmin(async () => {});
    },
    tearDown: () => postgresAdmin((client) => client.query(`DROP SCHEMA IF EXISTS "${POSTGRES_SCHEMA}" CASCADE`)),
  },
];

async function postgresAdmin(run: (client: Client) => Promise<unknown>): Promise<void> {
  const client = new Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    await run(client);
  } finally {
    await client.end();
  }
}

describe.each(backends)('commerce state on $name', (backend) => {
  const opened: CommerceState[] = [];
  const open = async () => {
    const state = await openCommerceState(backend.env());
    opened.push(state);
    return state;
  };
  let state: CommerceState;

  beforeAll(() => backend.setUp());
  beforeEach(async () => {
    state = await open();
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
  });
  afterAll(() => backend.tearDown());

  it('claims a key once, answers the stored response after completion, and forgets a released claim', async () => {
    const key = uid('checkout');
    expect(await state.claimIdempotencyKey('checkout', key, 'fp-1')).toEqual({ claimed: true });

    const again = await state.claimIdempotencyKey('checkout', key, 'fp-2');
    expect(again).toMatchObject({ claimed: false, record: { scope: 'checkout', key, fingerprint: 'fp-1', state: 'IN_PROGRESS' } });

    const response = { orderId: 'W-1001', lines: [{ sku: 'SKU-1', quantity: 2 }], note: null };
    await state.completeIdempotencyKey('checkout', key, response);
    const done = await state.idempotencyRecord('checkout', key);
    expect(done).toMatchObject({ fingerprint: 'fp-1', state: 'DONE', response });
    expect(Number.isNaN(Date.parse(done!.createdAt))).toBe(false);

    // A finished answer is not released: a retry still gets it.
    await state.releaseIdempotencyKey('checkout', key);
    expect(await state.claimIdempotencyKey('checkout', key, 'fp-1')).toMatchObject({ claimed: false, record: { state: 'DONE', response } });

    // The same key in another scope is another key.
    expect(await state.claimIdempotencyKey('return', key, 'fp-9')).toEqual({ claimed: true });

    const failed = uid('checkout');
    await state.claimIdempotencyKey('checkout', failed, 'fp-3');
    await state.releaseIdempotencyKey('checkout', failed);
    expect(await state.idempotencyRecord('checkout', failed)).toBeNull();
    expect(await state.claimIdempotencyKey('checkout', failed, 'fp-3')).toEqual({ claimed: true });

    await expect(state.completeIdempotencyKey('checkout', uid('never-claimed'), {})).rejects.toThrow('never claimed');
  });

  it('lets exactly one of 50 concurrent claims of a key win, and shows the others its fingerprint', async () => {
    const key = uid('place-order');
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => state.claimIdempotencyKey('checkout', key, `fp-${i}`)));
    const winners = results.flatMap((result, i) => (result.claimed ? [i] : []));
    expect(winners).toHaveLength(1);
    const stored = await state.idempotencyRecord('checkout', key);
    expect(stored?.fingerprint).toBe(`fp-${winners[0]}`);
    for (const result of results) {
      if (!result.claimed) expect(result.record.fingerprint).toBe(`fp-${winners[0]}`);
    }
  });

  it('keeps saga steps in the order first recorded, each with its latest status and data', async () => {
    const id = uid('saga');
    const input = { cartId: 'C-1', lines: [{ sku: 'SKU-1', quantity: 1 }] };
    await state.startSaga({ id, kind: 'checkout', input });
    await state.recordStep(id, 'reserve-stock', 'STARTED');
    await state.recordStep(id, 'reserve-stock', 'DONE', { reservation: 'R-77' });
    await state.recordStep(id, 'place-order', 'STARTED', { attempt: 1 });
    // Compensating without new data keeps what the step produced.
    await state.recordStep(id, 'reserve-stock', 'COMPENSATED');
    await state.recordStep(id, 'place-order', 'COMPENSATED', ['undone']);

    const running = await state.saga(id);
    expect(running).toMatchObject({ id, kind: 'checkout', input, status: 'RUNNING', result: null });
    expect(running!.steps.map(({ name, status, data }) => ({ name, status, data }))).toEqual([
      { name: 'reserve-stock', status: 'COMPENSATED', data: { reservation: 'R-77' } },
      { name: 'place-order', status: 'COMPENSATED', data: ['undone'] },
    ]);
    expect(Date.parse(running!.updatedAt)).toBeGreaterThanOrEqual(Date.parse(running!.createdAt));

    await state.finishSaga(id, 'COMPENSATED', { reason: 'INSUFFICIENT_STOCK' });
    expect(await state.saga(id)).toMatchObject({ status: 'COMPENSATED', result: { reason: 'INSUFFICIENT_STOCK' } });

    expect(await state.saga(uid('missing'))).toBeNull();
    await expect(state.recordStep(uid('missing'), 'reserve-stock', 'STARTED')).rejects.toThrow('unknown saga');
    await expect(state.finishSaga(uid('missing'), 'FAILED')).rejects.toThrow('unknown saga');
  });

  it('lists the sagas still running, oldest first, with their steps' + (backend.durable ? ', after a restart' : ''), async () => {
    const [first, finished, last] = [uid('saga-a'), uid('saga-b'), uid('saga-c')];
    for (const id of [first, finished, last]) {
      await state.startSaga({ id, kind: 'ship-from-store', input: { id } });
      await sleep(3);
    }
    await state.recordStep(first, 'reserve-stock', 'DONE', { reservation: 'R-1' });
    await state.recordStep(finished, 'reserve-stock', 'DONE');
    await state.finishSaga(finished, 'COMPLETED', { orderId: 'W-2' });
    const key = uid('checkout');
    await state.claimIdempotencyKey('checkout', key, 'fp-1');

    let after = state;
    if (backend.durable) {
      await state.close();
      opened.splice(opened.indexOf(state), 1);
      after = await open();
    }
    const ours = (await after.unfinishedSagas()).filter((saga) => [first, finished, last].includes(saga.id));
    expect(ours.map((saga) => saga.id)).toEqual([first, last]);
    expect(ours[0]).toMatchObject({ kind: 'ship-from-store', input: { id: first }, status: 'RUNNING' });
    expect(ours[0].steps).toMatchObject([{ name: 'reserve-stock', status: 'DONE', data: { reservation: 'R-1' } }]);
    expect(ours[1].steps).toEqual([]);
    expect(await after.saga(finished)).toMatchObject({ status: 'COMPLETED', result: { orderId: 'W-2' } });
    expect(await after.idempotencyRecord('checkout', key)).toMatchObject({ fingerprint: 'fp-1', state: 'IN_PROGRESS' });
  });

  it('never lets two holders of a lock interleave (20 concurrent workers)', async () => {
    const sku = uid('stock:SKU-1@S101');
    expect(await contend((_, work) => state.withLocks([sku], work))).toEqual({ counter: 20, mostInside: 1 });
  });

  it('takes several locks in one order whatever order they are asked in, and repeats do not block', async () => {
    const [a, b] = [uid('stock:A'), uid('stock:B')];
    const orders = [
      [a, b],
      [b, a],
      [b, a, b],
      [a, a],
    ];
    expect(await contend((i, work) => state.withLocks(orders[i % orders.length], work))).toEqual({ counter: 20, mostInside: 1 });
  });

  it('does not hold back work under other keys', async () => {
    // Each holder waits for the other to start: this only finishes if both hold their locks at once.
    let startedX!: () => void;
    let startedY!: () => void;
    const x = new Promise<void>((resolve) => (startedX = resolve));
    const y = new Promise<void>((resolve) => (startedY = resolve));
    const results = await Promise.all([
      state.withLocks([uid('stock:X')], async () => (startedX(), await y, 'x')),
      state.withLocks([uid('stock:Y')], async () => (startedY(), await x, 'y')),
    ]);
    expect(results).toEqual(['x', 'y']);
  });

  it('releases the locks when the work throws, and passes the error on', async () => {
    const sku = uid('stock:SKU-2@S102');
    await expect(
      state.withLocks([sku, 'other'], async () => {
        throw new Error('warehouse refused');
      }),
    ).rejects.toThrow('warehouse refused');
    await expect(state.withLocks([sku], async () => 'next holder')).resolves.toBe('next holder');
    await expect(state.withLocks(['other'], async () => 'other holder')).resolves.toBe('other holder');
  });
});

describe('commerce state shared by two replicas on PostgreSQL', () => {
  const env = { COMMERCE_STATE_URL: POSTGRES_URL, COMMERCE_STATE_SCHEMA: `${POSTGRES_SCHEMA}_replicas` };
  let replicas: CommerceState[] = [];

  beforeAll(async () => {
    // Two replicas starting at once both create the schema without tripping over each other.
    replicas = await Promise.all([openCommerceState(env), openCommerceState(env)]);
  });
  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.close()));
    await postgresAdmin((client) => client.query(`DROP SCHEMA IF EXISTS "${env.COMMERCE_STATE_SCHEMA}" CASCADE`));
  });

  it('excludes holders of a lock on different replicas (20 concurrent workers)', async () => {
    const sku = uid('stock:SKU-3@S103');
    expect(await contend((i, work) => replicas[i % 2].withLocks([sku], work))).toEqual({ counter: 20, mostInside: 1 });
  });

  it('waits for a holder of the key in another process (the advisory lock)', async () => {
    // Replicas in one process also queue on its in-process lock; a bare connection shares none of it.
    const sku = uid('stock:SKU-5@S105');
    await postgresAdmin(async (client) => {
      await client.query('SELECT pg_advisory_lock($1::bigint)', [advisoryLockId(sku)]);
      let entered = false;
      const taken = replicas[0].withLocks([sku], async () => ((entered = true), 'taken'));
      await sleep(200);
      expect(entered).toBe(false);
      await client.query('SELECT pg_advisory_unlock($1::bigint)', [advisoryLockId(sku)]);
      await expect(taken).resolves.toBe('taken');
    });
  });

  it('frees a lock for the other replica when the work throws', async () => {
    const sku = uid('stock:SKU-4@S104');
    await expect(replicas[0].withLocks([sku], () => Promise.reject(new Error('payment declined')))).rejects.toThrow('payment declined');
    await expect(replicas[1].withLocks([sku], async () => 'taken')).resolves.toBe('taken');
  });

  it('lets exactly one of 50 claims spread over both replicas win', async () => {
    const key = uid('place-order');
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => replicas[i % 2].claimIdempotencyKey('checkout', key, `fp-${i}`)),
    );
    expect(results.filter((result) => result.claimed)).toHaveLength(1);
  });

  it('refuses a schema name that is not a plain identifier', async () => {
    await expect(openCommerceState({ ...env, COMMERCE_STATE_SCHEMA: 'x"; DROP TABLE y; --' })).rejects.toThrow('not a plain identifier');
  });
});
