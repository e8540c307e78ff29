import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import pino from 'pino';
import { advisoryLockId } from '../../lib/locks';
import { openCommerceState } from '../../subgraphs/commerce/state';
import { openMarketplaceState, type MarketplaceState } from '../../subgraphs/marketplace/state';

/**
 * The marketplace subgraph's own state: its go-live, set once by the first start and kept, and the
 * locks its stock decisions take, the same keys as commerce's: in one process always, and across
 * processes through PostgreSQL's advisory locks when both keep their state in the same database.
 */
const POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/test';
const SCHEMA = `marketplace_state_test_${process.pid}_${Date.now()}`;
const log = pino({ level: 'silent' });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function admin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

describe('the marketplace subgraph’s state', () => {
  it('keeps the first start’s go-live in its file: a restart does not move it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'marketplace-state-'));
    const env = { MARKETPLACE_STATE_FILE: path.join(dir, 'marketplace-state.sqlite') };
    const first = await openMarketplaceState(env, log);
    expect(await first.goLive('2026-12-01T00:00:00.000Z')).toBe('2026-12-01T00:00:00.000Z');
    await first.close();
    const again = await openMarketplaceState(env, log);
    expect(await again.goLive('2026-12-05T00:00:00.000Z')).toBe('2026-12-01T00:00:00.000Z');
    await again.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps its file beside the stand-in’s data, never in it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'marketplace-data-'));
    const state = await openMarketplaceState({ LEGACY_DATA_DIR: dir }, log);
    await state.goLive('2026-12-01T00:00:00.000Z');
    await state.close();
    expect(fs.readdirSync(dir).filter((file) => file.endsWith('.sqlite'))).toEqual(['marketplace-state.sqlite']);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  describe('in PostgreSQL, beside commerce’s', () => {
    const env = { MARKETPLACE_STATE_URL: POSTGRES_URL, MARKETPLACE_STATE_SCHEMA: SCHEMA };
    let replicas: MarketplaceState[];

    beforeAll(async () => {
      // Two replicas starting at once both create the schema without tripping over each other.
      replicas = await Promise.all([openMarketplaceState(env, log), openMarketplaceState(env, log)]);
    });
    afterAll(async () => {
      await Promise.all(replicas.map((replica) => replica.close()));
      await admin((client) => client.query(`DROP SCHEMA IF EXISTS "${SCHEMA}" CASCADE`));
    });

    it('has one go-live for every replica: the first to start sets it', async () => {
      const [a, b] = await Promise.all([replicas[0].goLive('2026-12-02T00:00:00.000Z'), replicas[1].goLive('2026-12-03T00:00:00.000Z')]);
      expect(a).toBe(b);
    });

    it('waits for a stock lock held in another process, as commerce’s checkouts wait for it', async () => {
      const key = `stock:S101:SKU-${Date.now()}`;
      await admin(async (client) => {
        await client.query('SELECT pg_advisory_lock($1::bigint)', [advisoryLockId(key)]);
        let entered = false;
        const taken = replicas[0].withLocks([key], async () => ((entered = true), 'taken'));
        await sleep(200);
        expect(entered).toBe(false);
        await client.query('SELECT pg_advisory_unlock($1::bigint)', [advisoryLockId(key)]);
        await expect(taken).resolves.toBe('taken');
      });
    });

    it('holds its lock against commerce’s state in the same database', async () => {
      const commerce = await openCommerceState({ COMMERCE_STATE_URL: POSTGRES_URL, COMMERCE_STATE_SCHEMA: SCHEMA });
      try {
        const key = `stock:S102:SKU-${Date.now()}`;
        const order: string[] = [];
        let release!: () => void;
        const held = new Promise<void>((resolve) => (release = resolve));
        const marketplace = replicas[1].withLocks([key], async () => {
          order.push('marketplace in');
          await held;
          order.push('marketplace out');
        });
        await sleep(50);
        const checkout = commerce.withLocks([key], async () => void order.push('commerce'));
        await sleep(200);
        release();
        await Promise.all([marketplace, checkout]);
        expect(order).toEqual(['marketplace in', 'marketplace out', 'commerce']);
      } finally {
        await commerce.close();
      }
    });
  });
});
