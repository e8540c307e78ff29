import type { Product, World } from '../../legacy/seed/model';
import { clockFromEnv } from '../../lib/clock';
import { generateWorld } from '../../legacy/seed/world';
import { RunningSystem, startSystem } from '../../scripts/system';
import { errorCodes, execute } from '../support/graphql';

const VARIANT = 'sku gtin name category color size price { amount currencyCode } compareAtPrice { amount currencyCode } }';
const BY_SKU = `query($sku: String!) { productVariant(sku: $sku) { ${VARIANT} }`;
const LIST = `query($first: Int, $after: String, $search: String) { productVariants(first: $first, after: $after, search: $search) {
  totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { sku name } } } }`;

interface Variant {
  sku: string;
  gtin: string | null;
  name: string;
  category: string | null;
  color: string | null;
  size: string | null;
  price: { amount: string; currencyCode: string };
  compareAtPrice: { amount: string; currencyCode: string } | null;
}
interface ListPage {
  productVariants: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
    edges: { cursor: string; node: { sku: string; name: string } }[];
  };
}

const vnd = (amount: number) => ({ amount: String(amount), currencyCode: 'VND' });
const bySku = (a: { sku: string }, b: { sku: string }) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0);

/** What the shop charges now: the special price inside its dates, the regular price beside it. */
function expectedVariant(product: Product, now: Date): Variant {
  const special = product.specialPrice;
  const onSale = special !== null && special.from <= now && now <= special.to;
  return {
    sku: product.sku,
    gtin: product.gtin,
    name: product.name,
    category: product.category,
    color: product.color,
    size: product.size,
    price: vnd(onSale ? special.price : product.price),
    compareAtPrice: onSale ? vnd(product.price) : null,
  };
}

describe('the catalogue through the gateway', () => {
  let world: World;
  let system: RunningSystem;
  const shopCalls = () => system.legacy.ecommerce.legacy.calls.snapshot().byOperation;
  const query = <T>(text: string, variables: object = {}) => execute<T, object>(system.gatewayUrl, text, variables);
  const list = async (variables: object) => {
    const answer = await query<ListPage>(LIST, variables);
    expect(answer.errors).toBeUndefined();
    return answer.data!.productVariants;
  };

  beforeAll(async () => {
    world = generateWorld({ seed: 7, size: 'small' });
    // Shop calls are counted here: no catalogue follower (a products search every second).
    system = await startSystem({ world, subgraphs: ['ecommerce'], env: { LOG_LEVEL: 'silent', ECOMMERCE_CATALOGUE_FOLLOW_MS: '0' } });
  });
  afterAll(() => system.stop());
  beforeEach(() => system.legacy.ecommerce.legacy.calls.reset());

  it('shows a variant by SKU, in any case, with its EAN, attributes, category and current price', async () => {
    const clock = clockFromEnv(system.env);
    const onSale = world.products.find((p) => p.specialPrice && p.specialPrice.from <= clock() && clock() <= p.specialPrice.to)!;
    const regular = world.products.find((p) => p.specialPrice === null)!;
    for (const product of [onSale, regular]) {
      const now = clock();
      const answer = await query<{ productVariant: Variant }>(BY_SKU, { sku: product.sku.toLowerCase() });
      expect(answer.errors).toBeUndefined();
      expect(answer.data!.productVariant).toEqual(expectedVariant(product, now));
    }
    expect(onSale.specialPrice!.price).toBeLessThan(onSale.price);
  });

  it('answers null for a SKU the shop does not sell', async () => {
    const answer = await query<{ productVariant: Variant | null }>(BY_SKU, { sku: 'NO-SUCH-SKU' });
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.productVariant).toBeNull();
  });

  it('pages through the whole catalogue in SKU order, each variant once', async () => {
    const expected = [...world.products].sort(bySku).map((p) => p.sku);
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const page: ListPage['productVariants'] = await list({ first: 7, after });
      expect(page.totalCount).toBe(expected.length);
      expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
      seen.push(...page.edges.map((edge) => edge.node.sku));
      pages += 1;
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(expected);
    expect(pages).toBe(Math.ceil(expected.length / 7));
  });

  it('starts a page anywhere: a window that straddles Magento pages costs one call', async () => {
    const expected = [...world.products].sort(bySku).map((p) => p.sku);
    const first = await list({ first: 5 });
    system.legacy.ecommerce.legacy.calls.reset();
    const next = await list({ first: 7, after: first.pageInfo.endCursor });
    expect(next.edges.map((edge) => edge.node.sku)).toEqual(expected.slice(5, 12));
    expect(shopCalls()).toEqual({ 'products.list': 1 });
  });

  it('answers an empty page past the end, although Magento repeats its last page there', async () => {
    const all = await list({ first: 100 });
    const past = await list({ first: 10, after: all.pageInfo.endCursor });
    expect(past.edges).toEqual([]);
    expect(past.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true, startCursor: null, endCursor: null });
    expect(past.totalCount).toBe(world.products.length);
  });

  it('searches names and SKUs, case-insensitively', async () => {
    for (const search of ['jean', 'at-0001']) {
      const expected = world.products
        .filter((p) => p.name.toLowerCase().includes(search) || p.sku.toLowerCase().includes(search))
        .sort(bySku);
      expect(expected.length).toBeGreaterThan(0);
      const page = await list({ first: 100, search: search.toUpperCase() });
      expect(page.totalCount).toBe(expected.length);
      expect(page.edges.map((edge) => edge.node)).toEqual(expected.map((p) => ({ sku: p.sku, name: p.name })));
    }
  });

  it('prices a page of 50 variants with one product search and one category search, as a page of 5', async () => {
    const cost = async (first: number) => {
      system.legacy.ecommerce.legacy.calls.reset();
      const answer = await query<{ productVariants: { edges: { node: Variant }[] } }>(
        `query($first: Int) { productVariants(first: $first) { edges { node { ${VARIANT} } } }`,
        { first },
      );
      expect(answer.errors).toBeUndefined();
      expect(answer.data!.productVariants.edges).toHaveLength(Math.min(first, world.products.length));
      return shopCalls();
    };
    const many = await cost(50);
    expect(many).toEqual({ 'categories.list': 1, 'products.list': 1 });
    expect(await cost(5)).toEqual(many);
  });

  it.each([
    ['an empty SKU', BY_SKU, { sku: '  ' }],
    ['a SKU longer than Magento keeps', BY_SKU, { sku: 'X'.repeat(65) }],
    ['a page of none', LIST, { first: 0 }],
    ['a page over the maximum', LIST, { first: 101 }],
    ['a cursor this API did not issue', LIST, { first: 5, after: 'not-a-cursor' }],
    ['an overlong search', LIST, { first: 5, search: 'x'.repeat(101) }],
  ])('refuses %s with BAD_USER_INPUT and no call to the shop', async (_name, text, variables) => {
    const answer = await query(text, variables);
    expect(errorCodes(answer)).toEqual(['BAD_USER_INPUT']);
    expect(JSON.stringify(answer.errors)).not.toMatch(/stack|\.ts:\d+|https?:/);
    expect(system.legacy.ecommerce.legacy.calls.snapshot().total).toBe(0);
  });
});
