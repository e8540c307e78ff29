import type { Knobs } from '../../legacy/kit/knobs';
import type { World } from '../../legacy/seed/model';
import { generateWorld } from '../../legacy/seed/world';
import { locationId } from '../../lib/ids';
import { RunningSystem, startSystem } from '../../scripts/system';
import type { SubgraphName } from '../../subgraphs/services';
import { execute, GraphQLAnswer } from '../support/graphql';
const subgraphs: SubgraphName[] = ['identity', 'ecommerce', 'warehouse', 'inventory'];

const VARIANT = `query($sku: String!, $locationId: ID!) { productVariant(sku: $sku) {
  sku name price { amount currencyCode }
  stockLevels { locationId damaged reserved location { name } }
  stockAt(locationId: $locationId) { damaged reserved }
} }`;
const LOCATIONS = '{ locations(first: 50) { totalCount edges { node { id name } } } }';

interface Variant {
  productVariant: { sku: string; name: string; price: { amount: string; currencyCode: string }; stockLevels: unknown; stockAt: unknown };
}

describe('the warehouse subgraph when the ERP fails', () => {
  let world: World;
  let system: RunningSystem;
  const erp = () => system.legacy.warehouse.legacy;

  beforeAll(async () => {
    world = generateWorld({ seed: 7, size: 'small' });
    system = await startSystem({
      world,
      subgraphs,
      // A short timeout so a hanging ERP is given up on quickly; a breaker that stays closed so each
      // test sees its own failure; plants read again on every request, so a stale list is tested.
      env: {
        LOG_LEVEL: 'silent',
        IDENTITY_SYNC_INTERVAL_MS: '0',
        WAREHOUSE_TIMEOUT_MS: '300',
        WAREHOUSE_BREAKER_THRESHOLD: '1000',
        WAREHOUSE_PLANT_CACHE_TTL_MS: '0',
      },
    });
  });
  afterAll(() => system.stop());
  afterEach(() => erp().resetKnobs());

  const product = () => world.products[0];
  const variantWithErp = (knobs: Partial<Knobs>) => {
    erp().setKnobs(knobs);
    return execute<Variant, object>(system.gatewayUrl, VARIANT, { sku: product().sku, locationId: locationId(world.stores[0].plant) });
  };

  function expectErpErrors(answer: GraphQLAnswer<unknown>, reason: string): void {
    expect(answer.errors!.length).toBeGreaterThan(0);
    for (const error of answer.errors!) expect(error.extensions).toEqual({ code: 'WAREHOUSE_UNAVAILABLE', system: 'warehouse', reason });
    expect(JSON.stringify(answer.errors)).not.toMatch(/https?:|127\.0\.0\.1|sap\/opu|odata|A_Matl|stack|\.ts:\d+/i);
  }

  function expectProductWithoutStock(answer: GraphQLAnswer<Variant>, reason: string): void {
    expect(answer.data!.productVariant).toEqual({
      sku: product().sku,
      name: product().name,
      price: { amount: expect.stringMatching(/^\d+$/), currencyCode: 'VND' },
      stockLevels: null,
      stockAt: null,
    });
    expectErpErrors(answer, reason);
    expect(answer.errors!.map((e) => e.path!.join('.'))).toEqual(
      expect.arrayContaining(['productVariant.stockLevels', 'productVariant.stockAt']),
    );
  }

  it('cannot list locations before it has ever read the plants, and says the ERP is why', async () => {
    erp().setKnobs({ down: true });
    const answer = await execute(system.gatewayUrl, LOCATIONS);
    expect(answer.data ?? null).toBeNull();
    expectErpErrors(answer, 'DOWN');
  });

  it('keeps the product’s name and price when the ERP is down, with stock null and an error naming the ERP', async () => {
    expectProductWithoutStock(await variantWithErp({ down: true }), 'DOWN');
  });

  it('does the same when every ERP call fails with an internal error', async () => {
    expectProductWithoutStock(await variantWithErp({ errorRate: 1 }), 'ERROR');
  });

  it('gives up on an ERP that hangs, after the timeout', async () => {
    expectProductWithoutStock(await variantWithErp({ hangRate: 1 }), 'TIMEOUT');
  });

  it('answers in full again once the ERP is back', async () => {
    const answer = await variantWithErp({});
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.productVariant.stockLevels).not.toBeNull();
    expect(answer.data!.productVariant.stockAt).not.toBeNull();
  });

  it('still lists locations from the last plant list it read while the ERP is down', async () => {
    await execute(system.gatewayUrl, LOCATIONS);
    erp().setKnobs({ down: true });
    const answer = await execute<{ locations: { totalCount: number } }, object>(system.gatewayUrl, LOCATIONS);
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.locations.totalCount).toBe(world.warehouse.plants.length);
  });
});

describe('the graph when the ERP hangs, judged by its silence', () => {
  let world: World;
  let system: RunningSystem;

  beforeAll(async () => {
    world = generateWorld({ seed: 7, size: 'small' });
    system = await startSystem({
      world,
      subgraphs,
      // A long timeout, so only the silence watch (WAREHOUSE_SILENCE_MS, 700 ms by default) can end
      // the ERP's calls early; the goods movements follower off, so it calls nothing meanwhile.
      env: { LOG_LEVEL: 'silent', IDENTITY_SYNC_INTERVAL_MS: '0', WAREHOUSE_TIMEOUT_MS: '5000', WAREHOUSE_MOVEMENTS_FOLLOW_MS: '0' },
    });
  });
  afterAll(() => system.stop());

  const variant = (product: World['products'][number]) =>
    execute<Variant, object>(system.gatewayUrl, VARIANT, { sku: product.sku, locationId: locationId(world.stores[0].plant) });

  it('answers shoppers asking at once with the product and a typed WAREHOUSE_UNAVAILABLE, long before a timeout', async () => {
    const erp = system.legacy.warehouse.legacy;
    // Served first (other products: their stock is not cached for the ones asked below), so the
    // watch knows how fast the ERP answers these reads; then it hangs.
    for (const product of world.products.slice(3, 6)) expect((await variant(product)).errors).toBeUndefined();
    erp.setKnobs({ hangRate: 1 });
    const started = performance.now();
    // Different products: the same fetch twice would be one call to the ERP, and a lone call is never judged.
    const answers = await Promise.all(world.products.slice(0, 3).map(variant));
    const elapsed = performance.now() - started;
    erp.resetKnobs();
    answers.forEach((answer, i) => {
      expect(answer.data!.productVariant).toMatchObject({
        sku: world.products[i].sku,
        name: world.products[i].name,
        stockLevels: null,
        stockAt: null,
      });
      for (const error of answer.errors!)
        expect(error.extensions).toEqual({ code: 'WAREHOUSE_UNAVAILABLE', system: 'warehouse', reason: 'TIMEOUT' });
    });
    // Before any attempt's own 5 s timeout could have ended it.
    expect(elapsed).toBeLessThan(5_000);
  });
});
