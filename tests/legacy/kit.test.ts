import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { delayFor, KNOBS_OFF, knobsFromEnv, parseKnobs, RateLimiter } from '../../legacy/kit/knobs';
import { CallCounter, createLegacyServer } from '../../legacy/kit/server';

function tinySystem(): FastifyInstance {
  const app = createLegacyServer({
    system: 'tiny',
    knobs: { ...KNOBS_OFF },
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
    const calls = (await app.inject({ method: 'GET', url: '/__admin/calls' })).json();
    expect(calls).toEqual({ system: 'tiny', total: 4, byOperation: { 'GET unmatched': 1, 'POST /things': 1, 'things.get': 2 } });
    expect((await app.inject({ method: 'DELETE', url: '/__admin/calls' })).json().total).toBe(0);
    expect((await app.inject({ method: 'GET', url: '/__admin/calls' })).json().byOperation).toEqual({});
  });

  it('turns faults on and off through the admin endpoint', async () => {
    const down = await app.inject({ method: 'PUT', url: '/__admin/knobs', payload: { down: true } });
    expect(down.json().down).toBe(true);
    expect((await app.inject({ method: 'GET', url: '/things/1' })).statusCode).toBe(503);
    await app.inject({ method: 'PUT', url: '/__admin/knobs', payload: { down: false, errorRate: 1 } });
    expect((await app.inject({ method: 'GET', url: '/things/1' })).json()).toEqual({ fault: 'error' });
    await app.inject({ method: 'DELETE', url: '/__admin/knobs' });
    expect((await app.inject({ method: 'GET', url: '/things/1' })).json()).toEqual({ id: '1' });
    expect((await app.inject({ method: 'GET', url: '/__admin/health' })).json()).toEqual({ system: 'tiny', status: 'up' });
  });

  it('rejects a bad knob update and keeps the knobs it had', async () => {
    const bad = await app.inject({ method: 'PUT', url: '/__admin/knobs', payload: { hangRate: 'often' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toContain('hangRate');
    expect((await app.inject({ method: 'GET', url: '/__admin/knobs' })).json()).toEqual(KNOBS_OFF);
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
    await app.inject({ method: 'GET', url: '/__admin/calls' });
    const after = performance.timeOrigin + performance.now();
    const { system, calls } = (await app.inject({ method: 'GET', url: '/__admin/calls/trace' })).json();
    expect(system).toBe('tiny');
    expect(calls.map((call: { operation: string }) => call.operation)).toEqual(['things.get', 'GET unmatched']);
    const [get, unmatched] = calls;
    expect(get.startedAtMs).toBeGreaterThanOrEqual(before);
    expect(get.endedAtMs - get.startedAtMs).toBeGreaterThanOrEqual(29);
    expect(unmatched.startedAtMs).toBeGreaterThanOrEqual(get.endedAtMs);
    expect(unmatched.endedAtMs).toBeLessThanOrEqual(after);
    await app.inject({ method: 'DELETE', url: '/__admin/calls' });
    expect((await app.inject({ method: 'GET', url: '/__admin/calls/trace' })).json().calls).toEqual([]);
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
