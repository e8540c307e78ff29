import { randomUUID } from 'node:crypto';
import { Role, ROLE_SCOPES } from '../../lib/access';
import { AccessRecordStore, openAccessRecord, RecordedAccess } from '../../lib/access-record';
import { Caller, serviceCaller } from '../../lib/context';
import { locationId } from '../../lib/ids';
import type { World } from '../../legacy/seed/model';
import { generateWorld } from '../../legacy/seed/world';
import { RunningSystem, startSystem } from '../../scripts/system';
import { EcommerceClient, ShippingAddress, webOrderId } from '../../connectors/ecommerce';
import { askSubgraph, SubgraphAnswer } from '../support/subgraph-calls';

/**
 * Issue 13, item 5, through orders: `WebOrder.email` is personal data, reached by staff through
 * `order(id)`, a customer's `orderHistory` and a store's pickup queue, and an order does not name the
 * Omnigraph customer. The ecommerce subgraph records a read of it for the order's customer (its web
 * account's, else the customer identity knows by its email), asking identity once per request for
 * all of a page's orders. Asked of the subgraphs directly, signed as the gateway signs, as in
 * access-record.test.ts.
 */

type Answer<T> = SubgraphAnswer<T>;
interface Listed {
  id: string;
  webCustomerIds: number[];
}
interface OrderRead {
  number: string;
  email: string;
}
interface QueueAnswer {
  pickupQueue: { totalCount: number; edges: { node: OrderRead & { placedAsGuest: boolean } }[] };
}

const FIELD = 'WebOrder.email';
const S101 = locationId('S101');
const ORDER_EMAIL = '... on WebOrder { number email }';
const QUEUE = '... on Location { pickupQueue(first: 50) { totalCount edges { node { number email placedAsGuest } } } }';

const staff = (role: Role, id: string, clientId: string, stores: string[] = []): Caller => ({
  id,
  roles: [role],
  scopes: [...ROLE_SCOPES[role]],
  customerId: null,
  stores,
  clientId,
});
const signedInAs = (customerId: string, id: string): Caller => ({
  id,
  roles: ['customer'],
  scopes: [...ROLE_SCOPES.customer],
  customerId,
  stores: [],
  clientId: 'omnigraph-shop',
});
const webOrder = (number: string) => ({ __typename: 'WebOrder', id: webOrderId(number) });

describe('a record of who looked at web orders’ emails (issue 13, item 5)', () => {
  let world: World;
  let system: RunningSystem;
  let record: AccessRecordStore;
  let shop: EcommerceClient;
  /** Every customer identity knows, by id, with their web accounts. */
  let customers: Listed[];
  /** A and B: customers with an order from their web account waiting at S101. */
  let a: Listed & { email: string; accountOrder: string };
  let b: Listed & { accountOrder: string };
  /** Guest click & collect orders placed at S101: two under A's email (as typed, in another case), one under an email nobody has. */
  let guestOfA: string;
  let secondGuestOfA: string;
  let guestOfNobody: string;
  const agent = staff('call-center-agent', 'agent-7', 'omnigraph-staff');
  const associate = staff('store-associate', 'nv-101', 'store-tablet', ['S101']);
  const backOffice = staff('back-office', 'dpo-1', 'omnigraph-staff');
  const service = serviceCaller('service:commerce');

  /** The bodies of the calls ecommerce made to identity to find orders' customers, in the order made. */
  let ownerLookups: string[] = [];
  const aliasesOf = (body: string) => Object.keys((JSON.parse(body) as { variables: object }).variables).length;

  const ask = <T>(subgraph: string, caller: Caller, query: string, variables: object = {}, requestId?: string) =>
    askSubgraph<T>(system, subgraph, caller, query, variables, requestId);
  /** An entity fetch, as the gateway makes after `order(id)` (orders answers only a reference) or for a store's `Location`. */
  const entities = <T>(caller: Caller, selection: string, representations: object[], requestId?: string) =>
    ask<{ _entities: (T | null)[] }>(
      'ecommerce',
      caller,
      `query($r: [_Any!]!) { _entities(representations: $r) { ${selection} } }`,
      { r: representations },
      requestId,
    );

  /** What the request wrote about anyone identity knows. */
  const writtenBy = async (requestId: string): Promise<RecordedAccess[]> =>
    (
      await record.newest(
        customers.map((c) => c.id),
        10_000,
        null,
      )
    ).entries.filter((entry) => entry.requestId === requestId);
  const customerOfAccount = (webCustomerId: number) => customers.find((c) => c.webCustomerIds.includes(webCustomerId))!;

  /** A click & collect order at S101, placed as a guest under `email`: its number. */
  async function guestPickup(email: string): Promise<string> {
    const sku = world.ecommerce.sourceItems.find((s) => s.sourceCode === 'store_101' && s.quantity >= 5)!.sku;
    const address: ShippingAddress = {
      firstName: 'Khách',
      lastName: 'Vãng Lai',
      street: ['1 Lê Lợi'],
      city: 'TP. Hồ Chí Minh',
      countryCode: 'VN',
      phone: '0903000000',
      email,
    };
    const ref = await shop.createGuestCart();
    await shop.addCartItem(ref, sku, 1);
    await shop.setShipping(ref, { method: 'PICKUP', pickupSourceCode: 'store_101', address });
    await shop.placeOrder(ref, 'checkmo', email);
    return (await shop.orderOfQuote((await shop.cart(ref))!.quoteId))!.increment_id;
  }

  beforeAll(async () => {
    world = generateWorld({ seed: 11, size: 'small' });
    system = await startSystem({
      world,
      subgraphs: ['identity', 'ecommerce'],
      env: { LOG_LEVEL: 'silent', IDENTITY_SYNC_INTERVAL_MS: '0', ACCESS_RECORD_FILE: ':memory:', SUBGRAPH_TIMEOUT_MS: '20000' },
    });
    record = await openAccessRecord(system.env);
    shop = EcommerceClient.fromEnv(system.env);

    // Ids and web accounts only, as the back office lists them: nothing recorded.
    customers = [];
    for (let after: string | null = null; ;) {
      const page: Answer<{ customers: { edges: { cursor: string; node: Listed }[]; pageInfo: { hasNextPage: boolean } } }> = await ask(
        'identity',
        backOffice,
        'query($after: String) { customers(first: 100, after: $after) { edges { cursor node { id webCustomerIds } } pageInfo { hasNextPage } } }',
        { after },
      );
      const { edges, pageInfo } = page.data!.customers;
      customers.push(...edges.map((edge) => edge.node));
      if (!pageInfo.hasNextPage) break;
      after = edges[edges.length - 1].cursor;
    }

    // Two customers with an order from their web account waiting at S101 in the seeded world.
    const waiting = world.ecommerce.orders.filter(
      (o) => o.pickupLocationCode === 'store_101' && ['pending', 'processing'].includes(o.status) && o.customerId !== null,
    );
    const [first, second] = waiting.filter(
      (o, i) => waiting.findIndex((w) => customerOfAccount(w.customerId!) === customerOfAccount(o.customerId!)) === i,
    );
    const firstCustomer = customerOfAccount(first.customerId!);
    // Their email, as Omnigraph's own service asks: nothing recorded.
    const emails = await ask<{ customer: { emails: string[] } }>('identity', service, 'query($id: ID!) { customer(id: $id) { emails } }', {
      id: firstCustomer.id,
    });
    a = { ...firstCustomer, email: emails.data!.customer.emails[0], accountOrder: first.incrementId };
    b = { ...customerOfAccount(second.customerId!), accountOrder: second.incrementId };

    guestOfA = await guestPickup(a.email.toUpperCase());
    secondGuestOfA = await guestPickup(a.email);
    guestOfNobody = await guestPickup(`nobody.${randomUUID().slice(0, 8)}@example.vn`);

    // The subgraphs run in this process: their calls to identity go through this fetch.
    const realFetch = globalThis.fetch;
    jest.spyOn(globalThis, 'fetch').mockImplementation((input, init) => {
      if (String(input) === system.subgraphUrls.identity && typeof init?.body === 'string' && init.body.includes('customersByIdentifier')) {
        ownerLookups.push(init.body);
      }
      return realFetch(input, init);
    });
  }, 120_000);
  beforeEach(() => {
    ownerLookups = [];
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await record?.close();
    await system?.stop();
  });

  it("records an agent's read of web orders' emails for each order's customer, one identity call for the fetch, one entry per customer", async () => {
    const requestId = randomUUID();
    // The gateway's fetch after `order(id)`; with A's customer in the same fetch, as a customer 360 beside orders would.
    const answer = await entities<OrderRead | { webAccount: { id: string } | null }>(
      agent,
      `... on Customer { webAccount { id } } ${ORDER_EMAIL}`,
      [
        { __typename: 'Customer', id: a.id, webCustomerIds: a.webCustomerIds, emails: [a.email] },
        webOrder(a.accountOrder),
        webOrder(guestOfA),
        webOrder(b.accountOrder),
        webOrder(guestOfNobody),
      ],
      requestId,
    );
    expect(answer.errors).toBeUndefined();
    expect(answer.data!._entities.slice(1)).toEqual([
      { number: a.accountOrder, email: expect.any(String) },
      { number: guestOfA, email: a.email.toUpperCase() },
      { number: b.accountOrder, email: expect.any(String) },
      { number: guestOfNobody, email: expect.stringMatching(/^nobody\./) },
    ]);

    // One call for the fetch's four orders: A's account, A's email, B's account, the email nobody has.
    expect(ownerLookups).toHaveLength(1);
    expect(aliasesOf(ownerLookups[0])).toBe(4);
    const written = await writtenBy(requestId);
    expect(
      written.map(({ customerId, fields }) => ({ customerId, fields })).sort((x, y) => x.customerId.localeCompare(y.customerId)),
    ).toEqual(
      [
        // A's two orders and A's web account in one entry; the guest order under an email nobody has, under no one.
        { customerId: a.id, fields: [FIELD, 'webAccount'] },
        { customerId: b.id, fields: [FIELD] },
      ].sort((x, y) => x.customerId.localeCompare(y.customerId)),
    );
    for (const entry of written) {
      expect(entry).toMatchObject({
        viewer: 'agent-7',
        viewerRoles: ['call-center-agent'],
        channel: 'omnigraph-staff',
        subgraph: 'ecommerce',
      });
    }
  });

  it("asks identity nothing for a customer's order history: the index read in the same request says whose the orders are", async () => {
    const requestId = randomUUID();
    const index = await entities<{ webOrderIndex: { orderId: string }[] }>(
      agent,
      '... on Customer { webOrderIndex { orderId } }',
      [{ __typename: 'Customer', id: a.id, webCustomerIds: a.webCustomerIds, emails: [a.email] }],
      requestId,
    );
    expect(index.errors).toBeUndefined();
    const orderIds = index.data!._entities[0]!.webOrderIndex.map((entry) => entry.orderId);
    expect(orderIds).toEqual(expect.arrayContaining([webOrderId(a.accountOrder), webOrderId(guestOfA), webOrderId(secondGuestOfA)]));

    // The page of the history, fetched next by the gateway under the same request id.
    const page = await entities<OrderRead>(
      agent,
      ORDER_EMAIL,
      orderIds.map((id) => ({ __typename: 'WebOrder', id })),
      requestId,
    );
    expect(page.errors).toBeUndefined();
    expect(page.data!._entities).toHaveLength(orderIds.length);
    expect(ownerLookups).toEqual([]);
    // The index is the gateway's input to orderHistory (recorded by the orders subgraph): only the emails are recorded here.
    expect((await writtenBy(requestId)).map(({ customerId, fields }) => ({ customerId, fields }))).toEqual([
      { customerId: a.id, fields: [FIELD] },
    ]);
  });

  it("records an associate's read of their store's pickup queue per customer, asking identity once for the page", async () => {
    const requestId = randomUUID();
    const answer = await entities<QueueAnswer>(associate, QUEUE, [{ __typename: 'Location', id: S101 }], requestId);
    expect(answer.errors).toBeUndefined();
    const queue = answer.data!._entities[0]!.pickupQueue.edges.map((edge) => edge.node);
    expect(queue.map((order) => order.number)).toEqual(
      expect.arrayContaining([a.accountOrder, b.accountOrder, guestOfA, secondGuestOfA, guestOfNobody]),
    );

    // Whose each order is: the seeded ones are web accounts' (none a guest's at S101), the placed ones A's and nobody's.
    const accountOf = (number: string) => world.ecommerce.orders.find((o) => o.incrementId === number)?.customerId ?? null;
    const ownerOf = (order: OrderRead): string | null => {
      const account = accountOf(order.number);
      if (account !== null) return customerOfAccount(account).id;
      expect([guestOfA, secondGuestOfA, guestOfNobody]).toContain(order.number);
      return order.number === guestOfNobody ? null : a.id;
    };
    const owners = new Set(queue.map(ownerOf).filter((owner) => owner !== null));
    // What identity is asked by: each distinct web account, and each distinct guest email.
    const keys = new Set(queue.map((order) => accountOf(order.number) ?? order.email.toLowerCase()));
    expect(queue.length).toBeGreaterThan(keys.size);

    // One identity call for the whole page, each distinct account or email in it once.
    expect(ownerLookups).toHaveLength(1);
    expect(aliasesOf(ownerLookups[0])).toBe(keys.size);
    const written = await writtenBy(requestId);
    expect(new Set(written.map((entry) => entry.customerId))).toEqual(owners);
    expect(written).toHaveLength(owners.size);
    for (const entry of written) {
      expect(entry).toMatchObject({ viewer: 'nv-101', viewerRoles: ['store-associate'], channel: 'store-tablet', fields: [FIELD] });
    }
  });

  it('records neither the customer reading their own orders nor the service reading a pickup queue, and asks identity nothing for them', async () => {
    const own = randomUUID();
    const mine = await entities<OrderRead>(signedInAs(a.id, 'person-a'), ORDER_EMAIL, [webOrder(a.accountOrder), webOrder(guestOfA)], own);
    expect(mine.errors).toBeUndefined();
    expect(mine.data!._entities.map((order) => order!.number)).toEqual([a.accountOrder, guestOfA]);

    const sweep = randomUUID();
    const queue = await entities<QueueAnswer>(service, QUEUE, [{ __typename: 'Location', id: S101 }], sweep);
    expect(queue.errors).toBeUndefined();
    expect(queue.data!._entities[0]!.pickupQueue.edges.length).toBeGreaterThan(0);

    expect(ownerLookups).toEqual([]);
    expect(await writtenBy(own)).toEqual([]);
    expect(await writtenBy(sweep)).toEqual([]);
  });

  // Last: it stops identity.
  it('serves no email it could not record: when identity cannot say whose the order is, the email is refused', async () => {
    await system.subgraphs.identity.close();
    const requestId = randomUUID();
    const answer = await entities<OrderRead>(agent, ORDER_EMAIL, [webOrder(b.accountOrder)], requestId);
    expect(answer.errors?.map((error) => error.extensions?.code)).toEqual(['IDENTITY_UNAVAILABLE']);
    expect(answer.data).toEqual({ _entities: [null] });
    expect(await writtenBy(requestId)).toEqual([]);

    // Fields that are not personal need no lookup.
    const numbers = await entities<{ number: string }>(agent, '... on WebOrder { number }', [webOrder(b.accountOrder)]);
    expect(numbers.data).toEqual({ _entities: [{ number: b.accountOrder }] });
  });
});
