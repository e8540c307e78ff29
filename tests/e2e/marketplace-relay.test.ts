import pino from 'pino';
import { MarketplaceClient, type MarketplaceOrder } from '../../connectors/marketplace';
import { adminHeaders } from '../../legacy/kit/admin';
import { generateWorld } from '../../legacy/seed/world';
import { clockFromEnv } from '../../lib/clock';
import { closeEventBus } from '../../lib/events';
import { leasedRelayFromEnv } from '../../lib/feed-relay';
import { feedLeasesFromEnv, type FeedLeases } from '../../lib/leases';
import { LiveEvents } from '../../lib/live-events';
import { RunningSystem, startSystem } from '../../scripts/system';
import { MARKETPLACE_ORDERS_LEASE, OrderIntake } from '../../subgraphs/marketplace/intake';
import { OrderBook } from '../../subgraphs/marketplace/order-book';
import { eventually } from '../support/eventually';
import { QUIET_FOLLOWERS } from '../support/quiet-marketplace';
import { callsOver, oneReadersBounds, sharedFeedEnv, stopTheReader } from '../support/relays';

/**
 * The marketplace's orders read by one replica for all (the `marketplace.orders` lease,
 * lib/feed-relay.ts): only the lease's holder polls the marketplace; every replica keeps the orders
 * it reads in its book, and only the replica that read an order acts on it; when the holder stops,
 * another polls. The replicas: the system's marketplace subgraph and two order intakes as its
 * replicas run them, on the real marketplace stand-in, PostgreSQL and NATS.
 */
const POLL_MS = 300;
const WINDOW_MS = 3_000;
const quiet = pino({ level: 'silent' });

interface Replica {
  book: OrderBook;
  intake: OrderIntake;
  leases: FeedLeases;
  /** The orders this replica acted on (fulfilment, points). */
  acted: string[];
  stop(): Promise<void>;
}

describe('marketplace orders read by one replica for all', () => {
  const world = generateWorld({ seed: 43, size: 'small' });
  let system: RunningSystem;
  const replicas: Replica[] = [];

  const replica = async (): Promise<Replica> => {
    const env = { ...system.env, MARKETPLACE_POLL_MS: String(POLL_MS) };
    const leases = feedLeasesFromEnv(env, quiet);
    const book = new OrderBook();
    const acted: string[] = [];
    const intake = new OrderIntake(
      MarketplaceClient.fromEnv(env),
      book,
      clockFromEnv(env),
      { historyDays: 180, pollMs: POLL_MS, relay: leasedRelayFromEnv(env, leases, MARKETPLACE_ORDERS_LEASE, quiet) },
      async (orders: MarketplaceOrder[]) => void acted.push(...orders.map((order) => order.number)),
      quiet,
      new LiveEvents(quiet, env),
    );
    await intake.start();
    return {
      book,
      intake,
      leases,
      acted,
      stop: async () => {
        intake.stop();
        await leases.close();
      },
    };
  };

  /** The marketplace's order list reads (a poll's first call) over a window, and what one poller makes. */
  const polls = () => callsOver(system.legacy.marketplace, 'v2.order.get_order_list', WINDOW_MS);
  const [least, most] = oneReadersBounds(WINDOW_MS, POLL_MS, 1);

  /** A buyer's order at the marketplace, which every replica then holds; answers its number and who acted on it. */
  const placedAndHeld = async () => {
    // Placed unpaid: the marketplace takes the units off its own number, the retailer does nothing yet.
    const sku = world.marketplace.items[0].models[0].sku;
    const response = await fetch(`${system.legacyUrls.marketplace}/__admin/buyer/orders`, {
      method: 'POST',
      headers: { ...adminHeaders(), 'content-type': 'application/json' },
      body: JSON.stringify({ lines: [{ model_sku: sku, quantity: 1 }] }),
    });
    expect(response.status).toBeLessThan(300);
    const { order_sn: number } = (await response.json()) as { order_sn: string };
    const held = await eventually(
      async () => replicas.map((one) => one.book.get(number)?.number ?? null),
      (numbers) => numbers.every((held) => held === number),
    );
    return { number, held };
  };

  beforeAll(async () => {
    system = await startSystem({
      world,
      subgraphs: ['marketplace'],
      env: {
        LOG_LEVEL: 'silent',
        ...QUIET_FOLLOWERS,
        ...sharedFeedEnv(`mkt${process.pid}`),
        MARKETPLACE_POLL_MS: String(POLL_MS),
      },
    });
    for (let i = 0; i < 2; i += 1) replicas.push(await replica());
  }, 120_000);

  afterAll(async () => {
    for (const one of replicas) await one.stop();
    await system?.stop();
    await closeEventBus();
  });

  it('polls the marketplace from one replica of three, and every replica holds the orders it reads', async () => {
    // One poller: a poll every POLL_MS; three would make three times that.
    const made = await polls();
    expect(made).toBeGreaterThanOrEqual(least);
    expect(made).toBeLessThanOrEqual(most);

    const { number, held } = await placedAndHeld();
    expect(held).toEqual([number, number]);
    // Only the replica that read it acted on it (here ours, or the system's subgraph).
    expect(replicas.filter((one) => one.acted.includes(number)).length).toBeLessThanOrEqual(1);
  }, 60_000);

  it('polls from another replica once the one polling stops', async () => {
    await stopTheReader(replicas, MARKETPLACE_ORDERS_LEASE, system.subgraphs.marketplace);
    const made = await polls();
    expect(made).toBeGreaterThanOrEqual(least);
    expect(made).toBeLessThanOrEqual(most);
    const { number, held } = await placedAndHeld();
    expect(held.every((one) => one === number)).toBe(true);
  }, 60_000);
});
