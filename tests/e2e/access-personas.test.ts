import { adminHeaders } from '../../legacy/kit/admin';
import { generateWorld } from '../../legacy/seed/world';
import { encodeId } from '../../lib/ids';
import { RunningSystem, startSystem } from '../../scripts/system';
import { errorCodes, execute, GraphQLAnswer } from '../support/graphql';
import { bearer, personaOf, tokenAs } from '../support/tokens';
import { QUIET_FOLLOWERS } from '../support/quiet-marketplace';

/**
 * Issue 13's "what was measured", played again through the gateway against the real stand-ins by
 * each persona of the default world: every case an outsider, a customer or a partner could do
 * before is refused now, and refused mutations leave every legacy system untouched; what each
 * persona's job needs still works.
 */

/** The README's customer, Nguyễn Thu Yến, and her phone as a cashier would type it. */
const README_CUSTOMER = { id: encodeId('Customer', 'CRM:107'), phone: '0987 632 589' };
const S101 = encodeId('Location', 'S101');
const S102 = encodeId('Location', 'S102');
const LEGACY = ['crm', 'ecommerce', 'pos', 'warehouse'];
/** Follower polls of the till feed run on timers, whatever the graph is asked. */
const FOLLOWER_OPERATIONS = new Set(['readTransactionFeed', 'getEndOfDayBatch']);

const BY_PHONE = `query($phone: String!) { customerByIdentifier(identifier: { kind: PHONE, value: $phone }) {
  id displayName emails phones profile { fullName } loyalty { pointsBalance } orderHistory(first: 5) { totalCount } } }`;
const BY_ID = `query($id: ID!) { customer(id: $id) { id displayName emails phones profile { fullName } } }`;
const CUSTOMERS = `{ customers(first: 5) { totalCount edges { node { id emails } } } }`;
const WEB_ORDERS = `query($id: ID!) { customer(id: $id) { phones orderHistory(first: 20, channels: [WEB]) {
  edges { node { id status lines { sku quantity } } } } } }`;
const ORDER = `query($id: ID!) { order(id: $id) { id status totals { refunded { amount } } } }`;
const ME = `{ me { id displayName } }`;
const CATALOGUE = `{ productVariant(sku: "QJ-0003-BE-M") { sku name price { amount } stockLevels { locationId available } } }`;
const PICKUP_QUEUE = `query($id: ID!) { location(id: $id) { name pickupQueue(first: 5) { totalCount } } }`;
const CREATE_CART = `mutation($input: CreateCartInput!) { createCart(input: $input) { cart { id } userErrors { code } } }`;
const ADD_LINE = `mutation($input: AddCartLineInput!) { addCartLine(input: $input) { cart { id } userErrors { code } } }`;
const RETURN = `mutation($input: StoreReturnInput!) { returnWebOrderInStore(input: $input) { refunded { amount } userErrors { code } } }`;
const CANCEL = `mutation($input: CancelUncollectedPickupsInput!) { cancelUncollectedPickups(input: $input) { cancelledOrders { id } userErrors { code } } }`;
const HANDOVER = `mutation($input: PickupHandoverInput!) { handOverPickup(input: $input) { order { id status } userErrors { code } } }`;
const SALE = `mutation($input: CounterSaleInput!) { sellAtCounter(input: $input) { order { id } userErrors { code } } }`;

describe('who may see and do what, persona by persona', () => {
  let system: RunningSystem;
  const tokens: Record<string, string> = {};
  let customer1: string;
  let customer2: string;
  let customer2Phone: string;
  /** One of customer 2's web orders, and a SKU on it. */
  let strangersOrder: { id: string; sku: string; before: unknown };
  /** A customer cart of customer 2's, by its id. */
  let strangersCart: string;
  let keys = 0;
  const key = () => `access-personas-${(keys += 1)}`;

  const as = async <T>(login: string | null, query: string, variables: object = {}): Promise<GraphQLAnswer<T>> =>
    execute<T, object>(system.gatewayUrl, query, variables, login ? bearer(tokens[login]) : {});

  /** Bringing back one unit of customer 2's order at store S101. */
  const strangersReturn = () => ({
    input: {
      orderId: strangersOrder.id,
      storeLocationId: S101,
      workstationId: 1,
      associateId: 'x',
      lines: [{ sku: strangersOrder.sku, quantity: 1 }],
      idempotencyKey: key(),
    },
  });

  /** Customer 2's order, its status and what was refunded on it, as the call center reads it. */
  const orderAsTheAgentSeesIt = async () => (await as<{ order: unknown }>('agent', ORDER, { id: strangersOrder.id })).data!.order;

  /** Calls each stand-in has received, follower polls left out. */
  async function legacyCalls(): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const name of LEGACY) {
      const response = await fetch(`${system.legacyUrls[name]}/__admin/calls`, { headers: adminHeaders() });
      const { byOperation } = (await response.json()) as { byOperation: Record<string, number> };
      counts[name] = Object.entries(byOperation)
        .filter(([operation]) => !FOLLOWER_OPERATIONS.has(operation))
        .reduce((sum, [, n]) => sum + n, 0);
    }
    return counts;
  }

  /** Runs `refused` and checks it reached no legacy system. */
  async function touchesNothing(refused: () => Promise<unknown>): Promise<void> {
    const before = await legacyCalls();
    await refused();
    expect(await legacyCalls()).toEqual(before);
  }

  beforeAll(async () => {
    system = await startSystem({
      world: generateWorld({ seed: 42, size: 'small' }),
      // Legacy calls are counted here: no follower reads a system on its own.
      env: {
        LOG_LEVEL: 'silent',
        ...QUIET_FOLLOWERS,
      },
    });
    const logins = [
      'customer-1',
      'customer-2',
      'associate-s101',
      'manager-s101',
      'agent',
      'steward',
      'partner-marketplace',
      'omnigraph-jobs',
    ];
    for (const login of logins) tokens[login] = await tokenAs(system, login);
    const customerOf = (login: string) => {
      const persona = personaOf(system, login);
      if (persona.kind !== 'person' || !persona.customerId) throw new Error(`${login} is not a customer`);
      return persona.customerId;
    };
    customer1 = customerOf('customer-1');
    customer2 = customerOf('customer-2');
    const seen = await as<{
      customer: { phones: string[]; orderHistory: { edges: { node: { id: string; lines: { sku: string }[] } }[] } };
    }>('agent', WEB_ORDERS, { id: customer2 });
    const { phones, orderHistory } = seen.data!.customer;
    customer2Phone = phones[0];
    const order = orderHistory.edges[0].node;
    strangersOrder = { id: order.id, sku: order.lines[0].sku, before: null };
    strangersOrder.before = await orderAsTheAgentSeesIt();
    const cart = await as<{ createCart: { cart: { id: string } } }>('associate-s101', CREATE_CART, {
      input: { customerId: customer2, idempotencyKey: key() },
    });
    strangersCart = cart.data!.createCart.cart.id;
  }, 120_000);
  afterAll(() => system.stop());

  describe('without a token', () => {
    it("reads no customer's name, emails, phones, loyalty or orders by phone, and no legacy system is asked", async () => {
      await touchesNothing(async () => {
        const answer = await as(null, BY_PHONE, { phone: README_CUSTOMER.phone });
        expect(answer.data).toEqual({ customerByIdentifier: null });
        expect(errorCodes(answer)).toEqual(['UNAUTHENTICATED']);
      });
    });

    it('lists no customers', async () => {
      const answer = await as(null, CUSTOMERS);
      expect(answer.data).toBeNull();
      expect(errorCodes(answer)).toEqual(['UNAUTHENTICATED']);
    });

    it("refunds no stranger's order, cancels no pickups, hands over nothing, rings up no sale: nothing reaches a legacy system", async () => {
      await touchesNothing(async () => {
        const attempts = [
          as(null, RETURN, strangersReturn()),
          as(null, CANCEL, { input: { storeLocationId: S101, idempotencyKey: key() } }),
          as(null, HANDOVER, {
            input: { orderId: strangersOrder.id, storeLocationId: S101, workstationId: 1, associateId: 'x', idempotencyKey: key() },
          }),
          as(null, SALE, {
            input: {
              storeLocationId: S101,
              workstationId: 1,
              associateId: 'x',
              lines: [{ sku: 'QJ-0003-BE-M', quantity: 1 }],
              idempotencyKey: key(),
            },
          }),
        ];
        for (const answer of await Promise.all(attempts)) {
          expect(answer.data).toBeNull();
          expect(errorCodes(answer)).toEqual(['UNAUTHENTICATED']);
        }
      });
      expect(await orderAsTheAgentSeesIt()).toEqual(strangersOrder.before);
    });

    it("adds no lines to a customer's cart, however guessable its id", async () => {
      await touchesNothing(async () => {
        const answer = await as(null, ADD_LINE, {
          input: { cartId: strangersCart, sku: 'QJ-0003-BE-M', quantity: 1, idempotencyKey: key() },
        });
        expect(errorCodes(answer)).toEqual(['UNAUTHENTICATED']);
      });
    });

    it('still browses the catalogue and the stock', async () => {
      const answer = await as<{ productVariant: { sku: string; stockLevels: unknown[] } }>(null, CATALOGUE);
      expect(answer.errors).toBeUndefined();
      expect(answer.data!.productVariant.stockLevels.length).toBeGreaterThan(0);
    });

    it('gets 401 for a token that was tampered with', async () => {
      const [header, payload, signature] = tokens['customer-1'].split('.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
      const forged = Buffer.from(JSON.stringify({ ...claims, roles: ['back-office'], scope: 'customers:list customers:read' })).toString(
        'base64url',
      );
      const response = await fetch(system.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...bearer(`${header}.${forged}.${signature}`) },
        body: JSON.stringify({ query: CUSTOMERS }),
      });
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ errors: [{ message: expect.any(String), extensions: { code: 'UNAUTHENTICATED' } }] });
    });
  });

  describe('a signed-in customer', () => {
    it('reads themself', async () => {
      const me = await as<{ me: { id: string } }>('customer-1', ME);
      expect(me.data!.me.id).toBe(customer1);
      const own = await as<{ customer: { profile: { fullName: string } } }>('customer-1', BY_ID, { id: customer1 });
      expect(own.errors).toBeUndefined();
      expect(own.data!.customer.profile.fullName).toBeTruthy();
    });

    it("reads no other customer's profile or orders, by id, by phone or by order id", async () => {
      for (const [query, variables] of [
        [BY_ID, { id: customer2 }],
        [BY_PHONE, { phone: customer2Phone }],
        [ORDER, { id: strangersOrder.id }],
      ] as const) {
        const answer = await as<Record<string, unknown>>('customer-1', query, variables);
        expect(Object.values(answer.data ?? {})).toEqual([null]);
        expect(errorCodes(answer)).toContain('FORBIDDEN');
      }
    });

    it('opens no cart for another customer and changes nothing in the web shop', async () => {
      await touchesNothing(async () => {
        const answer = await as('customer-1', CREATE_CART, { input: { customerId: customer2, idempotencyKey: key() } });
        expect(errorCodes(answer)).toEqual(['FORBIDDEN']);
      });
    });

    it('takes no returns', async () => {
      const answer = await as('customer-1', RETURN, strangersReturn());
      expect(errorCodes(answer)).toEqual(['FORBIDDEN']);
    });
  });

  describe('a partner app', () => {
    it('reads the catalogue and stock, and no personal data', async () => {
      const catalogue = await as<{ productVariant: { sku: string } }>('partner-marketplace', CATALOGUE);
      expect(catalogue.data!.productVariant.sku).toBe('QJ-0003-BE-M');
      const customer = await as('partner-marketplace', BY_PHONE, { phone: README_CUSTOMER.phone });
      expect(customer.data).toEqual({ customerByIdentifier: null });
      expect(errorCodes(customer)).toEqual(['FORBIDDEN']);
    });
  });

  describe('store staff', () => {
    it("an associate sees any customer at the counter, and their own store's pickup queue only", async () => {
      const customer = await as<{ customerByIdentifier: { id: string } }>('associate-s101', BY_PHONE, { phone: README_CUSTOMER.phone });
      expect(customer.data!.customerByIdentifier.id).toBe(README_CUSTOMER.id);
      const own = await as<{ location: { pickupQueue: { totalCount: number } } }>('associate-s101', PICKUP_QUEUE, { id: S101 });
      expect(own.errors).toBeUndefined();
      const other = await as('associate-s101', PICKUP_QUEUE, { id: S102 });
      expect(errorCodes(other)).toEqual(['FORBIDDEN']);
    });

    it('an associate hands over nothing at another store, and cancels no pickups', async () => {
      await touchesNothing(async () => {
        const handover = await as('associate-s101', HANDOVER, {
          input: { orderId: strangersOrder.id, storeLocationId: S102, workstationId: 1, associateId: 'a-1', idempotencyKey: key() },
        });
        expect(errorCodes(handover)).toEqual(['FORBIDDEN']);
        const cancel = await as('associate-s101', CANCEL, { input: { storeLocationId: S101, idempotencyKey: key() } });
        expect(errorCodes(cancel)).toEqual(['FORBIDDEN']);
      });
    });

    it("the manager cancels their own store's uncollected pickups, not another store's; the sweep any store's", async () => {
      const own = await as<{ cancelUncollectedPickups: { userErrors: unknown[] } }>('manager-s101', CANCEL, {
        input: { storeLocationId: S101, idempotencyKey: key() },
      });
      expect(own.errors).toBeUndefined();
      expect(own.data!.cancelUncollectedPickups.userErrors).toEqual([]);
      const other = await as('manager-s101', CANCEL, { input: { storeLocationId: S102, idempotencyKey: key() } });
      expect(errorCodes(other)).toEqual(['FORBIDDEN']);
      const sweep = await as<{ cancelUncollectedPickups: { userErrors: unknown[] } }>('omnigraph-jobs', CANCEL, {
        input: { storeLocationId: S102, idempotencyKey: key() },
      });
      expect(sweep.errors).toBeUndefined();
    });
  });

  describe('the call center and the back office', () => {
    it("an agent reads any customer's 360, and does not list the customer base", async () => {
      const answer = await as<{ customerByIdentifier: { id: string; orderHistory: { totalCount: number } } }>('agent', BY_PHONE, {
        phone: customer2Phone,
      });
      expect(answer.errors).toBeUndefined();
      expect(answer.data!.customerByIdentifier.id).toBe(customer2);
      expect(errorCodes(await as('agent', CUSTOMERS))).toEqual(['FORBIDDEN']);
    });

    it('the back office lists every customer', async () => {
      const answer = await as<{ customers: { totalCount: number } }>('steward', CUSTOMERS);
      expect(answer.errors).toBeUndefined();
      expect(answer.data!.customers.totalCount).toBeGreaterThan(5);
    });
  });
});
