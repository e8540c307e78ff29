import { MarketplaceClient, orderStatusOf } from '../../connectors/marketplace';
import { WarehouseClient } from '../../connectors/warehouse';
import { adminHeaders } from '../../legacy/kit/admin';
import type { World } from '../../legacy/seed/model';
import { generateWorld } from '../../legacy/seed/world';
import { encodeId, locationId } from '../../lib/ids';
import { RunningSystem, startSystem } from '../../scripts/system';
import { recipientOf } from '../../subgraphs/marketplace/fulfilment';
import { eventually } from '../support/eventually';
import { errorCodes, execute, GraphQLAnswer } from '../support/graphql';
import { associateAt, signerFor } from '../support/journey-personas';

/**
 * The marketplace as a fifth system, through the gateway against the real stand-ins: its orders in
 * the one history and by id, pushes (good, forged, dropped), the stock it may sell following every
 * channel, fulfilment from the retailer's plant, and the oversell race with the marketplace in it.
 */

const AGENT = 'agent';
const STEWARD = 'steward';
const BY_CARD = `query($v: String!) { customerByIdentifier(identifier: { kind: LOYALTY_CARD, value: $v }) { id } }`;
const MARKETPLACE_FIELDS = `id number channel status placedAt
  ... on MarketplaceOrder { marketplaceStatus buyer { name loyaltyCardCode } fulfilment { method location { id } } }`;
const HISTORY = `query($id: ID!, $channels: [SalesChannel!]) { customer(id: $id) {
  orderHistory(first: 100, channels: $channels) { totalCount edges { node { ${MARKETPLACE_FIELDS} } } } } }`;
const ORDER = `query($id: ID!) { order(id: $id) { ${MARKETPLACE_FIELDS} } }`;
const LIST = `query($first: Int, $status: OrderStatus) { marketplaceOrders(first: $first, status: $status) {
  totalCount edges { node { number status marketplaceStatus } } } }`;
const STOCK = `query($sku: String!) { productVariant(sku: $sku) { stockLevels { location { id } onHand reserved available } } }`;
const COUNTER_SALE = `mutation($input: CounterSaleInput!) { sellAtCounter(input: $input) { order { id } userErrors { code } } }`;
const CART = `mutation($input: CreateCartInput!) { createCart(input: $input) { cart { id } } }`;
const ADD = `mutation($input: AddCartLineInput!) { addCartLine(input: $input) { userErrors { code } } }`;
const CHECKOUT = `mutation($input: CheckoutInput!) { checkout(input: $input) { order { number } userErrors { code } } }`;

interface OrderNode {
  id: string;
  number: string;
  channel: string;
  status: string;
  marketplaceStatus?: string;
  buyer?: { name: string; loyaltyCardCode: string | null };
  fulfilment?: { method: string; location: { id: string } | null };
}

let keyCounter = 0;
const key = (label: string) => `${label}-${Date.now()}-${(keyCounter += 1)}`;

describe('the marketplace in the graph (issue 16)', () => {
  let world: World;
  let system: RunningSystem;
  let erp: WarehouseClient;
  let marketplace: MarketplaceClient;
  let store: string;
  const signAs = signerFor(() => system);

  async function run<T>(text: string, variables: object, as: string | null): Promise<GraphQLAnswer<T>> {
    return execute<T, object>(system.gatewayUrl, text, variables, await signAs(as));
  }
  /** The buyer's side of the marketplace, through the stand-in's buyer routes. */
  async function buyer(path: string, body?: object): Promise<{ order_sn: string }> {
    const response = await fetch(`${system.legacyUrls.marketplace}/__admin/buyer/orders${path}`, {
      method: 'POST',
      headers: { ...adminHeaders(), 'content-type': 'application/json' },
      body: JSON.stringify(body ?? {}),
    });
    expect(response.status).toBeLessThan(300);
    return (await response.json()) as { order_sn: string };
  }
  const placeOrder = (lines: { sku: string; quantity: number }[], buyerUserId?: number) =>
    buyer('', { lines: lines.map((l) => ({ model_sku: l.sku, quantity: l.quantity })), buyer_user_id: buyerUserId });
  const orderById = async (number: string, as = STEWARD) =>
    (await run<{ order: OrderNode | null }>(ORDER, { id: encodeId('MarketplaceOrder', number) }, as)).data?.order ?? null;
  const availableAt = async (sku: string, plant: string) => {
    const answer = await run<{
      productVariant: { stockLevels: { location: { id: string }; available: number; reserved: number; onHand: number }[] };
    }>(STOCK, { sku }, null);
    return answer.data!.productVariant.stockLevels.find((level) => level.location.id === locationId(plant)) ?? null;
  };
  /** A sale at the store's till through the graph, as its associate rings it up. */
  async function sellAtCounter(sku: string, quantity: number): Promise<void> {
    const sale = await run<{ sellAtCounter: { userErrors: unknown[] } }>(
      COUNTER_SALE,
      {
        input: {
          storeLocationId: locationId(store),
          workstationId: 1,
          associateId: 'NV101',
          lines: [{ sku, quantity }],
          idempotencyKey: key('sale'),
        },
      },
      associateAt(store),
    );
    expect(sale.data!.sellAtCounter.userErrors).toEqual([]);
  }
  const marketplaceStock = async (sku: string) => (await marketplace.stock([sku]))[0]?.available;
  /** A listed SKU with at least `minimum` available at the store, in no open seeded order, not used by another test. */
  const used = new Set<string>();
  async function listedSkuAtStore(minimum: number): Promise<string> {
    const open = new Set(
      world.marketplace.orders
        .filter((order) => order.status === 'UNPAID' || order.status === 'READY_TO_SHIP')
        .flatMap((order) => order.items.map((item) => item.modelId)),
    );
    for (const model of world.marketplace.items.flatMap((item) => item.models)) {
      if (used.has(model.sku) || open.has(model.modelId)) continue;
      if (((await availableAt(model.sku, store))?.available ?? 0) >= minimum) {
        used.add(model.sku);
        return model.sku;
      }
    }
    throw new Error('no listed SKU stocked at the store');
  }
  /** Brings the store to exactly `units` available of a SKU: damaged stock aside (344) or a receipt (501). */
  async function setAvailable(sku: string, units: number): Promise<void> {
    const delta = (await availableAt(sku, store))!.available - units;
    if (delta !== 0)
      await erp.postGoodsMovement({
        reference: key('ADJ').slice(0, 16),
        headerText: 'Test stock adjustment',
        items: [{ material: sku, plant: store, movementType: delta > 0 ? '344' : '501', quantity: Math.abs(delta) }],
      });
    expect((await availableAt(sku, store))!.available).toBe(units);
  }

  beforeAll(async () => {
    world = generateWorld({ seed: 13, size: 'small' });
    store = world.stores[0].plant;
    system = await startSystem({
      world,
      env: {
        LOG_LEVEL: 'silent',
        IDENTITY_SYNC_INTERVAL_MS: '0',
        COMMERCE_PICKUP_SWEEP_MS: '0',
        POS_FEED_POLL_MS: '250',
        // Orders come by push; the poll, every 2 s, catches what pushes miss.
        MARKETPLACE_POLL_MS: '2000',
        MARKETPLACE_STOCK_SYNC_MS: '300',
        MARKETPLACE_STOCK_BUFFER: '1',
        // Shipped from the first store, where the counter and click & collect sell the same units.
        MARKETPLACE_FULFILMENT_PLANTS: store,
        MARKETPLACE_BREAKER_HALF_OPEN_MS: '100',
        // Stock is set by goods movements in the ERP itself (no stock event), then read at once.
        WAREHOUSE_STOCK_CACHE_MS: '0',
      },
    });
    erp = WarehouseClient.fromEnv({ WAREHOUSE_URL: system.legacyUrls.warehouse });
    marketplace = MarketplaceClient.fromEnv({
      MARKETPLACE_URL: system.legacyUrls.marketplace,
      OMNIGRAPH_CLOCK_OFFSET_MS: system.env.OMNIGRAPH_CLOCK_OFFSET_MS,
    });
  }, 120_000);
  afterAll(() => system.stop());
  afterEach(() => system.legacy.marketplace.legacy.resetKnobs());

  describe('orders in the one history', () => {
    it('lists a linked member’s marketplace orders in their history, channel MARKETPLACE, the marketplace’s status mapped to ours', async () => {
      const member = world.truth.marketplaceMembers.find((m) => m.orderSns.length > 0)!;
      const customer = await run<{ customerByIdentifier: { id: string } }>(BY_CARD, { v: member.loyaltyCardCode }, AGENT);
      const customerId = customer.data!.customerByIdentifier.id;
      const answer = await run<{ customer: { orderHistory: { edges: { node: OrderNode }[] } } }>(
        HISTORY,
        { id: customerId, channels: ['MARKETPLACE'] },
        AGENT,
      );
      expect(answer.errors).toBeUndefined();
      const nodes = answer.data!.customer.orderHistory.edges.map((edge) => edge.node);
      expect(nodes.map((node) => node.number).sort()).toEqual([...member.orderSns].sort());
      for (const node of nodes) {
        const seeded = world.marketplace.orders.find((order) => order.orderSn === node.number)!;
        expect(node).toMatchObject({ channel: 'MARKETPLACE', status: orderStatusOf(seeded.status), marketplaceStatus: seeded.status });
        expect(node.buyer!.loyaltyCardCode).toBe(member.loyaltyCardCode);
      }
      // In the whole history too, among the web orders and store receipts.
      const all = await run<{ customer: { orderHistory: { edges: { node: OrderNode }[] } } }>(HISTORY, { id: customerId }, AGENT);
      const channels = new Set(all.data!.customer.orderHistory.edges.map((edge) => edge.node.channel));
      expect(channels.has('MARKETPLACE')).toBe(true);
    });

    it('shows every buyer’s order to the back office, by id and in the channel’s list; a customer sees none of another’s', async () => {
      const memberOrders = new Set(world.truth.marketplaceMembers.flatMap((m) => m.orderSns));
      const stranger = world.marketplace.orders.find((order) => !memberOrders.has(order.orderSn))!;
      const order = await orderById(stranger.orderSn);
      expect(order).toMatchObject({ number: stranger.orderSn, channel: 'MARKETPLACE', marketplaceStatus: stranger.status });
      expect(order!.buyer!.name).toMatch(/\*/);

      const list = await run<{ marketplaceOrders: { totalCount: number } }>(LIST, { first: 5 }, STEWARD);
      expect(list.data!.marketplaceOrders.totalCount).toBeGreaterThanOrEqual(world.marketplace.orders.length);

      const asCustomer = await run(ORDER, { id: encodeId('MarketplaceOrder', stranger.orderSn) }, 'customer-1');
      expect(errorCodes(asCustomer)).toEqual(['FORBIDDEN']);
      expect(errorCodes(await run(ORDER, { id: encodeId('MarketplaceOrder', stranger.orderSn) }, null))).toEqual(['UNAUTHENTICATED']);
      expect(errorCodes(await run(LIST, { first: 5 }, 'customer-1'))).toEqual(['FORBIDDEN']);
    });
  });

  it('records a staff member’s look at a linked buyer in that customer’s record of who looked', async () => {
    const member = world.truth.marketplaceMembers.find((m) => m.orderSns.length > 0)!;
    const customerId = (await run<{ customerByIdentifier: { id: string } }>(BY_CARD, { v: member.loyaltyCardCode }, AGENT)).data!
      .customerByIdentifier.id;
    expect((await orderById(member.orderSns[0]))!.buyer!.loyaltyCardCode).toBe(member.loyaltyCardCode);
    const log = await run<{ customer: { dataAccessLog: { edges: { node: { viewer: string; fields: string[] } }[] } } }>(
      `query($id: ID!) { customer(id: $id) { dataAccessLog(first: 50) { edges { node { viewer fields } } } } }`,
      { id: customerId },
      STEWARD,
    );
    expect(log.errors).toBeUndefined();
    const fields = log.data!.customer.dataAccessLog.edges.flatMap((edge) => edge.node.fields);
    expect(fields).toContain('MarketplaceOrder.buyer');
  });

  describe('pushes', () => {
    it('a member’s new order is in their history within seconds of the marketplace’s push', async () => {
      const member = world.truth.marketplaceMembers[0];
      const sku = await listedSkuAtStore(3);
      await eventually(
        () => marketplaceStock(sku),
        (units) => (units ?? 0) >= 1,
      );
      const { order_sn } = await placeOrder([{ sku, quantity: 1 }], member.buyerUserId);
      const customerId = (await run<{ customerByIdentifier: { id: string } }>(BY_CARD, { v: member.loyaltyCardCode }, AGENT)).data!
        .customerByIdentifier.id;
      const numbers = await eventually(
        async () =>
          (
            await run<{ customer: { orderHistory: { edges: { node: OrderNode }[] } } }>(
              HISTORY,
              { id: customerId, channels: ['MARKETPLACE'] },
              AGENT,
            )
          ).data!.customer.orderHistory.edges.map((edge) => edge.node.number),
        (found) => found.includes(order_sn),
      );
      expect(numbers).toContain(order_sn);
      expect((await orderById(order_sn))!.status).toBe('PENDING');
    });

    it('refuses a push not signed by the marketplace, and takes a repeated one once', async () => {
      const body = JSON.stringify({
        code: 3,
        shop_id: 880001,
        timestamp: 1,
        data: { ordersn: 'NOTANORDER0001', status: 'READY_TO_SHIP', update_time: 1 },
      });
      const forged = await fetch(`${system.subgraphUrls.marketplace.replace(/\/graphql$/, '')}/marketplace/push`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'f'.repeat(64) },
        body,
      });
      expect(forged.status).toBe(401);
      expect(await orderById('NOTANORDER0001')).toBeNull();

      // Two deliveries of every push, out of order: each order is taken once, and ends as the marketplace has it.
      await fetch(`${system.legacyUrls.marketplace}/__admin/push`, {
        method: 'PUT',
        headers: { ...adminHeaders(), 'content-type': 'application/json' },
        body: JSON.stringify({ duplicates: 2, outOfOrder: true }),
      });
      const sku = await listedSkuAtStore(3);
      await eventually(
        () => marketplaceStock(sku),
        (units) => (units ?? 0) >= 1,
      );
      const { order_sn } = await placeOrder([{ sku, quantity: 1 }]);
      await buyer(`/${order_sn}/pay`);
      const order = await eventually(
        () => orderById(order_sn),
        (found) => found?.marketplaceStatus === 'PROCESSED',
      );
      expect(order!.marketplaceStatus).toBe('PROCESSED');
      expect(await erp.reservationsOfRecipient(recipientOf({ number: order_sn }))).toHaveLength(1);
    });

    it('catches by its poll an order whose pushes were all lost', async () => {
      await fetch(`${system.legacyUrls.marketplace}/__admin/push`, {
        method: 'PUT',
        headers: { ...adminHeaders(), 'content-type': 'application/json' },
        body: JSON.stringify({ dropRate: 1, duplicates: 0, outOfOrder: false }),
      });
      try {
        const sku = await listedSkuAtStore(3);
        await eventually(
          () => marketplaceStock(sku),
          (units) => (units ?? 0) >= 1,
        );
        const { order_sn } = await placeOrder([{ sku, quantity: 1 }]);
        const list = await eventually(
          async () => (await run<{ marketplaceOrders: { edges: { node: { number: string } }[] } }>(LIST, { first: 10 }, STEWARD)).data!,
          (found) => found.marketplaceOrders.edges.some((edge) => edge.node.number === order_sn),
        );
        expect(list.marketplaceOrders.edges.map((edge) => edge.node.number)).toContain(order_sn);
      } finally {
        await fetch(`${system.legacyUrls.marketplace}/__admin/push`, {
          method: 'PUT',
          headers: { ...adminHeaders(), 'content-type': 'application/json' },
          body: JSON.stringify({ dropRate: 0 }),
        });
      }
    });
  });

  describe('points for linked members', () => {
    const LOYALTY = `query($id: ID!) { customer(id: $id) { loyalty { pointsBalance } } }`;

    it('earns a member points when their marketplace order completes, once, and takes them back when they return it', async () => {
      const member = world.truth.marketplaceMembers[1];
      const customerId = (await run<{ customerByIdentifier: { id: string } }>(BY_CARD, { v: member.loyaltyCardCode }, AGENT)).data!
        .customerByIdentifier.id;
      const balance = async () =>
        (await run<{ customer: { loyalty: { pointsBalance: number } } }>(LOYALTY, { id: customerId }, AGENT)).data!.customer.loyalty
          .pointsBalance;
      const before = await balance();
      const sku = await listedSkuAtStore(3);
      await eventually(
        () => marketplaceStock(sku),
        (units) => (units ?? 0) >= 2,
      );
      const { order_sn } = await placeOrder([{ sku, quantity: 2 }], member.buyerUserId);
      await buyer(`/${order_sn}/pay`);
      await eventually(
        () => orderById(order_sn),
        (found) => found?.marketplaceStatus === 'PROCESSED',
      );
      await buyer(`/${order_sn}/pickup`);
      await buyer(`/${order_sn}/complete`);
      const total = (await marketplace.order(order_sn))!.totals.total.amount;
      const points = Math.floor(Number(total) / 10_000);
      expect(points).toBeGreaterThan(0);
      expect(await eventually(balance, (now) => now === before + points)).toBe(before + points);
      // The poll reads the order again, and pushes repeat: still one line.
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      expect(await balance()).toBe(before + points);

      await buyer(`/${order_sn}/return`);
      expect(await eventually(balance, (now) => now === before)).toBe(before);
    });
  });

  describe('fulfilment and stock', () => {
    it('reserves a paid order at the plant, ships it, and issues the stock when the carrier has it', async () => {
      const sku = await listedSkuAtStore(3);
      await eventually(
        () => marketplaceStock(sku),
        (units) => (units ?? 0) >= 1,
      );
      const before = (await availableAt(sku, store))!;
      const { order_sn } = await placeOrder([{ sku, quantity: 1 }]);
      await buyer(`/${order_sn}/pay`);
      const shipped = await eventually(
        () => orderById(order_sn),
        (found) => found?.marketplaceStatus === 'PROCESSED',
      );
      expect(shipped).toMatchObject({
        status: 'PROCESSING',
        fulfilment: { method: 'SHIP_FROM_STORE', location: { id: locationId(store) } },
      });
      expect((await availableAt(sku, store))!).toMatchObject({ available: before.available - 1, reserved: before.reserved + 1 });

      await buyer(`/${order_sn}/pickup`);
      await eventually(
        () => erp.materialDocumentsByReference(recipientOf({ number: order_sn })),
        (documents) => documents.length === 1,
      );
      expect(await erp.materialDocumentsByReference(recipientOf({ number: order_sn }))).toHaveLength(1);
      const after = (await availableAt(sku, store))!;
      expect(after).toMatchObject({ available: before.available - 1, reserved: before.reserved, onHand: before.onHand - 1 });
    });

    it('tells the marketplace within seconds what a till sale at the store leaves, less the buffer', async () => {
      const sku = await listedSkuAtStore(4);
      const available = (await availableAt(sku, store))!.available;
      expect(
        await eventually(
          () => marketplaceStock(sku),
          (units) => units === available - 1,
        ),
      ).toBe(available - 1);
      await sellAtCounter(sku, 2);
      expect(
        await eventually(
          () => marketplaceStock(sku),
          (units) => units === available - 3,
        ),
      ).toBe(available - 3);
    });

    it('pushes the stock again once the marketplace is back, and serves its orders from what it read meanwhile', async () => {
      const sku = await listedSkuAtStore(4);
      const available = (await availableAt(sku, store))!.available;
      await eventually(
        () => marketplaceStock(sku),
        (units) => units === available - 1,
      );
      system.legacy.marketplace.legacy.setKnobs({ down: true });
      await sellAtCounter(sku, 1);
      const list = await run<{ marketplaceOrders: { totalCount: number } }>(LIST, { first: 1 }, STEWARD);
      expect(list.errors).toBeUndefined();
      expect(errorCodes(await run(ORDER, { id: encodeId('MarketplaceOrder', '991231UNKNOWN1') }, STEWARD))).toEqual([
        'MARKETPLACE_UNAVAILABLE',
      ]);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      system.legacy.marketplace.legacy.resetKnobs();
      expect(
        await eventually(
          () => marketplaceStock(sku),
          (units) => units === available - 2,
        ),
      ).toBe(available - 2);
    });
  });

  it('never oversells: web, app, counter and marketplace orders at once for 6 units, exactly 6 taken, the rest refused or cancelled', async () => {
    const sku = await listedSkuAtStore(6);
    await setAvailable(sku, 6);
    const before = (await availableAt(sku, store))!;
    await eventually(
      () => marketplaceStock(sku),
      (units) => units === 5,
    );
    // Four buyers order on the marketplace (it holds 5), then everyone pays and checks out at once.
    const placed = await Promise.all([1, 2, 3, 4].map(() => placeOrder([{ sku, quantity: 1 }])));
    const carts = await Promise.all(
      Array.from({ length: 8 }, async () => {
        const cart = await run<{ createCart: { cart: { id: string } } }>(CART, { input: { idempotencyKey: key('cart') } }, null);
        const cartId = cart.data!.createCart.cart.id;
        await run(ADD, { input: { cartId, sku, quantity: 1, idempotencyKey: key('add') } }, null);
        return cartId;
      }),
    );
    const attempts = [
      ...placed.map(({ order_sn }) =>
        buyer(`/${order_sn}/pay`).then(() => ({ channel: 'marketplace', ok: null as boolean | null, ref: order_sn })),
      ),
      ...carts.map((cartId, i) =>
        run<{ checkout: { order: { number: string } | null; userErrors: { code: string }[] } }>(
          CHECKOUT,
          {
            input: {
              cartId,
              fulfilment: 'PICKUP_IN_STORE',
              pickupLocationId: locationId(store),
              address: {
                firstName: 'Lan',
                lastName: 'Trần',
                street: ['12 Lê Lợi'],
                city: 'Hồ Chí Minh',
                phone: '0901234567',
                email: 'lan@example.vn',
              },
              channel: i % 2 ? 'WEB' : 'APP',
              idempotencyKey: key('race'),
            },
          },
          null,
        ).then((answer) => ({
          channel: 'web',
          ok: answer.data!.checkout.userErrors.length === 0,
          ref: answer.data!.checkout.order?.number ?? '',
        })),
      ),
      ...Array.from({ length: 4 }, (_, i) =>
        run<{ sellAtCounter: { order: { id: string } | null; userErrors: { code: string }[] } }>(
          COUNTER_SALE,
          {
            input: {
              storeLocationId: locationId(store),
              workstationId: 1 + (i % 2),
              associateId: `NV${300 + i}`,
              lines: [{ sku, quantity: 1 }],
              idempotencyKey: key('race'),
            },
          },
          associateAt(store),
        ).then((answer) => ({
          channel: 'counter',
          ok: answer.data!.sellAtCounter.userErrors.length === 0,
          ref: answer.data!.sellAtCounter.order?.id ?? '',
        })),
      ),
    ];
    const results = await Promise.all(attempts);
    // Each marketplace order ends reserved and handed over, or cancelled as out of stock.
    const marketplaceEnds = await Promise.all(
      placed.map(({ order_sn }) =>
        eventually(
          () => orderById(order_sn),
          (order) => order?.marketplaceStatus === 'PROCESSED' || order?.marketplaceStatus === 'CANCELLED',
        ),
      ),
    );
    const marketplaceWins = marketplaceEnds.filter((order) => order?.marketplaceStatus === 'PROCESSED').length;
    expect(marketplaceEnds.every((order) => order?.marketplaceStatus === 'PROCESSED' || order?.marketplaceStatus === 'CANCELLED')).toBe(
      true,
    );
    const otherWins = results.filter((result) => result.ok === true).length;
    expect(marketplaceWins + otherWins).toBe(6);
    const after = (await availableAt(sku, store))!;
    expect(after.available).toBe(0);
    const webWins = results.filter((result) => result.channel === 'web' && result.ok).length;
    const counterWins = results.filter((result) => result.channel === 'counter' && result.ok).length;
    expect(after.reserved).toBe(before.reserved + webWins + marketplaceWins);
    expect(after.onHand).toBe(before.onHand - counterWins);
    for (const order of marketplaceEnds.filter((o) => o?.marketplaceStatus === 'PROCESSED'))
      expect(await erp.reservationsOfRecipient(recipientOf(order!))).toHaveLength(1);
    // The marketplace is told it has none left to sell.
    expect(
      await eventually(
        () => marketplaceStock(sku),
        (units) => units === 0,
      ),
    ).toBe(0);
  }, 120_000);
});
