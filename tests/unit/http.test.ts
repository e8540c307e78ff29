import { LegacyHttp, path } from '../../lib/http';
import { SystemUnavailableError } from '../../lib/errors';
import { localServer } from '../support/local-server';

/** A legacy system on loopback whose answer each test scripts. */
describe('the resilient legacy client', () => {
  let behaviour: 'ok' | 'hang' | 'unavailable' | 'flaky' = 'ok';
  let calls = 0;
  const legacy = localServer((request, response) => {
    calls += 1;
    if (behaviour === 'hang') return;
    if (behaviour === 'unavailable' || (behaviour === 'flaky' && calls === 1)) {
      response.statusCode = 503;
      return response.end('down');
    }
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ path: request.url }));
  });
  beforeEach(() => {
    calls = 0;
  });

  // Only the hung system's test needs a short timeout; a loaded machine may take longer than it for
  // an answer that does come.
  const client = (timeoutMs = 5_000) =>
    new LegacyHttp({
      system: 'pos',
      baseURL: legacy.url(),
      timeoutMs,
      retries: 2,
      breakerThreshold: 3,
      breakerHalfOpenAfterMs: 60_000,
    });
  const failure = async (promise: Promise<unknown>) => {
    const error = await promise.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SystemUnavailableError);
    return (error as SystemUnavailableError).extensions;
  };

  it('retries a read that failed once, and encodes path parameters', async () => {
    behaviour = 'flaky';
    const response = await client().read<{ path: string }>({ url: path`/items/${'A/B ?x'}` });
    expect(response.data.path).toBe('/items/A%2FB%20%3Fx');
    expect(calls).toBe(2);
  });

  it('gives up on a hung call after its timeout, with a typed TIMEOUT', async () => {
    behaviour = 'hang';
    expect(await failure(client(150).read({ url: '/slow' }))).toEqual({ code: 'POS_UNAVAILABLE', system: 'pos', reason: 'TIMEOUT' });
    expect(calls).toBe(3);
  });

  it('never retries a write', async () => {
    behaviour = 'unavailable';
    expect((await failure(client().write({ method: 'POST', url: '/sales' }))).reason).toBe('DOWN');
    expect(calls).toBe(1);
  });

  it('opens the circuit after consecutive failures and stops calling the system', async () => {
    behaviour = 'unavailable';
    const http = client();
    for (let i = 0; i < 3; i += 1) await failure(http.write({ method: 'POST', url: '/sales' }));
    const before = calls;
    expect((await failure(http.read({ url: '/items' }))).reason).toBe('CIRCUIT_OPEN');
    expect(calls).toBe(before);
  });

  it('cannot be pointed at another host by an absolute URL', async () => {
    behaviour = 'ok';
    const response = await client().read<{ path: string }>({ url: 'http://example.invalid/steal' });
    expect(response.data.path).toBe('/http://example.invalid/steal');
  });
});
