import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { CommerceState, openCommerceState, PROFILE_SYSTEMS } from '../../subgraphs/commerce/state';

/** The profile outbox of the commerce state, on every backend (the real PostgreSQL CI starts: fails, never skips). */
const POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/test';
const POSTGRES_SCHEMA = `commerce_outbox_test_${process.pid}_${Date.now()}`;
let sqliteDir = '';
let sequence = 0;
const customer = () => `customer-${Date.now()}-${++sequence}`;
const at = (minutes: number) => new Date(Date.UTC(2026, 10, 20, 3, 30 + minutes));

const backends = [
  { name: 'SQLite in memory', env: (): NodeJS.ProcessEnv => ({ COMMERCE_STATE_FILE: ':memory:' }), durable: false },
  { name: 'SQLite file', env: (): NodeJS.ProcessEnv => ({ COMMERCE_STATE_FILE: path.join(sqliteDir, 'commerce.sqlite') }), durable: true },
  {
    name: 'PostgreSQL',
    env: (): NodeJS.ProcessEnv => ({
      COMMERCE_STATE_URL: POSTGRES_URL,
      COMMERCE_STATE_SCHEMA: POSTGRES_SCHEMA,
      COMMERCE_STATE_POOL_SIZE: '3',
    }),
    durable: true,
  },
];

beforeAll(() => {
  sqliteDir = fs.mkdtempSync(path.join(os.tmpdir(), 'commerce-outbox-'));
});
afterAll(async () => {
  fs.rmSync(sqliteDir, { recursive: true, force: true });
  const client = new Client({ connectionString: POSTGRES_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${POSTGRES_SCHEMA}" CASCADE`);
  await client.end();
});

describe.each(backends)('the profile outbox on $name', (backend) => {
  let state: CommerceState;
  beforeEach(async () => {
    state = await openCommerceState(backend.env());
  });
  afterEach(() => state.close());

  const record = (customerId: string, phone: string, minute: number) =>
    state.recordProfileChange({ customerId, change: { phone }, requestedBy: 'customer:1', at: at(minute), systems: PROFILE_SYSTEMS });

  it('records a change with one PENDING delivery per system, before anything is tried', async () => {
    const id = customer();
    const change = await record(id, '+84901234567', 0);
    expect(change).toMatchObject({ customerId: id, change: { phone: '+84901234567' }, requestedBy: 'customer:1' });
    expect(change.requestedAt).toBe(at(0).toISOString());
    expect(change.deliveries.map((d) => [d.system, d.status, d.attempts])).toEqual([
      ['CRM', 'PENDING', 0],
      ['OPEN_ORDERS', 'PENDING', 0],
      ['WEB_SHOP', 'PENDING', 0],
    ]);
  });

  it('hands out only the oldest pending change per customer and system, and only when due', async () => {
    const id = customer();
    const first = await record(id, '+84901111111', 0);
    const second = await record(id, '+84902222222', 1);
    expect(second.id).toBeGreaterThan(first.id);
    const due = (await state.dueProfileDeliveries(at(5), 1000)).filter((task) => task.customerId === id);
    expect(due.map((task) => `${task.changeId} ${task.system}`).sort()).toEqual([
      `${first.id} CRM`,
      `${first.id} OPEN_ORDERS`,
      `${first.id} WEB_SHOP`,
    ]);

    // The web shop is down: retried later, and the later change still waits behind it.
    await state.recordProfileAttempt(first.id, 'WEB_SHOP', {
      status: 'PENDING',
      at: at(5),
      errorCode: 'ECOMMERCE_UNAVAILABLE',
      reason: 'DOWN',
      nextAttemptAt: at(10),
    });
    await state.recordProfileAttempt(first.id, 'CRM', { status: 'APPLIED', at: at(5) });
    const soon = (await state.dueProfileDeliveries(at(6), 1000)).filter((task) => task.customerId === id);
    expect(soon.map((task) => [task.changeId, task.system])).toEqual(
      expect.arrayContaining([
        [second.id, 'CRM'],
        [first.id, 'OPEN_ORDERS'],
      ]),
    );
    expect(soon.some((task) => task.system === 'WEB_SHOP')).toBe(false);
    expect(await state.nextProfileDelivery(id, 'WEB_SHOP')).toMatchObject({
      changeId: first.id,
      attempts: 1,
      change: { phone: '+84901111111' },
    });

    const [latest, earlier] = await state.profileChanges(id, 10, 0);
    expect(latest.id).toBe(second.id);
    expect(earlier.deliveries.find((d) => d.system === 'WEB_SHOP')).toEqual({
      system: 'WEB_SHOP',
      status: 'PENDING',
      attempts: 1,
      lastErrorCode: 'ECOMMERCE_UNAVAILABLE',
      lastErrorReason: 'DOWN',
      lastAttemptAt: at(5).toISOString(),
      nextAttemptAt: at(10).toISOString(),
    });
    expect(earlier.deliveries.find((d) => d.system === 'CRM')).toMatchObject({ status: 'APPLIED', attempts: 1, lastErrorCode: null });

    // A failure that retrying cannot fix ends that delivery; the next change moves up.
    await state.recordProfileAttempt(first.id, 'WEB_SHOP', { status: 'FAILED', at: at(10), errorCode: 'EMAIL_TAKEN', reason: 'taken' });
    expect(await state.nextProfileDelivery(id, 'WEB_SHOP')).toMatchObject({ changeId: second.id });
    // A settled delivery is never moved again by a stale attempt.
    await state.recordProfileAttempt(first.id, 'WEB_SHOP', { status: 'APPLIED', at: at(11) });
    const [, again] = await state.profileChanges(id, 10, 0);
    expect(again.deliveries.find((d) => d.system === 'WEB_SHOP')).toMatchObject({
      status: 'FAILED',
      attempts: 2,
      lastErrorCode: 'EMAIL_TAKEN',
    });
    expect(await state.profileChanges(id, 1, 1)).toHaveLength(1);
  });

  if (backend.durable) {
    it('keeps the outbox across a restart', async () => {
      const id = customer();
      const change = await record(id, '+84903333333', 0);
      await state.close();
      state = await openCommerceState(backend.env());
      expect(await state.nextProfileDelivery(id, 'CRM')).toMatchObject({ changeId: change.id, change: { phone: '+84903333333' } });
    });
  }
});
