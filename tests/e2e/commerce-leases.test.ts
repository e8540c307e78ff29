import type { FastifyInstance } from 'fastify';
import { Client } from 'pg';
import { generateWorld } from '../../legacy/seed/world';
import { RunningSystem, startSystem } from '../../scripts/system';
import { SUBGRAPH_SERVICES } from '../../subgraphs/services';
import { QUIET_FOLLOWERS } from '../support/quiet-marketplace';

/**
 * Commerce's follower of the web shop's order changes (loyalty earning, order status events) is one
 * replica's at a time when the replicas share FEED_LEASES_URL: two replicas read the shop's orders as
 * often as one, and when the one following stops, the other takes over.
 */
const STATE_URL = 'postgres://postgres@127.0.0.1:5432/test';
const SCHEMA = `commerce_leases_${process.pid}_${Date.now()}`;
const FOLLOW_MS = 300;
const WINDOW_MS = 3_000;
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

describe('commerce replicas on shared feed leases', () => {
  let system: RunningSystem;
  const replicas: FastifyInstance[] = [];

  /** The web shop's order searches over one window: the follower makes one a round. */
  const orderSearchesOver = async (ms: number) => {
    const calls = () => system.legacy.ecommerce.legacy.calls.snapshot().byOperation['orders.list'] ?? 0;
    const before = calls();
    await sleep(ms);
    return calls() - before;
  };

  beforeAll(async () => {
    system = await startSystem({
      world: generateWorld({ seed: 31, size: 'small' }),
      env: {
        LOG_LEVEL: 'silent',
        ...QUIET_FOLLOWERS,
        COMMERCE_STATE_URL: STATE_URL,
        COMMERCE_STATE_SCHEMA: SCHEMA,
        FEED_LEASES_URL: STATE_URL,
        FEED_LEASES_RETRY_MS: '200',
        // Its leases apart from any other run's on the same database.
        EVENTS_NAMESPACE: `leases${process.pid}`,
      },
    });
    // Two more replicas of commerce on the system's state and leases, following the shop's orders
    // (the system's own commerce does not: its follower is off).
    for (let i = 0; i < 2; i += 1)
      replicas.push(await SUBGRAPH_SERVICES.commerce({ ...system.env, COMMERCE_LOYALTY_FOLLOW_MS: String(FOLLOW_MS) }));
  }, 120_000);

  afterAll(async () => {
    for (const replica of replicas) await replica.close();
    await system?.stop();
    const client = new Client({ connectionString: STATE_URL });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${SCHEMA}" CASCADE`);
    await client.end();
  });

  it('reads the web shop’s order changes from one replica at a time, and from the other once the first stops', async () => {
    // Both replicas running: one round every FOLLOW_MS, about ten in the window, not twenty.
    const both = await orderSearchesOver(WINDOW_MS);
    expect(both).toBeGreaterThanOrEqual(3);
    expect(both).toBeLessThanOrEqual(WINDOW_MS / FOLLOW_MS + 3);

    // Whichever leads, stopping both in turn leaves the other following, then none.
    await replicas.shift()!.close();
    await sleep(1_000);
    const survivor = await orderSearchesOver(WINDOW_MS);
    expect(survivor).toBeGreaterThanOrEqual(3);
    expect(survivor).toBeLessThanOrEqual(WINDOW_MS / FOLLOW_MS + 3);

    await replicas.shift()!.close();
    await sleep(1_000);
    expect(await orderSearchesOver(1_000)).toBe(0);
  }, 60_000);
});
