import type { Cart, World } from '../../legacy/seed/model';
import { generateWorld } from '../../legacy/seed/world';
import { RunningSystem, startSystem } from '../../scripts/system';
import { execute } from '../support/graphql';
import { headersAs } from '../support/tokens';

const WEB_FIELDS = `webAccount { id email createdAt }
  openCarts { id updatedAt subtotal { amount currencyCode } lines { sku quantity unitPrice { amount currencyCode } variant { sku name } } }`;
const PAGE = `query($first: Int!, $after: String) { customers(first: $first, after: $after) {
  edges { cursor node { id displayName records { system recordId } ${WEB_FIELDS} } } } }`;

interface Money {
  amount: string;
  currencyCode: string;
}
interface CustomerNode {
  id: string;
  displayName: string;
  records: { system: string; recordId: string }[];
  webAccount: { id: string; email: string; createdAt: string } | null;
  openCarts:
    | {
        id: string;
        updatedAt: string;
        subtotal: Money;
        lines: { sku: string; quantity: number; unitPrice: Money; variant: { sku: string; name: string } | null }[];
      }[]
    | null;
}
interface Page {
  customers: { edges: { cursor: string; node: CustomerNode }[] };
}

/** Magento keeps times to the second; the graph gives them in UTC with their zone. */
const iso = (instant: Date) => `${instant.toISOString().slice(0, 19)}Z`;
const vnd = (amount: number): Money => ({ amount: String(amount), currencyCode: 'VND' });
const opaque = (type: string, key: number) => Buffer.from(`${type}:${key}`).toString('base64url');

describe('web accounts and open carts through the gateway', () => {
  let world: World;
  let system: RunningSystem;
  const shop = () => system.legacy.ecommerce.legacy;
  /** Every customer at once is the back-office steward's list. */
  const page = async (first: number, after?: string) =>
    execute<Page, object>(system.gatewayUrl, PAGE, { first, after }, await headersAs(system, 'steward'));
  const webIdsOf = (node: CustomerNode) => node.records.filter((r) => r.system === 'ECOMMERCE').map((r) => Number(r.recordId));

  beforeAll(async () => {
    world = generateWorld({ seed: 7, size: 'small' });
    system = await startSystem({
      world,
      subgraphs: ['identity', 'ecommerce'],
      // Shop calls are counted here: no catalogue follower (a products search every second), and products read from the shop each time.
      env: { LOG_LEVEL: 'silent', IDENTITY_SYNC_INTERVAL_MS: '0', ECOMMERCE_CATALOGUE_FOLLOW_MS: '0', ECOMMERCE_PRODUCT_CACHE_MS: '0' },
    });
  });
  afterAll(() => system.stop());

  function expectedCart(cart: Cart) {
    const product = (sku: string) => world.products.find((p) => p.sku === sku)!;
    return {
      id: opaque('Cart', cart.id),
      updatedAt: iso(cart.updatedAt),
      subtotal: vnd(cart.items.reduce((sum, item) => sum + item.price * item.qty, 0)),
      lines: cart.items.map((item) => ({
        sku: item.sku,
        quantity: item.qty,
        unitPrice: vnd(item.price),
        variant: { sku: item.sku, name: product(item.sku).name },
      })),
    };
  }

  function expectedWebFields(webIds: number[]) {
    const accounts = world.ecommerce.customers
      .filter((c) => webIds.includes(c.id))
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    const carts = world.ecommerce.carts
      .filter((c) => c.customerId !== null && webIds.includes(c.customerId))
      .sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime());
    return {
      webAccount: accounts[0]
        ? { id: opaque('WebAccount', accounts[0].id), email: accounts[0].email, createdAt: iso(accounts[0].createdAt) }
        : null,
      openCarts: carts.map(expectedCart),
    };
  }

  it("shows every customer's web account and open carts as the shop has them", async () => {
    const nodes: CustomerNode[] = [];
    for (let after: string | undefined; ;) {
      const answer = await page(100, after);
      expect(answer.errors).toBeUndefined();
      const edges = answer.data!.customers.edges;
      nodes.push(...edges.map((edge) => edge.node));
      if (edges.length < 100) break;
      after = edges[edges.length - 1].cursor;
    }
    for (const node of nodes) {
      expect({ webAccount: node.webAccount, openCarts: node.openCarts }).toEqual(expectedWebFields(webIdsOf(node)));
    }
    expect(nodes.filter((node) => node.webAccount !== null)).toHaveLength(world.ecommerce.customers.length);
    const cartsShown = nodes.flatMap((node) => node.openCarts!);
    expect(cartsShown).toHaveLength(world.ecommerce.carts.filter((cart) => cart.customerId !== null).length);
  });

  it('keeps the email as the customer typed it on the web shop', async () => {
    const typed = world.ecommerce.customers.find((c) => c.email !== c.email.toLowerCase())!;
    const answer = await execute<{ customerByIdentifier: CustomerNode }, object>(
      system.gatewayUrl,
      `query($id: String!) { customerByIdentifier(identifier: { kind: WEB_CUSTOMER_ID, value: $id }) { id displayName records { system recordId } ${WEB_FIELDS} } }`,
      { id: String(typed.id) },
      await headersAs(system, 'agent'),
    );
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.customerByIdentifier.webAccount!.email).toBe(typed.email);
  });

  it('costs one search per kind of record for a page of 50 customers, as for a page of 5', async () => {
    const all = (await page(50)).data!.customers.edges;
    // A page of 5 that starts at a customer with a cart, so it reads the same kinds of record.
    const start = all.findIndex((edge) => edge.node.openCarts!.length > 0);
    const cost = async (first: number, after?: string) => {
      shop().calls.reset();
      const answer = await page(first, after);
      expect(answer.errors).toBeUndefined();
      return shop().calls.snapshot().byOperation;
    };
    const many = await cost(50);
    expect(many).toEqual({ 'carts.search': 1, 'customers.search': 1, 'products.list': 1 });
    expect(await cost(5, start > 0 ? all[start - 1].cursor : undefined)).toEqual(many);
  });
});
