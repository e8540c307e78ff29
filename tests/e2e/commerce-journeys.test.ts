import { adminHeaders } from '../../legacy/kit/admin';
import type { WebOrder, World } from '../../legacy/seed/model';
import { generateWorld } from '../../legacy/seed/world';
import { decodeId, locationId } from '../../lib/ids';
import { RunningSystem, startSystem } from '../../scripts/system';
import { WarehouseClient } from '../../connectors/warehouse';
import {
  AddToCartDocument,
  CheckoutForPickupDocument,
  HandOverDocument,
  OpenCartDocument,
  OrderStatusDocument,
  PickupQueueDocument,
  StoresWithStockDocument,
} from '../../operations/generated';
import { execute, GraphQLAnswer } from '../support/graphql';
import { associateAt, journeyPersonas, Shopper, shopperOfWebCustomer, shoppersOf, signerFor } from '../support/journey-personas';
import { QUIET_MARKETPLACE } from '../support/quiet-marketplace';

/**
 * Issue 4's journeys end to end: through the gateway, against the real stand-ins, with the commerce
 * subgraph's state in embedded SQLite. Each test checks what the customer, the associate and the
 * back-office systems would each see, each signed in as a real deployment signs them in: a customer
 * in their own app, store work by an associate of that store, the call center as the agent, and a
 * guest's cart and checkout anonymously.
 */

const ADDRESS = {
  firstName: 'Lan',
  lastName: 'Trần',
  street: ['12 Lê Lợi'],
  city: 'Hồ Chí Minh',
  phone: '0901234567',
  email: 'lan.tran@example.vn',
};

const CART_FIELDS = `cart { id active lines { sku quantity } } userErrors { code field message }`;
const CREATE_CART = `mutation($input: CreateCartInput!) { createCart(input: $input) { ${CART_FIELDS} } }`;
const ADD_LINE = `mutation($input: AddCartLineInput!) { addCartLine(input: $input) { ${CART_FIELDS} } }`;
const UPDATE_LINE = `mutation($input: UpdateCartLineInput!) { updateCartLine(input: $input) { ${CART_FIELDS} } }`;
const MERGE = `mutation($input: MergeGuestCartInput!) { mergeGuestCart(input: $input) { ${CART_FIELDS} } }`;
const ORDER_FIELDS = `id number status statusHistory { status note } fulfilment { method location { id } } totals { refunded { amount } }`;
const CHECKOUT = `mutation($input: CheckoutInput!) { checkout(input: $input) {
  order { ${ORDER_FIELDS} } fulfilledFrom { id } userErrors { code field message } } }`;
const ASSISTED = `mutation($input: AssistedOrderInput!) { placeAssistedOrder(input: $input) {
  order { ${ORDER_FIELDS} } fulfilledFrom { id } userErrors { code field message } } }`;
const COUNTER_SALE = `mutation($input: CounterSaleInput!) { sellAtCounter(input: $input) { order { id number lines { sku quantity } } userErrors { code message } } }`;
const HANDOVER = `mutation($input: PickupHandoverInput!) { handOverPickup(input: $input) { order { ${ORDER_FIELDS} } userErrors { code message } } }`;

const RETURN = `mutation($input: StoreReturnInput!) { returnWebOrderInStore(input: $input) {
  order { ${ORDER_FIELDS} } refunded { amount currencyCode } pointsTakenBack userErrors { code field message } } }`;
const STOCK = `query($sku: String!) { productVariant(sku: $sku) { stockLevels { location { id kind } onHand reserved available } } }`;
const CUSTOMER = `query($id: ID!) { customer(id: $id) { openCarts { id lines { sku quantity } } orderHistory(first: 50) { edges { node { id status } } } } }`;
const PICKUP_QUEUE = `query($id: ID!) { location(id: $id) { pickupQueue(first: 100) { edges { node { id number } } } } }`;

interface UserError {
  code: string;
  field: string[] | null;
  message: string;
}
interface CartAnswer {
  cart: { id: string; active: boolean; lines: { sku: string; quantity: number }[] } | null;
  userErrors: UserError[];
}
interface Order {
  id: string;
  number: string;
  status: string;
  statusHistory: { status: string; note: string | null }[];
  fulfilment: { method: string; location: { id: string } | null };
  totals: { refunded: { amount: string } };
}
interface CheckoutAnswer {
  order: Order | null;
  fulfilledFrom: { id: string } | null;
  userErrors: UserError[];
}
interface Level {
  location: { id: string; kind: string };
  onHand: number;
  reserved: number;
  available: number;
}

/** Reads until the answer satisfies the check (read models that follow a feed), at most ten seconds. */
async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<NonNullable<T>> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value as NonNullable<T>;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

let keyCounter = 0;
const key = (label: string) => `${label}-${Date.now()}-${(keyCounter += 1)}`;

/** The call-center agent: reads any customer and their orders. */
const AGENT = 'agent';
/** A guest: no token. */
const GUEST = null;

/** A completed web order of a loyalty member, with points earned on it, not refunded yet: the one a customer brings back to a store. */
function deliveredOrderWithPoints(world: World): { order: WebOrder; points: number } {
  const earned = new Map(
    world.crm.loyaltyEntries
      .filter((entry) => entry.origin.startsWith('web:') && entry.points > 0)
      .map((entry) => [entry.origin.slice(4), entry]),
  );
  const order = world.ecommerce.orders.find(
    (candidate) =>
      candidate.status === 'complete' &&
      earned.has(candidate.incrementId) &&
      candidate.items.some((item) => item.qtyOrdered >= 1) &&
      !world.ecommerce.creditMemos.some((memo) => memo.orderId === candidate.entityId),
  )!;
  expect(order).toBeDefined();
  return { order, points: earned.get(order.incrementId)!.points };
}

describe('selling across channels (issue 4)', () => {
  let world: World;
  let system: RunningSystem;
  let erp: WarehouseClient;
  /** The customers the journeys work for, each signing in to the app as themselves. */
  let shoppers: { cart: Shopper; merge: Shopper; aisle: Shopper; returning: Shopper };
  const signAs = signerFor(() => system);

  /** Runs an operation as a persona (its login), or as a guest. */
  async function run<T>(text: string, variables: object, as: string | null = GUEST): Promise<GraphQLAnswer<T>> {
    return execute<T, object>(system.gatewayUrl, text, variables, await signAs(as));
  }
  async function mutation<T>(field: string, text: string, input: object, as: string | null = GUEST): Promise<T> {
    const answer = await run<Record<string, T>>(text, { input }, as);
    expect(answer.errors).toBeUndefined();
    return answer.data![field];
  }
  async function levels(sku: string): Promise<Level[]> {
    const answer = await run<{ productVariant: { stockLevels: Level[] } }>(STOCK, { sku });
    expect(answer.errors).toBeUndefined();
    return answer.data!.productVariant.stockLevels;
  }
  const levelAt = async (sku: string, plant: string) => (await levels(sku)).find((level) => level.location.id === locationId(plant));

  /** A shopper's customer as the identity subgraph knows them by their web email (the call center looks them up): the one their sign-in is linked to. */
  async function customerIdOf(shopper: Shopper): Promise<string> {
    const answer = await run<{ customerByIdentifier: { id: string } }>(
      `query($v: String!) { customerByIdentifier(identifier: { kind: EMAIL, value: $v }) { id } }`,
      { v: shopper.email },
      AGENT,
    );
    expect(answer.data!.customerByIdentifier.id).toBe(shopper.customerId);
    return answer.data!.customerByIdentifier.id;
  }

  /** A SKU with at least `minimum` available at a store and at a warehouse. */
  async function stockedSku(minimum: number, skip: Set<string>): Promise<{ sku: string; store: string; warehouse: string }> {
    for (const product of world.products) {
      if (skip.has(product.sku)) continue;
      const all = await levels(product.sku);
      const store = all.find((level) => level.location.kind === 'STORE' && level.available >= minimum);
      const warehouse = all.find((level) => level.location.kind === 'WAREHOUSE' && level.available >= minimum);
      if (store && warehouse) {
        skip.add(product.sku);
        return {
          sku: product.sku,
          store: decodeId('Location', store.location.id)!,
          warehouse: decodeId('Location', warehouse.location.id)!,
        };
      }
    }
    throw new Error('no stocked SKU in the world');
  }
  const used = new Set<string>();

  async function guestCartWith(lines: [string, number][]): Promise<string> {
    const created = await mutation<CartAnswer>('createCart', CREATE_CART, { idempotencyKey: key('cart') });
    for (const [sku, quantity] of lines) {
      const added = await mutation<CartAnswer>('addCartLine', ADD_LINE, {
        cartId: created.cart!.id,
        sku,
        quantity,
        idempotencyKey: key('add'),
      });
      expect(added.userErrors).toEqual([]);
    }
    return created.cart!.id;
  }

  beforeAll(async () => {
    world = generateWorld({ seed: 11, size: 'small' });
    const [cart, merge, aisle] = shoppersOf(world);
    shoppers = { cart, merge, aisle, returning: shopperOfWebCustomer(world, deliveredOrderWithPoints(world).order.customerId!) };
    system = await startSystem({
      world,
      personas: journeyPersonas(world, Object.values(shoppers)),
      env: {
        LOG_LEVEL: 'silent',
        IDENTITY_SYNC_INTERVAL_MS: '0',
        COMMERCE_STATE_FILE: ':memory:',
        COMMERCE_PICKUP_SWEEP_MS: '0',
        SUBGRAPH_TIMEOUT_MS: '20000',
        // 70 guest carts are made at once below: on a loaded 2-core box the shop's queue outlasts the
        // production attempt timeout (1.5 s), and a cart write is not retried.
        ECOMMERCE_TIMEOUT_MS: '5000',
        // Legacy calls are counted here: neither the marketplace's rounds nor commerce's web order
        // follower (its orders.list and customers.search every 5 s) may fall inside a measured checkout.
        COMMERCE_LOYALTY_FOLLOW_MS: '0',
        // Nor the catalogue and partner followers' searches every second; and stock is moved in the ERP
        // directly here (no stock event), then read at once: the stock figures are never cached.
        ECOMMERCE_CATALOGUE_FOLLOW_MS: '0',
        WAREHOUSE_MOVEMENTS_FOLLOW_MS: '0',
        CRM_PROFILE_FOLLOW_MS: '0',
        WAREHOUSE_STOCK_CACHE_MS: '0',
        ...QUIET_MARKETPLACE,
      },
    });
    erp = WarehouseClient.fromEnv({ WAREHOUSE_URL: system.legacyUrls.warehouse });
  }, 120_000);
  afterAll(() => system.stop());

  const SYSTEMS = ['ecommerce', 'warehouse', 'pos'];
  /** Follower polls of the till feed run on their own timers, whatever the graph is asked. */
  const FOLLOWER_OPERATIONS = new Set(['readTransactionFeed', 'getEndOfDayBatch']);
  /** The stand-ins' admin routes, with the admin token of the environment they were started with. */
  const admin = (legacySystem: string, path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) =>
    fetch(`${system.legacyUrls[legacySystem]}/__admin/${path}`, { ...init, headers: { ...adminHeaders(system.env), ...init.headers } });
  const callsOf = async (legacySystem: string) =>
    ((await (await admin(legacySystem, 'calls')).json()) as { byOperation: Record<string, number> }).byOperation;
  /** The calls each system received between two readings of callsOf, follower polls left out. */
  const since = (before: Record<string, number>, after: Record<string, number>) =>
    Object.fromEntries(
      Object.entries(after)
        .filter(([operation, n]) => !FOLLOWER_OPERATIONS.has(operation) && n > (before[operation] ?? 0))
        .map(([operation, n]) => [operation, n - (before[operation] ?? 0)]),
    );

  describe('1. one cart everywhere', () => {
    it('is the same cart on the app, the website and a store tablet', async () => {
      const shopper = shoppers.cart;
      const customerId = await customerIdOf(shopper);
      const { sku } = await stockedSku(2, used);
      const onApp = await mutation<CartAnswer>('createCart', CREATE_CART, { customerId, idempotencyKey: key('app') }, shopper.login);
      const onTablet = await mutation<CartAnswer>(
        'createCart',
        CREATE_CART,
        { customerId, idempotencyKey: key('tablet') },
        associateAt(world.stores[0].plant),
      );
      expect(onTablet.cart!.id).toBe(onApp.cart!.id);
      await mutation('addCartLine', ADD_LINE, { cartId: onApp.cart!.id, sku, quantity: 1, idempotencyKey: key('add') }, shopper.login);
      const seen = await run<{ customer: { openCarts: { id: string; lines: { sku: string; quantity: number }[] }[] } }>(
        CUSTOMER,
        { id: customerId },
        AGENT,
      );
      const cart = seen.data!.customer.openCarts.find((open) => open.id === onApp.cart!.id)!;
      expect(cart.lines).toContainEqual({ sku, quantity: 1 });
    });

    it('merges a guest cart on sign-in: a SKU in both keeps the larger quantity, and the guest cart is emptied', async () => {
      // Shopping as a guest, then signing in to the app: the merge is the signed-in customer's.
      const shopper = shoppers.merge;
      const customerId = await customerIdOf(shopper);
      const { sku: both } = await stockedSku(3, used);
      const { sku: guestOnly } = await stockedSku(2, used);
      const mine = await mutation<CartAnswer>('createCart', CREATE_CART, { customerId, idempotencyKey: key('mine') }, shopper.login);
      await mutation(
        'updateCartLine',
        UPDATE_LINE,
        { cartId: mine.cart!.id, sku: both, quantity: 0, idempotencyKey: key('clear') },
        shopper.login,
      ).catch(() => null);
      await mutation('addCartLine', ADD_LINE, { cartId: mine.cart!.id, sku: both, quantity: 1, idempotencyKey: key('add') }, shopper.login);
      const guest = await guestCartWith([
        [both, 3],
        [guestOnly, 2],
      ]);
      const merged = await mutation<CartAnswer>(
        'mergeGuestCart',
        MERGE,
        { guestCartId: guest, customerId, idempotencyKey: key('merge') },
        shopper.login,
      );
      expect(merged.userErrors).toEqual([]);
      expect(merged.cart!.id).toBe(mine.cart!.id);
      expect(merged.cart!.lines).toEqual(
        expect.arrayContaining([
          { sku: both, quantity: 3 },
          { sku: guestOnly, quantity: 2 },
        ]),
      );
      const masked = decodeId('Cart', guest)!.replace(/^guest-/, '');
      const guestItems = await fetch(`${system.legacyUrls.ecommerce}/rest/V1/guest-carts/${masked}/items`);
      expect(await guestItems.json()).toEqual([]);
    });

    it('answers a retried add once, however many copies arrive at once, and refuses the key with other input', async () => {
      const { sku } = await stockedSku(5, used);
      const cartId = await guestCartWith([]);
      const input = { cartId, sku, quantity: 2, idempotencyKey: key('storm') };
      const answers = await Promise.all(Array.from({ length: 12 }, () => mutation<CartAnswer>('addCartLine', ADD_LINE, input)));
      for (const answer of answers) expect(answer.cart!.lines).toEqual([{ sku, quantity: 2 }]);
      const reused = await mutation<CartAnswer>('addCartLine', ADD_LINE, { ...input, quantity: 3 });
      expect(reused.userErrors.map((e) => e.code)).toEqual(['IDEMPOTENCY_KEY_REUSED']);
      expect(reused.cart).toBeNull();
    });

    it('refuses bad input with typed userErrors and changes nothing', async () => {
      const { sku } = await stockedSku(1, used);
      const cartId = await guestCartWith([[sku, 1]]);
      const zero = await mutation<CartAnswer>('addCartLine', ADD_LINE, { cartId, sku, quantity: 0, idempotencyKey: key('bad') });
      expect(zero.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_QUANTITY', field: ['input', 'quantity'] })]);
      const unknown = await mutation<CartAnswer>('addCartLine', ADD_LINE, {
        cartId,
        sku: 'NO-SUCH-SKU',
        quantity: 1,
        idempotencyKey: key('bad'),
      });
      expect(unknown.userErrors.map((e) => e.code)).toEqual(['UNKNOWN_SKU']);
      const notACart = await mutation<CartAnswer>('addCartLine', ADD_LINE, {
        cartId: locationId('S101'),
        sku,
        quantity: 1,
        idempotencyKey: key('bad'),
      });
      expect(notACart.userErrors.map((e) => e.code)).toEqual(['INVALID_ID']);
      const emptyKey = await run(ADD_LINE, { input: { cartId, sku, quantity: 1, idempotencyKey: '' } });
      expect(emptyKey.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      const after = await mutation<CartAnswer>('updateCartLine', UPDATE_LINE, { cartId, sku, quantity: 1, idempotencyKey: key('same') });
      expect(after.cart!.lines).toEqual([{ sku, quantity: 1 }]);
      expect(JSON.stringify([zero, unknown, notACart, emptyKey])).not.toMatch(/magento|odoo|sap|stack|127\.0\.0\.1/i);
    });
  });

  describe('2. checkout with a fulfilment choice', () => {
    it('click & collect: reserves at the store, queues it there, completes at the counter handover', async () => {
      const { sku, store } = await stockedSku(2, used);
      const before = (await levelAt(sku, store))!;
      const cartId = await guestCartWith([[sku, 2]]);
      const placed = await mutation<CheckoutAnswer>('checkout', CHECKOUT, {
        cartId,
        fulfilment: 'PICKUP_IN_STORE',
        pickupLocationId: locationId(store),
        address: ADDRESS,
        paymentMethod: 'PAY_IN_STORE',
        channel: 'APP',
        idempotencyKey: key('checkout'),
      });
      expect(placed.userErrors).toEqual([]);
      expect(placed.fulfilledFrom).toEqual({ id: locationId(store) });
      expect(placed.order).toMatchObject({
        status: 'READY_FOR_PICKUP',
        fulfilment: { method: 'PICKUP_IN_STORE', location: { id: locationId(store) } },
      });
      const reservedNow = (await levelAt(sku, store))!;
      expect(reservedNow.reserved).toBe(before.reserved + 2);
      expect(reservedNow.available).toBe(before.available - 2);
      const [reservation] = await erp.reservationsOfRecipient(placed.order!.number);
      expect(reservation.items).toEqual([expect.objectContaining({ material: sku, plant: store, required: 2, deleted: false })]);

      const queue = await run<{ location: { pickupQueue: { edges: { node: { id: string } }[] } } }>(
        PICKUP_QUEUE,
        { id: locationId(store) },
        associateAt(store),
      );
      expect(queue.data!.location.pickupQueue.edges.map((edge) => edge.node.id)).toContain(placed.order!.id);

      const wrongStore = world.stores.find((s) => s.plant !== store)!;
      const refused = await mutation<{ userErrors: UserError[] }>(
        'handOverPickup',
        HANDOVER,
        {
          orderId: placed.order!.id,
          storeLocationId: locationId(wrongStore.plant),
          workstationId: 1,
          associateId: 'NV100',
          idempotencyKey: key('handover'),
        },
        associateAt(wrongStore.plant),
      );
      expect(refused.userErrors.map((e) => e.code)).toEqual(['NOT_AWAITING_PICKUP']);

      const handed = await mutation<{ order: Order; userErrors: UserError[] }>(
        'handOverPickup',
        HANDOVER,
        {
          orderId: placed.order!.id,
          storeLocationId: locationId(store),
          workstationId: 1,
          associateId: 'NV100',
          idempotencyKey: key('handover'),
        },
        associateAt(store),
      );
      expect(handed.userErrors).toEqual([]);
      expect(handed.order.status).toBe('COMPLETED');
      // The reservation is gone and the units left the shelf: the till's handover counts until end of day
      // books it, once the pos subgraph's feed follower has read it (it polls every POS_FEED_POLL_MS).
      const after = await eventually(
        () => levelAt(sku, store),
        (level) => level!.onHand === before.onHand - 2,
      );
      expect(after.reserved).toBe(before.reserved);
      expect(after.onHand).toBe(before.onHand - 2);
      expect(after.available).toBe(before.available - 2);
      const queueAfter = await run<{ location: { pickupQueue: { edges: { node: { id: string } }[] } } }>(
        PICKUP_QUEUE,
        { id: locationId(store) },
        associateAt(store),
      );
      expect(queueAfter.data!.location.pickupQueue.edges.map((edge) => edge.node.id)).not.toContain(placed.order!.id);
    });

    it('runs as the README walks through it, with the typed operations of operations/click-and-collect.graphql', async () => {
      const { sku, store } = await stockedSku(1, used);
      const near = world.stores.find((s) => s.plant === store)!;
      const opened = await execute(system.gatewayUrl, OpenCartDocument, { idempotencyKey: key('readme') }, await signAs(GUEST));
      const cartId = opened.data!.createCart.cart!.id;
      const added = await execute(
        system.gatewayUrl,
        AddToCartDocument,
        { cartId, sku, quantity: 1, idempotencyKey: key('readme') },
        await signAs(GUEST),
      );
      expect(added.data!.addCartLine.cart!.lines).toEqual([expect.objectContaining({ sku, quantity: 1 })]);
      const nearby = await execute(
        system.gatewayUrl,
        StoresWithStockDocument,
        { sku, near: { latitude: near.latitude, longitude: near.longitude } },
        await signAs(GUEST),
      );
      expect(nearby.data!.productVariant!.nearbyAvailability!.map((n) => n.location.id)).toContain(locationId(store));
      const placed = await execute(
        system.gatewayUrl,
        CheckoutForPickupDocument,
        { cartId, storeId: locationId(store), address: ADDRESS, idempotencyKey: key('readme') },
        await signAs(GUEST),
      );
      const order = placed.data!.checkout.order!;
      expect(order.status).toBe('READY_FOR_PICKUP');
      const queue = await execute(system.gatewayUrl, PickupQueueDocument, { storeId: locationId(store) }, await signAs(associateAt(store)));
      expect(queue.data!.location!.pickupQueue.edges.map((edge) => edge.node.id)).toContain(order.id);
      const handed = await execute(
        system.gatewayUrl,
        HandOverDocument,
        { orderId: order.id, storeId: locationId(store), workstationId: 1, associateId: 'NV100', idempotencyKey: key('readme') },
        await signAs(associateAt(store)),
      );
      expect(handed.data!.handOverPickup.order!.status).toBe('COMPLETED');
      const seen = await execute(system.gatewayUrl, OrderStatusDocument, { id: order.id }, await signAs(AGENT));
      expect(seen.data!.order!.statusHistory.map((entry) => entry.status)).toEqual(['READY_FOR_PICKUP', 'COMPLETED']);
    });

    it('ship to home reserves at a warehouse by default, and at a store when asked (ship from store)', async () => {
      const { sku, store } = await stockedSku(1, used);
      const fromWarehouse = await mutation<CheckoutAnswer>('checkout', CHECKOUT, {
        cartId: await guestCartWith([[sku, 1]]),
        fulfilment: 'SHIP_TO_HOME',
        address: ADDRESS,
        idempotencyKey: key('ship'),
      });
      expect(fromWarehouse.userErrors).toEqual([]);
      const plant = decodeId('Location', fromWarehouse.fulfilledFrom!.id)!;
      expect(world.warehouses.map((w) => w.plant)).toContain(plant);
      const fromStore = await mutation<CheckoutAnswer>('checkout', CHECKOUT, {
        cartId: await guestCartWith([[sku, 1]]),
        fulfilment: 'SHIP_TO_HOME',
        shipFromLocationId: locationId(store),
        address: ADDRESS,
        idempotencyKey: key('ship'),
      });
      expect(fromStore.userErrors).toEqual([]);
      expect(fromStore.fulfilledFrom).toEqual({ id: locationId(store) });
      expect((await erp.reservationsOfRecipient(fromStore.order!.number))[0].items[0]).toMatchObject({ plant: store, material: sku });
      expect(fromStore.order!.status).toBe('PROCESSING');
    });

    it('refuses a checkout the store cannot fill with INSUFFICIENT_STOCK, and an empty cart, changing nothing', async () => {
      const { sku, store } = await stockedSku(1, used);
      const level = (await levelAt(sku, store))!;
      const tooMany = await mutation<CheckoutAnswer>('checkout', CHECKOUT, {
        cartId: await guestCartWith([[sku, level.available + 1]]),
        fulfilment: 'PICKUP_IN_STORE',
        pickupLocationId: locationId(store),
        address: ADDRESS,
        idempotencyKey: key('co'),
      });
      expect(tooMany.userErrors.map((e) => e.code)).toEqual(['INSUFFICIENT_STOCK']);
      expect(tooMany.order).toBeNull();
      const empty = await mutation<CheckoutAnswer>('checkout', CHECKOUT, {
        cartId: await guestCartWith([]),
        fulfilment: 'PICKUP_IN_STORE',
        pickupLocationId: locationId(store),
        address: ADDRESS,
        idempotencyKey: key('co'),
      });
      expect(empty.userErrors.map((e) => e.code)).toEqual(['CART_EMPTY']);
      expect((await levelAt(sku, store))!).toEqual(level);
    });

    it('a checkout retried twenty times at once places one order and one reservation', async () => {
      const { sku, store } = await stockedSku(3, used);
      const before = (await levelAt(sku, store))!;
      const input = {
        cartId: await guestCartWith([[sku, 1]]),
        fulfilment: 'PICKUP_IN_STORE',
        pickupLocationId: locationId(store),
        address: ADDRESS,
        idempotencyKey: key('storm'),
      };
      const answers = await Promise.all(Array.from({ length: 20 }, () => mutation<CheckoutAnswer>('checkout', CHECKOUT, input)));
      const numbers = new Set(answers.map((answer) => answer.order?.number));
      expect(numbers.size).toBe(1);
      expect(answers.every((answer) => answer.userErrors.length === 0)).toBe(true);
      expect((await levelAt(sku, store))!.reserved).toBe(before.reserved + 1);
      expect(await erp.reservationsOfRecipient([...numbers][0]!)).toHaveLength(1);
    });
  });

  describe('3. never oversell', () => {
    it('100 concurrent checkouts and counter sales for 10 available units: exactly 10 succeed, and the systems reconcile', async () => {
      const { sku, store } = await stockedSku(1, used);
      const before = (await levelAt(sku, store))!;
      const delta = before.available - 10;
      // Bring the store to exactly 10 available: damaged stock aside (344) or a receipt (501).
      await erp
        .postGoodsMovement({
          reference: key('ADJ').slice(0, 16),
          headerText: 'Test stock adjustment',
          items: [{ material: sku, plant: store, movementType: delta > 0 ? '344' : '501', quantity: Math.abs(delta) }],
        })
        .catch((error: unknown) => (delta === 0 ? null : Promise.reject(error)));
      expect((await levelAt(sku, store))!.available).toBe(10);

      const carts = await Promise.all(Array.from({ length: 70 }, () => guestCartWith([[sku, 1]])));
      const retailStoreId = store.slice(1);
      const attempts = [
        ...carts.map(
          (cartId, i) => () =>
            mutation<CheckoutAnswer>('checkout', CHECKOUT, {
              cartId,
              fulfilment: 'PICKUP_IN_STORE',
              pickupLocationId: locationId(store),
              address: ADDRESS,
              channel: i % 2 ? 'WEB' : 'APP',
              idempotencyKey: key('race'),
            }).then((answer) => ({
              channel: 'web',
              ok: answer.userErrors.length === 0,
              codes: answer.userErrors.map((e) => e.code),
              order: answer.order?.number,
            })),
        ),
        ...Array.from(
          { length: 30 },
          (_, i) => () =>
            mutation<{ order: { id: string } | null; userErrors: UserError[] }>(
              'sellAtCounter',
              COUNTER_SALE,
              {
                storeLocationId: locationId(store),
                workstationId: 1 + (i % 2),
                associateId: `NV${200 + i}`,
                lines: [{ sku, quantity: 1 }],
                idempotencyKey: key('race'),
              },
              associateAt(store),
            ).then((answer) => ({
              channel: 'counter',
              ok: answer.userErrors.length === 0,
              codes: answer.userErrors.map((e) => e.code),
              order: answer.order?.id,
            })),
        ),
      ];
      const results = await Promise.all(attempts.map((attempt) => attempt()));
      const wins = results.filter((result) => result.ok);
      expect(wins).toHaveLength(10);
      expect(results.filter((result) => !result.ok).every((result) => result.codes.join() === 'INSUFFICIENT_STOCK')).toBe(true);

      const after = (await levelAt(sku, store))!;
      expect(after.available).toBe(0);
      expect(after.onHand).toBeGreaterThanOrEqual(0);
      // Reconcile: every web win holds one unit in the ERP under its order number, every counter win is a till sale.
      const webWins = wins.filter((win) => win.channel === 'web');
      const counterWins = wins.filter((win) => win.channel === 'counter');
      for (const win of webWins) {
        expect(await erp.reservationsOfRecipient(win.order!)).toEqual([
          expect.objectContaining({ items: [expect.objectContaining({ plant: store, material: sku, required: 1 })] }),
        ]);
      }
      expect(after.reserved).toBe(before.reserved + webWins.length);
      expect(after.onHand).toBe(10 + before.reserved - counterWins.length);
      const queue = await run<{ location: { pickupQueue: { edges: { node: { number: string } }[] } } }>(
        PICKUP_QUEUE,
        { id: locationId(store) },
        associateAt(store),
      );
      const queued = new Set(queue.data!.location.pickupQueue.edges.map((edge) => edge.node.number));
      for (const win of webWins) expect(queued.has(win.order!)).toBe(true);
      const feed = await fetch(`${system.legacyUrls.pos}/poslog/v1/stores/${retailStoreId}/transactions?sinceSequence=0&limit=500`, {
        headers: { 'X-Api-Key': 'pos-dev-key' },
      });
      const xml = await feed.text();
      const counterSalesOfSku = counterWins.filter((win) => win.order).length;
      expect(counterSalesOfSku).toBe(counterWins.length);
      expect(xml).toContain(sku);
    }, 180_000);
  });

  describe('4. endless aisle', () => {
    it('an associate orders for the customer at the counter, delivered from elsewhere, and it is in their history', async () => {
      const customerId = await customerIdOf(shoppers.aisle);
      const { sku, warehouse } = await stockedSku(1, used);
      const here = world.stores[0];
      const placed = await mutation<CheckoutAnswer>(
        'placeAssistedOrder',
        ASSISTED,
        {
          customerId,
          storeLocationId: locationId(here.plant),
          associateId: 'NV311',
          lines: [{ sku, quantity: 1 }],
          address: { ...ADDRESS, email: '' },
          idempotencyKey: key('aisle'),
        },
        associateAt(here.plant),
      );
      expect(placed.userErrors).toEqual([]);
      // A warehouse first (the one with the most to spare), never the store the customer is standing in.
      const warehouses = (await levels(sku)).filter((level) => level.location.kind === 'WAREHOUSE');
      const chosen = warehouses.find((level) => level.location.id === placed.fulfilledFrom!.id)!;
      expect(chosen).toBeDefined();
      for (const other of warehouses) expect(chosen.available + 1).toBeGreaterThanOrEqual(other.available);
      expect(warehouse).toBeDefined();
      expect(placed.order!.statusHistory.map((entry) => entry.note).join(' ')).toContain(`store ${here.retailStoreId} by associate NV311`);
      const history = await run<{ customer: { orderHistory: { edges: { node: { id: string } }[] } } }>(CUSTOMER, { id: customerId }, AGENT);
      expect(history.data!.customer.orderHistory.edges.map((edge) => edge.node.id)).toContain(placed.order!.id);
    });

    it('refuses an unknown SKU and a warehouse as the associate’s store', async () => {
      const customerId = await customerIdOf(shoppers.aisle);
      const unknown = await mutation<CheckoutAnswer>(
        'placeAssistedOrder',
        ASSISTED,
        {
          customerId,
          storeLocationId: locationId(world.stores[0].plant),
          associateId: 'NV311',
          lines: [{ sku: 'NOPE', quantity: 1 }],
          address: ADDRESS,
          idempotencyKey: key('aisle'),
        },
        associateAt(world.stores[0].plant),
      );
      expect(unknown.userErrors).toEqual([expect.objectContaining({ code: 'UNKNOWN_SKU', field: ['input', 'lines', '0', 'sku'] })]);
      // An associate works only at their own store, so a warehouse is refused them before any rule of the order;
      // the call center orders from anywhere, so for the agent it is the order's own rule that refuses it.
      const warehouseInput = {
        customerId,
        storeLocationId: locationId(world.warehouses[0].plant),
        associateId: 'NV311',
        lines: [{ sku: world.products[0].sku, quantity: 1 }],
        address: ADDRESS,
        idempotencyKey: key('aisle'),
      };
      const byAssociate = await run(ASSISTED, { input: warehouseInput }, associateAt(world.stores[0].plant));
      expect(byAssociate.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
      const warehouse = await mutation<CheckoutAnswer>('placeAssistedOrder', ASSISTED, warehouseInput, AGENT);
      expect(warehouse.userErrors.map((e) => e.code)).toEqual(['NOT_A_STORE']);
    });
  });

  describe('5. return anywhere and 6. one status everywhere', () => {
    it('a delivered web order returned at a store: refunded online, damaged unit set aside, points taken back, the order shows it', async () => {
      // A completed web order of a loyalty member, with points earned on it and two units of one line: its customer brings it back.
      const { order, points } = deliveredOrderWithPoints(world);
      const item = order.items[0];
      const store = world.stores[1];
      const id = Buffer.from(`WebOrder:${order.incrementId}`).toString('base64url');
      const before = (await levelAt(item.sku, store.plant)) ?? { onHand: 0, available: 0, reserved: 0 };
      const input = {
        orderId: id,
        storeLocationId: locationId(store.plant),
        workstationId: 1,
        associateId: 'NV120',
        lines: [{ sku: item.sku, quantity: 1, condition: 'DAMAGED' }],
        idempotencyKey: key('return'),
      };
      const returned = await mutation<{ order: Order; refunded: { amount: string }; pointsTakenBack: number; userErrors: UserError[] }>(
        'returnWebOrderInStore',
        RETURN,
        input,
        associateAt(store.plant),
      );
      expect(returned.userErrors).toEqual([]);
      const unitPaid = Math.trunc((item.rowTotal - item.discountAmount) / item.qtyOrdered);
      expect(Number(returned.refunded.amount)).toBe(unitPaid);
      expect(returned.pointsTakenBack).toBe(Math.min(Math.trunc(unitPaid / 10_000), points));
      expect(Number(returned.order.totals.refunded.amount)).toBe(unitPaid);
      expect(['PARTIALLY_REFUNDED', 'REFUNDED']).toContain(returned.order.status);
      expect(returned.order.statusHistory.at(-1)!.note).toContain(`Returned at store ${store.retailStoreId}`);
      // Damaged: not back on sale.
      const after = (await levelAt(item.sku, store.plant)) ?? { onHand: 0, available: 0, reserved: 0 };
      expect(after.available).toBe(before.available);

      const again = await mutation<typeof returned>('returnWebOrderInStore', RETURN, input, associateAt(store.plant));
      expect(again).toEqual(returned);
      const more = await mutation<typeof returned>(
        'returnWebOrderInStore',
        RETURN,
        { ...input, lines: [{ sku: item.sku, quantity: item.qtyOrdered }], idempotencyKey: key('return') },
        associateAt(store.plant),
      );
      expect(more.userErrors.map((e) => e.code)).toEqual(['RETURN_QUANTITY_EXCEEDED']);

      // 6: the customer's app, the call center and the store see one status and one history.
      const views = await Promise.all(
        [shoppers.returning.login, AGENT, associateAt(store.plant)].map((as) =>
          run<{ order: Order }>(`query($id: ID!) { order(id: $id) { ${ORDER_FIELDS} } }`, { id }, as),
        ),
      );
      for (const view of views) expect(view.data!.order).toEqual(views[0].data!.order);
      expect(views[0].data!.order.status).toBe(returned.order.status);
    });

    it('a resellable return goes back on the store’s shelf', async () => {
      const order = world.ecommerce.orders.find(
        (candidate) =>
          candidate.status === 'complete' &&
          !world.ecommerce.creditMemos.some((memo) => memo.orderId === candidate.entityId) &&
          candidate.items[0].qtyOrdered >= 1 &&
          candidate.incrementId !== '',
      )!;
      const sku = order.items[order.items.length - 1].sku;
      const store = world.stores[0];
      const before = (await levelAt(sku, store.plant)) ?? { onHand: 0, available: 0 };
      const returned = await mutation<{ userErrors: UserError[] }>(
        'returnWebOrderInStore',
        RETURN,
        {
          orderId: Buffer.from(`WebOrder:${order.incrementId}`).toString('base64url'),
          storeLocationId: locationId(store.plant),
          workstationId: 1,
          associateId: 'NV121',
          lines: [{ sku, quantity: 1 }],
          idempotencyKey: key('return'),
        },
        associateAt(world.stores[0].plant),
      );
      expect(returned.userErrors).toEqual([]);
      const after = await eventually(
        () => levelAt(sku, store.plant),
        (level) => level?.onHand === before.onHand + 1,
      );
      expect(after.onHand).toBe(before.onHand + 1);
    });
  });

  describe('replaying an idempotency key', () => {
    const checkoutInput = async (sku: string, store: string, quantity: number) => ({
      cartId: await guestCartWith([[sku, quantity]]),
      fulfilment: 'PICKUP_IN_STORE',
      pickupLocationId: locationId(store),
      address: ADDRESS,
      paymentMethod: 'PAY_IN_STORE',
      channel: 'APP',
      idempotencyKey: key('replay'),
    });

    it('answers the same outcome, the order read as it is now: a checkout replayed after the handover is the same order, COMPLETED, and runs nothing again', async () => {
      const { sku, store } = await stockedSku(2, used);
      const input = await checkoutInput(sku, store, 1);
      const placed = await mutation<CheckoutAnswer>('checkout', CHECKOUT, input);
      expect(placed.userErrors).toEqual([]);
      expect(placed.order!.status).toBe('READY_FOR_PICKUP');
      const handed = await mutation<{ order: Order; userErrors: UserError[] }>(
        'handOverPickup',
        HANDOVER,
        {
          orderId: placed.order!.id,
          storeLocationId: locationId(store),
          workstationId: 1,
          associateId: 'NV100',
          idempotencyKey: key('handover'),
        },
        associateAt(store),
      );
      expect(handed.order.status).toBe('COMPLETED');

      const before = await Promise.all(SYSTEMS.map(callsOf));
      const replayed = await mutation<CheckoutAnswer>('checkout', CHECKOUT, input);
      const after = await Promise.all(SYSTEMS.map(callsOf));

      // The same outcome: the same order, fulfilled from the same store, the same (no) userErrors...
      expect(replayed).toMatchObject({
        order: { id: placed.order!.id, number: placed.order!.number },
        fulfilledFrom: placed.fulfilledFrom,
        userErrors: [],
      });
      // ...with the order's fields as they are now, exactly as a query reads them, not as the first answer had them.
      const now = await run<{ order: Order }>(
        `query($id: ID!) { order(id: $id) { ... on WebOrder { ${ORDER_FIELDS} } } }`,
        { id: placed.order!.id },
        AGENT,
      );
      expect(replayed.order).toEqual(now.data!.order);
      expect(replayed.order).toEqual(handed.order);
      expect(replayed.order!.status).toBe('COMPLETED');
      expect(replayed.order!.statusHistory.map((entry) => entry.status)).toEqual(expect.arrayContaining(['READY_FOR_PICKUP', 'COMPLETED']));
      // Nothing ran again: the web shop was only asked for the order, the ERP and the tills for nothing.
      expect(Object.fromEntries(SYSTEMS.map((name, i) => [name, since(before[i], after[i])]))).toEqual({
        ecommerce: { 'orders.list': 1 },
        warehouse: {},
        pos: {},
      });
      expect(await erp.reservationsOfRecipient(placed.order!.number)).toHaveLength(1);
    });

    it('answers a refusal again even after it stops holding: trying again is a new action, with a new key', async () => {
      const { sku, store } = await stockedSku(1, used);
      const { available } = (await levelAt(sku, store))!;
      const input = await checkoutInput(sku, store, available + 1);
      const refused = await mutation<CheckoutAnswer>('checkout', CHECKOUT, input);
      expect(refused).toEqual({ order: null, fulfilledFrom: null, userErrors: [expect.objectContaining({ code: 'INSUFFICIENT_STOCK' })] });

      const fixed = await mutation<CartAnswer>('updateCartLine', UPDATE_LINE, {
        cartId: input.cartId,
        sku,
        quantity: 1,
        idempotencyKey: key('fix'),
      });
      expect(fixed.cart!.lines).toEqual([{ sku, quantity: 1 }]);
      expect(await mutation<CheckoutAnswer>('checkout', CHECKOUT, input)).toEqual(refused);

      const again = await mutation<CheckoutAnswer>('checkout', CHECKOUT, { ...input, idempotencyKey: key('replay') });
      expect(again.userErrors).toEqual([]);
      expect(again.order!.status).toBe('READY_FOR_PICKUP');
    });
  });

  describe('what a checkout costs the systems behind it', () => {
    const traceOf = async (legacySystem: string) =>
      ((await (await admin(legacySystem, 'calls/trace')).json()) as { calls: { startedAtMs: number; endedAtMs: number }[] }).calls;
    /** The most calls in a row where each started only after the one before it had ended. */
    function longestChain(calls: { startedAtMs: number; endedAtMs: number }[]): number {
      const ordered = [...calls].sort((a, b) => a.startedAtMs - b.startedAtMs);
      const chain: number[] = [];
      ordered.forEach((call, i) =>
        chain.push(
          1 + Math.max(0, ...ordered.slice(0, i).flatMap((earlier, j) => (earlier.endedAtMs <= call.startedAtMs ? [chain[j]] : []))),
        ),
      );
      return Math.max(0, ...chain);
    }
    /** A click & collect checkout of one unit: its answer, the calls it cost each system, and its longest chain of web shop and ERP calls. */
    async function checkoutCost(sku: string, store: string) {
      const cartId = await guestCartWith([[sku, 1]]);
      const input = {
        cartId,
        fulfilment: 'PICKUP_IN_STORE',
        pickupLocationId: locationId(store),
        address: ADDRESS,
        paymentMethod: 'PAY_IN_STORE',
        channel: 'APP',
        idempotencyKey: key('cost'),
      };
      const before = await Promise.all(SYSTEMS.map(callsOf));
      const traced = await Promise.all(['ecommerce', 'warehouse'].map(async (name) => (await traceOf(name)).length));
      const placed = await mutation<CheckoutAnswer>('checkout', CHECKOUT, input);
      const after = await Promise.all(SYSTEMS.map(callsOf));
      const chained = await Promise.all(['ecommerce', 'warehouse'].map(async (name, i) => (await traceOf(name)).slice(traced[i])));
      return {
        placed,
        calls: Object.fromEntries(SYSTEMS.map((name, i) => [name, since(before[i], after[i])])),
        chain: longestChain(chained.flat()),
      };
    }
    const setLatency = (latencyMs: number) =>
      Promise.all(
        SYSTEMS.map((name) =>
          admin(name, 'knobs', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ latencyMs }) }),
        ),
      );

    it('a first click & collect checkout makes only the legacy calls it needs, together where none needs another', async () => {
      const { sku, store } = await stockedSku(2, used);
      // The first checkout here also fills what is kept across checkouts: the plant list, the ERP's session token.
      expect((await checkoutCost(sku, store)).placed.userErrors).toEqual([]);

      // Every call takes 50 ms, so calls made together overlap in the stand-ins' traces.
      await setLatency(50);
      const measured = await checkoutCost(sku, store).finally(() => setLatency(0));
      expect(measured.placed.userErrors).toEqual([]);
      expect(measured.placed.order!.status).toBe('READY_FOR_PICKUP');
      // None of the looks a step makes when it runs again: no reservation by the checkout's reference, no order by its cart before placing it, no note by its text.
      expect(measured.calls).toEqual({
        // The cart; its products for the price (the promotions are cached); its shipping choice; the shop's totals, checked
        // against that price; the order; its number (Magento answers its id only); the note; the answer's order (read by the ecommerce subgraph).
        ecommerce: {
          'guestCarts.get': 1,
          'products.list': 1,
          'guestCarts.shippingInformation': 1,
          'guestCarts.totals': 1,
          'guestCarts.paymentInformation': 1,
          'orders.list': 2,
          'orders.addComment': 1,
        },
        // Under the stock lock, availability (stock, open reservations, end-of-day postings) and the reservation; then its label, by the item numbers the create answered.
        warehouse: {
          'A_MatlStkInAcctMod.query': 1,
          'A_ReservationDocumentItem.query': 1,
          'A_MaterialDocumentHeader.query': 1,
          'A_ReservationDocumentHeader.create': 1,
          'A_ReservationDocumentItem.update': 1,
        },
        // Only the till feed up to now, under the lock (a follower operation, so not counted here).
        pos: {},
      });
      // The cart → its products (the price) → availability ∥ shipping choice ∥ the shop's totals → reservation → order → its number → label ∥ note → the answer's order.
      expect(measured.chain).toBe(8);
    });
  });
});
