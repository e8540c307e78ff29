import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { generateWorld } from '../../legacy/seed/world';
import { closeEventBus } from '../../lib/events';
import type { RunningSystem } from '../../scripts/system';
import {
  callsOver,
  oneReadersBounds,
  ringUpAndCount,
  startPosSharingTheFeed,
  startTillFollower,
  type TillFollower,
} from '../support/relays';

/**
 * A broker outage costs the till feed more reads, never a replica that cannot start or stops
 * counting (lib/feed-relay.ts): a follower that cannot hear the replica reading the feed reads it
 * alone, and goes back to hearing it once the broker answers. On the real POS stand-in, PostgreSQL
 * leases, and a NATS server of this test's own, stopped and started again.
 */
const POLL_MS = 300;
const WINDOW_MS = 3_000;
const quiet = pino({ level: 'silent' });

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe('the till feed when the broker is down', () => {
  let world: ReturnType<typeof generateWorld>;
  let system: RunningSystem;
  let broker: ChildProcess | null = null;
  let port = 0;
  let store = '';
  const followers: TillFollower[] = [];

  /** NATS with JetStream on this test's port, its stream kept in `store` across restarts. */
  const startBroker = async () => {
    broker = spawn('nats-server', ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', store], { stdio: 'ignore' });
    for (let i = 0; i < 50; i += 1) {
      const up = await new Promise<boolean>((resolve) => {
        const socket = createServer().listen(port, '127.0.0.1');
        socket.once('listening', () => socket.close(() => resolve(false)));
        socket.once('error', () => resolve(true));
      });
      if (up) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('nats-server did not start');
  };
  const stopBroker = async () => {
    const stopping = broker;
    broker = null;
    if (!stopping || stopping.exitCode !== null) return;
    const exited = new Promise((resolve) => stopping.once('exit', resolve));
    stopping.kill('SIGKILL');
    await exited;
  };

  let minute = 0;
  const ringUp = (sku: string, quantity: number) =>
    ringUpAndCount(system.env, followers, {
      retailStoreId: world.stores[0].retailStoreId,
      sku,
      quantity,
      ringUpAt: `${world.today}T12:${String(minute++).padStart(2, '0')}:00`,
    });
  const feedReads = () => callsOver(system.legacy.pos, 'readTransactionFeed', WINDOW_MS);

  beforeAll(async () => {
    port = await freePort();
    store = mkdtempSync(join(tmpdir(), 'nats-till-feed-'));
    await startBroker();
    world = generateWorld({ seed: 43, size: 'small' });
    // The system's pos subgraph starts first and takes the `pos.till-feed` lease.
    system = await startPosSharingTheFeed(world, `tillbroker${process.pid}`, POLL_MS, { EVENTS_NATS_URL: `nats://127.0.0.1:${port}` });
  }, 120_000);

  afterAll(async () => {
    for (const one of followers) await one.stop();
    await system?.stop();
    await closeEventBus();
    await stopBroker();
    rmSync(store, { recursive: true, force: true });
  });

  it('starts a follower while the broker is down, which reads the feed alone and counts what the tills ring up', async () => {
    await stopBroker();
    followers.push(await startTillFollower(system.env, quiet));
    const sale = await ringUp(world.products[0].sku, 2);
    expect(sale.counted).toEqual(sale.wanted);
  }, 60_000);

  it('hears the reading replica again once the broker is back: one reader for both, and the follower still counts', async () => {
    await startBroker();
    // Until the follower hears again it reads too (two readers); once it does, one reader's reads.
    const [least, most] = oneReadersBounds(WINDOW_MS, POLL_MS, world.stores.length);
    let reads = await feedReads();
    for (let i = 0; i < 5 && reads > most; i += 1) reads = await feedReads();
    expect(reads).toBeGreaterThanOrEqual(least);
    expect(reads).toBeLessThanOrEqual(most);

    const sale = await ringUp(world.products[1].sku, 3);
    expect(sale.counted).toEqual(sale.wanted);
  }, 60_000);

  it('reads alone again when it loses the broker, and still counts what the tills ring up', async () => {
    await stopBroker();
    const sale = await ringUp(world.products[2].sku, 1);
    expect(sale.counted).toEqual(sale.wanted);
  }, 60_000);
});
