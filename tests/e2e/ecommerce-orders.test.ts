import type { WebOrder, World } from '../../legacy/seed/model';
import { personasOf } from '../../legacy/seed/personas';
import { generateWorld } from '../../legacy/seed/world';
import { RunningSystem, startSystem } from '../../scripts/system';
import { execute } from '../support/graphql';
import { headersAs, withSecond } from '../support/tokens';
import { QUIET_MARKETPLACE } from '../support/quiet-marketplace';

const MONEY = '{ amount currencyCode }';
const WEB_ORDER = `fragment WebOrderFields on WebOrder {
  id number channel placedAt status email placedAsGuest
  statusHistory { status at note }
  lines { sku name quantity unitPrice ${MONEY} discount ${MONEY} total ${MONEY} variant { sku } }
  totals { subtotal ${MONEY} discount ${MONEY} shipping ${MONEY} total ${MONEY} refunded ${MONEY} }
  fulfilment { method location { id } }
}`;
/** The gateway allows 20 aliases per operation. */
const MAX_ALIASES = 20;

type Money = { amount: string; currencyCode: string };
interface WebOrderNode {
  id: string;
  number: string;
  status: string;
  statusHistory: { status: string; at: string; note: string | null }[];
  totals: Record<string, Money>;
  fulfilment: { method: string; location: { id: string } | null };
  [field: string]: unknown;
}

/** Magento keeps times to the second; the graph gives them in UTC with their zone. */
const iso = (instant: Date) => `${instant.toISOString().slice(0, 19)}Z`;
const vnd = (amount: number): Money => ({ amount: String(amount), currencyCode: 'VND' });
const opaque = (type: string, key: string) => Buffer.from(`${type}:${key}`).toString('base64url');
const locationOfSource = (sourceCode: string) =>
  opaque(
    'Location',
    sourceCode.startsWith('store_')
      ? `S${sourceCode.slice('store_'.length)}`
      : { wh_binh_duong: '1100', wh_bac_ninh: '1200', wh_da_nang: '1300' }[sourceCode]!,
  );

/** How staff note in the web shop that a click & collect order waits at the store. */
const READY_NOTE = /^Sẵn sàng nhận tại cửa hàng/;
const LABELS: Record<string, string> = {
  pending: 'PENDING',
  processing: 'PROCESSING',
  complete: 'COMPLETED',
  canceled: 'CANCELLED',
  closed: 'REFUNDED',
};

describe('web orders through the gateway', () => {
  let world: World;
  let system: RunningSystem;
  const shop = () => system.legacy.ecommerce.legacy;
  /** As the call-center agent, who reads any customer's orders; every customer at once is the back-office steward's list. */
  const query = async <T>(text: string, variables: object = {}, login: 'agent' | 'steward' = 'agent') =>
    execute<T, object>(system.gatewayUrl, text, variables, await headersAs(system, login));

  /** Up to MAX_ALIASES orders by id in one operation. */
  async function ordersById(ids: string[]): Promise<(WebOrderNode | null)[]> {
    const fields = ids.map((id, i) => `o${i}: order(id: "${id}") { ...WebOrderFields }`).join('\n');
    const answer = await query<Record<string, WebOrderNode | null>>(`{ ${fields} }\n${WEB_ORDER}`);
    expect(answer.errors).toBeUndefined();
    return ids.map((_id, i) => answer.data![`o${i}`]);
  }

  async function allOrders(orders: WebOrder[]): Promise<WebOrderNode[]> {
    const nodes: WebOrderNode[] = [];
    for (let i = 0; i < orders.length; i += MAX_ALIASES) {
      nodes.push(...((await ordersById(orders.slice(i, i + MAX_ALIASES).map((o) => opaque('WebOrder', o.incrementId)))) as WebOrderNode[]));
    }
    return nodes;
  }

  const memosOf = (order: WebOrder) => world.ecommerce.creditMemos.filter((memo) => memo.orderId === order.entityId);
  const isPickup = (order: WebOrder) => order.shippingMethod === 'instore_pickup';
  const readyAtStore = (order: WebOrder) => isPickup(order) && READY_NOTE.test(order.statusHistory[order.statusHistory.length - 1].comment);

  function expectedStatus(order: WebOrder): string {
    if (order.status === 'processing') return readyAtStore(order) ? 'READY_FOR_PICKUP' : 'PROCESSING';
    if (order.status === 'complete' && memosOf(order).length > 0) return 'PARTIALLY_REFUNDED';
    return LABELS[order.status];
  }

  /** Everything but the fulfilment, which the next tests check. */
  function expectedOrder(order: WebOrder) {
    return {
      id: opaque('WebOrder', order.incrementId),
      number: order.incrementId,
      channel: 'WEB',
      placedAt: iso(order.createdAt),
      status: expectedStatus(order),
      email: order.customerEmail,
      placedAsGuest: order.customerId === null,
      statusHistory: order.statusHistory.map((entry) => ({
        status:
          entry.status === 'processing' && isPickup(order) && READY_NOTE.test(entry.comment) ? 'READY_FOR_PICKUP' : LABELS[entry.status],
        at: iso(entry.createdAt),
        note: entry.comment,
      })),
      lines: order.items.map((item) => ({
        sku: item.sku,
        name: item.name,
        quantity: item.qtyOrdered,
        unitPrice: vnd(item.price),
        discount: vnd(item.discountAmount),
        total: vnd(item.rowTotal - item.discountAmount),
        variant: { sku: item.sku },
      })),
      totals: {
        subtotal: vnd(order.subtotal),
        discount: vnd(order.discountAmount),
        shipping: vnd(order.shippingAmount),
        total: vnd(order.grandTotal),
        refunded: vnd(memosOf(order).reduce((sum, memo) => sum + memo.grandTotal, 0)),
      },
    };
  }

  beforeAll(async () => {
    world = generateWorld({ seed: 7, size: 'small' });
    system = await startSystem({
      world,
      personas: withSecond(personasOf(world), 'steward'),
      subgraphs: ['identity', 'ecommerce', 'orders', 'pos', 'marketplace'],
      // Shop calls are counted here: no catalogue follower (a products search every second), and products read from the shop each time.
      env: {
        LOG_LEVEL: 'silent',
        IDENTITY_SYNC_INTERVAL_MS: '0',
        ECOMMERCE_CATALOGUE_FOLLOW_MS: '0',
        ECOMMERCE_PRODUCT_CACHE_MS: '0',
        ...QUIET_MARKETPLACE,
      },
    });
  });
  afterAll(() => system.stop());

  /** A few orders of every kind: status, delivery, guest or not, refunded or not, discounted or not. */
  function ordersOfEveryKind(): WebOrder[] {
    const kinds = new Map<string, WebOrder[]>();
    for (const order of world.ecommerce.orders) {
      const kind = [
        order.status,
        order.shippingMethod,
        order.customerId === null,
        memosOf(order).length > 0,
        order.discountAmount > 0,
      ].join('|');
      kinds.set(kind, [...(kinds.get(kind) ?? []), order]);
    }
    return [...kinds.values()].flatMap((orders) => orders.slice(0, 2));
  }

  it('shows web orders as the customer saw them: status, history oldest first, lines and totals in Money', async () => {
    const orders = ordersOfEveryKind();
    const nodes = await allOrders(orders);
    nodes.forEach((node, i) => {
      const { fulfilment: _fulfilment, ...rest } = node;
      expect(rest).toEqual(expectedOrder(orders[i]));
    });
    const statuses = new Set(nodes.map((node) => node.status));
    expect([...statuses].sort()).toEqual([
      'CANCELLED',
      'COMPLETED',
      'PARTIALLY_REFUNDED',
      'PENDING',
      'PROCESSING',
      'READY_FOR_PICKUP',
      'REFUNDED',
    ]);
  });

  it('shows a click & collect order as a pickup at its store', async () => {
    const pickups = world.ecommerce.orders.filter(isPickup).slice(0, MAX_ALIASES);
    const nodes = await ordersById(pickups.map((o) => opaque('WebOrder', o.incrementId)));
    nodes.forEach((node, i) =>
      expect(node!.fulfilment).toEqual({ method: 'PICKUP_IN_STORE', location: { id: locationOfSource(pickups[i].pickupLocationCode!) } }),
    );
  });

  it('shows a delivered order as shipped from the store or warehouse that had the stock', async () => {
    const delivered = world.ecommerce.orders.filter((o) => !isPickup(o));
    const sample = [
      ...delivered.filter((o) => o.fulfilmentSourceCode.startsWith('store_')).slice(0, 10),
      ...delivered.filter((o) => o.fulfilmentSourceCode.startsWith('wh_')).slice(0, 10),
    ];
    const nodes = await ordersById(sample.map((o) => opaque('WebOrder', o.incrementId)));
    nodes.forEach((node, i) =>
      expect(node!.fulfilment).toEqual({
        method: sample[i].fulfilmentSourceCode.startsWith('store_') ? 'SHIP_FROM_STORE' : 'SHIP_TO_HOME',
        location: { id: locationOfSource(sample[i].fulfilmentSourceCode) },
      }),
    );
  });

  it('answers null for an order the shop does not have', async () => {
    const [missing] = await ordersById([opaque('WebOrder', '999999999')]);
    expect(missing).toBeNull();
  });

  describe('as the shop changes them', () => {
    const admin = (method: string, url: string, body: unknown) =>
      fetch(`${system.legacyUrls.ecommerce}/rest/V1${url}`, {
        method,
        headers: { authorization: 'Bearer ecommerce-dev-token', 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).then(async (response) => ({ status: response.status, body: await response.json() }));
    const orderNow = async (order: WebOrder) => (await ordersById([opaque('WebOrder', order.incrementId)]))[0]!;

    it('reads a click & collect order as ready for pickup once staff note it, in English too', async () => {
      const order = world.ecommerce.orders.find((o) => o.status === 'pending' && isPickup(o))!;
      expect((await orderNow(order)).status).toBe('PENDING');
      const noted = await admin('POST', `/orders/${order.entityId}/comments`, {
        statusHistory: { comment: 'Ready for pickup at the store counter', status: 'processing' },
      });
      expect(noted).toEqual({ status: 200, body: true });
      const node = await orderNow(order);
      expect(node.status).toBe('READY_FOR_PICKUP');
      expect(node.statusHistory.at(-1)).toMatchObject({ status: 'READY_FOR_PICKUP', note: 'Ready for pickup at the store counter' });
    });

    it('reads a partly refunded order as PARTIALLY_REFUNDED, with the refund as a positive amount', async () => {
      const order = world.ecommerce.orders.find(
        (o) => o.status === 'complete' && memosOf(o).length === 0 && o.items.length > 1 && o.items[0].discountAmount === 0,
      )!;
      const [line] = order.items;
      const refund = await admin('POST', `/order/${order.entityId}/refund`, {
        items: [{ order_item_id: line.itemId, qty: 1 }],
        arguments: { shipping_amount: 0 },
      });
      expect(refund.status).toBe(200);
      const node = await orderNow(order);
      expect(node.status).toBe('PARTIALLY_REFUNDED');
      expect(node.totals.refunded).toEqual(vnd(line.price));
      expect(node.statusHistory.at(-1)).toMatchObject({ status: 'PARTIALLY_REFUNDED', note: expect.stringMatching(/^We refunded/) });
    });
  });

  describe("in the customer's order history", () => {
    const HISTORY = `query($first: Int!, $after: String) { customers(first: $first, after: $after) { edges { cursor node { id emails records { system recordId }
      orderHistory(first: 100, channels: [WEB]) { totalCount edges { node { id placedAt ... on WebOrder { number } } } } } } } }`;
    const VARIANTS_BOUGHT = `query($first: Int!, $after: String) { customers(first: $first, after: $after) { edges { cursor node {
      orderHistory(channels: [WEB]) { totalCount edges { node { ... on WebOrder { lines { variant { name } } } } } } } } } }`;
    interface HistoryNode {
      id: string;
      emails: string[];
      records: { system: string; recordId: string }[];
      orderHistory: { totalCount: number; edges: { node: { id: string; placedAt: string; number: string } }[] } | null;
    }
    const history = (first: number, after?: string, text = HISTORY) =>
      query<{ customers: { edges: { cursor: string; node: HistoryNode }[] } }>(text, { first, after }, 'steward');

    /** The customer's web orders: from their accounts, and as a guest under one of their emails in any case. */
    const expectedWebOrders = (node: HistoryNode) => {
      const accounts = node.records.filter((r) => r.system === 'ECOMMERCE').map((r) => Number(r.recordId));
      return world.ecommerce.orders
        .filter(
          (o) =>
            (o.customerId !== null && accounts.includes(o.customerId)) ||
            (o.customerId === null && node.emails.includes(o.customerEmail.toLowerCase())),
        )
        .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.incrementId < b.incrementId ? -1 : 1));
    };

    it('lists every web order of each customer, guest orders under their email in any case included, newest first', async () => {
      const nodes: HistoryNode[] = [];
      for (let after: string | undefined; ;) {
        const answer = await history(100, after);
        expect(answer.errors).toBeUndefined();
        const edges = answer.data!.customers.edges;
        nodes.push(...edges.map((edge) => edge.node));
        if (edges.length < 100) break;
        after = edges[edges.length - 1].cursor;
      }
      for (const node of nodes) {
        const expected = expectedWebOrders(node);
        expect(node.orderHistory!.totalCount).toBe(expected.length);
        expect(node.orderHistory!.edges.map((edge) => edge.node.number)).toEqual(expected.map((o) => o.incrementId));
      }
      const typedOtherwise = nodes.filter((node) =>
        expectedWebOrders(node).some((o) => o.customerId === null && o.customerEmail !== o.customerEmail.toLowerCase()),
      );
      expect(typedOtherwise.length).toBeGreaterThan(0);
    });

    it('costs two order searches for the index, none for the orders it listed, and one for their variants, for 50 customers as for 5', async () => {
      const all = (await history(50, undefined, VARIANTS_BOUGHT)).data!.customers.edges;
      // A page of 5 that starts at a customer with web orders, so it reads the same kinds of record.
      const start = all.findIndex((edge) => edge.node.orderHistory!.totalCount > 0);
      const cost = async (first: number, after?: string) => {
        shop().calls.reset();
        const answer = await history(first, after, VARIANTS_BOUGHT);
        expect(answer.errors).toBeUndefined();
        return shop().calls.snapshot().byOperation;
      };
      const many = await cost(50);
      expect(many).toEqual({ 'orders.list': 2, 'products.list': 1 });
      expect(await cost(5, start > 0 ? all[start - 1].cursor : undefined)).toEqual(many);
    });

    it('never answers another caller from a history read under the same request id: a client may choose it', async () => {
      const PAGE = `query($first: Int!) { customers(first: $first) { edges { node {
        orderHistory(first: 3, channels: [WEB]) { edges { node { ...WebOrderFields } } } } } } }\n${WEB_ORDER}`;
      const as = async (login: string) => ({ ...(await headersAs(system, login)), 'x-request-id': 'chosen-by-the-client' });
      shop().calls.reset();
      const page = await execute<{ customers: { edges: { node: { orderHistory: { edges: { node: WebOrderNode }[] } } }[] } }, object>(
        system.gatewayUrl,
        PAGE,
        { first: 20 },
        await as('steward'),
      );
      expect(page.errors).toBeUndefined();
      expect(shop().calls.snapshot().byOperation['orders.list']).toBe(2);
      const listed = page.data!.customers.edges.flatMap((edge) => edge.node.orderHistory.edges.map((e) => e.node))[0];
      shop().calls.reset();
      const other = await execute<{ order: WebOrderNode }, object>(
        system.gatewayUrl,
        `query($id: ID!) { order(id: $id) { ...WebOrderFields } }\n${WEB_ORDER}`,
        { id: listed.id },
        await as('steward-2'),
      );
      expect(other.data!.order).toEqual(listed);
      expect(shop().calls.snapshot().byOperation['orders.list']).toBe(1);
    });
  });
});
