import type { IncomingHttpHeaders } from 'node:http';
import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { World } from '../../legacy/seed/model';
import { generateWorld } from '../../legacy/seed/world';
import { REQUEST_ID_ATTRIBUTE, SERVICE_ATTRIBUTE, startTracing, type Tracing } from '../../lib/tracing';
import { Customer360ByPhoneDocument } from '../../operations/generated';
import { RunningSystem, startSystem } from '../../scripts/system';
import { eventually } from '../support/eventually';
import { execute } from '../support/graphql';
import { QUIET_MARKETPLACE } from '../support/quiet-marketplace';
import { headersAs } from '../support/tokens';

/** What a legacy stand-in received: its headers, as the system would log them. */
interface Received {
  system: string;
  headers: IncomingHttpHeaders;
}

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const CLIENT_SPAN_ID = '00f067aa0ba902b7';

describe('traces: a customer 360 from the client down to each legacy call', () => {
  const exporter = new InMemorySpanExporter();
  let tracing: Tracing;
  let world: World;
  let system: RunningSystem;
  const received: Received[] = [];

  beforeAll(async () => {
    // Every server of this process shares the one provider, as under `npm start`; spans say their service.
    tracing = startTracing({ service: 'omnigraph', exporter })!;
    world = generateWorld({ seed: 7, size: 'small' });
    system = await startSystem({
      world,
      env: { IDENTITY_SYNC_INTERVAL_MS: '0', ECOMMERCE_CATALOGUE_FOLLOW_MS: '0', WAREHOUSE_MOVEMENTS_FOLLOW_MS: '0', ...QUIET_MARKETPLACE },
    });
    for (const [name, app] of Object.entries(system.legacy))
      app.server.on('request', (request: { headers: IncomingHttpHeaders }) => received.push({ system: name, headers: request.headers }));
  });
  afterAll(async () => {
    await system?.stop();
    // The API's globals are this test file's alone; unregistered all the same.
    await tracing?.stop();
  });

  const phone = () => world.truth.persons.find((p) => p.crmPartnerIds.length === 1 && p.webCustomerIds.length === 1)!.phone;

  /** Sends customer 360 with these headers and answers the spans of its request once its server span has ended. */
  async function traced(headers: Record<string, string>, requestId: string): Promise<ReadableSpan[]> {
    exporter.reset();
    received.length = 0;
    const answer = await execute(
      system.gatewayUrl,
      Customer360ByPhoneDocument,
      { phone: phone() },
      { ...headers, 'x-request-id': requestId },
    );
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.customerByIdentifier?.profile?.fullName).toEqual(expect.any(String));
    return eventually(
      async () => exporter.getFinishedSpans(),
      (spans) => spans.some((span) => span.kind === SpanKind.SERVER && span.attributes[SERVICE_ATTRIBUTE] === 'gateway'),
    );
  }

  const idOf = (span: ReadableSpan) => span.spanContext().spanId;
  const parentOf = (spans: ReadableSpan[], span: ReadableSpan) => spans.find((s) => idOf(s) === span.parentSpanContext?.spanId);
  const childrenOf = (spans: ReadableSpan[], span: ReadableSpan) => spans.filter((s) => s.parentSpanContext?.spanId === idOf(span));
  const ancestorsOf = (spans: ReadableSpan[], span: ReadableSpan): ReadableSpan[] => {
    const parent = parentOf(spans, span);
    return parent ? [parent, ...ancestorsOf(spans, parent)] : [];
  };

  it('follows the client trace: gateway, plan, a fetch per subgraph, the subgraph, and every legacy call, each named', async () => {
    const spans = await traced(
      { ...(await headersAs(system, 'agent')), traceparent: `00-${TRACE_ID}-${CLIENT_SPAN_ID}-01` },
      'trace-360-with-parent',
    );
    // Every span of the request is in the client's trace: nothing else was traced meanwhile.
    expect(spans.length).toBeGreaterThan(10);
    expect(new Set(spans.map((span) => span.spanContext().traceId))).toEqual(new Set([TRACE_ID]));

    // The gateway's server span, child of the client's span, named by the operation.
    const [request] = spans.filter((span) => span.kind === SpanKind.SERVER && span.attributes[SERVICE_ATTRIBUTE] === 'gateway');
    expect(request).toMatchObject({
      name: 'query Customer360ByPhone',
      parentSpanContext: expect.objectContaining({ spanId: CLIENT_SPAN_ID, isRemote: true }),
      attributes: expect.objectContaining({
        [REQUEST_ID_ATTRIBUTE]: 'trace-360-with-parent',
        'graphql.operation.name': 'Customer360ByPhone',
        'http.response.status_code': 200,
      }),
    });

    // Apollo Gateway's own spans under it: the request, its plan and its execution, a fetch per subgraph call.
    const gatewayRequest = childrenOf(spans, request).find((span) => span.name === 'gateway.request')!;
    expect(childrenOf(spans, gatewayRequest).map((span) => span.name)).toEqual(expect.arrayContaining(['gateway.plan', 'gateway.execute']));
    const execution = childrenOf(spans, gatewayRequest).find((span) => span.name === 'gateway.execute')!;
    const fetches = spans.filter((span) => span.name === 'gateway.fetch');
    expect(fetches.every((fetch) => ancestorsOf(spans, fetch).includes(execution))).toBe(true);
    expect([...new Set(fetches.map((fetch) => fetch.attributes.service))]).toEqual(
      expect.arrayContaining(['identity', 'crm', 'ecommerce', 'pos', 'orders']),
    );
    expect(fetches.every((fetch) => fetch.attributes[SERVICE_ATTRIBUTE] === 'gateway')).toBe(true);

    // Each call to a subgraph: a client span named by the subgraph, under the fetch for it, then the subgraph's own server span
    // (a fetch left with nothing to ask, or joining another's call, makes none).
    const calls = spans.filter((span) => span.kind === SpanKind.CLIENT && span.name.startsWith('subgraph '));
    expect(calls.map((call) => call.name)).toEqual(
      expect.arrayContaining(['subgraph identity', 'subgraph crm', 'subgraph ecommerce', 'subgraph pos', 'subgraph orders']),
    );
    for (const call of calls) {
      const subgraph = call.name.slice('subgraph '.length);
      expect(parentOf(spans, call)).toMatchObject({ name: 'gateway.fetch', attributes: expect.objectContaining({ service: subgraph }) });
      expect(call.attributes['http.response.status_code']).toBe(200);
      const served = childrenOf(spans, call);
      expect(served).toHaveLength(1);
      expect(served[0]).toMatchObject({
        kind: SpanKind.SERVER,
        name: expect.stringMatching(new RegExp(`^query Customer360ByPhone__${subgraph}__\\d+$`)),
        attributes: expect.objectContaining({ [SERVICE_ATTRIBUTE]: subgraph, [REQUEST_ID_ATTRIBUTE]: 'trace-360-with-parent' }),
      });
    }

    // Each legacy call: a client span named by system and operation (no ids), under the fetch of the subgraph that owns that system.
    const legacy = spans.filter((span) => span.attributes['omnigraph.legacy.system'] !== undefined);
    expect([...new Set(legacy.map((span) => span.attributes['omnigraph.legacy.system']))]).toEqual(
      expect.arrayContaining(['crm', 'ecommerce', 'pos']),
    );
    for (const call of legacy) {
      const system = String(call.attributes['omnigraph.legacy.system']);
      expect(call.kind).toBe(SpanKind.CLIENT);
      expect(call.name).toBe(`${system} ${String(call.attributes['omnigraph.legacy.operation'])}`);
      expect(call.name).not.toMatch(/\d{3,}/);
      const server = ancestorsOf(spans, call).find((span) => span.kind === SpanKind.SERVER)!;
      expect(server.attributes[SERVICE_ATTRIBUTE]).toBe(system);
      expect(call.attributes[SERVICE_ATTRIBUTE]).toBe(system);
      expect(ancestorsOf(spans, call).find((span) => span.name === 'gateway.fetch')?.attributes.service).toBe(system);
    }

    // The legacy systems received the request id and the trace context of each call's own span.
    for (const call of legacy) {
      const sent = received.find((r) => r.headers.traceparent === `00-${TRACE_ID}-${idOf(call)}-01`);
      expect({ call: call.name, sent: sent && { system: sent.system, requestId: sent.headers['x-request-id'] } }).toEqual({
        call: call.name,
        sent: { system: call.attributes['omnigraph.legacy.system'], requestId: 'trace-360-with-parent' },
      });
    }
  });

  it('starts a new trace for a request that carries none, and the legacy systems receive it', async () => {
    const spans = await traced(await headersAs(system, 'agent'), 'trace-360-new');
    const request = spans.find((span) => span.kind === SpanKind.SERVER && span.attributes[SERVICE_ATTRIBUTE] === 'gateway')!;
    expect(request.parentSpanContext).toBeUndefined();
    const traceId = request.spanContext().traceId;
    expect(traceId).not.toBe(TRACE_ID);
    expect(new Set(spans.map((span) => span.spanContext().traceId))).toEqual(new Set([traceId]));
    const sent = received.filter((r) => r.headers['x-request-id'] === 'trace-360-new');
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.every((r) => String(r.headers.traceparent).startsWith(`00-${traceId}-`))).toBe(true);
  });
});
