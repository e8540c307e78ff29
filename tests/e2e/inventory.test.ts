import { randomUUID } from 'node:crypto';
import { clockFromEnv } from '../../lib/clock';
import type { World } from '../../legacy/seed/model';
import { generateWorld } from '../../legacy/seed/world';
import { locationId } from '../../lib/ids';
import { gatewaySecret, REQUEST_ID_HEADER, SIGNATURE_HEADER, signRequest } from '../../lib/signature';
import { RunningSystem, startSystem } from '../../scripts/system';
import type { SubgraphName } from '../../subgraphs/services';
import { errorCodes, execute, GraphQLAnswer } from '../support/graphql';
const subgraphs: SubgraphName[] = ['identity', 'ecommerce', 'warehouse', 'pos', 'inventory'];

/** Ho Chi Minh City centre: two stores nearby, a warehouse 17 km out, the others hundreds of km away. */
const SAIGON = { latitude: 10.7769, longitude: 106.7009 };

const STOCK_LEVELS = `query($first: Int!) { productVariants(first: $first) { edges { node {
  sku stockLevels { location { id kind } onHand reserved available asOf } } } } }`;
const NEARBY = `query($sku: String!, $near: GeoPointInput!, $first: Int, $minimumQuantity: Int, $radiusKm: Float) {
  productVariant(sku: $sku) { sku name
    nearbyAvailability(near: $near, first: $first, minimumQuantity: $minimumQuantity, radiusKm: $radiusKm) {
      distanceKm available location { id name kind } stockLevel { locationId onHand available } } } }`;

/** The shape of operations/stock.graphql WhereCanIGetThisNearMe: no stock level under each store. */
const NEAR_ME = `query($sku: String!, $near: GeoPointInput!) {
  productVariant(sku: $sku) { sku name nearbyAvailability(near: $near) { distanceKm available location { id name } } } }`;

interface Level {
  location: { id: string; kind: string };
  onHand: number;
  reserved: number;
  available: number;
  asOf: string;
}
interface Nearby {
  distanceKm: number;
  available: number;
  location: { id: string; name: string; kind: string };
  stockLevel: { locationId: string; onHand: number; available: number };
}
interface NearbyAnswer {
  productVariant: { sku: string; name: string; nearbyAvailability: Nearby[] | null };
}
interface Figures {
  sku: string;
  locationId: string;
  erpOnHand: number;
  erpReserved: number;
  erpPostedThrough: string | null;
}

/** Spherical law of cosines: an independent check of the subgraph's haversine. */
function kmBetween(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }): number {
  const rad = (degrees: number) => (degrees * Math.PI) / 180;
  const cos =
    Math.sin(rad(a.latitude)) * Math.sin(rad(b.latitude)) +
    Math.cos(rad(a.latitude)) * Math.cos(rad(b.latitude)) * Math.cos(rad(b.longitude - a.longitude));
  return 6371.0088 * Math.acos(Math.min(1, cos));
}

describe('the inventory subgraph', () => {
  let world: World;
  let system: RunningSystem;
  const query = <T>(text: string, variables: object = {}) => execute<T, object>(system.gatewayUrl, text, variables);

  beforeAll(async () => {
    world = generateWorld({ seed: 7, size: 'small' });
    system = await startSystem({
      world,
      subgraphs,
      // Booked days and stock figures read afresh on every request here, so each query's ERP calls can be counted, and
      // an ERP that is down is seen at once (sharing them is a unit test's, caching them tests/e2e/entity-cache.test.ts's).
      env: {
        LOG_LEVEL: 'silent',
        IDENTITY_SYNC_INTERVAL_MS: '0',
        WAREHOUSE_TIMEOUT_MS: '300',
        WAREHOUSE_BREAKER_THRESHOLD: '1000',
        WAREHOUSE_POSTED_THROUGH_TTL_MS: '0',
        WAREHOUSE_STOCK_CACHE_MS: '0',
        WAREHOUSE_MOVEMENTS_FOLLOW_MS: '0',
      },
    });
  });
  afterAll(() => system.stop());

  // The world's figures: the ERP's, today's unposted sales, and what is really on the shelf.
  const reservedAt = (sku: string, plant: string) =>
    world.warehouse.reservations.filter((r) => r.material === sku && r.plant === plant).reduce((sum, r) => sum + r.quantity, 0);
  const erpOnHandAt = (sku: string, plant: string) =>
    world.warehouse.stock
      .filter((r) => r.material === sku && r.plant === plant && r.storageLocation === '0001' && r.stockType === '01')
      .reduce((sum, r) => sum + r.quantity, 0);
  const shelfAt = (sku: string, plant: string) =>
    world.truth.shelfStock.find((s) => s.sku === sku && s.plant === plant)?.quantity ?? erpOnHandAt(sku, plant);
  const availableAt = (sku: string, plant: string) => Math.max(0, shelfAt(sku, plant) - reservedAt(sku, plant));
  const storeOf = (plant: string) => world.stores.find((s) => s.plant === plant)!;

  /** Stores within the radius with enough available now, nearest first, as a customer would rank them. */
  function expectedNearby(sku: string, near: typeof SAIGON, radiusKm: number, minimumQuantity: number) {
    return world.truth.shelfStock
      .filter((s) => s.sku === sku)
      .map((s) => ({ plant: s.plant, km: kmBetween(near, storeOf(s.plant)), available: availableAt(sku, s.plant) }))
      .filter((s) => s.km <= radiusKm && s.available >= minimumQuantity)
      .sort((a, b) => a.km - b.km);
  }

  describe('the figures the gateway chains from the ERP through the POS, at the subgraphs themselves', () => {
    /** A request as the gateway sends it: signed, to the subgraph itself (clients cannot reach these fields). */
    async function atSubgraph<T>(subgraph: string, text: string, variables: object): Promise<GraphQLAnswer<T>> {
      const body = JSON.stringify({ query: text, variables });
      const requestId = randomUUID();
      const response = await fetch(system.subgraphUrls[subgraph], {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [REQUEST_ID_HEADER]: requestId,
          [SIGNATURE_HEADER]: signRequest(gatewaySecret(system.env), { requestId, caller: '', body }),
        },
        body,
      });
      return {
        ...((await response.json()) as Omit<GraphQLAnswer<T>, 'status' | 'headers'>),
        status: response.status,
        headers: response.headers,
      };
    }
    const entities = <T>(subgraph: string, fields: string, representations: object[]) =>
      atSubgraph<{ _entities: T[] }>(
        subgraph,
        `query($r: [_Any!]!) { _entities(representations: $r) { ... on StockLevel { ${fields} } } }`,
        { r: representations },
      );

    /** The store's newest business day with sales or returns, all of which the seeded end-of-day job booked. */
    function lastBookedDay(retailStoreId: string): string {
      const booked = world.pos.transactions.filter(
        (t) => t.retailStoreId === retailStoreId && t.kind !== 'PickupHandover' && world.warehouse.postedDays.includes(t.businessDay),
      );
      return booked
        .map((t) => t.businessDay)
        .sort()
        .at(-1)!;
    }
    function unpostedSales(retailStoreId: string, sku: string, postedThrough: string): number {
      return world.pos.transactions
        .filter((t) => t.retailStoreId === retailStoreId && t.businessDay > postedThrough && t.kind !== 'PickupHandover')
        .flatMap((t) => t.lines.filter((line) => line.sku === sku).map((line) => (t.kind === 'Sale' ? line.quantity : -line.quantity)))
        .reduce((sum, quantity) => sum + quantity, 0);
    }

    it('computes every store’s stock as the ERP’s figure less the sales it has not booked: the shelf’s truth', async () => {
      const shelf = world.truth.shelfStock;
      await query('{ locations(first: 1) { totalCount } }'); // the plant list (the stores whose postings are read), read once and cached
      system.legacy.warehouse.legacy.calls.reset();
      const erp = await entities<Figures>(
        'warehouse',
        'sku locationId erpOnHand erpReserved erpPostedThrough',
        shelf.map((s) => ({ __typename: 'StockLevel', sku: s.sku, locationId: locationId(s.plant) })),
      );
      expect(erp.errors).toBeUndefined();
      // One batched query per record kind for all stores and SKUs; the ERP answers 100 rows a page.
      const skus = new Set(shelf.map((s) => s.sku));
      const pages = (rows: { material: string }[]) => Math.ceil(rows.filter((r) => skus.has(r.material)).length / 100);
      expect(system.legacy.warehouse.legacy.calls.snapshot().byOperation).toEqual({
        'A_MaterialDocumentHeader.query': 1,
        'A_MatlStkInAcctMod.query': pages(world.warehouse.stock),
        'A_ReservationDocumentItem.query': pages(world.warehouse.reservations),
      });

      const figures = erp.data!._entities;
      figures.forEach((f, i) => {
        expect(f).toEqual({
          sku: shelf[i].sku,
          locationId: locationId(shelf[i].plant),
          erpOnHand: erpOnHandAt(shelf[i].sku, shelf[i].plant),
          erpReserved: reservedAt(shelf[i].sku, shelf[i].plant),
          erpPostedThrough: lastBookedDay(shelf[i].retailStoreId),
        });
      });
      const withSales = figures.map((f, i) => ({
        __typename: 'StockLevel',
        sku: f.sku,
        locationId: f.locationId,
        erpOnHand: f.erpOnHand,
        erpReserved: f.erpReserved,
        unpostedSales: unpostedSales(shelf[i].retailStoreId, f.sku, f.erpPostedThrough!),
      }));
      const stock = await entities<{ onHand: number; reserved: number; available: number; asOf: string }>(
        'inventory',
        'onHand reserved available asOf',
        withSales,
      );
      expect(stock.errors).toBeUndefined();
      stock.data!._entities.forEach((level, i) => {
        expect(level).toEqual({
          onHand: shelf[i].quantity,
          reserved: reservedAt(shelf[i].sku, shelf[i].plant),
          available: availableAt(shelf[i].sku, shelf[i].plant),
          asOf: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/),
        });
      });
      for (const phantom of world.truth.phantomStock) {
        const i = shelf.findIndex((s) => s.sku === phantom.sku && s.plant === phantom.plant);
        expect(figures[i].erpOnHand).toBe(phantom.erpQuantity);
        expect(stock.data!._entities[i]).toMatchObject({ onHand: 0, available: 0 });
      }
    });

    it('says nothing of sales booked for a warehouse: its figures are the ERP’s', async () => {
      const sku = world.products[0].sku;
      const answer = await entities<Figures>(
        'warehouse',
        'erpPostedThrough',
        world.warehouses.map((w) => ({ __typename: 'StockLevel', sku, locationId: locationId(w.plant) })),
      );
      expect(answer.data!._entities.map((f) => f.erpPostedThrough)).toEqual(world.warehouses.map(() => null));
    });
  });

  describe('bad input', () => {
    it('refuses a search "near me" that no answer can satisfy, with a typed error and the product still there', async () => {
      const sku = world.products[0].sku;
      const cases: object[] = [
        { near: { latitude: 90.5, longitude: 106 } },
        { near: { latitude: 10, longitude: -180.5 } },
        { near: SAIGON, first: 0 },
        { near: SAIGON, first: 51 },
        { near: SAIGON, radiusKm: 0 },
        { near: SAIGON, radiusKm: 501 },
        { near: SAIGON, minimumQuantity: 0 },
      ];
      for (const variables of cases) {
        const answer = await query<NearbyAnswer>(NEARBY, { sku, ...variables });
        expect(errorCodes(answer)).toEqual(['BAD_USER_INPUT']);
        expect(answer.errors![0].path).toEqual(['productVariant', 'nearbyAvailability']);
        expect(answer.data!.productVariant).toEqual({ sku, name: world.products[0].name, nearbyAvailability: null });
      }
    });
  });

  describe('through the gateway', () => {
    it('gives every store’s stock of every SKU as the shelf holds it now, and the warehouses’ as the ERP has it', async () => {
      const answer = await query<{ productVariants: { edges: { node: { sku: string; stockLevels: Level[] } }[] } }>(STOCK_LEVELS, {
        first: 100,
      });
      expect(answer.errors).toBeUndefined();
      const before = clockFromEnv(system.env)().getTime();
      for (const { node } of answer.data!.productVariants.edges) {
        for (const level of node.stockLevels) {
          const plant = world.warehouse.plants.find((p) => locationId(p.plant) === level.location.id)!.plant;
          expect({ sku: node.sku, plant, onHand: level.onHand, reserved: level.reserved, available: level.available }).toEqual({
            sku: node.sku,
            plant,
            onHand: shelfAt(node.sku, plant),
            reserved: reservedAt(node.sku, plant),
            available: availableAt(node.sku, plant),
          });
          expect(level.asOf).toMatch(/(Z|[+-]\d\d:\d\d)$/);
          expect(Math.abs(Date.parse(level.asOf) - before)).toBeLessThan(60_000);
        }
      }
    });

    it('finds the nearest stores that have it now, nearest first, never one whose shelf is empty', async () => {
      for (const phantom of world.truth.phantomStock) {
        const store = storeOf(phantom.plant);
        const near = { latitude: store.latitude, longitude: store.longitude };
        const answer = await query<NearbyAnswer>(NEARBY, { sku: phantom.sku, near, first: 50, radiusKm: 500 });
        expect(answer.errors).toBeUndefined();
        const found = answer.data!.productVariant.nearbyAvailability!;
        expect(found.map((n) => n.location.id)).not.toContain(locationId(phantom.plant));
        const expected = expectedNearby(phantom.sku, near, 500, 1);
        expect(found.map((n) => n.location.id)).toEqual(expected.map((e) => locationId(e.plant)));
        found.forEach((n, i) => {
          expect(n).toMatchObject({
            available: expected[i].available,
            location: { name: storeOf(expected[i].plant).name, kind: 'STORE' },
            stockLevel: { locationId: n.location.id, available: expected[i].available },
          });
          expect(Math.abs(n.distanceKm - expected[i].km)).toBeLessThanOrEqual(0.051);
        });
      }
    });

    it('keeps to the first N, the radius and the minimum quantity asked for', async () => {
      const sku = world.truth.shelfStock.filter(
        (s) => storeOf(s.plant).city === world.stores[0].city && availableAt(s.sku, s.plant) >= 2,
      )[0].sku;
      const answer = await query<NearbyAnswer>(NEARBY, { sku, near: SAIGON, first: 1, minimumQuantity: 2, radiusKm: 50 });
      const expected = expectedNearby(sku, SAIGON, 50, 2);
      expect(answer.data!.productVariant.nearbyAvailability!.map((n) => n.location.id)).toEqual(
        expected.slice(0, 1).map((e) => locationId(e.plant)),
      );
      const nothingClose = await query<NearbyAnswer>(NEARBY, { sku, near: { latitude: 0, longitude: 0 }, radiusKm: 500 });
      expect(nothingClose.data!.productVariant.nearbyAvailability).toEqual([]);
    });

    it('reads the stock, the reservations and the end-of-day postings side by side: one ERP step, once each', async () => {
      const { sku, plant } = world.truth.phantomStock[0];
      const near = { latitude: storeOf(plant).latitude, longitude: storeOf(plant).longitude };
      const erp = system.legacy.warehouse.legacy;
      await query(NEAR_ME, { sku, near }); // the plant list, read once and cached
      // A slow ERP, so that a read started only after the stock came back cannot overlap it.
      erp.setKnobs({ latencyMs: 150, jitterMs: 0 });
      try {
        erp.calls.reset();
        const answer = await query<NearbyAnswer>(NEAR_ME, { sku, near });
        expect(answer.errors).toBeUndefined();
        expect(answer.data!.productVariant.nearbyAvailability!.map((n) => n.location.id)).toEqual(
          expectedNearby(sku, near, 50, 1)
            .slice(0, 5)
            .map((e) => locationId(e.plant)),
        );
        expect(erp.calls.snapshot().byOperation).toEqual({
          'A_MatlStkInAcctMod.query': 1,
          'A_ReservationDocumentItem.query': 1,
          'A_MaterialDocumentHeader.query': 1,
        });
        // None waited for the stock rows: reservations are searched by SKU, postings by store.
        const calls = erp.calls.traced().calls;
        const stock = calls.find((call) => call.operation === 'A_MatlStkInAcctMod.query')!;
        expect(calls.filter((call) => call.startedAtMs >= stock.endedAtMs).map((call) => call.operation)).toEqual([]);
      } finally {
        erp.resetKnobs();
      }
    });

    it('answers null "near me" with the product still there when the ERP is down, and says why', async () => {
      system.legacy.warehouse.legacy.setKnobs({ down: true });
      try {
        const answer = await query<NearbyAnswer>(NEARBY, { sku: world.products[0].sku, near: SAIGON });
        expect(answer.data!.productVariant).toEqual({ sku: world.products[0].sku, name: world.products[0].name, nearbyAvailability: null });
        expect(errorCodes(answer)).toContain('WAREHOUSE_UNAVAILABLE');
        expect(JSON.stringify(answer.errors)).not.toMatch(/https?:|127\.0\.0\.1|stack|\.ts:\d+/i);
      } finally {
        system.legacy.warehouse.legacy.resetKnobs();
      }
    });
  });
});
