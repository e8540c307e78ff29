import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { EntityCaches } from '../../lib/entity-cache';
import { closeEventBus, eventBus } from '../../lib/events';
import { LegacyHttp, routeOf } from '../../lib/http';
import { metricsAccess, observedBy, OperationNames, SubgraphMetrics } from '../../lib/metrics';
import { parseMetrics, valueOf } from '../support/metrics';
import { eventually } from '../support/eventually';

const log = pino({ level: 'silent' });

describe('metric labels', () => {
  it('names a legacy call by its method and route, ids taken out', () => {
    expect(routeOf('get', '/V1/products?searchCriteria[pageSize]=20')).toBe('GET /V1/products');
    expect(routeOf('post', '/customers/42/carts')).toBe('POST /customers/:id/carts');
    expect(routeOf('put', '/guest-carts/fM3kQzd8Xx/coupons/SUMMER')).toBe('PUT /guest-carts/:id/coupons/:id');
    expect(routeOf('get', '/poslog/v1/stores/S101/business-days/2026-01-02/batch')).toBe(
      'GET /poslog/v1/stores/:id/business-days/:id/batch',
    );
    expect(routeOf('patch', "/API_RESERVATION_DOCUMENT_SRV/A_ReservationDocumentItem(Reservation='1',ReservationItem='2')")).toBe(
      'PATCH /API_RESERVATION_DOCUMENT_SRV/A_ReservationDocumentItem(…)',
    );
    expect(routeOf('get', '/api/v2/order/get_order_list')).toBe('GET /api/v2/order/get_order_list');
  });

  it('bounds operation names: registered ones, then first seen up to a cap, then "other"', () => {
    const names = new OperationNames(['Registered'], 2);
    expect([names.label('A'), names.label('B'), names.label('C'), names.label('A'), names.label('Registered')]).toEqual([
      'A',
      'B',
      'other',
      'A',
      'Registered',
    ]);
    expect([names.label(undefined), names.label('not a name!')]).toEqual(['anonymous', 'other']);
  });

  it('lets anyone scrape outside production, only the token holder in it, and nobody there without a token', () => {
    expect(metricsAccess({})!(undefined)).toBe(true);
    expect(metricsAccess({ NODE_ENV: 'production' })).toBeNull();
    const allowed = metricsAccess({ NODE_ENV: 'production', OMNIGRAPH_METRICS_TOKEN: 't0ken' })!;
    expect([allowed(undefined), allowed('Bearer nope'), allowed('Bearer t0ken')]).toEqual([false, false, true]);
  });
});

describe('what the shared libraries report to the service they are built for', () => {
  let server: Server;
  let baseURL: string;
  let failing = false;
  beforeAll(async () => {
    server = createServer((request, response) => {
      response.statusCode = failing ? 500 : request.url?.startsWith('/missing') ? 404 : 200;
      response.setHeader('content-type', 'application/json');
      response.end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await closeEventBus();
  });

  it('legacy calls, retries and the breaker, each service its own', async () => {
    const mine = new SubgraphMetrics('mine');
    const theirs = new SubgraphMetrics('theirs');
    const options = { system: 'pos', baseURL, retries: 1, breakerThreshold: 3, breakerFailureRatio: 0.5, breakerHalfOpenAfterMs: 60_000 };
    const http = observedBy(mine, () => new LegacyHttp(options));
    observedBy(theirs, () => new LegacyHttp(options));
    await http.read({ method: 'GET', url: '/stores/S101' });
    await expect(http.read({ method: 'GET', url: '/missing/7' })).rejects.toThrow();
    failing = true;
    await expect(http.read({ method: 'GET', url: '/stores/S102', operation: 'stores.get' })).rejects.toThrow();
    failing = false;
    const samples = parseMetrics(await mine.exposition());
    expect(
      valueOf(samples, 'omnigraph_legacy_calls_total', { service: 'mine', system: 'pos', operation: 'GET /stores/:id', outcome: 'ok' }),
    ).toBe(1);
    expect(valueOf(samples, 'omnigraph_legacy_calls_total', { operation: 'GET /missing/:id', outcome: 'refused' })).toBe(1);
    expect(valueOf(samples, 'omnigraph_legacy_calls_total', { operation: 'stores.get', outcome: 'error' })).toBe(1);
    expect(valueOf(samples, 'omnigraph_legacy_retries_total', { system: 'pos' })).toBe(1);
    expect(valueOf(samples, 'omnigraph_circuit_breaker_state', { system: 'pos' })).toBe(2);
    const other = parseMetrics(await theirs.exposition());
    expect(valueOf(other, 'omnigraph_legacy_calls_total')).toBe(0);
    expect(valueOf(other, 'omnigraph_circuit_breaker_state', { service: 'theirs', system: 'pos' })).toBe(0);
  });

  it('entity cache hits and misses by type, and the lag of the events that invalidate it', async () => {
    const metrics = new SubgraphMetrics('cached');
    const caches = observedBy(metrics, () => EntityCaches.fromEnv({}, log));
    const products = caches.cache<string>('product', 60_000);
    caches.invalidateOn('catalogue.product.*', (event) => [event.subject.split('.')[2]], [products]);
    const read = async (ids: string[]) => new Map(ids.map((id) => [id, `${id}!`]));
    await products.readThrough(['A', 'B'], read);
    await products.readThrough(['A', 'B', 'C'], read);
    const bus = await eventBus({});
    // Published until the cache's subscription (made as it was built) has taken one.
    const samples = await eventually(
      async () => {
        await bus.publish('catalogue.product.A', {});
        return parseMetrics(await metrics.exposition());
      },
      (read) => valueOf(read, 'omnigraph_event_lag_seconds_count', { consumer: 'entity-cache' }) > 0,
      5,
    );
    expect(valueOf(samples, 'omnigraph_event_lag_seconds_count', { consumer: 'entity-cache' })).toBeGreaterThan(0);
    expect(valueOf(samples, 'omnigraph_entity_cache_requests_total', { type: 'product', result: 'hit' })).toBe(2);
    expect(valueOf(samples, 'omnigraph_entity_cache_requests_total', { type: 'product', result: 'miss' })).toBe(3);
    await caches.close();
  });
});
