import type { PosTransaction, TruthPerson, World } from '../../legacy/seed/model';
import { posTransactionKey } from '../../legacy/seed/model';
import { generateWorld } from '../../legacy/seed/world';
import { Customer360ByPhoneDocument, CustomerOrderHistoryDocument, CustomerOrderHistoryQuery } from '../../operations/generated';
import { startSystem, RunningSystem } from '../../scripts/system';
import { errorCodes, execute, GraphQLAnswer } from '../support/graphql';
import { headersAs } from '../support/tokens';
import { QUIET_FOLLOWERS } from '../support/quiet-marketplace';

/** A page of customers with their loyalty, order history and, for each product bought, the nearest store that has it. */
const PAGE = `query($first: Int!) { customers(first: $first) { edges { node {
  displayName
  loyalty { pointsBalance }
  orderHistory(first: 3) { edges { node { number channel totals { total { amount } }
    lines { sku variant { name nearbyAvailability(near: { latitude: 10.7769, longitude: 106.7009 }, first: 1) { available location { name } } } } } } }
} } } }`;

describe('customer 360 across every system, through the gateway', () => {
  let world: World;
  let system: RunningSystem;
  let sales: Map<string, PosTransaction>;

  /** Calls the query caused: the POS feed follower's polling runs on its own clock and is left out. */
  const legacyCalls = async () => {
    const totals: Record<string, number> = {};
    for (const [name, app] of Object.entries(system.legacy)) {
      const { total, byOperation } = app.legacy.calls.snapshot();
      // The till feed's followers poll it and rebuild its closed days on their own timers, whatever the graph is asked.
      totals[name] = total - (byOperation.readTransactionFeed ?? 0) - (byOperation.getEndOfDayBatch ?? 0);
    }
    return totals;
  };
  /** The call-center agent reads any one customer's 360; listing every customer is the back-office steward's. */
  const agent = () => headersAs(system, 'agent');
  const steward = () => headersAs(system, 'steward');
  const resetCalls = () => Object.values(system.legacy).forEach((app) => app.legacy.calls.reset());

  /** Someone the systems all know: CRM record, web account, loyalty card, store receipts and web orders. */
  const regular = (): TruthPerson =>
    world.truth.persons.find(
      (p) =>
        p.crmPartnerIds.length === 1 &&
        p.webCustomerIds.length === 1 &&
        p.loyaltyCardCodes.length === 1 &&
        p.posTransactionKeys.some((k) => sales.has(k)) &&
        world.ecommerce.orders.some((o) => o.customerId === p.webCustomerIds[0]),
    )!;

  beforeAll(async () => {
    world = generateWorld({ seed: 7, size: 'small' });
    sales = new Map(world.pos.transactions.filter((t) => t.kind === 'Sale').map((t) => [posTransactionKey(t), t]));
    // Legacy calls are counted here: the marketplace's own rounds (stock sync, order poll, promotions), the catalogue follower and
    // loyalty earning's follower of web orders stay off.
    system = await startSystem({
      world,
      // Every follower on its own clock off (the pickup sweep's and the CRM partner follower's calls
      // too): the call counts below are the request's.
      env: { ...QUIET_FOLLOWERS },
    });
  });
  afterAll(() => system.stop());

  it('shows one customer with their loyalty and every order from every channel, newest first', async () => {
    const person = regular();
    const answer = await execute(system.gatewayUrl, Customer360ByPhoneDocument, { phone: person.phone.replace('+84', '0') }, await agent());
    expect(answer.errors).toBeUndefined();
    const customer = answer.data!.customerByIdentifier!;
    const card = world.crm.loyaltyCards.find((c) => c.code === person.loyaltyCardCodes[0])!;
    const points = world.crm.loyaltyEntries.filter((e) => e.cardId === card.id).reduce((sum, e) => sum + e.points, 0);
    expect(customer.loyalty).toMatchObject({ cardCode: card.code, pointsBalance: points });
    expect(customer.profile?.fullName).toBe(world.crm.partners.find((p) => p.id === person.crmPartnerIds[0])!.name);

    const emails = new Set(customer.emails);
    const webOrders = world.ecommerce.orders.filter(
      (o) => o.customerId === person.webCustomerIds[0] || (o.customerId === null && emails.has(o.customerEmail.toLowerCase())),
    );
    const storeOrders = person.posTransactionKeys.filter((k) => sales.has(k));
    const history = customer.orderHistory!;
    expect(history.totalCount).toBe(webOrders.length + storeOrders.length);
    const placed = history.edges.map((e) => Date.parse(e.node.placedAt));
    expect(placed).toEqual([...placed].sort((a, b) => b - a));
    expect(history.edges.every((e) => /[+-]\d\d:\d\d$|Z$/.test(e.node.placedAt))).toBe(true);
    const newest = [
      ...webOrders.map((o) => ({ at: o.createdAt.getTime(), total: o.grandTotal })),
      ...storeOrders.map((k) => ({ at: sales.get(k)!.endAt.getTime(), total: sales.get(k)!.total })),
    ].sort((a, b) => b.at - a.at)[0];
    expect(history.edges[0].node.totals.total).toEqual({ amount: String(newest.total), currencyCode: 'VND' });
  });

  it('pages through the whole history without gaps or repeats', async () => {
    const person = regular();
    const id = (await execute(system.gatewayUrl, Customer360ByPhoneDocument, { phone: person.phone }, await agent())).data!
      .customerByIdentifier!.id;
    const seen: string[] = [];
    let after: string | null = null;
    let total = 0;
    do {
      const answer: GraphQLAnswer<CustomerOrderHistoryQuery> = await execute(
        system.gatewayUrl,
        CustomerOrderHistoryDocument,
        { customerId: id, first: 2, after },
        await agent(),
      );
      const page = answer.data!.customer!.orderHistory!;
      seen.push(...page.edges.map((e) => e.node.id));
      total = page.totalCount;
      after = page.pageInfo.hasNextPage ? (page.pageInfo.endCursor ?? null) : null;
    } while (after);
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
  });

  it('costs the legacy systems no more calls for 50 customers than for 5', async () => {
    const headers = await steward();
    resetCalls();
    const five = await execute(system.gatewayUrl, PAGE, { first: 5 }, headers);
    const forFive = await legacyCalls();
    resetCalls();
    const fifty = await execute(system.gatewayUrl, PAGE, { first: 50 }, headers);
    const forFifty = await legacyCalls();
    expect(five.errors).toBeUndefined();
    expect(fifty.errors).toBeUndefined();
    expect((fifty.data as { customers: { edges: unknown[] } }).customers.edges).toHaveLength(50);
    for (const name of Object.keys(forFifty)) {
      expect({ name, calls: forFifty[name] }).toEqual({ name, calls: expect.any(Number) });
      expect(forFifty[name]).toBeLessThanOrEqual(forFive[name] + 2);
      expect(forFifty[name]).toBeLessThan(15);
    }
  });

  it('still lists store receipts, with an error naming the web shop, while the web shop is down', async () => {
    const person = regular();
    const headers = await agent();
    system.legacy.ecommerce.legacy.setKnobs({ down: true });
    try {
      const answer = await execute(system.gatewayUrl, Customer360ByPhoneDocument, { phone: person.phone }, headers);
      const history = answer.data!.customerByIdentifier!.orderHistory!;
      expect(history.edges.length).toBeGreaterThan(0);
      expect(history.edges.every((e) => e.node.channel === 'STORE')).toBe(true);
      expect(answer.data!.customerByIdentifier!.loyalty?.pointsBalance).toEqual(expect.any(Number));
      expect(errorCodes(answer)).toContain('ECOMMERCE_UNAVAILABLE');
    } finally {
      system.legacy.ecommerce.legacy.resetKnobs();
    }
  });
});
