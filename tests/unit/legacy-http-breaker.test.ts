import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CircuitState } from 'cockatiel';
import { FailureRatioBreaker, LegacyHttp, LegacyHttpOptions } from '../../lib/http';
import { SystemUnavailableError } from '../../lib/errors';
import { localServer } from '../support/local-server';

/**
 * Issue 20: a flaky legacy system is absorbed by retries, and only a dead or drowning one opens the
 * breaker, against a legacy system on loopback (no mock of our code).
 */

/** mulberry32: the same "random" failures on every run, so the figures below are the same each time. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Outcome = { ok: true } | { ok: false; reason: string };

async function outcomeOf(promise: Promise<unknown>): Promise<Outcome> {
  try {
    await promise;
    return { ok: true };
  } catch (error) {
    if (!(error instanceof SystemUnavailableError)) throw error;
    return { ok: false, reason: error.reason };
  }
}

/** How long a read took to fail or answer. */
async function timed(promise: Promise<unknown>): Promise<Outcome & { ms: number }> {
  const started = performance.now();
  const outcome = await outcomeOf(promise);
  return { ...outcome, ms: performance.now() - started };
}

describe('the legacy call policy under failure', () => {
  let behaviour: 'ok' | 'flaky' | 'unavailable' | 'hang' = 'ok';
  let random = seeded(20);
  let calls = 0;
  let failed = 0;

  const legacy = localServer((_request, response) => {
    calls += 1;
    if (behaviour === 'hang') return;
    if (behaviour === 'unavailable' || (behaviour === 'flaky' && random() < 0.2)) {
      failed += 1;
      response.statusCode = behaviour === 'flaky' && failed % 2 === 0 ? 500 : 503;
      return response.end('down');
    }
    response.setHeader('content-type', 'application/json');
    response.end('{"ok":true}');
  });
  beforeEach(() => {
    calls = 0;
    failed = 0;
    random = seeded(20);
  });

  /** The production defaults, but for what a test must pin (the half-open wait). */
  const client = (options: Partial<LegacyHttpOptions> = {}) =>
    new LegacyHttp({ system: 'pos', baseURL: legacy.url(), breakerHalfOpenAfterMs: 60_000, ...options });

  it('absorbs a system failing 20% of calls: over 300 reads, no open circuit and at least 99% answered', async () => {
    behaviour = 'flaky';
    const http = client();
    const outcomes: Outcome[] = [];
    for (let i = 0; i < 300; i += 1) outcomes.push(await outcomeOf(http.read({ url: '/items' })));
    // The system really failed a fifth of the calls it got.
    expect(failed / calls).toBeGreaterThan(0.15);
    expect(failed / calls).toBeLessThan(0.25);
    expect(outcomes.filter((outcome) => !outcome.ok && outcome.reason === 'CIRCUIT_OPEN')).toEqual([]);
    expect(outcomes.filter((outcome) => outcome.ok).length / outcomes.length).toBeGreaterThanOrEqual(0.99);
  });

  it('absorbs 20% failures from eight callers at once as well', async () => {
    behaviour = 'flaky';
    const http = client();
    const outcomes: Outcome[] = [];
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let i = 0; i < 40; i += 1) outcomes.push(await outcomeOf(http.read({ url: '/items' })));
      }),
    );
    expect(outcomes.filter((outcome) => !outcome.ok && outcome.reason === 'CIRCUIT_OPEN')).toEqual([]);
    expect(outcomes.filter((outcome) => outcome.ok).length / outcomes.length).toBeGreaterThanOrEqual(0.99);
  });

  it('opens on a system answering 503 to everything, then answers CIRCUIT_OPEN without calling it', async () => {
    behaviour = 'unavailable';
    const http = client({ timeoutMs: 5_000 });
    // Five attempts a read: the 20th failed attempt, at the end of the fourth read, opens it.
    for (let i = 0; i < 4; i += 1) expect(await outcomeOf(http.read({ url: '/items' }))).toEqual({ ok: false, reason: 'DOWN' });
    expect(calls).toBe(20);
    const open = await timed(http.read({ url: '/items' }));
    expect(open).toMatchObject({ ok: false, reason: 'CIRCUIT_OPEN' });
    expect(calls).toBe(20);
    // Immediate: far from a single attempt's timeout (generous; speed targets belong to the bench).
    expect(open.ms).toBeLessThan(500);
    expect((await outcomeOf(http.write({ method: 'POST', url: '/sales' }))).ok).toBe(false);
    expect(calls).toBe(20);
  });

  it('opens on a system that refuses connections, then answers CIRCUIT_OPEN at once', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const http = new LegacyHttp({ system: 'pos', baseURL: `http://127.0.0.1:${port}`, timeoutMs: 5_000, breakerHalfOpenAfterMs: 60_000 });
    const reasons: string[] = [];
    for (let i = 0; i < 4; i += 1) {
      const outcome = await timed(http.read({ url: '/items' }));
      reasons.push(outcome.ok ? 'ok' : outcome.reason);
      // Refused is instant: a read costs its backoff (under half a second), never a timeout.
      expect(outcome.ms).toBeLessThan(2_500);
    }
    expect(reasons).toEqual(['DOWN', 'DOWN', 'DOWN', 'DOWN']);
    const open = await timed(http.read({ url: '/items' }));
    expect(open).toMatchObject({ ok: false, reason: 'CIRCUIT_OPEN' });
    expect(open.ms).toBeLessThan(500);
  });

  it('lets one call through after the half-open wait: closed again when it answers, open again when it fails', async () => {
    behaviour = 'unavailable';
    const http = client({ breakerHalfOpenAfterMs: 200 });
    for (let i = 0; i < 4; i += 1) await outcomeOf(http.read({ url: '/items' }));
    expect(await outcomeOf(http.read({ url: '/items' }))).toEqual({ ok: false, reason: 'CIRCUIT_OPEN' });

    // Still down after the wait: one attempt goes through, fails, and the circuit opens again.
    await new Promise((resolve) => setTimeout(resolve, 250));
    let before = calls;
    expect(await outcomeOf(http.read({ url: '/items' }))).toEqual({ ok: false, reason: 'CIRCUIT_OPEN' });
    expect(calls).toBe(before + 1);
    expect(await outcomeOf(http.read({ url: '/items' }))).toEqual({ ok: false, reason: 'CIRCUIT_OPEN' });
    expect(calls).toBe(before + 1);

    // Back up: the next test call answers and closes the circuit, with the old failures forgotten.
    behaviour = 'ok';
    await new Promise((resolve) => setTimeout(resolve, 250));
    before = calls;
    expect(await outcomeOf(http.read({ url: '/items' }))).toEqual({ ok: true });
    expect(calls).toBe(before + 1);
    behaviour = 'unavailable';
    // Forgotten: one more failed read (five attempts) is far from opening it again.
    expect(await outcomeOf(http.read({ url: '/items' }))).toEqual({ ok: false, reason: 'DOWN' });
  });

  it('never opens while fewer attempts than its threshold were made in the window (tests keep it shut with 1000)', async () => {
    behaviour = 'unavailable';
    const http = client({ breakerThreshold: 1000 });
    const reasons = new Set<string>();
    for (let i = 0; i < 10; i += 1) {
      const outcome = await outcomeOf(http.read({ url: '/items' }));
      reasons.add(outcome.ok ? 'ok' : outcome.reason);
    }
    expect([...reasons]).toEqual(['DOWN']);
    expect(calls).toBe(50);
  });

  it('retries a hung system at most twice, whatever the retries allow: a hung read costs three timeouts', async () => {
    behaviour = 'hang';
    const outcome = await outcomeOf(client({ timeoutMs: 100, retries: 6 }).read({ url: '/slow' }));
    expect(outcome).toEqual({ ok: false, reason: 'TIMEOUT' });
    expect(calls).toBe(3);
  });
});

describe('a hung system judged by its silence', () => {
  let behaviour: 'ok' | 'hang' = 'ok';
  let calls = 0;
  const legacy = localServer((request, response) => {
    calls += 1;
    // A slow answer to a quick operation (`GET /stock` still: the query is not part of its name).
    if (request.url === '/stock?slow=1') return setTimeout(() => response.end('{"ok":true}'), 900);
    if (behaviour === 'hang') return;
    response.end('{"ok":true}');
  });
  beforeEach(() => {
    calls = 0;
    behaviour = 'ok';
  });
  /** A long timeout, so only the silence can explain an early end; a short silence to keep the suite quick. */
  const client = (options: Partial<LegacyHttpOptions> = {}) =>
    new LegacyHttp({
      system: 'warehouse',
      baseURL: legacy.url(),
      timeoutMs: 5_000,
      silenceMs: 300,
      breakerHalfOpenAfterMs: 60_000,
      ...options,
    });
  /** A few answers first, so the watch knows how fast `GET /stock` answers; then the system hangs. */
  const servedThenHung = async (http: LegacyHttp) => {
    for (let i = 0; i < 3; i += 1) expect(await outcomeOf(http.read({ url: '/stock' }))).toEqual({ ok: true });
    behaviour = 'hang';
    calls = 0;
  };

  it('cuts reads short as TIMEOUT, unretried, once two have waited a whole silence with nothing answered', async () => {
    const http = client();
    await servedThenHung(http);
    const reads = await Promise.all([timed(http.read({ url: '/stock' })), timed(http.read({ url: '/stock' }))]);
    for (const read of reads) {
      expect(read).toMatchObject({ ok: false, reason: 'TIMEOUT' });
      // Well before the first attempt's own timeout (5 s), let alone three of them.
      expect(read.ms).toBeLessThan(2_500);
    }
    expect(calls).toBe(2);
  });

  it('opens the breaker on the cut attempts, so the next read fails at once without calling', async () => {
    const http = client();
    await servedThenHung(http);
    const reads = await Promise.all(Array.from({ length: 20 }, () => outcomeOf(http.read({ url: '/stock' }))));
    expect(new Set(reads.map((read) => (read.ok ? 'ok' : read.reason)))).toEqual(new Set(['TIMEOUT']));
    expect(calls).toBe(20);
    const open = await timed(http.read({ url: '/stock' }));
    expect(open).toMatchObject({ ok: false, reason: 'CIRCUIT_OPEN' });
    expect(calls).toBe(20);
  });

  it('gives the breaker’s test call after timeouts its patience, not the whole timeout', async () => {
    const http = client({ breakerHalfOpenAfterMs: 200 });
    await servedThenHung(http);
    await Promise.all(Array.from({ length: 20 }, () => outcomeOf(http.read({ url: '/stock' }))));
    expect(await outcomeOf(http.read({ url: '/stock' }))).toEqual({ ok: false, reason: 'CIRCUIT_OPEN' });
    await new Promise((resolve) => setTimeout(resolve, 250));
    const before = calls;
    // Alone, half-open: let through, unanswered, and ended after the silence (300 ms), not the timeout (5 s).
    const test = await timed(http.read({ url: '/stock' }));
    expect(test).toMatchObject({ ok: false, reason: 'TIMEOUT' });
    expect(test.ms).toBeLessThan(2_500);
    expect(calls).toBe(before + 1);
  });

  it('never judges an operation it has not seen answer: its pace is unknown', async () => {
    behaviour = 'hang';
    const http = client({ timeoutMs: 600 });
    const reads = await Promise.all([outcomeOf(http.read({ url: '/stock' })), outcomeOf(http.read({ url: '/stock' }))]);
    expect(reads).toEqual([
      { ok: false, reason: 'TIMEOUT' },
      { ok: false, reason: 'TIMEOUT' },
    ]);
    // Each waited out its timeouts, retried as any timed-out read (at most twice): nothing was cut.
    expect(calls).toBe(6);
  });

  it('never cuts a lone slow read', async () => {
    const http = client();
    await servedThenHung(http);
    behaviour = 'ok';
    expect(await outcomeOf(http.read({ url: '/stock?slow=1' }))).toEqual({ ok: true });
    expect(calls).toBe(1);
  });

  it('never cuts slow reads while the system answers others', async () => {
    const http = client({ silenceMs: 500 });
    await servedThenHung(http);
    behaviour = 'ok';
    const slow = Promise.all([outcomeOf(http.read({ url: '/stock?slow=1' })), outcomeOf(http.read({ url: '/stock?slow=1' }))]);
    // Quick answers to other calls meanwhile: the system is busy, not silent.
    for (let i = 0; i < 20; i += 1) {
      expect(await outcomeOf(http.read({ url: '/stock' }))).toEqual({ ok: true });
      await new Promise((resolve) => setTimeout(resolve, 40));
    }
    expect(await slow).toEqual([{ ok: true }, { ok: true }]);
  });

  it('counts a waiting write as evidence but never cuts it (its outcome would be unknown): it waits for its timeout', async () => {
    const http = client({ timeoutMs: 1_500 });
    expect(await outcomeOf(http.write({ method: 'POST', url: '/goods-movements' }))).toEqual({ ok: true });
    await servedThenHung(http);
    const [write, read] = await Promise.all([
      timed(http.write({ method: 'POST', url: '/goods-movements' })),
      timed(http.read({ url: '/stock' })),
    ]);
    expect(read).toMatchObject({ ok: false, reason: 'TIMEOUT' });
    expect(write).toMatchObject({ ok: false, reason: 'TIMEOUT' });
    expect(write.ms).toBeGreaterThanOrEqual(1_400);
    expect(read.ms).toBeLessThan(write.ms);
    expect(calls).toBe(2);
  });

  it('is off when the silence is not shorter than the timeout', async () => {
    const http = client({ timeoutMs: 300, silenceMs: 300 });
    await servedThenHung(http);
    const reads = await Promise.all([outcomeOf(http.read({ url: '/stock' })), outcomeOf(http.read({ url: '/stock' }))]);
    expect(reads).toEqual([
      { ok: false, reason: 'TIMEOUT' },
      { ok: false, reason: 'TIMEOUT' },
    ]);
    // Retried after their timeouts, as any timed-out read (at most twice): the watch cut nothing.
    expect(calls).toBe(6);
  });
});

describe('the failure-ratio breaker', () => {
  let now = 1_000_000;
  const breaker = () => new FailureRatioBreaker({ threshold: 20, failureRatio: 0.5, windowMs: 10_000 }, () => now);
  const fail = (b: FailureRatioBreaker, times: number) => Array.from({ length: times }, () => b.failure(CircuitState.Closed));

  beforeEach(() => {
    now = 1_000_000;
  });

  it('opens at the threshold of attempts when at least the ratio of them failed, not before', () => {
    const b = breaker();
    for (let i = 0; i < 10; i += 1) b.success(CircuitState.Closed);
    expect(fail(b, 9)).toEqual(Array(9).fill(false));
    // 20 attempts, 10 failed: half.
    expect(b.failure(CircuitState.Closed)).toBe(true);
  });

  it('stays shut at a 40% failure ratio, however many attempts', () => {
    const b = breaker();
    for (let i = 0; i < 1000; i += 1) {
      if (i % 5 < 2) expect(b.failure(CircuitState.Closed)).toBe(false);
      else b.success(CircuitState.Closed);
    }
  });

  it('forgets attempts older than its window', () => {
    const b = breaker();
    fail(b, 19);
    now += 11_000;
    expect(b.counts()).toEqual({ attempts: 0, failures: 0 });
    expect(fail(b, 19)).toEqual(Array(19).fill(false));
    expect(b.failure(CircuitState.Closed)).toBe(true);
  });

  it('reopens on a failed test call and starts afresh after a good one', () => {
    const b = breaker();
    fail(b, 20);
    expect(b.failure(CircuitState.HalfOpen)).toBe(true);
    b.success(CircuitState.HalfOpen);
    expect(b.counts()).toEqual({ attempts: 1, failures: 0 });
  });

  it('refuses settings that cannot mean anything', () => {
    expect(() => new FailureRatioBreaker({ threshold: 20, failureRatio: 0, windowMs: 10_000 })).toThrow(RangeError);
    expect(() => new FailureRatioBreaker({ threshold: 20, failureRatio: 1.5, windowMs: 10_000 })).toThrow(RangeError);
    expect(() => new FailureRatioBreaker({ threshold: 0, failureRatio: 0.5, windowMs: 10_000 })).toThrow(RangeError);
    expect(() => new FailureRatioBreaker({ threshold: 20, failureRatio: 0.5, windowMs: Number.NaN })).toThrow(RangeError);
  });
});
