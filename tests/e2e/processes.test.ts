import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { GRAPH_RESOURCE } from '../../identity-provider/directory';
import { personasOf } from '../../legacy/seed/personas';
import { generateWorld } from '../../legacy/seed/world';
import { eventually } from '../support/eventually';
import { bearer, tokenAs } from '../support/tokens';

const root = resolve(__dirname, '../..');

/** What an OTLP/HTTP exporter posts as JSON, as far as the test reads it. */
interface OtlpTraces {
  resourceSpans: {
    resource: { attributes: { key: string; value: { stringValue?: string } }[] };
    scopeSpans: { spans: { traceId: string; spanId: string; parentSpanId?: string; name: string }[] }[];
  }[];
}

/** Starts an entry point as its own process, as a deployment would, and waits for its line. */
function launch(entry: string, env: Record<string, string>, ready: RegExp): Promise<ChildProcess> {
  return new Promise((resolveStart, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', entry], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const timer = setTimeout(() => reject(new Error(`${entry} did not start: ${output}`)), 20_000);
    const listen = (chunk: Buffer) => {
      output += chunk.toString();
      if (ready.test(output)) {
        clearTimeout(timer);
        resolveStart(child);
      }
    };
    child.stdout.on('data', listen);
    child.stderr.on('data', listen);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${entry} exited with ${code}: ${output}`));
    });
  });
}

describe('each piece runs as its own process', () => {
  const children: ChildProcess[] = [];
  // An OpenTelemetry collector's OTLP/HTTP endpoint: the spans each process exports, with its resource.
  const exported: { service: string; traceId: string; parentSpanId?: string; spanId: string; name: string }[] = [];
  let collector: Server;
  let collectorUrl = '';
  beforeAll(async () => {
    collector = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        for (const { resource, scopeSpans } of (JSON.parse(body) as OtlpTraces).resourceSpans) {
          const service = resource.attributes.find((attribute) => attribute.key === 'service.name')?.value.stringValue ?? '';
          for (const { spans } of scopeSpans)
            exported.push(...spans.map(({ traceId, spanId, parentSpanId, name }) => ({ service, traceId, spanId, parentSpanId, name })));
        }
        response.end('{}');
      });
    });
    await new Promise<void>((done) => collector.listen(0, '127.0.0.1', done));
    collectorUrl = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    children.forEach((child) => child.kill('SIGTERM'));
    collector.closeAllConnections();
    collector.close();
  });
  /** Traced to the collector, exported within 50 ms of each span's end. */
  const traced = () => ({ OTEL_EXPORTER_OTLP_ENDPOINT: collectorUrl, OTEL_BSP_SCHEDULE_DELAY: '50' });

  it('starts the identity provider, a subgraph and the gateway on their own: they answer health probes and a signed-in caller, each tracing its part', async () => {
    // The embedded provider as npm run identity-provider runs it, with the personas of the default world.
    const personas = personasOf(generateWorld({ seed: 42, size: 'small' }));
    const issuer = 'http://127.0.0.1:14810';
    children.push(
      await launch(
        'identity-provider/main.ts',
        { IDENTITY_PROVIDER_PORT: '14810', IDENTITY_PROVIDER_PERSONAS: JSON.stringify(personas) },
        /identity provider: http/,
      ),
    );
    children.push(await launch('subgraphs/orders/main.ts', { ORDERS_SUBGRAPH_PORT: '14806', ...traced() }, /orders subgraph on/));
    // The gateway accepts the tokens of the provider it is told of, as startSystem wires it.
    children.push(
      await launch(
        'gateway/main.ts',
        {
          GATEWAY_PORT: '14800',
          ORDERS_SUBGRAPH_URL: 'http://127.0.0.1:14806/graphql',
          OMNIGRAPH_OIDC_ISSUER: issuer,
          OMNIGRAPH_OIDC_AUDIENCE: GRAPH_RESOURCE,
          ...traced(),
        },
        /gateway on/,
      ),
    );
    expect(await (await fetch('http://127.0.0.1:14806/health')).json()).toEqual({ status: 'ok', subgraph: 'orders' });
    expect(await (await fetch('http://127.0.0.1:14800/health')).json()).toEqual({ status: 'ok' });
    const orderId = Buffer.from('StoreOrder:101-1-1001-2026-11-01').toString('base64url');
    const ask = (headers: Record<string, string> = {}) =>
      fetch('http://127.0.0.1:14800/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query: `query OrderById { order(id: "${orderId}") { id } }` }),
      }).then((response) => response.json());
    // A call-center agent reads any order; no one reads one anonymously.
    const agent = await tokenAs({ identityProviderUrl: issuer, personas }, 'agent');
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    expect(await ask({ ...bearer(agent), traceparent: `00-${traceId}-00f067aa0ba902b7-01` })).toEqual({ data: { order: { id: orderId } } });
    // Each process exported its part of the client's trace under its own service name, the subgraph's under the gateway's call.
    const spans = await eventually(
      async () => exported.filter((span) => span.traceId === traceId),
      (found) => found.some((span) => span.service === 'orders'),
    );
    const call = spans.find((span) => span.service === 'gateway' && span.name === 'subgraph orders');
    expect(spans.find((span) => span.service === 'orders')).toMatchObject({
      name: 'query OrderById__orders__0',
      parentSpanId: call?.spanId,
    });
    expect(await ask()).toEqual({
      data: { order: null },
      errors: [expect.objectContaining({ path: ['order'], extensions: expect.objectContaining({ code: 'UNAUTHENTICATED' }) })],
    });
  });
});

describe('the gateway in one worker process per core', () => {
  const workersOf = (primary: ChildProcess) =>
    execFileSync('ps', ['--ppid', String(primary.pid), '-o', 'pid='], { encoding: 'utf8' })
      .split('\n')
      .map((line) => Number(line.trim()))
      .filter((pid) => pid > 0);
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };

  it('serves one port from two workers, replaces a worker that dies, and stops them all on SIGTERM', async () => {
    const primary = await launch('gateway/main.ts', { GATEWAY_PORT: '14802', OMNIGRAPH_GATEWAY_WORKERS: '2' }, /\(2 worker processes\)/);
    const health = async () => (await fetch('http://127.0.0.1:14802/health')).status;
    try {
      const [first, second] = workersOf(primary);
      expect(workersOf(primary)).toHaveLength(2);
      expect(await health()).toBe(200);

      process.kill(first, 'SIGKILL');
      const replaced = await eventually(
        () => Promise.resolve(workersOf(primary)),
        (workers) => workers.length === 2 && !workers.includes(first),
      );
      expect(replaced).toHaveLength(2);
      expect(replaced).not.toContain(first);
      expect(replaced).toContain(second);
      expect(await eventually(health, (status) => status === 200)).toBe(200);

      const exited = new Promise<number | null>((done) => primary.once('exit', done));
      const workers = workersOf(primary);
      primary.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(
        await eventually(
          () => Promise.resolve(workers.filter(alive)),
          (left) => left.length === 0,
        ),
      ).toEqual([]);
    } finally {
      if (primary.exitCode === null) primary.kill('SIGKILL');
    }
  });

  it('refuses a worker count that is not one, with its reason', async () => {
    await expect(launch('gateway/main.ts', { GATEWAY_PORT: '14803', OMNIGRAPH_GATEWAY_WORKERS: 'many' }, /gateway on/)).rejects.toThrow(
      /exited with 1: OMNIGRAPH_GATEWAY_WORKERS must be a whole number of processes or "auto", not "many"/,
    );
  });
});
