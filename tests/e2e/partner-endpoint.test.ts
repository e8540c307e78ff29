import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { buildPartnerGatewayServer } from '../../gateway/partner-server';
import { adminHeaders } from '../../legacy/kit/admin';
import { generateWorld } from '../../legacy/seed/world';
import { encodeId } from '../../lib/ids';
import { RunningSystem, startSystem } from '../../scripts/system';
import { partnerTrustedDocuments, trustedDocuments } from '../../scripts/trusted-documents';
import { bearer, tokenAs } from '../support/tokens';
import { QUIET_FOLLOWERS } from '../support/quiet-marketplace';

/**
 * The partner endpoint through the real system: the partner app signs in at the embedded identity
 * provider with client credentials and runs its registered operations by hash against the
 * partners' contract; everything else is refused before any subgraph or legacy system is called.
 */

const PARTNER = 'partner-marketplace';
const LEGACY = ['crm', 'ecommerce', 'pos', 'warehouse'];
/** Follower polls of the till feed run on timers, whatever the graph is asked. */
const FOLLOWER_OPERATIONS = new Set(['readTransactionFeed', 'getEndOfDayBatch']);
const REDIS_URL = 'redis://127.0.0.1:6379';

const registered = partnerTrustedDocuments()[PARTNER].operations;
const hashOf = (name: string) => registered.find((operation) => operation.name === name)!.id;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const byHash = (sha256Hash: string) => ({ persistedQuery: { version: 1, sha256Hash } });

const NEAR_ME = { sku: 'QJ-0003-BE-M', near: { latitude: 10.78, longitude: 106.7 } };
const AT_S101 = { sku: 'QJ-0003-BE-M', storeId: encodeId('Location', 'S101') };

interface Answer {
  status: number;
  headers: Headers;
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: { code?: string; reason?: string } }[];
}

async function post(url: string, body: object, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, ...((await response.json()) as object) };
}

const codes = (answer: Answer) => (answer.errors ?? []).map((error) => error.extensions?.code);

describe('the partner endpoint', () => {
  let system: RunningSystem;
  let partner: Record<string, string>;
  /** Partner gateways a test starts beside the system's, with limits or manifests of its own. */
  const extra: FastifyInstance[] = [];

  const asPartner = (body: object, url = system.partnerGatewayUrl) => post(url, body, partner);

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
  async function touchesNothing<T>(refused: () => Promise<T>): Promise<T> {
    const before = await legacyCalls();
    const result = await refused();
    expect(await legacyCalls()).toEqual(before);
    return result;
  }

  /** Another partner gateway over the same subgraphs, with `env` on top of the system's. */
  async function partnerGateway(env: NodeJS.ProcessEnv): Promise<string> {
    const app = await buildPartnerGatewayServer({ env: { ...system.env, ...env } });
    extra.push(app);
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as { port: number };
    return `http://127.0.0.1:${port}/graphql`;
  }

  beforeAll(async () => {
    system = await startSystem({
      world: generateWorld({ seed: 42, size: 'small' }),
      // Legacy calls are counted here (no follower reads a system on its own), and stock is shown read live.
      env: {
        LOG_LEVEL: 'silent',
        ...QUIET_FOLLOWERS,
        WAREHOUSE_STOCK_CACHE_MS: '0',
      },
    });
    partner = bearer(await tokenAs(system, PARTNER));
  });

  afterAll(async () => {
    for (const app of extra) await app.close();
    await system?.stop();
  });

  it("runs the partner's registered operations by hash: catalogue, price, stock near a point, a store's stock, the stores", async () => {
    const nearMe = await asPartner({ extensions: byHash(hashOf('ProductAvailabilityNearby')), variables: NEAR_ME });
    expect(nearMe.status).toBe(200);
    expect(nearMe.errors).toBeUndefined();
    const variant = nearMe.data!.productVariant as {
      sku: string;
      price: { amount: string; currencyCode: string };
      nearbyAvailability: { available: number; location: { name: string } }[];
    };
    expect(variant.sku).toBe('QJ-0003-BE-M');
    expect(variant.price.currencyCode).toBe('VND');
    expect(variant.nearbyAvailability.length).toBeGreaterThan(0);
    expect(variant.nearbyAvailability.every((store) => store.available > 0)).toBe(true);

    const atStore = await asPartner({ extensions: byHash(hashOf('StockAtStore')), variables: AT_S101 });
    expect(atStore.errors).toBeUndefined();
    expect(atStore.data).toMatchObject({
      productVariant: { stockAt: { available: expect.any(Number), location: { id: AT_S101.storeId, storeCode: '101' } } },
    });

    const stores = await asPartner({ extensions: byHash(hashOf('StoreDirectory')) });
    expect(stores.errors).toBeUndefined();
    const directory = stores.data!.locations as { totalCount: number; edges: { node: { openingHours: unknown[] } }[] };
    expect(directory.totalCount).toBe(5);
    expect(directory.edges.every((edge) => edge.node.openingHours.length === 7)).toBe(true);
  });

  it('takes the hash in a GET too', async () => {
    const query = new URLSearchParams({ extensions: JSON.stringify(byHash(hashOf('StoreDirectory'))) });
    const response = await fetch(`${system.partnerGatewayUrl}?${query}`, { headers: { ...partner, 'apollo-require-preflight': 'true' } });
    expect(response.status).toBe(200);
    expect(((await response.json()) as Answer).data).toHaveProperty('locations.totalCount', 5);
  });

  it('refuses text, even outside production, and hashes the partner did not register, first-party ones included', async () => {
    await touchesNothing(async () => {
      const text = await asPartner({ query: '{ productVariant(sku: "QJ-0003-BE-M") { name } }' });
      expect(text.status).toBe(400);
      expect(codes(text)).toEqual(['PERSISTED_QUERY_ONLY']);

      const unknown = await asPartner({ extensions: byHash(sha256('{ locations { totalCount } }')) });
      expect(unknown.status).toBe(400);
      expect(codes(unknown)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);

      const customer360 = trustedDocuments().operations.find((operation) => operation.name === 'Customer360ByPhone')!;
      const firstParty = await asPartner({ extensions: byHash(customer360.id), variables: { phone: '0901 234 567' } });
      expect(firstParty.status).toBe(400);
      expect(codes(firstParty)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    });
  });

  describe('with operations registered that the contract or the partner may not run', () => {
    const dir = mkdtempSync(join(tmpdir(), 'partner-manifest-'));
    const operation = (name: string, body: string) => ({ id: sha256(body), name, type: 'query', body, cost: 1 });
    const customerByPhone = operation(
      'CustomerByPhone',
      '{ customerByIdentifier(identifier: { kind: PHONE, value: "0901234567" }) { id } }',
    );
    const introspection = operation('SchemaTypes', '{ __schema { types { name } } }');
    const customerType = operation('CustomerType', '{ __type(name: "Customer") { name } }');
    const anotherPartners = operation('OtherStores', '{ locations(first: 1) { totalCount } }');
    let url: string;

    beforeAll(async () => {
      const manifest = (operations: object[]) => ({ format: 'apollo-persisted-query-manifest', version: 1, operations });
      const file = join(dir, 'trusted-documents.json');
      writeFileSync(
        file,
        JSON.stringify({
          [PARTNER]: manifest([customerByPhone, introspection, customerType]),
          'another-partner': manifest([anotherPartners]),
        }),
      );
      url = await partnerGateway({ PARTNER_TRUSTED_DOCUMENTS_FILE: file });
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it("refuses another partner's operation", async () => {
      const answer = await touchesNothing(() => asPartner({ extensions: byHash(anotherPartners.id) }, url));
      expect(answer.status).toBe(400);
      expect(codes(answer)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    });

    it('cannot reach a customer, nor introspect: the contract has no such type, and no introspection', async () => {
      for (const registeredHere of [customerByPhone, introspection, customerType]) {
        const answer = await touchesNothing(() => asPartner({ extensions: byHash(registeredHere.id) }, url));
        expect(answer.status).toBe(400);
        expect(codes(answer)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
        expect(answer.data).toBeUndefined();
      }
    });
  });

  it('serves only partners: 401 without a token, 403 for a customer, staff or a service', async () => {
    await touchesNothing(async () => {
      const body = { extensions: byHash(hashOf('StoreDirectory')) };
      const anonymous = await post(system.partnerGatewayUrl, body);
      expect(anonymous.status).toBe(401);
      expect(codes(anonymous)).toEqual(['UNAUTHENTICATED']);
      const tampered = await post(system.partnerGatewayUrl, body, { authorization: `${partner.authorization.slice(0, -4)}AAAA` });
      expect(tampered.status).toBe(401);
      for (const login of ['customer-1', 'associate-s101', 'steward', 'omnigraph-jobs']) {
        const answer = await post(system.partnerGatewayUrl, body, bearer(await tokenAs(system, login)));
        expect({ login, status: answer.status, codes: codes(answer) }).toEqual({ login, status: 403, codes: ['FORBIDDEN'] });
      }
    });
  });

  it('answers 429 with Retry-After over the requests a minute, and calls nothing', async () => {
    const url = await partnerGateway({ PARTNER_RATE_LIMIT_PER_MINUTE: '2' });
    const stockAtStore = { extensions: byHash(hashOf('StockAtStore')), variables: AT_S101 };
    const before = await legacyCalls();
    for (let i = 0; i < 2; i++) expect((await asPartner(stockAtStore, url)).errors).toBeUndefined();
    // Stock is read live: the two answers asked the warehouse system.
    expect((await legacyCalls()).warehouse).toBeGreaterThan(before.warehouse);

    const over = await touchesNothing(() => asPartner(stockAtStore, url));
    expect(over.status).toBe(429);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(over.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(over.errors).toEqual([
      { message: expect.stringMatching(/try again in \d+ s/), extensions: { code: 'RATE_LIMITED', reason: 'REQUESTS' } },
    ]);
    expect(over.data).toBeUndefined();
  });

  it("answers 429 over the partner's cost a minute, set for that partner", async () => {
    const nearMe = registered.find((operation) => operation.name === 'ProductAvailabilityNearby')!;
    const url = await partnerGateway({ PARTNER_LIMITS: JSON.stringify({ [PARTNER]: { costPerMinute: nearMe.cost! + 20 } }) });
    const body = { extensions: byHash(nearMe.id), variables: NEAR_ME };
    expect((await asPartner(body, url)).status).toBe(200);
    // What is left of the minute's cost pays for a cheap operation, not for the same one again.
    expect((await asPartner({ extensions: byHash(hashOf('StockAtStore')), variables: AT_S101 }, url)).status).toBe(200);
    const over = await touchesNothing(() => asPartner(body, url));
    expect(over.status).toBe(429);
    expect(over.errors![0].extensions).toEqual({ code: 'RATE_LIMITED', reason: 'COST' });
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });

  it('shares the counters between partner gateways through Redis', async () => {
    const prefix = `omnigraph-test:partner-limits:${randomUUID()}`;
    const env = { PARTNER_LIMITS_REDIS_URL: REDIS_URL, PARTNER_LIMITS_KEY_PREFIX: prefix, PARTNER_RATE_LIMIT_PER_MINUTE: '4' };
    const [first, second] = [await partnerGateway(env), await partnerGateway(env)];
    const redis = new Redis(REDIS_URL);
    try {
      const stores = { extensions: byHash(hashOf('StoreDirectory')) };
      for (const url of [first, second, first, second]) expect((await asPartner(stores, url)).status).toBe(200);
      // Each gateway has seen two requests, under its own limit of four: the fifth is over the shared count.
      for (const url of [first, second]) {
        const over = await asPartner(stores, url);
        expect(over.status).toBe(429);
        expect(codes(over)).toEqual(['RATE_LIMITED']);
      }
      expect(await redis.get(`${prefix}:requests:${PARTNER}`)).toBe('6');
    } finally {
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
    }
  });
});
