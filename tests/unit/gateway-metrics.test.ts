import type { FastifyInstance } from 'fastify';
import { assembleGateway } from '../../gateway/plugin';
import { useAuthorization } from '../../gateway/plugins/authorization';
import { useMasking } from '../../gateway/plugins/masking';
import { useMetrics } from '../../gateway/plugins/metrics';
import { useSubgraphTransport } from '../../gateway/plugins/subgraph-transport';
import { useSupergraphFile } from '../../gateway/plugins/supergraph-source';
import { useNoTelemetry } from '../../gateway/plugins/telemetry';
import { useTrustedDocuments } from '../../gateway/plugins/trusted-documents';
import { buildGatewayServer, DEFAULT_SUPERGRAPH_PATH } from '../../gateway/server';
import { createLogger } from '../../lib/logger';
import { parseMetrics, Sample, samplesOf, valueOf } from '../support/metrics';

const log = createLogger('gateway', { LOG_LEVEL: 'silent' });
/** No subgraph listens here: every call to the ecommerce subgraph fails to connect. */
const NOWHERE = { ECOMMERCE_SUBGRAPH_URL: 'http://127.0.0.1:9/graphql' };

/** A gateway with metrics, over the real supergraph, with the ecommerce subgraph unreachable. */
async function gateway(env: NodeJS.ProcessEnv = {}, service = 'gateway'): Promise<FastifyInstance> {
  const metrics = useMetrics(env, { service, operationNames: ['Registered'] });
  return assembleGateway(
    [
      useNoTelemetry(),
      metrics,
      useSupergraphFile(DEFAULT_SUPERGRAPH_PATH, log),
      useSubgraphTransport(NOWHERE, metrics.subgraphCalls),
      useTrustedDocuments({}),
      useAuthorization(),
      useMasking({}),
    ],
    log,
  );
}

const post = (query: string, operationName?: string, extensions?: object) => ({
  method: 'POST' as const,
  url: '/graphql',
  payload: { query, operationName, extensions },
});

async function scrape(app: FastifyInstance, headers: Record<string, string> = {}): Promise<Sample[]> {
  const response = await app.inject({ url: '/metrics', headers });
  expect(response.statusCode).toBe(200);
  expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  return parseMetrics(response.body);
}

describe('the gateway metrics', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await gateway();
  });
  afterAll(() => app.close());

  it('counts requests by operation name and type, and times them', async () => {
    expect((await app.inject(post('query Hello { __typename }'))).json()).toEqual({ data: { __typename: 'Query' } });
    await app.inject(post('query Hello { __typename }'));
    await app.inject(post('{ __typename }'));
    const samples = await scrape(app);
    expect(valueOf(samples, 'omnigraph_graphql_requests_total', { operation_name: 'Hello', operation_type: 'query' })).toBe(2);
    expect(valueOf(samples, 'omnigraph_graphql_requests_total', { operation_name: 'anonymous', operation_type: 'query' })).toBe(1);
    expect(valueOf(samples, 'omnigraph_graphql_request_duration_seconds_count', { operation_name: 'Hello' })).toBe(2);
    expect(valueOf(samples, 'omnigraph_graphql_request_duration_seconds_sum', { operation_name: 'Hello' })).toBeGreaterThan(0);
    expect(valueOf(samples, 'omnigraph_graphql_request_duration_seconds_bucket', { operation_name: 'Hello', le: '+Inf' })).toBe(2);
    // Every series of this server names it; the process's own metrics are there too.
    expect(samplesOf(samples, 'omnigraph_graphql_requests_total').every((s) => s.labels.service === 'gateway')).toBe(true);
    expect(samplesOf(samples, 'process_cpu_user_seconds_total')).toHaveLength(1);
  });

  it('counts errors by the code the client was sent: invalid operations, refusals before Apollo', async () => {
    const invalid = await app.inject(post('query Broken { nothingHere }'));
    expect(invalid.statusCode).toBe(400);
    const unknownHash = await app.inject(post('', undefined, { persistedQuery: { version: 1, sha256Hash: 'f'.repeat(64) } }));
    expect(unknownHash.json().errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    const samples = await scrape(app);
    expect(valueOf(samples, 'omnigraph_graphql_errors_total', { code: 'GRAPHQL_VALIDATION_FAILED' })).toBe(1);
    expect(valueOf(samples, 'omnigraph_graphql_requests_total', { operation_name: 'Broken', operation_type: 'query' })).toBe(1);
    expect(valueOf(samples, 'omnigraph_graphql_errors_total', { code: 'PERSISTED_QUERY_NOT_FOUND' })).toBe(1);
    expect(valueOf(samples, 'omnigraph_graphql_requests_total', { operation_name: 'anonymous', operation_type: 'unknown' })).toBe(1);
  });

  it('times subgraph calls and counts their failures by subgraph and code', async () => {
    const answer = (await app.inject(post('query Variant { productVariant(sku: "TS-1") { sku } }'))).json();
    expect(answer.errors[0].extensions).toMatchObject({ code: 'ECOMMERCE_UNAVAILABLE', reason: 'DOWN' });
    const samples = await scrape(app);
    expect(valueOf(samples, 'omnigraph_subgraph_request_duration_seconds_count', { subgraph: 'ecommerce' })).toBe(1);
    expect(valueOf(samples, 'omnigraph_subgraph_errors_total', { subgraph: 'ecommerce', code: 'DOWN' })).toBe(1);
    expect(valueOf(samples, 'omnigraph_graphql_errors_total', { code: 'ECOMMERCE_UNAVAILABLE' })).toBe(1);
    expect(valueOf(samples, 'omnigraph_graphql_requests_total', { operation_name: 'Variant', operation_type: 'query' })).toBe(1);
  });

  it('labels operations with registered names, and names first seen up to a cap, then "other"', async () => {
    for (let index = 0; index < 205; index += 1) await app.inject(post(`query Name${index} { __typename }`));
    await app.inject(post('query Registered { __typename }'));
    const samples = await scrape(app);
    const names = new Set(samplesOf(samples, 'omnigraph_graphql_requests_total').map((s) => s.labels.operation_name));
    // Hello, Broken and Variant came first; the cap is 200 names besides the registered ones.
    expect(names.has('Name196')).toBe(true);
    expect(names.has('Name197')).toBe(false);
    expect(names.has('Registered')).toBe(true);
    expect(valueOf(samples, 'omnigraph_graphql_requests_total', { operation_name: 'other' })).toBe(8);
  });

  it('is ready once the supergraph is loaded; /health stays liveness', async () => {
    expect((await app.inject({ url: '/ready' })).json()).toEqual({ status: 'ready' });
    expect((await app.inject({ url: '/health' })).json()).toEqual({ status: 'ok' });
  });

  it('keeps two gateways of one process apart: each serves its own series', async () => {
    const partner = await gateway({}, 'partner-gateway');
    await partner.inject(post('query Partner { __typename }'));
    const own = await scrape(partner);
    expect(valueOf(own, 'omnigraph_graphql_requests_total', { service: 'partner-gateway', operation_name: 'Partner' })).toBe(1);
    expect(samplesOf(own, 'omnigraph_graphql_requests_total', { service: 'gateway' })).toHaveLength(0);
    expect(samplesOf(await scrape(app), 'omnigraph_graphql_requests_total', { operation_name: 'Partner' })).toHaveLength(0);
    await partner.close();
  });
});

describe('who may read the gateway metrics', () => {
  it('in production, only a scraper with OMNIGRAPH_METRICS_TOKEN; without one set, nobody', async () => {
    const guarded = await gateway({ NODE_ENV: 'production', OMNIGRAPH_METRICS_TOKEN: 'scrape-me' });
    expect((await guarded.inject({ url: '/metrics' })).statusCode).toBe(401);
    expect((await guarded.inject({ url: '/metrics', headers: { authorization: 'Bearer wrong' } })).statusCode).toBe(401);
    expect(samplesOf(await scrape(guarded, { authorization: 'Bearer scrape-me' }), 'process_cpu_user_seconds_total')).toHaveLength(1);
    await guarded.close();
    const closed = await gateway({ NODE_ENV: 'production' });
    expect((await closed.inject({ url: '/metrics' })).statusCode).toBe(404);
    await closed.close();
  });
});

describe('the assembled gateway', () => {
  it('serves /metrics with the subscriptions open, and /ready', async () => {
    const app = await buildGatewayServer({ env: { LOG_LEVEL: 'silent', ...NOWHERE } });
    const samples = await scrape(app);
    expect(valueOf(samples, 'omnigraph_subscriptions_open', { service: 'gateway' })).toBe(0);
    expect(samplesOf(samples, 'omnigraph_subscriptions_open')).toHaveLength(1);
    expect((await app.inject({ url: '/ready' })).statusCode).toBe(200);
    await app.close();
  });
});
