import { adminHeaders } from '../../legacy/kit/admin';
import { generateWorld } from '../../legacy/seed/world';
import { RunningSystem, startSystem } from '../../scripts/system';
import type { SubgraphName } from '../../subgraphs/services';
import { execute } from '../support/graphql';
import { eventually } from '../support/eventually';
import { samplesOf, scrape, valueOf } from '../support/metrics';
import { headersAs } from '../support/tokens';

/** The back office's customer list: the identity subgraph's customers, the crm subgraph's profiles from the CRM. */
const CUSTOMERS = `query Customers { customers(first: 3) { edges { node { id profile { fullName } } } } }`;

const subgraphs: SubgraphName[] = ['identity', 'crm'];

describe('metrics of a running system', () => {
  let system: RunningSystem;

  beforeAll(async () => {
    system = await startSystem({
      world: generateWorld({ seed: 7, size: 'small' }),
      subgraphs,
      // One attempt a read, and a breaker that opens at half of 5 attempts or more and stays open, so
      // the CRM's own errors are seen first and then the gauge move.
      env: {
        LOG_LEVEL: 'silent',
        IDENTITY_SYNC_INTERVAL_MS: '0',
        CRM_TIMEOUT_MS: '1000',
        CRM_RETRIES: '0',
        CRM_BREAKER_THRESHOLD: '5',
        CRM_BREAKER_FAILURE_RATIO: '0.5',
        CRM_BREAKER_WINDOW_MS: '60000',
        CRM_BREAKER_HALF_OPEN_MS: '60000',
        // Every profile read reaches the CRM, so its failures are counted.
        CRM_PROFILE_CACHE_MS: '0',
      },
    });
  });
  afterAll(() => system.stop());

  const knobs = (body: object) =>
    fetch(new URL('/__admin/knobs', system.legacyUrls.crm), {
      method: 'PUT',
      headers: { 'content-type': 'application/json', ...adminHeaders(system.env) },
      body: JSON.stringify(body),
    });

  it('is ready: every subgraph and the gateways', async () => {
    for (const url of [...Object.values(system.subgraphUrls), system.gatewayUrl, system.partnerGatewayUrl]) {
      const response = await fetch(new URL('/ready', url));
      expect(response.status).toBe(200);
    }
  });

  it("counts a subgraph's legacy calls by system, operation and outcome, its own GraphQL, and its breakers closed", async () => {
    const answer = await execute<{ customers: { edges: unknown[] } }, object>(
      system.gatewayUrl,
      CUSTOMERS,
      undefined,
      await headersAs(system, 'steward'),
    );
    expect(answer.errors).toBeUndefined();
    const crm = await scrape(system.subgraphUrls.crm);
    expect(
      valueOf(crm, 'omnigraph_legacy_calls_total', { service: 'crm', system: 'crm', operation: 'res.partner.search_read', outcome: 'ok' }),
    ).toBeGreaterThan(0);
    expect(
      valueOf(crm, 'omnigraph_legacy_call_duration_seconds_count', { system: 'crm', operation: 'res.partner.search_read' }),
    ).toBeGreaterThan(0);
    expect(valueOf(crm, 'omnigraph_circuit_breaker_state', { service: 'crm', system: 'crm' })).toBe(0);
    expect(valueOf(crm, 'omnigraph_graphql_requests_total', { service: 'crm', operation_type: 'query' })).toBeGreaterThan(0);
    // The crm server's series are the crm subgraph's alone, though identity runs in the same process.
    expect(samplesOf(crm, 'omnigraph_legacy_calls_total').every((s) => s.labels.service === 'crm')).toBe(true);
    const gateway = await scrape(system.gatewayUrl);
    expect(valueOf(gateway, 'omnigraph_graphql_requests_total', { operation_name: 'Customers', operation_type: 'query' })).toBe(1);
    expect(valueOf(gateway, 'omnigraph_subgraph_request_duration_seconds_count', { subgraph: 'crm' })).toBeGreaterThan(0);
    expect(valueOf(gateway, 'omnigraph_subgraph_request_duration_seconds_count', { subgraph: 'identity' })).toBeGreaterThan(0);
  });

  it('counts failing legacy calls as errors, and shows the breaker open once enough have failed', async () => {
    const headers = await headersAs(system, 'steward');
    const circuit = async () => valueOf(await scrape(system.subgraphUrls.crm), 'omnigraph_circuit_breaker_state', { system: 'crm' });
    expect((await knobs({ errorRate: 1 })).status).toBe(200);
    try {
      const answer = await execute<unknown, object>(system.gatewayUrl, CUSTOMERS, undefined, headers);
      expect(answer.errors?.map((error) => error.extensions?.code)).toContain('CRM_UNAVAILABLE');
      // One attempt a read: the first failures are the CRM's own errors, and the breaker opens at half of 5 or more.
      const afterFirst = await scrape(system.subgraphUrls.crm);
      expect(valueOf(afterFirst, 'omnigraph_legacy_calls_total', { service: 'crm', system: 'crm', outcome: 'error' })).toBe(1);
      expect(valueOf(afterFirst, 'omnigraph_circuit_breaker_state', { system: 'crm' })).toBe(0);
      for (let tries = 0; tries < 5 && (await circuit()) !== 2; tries += 1)
        await execute<unknown, object>(system.gatewayUrl, CUSTOMERS, undefined, headers);
      expect(await circuit()).toBe(2);
      await execute<unknown, object>(system.gatewayUrl, CUSTOMERS, undefined, headers);
    } finally {
      await knobs({ errorRate: 0 });
    }
    const crm = await scrape(system.subgraphUrls.crm);
    expect(
      valueOf(crm, 'omnigraph_legacy_calls_total', { system: 'crm', operation: 'res.partner.search_read', outcome: 'error' }),
    ).toBeGreaterThan(1);
    expect(valueOf(crm, 'omnigraph_legacy_calls_total', { system: 'crm', outcome: 'circuit_open' })).toBeGreaterThan(0);
    expect(valueOf(crm, 'omnigraph_graphql_errors_total', { code: 'CRM_UNAVAILABLE' })).toBeGreaterThan(0);
    const gateway = await scrape(system.gatewayUrl);
    expect(valueOf(gateway, 'omnigraph_graphql_errors_total', { code: 'CRM_UNAVAILABLE' })).toBeGreaterThan(0);
    expect(valueOf(gateway, 'omnigraph_subgraph_errors_total', { subgraph: 'crm', code: 'CRM_UNAVAILABLE' })).toBeGreaterThan(0);
  });
});

describe('readiness of a subgraph whose system is unreachable at start', () => {
  let system: RunningSystem;

  beforeAll(async () => {
    system = await startSystem({
      world: generateWorld({ seed: 7, size: 'small' }),
      subgraphs: ['identity'],
      // The CRM stand-in starts down; identity reads changes every 300 ms, one attempt each.
      env: { LOG_LEVEL: 'silent', CRM_DOWN: 'true', IDENTITY_SYNC_INTERVAL_MS: '300', CRM_RETRIES: '0', CRM_BREAKER_THRESHOLD: '1000' },
    });
  });
  afterAll(() => system.stop());

  it('is not ready while the CRM has not been read, and is once it has', async () => {
    const ready = () => fetch(new URL('/ready', system.subgraphUrls.identity));
    const before = await ready();
    expect(before.status).toBe(503);
    expect(await before.json()).toEqual({ status: 'starting', subgraph: 'identity', waitingFor: ['crm'] });
    expect((await fetch(new URL('/health', system.subgraphUrls.identity))).status).toBe(200);
    const back = await fetch(new URL('/__admin/knobs', system.legacyUrls.crm), {
      method: 'PUT',
      headers: { 'content-type': 'application/json', ...adminHeaders(system.env) },
      body: JSON.stringify({ down: false }),
    });
    expect(back.status).toBe(200);
    const after = await eventually(ready, (response) => response.status === 200, 10);
    expect(after.status).toBe(200);
  });
});
