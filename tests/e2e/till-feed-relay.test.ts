import pino from 'pino';
import { TILL_FEED_LEASE } from '../../connectors/pos';
import { generateWorld } from '../../legacy/seed/world';
import { closeEventBus } from '../../lib/events';
import type { RunningSystem } from '../../scripts/system';
import {
  callsOver,
  oneReadersBounds,
  ringUpAndCount,
  startPosSharingTheFeed,
  startTillFollower,
  stopTheReader,
  type TillFollower,
} from '../support/relays';

/**
 * The till feed read once for the whole deployment (connectors/pos/feed-relay.ts): with replicas on
 * shared leases and NATS, the one holding the `pos.till-feed` lease reads the head office's feed on
 * the timer and the others book what it read; when it stops, another takes over.
 *
 * The followers here: the system's pos subgraph and two more, as a commerce and a marketplace
 * replica keep theirs, on the real POS stand-in, PostgreSQL and NATS.
 */
const POLL_MS = 300;
const WINDOW_MS = 3_000;
const quiet = pino({ level: 'silent' });

describe('the till feed read by one replica for all', () => {
  let world: ReturnType<typeof generateWorld>;
  let system: RunningSystem;
  const followers: TillFollower[] = [];

  /** The head office's feed reads over a window, and what one reader makes (a read per store a round). */
  const feedReads = () => callsOver(system.legacy.pos, 'readTransactionFeed', WINDOW_MS);
  const oneReader = () => oneReadersBounds(WINDOW_MS, POLL_MS, world.stores.length);

  let minute = 0;
  const ringUp = (sku: string, quantity: number) =>
    ringUpAndCount(system.env, followers, {
      retailStoreId: world.stores[0].retailStoreId,
      sku,
      quantity,
      ringUpAt: `${world.today}T11:${String(minute++).padStart(2, '0')}:00`,
    });

  beforeAll(async () => {
    world = generateWorld({ seed: 41, size: 'small' });
    system = await startPosSharingTheFeed(world, `tillfeed${process.pid}`, POLL_MS);
    for (let i = 0; i < 2; i += 1) followers.push(await startTillFollower(system.env, quiet));
  }, 120_000);

  afterAll(async () => {
    for (const one of followers) await one.stop();
    await system?.stop();
    await closeEventBus();
  });

  it('reads each store’s feed once a round for three followers, and every follower counts what the tills ring up', async () => {
    // One reader: a round every POLL_MS, one read per store; three readers would make three times that.
    const [least, most] = oneReader();
    const reads = await feedReads();
    expect(reads).toBeGreaterThanOrEqual(least);
    expect(reads).toBeLessThanOrEqual(most);

    const sale = await ringUp(world.products[0].sku, 2);
    expect(sale.counted).toEqual(sale.wanted);
  }, 60_000);

  it('moves the reading to another replica when the one reading stops', async () => {
    await stopTheReader(followers, TILL_FEED_LEASE, system.subgraphs.pos);
    const [least, most] = oneReader();
    const reads = await feedReads();
    expect(reads).toBeGreaterThanOrEqual(least);
    expect(reads).toBeLessThanOrEqual(most);

    const sale = await ringUp(world.products[1].sku, 3);
    expect(sale.counted).toEqual(sale.wanted);
  }, 60_000);
});
