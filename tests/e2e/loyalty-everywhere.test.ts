import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { Client } from 'pg';
import { ROLE_SCOPES } from '../../lib/access';
import type { Caller } from '../../lib/context';
import { askSubgraph } from '../support/subgraph-calls';
import { adminHeaders } from '../../legacy/kit/admin';
import type { Knobs } from '../../legacy/kit/knobs';
import type { World } from '../../legacy/seed/model';
import { generateWorld } from '../../legacy/seed/world';
import { locationId } from '../../lib/ids';
import { clockFromEnv } from '../../lib/clock';
import { encodeId } from '../../lib/ids';
import { RunningSystem, startSystem } from '../../scripts/system';
import { SUBGRAPH_SERVICES } from '../../subgraphs/services';
import { EcommerceClient, storeSourceCode } from '../../connectors/ecommerce';
import { PosClient, storeLocalTime } from '../../connectors/pos';
import { execute, GraphQLAnswer } from '../support/graphql';
import { associateAt, journeyPersonas, Shopper, shoppersOf, signerFor } from '../support/journey-personas';

/**
 * Issue 15, journey 1: points earned and spent on every channel, one balance in the CRM's ledger,
 * every line exactly once. Through the gateway against the real stand-ins; the commerce state in
 * the real PostgreSQL, so a second commerce replica can follow the same feeds.
 */

const STATE_URL = 'postgres://postgres@127.0.0.1:5432/test';
const STATE_SCHEMA = `loyalty_${process.pid}_${Date.now()}`;
const AGENT = 'agent';

const SELL = `mutation($input: CounterSaleInput!) { sellAtCounter(input: $input) {
  order { id receiptKey payments { method amount { amount } } totals { total { amount } } }
  pointsRedeemed pointsEarned userErrors { code field message } } }`;
const MEMBER = `query($id: ID!) { customer(id: $id) { loyalty { cardCode pointsBalance
  history(first: 100) { edges { node { points description source orderReference } } } } } }`;
const HANDOVER = `mutation($input: PickupHandoverInput!) { handOverPickup(input: $input) { order { id status } userErrors { code } } }`;
const CREATE_CART = `mutation($input: CreateCartInput!) { createCart(input: $input) { cart { id } userErrors { code } } }`;
const ADD_LINE = `mutation($input: AddCartLineInput!) { addCartLine(input: $input) { cart { id } userErrors { code } } }`;
const CHECKOUT = `mutation($input: CheckoutInput!) { checkout(input: $input) {
  order { id number totals { total { amount } } } pointsRedeemed userErrors { code field } } }`;
const RETURN = `mutation($input: StoreReturnInput!) { returnWebOrderInStore(input: $input) {
  refunded { amount } pointsTakenBack pointsGivenBack userErrors { code } } }`;
const BY_CARD = `query($v: String!) { customerByIdentifier(identifier: { kind: LOYALTY_CARD, value: $v }) { id } }`;
const STOCK = `query($sku: String!) { productVariant(sku: $sku) { price { amount } stockLevels { location { id kind } available } } }`;

interface UserError {
  code: string;
  field: string[] | null;
}
interface SaleAnswer {
  order: {
    id: string;
    receiptKey: string;
    payments: { method: string; amount: { amount: string } }[];
    totals: { total: { amount: string } };
  } | null;
  pointsRedeemed: number | null;
  pointsEarned: number | null;
  userErrors: UserError[];
}
interface HistoryLine {
  points: number;
  description: string;
  source: string;
  orderReference: string | null;
}
interface Member {
  customerId: string;
  card: string;
  phone: string;
  personId: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Reads until the check holds (a follower of a feed), at most fifteen seconds. */
async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await sleep(200);
  }
}

let keys = 0;
const key = (label: string) => `${label}-${Date.now()}-${(keys += 1)}`;

describe('loyalty on every channel (issue 15)', () => {
  let world: World;
  let system: RunningSystem;
  const signAs = signerFor(() => system);
  /** A second commerce replica on the same PostgreSQL state, listening beside the first: it follows the same feeds and takes requests of its own. */
  let replica: FastifyInstance;
  let replicaUrl: string;

  async function run<T>(text: string, variables: object, as: string | null): Promise<GraphQLAnswer<T>> {
    return execute<T, object>(system.gatewayUrl, text, variables, await signAs(as));
  }
  async function sell(store: string, input: object, as = associateAt(store)): Promise<SaleAnswer> {
    const answer = await run<{ sellAtCounter: SaleAnswer }>(
      SELL,
      { input: { storeLocationId: locationId(store), workstationId: 1, associateId: 'NV777', idempotencyKey: key('sale'), ...input } },
      as,
    );
    expect(answer.errors).toBeUndefined();
    return answer.data!.sellAtCounter;
  }
  /** A counter sale sent straight to the second replica, signed as the gateway signs it for that store's associate. */
  async function sellOnReplica(plant: string, input: object): Promise<SaleAnswer> {
    const associate: Caller = {
      id: associateAt(plant),
      roles: ['store-associate'],
      scopes: [...ROLE_SCOPES['store-associate']],
      customerId: null,
      stores: [plant],
      clientId: 'store-tablet',
    };
    const answer = await askSubgraph<{ sellAtCounter: SaleAnswer }>(
      { env: system.env, subgraphUrls: { commerce: replicaUrl } },
      'commerce',
      associate,
      `mutation($input: CounterSaleInput!) { sellAtCounter(input: $input) { order { id } pointsRedeemed pointsEarned userErrors { code field message } } }`,
      {
        input: {
          storeLocationId: locationId(plant),
          workstationId: 2,
          associateId: 'NV778',
          idempotencyKey: key('replica-sale'),
          ...input,
        },
      },
    );
    expect(answer.errors).toBeUndefined();
    return answer.data!.sellAtCounter;
  }
  async function account(member: Member): Promise<{ balance: number; history: HistoryLine[] }> {
    const answer = await run<{ customer: { loyalty: { pointsBalance: number; history: { edges: { node: HistoryLine }[] } } } }>(
      MEMBER,
      { id: member.customerId },
      AGENT,
    );
    expect(answer.errors).toBeUndefined();
    const { loyalty } = answer.data!.customer;
    return { balance: loyalty.pointsBalance, history: loyalty.history.edges.map((edge) => edge.node) };
  }
  async function admin(legacySystem: string, path: string, init: RequestInit = {}): Promise<Response> {
    return fetch(`${system.legacyUrls[legacySystem]}/__admin/${path}`, {
      ...init,
      headers: { ...adminHeaders(system.env), ...(init.headers as Record<string, string>) },
    });
  }
  async function knobs(legacySystem: string, set: Partial<Knobs> | null): Promise<void> {
    const answer = await admin(
      legacySystem,
      'knobs',
      set ? { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(set) } : { method: 'DELETE' },
    );
    expect(answer.status).toBe(200);
  }

  /** Members with one card, one CRM record and a phone nobody else gives: each test takes its own. */
  const members: Member[] = [];
  const takeMember = () => members.shift()!;
  /** A member whose balance is at least `points`. */
  async function takeMemberWith(points: number): Promise<Member> {
    for (const [i, member] of members.entries()) {
      if ((await account(member)).balance >= points) return members.splice(i, 1)[0];
    }
    throw new Error(`no member left with ${points} points`);
  }
  /** A SKU a store has units of, and its price in dong. */
  async function stocked(store: string, units: number, skip = new Set<string>()): Promise<{ sku: string; price: number }> {
    for (const product of world.products) {
      if (skip.has(product.sku)) continue;
      const answer = await run<{
        productVariant: { price: { amount: string }; stockLevels: { location: { id: string }; available: number }[] };
      }>(STOCK, { sku: product.sku }, null);
      const level = answer.data!.productVariant.stockLevels.find((candidate) => candidate.location.id === locationId(store));
      if (level && level.available >= units) {
        skip.add(product.sku);
        return { sku: product.sku, price: Number(answer.data!.productVariant.price.amount) };
      }
    }
    throw new Error(`no SKU with ${units} units at ${store}`);
  }
  const usedSkus = new Set<string>();

  beforeAll(async () => {
    world = generateWorld({ seed: 23, size: 'small' });
    system = await startSystem({
      world,
      personas: journeyPersonas(world, shoppersOf(world)),
      env: {
        LOG_LEVEL: 'silent',
        IDENTITY_SYNC_INTERVAL_MS: '0',
        COMMERCE_STATE_URL: STATE_URL,
        COMMERCE_STATE_SCHEMA: STATE_SCHEMA,
        COMMERCE_PICKUP_SWEEP_MS: '0',
        COMMERCE_LOYALTY_FOLLOW_MS: '200',
        POS_FEED_POLL_MS: '200',
      },
    });
    const shared = new Set(world.truth.households.map((household) => household.phone));
    const phoneHolders = new Map<string, number>();
    for (const person of world.truth.persons)
      for (const phone of person.phones) phoneHolders.set(phone, (phoneHolders.get(phone) ?? 0) + 1);
    for (const person of world.truth.persons) {
      if (person.loyaltyCardCodes.length !== 1 || person.crmPartnerIds.length !== 1 || person.phones.length !== 1) continue;
      if (shared.has(person.phone) || phoneHolders.get(person.phone) !== 1) continue;
      const answer = await run<{ customerByIdentifier: { id: string } | null }>(BY_CARD, { v: person.loyaltyCardCodes[0] }, AGENT);
      if (!answer.data?.customerByIdentifier) continue;
      members.push({
        customerId: answer.data.customerByIdentifier.id,
        card: person.loyaltyCardCodes[0],
        phone: person.phone,
        personId: person.personId,
      });
      if (members.length >= 16) break;
    }
    expect(members.length).toBeGreaterThanOrEqual(8);
    replica = await SUBGRAPH_SERVICES.commerce(system.env);
    await replica.listen({ host: '127.0.0.1', port: 0 });
    replicaUrl = `http://127.0.0.1:${(replica.server.address() as AddressInfo).port}/graphql`;
  }, 120_000);

  afterAll(async () => {
    await replica?.close();
    await system?.stop();
    const client = new Client({ connectionString: STATE_URL });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${STATE_SCHEMA}" CASCADE`);
    await client.end();
  }, 60_000);

  const store = () => world.stores[0].plant;
  const otherStore = () => world.stores[1].plant;

  it('earns a point per 10,000 dong on a counter sale with the card typed any way; a retry earns nothing more', async () => {
    const member = takeMember();
    const before = await account(member);
    const { sku, price } = await stocked(store(), 2, usedSkus);
    const spaced = `${member.card.slice(0, 4)} ${member.card.slice(4, 8)}-${member.card.slice(8)}`;
    // The graph finds the member by the card as printed, with its spaces.
    const printed = `${member.card.slice(0, 4)} ${member.card.slice(4, 8)} ${member.card.slice(8)}`;
    expect((await run<{ customerByIdentifier: { id: string } }>(BY_CARD, { v: printed }, AGENT)).data!.customerByIdentifier.id).toBe(
      member.customerId,
    );
    const input = { lines: [{ sku, quantity: 2 }], loyaltyCard: spaced, idempotencyKey: key('earn') };
    const sale = await sell(store(), input);
    expect(sale.userErrors).toEqual([]);
    // Earned on what the sale charged (a member price may apply).
    const charged = Number(sale.order!.totals.total.amount);
    expect(charged).toBeLessThanOrEqual(2 * price);
    const expected = Math.floor(charged / 10_000);
    expect(sale.pointsEarned).toBe(expected);
    const after = await account(member);
    expect(after.balance).toBe(before.balance + expected);
    expect(after.history[0]).toMatchObject({ points: expected, source: 'STORE_PURCHASE', orderReference: sale.order!.receiptKey });

    // The same request again (a lost answer): the same sale, no second line; the feed's follower finds it written too.
    expect(await sell(store(), input)).toEqual(sale);
    await sleep(1_000);
    const lines = (await account(member)).history.filter((line) => line.orderReference === sale.order!.receiptKey);
    expect(lines).toHaveLength(1);
    expect((await account(member)).balance).toBe(after.balance);
  });

  it('pays part of a counter sale with points: the till shows the points tender, the rest earns', async () => {
    const member = await takeMemberWith(20);
    const before = await account(member);
    const { sku, price } = await stocked(store(), 1, usedSkus);
    const sale = await sell(store(), { lines: [{ sku, quantity: 1 }], loyaltyCard: member.card, redeemPoints: 20, tender: 'CARD' });
    expect(sale.userErrors).toEqual([]);
    expect(sale.pointsRedeemed).toBe(20);
    const charged = Number(sale.order!.totals.total.amount);
    expect(charged).toBeLessThanOrEqual(price);
    const payments = Object.fromEntries(sale.order!.payments.map((payment) => [payment.method, Number(payment.amount.amount)]));
    expect(payments).toEqual({ LOYALTY_POINTS: 20_000, CARD: charged - 20_000 });
    const earned = Math.floor((charged - 20_000) / 10_000);
    expect(sale.pointsEarned).toBe(earned);
    const after = await account(member);
    expect(after.balance).toBe(before.balance - 20 + earned);
    expect(after.history.filter((line) => line.source === 'REDEMPTION')).toEqual([expect.objectContaining({ points: -20 })]);
  });

  it('refuses what it cannot pay with points, with a code, changing nothing and posting nothing at the till', async () => {
    const member = takeMember();
    const before = await account(member);
    const { sku, price } = await stocked(store(), 1, usedSkus);
    const posts = async () =>
      ((await (await admin('pos', 'calls')).json()) as { byOperation: Record<string, number> }).byOperation.postTransaction ?? 0;
    const postsBefore = await posts();
    const tries: [object, string][] = [
      [{ loyaltyCard: member.card, redeemPoints: before.balance + 1 }, 'INSUFFICIENT_POINTS'],
      [{ loyaltyCard: member.card, redeemPoints: Math.floor(price / 1_000) + 1 }, 'REDEMPTION_EXCEEDS_TOTAL'],
      [{ loyaltyCard: member.card, redeemPoints: 0 }, 'INVALID_POINTS'],
      [{ loyaltyCard: '9999 0000 1111', redeemPoints: 5 }, 'NOT_A_LOYALTY_MEMBER'],
      [{ redeemPoints: 5 }, 'NOT_A_LOYALTY_MEMBER'],
    ];
    for (const [input, code] of tries) {
      const sale = await sell(store(), { lines: [{ sku, quantity: 1 }], ...input });
      expect(sale.order).toBeNull();
      expect(sale.userErrors.map((error) => error.code)).toEqual([code]);
    }
    expect((await account(member)).balance).toBe(before.balance);
    expect(await posts()).toBe(postsBefore);
  });

  it('serves two counters spending the last points at the same moment one after the other: exactly one pays with them', async () => {
    const member = await takeMemberWith(1);
    const { balance } = await account(member);
    // Each sale is worth at least the whole balance even at half price (a member price may apply), so either could take all of it.
    const [first, second] = [await stocked(store(), 6, usedSkus), await stocked(otherStore(), 6, usedSkus)];
    const units = (price: number) => Math.ceil((balance * 2_000) / price);
    expect(Math.max(units(first.price), units(second.price))).toBeLessThanOrEqual(6);
    // One through the gateway to the first replica, the other straight to the second: only PostgreSQL's lock is between them.
    const results = await Promise.all([
      sell(store(), { lines: [{ sku: first.sku, quantity: units(first.price) }], loyaltyCard: member.card, redeemPoints: balance }),
      sellOnReplica(otherStore(), {
        lines: [{ sku: second.sku, quantity: units(second.price) }],
        loyaltyCard: member.phone,
        redeemPoints: balance,
      }),
    ]);
    const paid = results.filter((result) => result.userErrors.length === 0);
    expect(paid).toHaveLength(1);
    expect(results.find((result) => result.userErrors.length > 0)!.userErrors.map((error) => error.code)).toEqual(['INSUFFICIENT_POINTS']);
    const after = await account(member);
    expect(after.balance).toBe(paid[0].pointsEarned);
    expect(after.history.filter((line) => line.source === 'REDEMPTION')).toEqual([expect.objectContaining({ points: -balance })]);
  });

  /** A sale rung up at a till as the store's own POS does it, not through the graph: the head office feed carries it. */
  async function tillSale(retailStoreId: string, sku: string, price: number, customer: { loyaltyCard?: string; phone?: string }) {
    const pos = PosClient.fromEnv({ POS_URL: system.legacyUrls.pos });
    return pos.postTransaction({
      kind: 'Sale',
      retailStoreId,
      workstationId: 4,
      operatorId: 'NV901',
      beginDateTime: storeLocalTime(clockFromEnv(system.env)()),
      lines: [{ sku, quantity: 1, unitPrice: BigInt(price) * 100n }],
      customer,
    });
  }
  const earnedOn = async (member: Member, receiptKey: string) =>
    (await account(member)).history.filter((line) => line.orderReference === receiptKey);

  it('earns on till sales from the POS feed by a phone typed another way, once, even with a second replica reading the feed again', async () => {
    const member = takeMember();
    const before = await account(member);
    const { sku, price } = await stocked(store(), 1, usedSkus);
    const retailStoreId = world.stores[0].retailStoreId;
    const typed = `0${member.phone.slice(3, 6)}.${member.phone.slice(6, 9)}.${member.phone.slice(9)}`;
    const posted = await tillSale(retailStoreId, sku, price, { phone: typed });
    const lines = await eventually(
      () => earnedOn(member, posted.transactionKey),
      (found) => found.length > 0,
    );
    expect(lines).toEqual([expect.objectContaining({ points: Math.floor(price / 10_000), source: 'STORE_PURCHASE' })]);

    // The second replica follows the same feed: it finds the line written and writes none.
    await sleep(2_000);
    expect(await earnedOn(member, posted.transactionKey)).toHaveLength(1);
    expect((await account(member)).balance).toBe(before.balance + Math.floor(price / 10_000));
  });

  it('earns nothing on a till sale captured with a phone a household shares: nobody is sure whose it was', async () => {
    const isMember = (id: string) => (world.truth.persons.find((person) => person.personId === id)?.loyaltyCardCodes.length ?? 0) > 0;
    const household = world.truth.households.find((candidate) => candidate.personIds.some(isMember));
    if (!household) throw new Error('the world has no household with a member');
    const holders = world.truth.persons.filter((person) => household.personIds.includes(person.personId) && isMember(person.personId));
    const balances = async () =>
      Promise.all(
        holders.map(async (person) => {
          const answer = await run<{ customerByIdentifier: { id: string } }>(BY_CARD, { v: person.loyaltyCardCodes[0] }, AGENT);
          return (await account({ customerId: answer.data!.customerByIdentifier.id, card: '', phone: '', personId: '' })).balance;
        }),
      );
    const before = await balances();
    const { sku, price } = await stocked(store(), 2, usedSkus);
    await tillSale(world.stores[0].retailStoreId, sku, price, { phone: household.phone });
    // A member's sale rung up after it: once that one has earned, the feed's follower has settled the household's (it goes in order).
    const member = takeMember();
    const after = await tillSale(world.stores[0].retailStoreId, sku, price, { loyaltyCard: member.card });
    expect(
      await eventually(
        () => earnedOn(member, after.transactionKey),
        (found) => found.length > 0,
      ),
    ).toHaveLength(1);
    expect(await balances()).toEqual(before);
  });

  it('earns on a web order when the web shop completes it, and on a click & collect order at the handover', async () => {
    const memberOfAccount = (webCustomerId: number | null) =>
      world.truth.persons.find(
        (person) => webCustomerId !== null && person.webCustomerIds.includes(webCustomerId) && person.loyaltyCardCodes.length === 1,
      );
    const open = world.ecommerce.orders.filter((order) => order.status === 'processing' && memberOfAccount(order.customerId));
    const delivery = open.find((order) => order.shippingMethod === 'flatrate_flatrate')!;
    const pickup = open.find((order) => order.shippingMethod === 'instore_pickup' && order.pickupLocationCode)!;
    expect(delivery && pickup).toBeTruthy();
    const memberOf = async (order: typeof delivery): Promise<Member> => {
      const person = memberOfAccount(order.customerId)!;
      const answer = await run<{ customerByIdentifier: { id: string } }>(BY_CARD, { v: person.loyaltyCardCodes[0] }, AGENT);
      return {
        customerId: answer.data!.customerByIdentifier.id,
        card: person.loyaltyCardCodes[0],
        phone: person.phone,
        personId: person.personId,
      };
    };

    // Shipped in the web shop's own back office: the follower of completed orders earns it.
    const shopper = await memberOf(delivery);
    const web = EcommerceClient.fromEnv({ ECOMMERCE_URL: system.legacyUrls.ecommerce });
    await web.shipOrder(delivery.entityId, delivery.fulfilmentSourceCode);
    const earned = await eventually(
      () => earnedOn(shopper, delivery.incrementId),
      (found) => found.length > 0,
    );
    expect(earned).toEqual([expect.objectContaining({ points: Math.floor(delivery.grandTotal / 10_000), source: 'WEB_ORDER' })]);

    // Collected at the counter: earned by the handover itself, before any follower looks.
    const collector = await memberOf(pickup);
    const plant = world.stores.find((candidate) => storeSourceCode(candidate.retailStoreId) === pickup.pickupLocationCode)!.plant;
    const before = await account(collector);
    const handed = await run<{ handOverPickup: { order: { status: string }; userErrors: UserError[] } }>(
      HANDOVER,
      {
        input: {
          orderId: encodeId('WebOrder', pickup.incrementId),
          storeLocationId: locationId(plant),
          workstationId: 2,
          associateId: 'NV321',
          idempotencyKey: key('handover'),
        },
      },
      associateAt(plant),
    );
    expect(handed.data!.handOverPickup).toMatchObject({ order: { status: 'COMPLETED' }, userErrors: [] });
    const after = await account(collector);
    expect(after.balance).toBe(before.balance + Math.floor(pickup.grandTotal / 10_000));
    await sleep(1_000);
    expect(await earnedOn(collector, pickup.incrementId)).toHaveLength(1);
  });

  /** A shopper of the web shop who is a member with at least `points`, as their own app signs them in. */
  async function memberShopper(points: number, skip: Set<string>): Promise<{ shopper: Shopper; member: Member }> {
    for (const shopper of shoppersOf(world)) {
      if (skip.has(shopper.login)) continue;
      const person = world.truth.persons.find((candidate) => candidate.webCustomerIds.includes(shopper.webCustomerId));
      if (!person || person.loyaltyCardCodes.length !== 1) continue;
      const member = { customerId: shopper.customerId, card: person.loyaltyCardCodes[0], phone: person.phone, personId: person.personId };
      if ((await account(member)).balance < points) continue;
      skip.add(shopper.login);
      // Nobody else's test takes them then.
      members.splice(0, members.length, ...members.filter((other) => other.personId !== person.personId));
      return { shopper, member };
    }
    throw new Error(`no web shopper with ${points} points`);
  }
  const usedShoppers = new Set<string>();
  const ADDRESS = { firstName: 'Chi', lastName: 'Nguyễn', street: ['5 Hàng Bài'], city: 'Hà Nội', phone: '0912345678' };

  async function cartOf(shopper: Shopper, sku: string, quantity: number): Promise<string> {
    const created = await run<{ createCart: { cart: { id: string } } }>(
      CREATE_CART,
      { input: { customerId: shopper.customerId, idempotencyKey: key('cart') } },
      shopper.login,
    );
    const cartId = created.data!.createCart.cart.id;
    const added = await run<{ addCartLine: { userErrors: UserError[] } }>(
      ADD_LINE,
      { input: { cartId, sku, quantity, idempotencyKey: key('line') } },
      shopper.login,
    );
    expect(added.data!.addCartLine.userErrors).toEqual([]);
    return cartId;
  }
  interface CheckoutAnswer {
    order: { id: string; number: string; totals: { total: { amount: string } } } | null;
    pointsRedeemed: number | null;
    userErrors: UserError[];
  }
  async function checkout(shopper: Shopper, cartId: string, redeemPoints: number | null, as: string | null = shopper.login) {
    const answer = await run<{ checkout: CheckoutAnswer }>(
      CHECKOUT,
      {
        input: {
          cartId,
          fulfilment: 'PICKUP_IN_STORE',
          pickupLocationId: locationId(store()),
          address: { ...ADDRESS, email: shopper.email },
          paymentMethod: 'PAY_IN_STORE',
          channel: 'APP',
          ...(redeemPoints === null ? {} : { redeemPoints }),
          idempotencyKey: key('checkout'),
        },
      },
      as,
    );
    expect(answer.errors).toBeUndefined();
    return answer.data!.checkout;
  }

  it('pays part of a web checkout with points, earns on the rest when collected, and a return gives the points back', async () => {
    const { shopper, member } = await memberShopper(30, usedShoppers);
    const before = await account(member);
    const { sku } = await stocked(store(), 2, usedSkus);
    const cartId = await cartOf(shopper, sku, 2);

    // More than the balance: refused before anything changes; the cart stays open.
    const refused = await checkout(shopper, cartId, before.balance + 1);
    expect(refused).toMatchObject({ order: null, userErrors: [{ code: 'INSUFFICIENT_POINTS', field: ['input', 'redeemPoints'] }] });
    expect((await account(member)).balance).toBe(before.balance);

    const placed = await checkout(shopper, cartId, 30);
    expect(placed.userErrors).toEqual([]);
    expect(placed.pointsRedeemed).toBe(30);
    const web = EcommerceClient.fromEnv({ ECOMMERCE_URL: system.legacyUrls.ecommerce });
    const order = (await web.orderByNumber(placed.order!.number))!;
    expect(order.extension_attributes).toMatchObject({ reward_points_balance: 30, reward_currency_amount: 30_000 });
    const goods = order.subtotal + order.discount_amount;
    expect(order.grand_total).toBe(goods + order.shipping_amount - 30_000);
    expect(Number(placed.order!.totals.total.amount)).toBe(order.grand_total);
    expect((await account(member)).balance).toBe(before.balance - 30);

    // Collected: it earns on what was paid in money.
    const handed = await run<{ handOverPickup: { userErrors: UserError[] } }>(
      HANDOVER,
      {
        input: {
          orderId: placed.order!.id,
          storeLocationId: locationId(store()),
          workstationId: 2,
          associateId: 'NV321',
          idempotencyKey: key('handover'),
        },
      },
      associateAt(store()),
    );
    expect(handed.data!.handOverPickup.userErrors).toEqual([]);
    const earned = Math.floor(order.grand_total / 10_000);
    expect((await account(member)).balance).toBe(before.balance - 30 + earned);

    // One of the two units back: half the goods, of which the points paid 15 points' worth.
    const returned = await run<{
      returnWebOrderInStore: { refunded: { amount: string }; pointsTakenBack: number; pointsGivenBack: number; userErrors: UserError[] };
    }>(
      RETURN,
      {
        input: {
          orderId: placed.order!.id,
          storeLocationId: locationId(store()),
          workstationId: 2,
          associateId: 'NV321',
          lines: [{ sku, quantity: 1 }],
          idempotencyKey: key('return'),
        },
      },
      associateAt(store()),
    );
    const answer = returned.data!.returnWebOrderInStore;
    expect(answer.userErrors).toEqual([]);
    expect(answer.pointsGivenBack).toBe(15);
    expect(Number(answer.refunded.amount)).toBe(goods / 2 - 15_000);
    expect(answer.pointsTakenBack).toBe(Math.floor((goods / 2 - 15_000) / 10_000));
    const memo = (await web.orderByNumber(placed.order!.number))!;
    expect(memo.total_refunded).toBe(goods / 2 - 15_000);
    expect((await account(member)).balance).toBe(before.balance - 30 + earned + 15 - answer.pointsTakenBack);
  });

  it('refuses points on a guest cart, and serves a checkout and a counter spending the same last points one after the other', async () => {
    const { shopper, member } = await memberShopper(1, usedShoppers);
    const { balance, history } = await account(member);
    // Each order worth at least the whole balance even at half price (a member price or a promotion may apply).
    const { sku, price } = await stocked(store(), 12, usedSkus);
    const units = Math.ceil((balance * 2_000) / price);
    expect(units).toBeLessThanOrEqual(6);

    const guestCart = (await run<{ createCart: { cart: { id: string } } }>(CREATE_CART, { input: { idempotencyKey: key('guest') } }, null))
      .data!.createCart.cart.id;
    await run(ADD_LINE, { input: { cartId: guestCart, sku, quantity: 1, idempotencyKey: key('line') } }, null);
    expect((await checkout(shopper, guestCart, 1, null)).userErrors.map((error) => error.code)).toEqual(['NOT_A_LOYALTY_MEMBER']);

    const cartId = await cartOf(shopper, sku, units);
    const [online, counter] = await Promise.all([
      checkout(shopper, cartId, balance),
      sell(store(), { lines: [{ sku, quantity: units }], loyaltyCard: member.card, redeemPoints: balance }),
    ]);
    const outcomes = [online.userErrors.map((error) => error.code), counter.userErrors.map((error) => error.code)];
    expect(outcomes.flat()).toEqual(['INSUFFICIENT_POINTS']);
    const after = await account(member);
    const newLines = after.history.slice(0, after.history.length - history.length);
    expect(newLines.filter((line) => line.source === 'REDEMPTION')).toEqual([expect.objectContaining({ points: -balance })]);
    expect(after.balance).toBeGreaterThanOrEqual(0);
  });

  it('takes back what a till return refunds in money and gives back the points it refunds, from the POS feed', async () => {
    const member = await takeMemberWith(10);
    const before = await account(member);
    const { sku } = await stocked(store(), 1, usedSkus);
    const sale = await sell(store(), { lines: [{ sku, quantity: 1 }], loyaltyCard: member.card, redeemPoints: 10 });
    expect(sale.userErrors).toEqual([]);
    const total = Number(sale.order!.totals.total.amount);
    const [retailStoreId, workstationId, sequenceNumber, ...day] = sale.order!.receiptKey.split('-');
    // The customer brings it back to the till, which refunds the points as points and the rest in cash.
    const returned = await PosClient.fromEnv({ POS_URL: system.legacyUrls.pos }).postTransaction({
      kind: 'Return',
      retailStoreId,
      workstationId: 3,
      operatorId: 'NV902',
      beginDateTime: storeLocalTime(clockFromEnv(system.env)()),
      returnOf: { retailStoreId, workstationId: Number(workstationId), sequenceNumber: Number(sequenceNumber), businessDay: day.join('-') },
      lines: [{ sku, quantity: 1, unitPrice: BigInt(total) * 100n }],
      tenders: [
        { type: 'LoyaltyPoints', amount: 10_000n * 100n },
        { type: 'Cash', amount: BigInt(total - 10_000) * 100n },
      ],
      customer: { loyaltyCard: member.card },
    });
    const expected = [10, ...(sale.pointsEarned ? [-sale.pointsEarned] : [])];
    const lines = await eventually(
      () => earnedOn(member, returned.transactionKey),
      (found) => found.length === expected.length,
    );
    expect(lines.map((line) => line.points).sort((a, b) => a - b)).toEqual(expected.sort((a, b) => a - b));
    expect((await account(member)).balance).toBe(before.balance);
  });

  // The fault tests come last: the CRM's circuit breaker stays open a while after it was down.
  it('gives the points back when the till cannot post the sale; the same request later pays with them once', async () => {
    const member = await takeMemberWith(10);
    const before = await account(member);
    const { sku } = await stocked(store(), 1, usedSkus);
    const points = 10;
    const input = { lines: [{ sku, quantity: 1 }], loyaltyCard: member.card, redeemPoints: points, idempotencyKey: key('till-down') };
    await knobs('pos', { down: true, faultOperations: ['postTransaction'] });
    try {
      const failed = await run<{ sellAtCounter: SaleAnswer | null }>(
        SELL,
        { input: { storeLocationId: locationId(store()), workstationId: 1, associateId: 'NV777', ...input } },
        associateAt(store()),
      );
      expect(failed.errors?.map((error) => error.extensions?.code)).toEqual(['POS_UNAVAILABLE']);
    } finally {
      await knobs('pos', null);
    }
    const undone = await account(member);
    expect(undone.balance).toBe(before.balance);
    expect(undone.history.filter((line) => line.source === 'REDEMPTION').map((line) => line.points)).toEqual([points, -points]);

    const sale = await sell(store(), input);
    expect(sale).toMatchObject({ pointsRedeemed: points, userErrors: [] });
    const after = await account(member);
    expect(sale.pointsEarned).toBe(Math.floor((Number(sale.order!.totals.total.amount) - points * 1_000) / 10_000));
    expect(after.balance).toBe(before.balance - points + sale.pointsEarned!);
    expect(after.history.filter((line) => line.source === 'REDEMPTION').map((line) => line.points)).toEqual([-points, points, -points]);
  });

  it('completes a sale whose points could not be written (the CRM failing after the till posted it): they are earned once the CRM is back', async () => {
    const member = takeMember();
    const before = await account(member);
    const { sku } = await stocked(store(), 1, usedSkus);
    // The card is found; then the ledger cannot be read or written.
    await knobs('crm', { down: true, faultOperations: ['loyalty.history.search_read', 'loyalty.history.create'] });
    let sale: SaleAnswer;
    try {
      sale = await sell(store(), { lines: [{ sku, quantity: 1 }], loyaltyCard: member.card });
    } finally {
      await knobs('crm', null);
    }
    // The sale happened (the till has it): the answer says so, with no points yet.
    expect(sale.userErrors).toEqual([]);
    expect(sale.order!.receiptKey).toBeTruthy();
    expect(sale.pointsEarned).toBe(0);
    const expected = Math.floor(Number(sale.order!.totals.total.amount) / 10_000);
    const lines = await eventually(
      () => earnedOn(member, sale.order!.receiptKey),
      (found) => found.length > 0,
    );
    expect(lines).toEqual([expect.objectContaining({ points: expected })]);
    await sleep(1_000);
    expect(await earnedOn(member, sale.order!.receiptKey)).toHaveLength(1);
    expect((await account(member)).balance).toBe(before.balance + expected);
  });

  it('refuses a payment with points when the CRM cannot be reached, before anything is posted', async () => {
    const member = takeMember();
    const { sku } = await stocked(store(), 1, usedSkus);
    await knobs('crm', { down: true });
    try {
      const answer = await run<{ sellAtCounter: SaleAnswer | null }>(
        SELL,
        {
          input: {
            storeLocationId: locationId(store()),
            workstationId: 1,
            associateId: 'NV777',
            lines: [{ sku, quantity: 1 }],
            loyaltyCard: member.card,
            redeemPoints: 5,
            idempotencyKey: key('crm-down'),
          },
        },
        associateAt(store()),
      );
      expect(answer.errors?.map((error) => error.extensions?.code)).toEqual(['CRM_UNAVAILABLE']);
      expect(answer.data?.sellAtCounter ?? null).toBeNull();
    } finally {
      await knobs('crm', null);
    }
  });
});
