import { randomUUID } from 'node:crypto';
import { FIRST_PARTY_APPS } from '../../identity-provider/directory';
import { ROLE_SCOPES } from '../../lib/access';
import { Caller, encodeCaller } from '../../lib/context';
import { BusinessRuleError } from '../../lib/errors';
import { locationId } from '../../lib/ids';
import { CALLER_HEADER, REQUEST_ID_HEADER, SIGNATURE_HEADER, gatewaySecret, signRequest } from '../../lib/signature';
import type { Store, World } from '../../legacy/seed/model';
import { generateWorld } from '../../legacy/seed/world';
import { RunningSystem, startSystem } from '../../scripts/system';
import { CartRef, cartIdOf, cartRefOf, EcommerceClient, MagentoOrderDetail, ShippingAddress } from '../../connectors/ecommerce';
import { execute, GraphQLAnswer } from '../support/graphql';
import { headersAs } from '../support/tokens';

/** The web shop client's writes against the real stand-in, and what the graph then shows of carts and pickup queues. */

const ADDRESS: ShippingAddress = {
  firstName: 'Hoa',
  lastName: 'Lê',
  street: ['45 Nguyễn Huệ'],
  city: 'TP. Hồ Chí Minh',
  countryCode: 'VN',
  phone: '0903123456',
  email: 'Hoa.Le@Example.vn',
};

/** The retail refusal a call ends with: its code and message. */
async function refusal(call: Promise<unknown>): Promise<{ code: string; message: string; field: string[] | null }> {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BusinessRuleError);
  const { code, message, field } = error as BusinessRuleError;
  return { code, message, field };
}

describe('web shop writes', () => {
  let world: World;
  let system: RunningSystem;
  let shop: EcommerceClient;
  /** Asked as a persona: the call-center agent reads customers, a store's associate its pickup queue. */
  const query = async <T>(login: string, text: string, variables: object = {}) =>
    execute<T, object>(system.gatewayUrl, text, variables, await headersAs(system, login));
  /** The seeded associate of one of the first two stores (legacy/seed/personas.ts). */
  const associateAt = (at: Store) => `associate-${at.plant.toLowerCase()}`;
  /** Every seeded customer with no open cart, handed out one per test so tests do not share carts. */
  let customersWithoutCart: number[];
  const customerWithCart = () => world.ecommerce.carts.find((c) => c.customerId !== null)!.customerId!;
  const store = () => world.stores[0];
  /** A SKU the store holds at least `quantity` of, so a click & collect order can be handed over there. */
  const skuAtStore = (sourceCode: string, quantity: number) =>
    world.ecommerce.sourceItems.find((s) => s.sourceCode === sourceCode && s.quantity >= quantity)!.sku;

  beforeAll(async () => {
    world = generateWorld({ seed: 7, size: 'small' });
    system = await startSystem({
      world,
      subgraphs: ['identity', 'ecommerce', 'warehouse'],
      env: { LOG_LEVEL: 'silent', IDENTITY_SYNC_INTERVAL_MS: '0' },
    });
    shop = EcommerceClient.fromEnv(system.env);
    customersWithoutCart = world.ecommerce.customers
      .filter((c) => !world.ecommerce.carts.some((cart) => cart.customerId === c.id))
      .map((c) => c.id);
  });
  afterAll(() => system.stop());

  /** A click & collect order at the store, placed as a guest: its order id, its cart and the order as placed. */
  async function pickupOrder(
    sourceCode: string,
    sku: string,
    quantity = 1,
  ): Promise<{ orderId: number; ref: CartRef; order: MagentoOrderDetail }> {
    const ref = await shop.createGuestCart();
    await shop.addCartItem(ref, sku, quantity);
    await shop.setShipping(ref, { method: 'PICKUP', pickupSourceCode: sourceCode, address: ADDRESS });
    const orderId = await shop.placeOrder(ref, 'checkmo', ADDRESS.email);
    return { orderId, ref, order: (await shop.orderOfQuote((await shop.cart(ref))!.quoteId))! };
  }

  describe('carts', () => {
    it('fills a guest cart, sends it to a store for click & collect and places the order', async () => {
      const ref = await shop.createGuestCart();
      expect(ref).toEqual({ kind: 'guest', maskedId: expect.stringMatching(/^[0-9a-f]{32}$/) });
      expect(cartRefOf(cartIdOf(ref))).toEqual(ref);

      const [first, second] = world.products.filter((p) => p.sku.startsWith('AT-'));
      await shop.addCartItem(ref, first.sku, 1);
      await shop.addCartItem(ref, first.sku.toLowerCase(), 2);
      await shop.addCartItem(ref, second.sku, 1);
      await shop.setCartItemQuantity(ref, second.sku, 0);
      await shop.setCartItemQuantity(ref, first.sku, 2);
      expect(await refusal(shop.setCartItemQuantity(ref, second.sku, 1))).toMatchObject({ code: 'LINE_NOT_FOUND' });

      const open = (await shop.cart(ref))!;
      expect(open).toMatchObject({
        id: cartIdOf(ref),
        ref,
        active: true,
        webCustomerId: null,
        email: null,
        lines: [{ itemId: expect.any(Number), sku: first.sku, quantity: 2, unitPrice: { currencyCode: 'VND' } }],
      });

      await shop.setShipping(ref, { method: 'PICKUP', pickupSourceCode: store().sourceCode, address: ADDRESS });
      expect((await shop.cart(ref))!.email).toBe(ADDRESS.email);
      expect(await refusal(shop.placeOrder(ref, 'checkmo'))).toMatchObject({ code: 'EMAIL_REQUIRED', field: ['email'] });
      const orderId = await shop.placeOrder(ref, 'checkmo', ADDRESS.email);

      // What a checkout interrupted after placing would find: the order of the cart.
      const order = (await shop.orderOfQuote(open.quoteId))!;
      expect(order).toMatchObject({
        entity_id: orderId,
        quote_id: open.quoteId,
        customer_email: ADDRESS.email,
        customer_is_guest: 1,
        state: 'new',
        status: 'pending',
        extension_attributes: { pickup_location_code: store().sourceCode },
        items: [{ item_id: expect.any(Number), sku: first.sku, qty_ordered: 2, qty_shipped: 0, qty_refunded: 0 }],
      });
      expect(await shop.orderByNumber(order.increment_id)).toEqual(order);
      expect(await shop.orderByNumber('999999999')).toBeNull();
      expect(await shop.orderOfQuote(999999)).toBeNull();

      // The ordered cart still reads, and refuses changes as a cart that is gone.
      expect(await shop.cart(ref)).toMatchObject({ active: false });
      expect(await refusal(shop.addCartItem(ref, first.sku, 1))).toMatchObject({ code: 'CART_NOT_FOUND' });
      expect(await refusal(shop.setCartItemQuantity(ref, first.sku, 1))).toMatchObject({ code: 'CART_NOT_FOUND' });
    });

    it('refuses unknown SKUs, more than the stock, empty carts and pickup where there is no store', async () => {
      const ref = await shop.createGuestCart();
      expect(await refusal(shop.setShipping(ref, { method: 'SHIP', address: ADDRESS }))).toMatchObject({ code: 'CART_EMPTY' });
      expect(await refusal(shop.addCartItem(ref, 'NO-SUCH-SKU', 1))).toMatchObject({ code: 'UNKNOWN_SKU', field: ['sku'] });
      const sku = world.products[0].sku;
      const tooMany = await refusal(shop.addCartItem(ref, sku, 1_000_000));
      expect(tooMany).toMatchObject({ code: 'INSUFFICIENT_STOCK' });
      expect(tooMany.message).not.toMatch(/magento|qty/i);
      expect(await refusal(shop.addCartItem(ref, sku, 0))).toMatchObject({ code: 'INVALID_QUANTITY' });
      await shop.addCartItem(ref, sku, 1);
      expect(await refusal(shop.setCartItemQuantity(ref, sku, 1_000_000))).toMatchObject({ code: 'INSUFFICIENT_STOCK' });
      expect(await refusal(shop.placeOrder(ref, 'checkmo', ADDRESS.email))).toMatchObject({ code: 'SHIPPING_NOT_SET' });
      const warehouse = world.warehouses[0].sourceCode;
      expect(await refusal(shop.setShipping(ref, { method: 'PICKUP', pickupSourceCode: warehouse, address: ADDRESS }))).toMatchObject({
        code: 'NOT_A_STORE',
      });
      expect(await shop.cart({ kind: 'guest', maskedId: 'f'.repeat(32) })).toBeNull();
      expect(await refusal(shop.addCartItem({ kind: 'customer', quoteId: 999999 }, sku, 1))).toMatchObject({ code: 'CART_NOT_FOUND' });
    });

    it("opens a customer's one cart, delivers it and places the order under the account", async () => {
      const customerId = customersWithoutCart.pop()!;
      const ref = await shop.customerCart(customerId);
      expect(ref).toEqual({ kind: 'customer', quoteId: expect.any(Number) });
      expect(await shop.customerCart(customerId)).toEqual(ref);
      expect(await refusal(shop.customerCart(999999))).toMatchObject({ code: 'CUSTOMER_NOT_FOUND' });

      const sku = world.products[3].sku;
      await shop.addCartItem(ref, sku, 1);
      const account = world.ecommerce.customers.find((c) => c.id === customerId)!;
      expect(await shop.cart(ref)).toMatchObject({
        id: cartIdOf(ref),
        quoteId: ref.kind === 'customer' ? ref.quoteId : 0,
        active: true,
        webCustomerId: customerId,
        email: account.email,
      });
      await shop.setShipping(ref, { method: 'SHIP', address: ADDRESS });
      const orderId = await shop.placeOrder(ref, 'cashondelivery');
      const order = (await shop.orderOfQuote((await shop.cart(ref))!.quoteId))!;
      expect(order).toMatchObject({ entity_id: orderId, customer_id: customerId, customer_email: account.email, customer_is_guest: 0 });
      // The next cart is a new one.
      expect(await shop.customerCart(customerId)).not.toEqual(ref);
    });

    it('hands a guest cart to a customer without one, and refuses for a customer who has one', async () => {
      const guest = await shop.createGuestCart();
      const sku = world.products[1].sku;
      await shop.addCartItem(guest, sku, 1);
      if (guest.kind !== 'guest') throw new Error('a guest cart');
      expect(await refusal(shop.assignGuestCart(guest.maskedId, customerWithCart()))).toMatchObject({ code: 'CUSTOMER_HAS_CART' });
      expect(await refusal(shop.assignGuestCart(guest.maskedId, 999999))).toMatchObject({ code: 'CUSTOMER_NOT_FOUND' });

      const customerId = customersWithoutCart.pop()!;
      await shop.assignGuestCart(guest.maskedId, customerId);
      const cart = (await shop.cart(guest))!;
      expect(cart).toMatchObject({ webCustomerId: customerId, lines: [{ sku, quantity: 1 }] });
      // Now it is the customer's one cart.
      expect(await shop.customerCart(customerId)).toEqual({ kind: 'customer', quoteId: cart.quoteId });
    });
  });

  describe('orders', () => {
    it('notes, hands over and partly refunds a click & collect order', async () => {
      const sku = skuAtStore(store().sourceCode, 3);
      const { orderId, order } = await pickupOrder(store().sourceCode, sku, 2);
      expect(order.entity_id).toBe(orderId);
      const number = order.increment_id;
      await shop.addOrderComment(orderId, 'Sẵn sàng nhận tại cửa hàng', 'processing');
      expect(await shop.orderByNumber(number)).toMatchObject({
        state: 'new',
        status: 'processing',
        status_histories: [expect.objectContaining({ comment: 'Sẵn sàng nhận tại cửa hàng', status: 'processing' })],
      });

      expect(await shop.shipOrder(orderId, store().sourceCode)).toEqual(expect.any(Number));
      const shipped = (await shop.orderByNumber(number))!;
      expect(shipped).toMatchObject({
        state: 'complete',
        extension_attributes: { source_code: store().sourceCode },
        items: [{ qty_shipped: 2 }],
      });
      expect(await refusal(shop.shipOrder(orderId, store().sourceCode))).toEqual({
        code: 'ORDER_NOT_SHIPPABLE',
        message: 'The order does not allow a shipment to be created.',
        field: null,
      });

      const line = shipped.items[0];
      expect(await shop.refundOrder(orderId, [{ orderItemId: line.item_id, quantity: 1 }])).toEqual(expect.any(Number));
      expect(await shop.orderByNumber(number)).toMatchObject({
        state: 'complete',
        total_refunded: line.price,
        items: [{ qty_refunded: 1 }],
      });
      const tooMany = await refusal(shop.refundOrder(orderId, [{ orderItemId: line.item_id, quantity: 5 }]));
      expect(tooMany.code).toBe('ORDER_NOT_REFUNDABLE');
      expect(tooMany.message).toBe(
        `The quantity to refund must not be greater than the unrefunded quantity for product SKU "${line.sku}".`,
      );
      expect(await refusal(shop.refundOrder(orderId, []))).toMatchObject({ code: 'ORDER_NOT_REFUNDABLE' });
    });

    it('refunds a delivered line without its shipping charge', async () => {
      const warehouse = world.warehouses[0].sourceCode;
      const product = world.products.find(
        (p) =>
          p.price < 200_000 && world.ecommerce.sourceItems.some((s) => s.sourceCode === warehouse && s.sku === p.sku && s.quantity >= 2),
      )!;
      const ref = await shop.createGuestCart();
      await shop.addCartItem(ref, product.sku, 2);
      await shop.setShipping(ref, { method: 'SHIP', address: ADDRESS });
      const orderId = await shop.placeOrder(ref, 'cashondelivery', ADDRESS.email);
      const placed = (await shop.orderOfQuote((await shop.cart(ref))!.quoteId))!;
      expect(placed.shipping_amount).toBe(30_000);
      await shop.shipOrder(orderId, warehouse);
      await shop.refundOrder(orderId, [{ orderItemId: placed.items[0].item_id, quantity: 1 }]);
      expect(await shop.orderByNumber(placed.increment_id)).toMatchObject({
        total_refunded: placed.items[0].price,
        items: [{ qty_refunded: 1 }],
      });
    });

    it('cancels an order not yet handed over, once; refuses what cannot be done to it', async () => {
      const { orderId } = await pickupOrder(store().sourceCode, skuAtStore(store().sourceCode, 1));
      expect(await refusal(shop.refundOrder(orderId, [{ orderItemId: 1, quantity: 1 }]))).toMatchObject({ code: 'ORDER_NOT_REFUNDABLE' });
      expect(await shop.cancelOrder(orderId)).toBe(true);
      expect(await shop.cancelOrder(orderId)).toBe(false);
      expect(await refusal(shop.shipOrder(orderId, store().sourceCode))).toMatchObject({ code: 'ORDER_NOT_SHIPPABLE' });
      expect(await refusal(shop.cancelOrder(999999))).toMatchObject({ code: 'ORDER_NOT_FOUND' });
      expect(await refusal(shop.addOrderComment(999999, 'note'))).toMatchObject({ code: 'ORDER_NOT_FOUND' });
      const fresh = await pickupOrder(store().sourceCode, skuAtStore(store().sourceCode, 1));
      expect(await refusal(shop.shipOrder(fresh.orderId, 'no_such_source'))).toMatchObject({ code: 'LOCATION_NOT_FOUND' });
    });
  });

  describe('through the gateway', () => {
    const QUEUE = `query($id: ID!, $first: Int, $after: String) {
      location(id: $id) { pickupQueue(first: $first, after: $after) {
        totalCount pageInfo { hasNextPage endCursor }
        edges { node { number status fulfilment { method location { id } } } }
      } }
    }`;
    type Queue = {
      location: {
        pickupQueue: {
          totalCount: number;
          pageInfo: { hasNextPage: boolean; endCursor: string | null };
          edges: { node: { number: string; status: string; fulfilment: { method: string; location: { id: string } } } }[];
        };
      };
    };

    it("lists a store's click & collect orders waiting to be collected, oldest first, page by page", async () => {
      const target = world.stores[1];
      const waiting = await pickupOrder(target.sourceCode, skuAtStore(target.sourceCode, 2));
      const collected = await pickupOrder(target.sourceCode, skuAtStore(target.sourceCode, 2));
      await shop.shipOrder(collected.orderId, target.sourceCode);
      const cancelled = await pickupOrder(target.sourceCode, skuAtStore(target.sourceCode, 2));
      await shop.cancelOrder(cancelled.orderId);
      const newOrder = waiting.order;

      const seeded = world.ecommerce.orders
        .filter((o) => o.pickupLocationCode === target.sourceCode && (o.status === 'pending' || o.status === 'processing'))
        .map((o) => ({ number: o.incrementId, at: o.createdAt.toISOString() }));
      const expected = [...seeded, { number: newOrder.increment_id, at: `${newOrder.created_at.replace(' ', 'T')}.000Z` }]
        .sort((a, b) => a.at.localeCompare(b.at) || a.number.localeCompare(b.number))
        .map((o) => o.number);
      expect(expected.length).toBeGreaterThan(2);

      const numbers: string[] = [];
      for (let after: string | null = null; ;) {
        const answer: GraphQLAnswer<Queue> = await query<Queue>(associateAt(target), QUEUE, {
          id: locationId(target.plant),
          first: 2,
          after,
        });
        expect(answer.errors).toBeUndefined();
        const queue: Queue['location']['pickupQueue'] = answer.data!.location.pickupQueue;
        expect(queue.totalCount).toBe(expected.length);
        for (const { node } of queue.edges) {
          expect(node.fulfilment).toEqual({ method: 'PICKUP_IN_STORE', location: { id: locationId(target.plant) } });
          expect(['PENDING', 'PROCESSING', 'READY_FOR_PICKUP']).toContain(node.status);
        }
        numbers.push(...queue.edges.map((edge) => edge.node.number));
        if (!queue.pageInfo.hasNextPage) break;
        after = queue.pageInfo.endCursor;
      }
      expect(numbers).toEqual(expected);
    });

    it('has no pickup queue at a warehouse, and refuses a page size over 100', async () => {
      // Store staff work at their own stores only; Omnigraph's jobs (the pickup sweep) reach every location's queue.
      const warehouse = await query<Queue>('omnigraph-jobs', QUEUE, { id: locationId(world.warehouses[0].plant) });
      expect(warehouse.errors).toBeUndefined();
      expect(warehouse.data!.location.pickupQueue).toEqual({ totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, edges: [] });
      const tooBig = await query<Queue>(associateAt(world.stores[0]), QUEUE, { id: locationId(world.stores[0].plant), first: 101 });
      expect(tooBig.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    });

    it("shows a cart opened for a customer among the customer's open carts", async () => {
      const customerId = customersWithoutCart.pop()!;
      const ref = await shop.customerCart(customerId);
      const sku = world.products[2].sku;
      await shop.addCartItem(ref, sku, 2);
      const answer = await query<{ customerByIdentifier: { openCarts: unknown[] } }>(
        'agent',
        `query($id: String!) { customerByIdentifier(identifier: { kind: WEB_CUSTOMER_ID, value: $id }) { openCarts { id active lines { sku quantity } } } }`,
        { id: String(customerId) },
      );
      expect(answer.errors).toBeUndefined();
      expect(answer.data!.customerByIdentifier.openCarts).toEqual([{ id: cartIdOf(ref), active: true, lines: [{ sku, quantity: 2 }] }]);
    });

    /**
     * A call-center agent, who may use any customer's cart (lib/rows.ts reachableCart), as the
     * gateway signs them: a customer's cart id is a guessable number, refused to anonymous callers.
     */
    const agent: Caller = {
      id: 'agent',
      roles: ['call-center-agent'],
      scopes: [...ROLE_SCOPES['call-center-agent']],
      customerId: null,
      stores: [],
      clientId: FIRST_PARTY_APPS.staff,
    };

    /** What the gateway sends the ecommerce subgraph for Cart references (a commerce mutation's answer, say). */
    async function cartEntities(ids: string[]) {
      const body = JSON.stringify({
        query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Cart { id active lines { sku quantity } } } }',
        variables: { r: ids.map((id) => ({ __typename: 'Cart', id })) },
      });
      const requestId = randomUUID();
      const caller = encodeCaller(agent);
      const response = await fetch(system.subgraphUrls.ecommerce, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [REQUEST_ID_HEADER]: requestId,
          [CALLER_HEADER]: caller,
          [SIGNATURE_HEADER]: signRequest(gatewaySecret(system.env), { requestId, caller, body }),
        },
        body,
      });
      return (await response.json()) as { data?: { _entities: unknown[] }; errors?: unknown[] };
    }

    it('resolves guest and customer carts by id, open or ordered, in one request; other ids resolve to null', async () => {
      const sku = world.products[0].sku;
      const guest = await shop.createGuestCart();
      await shop.addCartItem(guest, sku, 1);
      const ordered = await pickupOrder(store().sourceCode, sku);
      const seeded = world.ecommerce.carts.find((c) => c.customerId !== null)!;
      const guestQuote = (await shop.cart(guest))!.quoteId;

      const answer = await cartEntities([
        cartIdOf(guest),
        cartIdOf(ordered.ref),
        cartIdOf({ kind: 'customer', quoteId: seeded.id }),
        // A guest's cart is not reachable by its quote number.
        cartIdOf({ kind: 'customer', quoteId: guestQuote }),
        cartIdOf({ kind: 'customer', quoteId: 999999 }),
        Buffer.from('WebOrder:000000001').toString('base64url'),
      ]);
      expect(answer.errors).toBeUndefined();
      expect(answer.data!._entities).toEqual([
        { id: cartIdOf(guest), active: true, lines: [{ sku, quantity: 1 }] },
        { id: cartIdOf(ordered.ref), active: false, lines: [{ sku, quantity: 1 }] },
        {
          id: cartIdOf({ kind: 'customer', quoteId: seeded.id }),
          active: true,
          lines: seeded.items.map((i) => ({ sku: i.sku, quantity: i.qty })),
        },
        null,
        null,
        null,
      ]);
    });
  });
});
