import { createServer, IncomingHttpHeaders } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { GraphQLDataSource } from '@apollo/gateway';
import { useSubgraphTransport } from '../../gateway/plugins/subgraph-transport';
import type { GatewayPlugin } from '../../gateway/plugin';
import { encodeCaller } from '../../lib/context';
import { verifyRequest } from '../../lib/signature';

interface Seen {
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** Only what the data source reads of a call: the operation and the context. */
const call = (source: GraphQLDataSource, context: object = {}) => source.process({ request: { query: '{ ok }' }, context } as never);
const failureOf = (answer: Promise<unknown>) =>
  answer.then(
    () => 'answered',
    (error: { extensions: unknown }) => error.extensions,
  );

describe('the subgraph transport plugin', () => {
  const seen: Seen[] = [];
  const sockets = new Set<Socket>();
  let connections = 0;
  // Answers every path but /slow, which never answers.
  const subgraph = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      seen.push({ url: request.url ?? '', headers: request.headers, body });
      if (request.url !== '/slow') response.setHeader('content-type', 'application/json').end(JSON.stringify({ data: { ok: true } }));
    });
  });
  subgraph.on('connection', (socket: Socket) => {
    connections += 1;
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  let origin: string;
  let transport: GatewayPlugin;
  const service = (name: string, url = `${origin}/composed`) => transport.gateway!.buildService!({ name, url });

  beforeAll(async () => {
    await new Promise<void>((resolve) => subgraph.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(subgraph.address() as AddressInfo).port}`;
    transport = useSubgraphTransport({
      OMNIGRAPH_GATEWAY_SECRET: 'shared-secret',
      SUBGRAPH_TIMEOUT_MS: '300',
      CRM_SUBGRAPH_URL: `${origin}/crm`,
    });
  });
  afterAll(async () => {
    await transport.close!();
    await new Promise((resolve) => subgraph.close(resolve));
  });
  beforeEach(() => {
    seen.length = 0;
  });

  it('calls a subgraph where <NAME>_SUBGRAPH_URL says, else where the supergraph says', async () => {
    await call(service('crm'));
    await call(service('orders'));
    expect(seen.map((s) => s.url)).toEqual(['/crm', '/composed']);
  });

  it('signs the exact body with the secret it shares with subgraphs, over the request id and the caller', async () => {
    const callerHeader = encodeCaller({
      id: 'staff-42',
      roles: ['store-associate'],
      scopes: ['store:counter'],
      customerId: null,
      stores: ['S101'],
      clientId: 'omnigraph-staff',
    });
    expect(await call(service('orders'), { requestId: 'till-3-abc', callerHeader })).toEqual({ data: { ok: true } });
    const [{ headers, body }] = seen;
    expect(headers['x-request-id']).toBe('till-3-abc');
    expect(headers['x-omnigraph-caller']).toBe(callerHeader);
    expect(
      verifyRequest('shared-secret', headers['x-omnigraph-signature'] as string, { requestId: 'till-3-abc', caller: callerHeader, body }),
    ).toBe(true);
    expect(
      verifyRequest('omnigraph-development-secret', headers['x-omnigraph-signature'] as string, {
        requestId: 'till-3-abc',
        caller: callerHeader,
        body,
      }),
    ).toBe(false);
  });

  it('signs a call made for no request (schema loads, health checks), which carries no request id or caller', async () => {
    await call(service('orders'));
    const [{ headers, body }] = seen;
    expect(headers['x-request-id']).toBeUndefined();
    expect(headers['x-omnigraph-caller']).toBeUndefined();
    expect(verifyRequest('shared-secret', headers['x-omnigraph-signature'] as string, { requestId: '', caller: '', body })).toBe(true);
  });

  it('keeps one connection alive for every call, across the data sources each schema reload builds', async () => {
    const before = connections;
    for (const source of [service('orders'), service('orders'), service('orders')]) {
      await call(source);
      await call(source);
    }
    expect(seen).toHaveLength(6);
    expect(connections - before).toBeLessThanOrEqual(1);
  });

  it('gives up on a subgraph after SUBGRAPH_TIMEOUT_MS', async () => {
    const started = Date.now();
    expect(await failureOf(call(service('orders', `${origin}/slow`)))).toEqual({ code: 'ORDERS_UNAVAILABLE', reason: 'TIMEOUT' });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('closes its connections when the gateway closes, and calls nothing after', async () => {
    const closing = useSubgraphTransport({ NODE_ENV: 'test' });
    const source = closing.gateway!.buildService!({ name: 'orders', url: `${origin}/composed` });
    await call(source);
    const open = sockets.size;
    await closing.close!();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(sockets.size).toBe(open - 1);
    expect(await failureOf(call(source))).toEqual({ code: 'ORDERS_UNAVAILABLE', reason: 'DOWN' });
  });

  it('needs OMNIGRAPH_GATEWAY_SECRET in production', () => {
    expect(() => useSubgraphTransport({ NODE_ENV: 'production' })).toThrow('OMNIGRAPH_GATEWAY_SECRET must be set in production');
  });
});
