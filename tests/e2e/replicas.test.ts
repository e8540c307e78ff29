import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Client } from 'pg';
import { generateWorld } from '../../legacy/seed/world';
import { decodeId, locationId } from '../../lib/ids';
import { WarehouseClient } from '../../connectors/warehouse';
import { RunningSystem, startSystem } from '../../scripts/system';
import { createLogger } from '../../lib/logger';
import { directoryRecordStore } from '../../subgraphs/identity/directory-records';
import { execute, GraphQLAnswer } from '../support/graphql';
import { headersAs } from '../support/tokens';
import { SHOPPER_ADDRESS } from '../support/journey-personas';
import { QUIET_MARKETPLACE } from '../support/quiet-marketplace';

/**
 * Issue 20, item 3: two replicas of the gateway and of every subgraph, each a process of its own, on
 * the real PostgreSQL (commerce's and the marketplace's state, the stock locks, the feed leases, the
 * customer directory's records),
 * Redis (the entity cache) and NATS (the events), over one set of stand-ins. Checkouts race for the
 * last units through both gateways, an idempotency key is retried through both at once, and one
 * replica is killed (SIGKILL) in the middle of a burst whose clients retry on the other: no unit is
 * sold twice, no checkout takes effect twice, none is lost.
 */

const root = resolve(__dirname, '../..');
const STATE_URL = 'postgres://postgres@127.0.0.1:5432/test';
const NATS_URL = 'nats://127.0.0.1:4222';
const RUN = randomUUID().replace(/-/g, '').slice(0, 12);
const SCHEMA = `replicas_${RUN}`;
const NAMESPACE = `r${RUN}`;

const ENV = {
  LOG_LEVEL: 'silent',
  IDENTITY_SYNC_INTERVAL_MS: '0',
  SUBGRAPH_TIMEOUT_MS: '30000',
  COMMERCE_STATE_URL: STATE_URL,
  COMMERCE_STATE_SCHEMA: SCHEMA,
  MARKETPLACE_STATE_URL: STATE_URL,
  MARKETPLACE_STATE_SCHEMA: SCHEMA,
  FEED_LEASES_URL: STATE_URL,
  IDENTITY_DIRECTORY_URL: STATE_URL,
  IDENTITY_DIRECTORY_SCHEMA: SCHEMA,
  IDENTITY_DECISIONS_URL: STATE_URL,
  IDENTITY_DECISIONS_SCHEMA: SCHEMA,
  EVENTS_NATS_URL: NATS_URL,
  EVENTS_NAMESPACE: NAMESPACE,
  REDIS_URL: 'redis://127.0.0.1:6379',
  ENTITY_CACHE_KEY_PREFIX: `omnigraph-test:${NAMESPACE}`,
  // Stock is moved in the ERP directly here, then read at once.
  WAREHOUSE_STOCK_CACHE_MS: '0',
  // What a killed replica left half done is finished by the other within seconds: sagas quiet for 3 s
  // are recovered every second, and a key claimed by a request that never reached its saga is taken
  // over after 10 s (no checkout here takes that long).
  COMMERCE_RECOVERY_MS: '1000',
  COMMERCE_RECOVERY_QUIET_MS: '3000',
  COMMERCE_STALE_CLAIM_MS: '10000',
  COMMERCE_PICKUP_SWEEP_MS: '0',
  COMMERCE_LOYALTY_FOLLOW_MS: '0',
  ...QUIET_MARKETPLACE,
};

const CART_FIELDS = `cart { id } userErrors { code message }`;
const CREATE_CART = `mutation($input: CreateCartInput!) { createCart(input: $input) { ${CART_FIELDS} } }`;
const ADD_LINE = `mutation($input: AddCartLineInput!) { addCartLine(input: $input) { ${CART_FIELDS} } }`;
const CHECKOUT = `mutation($input: CheckoutInput!) { checkout(input: $input) { order { id number status } userErrors { code message } } }`;
const STOCK = `query($sku: String!) { productVariant(sku: $sku) { stockLevels { location { id kind } onHand reserved available } } }`;

interface Level {
  location: { id: string; kind: string };
  onHand: number;
  reserved: number;
  available: number;
}
interface CheckoutAnswer {
  checkout: { order: { id: string; number: string; status: string } | null; userErrors: { code: string }[] } | null;
}

let counter = 0;
const key = (label: string) => `${label}-${RUN}-${(counter += 1)}`;
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** The second replica: the graph in a child process on the first's stand-ins, provider, state, broker and leases. */
async function startReplica(first: RunningSystem): Promise<{ gatewayUrl: string; child: ChildProcess }> {
  const env: NodeJS.ProcessEnv = { ...first.env, REPLICA_LEGACY_URLS: JSON.stringify(first.legacyUrls) };
  // Its own subgraphs, not the first replica's.
  for (const name of Object.keys(env)) if (name.endsWith('_SUBGRAPH_URL')) delete env[name];
  const child = spawn(resolve(root, 'node_modules/.bin/tsx'), ['tests/support/replica-process.ts'], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env,
  });
  return new Promise((started, failed) => {
    let output = '';
    const timer = setTimeout(() => failed(new Error(`the second replica did not start: ${output}`)), 90_000);
    const listen = (chunk: Buffer) => {
      output += chunk.toString();
      const ready = /replica ready (\{.*\})/.exec(output);
      if (ready) {
        clearTimeout(timer);
        started({ gatewayUrl: (JSON.parse(ready[1]) as { gatewayUrl: string }).gatewayUrl, child });
      }
    };
    child.stdout!.on('data', listen);
    child.stderr!.on('data', listen);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      failed(new Error(`the second replica exited (${code ?? signal}): ${output}`));
    });
  });
}

describe('two replicas on shared state (issue 20)', () => {
  const world = generateWorld({ seed: 20, size: 'small' });
  let first: RunningSystem;
  let second: { gatewayUrl: string; child: ChildProcess };
  let erp: WarehouseClient;
  const used = new Set<string>();
  /** The directory's reads of the systems' customers while the second replica started. */
  let directoryReadsAtSecondStart: Record<string, number> = {};

  const run = <T>(url: string, text: string, variables: object): Promise<GraphQLAnswer<T>> => execute<T, object>(url, text, variables, {});

  async function levelAt(sku: string, plant: string): Promise<Level> {
    const answer = await run<{ productVariant: { stockLevels: Level[] } }>(first.gatewayUrl, STOCK, { sku });
    expect(answer.errors).toBeUndefined();
    return answer.data!.productVariant.stockLevels.find((level) => level.location.id === locationId(plant))!;
  }

  /** A SKU stocked at a store, its available units there set to exactly `units` with an ERP goods movement. */
  async function storeWithExactly(units: number): Promise<{ sku: string; store: string; before: Level }> {
    for (const product of world.products) {
      if (used.has(product.sku)) continue;
      const answer = await run<{ productVariant: { stockLevels: Level[] } }>(first.gatewayUrl, STOCK, { sku: product.sku });
      const level = answer.data?.productVariant.stockLevels.find(
        (candidate) => candidate.location.kind === 'STORE' && candidate.onHand > 0,
      );
      if (!level) continue;
      used.add(product.sku);
      const store = decodeId('Location', level.location.id)!;
      const delta = level.available - units;
      if (delta !== 0)
        await erp.postGoodsMovement({
          reference: key('ADJ').slice(0, 16),
          headerText: 'Test stock adjustment',
          items: [{ material: product.sku, plant: store, movementType: delta > 0 ? '344' : '501', quantity: Math.abs(delta) }],
        });
      const before = await levelAt(product.sku, store);
      expect(before.available).toBe(units);
      return { sku: product.sku, store, before };
    }
    throw new Error('no stocked SKU left in the world');
  }

  async function guestCartWith(sku: string): Promise<string> {
    const created = await run<{ createCart: { cart: { id: string } } }>(first.gatewayUrl, CREATE_CART, {
      input: { idempotencyKey: key('cart') },
    });
    const cartId = created.data!.createCart.cart.id;
    const added = await run<{ addCartLine: { userErrors: unknown[] } }>(first.gatewayUrl, ADD_LINE, {
      input: { cartId, sku, quantity: 1, idempotencyKey: key('add') },
    });
    expect(added.data!.addCartLine.userErrors).toEqual([]);
    return cartId;
  }

  const checkout = (url: string, cartId: string, store: string, idempotencyKey: string) =>
    run<CheckoutAnswer>(url, CHECKOUT, {
      input: { cartId, fulfilment: 'PICKUP_IN_STORE', pickupLocationId: locationId(store), address: SHOPPER_ADDRESS, idempotencyKey },
    });

  beforeAll(async () => {
    first = await startSystem({ world, env: ENV });
    erp = WarehouseClient.fromEnv({ WAREHOUSE_URL: first.legacyUrls.warehouse });
    // Only identity's directory reads these (the customers' pages, their cards, their phones' history).
    const directoryReads = () => ({
      crmCards: first.legacy.crm.legacy.calls.snapshot().byOperation['loyalty.card.search_read'] ?? 0,
      crmFormerPhones: first.legacy.crm.legacy.calls.snapshot().byOperation['mail.tracking.value.search_read'] ?? 0,
      webCustomers: first.legacy.ecommerce.legacy.calls.snapshot().byOperation['customers.search'] ?? 0,
    });
    const before = directoryReads();
    second = await startReplica(first);
    const after = directoryReads();
    directoryReadsAtSecondStart = Object.fromEntries(
      Object.entries(after).map(([read, count]) => [read, count - before[read as keyof typeof before]]),
    );
  }, 180_000);

  afterAll(async () => {
    if (second?.child.exitCode === null && second.child.signalCode === null) {
      const exited = once(second.child, 'exit');
      process.kill(-second.child.pid!, 'SIGTERM');
      await exited;
    }
    await first?.stop();
    const pg = new Client({ connectionString: STATE_URL });
    await pg.connect();
    await pg.query(`DROP SCHEMA IF EXISTS "${SCHEMA}" CASCADE`);
    await pg.end();
    const nc = await connect({ servers: NATS_URL });
    await (await jetstreamManager(nc)).streams.delete(`${NAMESPACE.toUpperCase()}_EVENTS`).catch(() => false);
    await nc.close();
  }, 60_000);

  it('starts the second replica from the directory the first stored, without reading the systems’ customers', async () => {
    expect(directoryReadsAtSecondStart).toEqual({ crmCards: 0, crmFormerPhones: 0, webCustomers: 0 });
    // And it knows them: a customer found by phone through it is the one the first replica answers.
    const holders = new Map<string, number>();
    for (const person of world.truth.persons) holders.set(person.phone, (holders.get(person.phone) ?? 0) + 1);
    const shared = new Set(world.truth.households.map((household) => household.phone));
    const person = world.truth.persons.find(
      (one) => one.crmPartnerIds.length === 1 && holders.get(one.phone) === 1 && !shared.has(one.phone),
    )!;
    const lookup = `query($phone: String!) { customerByIdentifier(identifier: { kind: PHONE, value: $phone }) { id displayName } }`;
    const headers = await headersAs(first, 'agent');
    const [viaFirst, viaSecond] = await Promise.all(
      [first.gatewayUrl, second.gatewayUrl].map((url) =>
        execute<{ customerByIdentifier: { id: string } }, object>(url, lookup, { phone: person.phone }, headers),
      ),
    );
    expect(viaSecond.errors).toBeUndefined();
    expect(viaSecond.data!.customerByIdentifier).not.toBeNull();
    expect(viaSecond.data).toEqual(viaFirst.data);

    // The store knows how far each of the CRM's searches was read, partners and cards apart (read one
    // after the other, a card's newest write may be later than a partner saved between the two).
    const store = directoryRecordStore(ENV, createLogger('test', { LOG_LEVEL: 'silent' }));
    const stored = await store.changesAfter(0);
    await store.close();
    const newest = (rows: { updatedAt: string }[]) =>
      rows
        .map((row) => row.updatedAt)
        .sort()
        .pop();
    expect(stored.readUpTo.crm).toBe(newest(stored.partners));
    expect(stored.readUpTo['crm.cards']).toBe(newest(stored.cards));
  });

  it('shows a merge taken through one replica through the other at once', async () => {
    const holders = new Map<string, number>();
    for (const person of world.truth.persons) holders.set(person.phone, (holders.get(person.phone) ?? 0) + 1);
    const shared = new Set(world.truth.households.map((household) => household.phone));
    const [one, other] = world.truth.persons
      .filter((person) => person.crmPartnerIds.length === 1 && holders.get(person.phone) === 1 && !shared.has(person.phone))
      .slice(-2);
    const headers = await headersAs(first, 'steward');
    const byPhone = `query($phone: String!) { customerByIdentifier(identifier: { kind: PHONE, value: $phone }) { id } }`;
    const idOf = async (phone: string) =>
      (await execute<{ customerByIdentifier: { id: string } }, object>(first.gatewayUrl, byPhone, { phone }, headers)).data!
        .customerByIdentifier.id;
    const ids = [await idOf(one.phone), await idOf(other.phone)];
    const records = `query($id: ID!) { customer(id: $id) { id records { system recordId } } }`;
    const recordsOf = async (id: string) =>
      (await execute<{ customer: { id: string; records: unknown[] } }, object>(first.gatewayUrl, records, { id }, headers)).data!.customer;
    const before = (await recordsOf(ids[0])).records.length + (await recordsOf(ids[1])).records.length;
    const merge = `mutation($ids: [ID!]!) { mergeCustomers(input: { customerIds: $ids, reason: "same person, two cards" }) { userErrors { code } } }`;
    const merged = await execute<{ mergeCustomers: { userErrors: unknown[] } }, object>(second.gatewayUrl, merge, { ids }, headers);
    expect(merged.errors).toBeUndefined();
    expect(merged.data!.mergeCustomers.userErrors).toEqual([]);
    // The first replica runs no round of its own here (IDENTITY_SYNC_INTERVAL_MS 0): only the second's word brings the merge.
    let seen: { id: string; records: unknown[] } | null = null;
    for (let attempt = 0; attempt < 50 && (seen?.records.length ?? 0) < before; attempt += 1) {
      if (attempt > 0) await sleep(100);
      seen = await recordsOf(ids[1]);
    }
    expect(seen!.records).toHaveLength(before);
  });

  it('sells the last 6 units once, though 30 checkouts race for them through both gateways', async () => {
    const { sku, store, before } = await storeWithExactly(6);
    const carts = await Promise.all(Array.from({ length: 30 }, () => guestCartWith(sku)));
    const answers = await Promise.all(
      carts.map((cartId, i) => checkout(i % 2 ? second.gatewayUrl : first.gatewayUrl, cartId, store, key('race'))),
    );
    for (const answer of answers) expect(answer.errors).toBeUndefined();
    const wins = answers.filter((answer) => answer.data!.checkout!.userErrors.length === 0);
    expect(wins).toHaveLength(6);
    expect(
      answers.filter((answer) => answer.data!.checkout!.userErrors.length > 0).map((answer) => answer.data!.checkout!.userErrors[0].code),
    ).toEqual(Array(24).fill('INSUFFICIENT_STOCK'));
    // Both replicas sold: the race was theirs, not one process's.
    expect(new Set(answers.map((answer, i) => (answer.data!.checkout!.userErrors.length === 0 ? i % 2 : -1)))).toEqual(new Set([-1, 0, 1]));
    const after = await levelAt(sku, store);
    expect(after.available).toBe(0);
    expect(after.reserved).toBe(before.reserved + 6);
    for (const win of wins) expect(await erp.reservationsOfRecipient(win.data!.checkout!.order!.number)).toHaveLength(1);
  }, 120_000);

  it('places one order for an idempotency key sent 16 times at once through both gateways', async () => {
    const { sku, store, before } = await storeWithExactly(3);
    const cartId = await guestCartWith(sku);
    const idempotencyKey = key('storm');
    const answers = await Promise.all(
      Array.from({ length: 16 }, (_, i) => checkout(i % 2 ? second.gatewayUrl : first.gatewayUrl, cartId, store, idempotencyKey)),
    );
    const numbers = new Set(answers.map((answer) => answer.data?.checkout?.order?.number));
    expect(answers.every((answer) => answer.errors === undefined && answer.data!.checkout!.userErrors.length === 0)).toBe(true);
    expect(numbers.size).toBe(1);
    const [number] = numbers;
    expect(await erp.reservationsOfRecipient(number!)).toHaveLength(1);
    const after = await levelAt(sku, store);
    expect(after.reserved).toBe(before.reserved + 1);
    expect(after.available).toBe(2);
  }, 120_000);

  it('loses and duplicates nothing when a replica is killed in the middle of a burst its clients retry on the other', async () => {
    const { sku, store, before } = await storeWithExactly(20);
    const carts = await Promise.all(Array.from({ length: 12 }, () => guestCartWith(sku)));
    /**
     * A client as an app would be written: the first attempt through its replica, then the same key
     * again through the survivor until it has an answer (a dropped connection, a replica gone, a
     * request the dead replica left running).
     */
    const place = async (cartId: string, i: number) => {
      const idempotencyKey = key('burst');
      let url = i % 2 ? second.gatewayUrl : first.gatewayUrl;
      let attempts = 0;
      for (;;) {
        attempts += 1;
        const answer = await checkout(url, cartId, store, idempotencyKey).catch(() => null);
        const order = answer?.data?.checkout?.order;
        if (order) return { cartId, number: order.number, attempts };
        if (answer?.data?.checkout?.userErrors.length) return { cartId, number: null, attempts, refused: answer.data.checkout.userErrors };
        url = first.gatewayUrl;
        await sleep(250);
      }
    };
    // The first half is sent before the kill (cut mid-checkout if still running); the second half
    // after it, so its requests to the dead replica are certainly refused and retried.
    let killed!: () => void;
    const afterKill = new Promise<void>((done) => (killed = done));
    const burst = Promise.all(carts.map((cartId, i) => (i < 6 ? place(cartId, i) : afterKill.then(() => place(cartId, i)))));
    await sleep(300);
    process.kill(-second.child.pid!, 'SIGKILL');
    await once(second.child, 'exit').catch(() => undefined);
    killed();
    const placed = await burst;

    // Every checkout has one order, each its own.
    expect(placed.filter((outcome) => outcome.number === null)).toEqual([]);
    expect(new Set(placed.map((outcome) => outcome.number)).size).toBe(12);
    // Those the dead replica could not answer were retried on the survivor.
    expect(placed.some((outcome) => outcome.attempts > 1)).toBe(true);
    // Twelve units held, no more: a checkout the dead replica left half done was finished or undone, never both.
    const after = await levelAt(sku, store);
    expect(after.reserved).toBe(before.reserved + 12);
    expect(after.available).toBe(8);
    for (const { number } of placed) {
      const reservations = await erp.reservationsOfRecipient(number!);
      expect(reservations.filter((reservation) => reservation.items.some((item) => !item.deleted))).toHaveLength(1);
    }
  }, 180_000);
});
