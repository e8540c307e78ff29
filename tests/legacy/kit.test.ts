import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { adminHeaders, DEVELOPMENT_ADMIN_TOKEN } from '../../legacy/kit/admin';
import { delayFor, KNOBS_OFF, knobsFromEnv, parseKnobs, RateLimiter } from '../../legacy/kit/knobs';
import { CallCounter, createLegacyServer } from '../../legacy/kit/server';

function tinySystem(env: NodeJS.ProcessEnv = {}): FastifyInstance {
  const app = createLegacyServer({
    system: 'tiny',
    knobs: { ...KNOBS_OFF },
    env,
    sendFault: (reply, kind, retryAfter) => {
      if (kind === 'rate-limited') reply.header('retry-after', String(retryAfter));
      return reply.code(kind === 'error' ? 500 : kind === 'down' ? 503 : 429).send({ fault: kind });
    },
  });
  app.get('/things/:id', { config: { operation: 'things.get' } }, async (request) => ({ id: (request.params as { id: string }).id }));
  app.post('/things', async (request) => request.body);
  return app;
}

describe('knobs', () => {
  it('reads per-system variables before the LEGACY_ fallbacks', () => {
    const knobs = knobsFromEnv('CRM', { CRM_LATENCY_MS: '20', LEGACY_LATENCY_MS: '5', LEGACY_JITTER_MS: '5', CRM_DOWN: 'true' });
    expect(knobs).toEqual({ ...KNOBS_OFF, latencyMs: 20, jitterMs: 5, down: true });
  });

  it('refuses values that make no sense, naming the knob', () => {
    expect(() => parseKnobs({ errorRate: 2 })).toThrow('errorRate must be a number from 0 to 1');
    expect(() => parseKnobs({ latencyMs: -1 })).toThrow('latencyMs');
    expect(() => parseKnobs({ brokenness: 1 })).toThrow('unknown knob brokenness');
    expect(() => knobsFromEnv('POS', { POS_ERROR_RATE: 'lots' })).toThrow('errorRate');
  });

  it('jitters around the base latency and never below zero', () => {
    const knobs = { ...KNOBS_OFF, latencyMs: 20, jitterMs: 5 };
    expect(delayFor(knobs, () => 0)).toBe(15);
    expect(delayFor(knobs, () => 1)).toBe(25);
    expect(delayFor({ ...KNOBS_OFF, latencyMs: 1, jitterMs: 10 }, () => 0)).toBe(0);
  });

  it('limits the whole system to N calls a second and says how long to wait', () => {
    const limiter = new RateLimiter();
    const start = 1_000_000;
    expect([1, 2, 3].map(() => limiter.take(3, start))).toEqual([0, 0, 0]);
    expect(limiter.take(3, start)).toBe(1);
    expect(limiter.take(3, start + 400)).toBe(0);
    expect(limiter.take(0, start)).toBe(0);
  });
});

describe('a stand-in built on the kit', () => {
  const admin = adminHeaders({});
  let app: FastifyInstance;
  beforeEach(() => {
    app = tinySystem();
  });
  afterEach(() => app.close());

  it('counts calls by operation, including ones that never reach a handler', async () => {
    await app.inject({ method: 'GET', url: '/things/1' });
    await app.inject({ method: 'GET', url: '/things/2' });
    await app.inject({ method: 'POST', url: '/things', headers: { 'content-type': 'application/json' }, payload: '{broken' });
    await app.inject({ method: 'GET', url: '/nowhere' });
    const calls = (await app.inject({ method: 'GET', url: '/__admin/calls', headers: admin })).json();
    expect(calls).toEqual({ system: 'tiny', total: 4, byOperation: { 'GET unmatched': 1, 'POST /things': 1, 'things.get': 2 } });
    expect((await app.inject({ method: 'DELETE', url: '/__admin/calls', headers: admin })).json().total).toBe(0);
    expect((await app.inject({ method: 'GET', url: '/__admin/calls', headers: admin })).json().byOperation).toEqual({});
  });

  it('turns faults on and off through the admin endpoint', async () => {
    const down = await app.inject({ method: 'PUT', url: '/__admin/knobs', headers: admin, payload: { down: true } });
    expect(down.json().down).toBe(true);
    expect((await app.inject({ method: 'GET', url: '/things/1' })).statusCode).toBe(503);
    await app.inject({ method: 'PUT', url: '/__admin/knobs', headers: admin, payload: { down: false, errorRate: 1 } });
    expect((await app.inject({ method: 'GET', url: '/things/1' })).json()).toEqual({ fault: 'error' });
    await app.inject({ method: 'DELETE', url: '/__admin/knobs', headers: admin });
    expect((await app.inject({ method: 'GET', url: '/things/1' })).json()).toEqual({ id: '1' });
    expect((await app.inject({ method: 'GET', url: '/__admin/health' })).json()).toEqual({ system: 'tiny', status: 'up' });
  });

  it('rejects a bad knob update and keeps the knobs it had', async () => {
    const bad = await app.inject({ method: 'PUT', url: '/__admin/knobs', headers: admin, payload: { hangRate: 'often' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toContain('hangRate');
    expect((await app.inject({ method: 'GET', url: '/__admin/knobs', headers: admin })).json()).toEqual(KNOBS_OFF);
  });

  it('answers 429 with Retry-After past the rate limit', async () => {
    app.legacy.setKnobs({ rateLimitPerSecond: 2 });
    const statuses = [];
    for (let i = 0; i < 4; i += 1) statuses.push(await app.inject({ method: 'GET', url: '/things/1' }));
    expect(statuses.map((r) => r.statusCode)).toEqual([200, 200, 429, 429]);
    expect(statuses[2].headers['retry-after']).toBe('1');
  });

  it('leaves a hung call unanswered until the caller gives up, and still counts it', async () => {
    app.legacy.setKnobs({ hangRate: 1 });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    const hung = fetch(`http://127.0.0.1:${port}/things/1`, { signal: AbortSignal.timeout(300) });
    await expect(hung).rejects.toThrow();
    app.legacy.setKnobs({ hangRate: 0 });
    const answered = await fetch(`http://127.0.0.1:${port}/things/2`);
    expect(await answered.json()).toEqual({ id: '2' });
    expect(app.legacy.calls.snapshot().byOperation['things.get']).toBe(2);
  });

  it('traces each answered call from arrival to response, knob latency included, until the counters are cleared', async () => {
    app.legacy.setKnobs({ latencyMs: 30 });
    const before = performance.timeOrigin + performance.now();
    await app.inject({ method: 'GET', url: '/things/1' });
    await app.inject({ method: 'GET', url: '/nowhere' });
    await app.inject({ method: 'GET', url: '/__admin/calls', headers: admin });
    const after = performance.timeOrigin + performance.now();
    const { system, calls } = (await app.inject({ method: 'GET', url: '/__admin/calls/trace', headers: admin })).json();
    expect(system).toBe('tiny');
    expect(calls.map((call: { operation: string }) => call.operation)).toEqual(['things.get', 'GET unmatched']);
    const [get, unmatched] = calls;
    expect(get.startedAtMs).toBeGreaterThanOrEqual(before);
    expect(get.endedAtMs - get.startedAtMs).toBeGreaterThanOrEqual(29);
    expect(unmatched.startedAtMs).toBeGreaterThanOrEqual(get.endedAtMs);
    expect(unmatched.endedAtMs).toBeLessThanOrEqual(after);
    await app.inject({ method: 'DELETE', url: '/__admin/calls', headers: admin });
    expect((await app.inject({ method: 'GET', url: '/__admin/calls/trace', headers: admin })).json().calls).toEqual([]);
  });

  it('keeps only the most recent calls in the trace, oldest first', () => {
    const counter = new CallCounter('tiny', 3);
    for (let i = 1; i <= 5; i += 1) counter.trace({ operation: `call ${i}`, startedAtMs: i, endedAtMs: i + 0.5 });
    expect(counter.traced().calls.map((call) => call.operation)).toEqual(['call 3', 'call 4', 'call 5']);
    counter.reset();
    counter.trace({ operation: 'call 6', startedAtMs: 6, endedAtMs: 6.5 });
    expect(counter.traced().calls.map((call) => call.operation)).toEqual(['call 6']);
  });
});

describe('the admin routes', () => {
  let app: FastifyInstance;
  afterEach(() => app.close());

  const adminCalls = [
    { method: 'GET', url: '/__admin/knobs' },
    { method: 'PUT', url: '/__admin/knobs', payload: { down: true } },
    { method: 'DELETE', url: '/__admin/knobs' },
    { method: 'GET', url: '/__admin/calls' },
    { method: 'GET', url: '/__admin/calls/trace' },
    { method: 'DELETE', url: '/__admin/calls' },
  ] as const;

  it('refuse a call without the token with 401, changing nothing and counting nothing', async () => {
    app = tinySystem();
    app.legacy.setKnobs({ latencyMs: 5 });
    await app.inject({ method: 'GET', url: '/things/1' });
    for (const call of adminCalls) {
      const refused = await app.inject(call);
      expect([call.method, call.url, refused.statusCode]).toEqual([call.method, call.url, 401]);
      expect(refused.json()).toEqual({ error: 'admin token missing or wrong' });
      expect(refused.headers['www-authenticate']).toBe('Bearer');
    }
    expect(app.legacy.knobs).toEqual({ ...KNOBS_OFF, latencyMs: 5 });
    expect(app.legacy.calls.snapshot()).toEqual({ system: 'tiny', total: 1, byOperation: { 'things.get': 1 } });
    expect(app.legacy.calls.traced().calls).toHaveLength(1);
  });

  it('refuse a wrong token, another scheme, or the token as a prefix', async () => {
    app = tinySystem();
    for (const authorization of [
      'Bearer not-the-token',
      `Bearer ${DEVELOPMENT_ADMIN_TOKEN}x`,
      `Bearer ${DEVELOPMENT_ADMIN_TOKEN.slice(0, -1)}`,
      `Basic ${DEVELOPMENT_ADMIN_TOKEN}`,
      DEVELOPMENT_ADMIN_TOKEN,
      'Bearer',
    ]) {
      const refused = await app.inject({ method: 'PUT', url: '/__admin/knobs', headers: { authorization }, payload: { down: true } });
      expect([authorization, refused.statusCode]).toEqual([authorization, 401]);
    }
    expect(app.legacy.knobs.down).toBe(false);
  });

  it('answer the right token on every route, the scheme in any case', async () => {
    app = tinySystem();
    for (const call of adminCalls) {
      expect((await app.inject({ ...call, headers: adminHeaders({}) })).statusCode).toBe(200);
    }
    const knobs = await app.inject({
      method: 'GET',
      url: '/__admin/knobs',
      headers: { authorization: `bearer ${DEVELOPMENT_ADMIN_TOKEN}` },
    });
    expect(knobs.statusCode).toBe(200);
  });

  it('keep health open, as liveness probes call it without credentials', async () => {
    app = tinySystem();
    const health = await app.inject({ method: 'GET', url: '/__admin/health' });
    expect([health.statusCode, health.json()]).toEqual([200, { system: 'tiny', status: 'up' }]);
  });

  it('take the token from LEGACY_ADMIN_TOKEN, and refuse to start without it in production', async () => {
    const env = { NODE_ENV: 'production', LEGACY_ADMIN_TOKEN: 'the-real-admin-token' };
    app = tinySystem(env);
    expect(adminHeaders(env)).toEqual({ authorization: 'Bearer the-real-admin-token' });
    expect((await app.inject({ method: 'GET', url: '/__admin/knobs', headers: adminHeaders(env) })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/__admin/knobs', headers: adminHeaders({}) })).statusCode).toBe(401);
    for (const missing of [{ NODE_ENV: 'production' }, { NODE_ENV: 'production', LEGACY_ADMIN_TOKEN: '' }]) {
      expect(() => tinySystem(missing)).toThrow('LEGACY_ADMIN_TOKEN must be set in production');
      expect(() => adminHeaders(missing)).toThrow('LEGACY_ADMIN_TOKEN must be set in production');
    }
  });
});
