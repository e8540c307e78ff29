import { randomBytes } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { print } from 'graphql';
import type { World } from '../../legacy/seed/model';
import { generateWorld } from '../../legacy/seed/world';
import { locationId } from '../../lib/ids';
import { distanceKm } from '../../lib/stock';
import { RunningSystem, startSystem } from '../../scripts/system';
import { PosClient } from '../../connectors/pos';
import { storeLocalTime } from '../../connectors/pos/time';
import { clockFromEnv } from '../../lib/clock';
import { FollowCustomerDocument, FollowOrderDocument, FollowPickupQueueDocument, FollowShelfDocument } from '../../operations/generated';
import { execute } from '../support/graphql';
import { headersAs } from '../support/tokens';
import { associateAt, journeyPersonas, Shopper, shoppersOf, signerFor, SHOPPER_ADDRESS } from '../support/journey-personas';
import { LiveMessage, subscribeOverSse, subscribeOverWebSocket, Subscribed } from '../support/live';
import { QUIET_MARKETPLACE } from '../support/quiet-marketplace';

/**
 * Issue 17's live journeys through the gateway's one endpoint, against the real stand-ins and the
 * real NATS JetStream: events published where each change happens, each answer read through the
 * graph under the subscriber's own rights.
 */

const NATS_URL = process.env.EVENTS_NATS_URL ?? 'nats://127.0.0.1:4222';
const NAMESPACE = `t${randomBytes(5).toString('hex')}`;
const FOLLOW_ORDER = print(FollowOrderDocument);
const FOLLOW_QUEUE = print(FollowPickupQueueDocument);
const FOLLOW_SHELF = print(FollowShelfDocument);
const FOLLOW_CUSTOMER = print(FollowCustomerDocument);

interface FollowedOrder {
  orderStatusChanged: { id: string; status: string } | null;
}
interface FollowedShelf {
  stockChanged: { sku: string; location: { id: string }; onHand: number; available: number }[];
}
interface FollowedCustomer {
  customerActivity: { orderHistory: { edges: { node: { id: string } }[] } } | null;
}
interface FollowedQueue {
  pickupQueueChanged: { pickupQueue: { edges: { node: { id: string } }[] } } | null;
}

let counter = 0;
const key = (label: string) => `${label}-${Date.now()}-${(counter += 1)}`;
const codesOf = (message: LiveMessage<unknown> | unknown) =>
  Array.isArray(message) ? message.map((error: { extensions?: { code?: string } }) => error.extensions?.code) : message;

describe('live updates (issue 17)', () => {
  let world: World;
  let system: RunningSystem;
  let shopper: Shopper;
  let other: Shopper;
  const signAs = signerFor(() => system);
  const open: Subscribed<unknown>[] = [];

  async function authorizationOf(login: string): Promise<string> {
    return (await signAs(login)).authorization;
  }
  async function follow<T>(query: string, variables: Record<string, unknown>, login: string | null, lastEventId?: string) {
    const subscribed = subscribeOverWebSocket<T>(system.gatewayUrl, query, variables, {
      authorization: login === null ? undefined : await authorizationOf(login),
      lastEventId,
    });
    open.push(subscribed as Subscribed<unknown>);
    return subscribed;
  }
  async function run<T>(query: string, variables: object, login: string | null): Promise<T> {
    const answer = await execute<T, object>(system.gatewayUrl, query, variables, await signAs(login));
    expect(answer.errors).toBeUndefined();
    return answer.data!;
  }

  /** A SKU the store has at least two of. */
  async function stockedAtStore(store: string): Promise<string> {
    for (const product of world.products) {
      const { productVariant } = await run<{ productVariant: { stockAt: { available: number } | null } }>(
        `query($sku: String!, $at: ID!) { productVariant(sku: $sku) { stockAt(locationId: $at) { available } } }`,
        { sku: product.sku, at: locationId(store) },
        null,
      );
      if ((productVariant.stockAt?.available ?? 0) >= 2) return product.sku;
    }
    throw new Error(`nothing in stock at ${store}`);
  }

  /** The shopper checks out in the app for pickup at the store: the order's id. */
  async function checkoutForPickup(as: Shopper, store: string, sku: string): Promise<string> {
    const { createCart } = await run<{ createCart: { cart: { id: string } } }>(
      `mutation($input: CreateCartInput!) { createCart(input: $input) { cart { id } } }`,
      { input: { customerId: as.customerId, idempotencyKey: key('cart') } },
      as.login,
    );
    await run(
      `mutation($input: AddCartLineInput!) { addCartLine(input: $input) { userErrors { code } } }`,
      { input: { cartId: createCart.cart.id, sku, quantity: 1, idempotencyKey: key('line') } },
      as.login,
    );
    const { checkout } = await run<{ checkout: { order: { id: string; status: string } | null; userErrors: unknown[] } }>(
      `mutation($input: CheckoutInput!) { checkout(input: $input) { order { id status } userErrors { code message } } }`,
      {
        input: {
          cartId: createCart.cart.id,
          fulfilment: 'PICKUP_IN_STORE',
          pickupLocationId: locationId(store),
          address: SHOPPER_ADDRESS,
          paymentMethod: 'PAY_IN_STORE',
          channel: 'APP',
          idempotencyKey: key('checkout'),
        },
      },
      as.login,
    );
    expect(checkout.userErrors).toEqual([]);
    expect(checkout.order!.status).toBe('READY_FOR_PICKUP');
    return checkout.order!.id;
  }

  async function handOver(orderId: string, store: string): Promise<void> {
    const { handOverPickup } = await run<{ handOverPickup: { order: { status: string } | null; userErrors: unknown[] } }>(
      `mutation($input: PickupHandoverInput!) { handOverPickup(input: $input) { order { status } userErrors { code message } } }`,
      {
        input: { orderId, storeLocationId: locationId(store), workstationId: 1, associateId: 'NV100', idempotencyKey: key('handover') },
      },
      associateAt(store),
    );
    expect(handOverPickup.userErrors).toEqual([]);
    expect(handOverPickup.order!.status).toBe('COMPLETED');
  }

  beforeAll(async () => {
    world = generateWorld({ seed: 17, size: 'small' });
    [shopper, other] = shoppersOf(world);
    system = await startSystem({
      world,
      personas: journeyPersonas(world, [shopper, other]),
      env: {
        LOG_LEVEL: 'silent',
        IDENTITY_SYNC_INTERVAL_MS: '0',
        COMMERCE_PICKUP_SWEEP_MS: '0',
        SUBGRAPH_TIMEOUT_MS: '20000',
        POS_FEED_POLL_MS: '250',
        EVENTS_NATS_URL: NATS_URL,
        EVENTS_NAMESPACE: NAMESPACE,
        ...QUIET_MARKETPLACE,
      },
    });
  }, 120_000);
  afterEach(async () => {
    await Promise.all(open.splice(0).map((subscribed) => subscribed.close()));
  });
  afterAll(async () => {
    await system?.stop();
    // This run's stream on the shared broker.
    const nc = await connect({ servers: NATS_URL });
    await (await jetstreamManager(nc)).streams.delete(`${NAMESPACE.toUpperCase()}_EVENTS`).catch(() => false);
    await nc.close();
  });

  it('the app sees its order move from READY_FOR_PICKUP to COMPLETED, and the store tablet its queue change', async () => {
    const store = world.stores[0].plant;
    const sku = await stockedAtStore(store);
    const tablet = await follow<FollowedQueue>(FOLLOW_QUEUE, { storeId: locationId(store) }, associateAt(store));
    const orderId = await checkoutForPickup(shopper, store, sku);
    await tablet.until((m) => !!m.data?.pickupQueueChanged?.pickupQueue.edges.some((edge) => edge.node.id === orderId));

    const app = await follow<FollowedOrder>(FOLLOW_ORDER, { orderId }, shopper.login);
    await handOver(orderId, store);
    const completed = await app.until((m) => m.data?.orderStatusChanged?.status === 'COMPLETED');
    expect(completed.errors).toBeUndefined();
    expect(completed.extensions?.eventId).toMatch(/^\d+$/);
    await tablet.until((m) => !!m.data && !m.data.pickupQueueChanged!.pickupQueue.edges.some((edge) => edge.node.id === orderId));
  }, 60_000);

  it("refuses a customer's subscription to another customer's order, and anyone's without a sign-in", async () => {
    const store = world.stores[1].plant;
    const orderId = await checkoutForPickup(other, store, await stockedAtStore(store));
    const refused = await follow<FollowedOrder>(FOLLOW_ORDER, { orderId }, shopper.login);
    expect(codesOf(await refused.ended)).toEqual(['FORBIDDEN']);
    const anonymous = await follow<FollowedOrder>(FOLLOW_ORDER, { orderId }, null);
    expect(codesOf(await anonymous.ended)).toEqual(['UNAUTHENTICATED']);
    const otherStore = await follow<FollowedQueue>(FOLLOW_QUEUE, { storeId: locationId(store) }, associateAt(world.stores[0].plant));
    expect(codesOf(await otherStore.ended)).toContain('FORBIDDEN');
  }, 60_000);

  it('answers bad input with a coded error that names nothing internal, and changes nothing', async () => {
    const misspelt = await follow(`subscription { orderStatusChanged(orderId: "x") { statuss } }`, {}, 'agent');
    const [error] = (await misspelt.ended) as { message: string; extensions: { code: string } }[];
    expect(error.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(error.message).not.toMatch(/Did you mean/);
    const resumeFromNowhere = await follow(FOLLOW_ORDER, { orderId: 'x' }, 'agent', 'yesterday');
    expect(codesOf(await resumeFromNowhere.ended)).toEqual(['BAD_USER_INPUT']);
    const tooMany = await follow(
      `subscription($skus: [String!]!) { stockChanged(skus: $skus) { sku } }`,
      { skus: Array.from({ length: 51 }, (_, i) => `SKU-${i}`) },
      null,
    );
    const refused = (await tooMany.ended) as { message: string; extensions: { code: string } }[];
    expect(codesOf(refused)).toEqual(['BAD_USER_INPUT']);
    expect(JSON.stringify(refused)).not.toMatch(/stack|127\.0\.0\.1|warehouse|sap/i);
  }, 60_000);

  it('a stock subscriber (a product page, over SSE) sees a sale rung up at the till of its store', async () => {
    const store = world.stores[2];
    const sku = await stockedAtStore(store.plant);
    const shelf = subscribeOverSse<FollowedShelf>(system.gatewayUrl, FOLLOW_SHELF, { skus: [sku], storeIds: [locationId(store.plant)] });
    open.push(shelf as Subscribed<unknown>);
    // A shopper's map: the SKU at every store within a kilometre of where they stand (the store's door).
    const near = { latitude: store.latitude, longitude: store.longitude };
    const nearby = await follow<{ stockChanged: { location: { id: string }; onHand: number }[] }>(
      `subscription($skus: [String!]!, $near: GeoPointInput!) { stockChanged(skus: $skus, near: $near, radiusKm: 1) { location { id } onHand } }`,
      { skus: [sku], near },
      null,
    );
    const { stockLevels } = await run<{ stockLevels: { onHand: number }[] }>(
      `query($skus: [String!]!, $at: [ID!]) { stockLevels(skus: $skus, locationIds: $at) { onHand } }`,
      { skus: [sku], at: [locationId(store.plant)] },
      null,
    );
    const before = stockLevels[0].onHand;
    // Subscribed: the stream answers the first change it is told of.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await PosClient.fromEnv({ POS_URL: system.legacyUrls.pos }).postTransaction({
      kind: 'Sale',
      retailStoreId: store.retailStoreId,
      workstationId: 3,
      operatorId: 'NV917',
      beginDateTime: storeLocalTime(clockFromEnv(system.env)()),
      lines: [{ sku, quantity: 1, unitPrice: 150_000n * 100n }],
    });
    const sold = await shelf.until((m) => m.data?.stockChanged[0]?.onHand === before - 1);
    expect(sold.data!.stockChanged).toEqual([
      expect.objectContaining({ sku, location: expect.objectContaining({ id: locationId(store.plant) }), onHand: before - 1 }),
    ]);
    const seenNearby = await nearby.until(
      (m) => !!m.data?.stockChanged.some((level) => level.location.id === locationId(store.plant) && level.onHand === before - 1),
    );
    const withinAKilometre = world.stores.filter((other) => distanceKm(near, other) <= 1).map((other) => locationId(other.plant));
    for (const level of seenNearby.data!.stockChanged) expect(withinAKilometre).toContain(level.location.id);
  }, 60_000);

  it('a reconnect with the last event id misses nothing that happened while it was away; one without it is told only what comes next', async () => {
    const store = world.stores[3].plant;
    const sku = await stockedAtStore(store);
    const tablet = await follow<FollowedQueue>(FOLLOW_QUEUE, { storeId: locationId(store) }, associateAt(store));
    const orderId = await checkoutForPickup(shopper, store, sku);
    const queued = await tablet.until((m) => !!m.data?.pickupQueueChanged?.pickupQueue.edges.some((edge) => edge.node.id === orderId));
    const lastEventId = queued.extensions!.eventId!;

    // The app is offline while the order is collected.
    await handOver(orderId, store);
    const resumed = await follow<FollowedOrder>(FOLLOW_ORDER, { orderId }, shopper.login, lastEventId);
    const fresh = await follow<FollowedOrder>(FOLLOW_ORDER, { orderId }, shopper.login);
    const caughtUp = await resumed.until((m) => m.data?.orderStatusChanged?.status === 'COMPLETED');
    expect(Number(caughtUp.extensions!.eventId)).toBeGreaterThan(Number(lastEventId));
    expect(fresh.messages).toEqual([]);
  }, 60_000);

  it('the call-center agent with a customer open sees the order they just placed in the app', async () => {
    const store = world.stores[4].plant;
    const sku = await stockedAtStore(store);
    const agent = await follow<FollowedCustomer>(FOLLOW_CUSTOMER, { customerId: shopper.customerId }, 'agent');
    const orderId = await checkoutForPickup(shopper, store, sku);
    const seen = await agent.until((m) => !!m.data?.customerActivity?.orderHistory.edges.some((edge) => edge.node.id === orderId));
    expect(seen.errors).toBeUndefined();
  }, 60_000);
});

describe('live updates and sign-in (issue 17)', () => {
  let world: World;
  let system: RunningSystem;
  const TOKEN_SECONDS = 4;

  beforeAll(async () => {
    world = generateWorld({ seed: 17, size: 'small' });
    system = await startSystem({
      world,
      subgraphs: ['ecommerce', 'warehouse'],
      personas: journeyPersonas(world, []),
      env: { LOG_LEVEL: 'silent', IDENTITY_PROVIDER_ACCESS_TOKEN_TTL_S: String(TOKEN_SECONDS) },
    });
  }, 120_000);
  afterAll(() => system?.stop());

  it('closes a connection whose token is not valid, and ends a subscription when its token expires', async () => {
    const storeId = locationId(world.stores[0].plant);
    const forged = subscribeOverWebSocket(system.gatewayUrl, FOLLOW_QUEUE, { storeId }, { authorization: 'Bearer not-a-token' });
    expect(await forged.ended).toMatchObject({ code: 4403 });
    await forged.close();

    const { authorization } = await headersAs(system, associateAt(world.stores[0].plant));
    const signedAt = Date.now();
    const tablet = subscribeOverWebSocket<FollowedQueue>(system.gatewayUrl, FOLLOW_QUEUE, { storeId }, { authorization });
    const expired = await tablet.until((m) => m.errors?.[0]?.extensions?.code === 'UNAUTHENTICATED');
    expect(expired.data).toBeUndefined();
    expect(await tablet.ended).toBeUndefined();
    expect(Date.now() - signedAt).toBeLessThan((TOKEN_SECONDS + 5) * 1000);
    await tablet.close();
  }, 60_000);
});
