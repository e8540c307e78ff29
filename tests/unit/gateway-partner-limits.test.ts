import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { DEFAULT_PARTNER_SUPERGRAPH_PATH } from '../../gateway/partner-server';
import { assembleGateway, GatewayPlugin } from '../../gateway/plugin';
import { useAuthorization } from '../../gateway/plugins/authorization';
import { partnerLimitsOf, usePartnerLimits } from '../../gateway/plugins/partner-limits';
import { useSubgraphTransport } from '../../gateway/plugins/subgraph-transport';
import { useSupergraphFile } from '../../gateway/plugins/supergraph-source';
import { useNoTelemetry } from '../../gateway/plugins/telemetry';
import { partnerOperations, useTrustedDocuments } from '../../gateway/plugins/trusted-documents';
import { ANONYMOUS } from '../../lib/context';
import { createLogger } from '../../lib/logger';

const log = createLogger('gateway', { LOG_LEVEL: 'silent' });
const REDIS_URL = 'redis://127.0.0.1:6379';

/** Operations that call no subgraph, registered for two partners, one cheap and one dear. */
const operation = (name: string, cost: number) => {
  const body = `query ${name} { __typename }`;
  return { id: createHash('sha256').update(body).digest('hex'), name, type: 'query', body, cost };
};
const CHEAP = operation('Cheap', 1);
const DEAR = operation('Dear', 40);
const dir = mkdtempSync(join(tmpdir(), 'partner-limits-'));
const MANIFEST = join(dir, 'trusted-documents.json');
const manifest = { format: 'apollo-persisted-query-manifest', version: 1, operations: [CHEAP, DEAR] };
writeFileSync(MANIFEST, JSON.stringify({ 'partner-marketplace': manifest, 'partner-travel': manifest }));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Stands in for caller.ts and partners-only.ts: the test names the partner app in a header. */
const partnerFromTestHeader: GatewayPlugin = {
  name: 'test-partner',
  preHandler: async (request) => {
    const clientId = request.headers['x-test-partner'] as string;
    request.caller = { ...ANONYMOUS, id: clientId, roles: ['partner'], clientId };
  },
};

async function gateway(env: NodeJS.ProcessEnv): Promise<FastifyInstance> {
  return assembleGateway(
    [
      useNoTelemetry(),
      useSupergraphFile(DEFAULT_PARTNER_SUPERGRAPH_PATH, log),
      useSubgraphTransport({}),
      partnerFromTestHeader,
      useTrustedDocuments(env, partnerOperations(MANIFEST)),
      await usePartnerLimits(env, log),
      useAuthorization(),
    ],
    log,
  );
}

const send = (app: FastifyInstance, registered: { id: string }, partner = 'partner-marketplace') =>
  app.inject({
    method: 'POST',
    url: '/graphql',
    headers: { 'x-test-partner': partner },
    payload: { extensions: { persistedQuery: { version: 1, sha256Hash: registered.id } } },
  });

async function statuses(app: FastifyInstance, registered: { id: string }, times: number, partner?: string): Promise<number[]> {
  const seen: number[] = [];
  for (let i = 0; i < times; i++) seen.push((await send(app, registered, partner)).statusCode);
  return seen;
}

function expectRateLimited(answer: Awaited<ReturnType<typeof send>>, reason: string) {
  expect(answer.statusCode).toBe(429);
  const retryAfter = Number(answer.headers['retry-after']);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
  expect(answer.json()).toEqual({
    errors: [{ message: expect.stringContaining(`try again in ${retryAfter} s`), extensions: { code: 'RATE_LIMITED', reason } }],
  });
}

/** This run's keys in Redis, each test under a prefix of its own. */
const RUN_PREFIX = `omnigraph-test:partner-limits:${randomUUID()}`;
let prefixes = 0;
afterAll(async () => {
  const redis = new Redis(REDIS_URL);
  const keys = await redis.keys(`${RUN_PREFIX}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

describe.each([
  ['in memory', () => ({})],
  ['in Redis', () => ({ REDIS_URL, PARTNER_LIMITS_KEY_PREFIX: `${RUN_PREFIX}:${(prefixes += 1)}` })],
])('partner limits, counted %s', (_where, store) => {
  const apps: FastifyInstance[] = [];
  const started = async (env: NodeJS.ProcessEnv) => {
    const app = await gateway(env);
    apps.push(app);
    return app;
  };
  afterAll(async () => {
    for (const app of apps) await app.close();
  });

  it('answers 429 with Retry-After past the requests a minute, one partner at a time', async () => {
    const app = await started({ ...store(), PARTNER_RATE_LIMIT_PER_MINUTE: '3' });
    expect(await statuses(app, CHEAP, 3)).toEqual([200, 200, 200]);
    expectRateLimited(await send(app, CHEAP), 'REQUESTS');
    expect(await statuses(app, CHEAP, 1, 'partner-travel')).toEqual([200]);
  });

  it("answers 429 past the cost a minute, and gives a refused operation's cost back", async () => {
    const app = await started({ ...store(), PARTNER_COST_LIMIT_PER_MINUTE: '100' });
    expect(await statuses(app, DEAR, 2)).toEqual([200, 200]);
    expectRateLimited(await send(app, DEAR), 'COST');
    // 80 spent: the refused 40 was given back, so 20 cheap ones still fit, and not one more.
    expect(new Set(await statuses(app, CHEAP, 20))).toEqual(new Set([200]));
    expectRateLimited(await send(app, CHEAP), 'COST');
  });

  it('takes a partner’s own limits from PARTNER_LIMITS', async () => {
    const app = await started({ ...store(), PARTNER_LIMITS: JSON.stringify({ 'partner-travel': { requestsPerMinute: 1 } }) });
    expect(await statuses(app, CHEAP, 2, 'partner-travel')).toEqual([200, 429]);
    expect(await statuses(app, CHEAP, 5)).toEqual([200, 200, 200, 200, 200]);
  });
});

describe('partner limits in Redis', () => {
  it('are shared by every gateway on the same Redis, in keys that expire with the minute', async () => {
    const prefix = `${RUN_PREFIX}:shared`;
    const env = { PARTNER_LIMITS_REDIS_URL: REDIS_URL, PARTNER_LIMITS_KEY_PREFIX: prefix, PARTNER_RATE_LIMIT_PER_MINUTE: '2' };
    const [first, second] = [await gateway(env), await gateway(env)];
    const redis = new Redis(REDIS_URL);
    try {
      expect(await statuses(first, CHEAP, 1)).toEqual([200]);
      expect(await statuses(second, CHEAP, 1)).toEqual([200]);
      expectRateLimited(await send(first, CHEAP), 'REQUESTS');
      const ttl = await redis.ttl(`${prefix}:requests:partner-marketplace`);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(60);
    } finally {
      redis.disconnect();
      await first.close();
      await second.close();
    }
  });

  it('fall back to counting in memory while Redis cannot be reached', async () => {
    const app = await gateway({ PARTNER_LIMITS_REDIS_URL: 'redis://127.0.0.1:1', PARTNER_RATE_LIMIT_PER_MINUTE: '2' });
    try {
      expect(await statuses(app, CHEAP, 3)).toEqual([200, 200, 429]);
    } finally {
      await app.close();
    }
  });
});

describe('partner limits configuration', () => {
  it('refuses limits that are not positive whole numbers, and PARTNER_LIMITS that is not JSON by client id', () => {
    expect(() => partnerLimitsOf({ PARTNER_RATE_LIMIT_PER_MINUTE: '0' })).toThrow('PARTNER_RATE_LIMIT_PER_MINUTE');
    expect(() => partnerLimitsOf({ PARTNER_COST_LIMIT_PER_MINUTE: 'lots' })).toThrow('PARTNER_COST_LIMIT_PER_MINUTE');
    expect(() => partnerLimitsOf({ PARTNER_LIMITS: 'partner-travel=5' })).toThrow('PARTNER_LIMITS must be JSON');
    expect(() => partnerLimitsOf({ PARTNER_LIMITS: '{"partner-travel": {"costPerMinute": -1}}' })).toThrow('partner-travel.costPerMinute');
  });

  it('gives every partner the defaults, and a partner named in PARTNER_LIMITS its own', () => {
    const limitOf = partnerLimitsOf({ PARTNER_RATE_LIMIT_PER_MINUTE: '100', PARTNER_LIMITS: '{"partner-travel": {"costPerMinute": 500}}' });
    expect(limitOf('partner-marketplace')).toEqual({ requestsPerMinute: 100, costPerMinute: 60_000 });
    expect(limitOf('partner-travel')).toEqual({ requestsPerMinute: 100, costPerMinute: 500 });
  });
});
