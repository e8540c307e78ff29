import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { SubgraphDataSource } from '../../gateway/datasource';
import { buildGatewayServer, DEFAULT_SUPERGRAPH_PATH } from '../../gateway/server';
import { generateWorld } from '../../legacy/seed/world';
import { Caller, decodeCaller, encodeCaller } from '../../lib/context';
import { signRequest } from '../../lib/signature';
import { startSystem, RunningSystem } from '../../scripts/system';
import { errorCodes, execute } from '../support/graphql';
import { bearer, tokenAs } from '../support/tokens';

const DISPLAY_NAME = '{ customerByIdentifier(identifier: { kind: CRM_PARTNER_ID, value: "10" }) { id displayName } }';

describe('the gateway', () => {
  let system: RunningSystem;
  beforeAll(async () => {
    system = await startSystem({ world: generateWorld({ seed: 7, size: 'small' }), subgraphs: ['identity', 'orders'] });
  });
  afterAll(() => system.stop());

  it('sends Apollo no usage metrics: the gateway opts out before it is built', () => {
    expect(process.env.APOLLO_TELEMETRY_DISABLED).toBe('true');
  });

  it('answers a health probe', async () => {
    const health = await fetch(system.gatewayUrl.replace('/graphql', '/health'));
    expect(await health.json()).toEqual({ status: 'ok' });
  });

  it('shows people an explorer of the graph, outside production (tests/e2e/explorer.test.ts tries it in a browser)', async () => {
    const page = await fetch(system.gatewayUrl, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('<title>Omnigraph explorer</title>');
  });

  it('echoes a sane request id and replaces one that is not', async () => {
    const given = await execute(system.gatewayUrl, DISPLAY_NAME, undefined, { 'x-request-id': 'till-3-abc_123' });
    expect(given.headers.get('x-request-id')).toBe('till-3-abc_123');
    const replaced = await execute(system.gatewayUrl, DISPLAY_NAME, undefined, { 'x-request-id': 'no spaces <allowed>' });
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('accepts a valid bearer token and refuses a forged one with UNAUTHENTICATED', async () => {
    const token = await tokenAs(system, 'associate-s101');
    const ok = await execute(system.gatewayUrl, DISPLAY_NAME, undefined, bearer(token));
    expect(ok.data).toEqual({ customerByIdentifier: { id: expect.any(String), displayName: expect.any(String) } });
    const forged = await execute(system.gatewayUrl, DISPLAY_NAME, undefined, { authorization: `Bearer ${token.slice(0, -4)}AAAA` });
    expect(forged.status).toBe(401);
    expect(errorCodes(forged)).toEqual(['UNAUTHENTICATED']);
  });

  it('leaves subgraphs unreachable except through it: no signature, a forged one, or a replayed one is refused', async () => {
    const body = JSON.stringify({ query: '{ _entities(representations: [{ __typename: "Customer", id: "x" }]) { __typename } }' });
    const post = (headers: Record<string, string>) =>
      fetch(system.subgraphUrls.identity, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    const unsigned = await post({});
    expect(unsigned.status).toBe(401);
    expect(((await unsigned.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const forged = await post({
      'x-request-id': 'r1',
      'x-omnigraph-signature': signRequest('not-the-secret', { requestId: 'r1', caller: '', body }),
    });
    expect(forged.status).toBe(401);
    const stale = signRequest('omnigraph-development-secret', { requestId: 'r1', caller: '', body }, Date.now() - 120_000);
    expect((await post({ 'x-request-id': 'r1', 'x-omnigraph-signature': stale })).status).toBe(401);
    const genuine = signRequest('omnigraph-development-secret', { requestId: 'r1', caller: '', body });
    expect((await post({ 'x-request-id': 'r1', 'x-omnigraph-signature': genuine })).status).toBe(200);
  });

  it('reports a misspelt field without suggesting the schema, and no stack trace', async () => {
    const answer = await execute(
      system.gatewayUrl,
      '{ customerByIdentifier(identifier: { kind: EMAIL, value: "a@b.vn" }) { displayNam } }',
    );
    expect(errorCodes(answer)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(JSON.stringify(answer.errors)).not.toMatch(/Did you mean|stacktrace|\.ts:/);
  });

  it('refuses alias floods and deep queries before any subgraph is called', async () => {
    const aliases = Array.from({ length: 30 }, (_, i) => `a${i}: customer(id: "x") { id }`).join(' ');
    const flood = await execute(system.gatewayUrl, `{ ${aliases} }`);
    expect(flood.data ?? null).toBeNull();
    expect(flood.errors?.[0].message).toMatch(/alias/i);
    const deep = await execute(
      system.gatewayUrl,
      `{ mergeCandidates { edges { node { customer { mergeCandidates { customer { mergeCandidates { customer { mergeCandidates { customer { mergeCandidates { customer { id } } } } } } } } } } } } }`,
    );
    expect(deep.data ?? null).toBeNull();
    expect(deep.errors?.[0].message).toMatch(/depth/i);
  });

  it('gives a typed error naming the missing service, and no address, when a subgraph is down', async () => {
    // A call-center agent, who may read any customer and order.
    const agent = bearer(await tokenAs(system, 'agent'));
    await system.subgraphs.orders.close();
    const orderId = Buffer.from('WebOrder:000000001').toString('base64url');
    const answer = await execute(
      system.gatewayUrl,
      `{ customerByIdentifier(identifier: { kind: CRM_PARTNER_ID, value: "10" }) { displayName } order(id: "${orderId}") { id } }`,
      undefined,
      agent,
    );
    expect(answer.status).toBe(200);
    expect(answer.data).toEqual({ customerByIdentifier: { displayName: expect.any(String) }, order: null });
    expect(errorCodes(answer)).toContain('ORDERS_UNAVAILABLE');
    expect(JSON.stringify(answer.errors)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|serviceName/);
  });
});

describe('supergraph reloads', () => {
  let gateway: FastifyInstance;
  let file: string;
  const introspectCustomer = async () => {
    const { port } = gateway.server.address() as AddressInfo;
    const answer = await execute<{ __type: { description: string } }, object>(
      `http://127.0.0.1:${port}/graphql`,
      '{ __type(name: "Customer") { description } }',
    );
    return answer.data?.__type.description;
  };
  const until = async (check: () => Promise<boolean>) => {
    for (let i = 0; i < 50 && !(await check()); i += 1) await new Promise((resolve) => setTimeout(resolve, 100));
  };

  beforeAll(async () => {
    file = join(mkdtempSync(join(tmpdir(), 'omnigraph-')), 'supergraph.graphql');
    writeFileSync(file, readFileSync(DEFAULT_SUPERGRAPH_PATH, 'utf8'));
    gateway = await buildGatewayServer({ supergraphPath: file });
    await gateway.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(() => gateway.close());

  it('serves a changed supergraph file without a restart, and keeps the last good one when the file breaks', async () => {
    const original = readFileSync(file, 'utf8');
    expect(await introspectCustomer()).toBe('One person, recognised across every channel.');
    writeFileSync(file, original.replace('One person, recognised across every channel.', 'One person, everywhere.'));
    await until(async () => (await introspectCustomer()) === 'One person, everywhere.');
    expect(await introspectCustomer()).toBe('One person, everywhere.');
    const ask = () =>
      execute<{ __typename: string }, object>(
        `http://127.0.0.1:${(gateway.server.address() as AddressInfo).port}/graphql`,
        '{ __typename }',
      );
    const during = Promise.all(Array.from({ length: 200 }, (_, i) => new Promise((resolve) => setTimeout(resolve, i * 5)).then(ask)));
    for (let i = 0; i < 5; i += 1) {
      writeFileSync(file, original.replace('One person, recognised across every channel.', `One person, revision ${i}.`));
      await new Promise((resolve) => setTimeout(resolve, 220));
    }
    const answers = await during;
    expect(answers.filter((a) => a.status !== 200 || a.data?.__typename !== 'Query')).toEqual([]);
    await until(async () => (await introspectCustomer()) === 'One person, revision 4.');
    writeFileSync(file, 'this is not a supergraph');
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(await introspectCustomer()).toBe('One person, revision 4.');
  });
});

describe('what the gateway tells a subgraph', () => {
  let capture: Server;
  const seen: IncomingHttpHeaders[] = [];
  beforeAll(async () => {
    // Answers by path: /graphql well, /slow never, /broken with a 502, /garbled with a body that is not JSON.
    capture = createServer((request, response) => {
      seen.push(request.headers);
      if (request.url === '/slow') return;
      if (request.url === '/broken') return void response.writeHead(502).end('upstream exploded at 10.0.0.7');
      response.setHeader('content-type', 'application/json');
      response.end(request.url === '/garbled' ? '<html>' : JSON.stringify({ data: { ok: true } }));
    });
    await new Promise<void>((resolve) => capture.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise((resolve) => capture.close(resolve)));

  const ask = (url: string, timeoutMs = 2_000) =>
    new SubgraphDataSource('crm', url, 'omnigraph-development-secret', { timeoutMs, deduplicate: false }).process({
      kind: 0,
      request: { query: '{ ok }' },
      context: { requestId: 'req-8', callerHeader: '' },
    } as never);
  const failureOf = (answer: Promise<unknown>) =>
    answer.then(
      () => 'answered',
      (error: { message: string; extensions: unknown }) => ({ message: error.message, extensions: error.extensions }),
    );

  it('forwards the request id and the caller, signed over the exact body', async () => {
    const { port } = capture.address() as AddressInfo;
    const source = new SubgraphDataSource('crm', `http://127.0.0.1:${port}/graphql`, 'omnigraph-development-secret', {
      timeoutMs: 2_000,
      deduplicate: false,
    });
    const caller: Caller = {
      id: 'staff-42',
      roles: ['store-associate'],
      scopes: ['store:counter'],
      customerId: null,
      stores: ['S101'],
      clientId: 'omnigraph-staff',
    };
    const callerHeader = encodeCaller(caller);
    const context = { requestId: 'req-7', callerHeader };
    await source.process({
      kind: 0,
      request: {
        query: '{ ok }',
        http: { method: 'POST', url: `http://127.0.0.1:${port}/graphql`, headers: new (await import('node-fetch')).Headers() },
      },
      context,
    } as never);
    const headers = seen[0];
    expect(headers['x-request-id']).toBe('req-7');
    expect(decodeCaller(headers['x-omnigraph-caller'] as string)).toEqual(caller);
    expect(headers['x-omnigraph-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
  });

  it('gives up on a silent subgraph, a failing one and a garbled answer with a typed error that names no address', async () => {
    const { port } = capture.address() as AddressInfo;
    const unavailable = (reason: string) => ({
      message: 'The crm service is unavailable; try again shortly.',
      extensions: { code: 'CRM_UNAVAILABLE', reason },
    });
    expect(await failureOf(ask(`http://127.0.0.1:${port}/slow`, 300))).toEqual(unavailable('TIMEOUT'));
    expect(await failureOf(ask(`http://127.0.0.1:${port}/broken`))).toEqual(unavailable('ERROR'));
    expect(await failureOf(ask(`http://127.0.0.1:${port}/garbled`))).toEqual(unavailable('ERROR'));
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    expect(await failureOf(ask(`http://127.0.0.1:${closedPort}/graphql`))).toEqual(unavailable('DOWN'));
    expect(await ask(`http://127.0.0.1:${port}/graphql`)).toEqual({ data: { ok: true } });
  });
  it("shares a fetch only between a query's identical calls of one caller, and gives each its own copy of the answer", async () => {
    const { port } = capture.address() as AddressInfo;
    const source = new SubgraphDataSource('crm', `http://127.0.0.1:${port}/graphql`, 'omnigraph-development-secret', {
      timeoutMs: 2_000,
      deduplicate: true,
    });
    const fetchFor = (operation: 'query' | 'mutation', callerHeader: string) =>
      source.process({
        kind: 0,
        request: { query: '{ ok }' },
        context: { requestId: 'req-9', callerHeader },
        incomingRequestContext: { operation: { operation } },
      } as never);
    const callsOf = async (fetches: () => Promise<unknown>[]) => {
      const before = seen.length;
      const answers = await Promise.all(fetches());
      return { calls: seen.length - before, answers };
    };
    const shared = await callsOf(() => [fetchFor('query', 'a'), fetchFor('query', 'a'), fetchFor('query', 'a')]);
    expect(shared.calls).toBe(1);
    expect(shared.answers).toEqual([{ data: { ok: true } }, { data: { ok: true } }, { data: { ok: true } }]);
    expect(shared.answers[0]).not.toBe(shared.answers[1]);
    expect((await callsOf(() => [fetchFor('query', 'a'), fetchFor('query', 'b')])).calls).toBe(2);
    expect((await callsOf(() => [fetchFor('mutation', 'a'), fetchFor('mutation', 'a')])).calls).toBe(2);
  });
});
