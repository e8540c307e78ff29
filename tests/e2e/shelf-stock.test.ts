import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clockFromEnv } from '../../lib/clock';
import type { GroundTruth } from '../../legacy/seed/model';
import { seedAll } from '../../legacy/seed/seed';
import { generateWorld } from '../../legacy/seed/world';
import { LEGACY_SYSTEMS } from '../../legacy/systems';
import { locationId } from '../../lib/ids';
import { RunningSystem, startSystem } from '../../scripts/system';
import type { SubgraphName } from '../../subgraphs/services';
import { execute } from '../support/graphql';
import { bearer, tokenAs } from '../support/tokens';

/**
 * On hand is what the shelf holds, whatever the date and however late the ERP books the tills:
 * every store × SKU through the gateway against the ground truth, as a new user checking the demo
 * would.
 */

const subgraphs: SubgraphName[] = ['identity', 'ecommerce', 'warehouse', 'pos', 'inventory'];
const STOCK_LEVELS = `query($first: Int!) { productVariants(first: $first) { edges { node {
  sku stockLevels { location { id kind } onHand } } } } }`;
const DAY_MS = 86_400_000;

interface StockAnswer {
  productVariants: { edges: { node: { sku: string; stockLevels: { location: { id: string; kind: string }; onHand: number }[] } }[] };
}

/** Every store's on hand of every SKU, as the graph answers it, by `<plant>|<sku>`. */
async function storeOnHand(system: RunningSystem): Promise<Map<string, number>> {
  const answer = await execute<StockAnswer, object>(system.gatewayUrl, STOCK_LEVELS, { first: 100 });
  expect(answer.errors).toBeUndefined();
  const figures = new Map<string, number>();
  for (const { node } of answer.data!.productVariants.edges) {
    for (const level of node.stockLevels) {
      if (level.location.kind === 'STORE') figures.set(`${level.location.id}|${node.sku}`, level.onHand);
    }
  }
  return figures;
}

/** What the ground truth says each store's shelf holds, keyed the same way. */
function shelf(truth: Pick<GroundTruth, 'shelfStock'>): Map<string, number> {
  return new Map(truth.shelfStock.map((s) => [`${locationId(s.plant)}|${s.sku}`, s.quantity]));
}

describe('stores whose end-of-day interface stopped 30 and 400 days ago', () => {
  const world = generateWorld({ seed: 7, size: 'small', lateStores: { '101': 30, '102': 400 } });
  let system: RunningSystem;

  beforeAll(async () => {
    system = await startSystem({
      world,
      subgraphs: [...subgraphs, 'commerce'],
      env: { LOG_LEVEL: 'silent', IDENTITY_SYNC_INTERVAL_MS: '0' },
    });
  });
  afterAll(() => system.stop());

  it('plants the lag: the ERP still counts what those stores sold since on their shelves', () => {
    const erpAt = (plant: string) =>
      world.warehouse.stock.filter((r) => r.plant === plant && r.storageLocation === '0001').reduce((sum, r) => sum + r.quantity, 0);
    const shelfAt = (plant: string) => world.truth.shelfStock.filter((s) => s.plant === plant).reduce((sum, s) => sum + s.quantity, 0);
    const soldToday = (store: string) =>
      world.pos.transactions
        .filter((t) => t.retailStoreId === store && t.businessDay === world.today)
        .flatMap((t) => t.lines)
        .reduce((sum, l) => sum + l.quantity, 0);
    for (const [store, lag] of [
      ['101', 30],
      ['102', 400],
    ] as const) {
      expect(world.warehouse.lateStores[store]).toBe(new Date(Date.parse(world.today) - (lag + 1) * DAY_MS).toISOString().slice(0, 10));
      const daysTraded = new Set(
        world.pos.transactions
          .filter((t) => t.retailStoreId === store && t.businessDay > world.warehouse.lateStores[store] && t.businessDay < world.today)
          .map((t) => t.businessDay),
      );
      expect(daysTraded.size).toBeGreaterThan(lag / 4);
      expect(erpAt(`S${store}`) - soldToday(store)).toBeGreaterThan(shelfAt(`S${store}`));
    }
  });

  it('shows every store × SKU on hand as the shelf holds it', async () => {
    const onHand = await storeOnHand(system);
    expect(onHand.size).toBe(world.truth.shelfStock.length);
    expect(Object.fromEntries(onHand)).toEqual(Object.fromEntries(shelf(world.truth)));
  });

  it('sells none of the units the late store’s tills sold weeks ago: click & collect is refused', async () => {
    const reserved = (sku: string) =>
      world.warehouse.reservations.filter((r) => r.plant === 'S102' && r.material === sku).reduce((sum, r) => sum + r.quantity, 0);
    const erpOnHand = (sku: string) =>
      world.warehouse.stock
        .filter((r) => r.plant === 'S102' && r.material === sku && r.storageLocation === '0001')
        .reduce((sum, r) => sum + r.quantity, 0);
    // Units sold in the last week: a follower that looked no further back would still see the rest on the shelf.
    const weekAgo = new Date(Date.parse(world.today) - 7 * DAY_MS).toISOString().slice(0, 10);
    const soldThisWeek = (sku: string) =>
      world.pos.transactions
        .filter((t) => t.retailStoreId === '102' && t.businessDay >= weekAgo)
        .flatMap((t) => t.lines)
        .filter((l) => l.sku === sku)
        .reduce((sum, l) => sum + l.quantity, 0);
    const gone = world.truth.shelfStock.find(
      (s) => s.retailStoreId === '102' && s.quantity === 0 && erpOnHand(s.sku) - reserved(s.sku) - soldThisWeek(s.sku) >= 1,
    )!;
    expect(gone).toBeDefined();
    const run = async (text: string, input: object) => {
      const answer = await execute<Record<string, { cart?: { id: string }; userErrors: { code: string }[] }>, object>(
        system.gatewayUrl,
        text,
        { input },
      );
      expect(answer.errors).toBeUndefined();
      return Object.values(answer.data!)[0];
    };
    const cart = await run('mutation($input: CreateCartInput!) { createCart(input: $input) { cart { id } userErrors { code } } }', {
      idempotencyKey: randomUUID(),
    });
    await run('mutation($input: AddCartLineInput!) { addCartLine(input: $input) { cart { id } userErrors { code } } }', {
      cartId: cart.cart!.id,
      sku: gone.sku,
      quantity: 1,
      idempotencyKey: randomUUID(),
    });
    const checkout = await run('mutation($input: CheckoutInput!) { checkout(input: $input) { userErrors { code } } }', {
      cartId: cart.cart!.id,
      fulfilment: 'PICKUP_IN_STORE',
      pickupLocationId: locationId('S102'),
      paymentMethod: 'PAY_IN_STORE',
      channel: 'WEB',
      idempotencyKey: randomUUID(),
      address: {
        firstName: 'Lan',
        lastName: 'Trần',
        street: ['12 Lê Lợi'],
        city: 'Hồ Chí Minh',
        phone: '0901234567',
        email: 'lan.tran@example.vn',
      },
    });
    expect(checkout.userErrors.map((error) => error.code)).toEqual(['INSUFFICIENT_STOCK']);
  });

  it('reads each late day’s batch once, not on every request', async () => {
    const pos = system.legacy.pos.legacy.calls;
    pos.reset();
    await storeOnHand(system);
    expect(pos.snapshot().byOperation.getEndOfDayBatch ?? 0).toBe(0);
  });
});

describe('the demo as `npm start` runs it', () => {
  let dir: string;
  let system: RunningSystem | null = null;
  afterEach(async () => {
    await system?.stop();
    system = null;
    rmSync(dir, { recursive: true, force: true });
  });

  /** Seeds the default world as of `now` into a folder of its own and starts everything on its files, on the wall clock. */
  async function startDemo(now: Date): Promise<GroundTruth> {
    dir = mkdtempSync(join(tmpdir(), 'omnigraph-demo-'));
    const { truthFile } = seedAll({ seed: 42, size: 'small', outDir: dir, now });
    const ports = Object.fromEntries(LEGACY_SYSTEMS.map(({ entry }) => [`${entry.envPrefix}_PORT`, '0']));
    system = await startSystem({
      subgraphs: [...subgraphs, 'commerce'],
      env: {
        ...ports,
        LEGACY_DATA_DIR: dir,
        LOG_LEVEL: 'silent',
        IDENTITY_SYNC_INTERVAL_MS: '0',
        COMMERCE_STATE_FILE: join(dir, 'commerce.sqlite'),
      },
    });
    return JSON.parse(readFileSync(truthFile, 'utf8')) as GroundTruth;
  }

  /**
   * Each store's click & collect orders still waiting once the uncollected-pickup sweep has run, by
   * store: the sweep runs as Omnigraph's jobs do (`omnigraph-jobs`, every store), and reads each queue.
   */
  async function pickupsAfterSweep(): Promise<number[]> {
    const stores = ['101', '102', '103', '104', '105'].map((store) => locationId(`S${store}`));
    const jobs = bearer(await tokenAs(system!, 'omnigraph-jobs'));
    const waiting: number[] = [];
    for (const storeLocationId of stores) {
      const swept = await execute<{ cancelUncollectedPickups: { userErrors: unknown[] } }, object>(
        system!.gatewayUrl,
        'mutation($input: CancelUncollectedPickupsInput!) { cancelUncollectedPickups(input: $input) { userErrors { code } } }',
        { input: { storeLocationId, idempotencyKey: randomUUID() } },
        jobs,
      );
      expect(swept.errors).toBeUndefined();
      const queue = await execute<{ location: { pickupQueue: { totalCount: number } } }, object>(
        system!.gatewayUrl,
        'query($id: ID!) { location(id: $id) { pickupQueue { totalCount } } }',
        { id: storeLocationId },
        jobs,
      );
      expect(queue.errors).toBeUndefined();
      waiting.push(queue.data!.location.pickupQueue.totalCount);
    }
    return waiting;
  }

  it('seeded now: every store × SKU on hand equals the shelf, and pickups wait in the stores', async () => {
    const truth = await startDemo(clockFromEnv()());
    expect(Object.fromEntries(await storeOnHand(system!))).toEqual(Object.fromEntries(shelf(truth)));
    // Orders placed within the hold are not cancelled by the sweep: a newcomer sees live pickups.
    const waiting = await pickupsAfterSweep();
    expect(waiting.reduce((sum, n) => sum + n, 0)).toBeGreaterThanOrEqual(3);
  });

  it('seeded 16 days ago and never closed since: still every store × SKU as the shelf holds it', async () => {
    const truth = await startDemo(new Date(clockFromEnv()().getTime() - 16 * DAY_MS));
    expect(Object.fromEntries(await storeOnHand(system!))).toEqual(Object.fromEntries(shelf(truth)));
    // Every pickup is long overdue: the sweep empties the queues (why npm start seeds as of now).
    expect(await pickupsAfterSweep()).toEqual([0, 0, 0, 0, 0]);
  });
});
