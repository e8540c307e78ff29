import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { assembleGateway, GatewayPlugin } from '../../gateway/plugin';
import { useAuthorization } from '../../gateway/plugins/authorization';
import { useSubgraphTransport } from '../../gateway/plugins/subgraph-transport';
import { useSupergraphFile } from '../../gateway/plugins/supergraph-source';
import { useNoTelemetry } from '../../gateway/plugins/telemetry';
import { useTrustedDocuments } from '../../gateway/plugins/trusted-documents';
import { DEFAULT_SUPERGRAPH_PATH } from '../../gateway/server';
import { ANONYMOUS, Caller } from '../../lib/context';
import { createLogger } from '../../lib/logger';
import { trustedDocuments } from '../../scripts/trusted-documents';

const log = createLogger('gateway', { LOG_LEVEL: 'silent' });
const registered = trustedDocuments().operations.find((operation) => operation.name === 'StoresWithStock')!;
const BACK_OFFICE: Caller = { ...ANONYMOUS, id: 'steward-1', roles: ['back-office'] };
const CUSTOMER: Caller = { ...ANONYMOUS, id: 'yen', roles: ['customer'], scopes: ['customer:self'], customerId: 'Q3VzdG9tZXI6Q1JNOjEwNw' };

/** Stands in for caller.ts, which verifies tokens: here the test names the caller in a header. */
const callerFromTestHeader: GatewayPlugin = {
  name: 'test-caller',
  preHandler: async (request) => {
    const named = request.headers['x-test-caller'];
    request.caller = named === 'back-office' ? BACK_OFFICE : named === 'customer' ? CUSTOMER : ANONYMOUS;
  },
};

async function gateway(env: NodeJS.ProcessEnv): Promise<FastifyInstance> {
  return assembleGateway(
    [
      useNoTelemetry(),
      useSupergraphFile(DEFAULT_SUPERGRAPH_PATH, log),
      useSubgraphTransport({}),
      callerFromTestHeader,
      useTrustedDocuments(env),
      // The supergraph's access rules: without this plugin the gateway refuses to load it.
      useAuthorization(),
    ],
    log,
  );
}

const byHash = (sha256Hash: string, query?: string) => ({ query, extensions: { persistedQuery: { version: 1, sha256Hash } } });

describe('trusted documents, required (production)', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await gateway({ NODE_ENV: 'production' });
  });
  afterAll(async () => app.close());

  const post = (payload: object, caller?: string) =>
    app.inject({ method: 'POST', url: '/graphql', headers: caller ? { 'x-test-caller': caller } : {}, payload });

  it('refuses an operation sent as text by an app', async () => {
    for (const caller of [undefined, 'customer']) {
      const answer = await post({ query: '{ __typename }' }, caller);
      expect(answer.statusCode).toBe(400);
      expect(answer.json().errors[0].extensions.code).toBe('PERSISTED_QUERY_ONLY');
    }
  });

  it('runs a registered operation sent by its hash alone', async () => {
    const answer = await post({
      ...byHash(registered.id),
      variables: { sku: 'QJ-0003-BE-M', near: { latitude: 10.78, longitude: 106.7 } },
    });
    // No subgraph runs in this test: the operation got past the gateway's guards and reached planning.
    expect(answer.statusCode).toBe(200);
    expect(answer.json().errors.map((e: { extensions: { code: string } }) => e.extensions.code)).not.toContain('PERSISTED_QUERY_ONLY');
  });

  it('answers PERSISTED_QUERY_NOT_FOUND for a hash no one registered, even with its text: apps cannot register their own', async () => {
    const query = '{ customers { totalCount } }';
    const hash = createHash('sha256').update(query).digest('hex');
    for (const payload of [byHash(hash), byHash(hash, query)]) {
      const answer = await post(payload);
      expect(answer.statusCode).toBe(400);
      expect(answer.json().errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    }
  });

  it('refuses a registered hash sent with other text', async () => {
    const answer = await post(byHash(registered.id, '{ customers { totalCount } }'));
    expect(answer.statusCode).toBe(400);
    expect(answer.json().errors[0].extensions.code).toBe('BAD_REQUEST');
  });

  it('takes the hash from a GET as well', async () => {
    const extensions = encodeURIComponent(JSON.stringify({ persistedQuery: { version: 1, sha256Hash: 'f'.repeat(64) } }));
    const answer = await app.inject({ method: 'GET', url: `/graphql?extensions=${extensions}` });
    expect(answer.json().errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  it('lets the back office explore with operations of its own', async () => {
    const answer = await post({ query: '{ __typename }' }, 'back-office');
    expect(answer.statusCode).toBe(200);
    expect(answer.json().data).toEqual({ __typename: 'Query' });
  });
});

describe('trusted documents, optional (development)', () => {
  it('takes text and hashes alike', async () => {
    const app = await gateway({ NODE_ENV: 'development' });
    try {
      const text = await app.inject({ method: 'POST', url: '/graphql', payload: { query: '{ __typename }' } });
      expect(text.json().data).toEqual({ __typename: 'Query' });
      const unknown = await app.inject({ method: 'POST', url: '/graphql', payload: byHash('0'.repeat(64)) });
      expect(unknown.json().errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    } finally {
      await app.close();
    }
  });

  it('refuses a mode it does not know at start', () => {
    expect(() => useTrustedDocuments({ OMNIGRAPH_TRUSTED_DOCUMENTS: 'sometimes' })).toThrow('OMNIGRAPH_TRUSTED_DOCUMENTS');
  });
});
