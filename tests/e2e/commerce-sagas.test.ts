import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { adminHeaders } from '../../legacy/kit/admin';
import type { Knobs } from '../../legacy/kit/knobs';
import type { World } from '../../legacy/seed/model';
import { generateWorld } from '../../legacy/seed/world';
import { ANONYMOUS } from '../../lib/context';
import { decodeId, locationId } from '../../lib/ids';
import { RunningSystem, startSystem } from '../../scripts/system';
import { idempotentRequest } from '../../subgraphs/commerce/idempotency';
import { referenceOf } from '../../subgraphs/commerce/resolvers';
import { PosClient } from '../../connectors/pos';
import { WarehouseClient } from '../../connectors/warehouse';
import { execute, GraphQLAnswer } from '../support/graphql';
import { associateAt, journeyPersonas, managerAt, Shopper, shoppersOf, signerFor } from '../support/journey-personas';

/**
 * The commerce subgraph when a system fails in the middle of a change: each checkout step failing
 * in turn, a crash between two steps recovered on restart (state in the real PostgreSQL), the
 * sweeper that cancels uncollected click & collect orders, and a return whose till step fails after
 * the refund. Through the gateway, against the real stand-ins, faults set with their knobs. Each
 * request signed in as a real deployment signs it: a customer's own cart checked out in their own
 * app, a guest's anonymously, store work by the staff of that store, order reads by the call center.
 */

const root = resolve(__dirname, '../..');
/** The call-center agent: reads any customer's orders. */
const AGENT = 'agent';
/** A guest: no token. */
const GUEST = null;

const ADDRESS = {
  firstName: 'Lan',
  lastName: 'Trần',
  street: ['12 Lê Lợi'],
  city: 'Hồ Chí Minh',
  phone: '0901234567',
  email: 'lan.tran@example.vn',
};
/**
 * Stock is read at once after sagas that failed or crashed part-way, before their stock events
 * (published when a saga completes): the stock figures are never cached here.
 */
const BASE_ENV = { LOG_LEVEL: 'silent', IDENTITY_SYNC_INTERVAL_MS: '0', SUBGRAPH_TIMEOUT_MS: '30000', WAREHOUSE_STOCK_CACHE_MS: '0' };

const CART_FIELDS = `cart { id active lines { sku quantity } } userErrors { code field message }`;
const CREATE_CART = `mutation($input: CreateCartInput!) { createCart(input: $input) { ${CART_FIELDS} } }`;
const ADD_LINE = `mutation($input: AddCartLineInput!) { addCartLine(input: $input) { ${CART_FIELDS} } }`;
const ORDER_FIELDS = `id number status statusHistory { status note }`;
const CHECKOUT = `mutation($input: CheckoutInput!) { checkout(input: $input) { order { ${ORDER_FIELDS} } fulfilledFrom { id } userErrors { code field message } } }`;
const CANCEL_UNCOLLECTED = `mutation($input: CancelUncollectedPickupsInput!) { cancelUncollectedPickups(input: $input) { cancelledOrders { id status } userErrors { code message } } }`;
const RETURN = `mutation($input: StoreReturnInput!) { returnWebOrderInStore(input: $input) {
  order { ${ORDER_FIELDS} totals { refunded { amount } } } refunded { amount currencyCode } pointsTakenBack userErrors { code field message } } }`;
const ORDER = `query($id: ID!) { order(id: $id) { ${ORDER_FIELDS} } }`;
const STOCK = `query($sku: String!) { productVariant(sku: $sku) { stockLevels { location { id kind } onHand reserved available } } }`;
const CUSTOMER = `query($id: ID!) { customer(id: $id) { openCarts { id lines { sku quantity } } orderHistory(first: 100) { edges { node { id } } } } }`;
const PICKUP_QUEUE = `query($id: ID!) { location(id: $id) { pickupQueue(first: 100) { edges { node { id } } } } }`;

interface UserError {
  code: string;
  field: string[] | null;
  message: string;
}
interface Order {
  id: string;
  number: string;
  status: string;
  statusHistory: { status: string; note: string | null }[];
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
interface CustomerView {
  openCarts: { id: string; lines: { sku: string; quantity: number }[] }[];
  orderHistory: { edges: { node: { id: string } }[] };
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Reads until the answer satisfies the check (recovery and sweeps run on timers), at most `ms`. */
async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await sleep(200);
  }
}

let keyCounter = 0;
const key = (label: string) => `${label}-${Date.now()}-${(keyCounter += 1)}`;

/** What a GraphQL error may show a client: a code and a plain message, never a stack, a product or an address. */
function expectCleanError(answer: GraphQLAnswer<unknown>, code: string) {
  expect(answer.errors?.map((error) => error.extensions?.code)).toEqual([code]);
  expect(answer.errors![0].extensions).not.toHaveProperty('stacktrace');
  expect(JSON.stringify(answer.errors)).not.toMatch(/magento|odoo|sap\b|s\/4|xstore|stack|127\.0\.0\.1|localhost|\.ts\b|node_modules/i);
}

/**
 * The customers whose own carts the tests check out, each signing in to the app as themselves: web
 * customers with no cart in the seeded world, and spares (customerCartWith passes over any that has
 * an open cart when a test runs).
 */
function shoppersFor(world: World): Shopper[] {
  const withCarts = new Set(world.ecommerce.carts.map((cart) => cart.customerId));
  return shoppersOf(world)
    .filter((shopper) => !withCarts.has(shopper.webCustomerId))
    .slice(0, 6);
}

/** A loyalty member with points and no cart, kept apart from `shoppersFor`'s: the tests that pay with points check out for them. */
function memberShopperOf(world: World, others: Shopper[]): Shopper {
  const withCarts = new Set(world.ecommerce.carts.map((cart) => cart.customerId));
  const taken = new Set(others.map((shopper) => shopper.login));
  const balances = new Map<number, number>();
  for (const entry of world.crm.loyaltyEntries) balances.set(entry.cardId, (balances.get(entry.cardId) ?? 0) + entry.points);
  const cardIds = new Map(world.crm.loyaltyCards.map((card) => [card.code, card.id]));
  return shoppersOf(world).find((shopper) => {
    if (taken.has(shopper.login) || withCarts.has(shopper.webCustomerId)) return false;
    const codes = world.truth.persons.find((person) => person.webCustomerIds.includes(shopper.webCustomerId))?.loyaltyCardCodes ?? [];
    return codes.length === 1 && (balances.get(cardIds.get(codes[0])!) ?? 0) >= 100;
  })!;
}

/** The graph as a client sees it, and the test's reach into one running system. */
function graphOf(world: World, system: () => RunningSystem, shoppers: Shopper[]) {
  const signAs = signerFor(system);
  /** A stand-in's admin route, with the admin token of the environment it was started with. */
  const admin = (legacySystem: string, path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) =>
    fetch(`${system().legacyUrls[legacySystem]}/__admin/${path}`, { ...init, headers: { ...adminHeaders(system().env), ...init.headers } });
  const graph = {
    /** Runs an operation as a persona (its login), or as a guest. */
    async run<T>(text: string, variables: object, as: string | null = GUEST): Promise<GraphQLAnswer<T>> {
      return execute<T, object>(system().gatewayUrl, text, variables, await signAs(as));
    },
    async mutation<T>(field: string, text: string, input: object, as: string | null = GUEST): Promise<T> {
      const answer = await graph.run<Record<string, T>>(text, { input }, as);
      expect(answer.errors).toBeUndefined();
      return answer.data![field];
    },
    async levelAt(sku: string, plant: string): Promise<Level> {
      const answer = await graph.run<{ productVariant: { stockLevels: Level[] } }>(STOCK, { sku });
      expect(answer.errors).toBeUndefined();
      return (
        answer.data!.productVariant.stockLevels.find((level) => level.location.id === locationId(plant)) ?? {
          location: { id: locationId(plant), kind: 'STORE' },
          onHand: 0,
          reserved: 0,
          available: 0,
        }
      );
    },
    /** An order as the call center reads it. */
    async order(id: string): Promise<Order> {
      const answer = await graph.run<{ order: Order }>(ORDER, { id }, AGENT);
      expect(answer.errors).toBeUndefined();
      return answer.data!.order;
    },
    /** The shopper's own customer, as their app reads it. */
    async customer(shopper: Shopper): Promise<CustomerView> {
      const answer = await graph.run<{ customer: CustomerView }>(CUSTOMER, { id: shopper.customerId }, shopper.login);
      expect(answer.errors).toBeUndefined();
      return answer.data!.customer;
    },
    /**
     * A SKU with `minimum` available at a store, and no seeded click & collect order for it there
     * still open (a sweep cancelling one would move the store's reserved figure under the test).
     */
    async stockedAtStore(minimum: number, used: Set<string>): Promise<{ sku: string; store: string }> {
      for (const product of world.products) {
        if (used.has(product.sku)) continue;
        const answer = await graph.run<{ productVariant: { stockLevels: Level[] } }>(STOCK, { sku: product.sku });
        const level = answer.data!.productVariant.stockLevels.find(
          (candidate) =>
            candidate.location.kind === 'STORE' &&
            candidate.available >= minimum &&
            !openPickupSkus(world, decodeId('Location', candidate.location.id)!).has(product.sku),
        );
        if (level) {
          used.add(product.sku);
          return { sku: product.sku, store: decodeId('Location', level.location.id)! };
        }
      }
      throw new Error('no stocked SKU in the world');
    },
    async guestCartWith(sku: string, quantity: number): Promise<string> {
      const created = await graph.mutation<{ cart: { id: string } }>('createCart', CREATE_CART, { idempotencyKey: key('cart') });
      const added = await graph.mutation<{ userErrors: UserError[] }>('addCartLine', ADD_LINE, {
        cartId: created.cart.id,
        sku,
        quantity,
        idempotencyKey: key('add'),
      });
      expect(added.userErrors).toEqual([]);
      return created.cart.id;
    },
    /**
     * A shopper with no open cart yet (their cart is then only this test's), and their new cart
     * holding `quantity` of `sku`, opened and filled in their own app.
     */
    async customerCartWith(sku: string, quantity: number, skipShoppers: Set<string>): Promise<{ shopper: Shopper; cartId: string }> {
      for (const shopper of shoppers) {
        if (skipShoppers.has(shopper.login)) continue;
        skipShoppers.add(shopper.login);
        if ((await graph.customer(shopper)).openCarts.length > 0) continue;
        const { customerId, login } = shopper;
        const created = await graph.mutation<{ cart: { id: string } }>(
          'createCart',
          CREATE_CART,
          { customerId, idempotencyKey: key('cart') },
          login,
        );
        const added = await graph.mutation<{ userErrors: UserError[] }>(
          'addCartLine',
          ADD_LINE,
          { cartId: created.cart.id, sku, quantity, idempotencyKey: key('add') },
          login,
        );
        expect(added.userErrors).toEqual([]);
        return { shopper, cartId: created.cart.id };
      }
      throw new Error('no shopper without an open cart');
    },
    /** Sets a stand-in's fault knobs while it runs, as an operator would with curl. */
    async knobs(legacySystem: string, knobs: Partial<Knobs>): Promise<void> {
      const answer = await admin(legacySystem, 'knobs', {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(knobs),
      });
      expect(answer.status).toBe(200);
    },
    async clearKnobs(legacySystem: string): Promise<void> {
      expect((await admin(legacySystem, 'knobs', { method: 'DELETE' })).status).toBe(200);
    },
    async calls(legacySystem: string): Promise<Record<string, number>> {
      return ((await (await admin(legacySystem, 'calls')).json()) as { byOperation: Record<string, number> }).byOperation;
    },
  };
  return graph;
}

/** SKUs of the seeded click & collect orders still waiting at this store. */
function openPickupSkus(world: World, plant: string): Set<string> {
  const source = `store_${plant.replace(/^S/, '')}`;
  const open = world.ecommerce.orders.filter(
    (order) => order.pickupLocationCode === source && ['pending', 'processing'].includes(order.status),
  );
  return new Set(open.flatMap((order) => order.items.map((item) => item.sku)));
}

/**
 * The ERP reference a checkout's reservation carries until it is relabelled with the order number:
 * its idempotency key is the caller's, who is the subject (the login) of the token it was sent with.
 */
const checkoutReference = (login: string | null, input: { idempotencyKey: string }) =>
  referenceOf(idempotentRequest({ ...ANONYMOUS, id: login }, 'checkout', input));

describe('commerce sagas', () => {
  const world = generateWorld({ seed: 11, size: 'small' });
  const used = new Set<string>();
  const shoppers = shoppersFor(world);
  const member = memberShopperOf(world, shoppers);
  const personas = journeyPersonas(world, [...shoppers, member]);
  const usedShoppers = new Set<string>();

  describe('one system: step failures, the pickup mutation, a return whose till step fails', () => {
    let system: RunningSystem;
    let erp: WarehouseClient;
    let pos: PosClient;
    const graph = graphOf(world, () => system, shoppers);

    beforeAll(async () => {
      system = await startSystem({
        world,
        personas,
        env: {
          ...BASE_ENV,
          COMMERCE_STATE_FILE: ':memory:',
          COMMERCE_RECOVERY_MS: '300',
          COMMERCE_RECOVERY_QUIET_MS: '200',
          // Overdue a second after placing; only the mutation cancels (no sweeper in this system).
          COMMERCE_PICKUP_HOLD_HOURS: '0.0003',
          COMMERCE_PICKUP_SWEEP_MS: '0',
        },
      });
      erp = WarehouseClient.fromEnv({ WAREHOUSE_URL: system.legacyUrls.warehouse });
      pos = PosClient.fromEnv({ POS_URL: system.legacyUrls.pos });
    }, 60_000);
    afterEach(async () => {
      if (!system) return;
      for (const legacySystem of Object.keys(system.legacyUrls)) await graph.clearKnobs(legacySystem);
    });
    afterAll(() => system?.stop());

    it('1a. the ERP down at the reservation: WAREHOUSE_UNAVAILABLE, nothing changed, the cart still open', async () => {
      const { sku, store } = await graph.stockedAtStore(2, used);
      const before = await graph.levelAt(sku, store);
      const { shopper, cartId } = await graph.customerCartWith(sku, 1, usedShoppers);
      const ordersBefore = (await graph.customer(shopper)).orderHistory.edges.length;
      const input = {
        cartId,
        fulfilment: 'PICKUP_IN_STORE',
        pickupLocationId: locationId(store),
        address: ADDRESS,
        idempotencyKey: key('down'),
      };

      await graph.knobs('warehouse', { down: true, faultOperations: ['A_ReservationDocumentHeader.create'] });
      const failed = await graph.run(CHECKOUT, { input }, shopper.login);
      expectCleanError(failed, 'WAREHOUSE_UNAVAILABLE');

      expect(await graph.levelAt(sku, store)).toEqual(before);
      const after = await graph.customer(shopper);
      expect(after.openCarts).toEqual([{ id: cartId, lines: [{ sku, quantity: 1 }] }]);
      expect(after.orderHistory.edges).toHaveLength(ordersBefore);
      expect(await erp.reservationsOfRecipient(checkoutReference(shopper.login, input))).toEqual([]);

      // Once the ERP is back, the same cart checks out under a new key.
      await graph.clearKnobs('warehouse');
      const placed = await graph.mutation<CheckoutAnswer>('checkout', CHECKOUT, { ...input, idempotencyKey: key('again') }, shopper.login);
      expect(placed.userErrors).toEqual([]);
      expect((await graph.levelAt(sku, store)).reserved).toBe(before.reserved + 1);
    });

    it('1b. the web shop failing at order placement: ECOMMERCE_UNAVAILABLE, the reservation released; the same key then places one order', async () => {
      const { sku, store } = await graph.stockedAtStore(2, used);
      const before = await graph.levelAt(sku, store);
      const { shopper, cartId } = await graph.customerCartWith(sku, 1, usedShoppers);
      const ordersBefore = (await graph.customer(shopper)).orderHistory.edges.length;
      const input = {
        cartId,
        fulfilment: 'PICKUP_IN_STORE',
        pickupLocationId: locationId(store),
        address: ADDRESS,
        idempotencyKey: key('shop-fails'),
      };

      await graph.knobs('ecommerce', { errorRate: 1, faultOperations: ['carts.paymentInformation'] });
      const failed = await graph.run(CHECKOUT, { input }, shopper.login);
      expectCleanError(failed, 'ECOMMERCE_UNAVAILABLE');
      expect((await graph.calls('ecommerce'))['carts.paymentInformation']).toBeGreaterThanOrEqual(1);

      // The reservation made before the failure is released, and the stock is free again.
      const reservations = await erp.reservationsOfRecipient(checkoutReference(shopper.login, input));
      expect(reservations).toHaveLength(1);
      expect(reservations[0].items).toEqual([expect.objectContaining({ material: sku, plant: store, deleted: true })]);
      expect(await graph.levelAt(sku, store)).toEqual(before);
      expect((await graph.customer(shopper)).openCarts.map((cart) => cart.id)).toEqual([cartId]);

      await graph.clearKnobs('ecommerce');
      const [shopBefore, erpBefore] = [await graph.calls('ecommerce'), await graph.calls('warehouse')];
      const placed = await graph.mutation<CheckoutAnswer>('checkout', CHECKOUT, input, shopper.login);
      expect(placed.userErrors).toEqual([]);
      expect(placed.order!.status).toBe('READY_FOR_PICKUP');
      // The retry runs steps the first attempt started, so they look for its effects first: an open
      // reservation under the checkout's reference (found, then read in full: released), an order of
      // the cart (none).
      const [shopAfter, erpAfter] = [await graph.calls('ecommerce'), await graph.calls('warehouse')];
      expect(erpAfter['A_ReservationDocumentHeader.query'] - (erpBefore['A_ReservationDocumentHeader.query'] ?? 0)).toBe(2);
      // The look, the new order's number, the answer's order.
      expect(shopAfter['orders.list'] - (shopBefore['orders.list'] ?? 0)).toBe(3);
      const again = await graph.mutation<CheckoutAnswer>('checkout', CHECKOUT, input, shopper.login);
      expect(again).toEqual(placed);

      const after = await graph.customer(shopper);
      expect(after.orderHistory.edges).toHaveLength(ordersBefore + 1);
      expect(after.orderHistory.edges.map((edge) => edge.node.id)).toContain(placed.order!.id);
      expect(after.openCarts).toEqual([]);
      expect((await graph.levelAt(sku, store)).reserved).toBe(before.reserved + 1);
      expect(await erp.reservationsOfRecipient(placed.order!.number)).toEqual([
        expect.objectContaining({ items: [expect.objectContaining({ material: sku, plant: store, required: 1, deleted: false })] }),
      ]);
    });

    it('1c. the ERP failing after the order is placed: the order is answered, and recovery relabels the reservation once the ERP is back', async () => {
      const { sku, store } = await graph.stockedAtStore(2, used);
      const before = await graph.levelAt(sku, store);
      const cartId = await graph.guestCartWith(sku, 1);

      await graph.knobs('warehouse', { down: true, faultOperations: ['A_ReservationDocumentItem.update'] });
      const placed = await graph.mutation<CheckoutAnswer>('checkout', CHECKOUT, {
        cartId,
        fulfilment: 'PICKUP_IN_STORE',
        pickupLocationId: locationId(store),
        address: ADDRESS,
        idempotencyKey: key('relabel'),
      });
      expect(placed.userErrors).toEqual([]);
      expect(placed.order!.number).toMatch(/^\d+$/);
      expect(placed.fulfilledFrom).toEqual({ id: locationId(store) });
      // The note went alongside the failing label: the order already shows it ready.
      expect(placed.order!.status).toBe('READY_FOR_PICKUP');
      expect((await graph.levelAt(sku, store)).reserved).toBe(before.reserved + 1);
      // While the ERP refuses the relabel, its reservation still carries only the checkout's reference.
      await sleep(700);
      expect(await erp.reservationsOfRecipient(placed.order!.number)).toEqual([]);

      await graph.clearKnobs('warehouse');
      const relabelled = await eventually(
        () => erp.reservationsOfRecipient(placed.order!.number),
        (found) => found.length > 0,
      );
      expect(relabelled).toEqual([
        expect.objectContaining({ items: [expect.objectContaining({ material: sku, plant: store, required: 1, deleted: false })] }),
      ]);
      // Recovery finished the saga without writing the note again; the stock is held once.
      const order = await graph.order(placed.order!.id);
      expect(order.status).toBe('READY_FOR_PICKUP');
      expect(order.statusHistory.filter((entry) => entry.note?.includes('Ready for pickup'))).toHaveLength(1);
      expect((await graph.levelAt(sku, store)).reserved).toBe(before.reserved + 1);
    });

    it('1d. a slow checkout is not undone by recovery running meanwhile: the order placed holds its stock', async () => {
      const { sku, store } = await graph.stockedAtStore(2, used);
      const before = await graph.levelAt(sku, store);
      const cartId = await graph.guestCartWith(sku, 1);
      // Every web shop call takes 400 ms, so recovery (every 300 ms) runs while the checkout is in flight.
      await graph.knobs('ecommerce', { latencyMs: 400 });
      const placed = await graph.mutation<CheckoutAnswer>('checkout', CHECKOUT, {
        cartId,
        fulfilment: 'PICKUP_IN_STORE',
        pickupLocationId: locationId(store),
        address: ADDRESS,
        idempotencyKey: key('slow'),
      });
      await graph.clearKnobs('ecommerce');
      expect(placed.userErrors).toEqual([]);
      expect(placed.order!.status).toBe('READY_FOR_PICKUP');
      expect((await graph.levelAt(sku, store)).reserved).toBe(before.reserved + 1);
      expect(await erp.reservationsOfRecipient(placed.order!.number)).toEqual([
        expect.objectContaining({ items: [expect.objectContaining({ material: sku, plant: store, required: 1, deleted: false })] }),
      ]);
    });

    it('3b. cancelUncollectedPickups cancels an overdue click & collect order once, however often it is called', async () => {
      const { sku, store } = await graph.stockedAtStore(2, used);
      const before = await graph.levelAt(sku, store);
      const placed = await graph.mutation<CheckoutAnswer>('checkout', CHECKOUT, {
        cartId: await graph.guestCartWith(sku, 1),
        fulfilment: 'PICKUP_IN_STORE',
        pickupLocationId: locationId(store),
        address: ADDRESS,
        idempotencyKey: key('overdue'),
      });
      expect(placed.userErrors).toEqual([]);
      expect((await graph.levelAt(sku, store)).reserved).toBe(before.reserved + 1);
      // The web shop keeps whole seconds: two of them make the order certainly older than the hold.
      await sleep(2_200);

      const input = { storeLocationId: locationId(store), idempotencyKey: key('sweep') };
      const first = await graph.mutation<{ cancelledOrders: { id: string; status: string }[]; userErrors: UserError[] }>(
        'cancelUncollectedPickups',
        CANCEL_UNCOLLECTED,
        input,
        managerAt(store),
      );
      expect(first.userErrors).toEqual([]);
      expect(first.cancelledOrders).toContainEqual({ id: placed.order!.id, status: 'CANCELLED' });
      expect(first.cancelledOrders.every((order) => order.status === 'CANCELLED')).toBe(true);

      // The same request again answers the same; a new one finds nothing left to cancel.
      expect(await graph.mutation('cancelUncollectedPickups', CANCEL_UNCOLLECTED, input, managerAt(store))).toEqual(first);
      const second = await graph.mutation<{ cancelledOrders: { id: string }[]; userErrors: UserError[] }>(
        'cancelUncollectedPickups',
        CANCEL_UNCOLLECTED,
        { ...input, idempotencyKey: key('sweep') },
        managerAt(store),
      );
      expect(second).toEqual({ cancelledOrders: [], userErrors: [] });

      const order = await graph.order(placed.order!.id);
      expect(order.status).toBe('CANCELLED');
      expect(order.statusHistory.filter((entry) => entry.note?.startsWith('Not collected'))).toHaveLength(1);
      expect((await graph.levelAt(sku, store)).reserved).toBe(before.reserved);
      const [reservation] = await erp.reservationsOfRecipient(placed.order!.number);
      expect(reservation.items.every((item) => item.deleted)).toBe(true);
    });

    it('4. a return whose till posting fails after the refund: the refund is answered, and recovery posts the till receipt once', async () => {
      const order = world.ecommerce.orders.find(
        (candidate) =>
          candidate.status === 'complete' &&
          candidate.items[0].qtyOrdered >= 1 &&
          !world.ecommerce.creditMemos.some((memo) => memo.orderId === candidate.entityId),
      )!;
      const item = order.items[0];
      const store = world.stores[2];
      const returnsOfOrder = async () => {
        const receipts = [];
        for (let since = 0, more = true; more;) {
          const page = await pos.feed(store.retailStoreId, since);
          receipts.push(...page.receipts);
          [since, more] = [page.lastSequence, page.moreAvailable];
        }
        return receipts.filter((receipt) => receipt.kind === 'Return' && receipt.webOrderNumber === order.incrementId);
      };
      expect(await returnsOfOrder()).toEqual([]);

      await graph.knobs('pos', { down: true, faultOperations: ['postTransaction'] });
      const returned = await graph.mutation<{
        order: Order & { totals: { refunded: { amount: string } } };
        refunded: { amount: string; currencyCode: string };
        userErrors: UserError[];
      }>(
        'returnWebOrderInStore',
        RETURN,
        {
          orderId: Buffer.from(`WebOrder:${order.incrementId}`).toString('base64url'),
          storeLocationId: locationId(store.plant),
          workstationId: 2,
          associateId: 'NV140',
          lines: [{ sku: item.sku, quantity: 1 }],
          idempotencyKey: key('return'),
        },
        associateAt(store.plant),
      );
      expect(returned.userErrors).toEqual([]);
      const unitPaid = Math.trunc((item.rowTotal - item.discountAmount) / item.qtyOrdered);
      expect(returned.refunded).toEqual({ amount: String(unitPaid), currencyCode: 'VND' });
      expect(Number(returned.order.totals.refunded.amount)).toBe(unitPaid);
      expect((await graph.calls('pos')).postTransaction).toBeGreaterThanOrEqual(1);
      await sleep(700);
      expect(await returnsOfOrder()).toEqual([]);

      await graph.clearKnobs('pos');
      const posted = await eventually(returnsOfOrder, (receipts) => receipts.length > 0);
      expect(posted).toEqual([
        expect.objectContaining({
          kind: 'Return',
          retailStoreId: store.retailStoreId,
          lines: [expect.objectContaining({ sku: item.sku, quantity: 1 })],
        }),
      ]);
      // Recovery finishes the rest (the order's note) and, running every 300 ms, never posts it again.
      const noted = await eventually(
        () => graph.order(returned.order.id),
        (seen) => seen.statusHistory.some((entry) => entry.note?.startsWith(`Returned at store ${store.retailStoreId}`) ?? false),
      );
      expect(noted.statusHistory.filter((entry) => entry.note?.startsWith(`Returned at store ${store.retailStoreId}`))).toHaveLength(1);
      await sleep(1_200);
      expect(await returnsOfOrder()).toHaveLength(1);
    });
  });

  describe('3a. the uncollected pickup sweeper', () => {
    let system: RunningSystem;
    let erp: WarehouseClient;
    const graph = graphOf(world, () => system, shoppers);

    beforeAll(async () => {
      system = await startSystem({
        world,
        personas,
        env: { ...BASE_ENV, COMMERCE_STATE_FILE: ':memory:', COMMERCE_PICKUP_HOLD_HOURS: '0.0003', COMMERCE_PICKUP_SWEEP_MS: '500' },
      });
      erp = WarehouseClient.fromEnv({ WAREHOUSE_URL: system.legacyUrls.warehouse });
    }, 60_000);
    afterAll(() => system?.stop());

    it('cancels a click & collect order not collected in time, with no call, and puts its items back on sale', async () => {
      const { sku, store } = await graph.stockedAtStore(2, used);
      // The seeded orders waiting at the store are long overdue: the sweeper empties the store's queue first.
      const queue = () =>
        graph.run<{ location: { pickupQueue: { edges: unknown[] } } }>(PICKUP_QUEUE, { id: locationId(store) }, associateAt(store));
      expect(
        (await eventually(queue, (answer) => answer.data!.location.pickupQueue.edges.length === 0, 30_000)).data!.location.pickupQueue
          .edges,
      ).toEqual([]);

      const before = await graph.levelAt(sku, store);
      const placed = await graph.mutation<CheckoutAnswer>('checkout', CHECKOUT, {
        cartId: await graph.guestCartWith(sku, 1),
        fulfilment: 'PICKUP_IN_STORE',
        pickupLocationId: locationId(store),
        address: ADDRESS,
        idempotencyKey: key('sweep'),
      });
      expect(placed.userErrors).toEqual([]);
      expect(placed.order!.status).toBe('READY_FOR_PICKUP');

      // The sweep's saga cancels (the pivot), then releases the stock, then notes why: wait for the whole of it.
      const noted = (seen: Awaited<ReturnType<typeof graph.order>>) =>
        seen.statusHistory.filter((entry) => entry.note?.startsWith('Not collected within'));
      const order = await eventually(
        () => graph.order(placed.order!.id),
        (seen) => seen.status === 'CANCELLED' && noted(seen).length > 0,
      );
      expect(order.status).toBe('CANCELLED');
      expect(noted(order)).toHaveLength(1);
      expect(
        (
          await eventually(
            () => graph.levelAt(sku, store),
            (level) => level.reserved === before.reserved,
          )
        ).reserved,
      ).toBe(before.reserved);
      const [reservation] = await erp.reservationsOfRecipient(placed.order!.number);
      expect(reservation.items.every((item) => item.deleted)).toBe(true);
      // Later sweeps leave it alone: one note, one cancellation.
      await sleep(1_200);
      expect(
        (await graph.order(placed.order!.id)).statusHistory.filter((entry) => entry.note?.startsWith('Not collected within')),
      ).toHaveLength(1);
    }, 60_000);
  });

  describe('2. a crash between two checkout steps, recovered on restart (state in PostgreSQL)', () => {
    const STATE_URL = 'postgres://postgres@127.0.0.1:5432/test';
    const schema = `commerce_sagas_${process.pid}_${Date.now()}`;
    const children = new Set<ChildProcess>();
    let system: RunningSystem;
    let port: number;
    let erp: WarehouseClient;
    const graph = graphOf(world, () => system, shoppers);

    /** The commerce subgraph as its own process group (tsx runs node under it), ready once it listens: after its start-up recovery. */
    function startCommerce(): Promise<ChildProcess> {
      const child = spawn(resolve(root, 'node_modules/.bin/tsx'), ['subgraphs/commerce/main.ts'], {
        cwd: root,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: {
          ...system.env,
          COMMERCE_SUBGRAPH_PORT: String(port),
          COMMERCE_STATE_URL: STATE_URL,
          COMMERCE_STATE_SCHEMA: schema,
          // Only start-up recovery here, and a web shop call that hangs keeps hanging until the crash.
          COMMERCE_RECOVERY_MS: '0',
          COMMERCE_RECOVERY_QUIET_MS: '0',
          COMMERCE_PICKUP_SWEEP_MS: '0',
          ECOMMERCE_TIMEOUT_MS: '60000',
        },
      });
      children.add(child);
      child.once('exit', () => children.delete(child));
      return new Promise((started, failed) => {
        let output = '';
        const timer = setTimeout(() => failed(new Error(`the commerce subgraph did not start: ${output}`)), 30_000);
        const listen = (chunk: Buffer) => {
          output += chunk.toString();
          if (/commerce subgraph on/.test(output)) {
            clearTimeout(timer);
            started(child);
          }
        };
        child.stdout!.on('data', listen);
        child.stderr!.on('data', listen);
        child.once('exit', (code, signal) => {
          clearTimeout(timer);
          failed(new Error(`the commerce subgraph exited (${code ?? signal}): ${output}`));
        });
      });
    }
    /**
     * The commerce subgraph restarts on one port the gateway knows. A port from listen(0) lies in the
     * kernel's ephemeral range (32768-60999), where any outgoing connection of a parallel suite may take
     * it while the subgraph is down; a free port below that range stays ours.
     */
    async function portBelowEphemeralRange(): Promise<number> {
      for (;;) {
        const candidate = 20_000 + Math.floor(Math.random() * 12_000);
        const free = await new Promise<boolean>((answer) => {
          const probe = createServer()
            .once('error', () => answer(false))
            .listen(candidate, '127.0.0.1', () => probe.close(() => answer(true)));
        });
        if (free) return candidate;
      }
    }
    async function stop(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      process.kill(-child.pid!, signal);
      await exited;
    }
    async function sql<T extends object>(text: string): Promise<T[]> {
      const client = new Client({ connectionString: STATE_URL });
      await client.connect();
      try {
        return (await client.query<T>(text)).rows;
      } finally {
        await client.end();
      }
    }

    beforeAll(async () => {
      port = await portBelowEphemeralRange();
      system = await startSystem({
        world,
        personas,
        subgraphs: ['identity', 'crm', 'ecommerce', 'pos', 'warehouse', 'orders', 'inventory', 'marketplace'],
        env: {
          ...BASE_ENV,
          OMNIGRAPH_GATEWAY_SECRET: 'commerce-sagas-test-secret',
          COMMERCE_SUBGRAPH_URL: `http://127.0.0.1:${port}/graphql`,
          SUBGRAPH_TIMEOUT_MS: '60000',
        },
      });
      erp = WarehouseClient.fromEnv({ WAREHOUSE_URL: system.legacyUrls.warehouse });
      await startCommerce();
    }, 90_000);
    afterAll(async () => {
      for (const child of [...children]) await stop(child, 'SIGKILL');
      await system?.stop();
      await sql(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    }, 30_000);

    it('undoes the reservation of a checkout killed while the order was being placed; the same key then places one order', async () => {
      const { sku, store } = await graph.stockedAtStore(2, used);
      const before = await graph.levelAt(sku, store);
      const { shopper, cartId } = await graph.customerCartWith(sku, 1, usedShoppers);
      const ordersBefore = (await graph.customer(shopper)).orderHistory.edges.length;
      const input = {
        cartId,
        fulfilment: 'PICKUP_IN_STORE',
        pickupLocationId: locationId(store),
        address: ADDRESS,
        idempotencyKey: key('crash'),
      };

      await graph.knobs('ecommerce', { hangRate: 1, faultOperations: ['carts.paymentInformation'] });
      const interrupted = graph.run(CHECKOUT, { input }, shopper.login);
      // The stock is held in the ERP and the order placement is in flight: crash now.
      expect(
        (
          await eventually(
            () => graph.levelAt(sku, store),
            (level) => level.reserved === before.reserved + 1,
          )
        ).reserved,
      ).toBe(before.reserved + 1);
      expect(
        await eventually(
          () => graph.calls('ecommerce'),
          (calls) => (calls['carts.paymentInformation'] ?? 0) >= 1,
        ),
      ).toHaveProperty(['carts.paymentInformation'], 1);
      await stop([...children][0], 'SIGKILL');
      await graph.clearKnobs('ecommerce');
      expect((await interrupted).errors?.length).toBeGreaterThan(0);
      const [crashed] = await sql<{ id: string; status: string }>(`SELECT id, status FROM "${schema}".sagas WHERE kind = 'order'`);
      expect(crashed.status).toBe('RUNNING');

      await startCommerce();
      // Start-up recovery compensated it: the stock is free, the cart still open, no order placed.
      expect(await graph.levelAt(sku, store)).toEqual(before);
      const reservations = await erp.reservationsOfRecipient(checkoutReference(shopper.login, input));
      expect(reservations.flatMap((reservation) => reservation.items)).toEqual([expect.objectContaining({ material: sku, deleted: true })]);
      const between = await graph.customer(shopper);
      expect(between.openCarts.map((cart) => cart.id)).toEqual([cartId]);
      expect(between.orderHistory.edges).toHaveLength(ordersBefore);
      expect(await sql(`SELECT status FROM "${schema}".sagas WHERE id = '${crashed.id}'`)).toEqual([{ status: 'COMPENSATED' }]);

      // The key was freed: the same checkout now runs for real, once.
      const placed = await graph.mutation<CheckoutAnswer>('checkout', CHECKOUT, input, shopper.login);
      expect(placed.userErrors).toEqual([]);
      expect(await graph.mutation<CheckoutAnswer>('checkout', CHECKOUT, input, shopper.login)).toEqual(placed);
      const after = await graph.customer(shopper);
      expect(after.orderHistory.edges).toHaveLength(ordersBefore + 1);
      expect(after.openCarts).toEqual([]);
      expect((await graph.levelAt(sku, store)).reserved).toBe(before.reserved + 1);
      expect(await sql(`SELECT status FROM "${schema}".sagas WHERE kind = 'order' ORDER BY created_at`)).toEqual([
        { status: 'COMPENSATED' },
        { status: 'COMPLETED' },
      ]);
    }, 60_000);

    it('gives back the points a checkout spent when it was killed before the order was placed; the same key then spends them once', async () => {
      const points = async () =>
        (
          await graph.run<{ customer: { loyalty: { pointsBalance: number } } }>(
            `query($id: ID!) { customer(id: $id) { loyalty { pointsBalance } } }`,
            { id: member.customerId },
            AGENT,
          )
        ).data!.customer.loyalty.pointsBalance;
      const { sku, store } = await graph.stockedAtStore(2, used);
      const created = await graph.mutation<{ cart: { id: string } }>(
        'createCart',
        CREATE_CART,
        { customerId: member.customerId, idempotencyKey: key('cart') },
        member.login,
      );
      await graph.mutation(
        'addCartLine',
        ADD_LINE,
        { cartId: created.cart.id, sku, quantity: 1, idempotencyKey: key('add') },
        member.login,
      );
      const before = await points();
      const input = {
        cartId: created.cart.id,
        fulfilment: 'PICKUP_IN_STORE',
        pickupLocationId: locationId(store),
        address: { ...ADDRESS, email: member.email },
        redeemPoints: 20,
        idempotencyKey: key('crash-points'),
      };
      const placing = (await graph.calls('ecommerce'))['carts.paymentInformation'] ?? 0;

      await graph.knobs('ecommerce', { hangRate: 1, faultOperations: ['carts.paymentInformation'] });
      const interrupted = graph.run(CHECKOUT, { input }, member.login);
      // The points are spent and the order placement is in flight: crash now.
      expect(
        await eventually(
          () => graph.calls('ecommerce'),
          (calls) => (calls['carts.paymentInformation'] ?? 0) > placing,
        ),
      ).toHaveProperty(['carts.paymentInformation'], placing + 1);
      expect(await points()).toBe(before - 20);
      await stop([...children][0], 'SIGKILL');
      await graph.clearKnobs('ecommerce');
      expect((await interrupted).errors?.length).toBeGreaterThan(0);

      // Start-up recovery undid the checkout: the points are back, the cart still open.
      await startCommerce();
      expect(await points()).toBe(before);
      expect((await graph.customer(member)).openCarts.map((cart) => cart.id)).toEqual([created.cart.id]);

      // The same checkout now runs for real and spends them once.
      const placed = await graph.mutation<CheckoutAnswer>('checkout', CHECKOUT, input, member.login);
      expect(placed.userErrors).toEqual([]);
      expect(await graph.mutation<CheckoutAnswer>('checkout', CHECKOUT, input, member.login)).toEqual(placed);
      expect(await points()).toBe(before - 20);
    }, 60_000);
  });
});
