import { randomUUID } from 'node:crypto';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { adminHeaders } from '../../legacy/kit/admin';
import type { World } from '../../legacy/seed/model';
import { generateWorld } from '../../legacy/seed/world';
import { clockFromEnv } from '../../lib/clock';
import { DomainEvent, NatsEventBus } from '../../lib/events';
import { encodeId, locationId, storeOrderId, storePlant } from '../../lib/ids';
import { SUBJECTS } from '../../lib/live-events';
import { EcommerceClient, webOrderId } from '../../connectors/ecommerce';
import { MarketplaceClient } from '../../connectors/marketplace';
import { parseTransactionKey, PosClient, storeLocalTime } from '../../connectors/pos';
import { RunningSystem, startSystem } from '../../scripts/system';
import { eventually } from '../support/eventually';
import { execute, GraphQLAnswer } from '../support/graphql';
import { associateAt, journeyPersonas, Shopper, shoppersOf, signerFor, SHOPPER_ADDRESS } from '../support/journey-personas';

/**
 * Issue 17's third point: every change is published once to the event bus, from wherever it comes
 * (commerce's mutations, the POS feed, the web shop's own back office, the marketplace's pushes), on
 * the real NATS JetStream under a namespace of this run's own, against the real stand-ins. Each test
 * makes a change as its channel would and reads what a subscriber to the bus is told.
 */

const NATS_URL = 'nats://127.0.0.1:4222';
const NAMESPACE = `t${randomUUID().replace(/-/g, '').slice(0, 12)}`;

const USER_ERRORS = 'userErrors { code message }';
const CREATE_CART = `mutation($input: CreateCartInput!) { createCart(input: $input) { cart { id lines { sku } } ${USER_ERRORS} } }`;
const ADD_LINE = `mutation($input: AddCartLineInput!) { addCartLine(input: $input) { cart { id } ${USER_ERRORS} } }`;
const UPDATE_LINE = `mutation($input: UpdateCartLineInput!) { updateCartLine(input: $input) { cart { id } ${USER_ERRORS} } }`;
const ORDER = 'order { id number status totals { total { amount currencyCode } refunded { amount } } }';
const CHECKOUT = `mutation($input: CheckoutInput!) { checkout(input: $input) { ${ORDER} ${USER_ERRORS} } }`;
const HANDOVER = `mutation($input: PickupHandoverInput!) { handOverPickup(input: $input) { ${ORDER} ${USER_ERRORS} } }`;
const COUNTER_SALE = `mutation($input: CounterSaleInput!) { sellAtCounter(input: $input) { ${ORDER} ${USER_ERRORS} } }`;
const RETURN = `mutation($input: StoreReturnInput!) { returnWebOrderInStore(input: $input) {
  ${ORDER} refunded { amount currencyCode } ${USER_ERRORS} } }`;
const STOCK = `query($sku: String!) { productVariant(sku: $sku) { stockLevels { location { id kind } available } } }`;

interface Order {
  id: string;
  number: string;
  status: string;
  totals: { total: { amount: string; currencyCode: string }; refunded: { amount: string } };
}
interface Payload {
  order: Order | null;
  userErrors: { code: string; message: string }[];
}

let keys = 0;
const key = (label: string) => `${label}-${NAMESPACE}-${(keys += 1)}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('where live events come from (issue 17)', () => {
  let world: World;
  let system: RunningSystem;
  let shopper: Shopper;
  let bus: NatsEventBus;
  let stopListening: () => Promise<void>;
  /** Everything the bus kept in this run's namespace, in stream order. */
  const seen: DomainEvent[] = [];
  const signAs = signerFor(() => system);

  async function mutation<T>(field: string, text: string, input: object, as: string | null): Promise<T> {
    const answer: GraphQLAnswer<Record<string, T>> = await execute(system.gatewayUrl, text, { input }, await signAs(as));
    expect(answer.errors).toBeUndefined();
    return answer.data![field];
  }

  const on = (subject: string, where: (data: Record<string, unknown>) => boolean = () => true) =>
    seen.filter((event) => event.subject === subject && where(event.data)).map((event) => event.data);
  /** The events on a subject that match, once at least one has come (or 15 s went by). */
  const published = (subject: string, where?: (data: Record<string, unknown>) => boolean) =>
    eventually(
      async () => on(subject, where),
      (found) => found.length > 0,
    );
  /** The events on a subject that match, once they have had time to be published twice. */
  async function settled(subject: string, where?: (data: Record<string, unknown>) => boolean) {
    await published(subject, where);
    // The POS feed is read every 250 ms and the web shop's orders every 300 ms: several rounds.
    await sleep(1_500);
    return on(subject, where);
  }

  /** A SKU with at least `minimum` available at a store, not used by another test. */
  const used = new Set<string>();
  async function stockedAtStore(minimum: number): Promise<{ sku: string; plant: string }> {
    for (const product of world.products) {
      if (used.has(product.sku)) continue;
      const answer = await execute<
        { productVariant: { stockLevels: { location: { id: string; kind: string }; available: number }[] } },
        object
      >(system.gatewayUrl, STOCK, { sku: product.sku });
      const level = answer.data!.productVariant.stockLevels.find((l) => l.location.kind === 'STORE' && l.available >= minimum);
      if (!level) continue;
      used.add(product.sku);
      return { sku: product.sku, plant: world.stores.find((store) => locationId(store.plant) === level.location.id)!.plant };
    }
    throw new Error('no SKU stocked at a store');
  }

  beforeAll(async () => {
    world = generateWorld({ seed: 17, size: 'small' });
    [shopper] = shoppersOf(world);
    system = await startSystem({
      world,
      personas: journeyPersonas(world, [shopper]),
      env: {
        LOG_LEVEL: 'silent',
        IDENTITY_SYNC_INTERVAL_MS: '0',
        SUBGRAPH_TIMEOUT_MS: '20000',
        EVENTS_NATS_URL: NATS_URL,
        EVENTS_NAMESPACE: NAMESPACE,
        COMMERCE_PICKUP_SWEEP_MS: '0',
        COMMERCE_LOYALTY_FOLLOW_MS: '300',
        POS_FEED_POLL_MS: '250',
        MARKETPLACE_POLL_MS: '1000',
        MARKETPLACE_PROMOTION_SYNC_MS: '0',
      },
    });
    bus = await NatsEventBus.open(NATS_URL, { namespace: NAMESPACE });
    // From the stream's start: what the system published while it started is seen too.
    stopListening = await bus.subscribe('>', (event) => void seen.push(event), { afterSequence: 0 });
  }, 120_000);

  afterAll(async () => {
    await stopListening?.();
    await bus?.close();
    if (!system) return;
    await system.stop();
    // This run's stream on the shared broker.
    const nc = await connect({ servers: NATS_URL });
    await (await jetstreamManager(nc)).streams.delete(`${NAMESPACE.toUpperCase()}_EVENTS`).catch(() => false);
    await nc.close();
  });

  it('publishes nothing of the history the followers read as they start', async () => {
    await sleep(1_500);
    expect(seen.filter((event) => event.subject.startsWith('sales.'))).toEqual([]);
  });

  describe('click & collect from the app', () => {
    let order: Order;
    let cartId: string;
    let sku: string;
    let plant: string;

    it('publishes the cart a customer opens', async () => {
      ({ sku, plant } = await stockedAtStore(2));
      const opened = await mutation<{ cart: { id: string; lines: { sku: string }[] } }>(
        'createCart',
        CREATE_CART,
        { customerId: shopper.customerId, idempotencyKey: key('cart') },
        shopper.login,
      );
      cartId = opened.cart.id;
      // Their one cart may hold what they put in it before: only this test's line is checked out.
      for (const line of opened.cart.lines)
        await mutation('updateCartLine', UPDATE_LINE, { cartId, sku: line.sku, quantity: 0, idempotencyKey: key('empty') }, shopper.login);
      const [cart] = await published(SUBJECTS.cart('WEB'), (data) => data.cartId === cartId);
      expect(cart).toEqual({ cartId, channel: 'WEB', locationId: null, at: expect.any(String) });
    });

    it('a checkout for pickup publishes its status, the store’s queue, the reserved stock, an APP sale and the customer’s activity', async () => {
      await mutation('addCartLine', ADD_LINE, { cartId, sku, quantity: 2, idempotencyKey: key('add') }, shopper.login);
      const placed = await mutation<Payload>(
        'checkout',
        CHECKOUT,
        {
          cartId,
          fulfilment: 'PICKUP_IN_STORE',
          pickupLocationId: locationId(plant),
          address: SHOPPER_ADDRESS,
          paymentMethod: 'PAY_IN_STORE',
          channel: 'APP',
          idempotencyKey: key('checkout'),
        },
        shopper.login,
      );
      expect(placed.userErrors).toEqual([]);
      order = placed.order!;
      const store = locationId(plant);

      expect(await published(SUBJECTS.orderStatus(order.id))).toContainEqual({
        orderId: order.id,
        status: 'READY_FOR_PICKUP',
        customerId: shopper.customerId,
      });
      expect(await published(SUBJECTS.pickupQueue(store))).toContainEqual({ locationId: store, orderId: order.id });
      expect(await published(SUBJECTS.stock(store, sku))).toContainEqual({ locationId: store, sku });
      const sales = await settled(SUBJECTS.sale('APP'), (data) => data.orderId === order.id);
      expect(sales).toEqual([
        {
          orderId: order.id,
          channel: 'APP',
          locationId: store,
          placedAt: expect.any(String),
          // What the order's total says through the gateway, to the dong.
          revenue: { amount: order.totals.total.amount, currency: order.totals.total.currencyCode },
          units: 2,
          clickAndCollect: true,
          cartId,
        },
      ]);
      expect(await published(SUBJECTS.customerActivity(shopper.customerId))).toContainEqual({
        customerId: shopper.customerId,
        kind: 'ORDER',
        subjectId: order.id,
      });
    });

    it('the hand-over at the counter publishes the order COMPLETED, and it leaves the store’s queue', async () => {
      const store = locationId(plant);
      const handed = await mutation<Payload>(
        'handOverPickup',
        HANDOVER,
        { orderId: order.id, storeLocationId: store, workstationId: 1, associateId: 'NV100', idempotencyKey: key('handover') },
        associateAt(plant),
      );
      expect(handed.userErrors).toEqual([]);
      expect(await published(SUBJECTS.orderStatus(order.id), (data) => data.status === 'COMPLETED')).toHaveLength(1);
      // In when it was placed, out now.
      const queue = await eventually(
        async () => on(SUBJECTS.pickupQueue(store), (data) => data.orderId === order.id),
        (found) => found.length === 2,
      );
      expect(queue).toHaveLength(2);
    });
  });

  describe('the stores’ tills', () => {
    const PRICE = 150_000;

    it('a sale rung up at a till publishes the stock it took at that store and one STORE sale; its return one STORE return', async () => {
      const { sku, plant } = await stockedAtStore(1);
      const retailStoreId = world.stores.find((store) => store.plant === plant)!.retailStoreId;
      const pos = PosClient.fromEnv({ POS_URL: system.legacyUrls.pos });
      const now = () => storeLocalTime(clockFromEnv(system.env)());
      const posted = await pos.postTransaction({
        kind: 'Sale',
        retailStoreId,
        workstationId: 4,
        operatorId: 'NV901',
        beginDateTime: now(),
        lines: [{ sku, quantity: 1, unitPrice: BigInt(PRICE) * 100n }],
      });
      const orderId = storeOrderId({ key: posted.transactionKey });
      const store = locationId(storePlant(retailStoreId));

      expect(await published(SUBJECTS.stock(store, sku))).toContainEqual({ locationId: store, sku });
      expect(await settled(SUBJECTS.sale('STORE'), (data) => data.orderId === orderId)).toEqual([
        {
          orderId,
          channel: 'STORE',
          locationId: store,
          placedAt: expect.any(String),
          revenue: { amount: String(PRICE), currency: 'VND' },
          units: 1,
          clickAndCollect: false,
          cartId: null,
        },
      ]);

      const returned = await pos.postTransaction({
        kind: 'Return',
        retailStoreId,
        workstationId: 4,
        operatorId: 'NV901',
        beginDateTime: now(),
        returnOf: parseTransactionKey(posted.transactionKey)!,
        lines: [{ sku, quantity: 1, unitPrice: BigInt(PRICE) * 100n }],
      });
      expect(await settled(SUBJECTS.saleReturn('STORE'), (data) => data.orderId === orderId)).toEqual([
        {
          returnId: returned.transactionKey,
          orderId,
          channel: 'STORE',
          locationId: store,
          at: expect.any(String),
          refund: { amount: String(PRICE), currency: 'VND' },
          units: 1,
        },
      ]);
    });

    it('a counter sale through the graph publishes exactly one STORE sale, though the POS feed reads its receipt as every till’s', async () => {
      const { sku, plant } = await stockedAtStore(1);
      const sold = await mutation<Payload>(
        'sellAtCounter',
        COUNTER_SALE,
        {
          storeLocationId: locationId(plant),
          workstationId: 2,
          associateId: 'NV102',
          lines: [{ sku, quantity: 1 }],
          idempotencyKey: key('counter'),
        },
        associateAt(plant),
      );
      expect(sold.userErrors).toEqual([]);
      const order = sold.order!;
      const sales = await settled(SUBJECTS.sale('STORE'), (data) => data.orderId === order.id);
      expect(sales).toEqual([
        expect.objectContaining({
          orderId: order.id,
          locationId: locationId(plant),
          revenue: { amount: order.totals.total.amount, currency: order.totals.total.currencyCode },
          units: 1,
        }),
      ]);
      // Told by the sale and by the feed's follower, kept once.
      expect(on(SUBJECTS.orderStatus(order.id))).toEqual([{ orderId: order.id, status: 'COMPLETED', customerId: null }]);
      expect(on(SUBJECTS.stock(locationId(plant), sku)).length).toBeGreaterThanOrEqual(1);
    });
  });

  it('a store return of a web order publishes its refund as a return of the channel it was sold on, and its new status', async () => {
    const memoed = new Set(world.ecommerce.creditMemos.map((memo) => memo.orderId));
    const delivered = world.ecommerce.orders.find(
      (o) => o.status === 'complete' && !memoed.has(o.entityId) && o.shippingMethod === 'flatrate_flatrate',
    )!;
    const item = delivered.items[0];
    const store = world.stores[1];
    const orderId = webOrderId(delivered.incrementId);
    const returned = await mutation<Payload & { refunded: { amount: string; currencyCode: string } }>(
      'returnWebOrderInStore',
      RETURN,
      {
        orderId,
        storeLocationId: locationId(store.plant),
        workstationId: 1,
        associateId: 'NV120',
        lines: [{ sku: item.sku, quantity: 1 }],
        idempotencyKey: key('return'),
      },
      associateAt(store.plant),
    );
    expect(returned.userErrors).toEqual([]);
    // Placed in the web shop itself, before Omnigraph: a WEB sale. The till's return receipt records
    // the goods at no price: not a STORE return.
    expect(await settled(SUBJECTS.saleReturn('WEB'), (data) => data.orderId === orderId)).toEqual([
      {
        returnId: expect.any(String),
        orderId,
        channel: 'WEB',
        locationId: locationId(store.plant),
        at: expect.any(String),
        refund: { amount: returned.refunded.amount, currency: returned.refunded.currencyCode },
        units: 1,
      },
    ]);
    expect(on(SUBJECTS.saleReturn('STORE'), (data) => data.orderId === orderId)).toEqual([]);
    expect(on(SUBJECTS.orderStatus(orderId))).toContainEqual({ orderId, status: returned.order!.status, customerId: null });
    expect(await published(SUBJECTS.stock(locationId(store.plant), item.sku))).not.toEqual([]);
  });

  it('a web order changed in the web shop’s own back office publishes its new status, and a pickup cancelled there leaves its queue', async () => {
    const shop = EcommerceClient.fromEnv({ ECOMMERCE_URL: system.legacyUrls.ecommerce });
    const open = world.ecommerce.orders.filter((o) => o.status === 'processing');
    const cancelled = async (pickup: boolean) => {
      for (const candidate of open.filter((o) => (o.shippingMethod === 'instore_pickup') === pickup))
        if (await shop.cancelOrder(candidate.entityId)) return candidate;
      throw new Error('no open order the shop would cancel');
    };
    const delivery = await cancelled(false);
    expect(await published(SUBJECTS.orderStatus(webOrderId(delivery.incrementId)))).toContainEqual({
      orderId: webOrderId(delivery.incrementId),
      status: 'CANCELLED',
      customerId: null,
    });
    const pickup = await cancelled(true);
    const store = locationId(storePlant(pickup.pickupLocationCode!.replace('store_', '')));
    expect(await published(SUBJECTS.pickupQueue(store), (data) => data.orderId === webOrderId(pickup.incrementId))).toHaveLength(1);
  });

  it('a marketplace order pushed publishes its status and one MARKETPLACE sale', async () => {
    const marketplace = MarketplaceClient.fromEnv({
      MARKETPLACE_URL: system.legacyUrls.marketplace,
      OMNIGRAPH_CLOCK_OFFSET_MS: system.env.OMNIGRAPH_CLOCK_OFFSET_MS,
    });
    const stock = await marketplace.stock(await marketplace.listedSkus());
    const { sku } = stock.find((level) => level.available >= 1)!;
    const response = await fetch(`${system.legacyUrls.marketplace}/__admin/buyer/orders`, {
      method: 'POST',
      headers: { ...adminHeaders(), 'content-type': 'application/json' },
      body: JSON.stringify({ lines: [{ model_sku: sku, quantity: 1 }] }),
    });
    expect(response.status).toBe(201);
    const { order_sn: number } = (await response.json()) as { order_sn: string };
    const orderId = encodeId('MarketplaceOrder', number);
    expect(await published(SUBJECTS.orderStatus(orderId))).toContainEqual({ orderId, status: 'PENDING', customerId: null });
    const total = (await marketplace.order(number))!.totals.total;
    expect(await settled(SUBJECTS.sale('MARKETPLACE'), (data) => data.orderId === orderId)).toEqual([
      {
        orderId,
        channel: 'MARKETPLACE',
        locationId: null,
        placedAt: expect.any(String),
        revenue: { amount: total.amount, currency: total.currencyCode },
        units: 1,
        clickAndCollect: false,
        cartId: null,
      },
    ]);
  });
});
