import { randomUUID } from 'node:crypto';
import { Role, ROLE_SCOPES } from '../../lib/access';
import { ANONYMOUS, Caller, serviceCaller } from '../../lib/context';
import { decodeId, encodeId, locationId, storeOrderId } from '../../lib/ids';
import { gatewaySecret } from '../../lib/signature';
import { SubgraphCall } from '../../lib/subgraph-call';
import { adminHeaders } from '../../legacy/kit/admin';
import { posTransactionKey, WebOrder, World } from '../../legacy/seed/model';
import { generateWorld } from '../../legacy/seed/world';
import { webOrderId } from '../../connectors/ecommerce';
import { RunningSystem, startSystem } from '../../scripts/system';
import { askSubgraph, SubgraphAnswer } from '../support/subgraph-calls';
import { QUIET_MARKETPLACE } from '../support/quiet-marketplace';

/**
 * Issue 13, item 4: rows, not only fields. Each subgraph decides whose customer, orders and carts a
 * caller reaches, and at which stores they work, from the signed caller alone, so these hold even
 * if the gateway's field rules were misconfigured. Asked here of the subgraphs directly, signed as
 * the gateway signs, with callers built for each persona, against the real stand-ins; a refused
 * mutation is checked against the stand-ins' call counters.
 */

type Answer<T> = SubgraphAnswer<T>;
interface UserError {
  code: string;
  field: string[] | null;
}
interface Known {
  id: string;
  emails: string[];
  phones: string[];
  webCustomerIds: number[];
  crmPartnerIds: number[];
  loyaltyCardCodes: string[];
}
interface Persona extends Known {
  webOrders: string[];
  storeOrders: string[];
}

const IDENTITY_FIELDS = 'id emails phones webCustomerIds crmPartnerIds loyaltyCardCodes';
/** Commerce answers the cart by reference; its lines are ecommerce's. */
const CART = 'cart { id } userErrors { code field }';
const CREATE_CART = `mutation($input: CreateCartInput!) { createCart(input: $input) { ${CART} } }`;
const ADD_LINE = `mutation($input: AddCartLineInput!) { addCartLine(input: $input) { ${CART} } }`;
const MERGE = `mutation($input: MergeGuestCartInput!) { mergeGuestCart(input: $input) { ${CART} } }`;
const CHECKOUT = `mutation($input: CheckoutInput!) { checkout(input: $input) { order { id } userErrors { code field } } }`;
const ASSISTED = `mutation($input: AssistedOrderInput!) { placeAssistedOrder(input: $input) { order { id } userErrors { code field } } }`;
const SELL = `mutation($input: CounterSaleInput!) { sellAtCounter(input: $input) { order { id } userErrors { code field } } }`;
const HANDOVER = `mutation($input: PickupHandoverInput!) { handOverPickup(input: $input) { order { id } userErrors { code field } } }`;
const RETURN = `mutation($input: StoreReturnInput!) { returnWebOrderInStore(input: $input) { order { id } userErrors { code field } } }`;
const CANCEL = `mutation($input: CancelUncollectedPickupsInput!) { cancelUncollectedPickups(input: $input) { cancelledOrders { id } userErrors { code } } }`;
const ENTITIES = 'query($r: [_Any!]!) { _entities(representations: $r) { ';

const ADDRESS = {
  firstName: 'Lan',
  lastName: 'Trần',
  street: ['12 Lê Lợi'],
  city: 'Hồ Chí Minh',
  phone: '0901234567',
  email: 'lan@example.vn',
};
/** Till polls run on their own timers, whatever the graph is asked. */
const FOLLOWER_OPERATIONS = new Set(['readTransactionFeed', 'getEndOfDayBatch']);
const SYSTEMS = ['crm', 'pos', 'ecommerce', 'warehouse'];

let keyCounter = 0;
const key = (label: string) => `${label}-${randomUUID()}-${(keyCounter += 1)}`;

const staff = (role: Role, id: string, stores: string[] = []): Caller => ({
  id,
  roles: [role],
  scopes: [...ROLE_SCOPES[role]],
  customerId: null,
  stores,
  clientId: 'store-tablet',
});
const signedInAs = (customerId: string, id: string): Caller => ({
  id,
  roles: ['customer'],
  scopes: [...ROLE_SCOPES.customer],
  customerId,
  stores: [],
  clientId: 'omnigraph-app',
});

const codes = (answer: Answer<unknown>) => (answer.errors ?? []).map((error) => error.extensions?.code);

/** A refusal: one coded error, naming nothing a client should not see. */
function expectRefused(answer: Answer<unknown>, code: 'FORBIDDEN' | 'UNAUTHENTICATED' = 'FORBIDDEN') {
  expect(codes(answer)).toEqual([code]);
  expect(JSON.stringify(answer.errors)).not.toMatch(/magento|odoo|sap\b|xstore|stack|127\.0\.0\.1|\.ts\b|identity|subgraph/i);
}

describe('rows, not only fields (issue 13, item 4)', () => {
  let world: World;
  let system: RunningSystem;
  let a: Persona;
  let b: Persona;
  let customerA: Caller;
  let customerB: Caller;
  /** A seeded click & collect order waiting at `home`; `home`'s associate and manager, and another store's. */
  let waiting: WebOrder;
  let home: string;
  let away: string;
  let associate: Caller;
  let manager: Caller;
  let awayAssociate: Caller;
  let awayManager: Caller;
  const agent = staff('call-center-agent', 'agent-7');
  const backOffice = staff('back-office', 'steward-2');
  const partner: Caller = { id: 'partner-app', roles: ['partner'], scopes: [], customerId: null, stores: [], clientId: 'partner-app' };
  const sweep = serviceCaller('service:pickup-sweep');

  const ask = <T>(subgraph: string, caller: Caller, query: string, variables: object = {}, requestId?: string) =>
    askSubgraph<T>(system, subgraph, caller, query, variables, requestId);
  const entities = <T>(subgraph: string, caller: Caller, selection: string, representations: object[], requestId?: string) =>
    ask<{ _entities: (T | null)[] }>(subgraph, caller, `${ENTITIES}${selection} } }`, { r: representations }, requestId);
  async function mutate<T>(
    caller: Caller,
    field: string,
    text: string,
    input: object,
  ): Promise<Answer<Record<string, T>> & { payload: T | null }> {
    const answer = await ask<Record<string, T>>('commerce', caller, text, { input });
    return { ...answer, payload: answer.data?.[field] ?? null };
  }

  async function counters(): Promise<Record<string, Record<string, number>>> {
    const read = async (name: string) =>
      (
        (await (await fetch(`${system.legacyUrls[name]}/__admin/calls`, { headers: adminHeaders(system.env) })).json()) as {
          byOperation: Record<string, number>;
        }
      ).byOperation;
    return Object.fromEntries(await Promise.all(SYSTEMS.map(async (name) => [name, await read(name)] as const)));
  }
  /** The legacy calls made while `work` ran, by system, follower polls left out. */
  async function legacyCallsDuring(work: () => Promise<unknown>): Promise<Record<string, Record<string, number>>> {
    const before = await counters();
    await work();
    const after = await counters();
    const made: Record<string, Record<string, number>> = {};
    for (const name of SYSTEMS) {
      for (const [operation, n] of Object.entries(after[name])) {
        const more = n - (before[name][operation] ?? 0);
        if (more > 0 && !FOLLOWER_OPERATIONS.has(operation)) made[name] = { ...made[name], [operation]: more };
      }
    }
    return made;
  }

  const customerRep = (who: Known) => ({ __typename: 'Customer', id: who.id });
  const webRep = (who: Known) => ({ ...customerRep(who), webCustomerIds: who.webCustomerIds, emails: who.emails });
  const posRep = (who: Known) => ({ ...customerRep(who), loyaltyCardCodes: who.loyaltyCardCodes, phones: who.phones });

  /** Two customers with a web account, a CRM record, web orders and store sales, found as the back office and an agent would. */
  async function twoCustomers(): Promise<[Persona, Persona]> {
    const identity = new SubgraphCall('identity', system.subgraphUrls.identity, gatewaySecret(system.env), backOffice, 20_000);
    const everyone: Known[] = [];
    let after: string | null = null;
    do {
      const page: { customers: { edges: { node: Known }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } =
        await identity.query(
          `query($after: String) { customers(first: 100, after: $after) { edges { node { ${IDENTITY_FIELDS} } } pageInfo { hasNextPage endCursor } } }`,
          { after },
        );
      everyone.push(...page.customers.edges.map((edge) => edge.node));
      after = page.customers.pageInfo.hasNextPage ? page.customers.pageInfo.endCursor : null;
    } while (after !== null);
    const candidates = everyone.filter((c) => c.webCustomerIds.length > 0 && c.crmPartnerIds.length > 0);
    const [web, pos] = await Promise.all([
      entities<{ webOrderIndex: { orderId: string }[] }>(
        'ecommerce',
        agent,
        '... on Customer { webOrderIndex { orderId } }',
        candidates.map(webRep),
      ),
      entities<{ storeOrderIndex: { orderId: string }[] }>(
        'pos',
        agent,
        '... on Customer { storeOrderIndex { orderId } }',
        candidates.map(posRep),
      ),
    ]);
    const personas = candidates
      .map((c, i) => ({
        ...c,
        webOrders: web.data!._entities[i]!.webOrderIndex.map((e) => e.orderId),
        storeOrders: pos.data!._entities[i]!.storeOrderIndex.map((e) => e.orderId),
      }))
      .filter((c) => c.webOrders.length > 0 && c.storeOrders.length > 0);
    return [personas[0], personas[1]];
  }

  beforeAll(async () => {
    world = generateWorld({ seed: 11, size: 'small' });
    system = await startSystem({
      world,
      env: {
        LOG_LEVEL: 'silent',
        IDENTITY_SYNC_INTERVAL_MS: '0',
        COMMERCE_STATE_FILE: ':memory:',
        COMMERCE_PICKUP_SWEEP_MS: '0',
        SUBGRAPH_TIMEOUT_MS: '20000',
        // Legacy calls are counted here: the catalogue and CRM partner followers' searches would be
        // some, and so would loyalty earning's follower of web orders (orders.list every 5 s).
        ECOMMERCE_CATALOGUE_FOLLOW_MS: '0',
        WAREHOUSE_MOVEMENTS_FOLLOW_MS: '0',
        CRM_PROFILE_FOLLOW_MS: '0',
        COMMERCE_LOYALTY_FOLLOW_MS: '0',
        ...QUIET_MARKETPLACE,
      },
    });
    [a, b] = await twoCustomers();
    customerA = signedInAs(a.id, 'person-a');
    customerB = signedInAs(b.id, 'person-b');
    waiting = world.ecommerce.orders.find((o) => o.pickupLocationCode !== null && ['pending', 'processing'].includes(o.status))!;
    home = world.stores.find((s) => s.sourceCode === waiting.pickupLocationCode)!.plant;
    away = world.stores.find((s) => s.plant !== home)!.plant;
    associate = staff('store-associate', 'nv-home', [home]);
    manager = staff('store-manager', 'ql-home', [home]);
    awayAssociate = staff('store-associate', 'nv-away', [away]);
    awayManager = staff('store-manager', 'ql-away', [away]);
  }, 120_000);
  afterAll(() => system.stop());

  describe('a customer sees only their own customer', () => {
    const CUSTOMER = `query($id: ID!) { customer(id: $id) { id } }`;
    const BY_EMAIL = `query($v: String!) { customerByIdentifier(identifier: { kind: EMAIL, value: $v }) { id } }`;

    it('identity answers a customer only themselves: another customer, or nobody, is refused alike and costs no read', async () => {
      expect((await ask('identity', customerA, CUSTOMER, { id: a.id })).data).toEqual({ customer: { id: a.id } });
      expect((await ask('identity', customerA, BY_EMAIL, { v: a.emails[0].toUpperCase() })).data).toEqual({
        customerByIdentifier: { id: a.id },
      });
      const another = await ask('identity', customerA, CUSTOMER, { id: b.id });
      expectRefused(another);
      expect(another.data).toEqual({ customer: null });
      let nobody: Answer<unknown> = {};
      const calls = await legacyCallsDuring(async () => {
        nobody = await ask('identity', customerA, CUSTOMER, { id: encodeId('Customer', 'CRM:999999') });
        expectRefused(await ask('identity', customerA, BY_EMAIL, { v: b.emails[0] }));
        expectRefused(await ask('identity', customerA, BY_EMAIL, { v: 'nobody-at-all@example.invalid' }));
      });
      // The same refusal as for someone who exists, and no read of the CRM or the web shop to find out.
      expect(nobody).toEqual(another);
      expect(calls).toEqual({});
    });

    it('me is the signed-in customer; staff have none, and without a sign-in there is no one', async () => {
      const ME = `{ me { id } }`;
      expect((await ask('identity', customerA, ME)).data).toEqual({ me: { id: a.id } });
      expect((await ask('identity', customerB, ME)).data).toEqual({ me: { id: b.id } });
      expect((await ask('identity', agent, ME)).data).toEqual({ me: null });
      expectRefused(await ask('identity', ANONYMOUS, ME), 'UNAUTHENTICATED');
    });

    it('staff and the service read any customer; anonymous callers and partners none; the whole list is the back office’s', async () => {
      for (const caller of [agent, associate, backOffice, sweep]) {
        expect((await ask('identity', caller, CUSTOMER, { id: b.id })).data).toEqual({ customer: { id: b.id } });
      }
      expectRefused(await ask('identity', ANONYMOUS, CUSTOMER, { id: a.id }), 'UNAUTHENTICATED');
      expectRefused(await ask('identity', partner, BY_EMAIL, { v: a.emails[0] }));
      for (const list of [`{ customers(first: 1) { totalCount } }`, `{ mergeCandidates(first: 1) { totalCount } }`]) {
        expect(codes(await ask('identity', backOffice, list))).toEqual([]);
        for (const caller of [customerA, agent, associate]) expectRefused(await ask('identity', caller, list));
      }
    });

    it('crm, ecommerce, pos and orders refuse a customer another customer’s representation', async () => {
      const asked: [string, (who: Persona) => object, string][] = [
        [
          'crm',
          (who) => ({ ...customerRep(who), crmPartnerIds: who.crmPartnerIds }),
          '... on Customer { profile { fullName } supportTickets { totalCount } }',
        ],
        ['ecommerce', webRep, '... on Customer { webAccount { email } openCarts { id } }'],
        ['pos', posRep, '... on Customer { storeOrderIndex { orderId } }'],
        [
          'orders',
          (who) => ({ ...customerRep(who), webOrderIndex: [], storeOrderIndex: [] }),
          '... on Customer { orderHistory { totalCount } }',
        ],
      ];
      for (const [subgraph, representation, selection] of asked) {
        const own = await entities(subgraph, customerA, selection, [representation(a)]);
        expect(codes(own)).toEqual([]);
        expect(own.data!._entities[0]).not.toBeNull();
        const others = await entities(subgraph, customerA, selection, [representation(b)]);
        expectRefused(others);
        expect(others.data).toEqual({ _entities: [null] });
        expectRefused(await entities(subgraph, ANONYMOUS, selection, [representation(b)]), 'UNAUTHENTICATED');
        expectRefused(await entities(subgraph, partner, selection, [representation(b)]));
        expect(codes(await entities(subgraph, agent, selection, [representation(b)]))).toEqual([]);
      }
    });
  });

  describe('a customer sees only their own orders', () => {
    const WEB_ORDER = '... on WebOrder { id number }';
    const STORE_ORDER = '... on StoreOrder { id number }';
    const webOrder = (id: string) => ({ __typename: 'WebOrder', id });
    const storeOrder = (id: string) => ({ __typename: 'StoreOrder', id });

    it('order(id) is a reference for whoever may read orders, and refused to anyone else', async () => {
      const ORDER = `query($id: ID!) { order(id: $id) { id } }`;
      expect((await ask('orders', customerA, ORDER, { id: a.webOrders[0] })).data).toEqual({ order: { id: a.webOrders[0] } });
      expect((await ask('orders', agent, ORDER, { id: b.webOrders[0] })).data).toEqual({ order: { id: b.webOrders[0] } });
      expectRefused(await ask('orders', ANONYMOUS, ORDER, { id: a.webOrders[0] }), 'UNAUTHENTICATED');
      expectRefused(await ask('orders', partner, ORDER, { id: a.webOrders[0] }));
    });

    it('ecommerce answers a customer their own web orders, and refuses another’s exactly like one that does not exist', async () => {
      const own = await entities<{ id: string }>('ecommerce', customerA, WEB_ORDER, a.webOrders.map(webOrder));
      expect(codes(own)).toEqual([]);
      expect(own.data!._entities.map((order) => order?.id)).toEqual(a.webOrders);
      const another = await entities('ecommerce', customerA, WEB_ORDER, [webOrder(b.webOrders[0])]);
      expectRefused(another);
      const none = await entities('ecommerce', customerA, WEB_ORDER, [webOrder(webOrderId('999999999'))]);
      expect(none).toEqual(another);
      expect(codes(await entities('ecommerce', associate, WEB_ORDER, [webOrder(b.webOrders[0])]))).toEqual([]);
    });

    it('a customer’s history page resolves from what their own index read in the same request, with no lookup', async () => {
      // A sign-in identity knows nothing of: only what this request's index read can vouch for the orders.
      const unknown = encodeId('Customer', 'CRM:999999');
      const caller = signedInAs(unknown, 'person-x');
      const asked: [string, object, string, string, (id: string) => object][] = [
        ['ecommerce', { ...webRep(a), id: unknown }, 'webOrderIndex', WEB_ORDER, webOrder],
        ['pos', { ...posRep(a), id: unknown }, 'storeOrderIndex', STORE_ORDER, storeOrder],
      ];
      for (const [subgraph, representation, index, selection, reference] of asked) {
        const requestId = randomUUID();
        const read = await entities<Record<string, { orderId: string }[]>>(
          subgraph,
          caller,
          `... on Customer { ${index} { orderId } }`,
          [representation],
          requestId,
        );
        const ids = read.data!._entities[0]![index].map((entry) => entry.orderId);
        expect(ids.length).toBeGreaterThan(0);
        const page = await entities<{ id: string }>(subgraph, caller, selection, ids.map(reference), requestId);
        expect(codes(page)).toEqual([]);
        expect(page.data!._entities.map((order) => order?.id)).toEqual(ids);
        // In another request only identity could tell, and it knows no such customer.
        expectRefused(await entities(subgraph, caller, selection, [reference(ids[0])]));
      }
    });

    it('pos answers a customer the sales that captured their card or phone, and no one else’s', async () => {
      const own = await entities<{ id: string }>('pos', customerA, STORE_ORDER, a.storeOrders.map(storeOrder));
      expect(codes(own)).toEqual([]);
      expect(own.data!._entities.map((order) => order?.id)).toEqual(a.storeOrders);
      expectRefused(await entities('pos', customerA, STORE_ORDER, [storeOrder(b.storeOrders[0])]));
      const nobodys = world.pos.transactions.find((t) => t.kind === 'Sale' && t.customer === null)!;
      const anonymousSale = storeOrderId({ key: posTransactionKey(nobodys) });
      expectRefused(await entities('pos', customerA, STORE_ORDER, [storeOrder(anonymousSale)]));
      const forStaff = await entities<{ id: string }>('pos', associate, STORE_ORDER, [
        storeOrder(b.storeOrders[0]),
        storeOrder(anonymousSale),
      ]);
      expect(forStaff.data!._entities.map((order) => order?.id)).toEqual([b.storeOrders[0], anonymousSale]);
    });
  });

  describe('carts: a guest’s by an unguessable id, a customer’s only by that customer or staff', () => {
    let guestCart: string;
    let cartOfB: string;
    const sku = () => world.products[0].sku;
    const cartEntity = (id: string) => ({ __typename: 'Cart', id });

    it('a guest cart’s id carries its masked id: no sequential number, and guessing a number is refused before any call', async () => {
      const first = await mutate<{ cart: { id: string } }>(ANONYMOUS, 'createCart', CREATE_CART, { idempotencyKey: key('guest') });
      const second = await mutate<{ cart: { id: string } }>(ANONYMOUS, 'createCart', CREATE_CART, { idempotencyKey: key('guest') });
      guestCart = first.payload!.cart.id;
      const masked = [guestCart, second.payload!.cart.id].map((id) => decodeId('Cart', id)!);
      for (const id of masked) expect(id).toMatch(/^guest-[0-9a-f]{32}$/);
      // The shop numbers carts one after the other; the graph's ids show nothing of it.
      const quoteIds = await Promise.all(
        masked.map(
          async (k) =>
            ((await (await fetch(`${system.legacyUrls.ecommerce}/rest/V1/guest-carts/${k.slice(6)}`)).json()) as { id: number }).id,
        ),
      );
      expect(quoteIds[1]).toBe(quoteIds[0] + 1);
      const added = await mutate<{ userErrors: UserError[] }>(ANONYMOUS, 'addCartLine', ADD_LINE, {
        cartId: guestCart,
        sku: sku(),
        quantity: 1,
        idempotencyKey: key('add'),
      });
      expect(added.payload!.userErrors).toEqual([]);
      const seen = await entities<{ lines: unknown[] }>('ecommerce', ANONYMOUS, '... on Cart { lines { sku quantity } }', [
        cartEntity(guestCart),
      ]);
      expect(seen.data!._entities[0]!.lines).toEqual([{ sku: sku(), quantity: 1 }]);

      const guessed = [encodeId('Cart', String(quoteIds[0])), encodeId('Cart', '2')];
      const calls = await legacyCallsDuring(async () => {
        for (const cartId of guessed) {
          const answer = await mutate(ANONYMOUS, 'addCartLine', ADD_LINE, {
            cartId,
            sku: sku(),
            quantity: 1,
            idempotencyKey: key('guess'),
          });
          expectRefused(answer, 'UNAUTHENTICATED');
          expect(answer.data).toBeNull();
          expectRefused(await entities('ecommerce', ANONYMOUS, '... on Cart { id }', [cartEntity(cartId)]), 'UNAUTHENTICATED');
        }
      });
      expect(calls).toEqual({});
    });

    it('a guest checks out their guest cart and reads the order it placed', async () => {
      const stocked = world.warehouse.stock.find(
        (s) => s.material === sku() && s.stockType === '01' && world.warehouses.some((w) => w.plant === s.plant) && s.quantity >= 5,
      )!;
      const placed = await mutate<{ order: { id: string } | null; userErrors: UserError[] }>(ANONYMOUS, 'checkout', CHECKOUT, {
        cartId: guestCart,
        fulfilment: 'SHIP_TO_HOME',
        shipFromLocationId: locationId(stocked.plant),
        address: ADDRESS,
        idempotencyKey: key('checkout'),
      });
      expect(placed.payload!.userErrors).toEqual([]);
      const order = await entities<{ id: string }>('ecommerce', ANONYMOUS, '... on WebOrder { id number }', [
        { __typename: 'WebOrder', id: placed.payload!.order!.id },
      ]);
      expect(order.data!._entities[0]!.id).toBe(placed.payload!.order!.id);
    });

    it('a customer opens and changes only their own cart; staff who reach every customer help with anyone’s', async () => {
      const refusedOpen = await legacyCallsDuring(async () =>
        expectRefused(await mutate(customerA, 'createCart', CREATE_CART, { customerId: b.id, idempotencyKey: key('open') })),
      );
      expect(refusedOpen).toEqual({});
      expectRefused(
        await mutate(ANONYMOUS, 'createCart', CREATE_CART, { customerId: b.id, idempotencyKey: key('open') }),
        'UNAUTHENTICATED',
      );
      expectRefused(await mutate(partner, 'createCart', CREATE_CART, { customerId: b.id, idempotencyKey: key('open') }));

      const own = await mutate<{ cart: { id: string } }>(customerA, 'createCart', CREATE_CART, {
        customerId: a.id,
        idempotencyKey: key('open'),
      });
      expect(codes(own)).toEqual([]);
      const onTablet = await mutate<{ cart: { id: string } }>(associate, 'createCart', CREATE_CART, {
        customerId: b.id,
        idempotencyKey: key('open'),
      });
      cartOfB = onTablet.payload!.cart.id;
      expect(decodeId('Cart', cartOfB)).toMatch(/^\d+$/);
      const helped = await mutate<{ userErrors: UserError[] }>(agent, 'addCartLine', ADD_LINE, {
        cartId: cartOfB,
        sku: sku(),
        quantity: 1,
        idempotencyKey: key('help'),
      });
      expect(helped.payload!.userErrors).toEqual([]);
      const mine = await mutate<{ userErrors: UserError[] }>(customerA, 'addCartLine', ADD_LINE, {
        cartId: own.payload!.cart.id,
        sku: sku(),
        quantity: 1,
        idempotencyKey: key('mine'),
      });
      expect(mine.payload!.userErrors).toEqual([]);

      // Another customer's cart: only the one read that tells whose it is, then a refusal; nothing written anywhere.
      const before = await entities<{ lines: unknown[] }>('ecommerce', agent, '... on Cart { lines { sku quantity } }', [
        cartEntity(cartOfB),
      ]);
      const refused = await legacyCallsDuring(async () => {
        expectRefused(
          await mutate(customerA, 'addCartLine', ADD_LINE, { cartId: cartOfB, sku: sku(), quantity: 5, idempotencyKey: key('theirs') }),
        );
        expectRefused(
          await mutate(customerA, 'checkout', CHECKOUT, {
            cartId: cartOfB,
            fulfilment: 'SHIP_TO_HOME',
            address: ADDRESS,
            idempotencyKey: key('theirs'),
          }),
        );
      });
      expect(refused).toEqual({ ecommerce: { 'carts.get': 2 } });
      const after = await entities<{ lines: unknown[] }>('ecommerce', agent, '... on Cart { lines { sku quantity } }', [
        cartEntity(cartOfB),
      ]);
      expect(after).toEqual(before);
      expectRefused(await mutate(partner, 'addCartLine', ADD_LINE, { cartId: cartOfB, sku: sku(), quantity: 1, idempotencyKey: key('p') }));
    });

    it('ecommerce answers a customer’s cart only to that customer and to staff; a guest cart to whoever holds its id', async () => {
      const own = await mutate<{ cart: { id: string } }>(customerA, 'createCart', CREATE_CART, {
        customerId: a.id,
        idempotencyKey: key('own'),
      });
      const CART_ENTITY = '... on Cart { id }';
      expect(codes(await entities('ecommerce', customerA, CART_ENTITY, [cartEntity(own.payload!.cart.id)]))).toEqual([]);
      expectRefused(await entities('ecommerce', customerA, CART_ENTITY, [cartEntity(cartOfB)]));
      expectRefused(await entities('ecommerce', customerA, CART_ENTITY, [cartEntity(encodeId('Cart', '999999'))]));
      expect(codes(await entities('ecommerce', customerB, CART_ENTITY, [cartEntity(cartOfB)]))).toEqual([]);
      expect(codes(await entities('ecommerce', associate, CART_ENTITY, [cartEntity(cartOfB)]))).toEqual([]);
      expect(codes(await entities('ecommerce', customerA, CART_ENTITY, [cartEntity(guestCart)]))).toEqual([]);
    });

    it('merges a guest cart only into the signed-in customer’s own', async () => {
      const guest = await mutate<{ cart: { id: string } }>(ANONYMOUS, 'createCart', CREATE_CART, { idempotencyKey: key('guest') });
      const calls = await legacyCallsDuring(async () =>
        expectRefused(
          await mutate(customerA, 'mergeGuestCart', MERGE, {
            guestCartId: guest.payload!.cart.id,
            customerId: b.id,
            idempotencyKey: key('merge'),
          }),
        ),
      );
      expect(calls).toEqual({});
      const merged = await mutate<{ userErrors: UserError[] }>(customerA, 'mergeGuestCart', MERGE, {
        guestCartId: guest.payload!.cart.id,
        customerId: a.id,
        idempotencyKey: key('merge'),
      });
      expect(merged.payload!.userErrors).toEqual([]);
    });

    it('records no outcome for a refused request: its key is still free, and never another caller’s', async () => {
      const upFront = key('same');
      expectRefused(await mutate(customerA, 'createCart', CREATE_CART, { customerId: b.id, idempotencyKey: upFront }));
      const then = await mutate<{ cart: { id: string }; userErrors: UserError[] }>(customerA, 'createCart', CREATE_CART, {
        customerId: a.id,
        idempotencyKey: upFront,
      });
      expect(then.payload!.userErrors).toEqual([]);

      const afterRead = key('same');
      expectRefused(
        await mutate(customerA, 'addCartLine', ADD_LINE, { cartId: cartOfB, sku: sku(), quantity: 1, idempotencyKey: afterRead }),
      );
      const input = { cartId: then.payload!.cart.id, sku: sku(), quantity: 1, idempotencyKey: afterRead };
      const ok = await mutate<{ userErrors: UserError[] }>(customerA, 'addCartLine', ADD_LINE, input);
      expect(ok.payload!.userErrors).toEqual([]);
      // The same key and input from another customer is their own request, refused on its own merits.
      expectRefused(await mutate(customerB, 'addCartLine', ADD_LINE, input));
    });
  });

  describe('store staff work only at their own stores', () => {
    const here = () => locationId(home);
    const there = () => locationId(away);
    const counterSale = (storeLocationId: string) => ({
      storeLocationId,
      workstationId: 1,
      associateId: 'NV100',
      lines: [{ sku: world.products[1].sku, quantity: 1 }],
      idempotencyKey: key('sale'),
    });

    it('refuses counter work anywhere but the caller’s own store, before any system is called', async () => {
      const order = webOrderId(waiting.incrementId);
      const handover = (storeLocationId: string) => ({
        orderId: order,
        storeLocationId,
        workstationId: 1,
        associateId: 'NV100',
        idempotencyKey: key('h'),
      });
      const giveBack = (storeLocationId: string) => ({
        orderId: webOrderId(world.ecommerce.orders[0].incrementId),
        storeLocationId,
        workstationId: 1,
        associateId: 'NV100',
        lines: [{ sku: world.ecommerce.orders[0].items[0].sku, quantity: 1 }],
        idempotencyKey: key('r'),
      });
      const calls = await legacyCallsDuring(async () => {
        expectRefused(await mutate(associate, 'sellAtCounter', SELL, counterSale(there())));
        expectRefused(await mutate(agent, 'sellAtCounter', SELL, counterSale(here())));
        expectRefused(await mutate(customerA, 'sellAtCounter', SELL, counterSale(here())));
        expectRefused(await mutate(ANONYMOUS, 'sellAtCounter', SELL, counterSale(here())), 'UNAUTHENTICATED');
        // The order waits at `home`: an associate of another store can hand it over neither there nor at their own.
        expectRefused(await mutate(awayAssociate, 'handOverPickup', HANDOVER, handover(here())));
        expectRefused(await mutate(associate, 'handOverPickup', HANDOVER, handover(there())));
        expectRefused(await mutate(awayAssociate, 'returnWebOrderInStore', RETURN, giveBack(here())));
        expectRefused(await mutate(sweep, 'returnWebOrderInStore', RETURN, giveBack(here())));
      });
      expect(calls).toEqual({});
    });

    it('sells and hands over a pickup waiting at the associate’s own store', async () => {
      const sale = await mutate<{ userErrors: UserError[] }>(associate, 'sellAtCounter', SELL, counterSale(here()));
      expect(codes(sale)).toEqual([]);
      // Waiting at this store, so the row rule lets it through; the order's state is the handover's own business.
      const handed = await mutate<{ userErrors: UserError[] }>(associate, 'handOverPickup', HANDOVER, {
        orderId: webOrderId(waiting.incrementId),
        storeLocationId: here(),
        workstationId: 1,
        associateId: 'NV100',
        idempotencyKey: key('handover'),
      });
      expect(codes(handed)).toEqual([]);
      expect(handed.payload!.userErrors).toEqual([]);
    });

    it('shows a store’s pickup queue to its own staff (and the sweep) only', async () => {
      const QUEUE = '... on Location { pickupQueue(first: 5) { totalCount } }';
      const location = [{ __typename: 'Location', id: here() }];
      for (const caller of [associate, manager, sweep]) expect(codes(await entities('ecommerce', caller, QUEUE, location))).toEqual([]);
      expectRefused(await entities('ecommerce', awayAssociate, QUEUE, location));
      expectRefused(await entities('ecommerce', agent, QUEUE, location));
      expectRefused(await entities('ecommerce', customerA, QUEUE, location));
      expectRefused(await entities('ecommerce', ANONYMOUS, QUEUE, location), 'UNAUTHENTICATED');
    });

    it('the endless aisle: an associate orders at their own store, a call-center agent from any', async () => {
      const aisle = (storeLocationId: string, customerId = b.id) => ({
        customerId,
        storeLocationId,
        associateId: 'NV311',
        lines: [{ sku: 'NO-SUCH-SKU', quantity: 1 }],
        address: ADDRESS,
        idempotencyKey: key('aisle'),
      });
      const calls = await legacyCallsDuring(async () => {
        expectRefused(await mutate(associate, 'placeAssistedOrder', ASSISTED, aisle(there())));
        expectRefused(await mutate(customerA, 'placeAssistedOrder', ASSISTED, aisle(here(), a.id)));
        expectRefused(await mutate(partner, 'placeAssistedOrder', ASSISTED, aisle(here())));
      });
      expect(calls).toEqual({});
      // Past the row rule, each meets the catalogue's: an unknown SKU changes nothing.
      for (const [caller, store] of [
        [associate, here()],
        [agent, there()],
      ] as const) {
        const placed = await mutate<{ userErrors: UserError[] }>(caller, 'placeAssistedOrder', ASSISTED, aisle(store));
        expect(placed.payload!.userErrors.map((e) => e.code)).toEqual(['UNKNOWN_SKU']);
      }
    });

    it('cancelling a store’s uncollected pickups is its manager’s or the sweep’s', async () => {
      const cancel = (storeLocationId: string) => ({ storeLocationId, idempotencyKey: key('cancel') });
      const calls = await legacyCallsDuring(async () => {
        expectRefused(await mutate(associate, 'cancelUncollectedPickups', CANCEL, cancel(here())));
        expectRefused(await mutate(awayManager, 'cancelUncollectedPickups', CANCEL, cancel(here())));
        expectRefused(await mutate(agent, 'cancelUncollectedPickups', CANCEL, cancel(here())));
        expectRefused(await mutate(ANONYMOUS, 'cancelUncollectedPickups', CANCEL, cancel(here())), 'UNAUTHENTICATED');
      });
      expect(calls).toEqual({});
      for (const [caller, store] of [
        [manager, here()],
        [sweep, there()],
      ] as const) {
        const answer = await mutate<{ userErrors: UserError[] }>(caller, 'cancelUncollectedPickups', CANCEL, cancel(store));
        expect(codes(answer)).toEqual([]);
        expect(answer.payload!.userErrors).toEqual([]);
      }
    });
  });
});
