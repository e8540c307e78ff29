import type { ErpPlant, World } from '../../legacy/seed/model';
import { generateWorld } from '../../legacy/seed/world';
import { locationId } from '../../lib/ids';
import { RunningSystem, startSystem } from '../../scripts/system';
import type { SubgraphName } from '../../subgraphs/services';
import { errorCodes, execute } from '../support/graphql';
const subgraphs: SubgraphName[] = ['identity', 'ecommerce', 'warehouse', 'inventory'];

const LOCATION_FIELDS = 'id name kind address { street city countryCode } coordinates { latitude longitude }';
const LOCATIONS = `query($kind: LocationKind, $first: Int, $after: String) {
  locations(kind: $kind, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { cursor node { ${LOCATION_FIELDS} } } } }`;
const STOCK_FIELDS = 'locationId location { id name kind } damaged reserved';
const VARIANT_STOCK = `query($sku: String!) { productVariant(sku: $sku) { sku name stockLevels { ${STOCK_FIELDS} } } }`;
const STOCK_AT = `query($sku: String!, $locationId: ID!) { productVariant(sku: $sku) { sku name stockAt(locationId: $locationId) { ${STOCK_FIELDS} } } }`;
const PAGE_OF_VARIANTS = `query($first: Int!) { productVariants(first: $first) { edges { node { sku stockLevels { ${STOCK_FIELDS} } } } } }`;

/** The ERP pages collections at 100 rows: one batched query costs a call per 100 rows. */
const ERP_PAGE_ROWS = 100;

interface LocationNode {
  id: string;
  name: string;
  kind: string;
  address: { street: string | null; city: string | null; countryCode: string };
  coordinates: { latitude: number; longitude: number };
}
interface StockNode {
  locationId: string;
  location: { id: string; name: string; kind: string };
  damaged: number;
  reserved: number;
}
interface VariantNode {
  sku: string;
  name: string;
  stockLevels: StockNode[] | null;
}

describe('the warehouse subgraph through the gateway', () => {
  let world: World;
  let system: RunningSystem;
  const query = <T>(text: string, variables: object = {}) => execute<T, object>(system.gatewayUrl, text, variables);
  const erpCalls = () => system.legacy.warehouse.legacy.calls.snapshot();

  beforeAll(async () => {
    world = generateWorld({ seed: 7, size: 'small' });
    system = await startSystem({
      world,
      subgraphs,
      // ERP calls are counted per page of SKUs here: stock figures are read from the ERP each time.
      env: { LOG_LEVEL: 'silent', IDENTITY_SYNC_INTERVAL_MS: '0', WAREHOUSE_STOCK_CACHE_MS: '0', WAREHOUSE_MOVEMENTS_FOLLOW_MS: '0' },
    });
  });
  afterAll(() => system.stop());

  // What the ERP was seeded with, as the graph should show it.
  const plantsByName = () =>
    [...world.warehouse.plants].sort((a, b) => a.name.localeCompare(b.name, 'vi') || a.plant.localeCompare(b.plant));
  const locationOf = (plant: ErpPlant): LocationNode => ({
    id: locationId(plant.plant),
    name: plant.name,
    kind: plant.kind === 'store' ? 'STORE' : 'WAREHOUSE',
    address: { street: plant.street, city: plant.city, countryCode: 'VN' },
    coordinates: { latitude: plant.latitude, longitude: plant.longitude },
  });
  const plantNamed = (plant: string) => world.warehouse.plants.find((p) => p.plant === plant)!;
  const stockRowsOf = (skus: string[]) => world.warehouse.stock.filter((row) => skus.includes(row.material));
  const expectedStock = (sku: string, plant: string): StockNode => ({
    locationId: locationId(plant),
    location: { id: locationId(plant), name: plantNamed(plant).name, kind: plantNamed(plant).kind === 'store' ? 'STORE' : 'WAREHOUSE' },
    damaged: stockRowsOf([sku])
      .filter((r) => r.plant === plant && r.stockType === '07')
      .reduce((sum, r) => sum + r.quantity, 0),
    reserved: world.warehouse.reservations.filter((r) => r.material === sku && r.plant === plant).reduce((sum, r) => sum + r.quantity, 0),
  });
  const expectedLevels = (sku: string) =>
    [...new Set(stockRowsOf([sku]).map((r) => r.plant))].sort().map((plant) => expectedStock(sku, plant));

  describe('locations', () => {
    it('lists stores and warehouses by name, with address and coordinates from the plant master', async () => {
      const answer = await query<{ locations: { totalCount: number; edges: { node: LocationNode }[] } }>(LOCATIONS, { first: 50 });
      expect(answer.errors).toBeUndefined();
      expect(answer.data!.locations.totalCount).toBe(world.warehouse.plants.length);
      expect(answer.data!.locations.edges.map((e) => e.node)).toEqual(plantsByName().map(locationOf));
    });

    it('filters by kind and pages with cursors', async () => {
      const stores = plantsByName().filter((p) => p.kind === 'store');
      type Page = {
        locations: {
          totalCount: number;
          pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string };
          edges: { node: LocationNode }[];
        };
      };
      const first = await query<Page>(LOCATIONS, { kind: 'STORE', first: 2 });
      expect(first.data!.locations).toMatchObject({ totalCount: stores.length, pageInfo: { hasNextPage: true, hasPreviousPage: false } });
      expect(first.data!.locations.edges.map((e) => e.node.name)).toEqual(stores.slice(0, 2).map((s) => s.name));
      const rest = await query<Page>(LOCATIONS, { kind: 'STORE', first: 50, after: first.data!.locations.pageInfo.endCursor });
      expect(rest.data!.locations.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
      expect(rest.data!.locations.edges.map((e) => e.node.name)).toEqual(stores.slice(2).map((s) => s.name));
      const warehouses = await query<Page>(LOCATIONS, { kind: 'WAREHOUSE' });
      expect(warehouses.data!.locations.edges.map((e) => e.node)).toEqual(
        plantsByName()
          .filter((p) => p.kind === 'warehouse')
          .map(locationOf),
      );
    });

    it('finds one location by id: a store by its ERP plant S<store>, a warehouse by its plant', async () => {
      for (const plant of [world.stores[0].plant, world.warehouses[0].plant]) {
        const answer = await query<{ location: LocationNode }>(`query($id: ID!) { location(id: $id) { ${LOCATION_FIELDS} } }`, {
          id: locationId(plant),
        });
        expect(answer.errors).toBeUndefined();
        expect(answer.data!.location).toEqual(locationOf(plantNamed(plant)));
      }
      const unknown = await query<{ location: LocationNode | null }>('query($id: ID!) { location(id: $id) { id } }', {
        id: locationId('S999'),
      });
      expect(unknown.errors).toBeUndefined();
      expect(unknown.data!.location).toBeNull();
    });

    it('refuses a malformed id or page without calling the ERP', async () => {
      system.legacy.warehouse.legacy.calls.reset();
      const answers = await Promise.all([
        query('{ location(id: "not-a-location") { id } }'),
        query('{ location(id: "V2ViT3JkZXI6MDAwMDAwMDAx") { id } }'),
        query(LOCATIONS, { first: 0 }),
        query(LOCATIONS, { first: 101 }),
        query(LOCATIONS, { after: 'garbage' }),
      ]);
      for (const answer of answers) expect(errorCodes(answer)).toEqual(['BAD_USER_INPUT']);
      expect(erpCalls().total).toBe(0);
    });
  });

  describe('stock per variant and location', () => {
    it('lists every plant holding the SKU, with its damaged and reserved units as the ERP has them', async () => {
      const damagedSomewhere = world.warehouse.stock.find((r) => r.stockType === '07')!.material;
      const reservedSomewhere = world.warehouse.reservations[0].material;
      for (const sku of [damagedSomewhere, reservedSomewhere, world.truth.phantomStock[0].sku]) {
        const answer = await query<{ productVariant: VariantNode }>(VARIANT_STOCK, { sku });
        expect(answer.errors).toBeUndefined();
        expect(answer.data!.productVariant.stockLevels).toEqual(expectedLevels(sku));
      }
    });

    it('answers the stock at one location; zeros where a known location never held the SKU', async () => {
      const { sku, plant } = world.truth.phantomStock[0];
      const held = await query<{ productVariant: { stockAt: StockNode } }>(STOCK_AT, { sku, locationId: locationId(plant) });
      expect(held.data!.productVariant.stockAt).toEqual(expectedStock(sku, plant));

      const holds = (plant: string, material: string) => world.warehouse.stock.some((r) => r.plant === plant && r.material === material);
      const [notCarried, store] = world.products
        .flatMap((product) => world.stores.map((s) => [product.sku, s.plant] as const))
        .find(([material, storePlant]) => !holds(storePlant, material))!;
      const neverHeld = await query<{ productVariant: { stockAt: StockNode } }>(STOCK_AT, {
        sku: notCarried,
        locationId: locationId(store),
      });
      expect(neverHeld.data!.productVariant.stockAt).toMatchObject({ locationId: locationId(store), damaged: 0, reserved: 0 });

      const unknown = await query<{ productVariant: { stockAt: StockNode | null } }>(STOCK_AT, { sku, locationId: locationId('S999') });
      expect(unknown.errors).toBeUndefined();
      expect(unknown.data!.productVariant.stockAt).toBeNull();
    });

    it('refuses a malformed location id with a typed error, without calling the ERP, and keeps the rest', async () => {
      const sku = world.products[0].sku;
      system.legacy.warehouse.legacy.calls.reset();
      const answer = await query<{ productVariant: { sku: string; name: string; stockAt: null } }>(STOCK_AT, { sku, locationId: 'S101' });
      expect(errorCodes(answer)).toEqual(['BAD_USER_INPUT']);
      expect(answer.errors![0].path).toEqual(['productVariant', 'stockAt']);
      expect(answer.data!.productVariant).toEqual({ sku, name: world.products[0].name, stockAt: null });
      expect(erpCalls().total).toBe(0);
    });

    it('reads the stock of a whole page of variants in one batched ERP query per record kind', async () => {
      const pageOf = async (first: number) => {
        await query(PAGE_OF_VARIANTS, { first: 1 }); // the plant list, read once and cached
        system.legacy.warehouse.legacy.calls.reset();
        const answer = await query<{ productVariants: { edges: { node: VariantNode }[] } }>(PAGE_OF_VARIANTS, { first });
        expect(answer.errors).toBeUndefined();
        const nodes = answer.data!.productVariants.edges.map((e) => e.node);
        for (const node of nodes) expect(node.stockLevels).toEqual(expectedLevels(node.sku));
        return { skus: nodes.map((n) => n.sku), calls: erpCalls().byOperation };
      };
      const serverPages = (rows: number) => Math.max(1, Math.ceil(rows / ERP_PAGE_ROWS));
      const expectedCalls = (skus: string[]) => ({
        'A_MatlStkInAcctMod.query': serverPages(stockRowsOf(skus).length),
        'A_ReservationDocumentItem.query': serverPages(world.warehouse.reservations.filter((r) => skus.includes(r.material)).length),
      });

      const small = await pageOf(5);
      expect(small.calls).toEqual({ 'A_MatlStkInAcctMod.query': 1, 'A_ReservationDocumentItem.query': 1 });
      const large = await pageOf(48);
      expect(large.skus).toHaveLength(48);
      // 48 variants, one query per record kind: its cost is the ERP's 100-row pages, not the variants.
      expect(large.calls).toEqual(expectedCalls(large.skus));
      expect(Object.values(large.calls).reduce((sum, n) => sum + n, 0)).toBeLessThanOrEqual(6);
    });
  });
});
