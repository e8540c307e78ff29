import type { Knobs } from '../../legacy/kit/knobs';
import { posTransactionKey, World } from '../../legacy/seed/model';
import { generateWorld } from '../../legacy/seed/world';
import { RunningSystem, startSystem } from '../../scripts/system';
import { execute, GraphQLAnswer } from '../support/graphql';
import { headersAs } from '../support/tokens';

const CUSTOMERS = `{ customers(first: 10) { edges { node {
  id displayName records { system recordId }
  webAccount { email }
  openCarts { id lines { sku } }
} } } }`;
const ORDER = 'query($id: ID!) { order(id: $id) { id ... on WebOrder { number status totals { total { amount } } } } }';

interface CustomerNode {
  id: string;
  displayName: string;
  records: { system: string; recordId: string }[];
  webAccount: unknown;
  openCarts: unknown;
}
interface Page {
  customers: { edges: { node: CustomerNode }[] };
}

/** No URL, host, Magento path or message, stack frame or source file may reach a client. */
const LEAKS = /https?:|127\.0\.0\.1|rest\/V1|Report ID|Service Temporarily|stack|\.ts:\d+|magento/i;
const opaque = (type: string, key: string) => Buffer.from(`${type}:${key}`).toString('base64url');

describe('the ecommerce subgraph when the web shop fails', () => {
  let world: World;
  let system: RunningSystem;
  const shop = () => system.legacy.ecommerce.legacy;

  beforeAll(async () => {
    world = generateWorld({ seed: 7, size: 'small' });
    system = await startSystem({
      world,
      subgraphs: ['identity', 'ecommerce', 'orders', 'pos', 'marketplace'],
      // A short timeout so a hanging shop is given up on quickly (long enough for identity's first
      // read of a cold shop); a breaker that stays closed so each test sees its own failure, not
      // the open circuit the previous one left.
      env: { LOG_LEVEL: 'silent', IDENTITY_SYNC_INTERVAL_MS: '0', ECOMMERCE_TIMEOUT_MS: '1000', ECOMMERCE_BREAKER_THRESHOLD: '1000' },
    });
  });
  afterAll(() => system.stop());
  afterEach(() => shop().resetKnobs());

  const webIdsOf = (node: CustomerNode) => node.records.filter((r) => r.system === 'ECOMMERCE').map((r) => r.recordId);

  /** Every customer at once, as the back-office steward lists them. */
  async function customersWhileShop(knobs: Partial<Knobs>): Promise<GraphQLAnswer<Page>> {
    const headers = await headersAs(system, 'steward');
    shop().setKnobs(knobs);
    return execute<Page, object>(system.gatewayUrl, CUSTOMERS, undefined, headers);
  }

  function expectPartialAnswer(answer: GraphQLAnswer<Page>, reason: string): void {
    const nodes = answer.data!.customers.edges.map((edge) => edge.node);
    expect(nodes).toHaveLength(10);
    expect(nodes.some((node) => webIdsOf(node).length > 0)).toBe(true);
    for (const node of nodes) {
      expect(node.displayName).toEqual(expect.any(String));
      if (webIdsOf(node).length > 0) expect(node).toMatchObject({ webAccount: null, openCarts: null });
      else expect(node).toMatchObject({ webAccount: null, openCarts: [] });
    }
    expect(answer.errors!.length).toBeGreaterThan(0);
    for (const error of answer.errors!) {
      expect(error.extensions).toEqual({ code: 'ECOMMERCE_UNAVAILABLE', system: 'ecommerce', reason });
      expect(['webAccount', 'openCarts']).toContain(error.path![error.path!.length - 1]);
    }
    expect(JSON.stringify(answer.errors)).not.toMatch(LEAKS);
  }

  it('keeps the rest of each customer when the shop is down, with an error naming the shop on its fields', async () => {
    expectPartialAnswer(await customersWhileShop({ down: true }), 'DOWN');
  });

  it('does the same when every shop call fails with an internal error', async () => {
    expectPartialAnswer(await customersWhileShop({ errorRate: 1 }), 'ERROR');
  });

  it('gives up on a shop that hangs, after the timeout, with an error naming the shop', async () => {
    expectPartialAnswer(await customersWhileShop({ hangRate: 1 }), 'TIMEOUT');
  });

  it('answers in full again once the shop is back', async () => {
    await customersWhileShop({ down: true });
    const answer = await customersWhileShop({ down: false });
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.customers.edges.every((edge) => edge.node.openCarts !== null)).toBe(true);
  });

  it('answers a web order as null with an error naming the shop when the shop is down', async () => {
    const agent = await headersAs(system, 'agent');
    shop().setKnobs({ down: true });
    const answer = await execute<{ order: unknown }, object>(
      system.gatewayUrl,
      ORDER,
      { id: opaque('WebOrder', world.ecommerce.orders[0].incrementId) },
      agent,
    );
    expect(answer.data?.order ?? null).toBeNull();
    expect(answer.errors!.map((error) => error.extensions?.code)).toContain('ECOMMERCE_UNAVAILABLE');
    expect(JSON.stringify(answer.errors)).not.toMatch(LEAKS);
  });

  describe("a customer's order history", () => {
    const HISTORY =
      'query($email: String!) { customerByIdentifier(identifier: { kind: EMAIL, value: $email }) { id orderHistory(first: 100) { edges { node { id } } } } }';
    const sales = () => new Set(world.pos.transactions.filter((t) => t.kind === 'Sale').map(posTransactionKey));
    /** Someone with web orders from their account and receipts from the stores. */
    const shopper = () =>
      world.truth.persons.find(
        (p) =>
          p.webCustomerIds.length > 0 &&
          p.posTransactionKeys.some((key) => sales().has(key)) &&
          world.ecommerce.orders.some((o) => o.customerId === p.webCustomerIds[0]),
      )!;
    /** As the call-center agent, who reads any customer's orders. */
    const historyIds = async (email: string) => {
      const answer = await execute<{ customerByIdentifier: { orderHistory: { edges: { node: { id: string } }[] } | null } }, object>(
        system.gatewayUrl,
        HISTORY,
        { email },
        await headersAs(system, 'agent'),
      );
      return { ids: answer.data!.customerByIdentifier.orderHistory!.edges.map((edge) => edge.node.id).sort(), errors: answer.errors ?? [] };
    };
    afterEach(() => system.legacy.pos.legacy.resetKnobs());

    it('still lists the store receipts when the shop is down, and says the web orders are missing', async () => {
      const person = shopper();
      shop().setKnobs({ down: true });
      const { ids, errors } = await historyIds(person.email);
      expect(ids).toEqual(
        person.posTransactionKeys
          .filter((key) => sales().has(key))
          .map((key) => opaque('StoreOrder', key))
          .sort(),
      );
      expect(errors.map((error) => error.extensions?.code)).toContain('ECOMMERCE_UNAVAILABLE');
      expect(JSON.stringify(errors)).not.toMatch(LEAKS);
    });

    it('still lists the web orders when the POS is down, and says the store receipts are missing', async () => {
      const person = shopper();
      const emails = new Set([person.email]);
      system.legacy.pos.legacy.setKnobs({ down: true });
      const { ids, errors } = await historyIds(person.email);
      const webOrders = world.ecommerce.orders.filter(
        (o) =>
          (o.customerId !== null && person.webCustomerIds.includes(o.customerId)) ||
          (o.customerId === null && emails.has(o.customerEmail.toLowerCase())),
      );
      expect(ids).toEqual(webOrders.map((o) => opaque('WebOrder', o.incrementId)).sort());
      expect(errors.map((error) => error.extensions?.code)).toContain('POS_UNAVAILABLE');
    });
  });
});
