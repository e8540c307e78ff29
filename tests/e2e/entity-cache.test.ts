import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { adminHeaders } from '../../legacy/kit/admin';
import type { World } from '../../legacy/seed/model';
import { generateWorld } from '../../legacy/seed/world';
import { ANONYMOUS } from '../../lib/context';
import { locationId } from '../../lib/ids';
import {
  WhereCanIGetThisNearMeDocument,
  type WhereCanIGetThisNearMeQuery,
  type WhereCanIGetThisNearMeQueryVariables,
} from '../../operations/generated';
import { RunningSystem, startSystem } from '../../scripts/system';
import { SUBGRAPH_SERVICES, type SubgraphName } from '../../subgraphs/services';
import { eventually } from '../support/eventually';
import { SHOPPER_ADDRESS } from '../support/journey-personas';
import { execute } from '../support/graphql';
import { askSubgraph } from '../support/subgraph-calls';
import { headersAs } from '../support/tokens';
import { QUIET_MARKETPLACE } from '../support/quiet-marketplace';

/**
 * The entity cache (lib/entity-cache.ts) under the catalogue and the stock the graph shows: repeated
 * reads cost the legacy systems nothing, a change made in the web shop or through Omnigraph's stock
 * decisions is seen at once (a catalogue change within a follower round), replicas share it through
 * Redis, and a Redis that is down costs only the legacy reads it would have saved.
 */

const REDIS_URL = 'redis://127.0.0.1:6379';
const LEGACY = ['ecommerce', 'warehouse', 'pos', 'crm'];
/** The tills' feed is followed on its own timers, whatever the graph is asked. */
const FOLLOWER_OPERATIONS = new Set(['readTransactionFeed', 'getEndOfDayBatch']);
const STORE = 'S101';

const PRODUCT = `query($sku: String!) { productVariant(sku: $sku) { sku name price { amount currencyCode } compareAtPrice { amount } gtin color size } }`;
/** The warehouse subgraph's own figures of a variant, as the gateway fetches them. */
const STOCK_LEVELS = `query($representations: [_Any!]!) { _entities(representations: $representations) {
  ... on ProductVariant { stockLevels { locationId erpOnHand erpReserved damaged } } } }`;
const CREATE_CART = `mutation($input: CreateCartInput!) { createCart(input: $input) { cart { id } userErrors { code } } }`;
const ADD_LINE = `mutation($input: AddCartLineInput!) { addCartLine(input: $input) { cart { id } userErrors { code } } }`;
const CHECKOUT = `mutation($input: CheckoutInput!) { checkout(input: $input) { order { number } userErrors { code message } } }`;
const COUNTER_SALE = `mutation($input: CounterSaleInput!) { sellAtCounter(input: $input) { order { id } userErrors { code message } } }`;

let keys = 0;
const key = (label: string) => `${label}-${randomUUID()}-${(keys += 1)}`;

/** The reads and writes a test makes of one running system, through its gateway. */
function graphOf(system: () => RunningSystem, world: () => World) {
  const store = () => world().stores.find((s) => s.plant === STORE)!;

  async function run<T>(text: string, variables: object, headers: Record<string, string> = {}): Promise<T> {
    const answer = await execute<T, object>(system().gatewayUrl, text, variables, headers);
    expect(answer.errors).toBeUndefined();
    return answer.data!;
  }

  /** Units available at the store, as "where can I get this near me" shows them from beside it. */
  async function nearMe(sku: string): Promise<number | null> {
    const { latitude, longitude } = store();
    const answer = await execute<WhereCanIGetThisNearMeQuery, WhereCanIGetThisNearMeQueryVariables>(
      system().gatewayUrl,
      WhereCanIGetThisNearMeDocument,
      {
        sku,
        latitude,
        longitude,
        first: 10,
      },
    );
    expect(answer.errors).toBeUndefined();
    const here = answer.data!.productVariant!.nearbyAvailability!.find((entry) => entry.location.id === locationId(STORE));
    return here?.available ?? null;
  }

  /** Calls each stand-in received while `work` ran, by operation, the feed followers' left out. */
  async function legacyCallsDuring(work: () => Promise<unknown>): Promise<Record<string, Record<string, number>>> {
    const read = async () =>
      Promise.all(
        LEGACY.map(
          async (name) =>
            (
              (await (await fetch(`${system().legacyUrls[name]}/__admin/calls`, { headers: adminHeaders(system().env) })).json()) as {
                byOperation: Record<string, number>;
              }
            ).byOperation,
        ),
      );
    const before = await read();
    await work();
    const after = await read();
    const made: Record<string, Record<string, number>> = {};
    LEGACY.forEach((name, i) => {
      for (const [operation, n] of Object.entries(after[i])) {
        const more = n - (before[i][operation] ?? 0);
        if (more > 0 && !FOLLOWER_OPERATIONS.has(operation)) made[name] = { ...made[name], [operation]: more };
      }
    });
    return made;
  }

  /** A SKU no test has read: from the end of the catalogue, where stockedSku does not look first. */
  function unreadSku(taken: Set<string>): string {
    const sku = [...world().products].reverse().find((product) => !taken.has(product.sku))!.sku;
    taken.add(sku);
    return sku;
  }

  /** A SKU with at least `minimum` units available at the store (its stock now read, and so cached), not one of `taken`. */
  async function stockedSku(minimum: number, taken: Set<string>): Promise<string> {
    for (const product of world().products) {
      if (taken.has(product.sku)) continue;
      if (((await nearMe(product.sku)) ?? 0) >= minimum) {
        taken.add(product.sku);
        return product.sku;
      }
    }
    throw new Error(`no SKU with ${minimum} units at ${STORE}`);
  }

  /** A guest's click & collect of one unit at the store: an ERP reservation through the stock gate. */
  async function reserveForPickup(sku: string): Promise<void> {
    const { createCart } = await run<{ createCart: { cart: { id: string } } }>(CREATE_CART, { input: { idempotencyKey: key('cart') } });
    const cartId = createCart.cart.id;
    const added = await run<{ addCartLine: { userErrors: unknown[] } }>(ADD_LINE, {
      input: { cartId, sku, quantity: 1, idempotencyKey: key('add') },
    });
    expect(added.addCartLine.userErrors).toEqual([]);
    const { checkout } = await run<{ checkout: { order: { number: string } | null; userErrors: unknown[] } }>(CHECKOUT, {
      input: {
        cartId,
        fulfilment: 'PICKUP_IN_STORE',
        pickupLocationId: locationId(STORE),
        address: SHOPPER_ADDRESS,
        paymentMethod: 'PAY_IN_STORE',
        channel: 'APP',
        idempotencyKey: key('checkout'),
      },
    });
    expect(checkout.userErrors).toEqual([]);
  }

  /** One unit sold at the store's counter by its associate: a till receipt. */
  async function sellAtCounter(sku: string): Promise<void> {
    const { sellAtCounter: sale } = await run<{ sellAtCounter: { userErrors: unknown[] } }>(
      COUNTER_SALE,
      {
        input: {
          storeLocationId: locationId(STORE),
          workstationId: 1,
          associateId: 'NV101',
          lines: [{ sku, quantity: 1 }],
          idempotencyKey: key('counter'),
        },
      },
      await headersAs(system(), `associate-${STORE.toLowerCase()}`),
    );
    expect(sale.userErrors).toEqual([]);
  }

  /** Magento's own product save, as a merchandiser's change in its admin makes it. */
  async function savePrice(sku: string, price: number): Promise<void> {
    const response = await fetch(`${system().legacyUrls.ecommerce}/rest/V1/products/${encodeURIComponent(sku)}`, {
      method: 'PUT',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${system().env.ECOMMERCE_INTEGRATION_TOKEN ?? 'ecommerce-dev-token'}`,
      },
      body: JSON.stringify({ product: { price, custom_attributes: [{ attribute_code: 'special_price', value: '' }] } }),
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { price: number }).price).toBe(price);
  }

  const priceOf = async (sku: string) =>
    (await run<{ productVariant: { price: { amount: string } } }>(PRODUCT, { sku })).productVariant.price.amount;

  return { run, nearMe, legacyCallsDuring, unreadSku, stockedSku, reserveForPickup, sellAtCounter, savePrice, priceOf };
}

/** A replica of some subgraphs beside a running system: the same stand-ins, bus and settings but for `env`. */
async function replicaOf(system: RunningSystem, names: SubgraphName[], env: NodeJS.ProcessEnv) {
  const apps: FastifyInstance[] = [];
  const subgraphUrls: Record<string, string> = {};
  for (const name of names) {
    const app = await SUBGRAPH_SERVICES[name]({ ...system.env, ...env });
    await app.listen({ host: '127.0.0.1', port: 0 });
    apps.push(app);
    subgraphUrls[name] = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/graphql`;
  }
  return {
    ask: <T>(name: SubgraphName, query: string, variables: object) =>
      askSubgraph<T>({ env: system.env, subgraphUrls }, name, ANONYMOUS, query, variables),
    stop: async () => {
      for (const app of apps) await app.close();
    },
  };
}

const QUIET = {
  LOG_LEVEL: 'silent',
  IDENTITY_SYNC_INTERVAL_MS: '0',
  COMMERCE_LOYALTY_FOLLOW_MS: '0',
  COMMERCE_PICKUP_SWEEP_MS: '0',
  ...QUIET_MARKETPLACE,
};

describe('the entity cache in process (the default)', () => {
  let world: World;
  let system: RunningSystem;
  const graph = graphOf(
    () => system,
    () => world,
  );
  const taken = new Set<string>();

  beforeAll(async () => {
    world = generateWorld({ seed: 42, size: 'small' });
    // Legacy calls are counted here: the catalogue follower's search would be one of them.
    system = await startSystem({
      world,
      env: { ...QUIET, ECOMMERCE_CATALOGUE_FOLLOW_MS: '0', WAREHOUSE_MOVEMENTS_FOLLOW_MS: '0', CRM_PROFILE_FOLLOW_MS: '0' },
    });
  }, 120_000);
  afterAll(() => system.stop());

  it('answers a repeated near-me read and a repeated product read with no legacy call', async () => {
    const sku = await graph.stockedSku(1, taken);
    expect(await graph.legacyCallsDuring(() => graph.nearMe(sku))).toEqual({});

    const other = graph.unreadSku(taken);
    expect(await graph.legacyCallsDuring(() => graph.run(PRODUCT, { sku: other }))).toEqual({ ecommerce: { 'products.list': 1 } });
    // Magento compares SKUs in any case, and so does the cache.
    expect(await graph.legacyCallsDuring(() => graph.run(PRODUCT, { sku: other.toLowerCase() }))).toEqual({});
  });

  it('shows a reservation made through the stock gate at the next near-me read: its stock event dropped the cached figures', async () => {
    const sku = await graph.stockedSku(2, taken);
    const before = (await graph.nearMe(sku))!;
    await graph.reserveForPickup(sku);
    expect(await graph.nearMe(sku)).toBe(before - 1);
  });

  it('reads the ERP again after a till sale, and shows the sale once the tills’ feed has it', async () => {
    const sku = await graph.stockedSku(2, taken);
    const before = (await graph.nearMe(sku))!;
    await graph.sellAtCounter(sku);
    const next = await graph.legacyCallsDuring(() => graph.nearMe(sku));
    expect(next.warehouse).toMatchObject({ 'A_MatlStkInAcctMod.query': 1, 'A_ReservationDocumentItem.query': 1 });
    // Units sold at the tills come from the pos subgraph's feed (never cached), on its own poll.
    expect(
      await eventually(
        () => graph.nearMe(sku),
        (units) => units === before - 1,
      ),
    ).toBe(before - 1);
  });
});

describe('the entity cache in Redis, shared by replicas', () => {
  let world: World;
  let system: RunningSystem;
  const graph = graphOf(
    () => system,
    () => world,
  );
  const taken = new Set<string>();
  const prefix = `omnigraph-test:entity-cache:${randomUUID()}`;

  beforeAll(async () => {
    world = generateWorld({ seed: 42, size: 'small' });
    system = await startSystem({
      world,
      env: {
        ...QUIET,
        ECOMMERCE_CATALOGUE_FOLLOW_MS: '0',
        WAREHOUSE_MOVEMENTS_FOLLOW_MS: '0',
        CRM_PROFILE_FOLLOW_MS: '0',
        ENTITY_CACHE_REDIS_URL: REDIS_URL,
        ENTITY_CACHE_KEY_PREFIX: prefix,
      },
    });
  }, 120_000);
  afterAll(async () => {
    await system.stop();
    const redis = new Redis(REDIS_URL);
    const left = await redis.keys(`${prefix}:*`);
    if (left.length > 0) await redis.del(...left);
    redis.disconnect();
  });

  it('answers from what another replica read, and an invalidation on one reaches both', async () => {
    const replica = await replicaOf(system, ['ecommerce', 'warehouse'], {});
    try {
      const sku = await graph.stockedSku(2, taken);
      const product = () => replica.ask<{ productVariant: { sku: string } }>('ecommerce', PRODUCT, { sku });
      const levels = () =>
        replica.ask<{ _entities: { stockLevels: { locationId: string; erpReserved: number }[] }[] }>('warehouse', STOCK_LEVELS, {
          representations: [{ __typename: 'ProductVariant', sku }],
        });
      const reservedAtStore = async () =>
        (await levels()).data!._entities[0].stockLevels.find((level) => level.locationId === locationId(STORE))!.erpReserved;
      // The system's replicas read the product and its stock: the other replica's reads are hits.
      expect(await graph.legacyCallsDuring(async () => expect((await product()).data!.productVariant.sku).toBe(sku))).toEqual({});
      const reserved = await reservedAtStore();
      expect(await graph.legacyCallsDuring(reservedAtStore)).toEqual({});

      // A reservation through the system's stock gate: its stock event drops the SKU for every replica.
      await graph.reserveForPickup(sku);
      expect(await reservedAtStore()).toBe(reserved + 1);
    } finally {
      await replica.stop();
    }
  });

  it('shows a price changed in the web shop through the gateway within a follower round', async () => {
    const sku = graph.unreadSku(taken);
    const before = await graph.priceOf(sku);
    expect(await graph.legacyCallsDuring(() => graph.priceOf(sku))).toEqual({});
    // Another replica follows the catalogue (the system's own does not, so its reads could be counted above).
    const follower = await replicaOf(system, ['ecommerce'], { ECOMMERCE_CATALOGUE_FOLLOW_MS: '1000' });
    try {
      const price = Number(before) + 1_000;
      await graph.savePrice(sku, price);
      expect(
        await eventually(
          () => graph.priceOf(sku),
          (amount) => amount === String(price),
        ),
      ).toBe(String(price));
    } finally {
      await follower.stop();
    }
  });

  it('reads the legacy system, with no error, while Redis cannot be reached', async () => {
    const cut = await replicaOf(system, ['ecommerce'], { ENTITY_CACHE_REDIS_URL: 'redis://127.0.0.1:1' });
    try {
      const sku = world.products[0].sku;
      for (let i = 0; i < 2; i += 1) {
        const calls = await graph.legacyCallsDuring(async () => {
          const answer = await cut.ask<{ productVariant: { sku: string } }>('ecommerce', PRODUCT, { sku });
          expect(answer.errors).toBeUndefined();
          expect(answer.data!.productVariant.sku).toBe(sku);
        });
        expect(calls).toEqual({ ecommerce: { 'products.list': 1 } });
      }
    } finally {
      await cut.stop();
    }
  });
});
