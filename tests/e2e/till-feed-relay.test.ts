import pino from 'pino';
import { feedRelayFromEnv, PosClient, SalesFeed, salesFeedOptionsFromEnv, StoreDirectory, TILL_FEED_LEASE } from '../../connectors/pos';
import { generateWorld } from '../../legacy/seed/world';
import { clockFromEnv } from '../../lib/clock';
import { closeEventBus } from '../../lib/events';
import { feedLeasesFromEnv, type FeedLeases } from '../../lib/leases';
import { RunningSystem, startSystem } from '../../scripts/system';
import { eventually } from '../support/eventually';
import { QUIET_FOLLOWERS } from '../support/quiet-marketplace';
import { callsOver, oneReadersBounds, sharedFeedEnv, stopTheReader } from '../support/relays';

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

interface Follower {
  feed: SalesFeed;
  leases: FeedLeases;
  stop(): Promise<void>;
}

describe('the till feed read by one replica for all', () => {
  let world: ReturnType<typeof generateWorld>;
  let system: RunningSystem;
  let pos: PosClient;
  const followers: Follower[] = [];

  const follower = async (): Promise<Follower> => {
    const client = PosClient.fromEnv(system.env);
    const leases = feedLeasesFromEnv(system.env, quiet);
    const feed = new SalesFeed(client, new StoreDirectory(client, 60_000), quiet, {
      ...salesFeedOptionsFromEnv(system.env),
      now: clockFromEnv(system.env),
      relay: feedRelayFromEnv(system.env, leases, quiet),
    });
    await feed.ready;
    return {
      feed,
      leases,
      stop: async () => {
        feed.stop();
        await leases.close();
      },
    };
  };

  /** The head office's feed reads over a window, and what one reader makes (a read per store a round). */
  const feedReads = () => callsOver(system.legacy.pos, 'readTransactionFeed', WINDOW_MS);
  const oneReader = () => oneReadersBounds(WINDOW_MS, POLL_MS, world.stores.length);

  let minute = 0;
  /** Rings up a sale at the first store's till, and answers what each follower counts of the SKU once all count it. */
  const ringUpAndCount = async (sku: string, quantity: number) => {
    const store = world.stores[0].retailStoreId;
    const counted = () => Promise.all(followers.map((one) => one.feed.unpostedSales(store, sku, null)));
    const wanted = (await counted()).map((units) => units + quantity);
    await pos.postTransaction({
      kind: 'Sale',
      retailStoreId: store,
      workstationId: 1,
      operatorId: 'NV01',
      beginDateTime: `${world.today}T11:${String(minute++).padStart(2, '0')}:00`,
      lines: [{ sku, quantity, unitPrice: 10_000n }],
    });
    return { wanted, counted: await eventually(counted, (units) => units.every((unit, i) => unit === wanted[i])) };
  };

  beforeAll(async () => {
    world = generateWorld({ seed: 41, size: 'small' });
    system = await startSystem({
      world,
      subgraphs: ['pos'],
      env: {
        LOG_LEVEL: 'silent',
        ...QUIET_FOLLOWERS,
        ...sharedFeedEnv(`tillfeed${process.pid}`),
        POS_FEED_POLL_MS: String(POLL_MS),
      },
    });
    pos = PosClient.fromEnv(system.env);
    for (let i = 0; i < 2; i += 1) followers.push(await follower());
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

    const sale = await ringUpAndCount(world.products[0].sku, 2);
    expect(sale.counted).toEqual(sale.wanted);
  }, 60_000);

  it('moves the reading to another replica when the one reading stops', async () => {
    await stopTheReader(followers, TILL_FEED_LEASE, system.subgraphs.pos);
    const [least, most] = oneReader();
    const reads = await feedReads();
    expect(reads).toBeGreaterThanOrEqual(least);
    expect(reads).toBeLessThanOrEqual(most);

    const sale = await ringUpAndCount(world.products[1].sku, 3);
    expect(sale.counted).toEqual(sale.wanted);
  }, 60_000);
});
