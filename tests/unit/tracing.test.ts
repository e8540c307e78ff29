import { spawn } from 'node:child_process';
import type { IncomingHttpHeaders } from 'node:http';
import { resolve } from 'node:path';
import { SpanKind, trace } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { LegacyHttp } from '../../lib/http';
import { SERVICE_ATTRIBUTE, served, startTracing, tracesExporterOf, tracingOn } from '../../lib/tracing';
import { localServer } from '../support/local-server';

const ROOT = resolve(__dirname, '../..');

/** A legacy system on loopback that records what each call sent (and answers 503 first when flaky), and an OTLP collector. */
describe('tracing and the headers a legacy system receives', () => {
  let flaky = false;
  const seen: { url: string; headers: IncomingHttpHeaders; body: string }[] = [];
  const legacy = localServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      seen.push({ url: request.url ?? '', headers: request.headers, body });
      if (flaky && seen.length === 1) {
        response.statusCode = 503;
        return response.end('down');
      }
      response.setHeader('content-type', 'application/json');
      response.end('{}');
    });
  });
  beforeEach(() => {
    seen.length = 0;
    flaky = false;
  });

  const crm = () => new LegacyHttp({ system: 'crm', baseURL: legacy.url(), retries: 2 });
  /** A request to the crm subgraph, as lib/subgraph.ts serves one, with these headers. */
  const serving = <T>(headers: IncomingHttpHeaders, serve: () => Promise<T>) =>
    served('crm', '/graphql', { method: 'POST', headers, requestId: 'till-3-abc' }, serve, () => 200);

  it('is off without configuration: nothing registered, spans are no-ops, and OTEL_SDK_DISABLED or exporter none win', () => {
    expect(startTracing({ service: 'gateway', env: {} })).toBeUndefined();
    expect(tracingOn()).toBe(false);
    const span = trace.getTracer('any').startSpan('anything');
    expect(span.isRecording()).toBe(false);
    expect(tracesExporterOf({})).toBeNull();
    expect(tracesExporterOf({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe('otlp');
    expect(tracesExporterOf({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' })).toBe('otlp');
    expect(tracesExporterOf({ OTEL_TRACES_EXPORTER: 'console' })).toBe('console');
    expect(tracesExporterOf({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'true' })).toBeNull();
    expect(tracesExporterOf({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_TRACES_EXPORTER: 'none' })).toBeNull();
    expect(() => tracesExporterOf({ OTEL_TRACES_EXPORTER: 'jaeger' })).toThrow('OTEL_TRACES_EXPORTER must be otlp, console or none');
  });

  it('sends the request id to the legacy system, and no trace context, while tracing is off', async () => {
    await serving({ traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' }, () => crm().read({ url: '/customers/42' }));
    await crm().read({ url: '/customers/43' });
    expect(seen.map(({ url, headers }) => ({ url, requestId: headers['x-request-id'], traceparent: headers.traceparent }))).toEqual([
      { url: '/customers/42', requestId: 'till-3-abc', traceparent: undefined },
      { url: '/customers/43', requestId: undefined, traceparent: undefined },
    ]);
  });

  describe('while tracing is on', () => {
    const exporter = new InMemorySpanExporter();
    let tracing: ReturnType<typeof startTracing>;
    beforeAll(() => (tracing = startTracing({ service: 'crm', exporter })));
    afterAll(() => tracing?.stop());
    beforeEach(() => exporter.reset());

    it('makes one client span per legacy call, named by system and operation, whose traceparent the system receives', async () => {
      flaky = true;
      await serving({ traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' }, () =>
        crm().read({ url: '/customers/42/carts' }),
      );
      const [call, server] = exporter.getFinishedSpans();
      expect(server).toMatchObject({
        name: 'POST /graphql',
        kind: SpanKind.SERVER,
        parentSpanContext: expect.objectContaining({ spanId: '00f067aa0ba902b7' }),
        attributes: expect.objectContaining({
          [SERVICE_ATTRIBUTE]: 'crm',
          'omnigraph.request_id': 'till-3-abc',
          'http.response.status_code': 200,
        }),
      });
      expect(call).toMatchObject({
        name: 'crm GET /customers/:id/carts',
        kind: SpanKind.CLIENT,
        parentSpanContext: expect.objectContaining({ spanId: server.spanContext().spanId }),
        attributes: expect.objectContaining({
          [SERVICE_ATTRIBUTE]: 'crm',
          'omnigraph.legacy.attempts': 2,
          'http.response.status_code': 200,
        }),
      });
      expect(call.spanContext().traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
      // Both attempts carry the call's span and the request id; a client's baggage is not passed on.
      expect(seen.map(({ headers }) => [headers.traceparent, headers['x-request-id'], headers.baggage])).toEqual([
        [`00-4bf92f3577b34da6a3ce929d0e0e4736-${call.spanContext().spanId}-01`, 'till-3-abc', undefined],
        [`00-4bf92f3577b34da6a3ce929d0e0e4736-${call.spanContext().spanId}-01`, 'till-3-abc', undefined],
      ]);
    });

    it('traces no legacy call made outside a request (a feed, a sync), and starts a new trace for a request without one', async () => {
      await crm().read({ url: '/customers/43' });
      expect(exporter.getFinishedSpans()).toEqual([]);
      expect(seen[0].headers.traceparent).toBeUndefined();
      await serving({}, () => crm().read({ url: '/customers/44' }));
      const [call, server] = exporter.getFinishedSpans();
      expect(server.parentSpanContext).toBeUndefined();
      expect(call.spanContext().traceId).toBe(server.spanContext().traceId);
      expect(seen[1].headers.traceparent).toBe(`00-${server.spanContext().traceId}-${call.spanContext().spanId}-01`);
    });

    it('records a failed call as an error with its outcome', async () => {
      await serving({}, () => new LegacyHttp({ system: 'crm', baseURL: 'http://127.0.0.1:1', retries: 0 }).read({ url: '/x' })).catch(
        () => undefined,
      );
      const [call] = exporter.getFinishedSpans();
      expect(call).toMatchObject({
        name: 'crm GET /x',
        status: { code: 2 },
        attributes: expect.objectContaining({ 'omnigraph.legacy.outcome': 'down' }),
      });
    });
  });

  it('exports by OTLP/HTTP to the configured endpoint, with the service in the resource', async () => {
    // Its own process: the exporter loads node:http by dynamic import, which Jest's module loader refuses.
    const script = `
      import { served, startTracing } from './lib/tracing';
      const tracing = startTracing({ service: 'crm' });
      served('crm', '/graphql', { method: 'POST', headers: {}, requestId: 'r-1' }, async () => undefined, () => 200).then(() => tracing?.stop());`;
    const child = spawn(resolve(ROOT, 'node_modules/.bin/tsx'), ['-e', script], {
      cwd: ROOT,
      env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: legacy.url(), OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=test' },
      stdio: 'inherit',
    });
    expect(await new Promise((done) => child.on('exit', done))).toBe(0);
    const [post] = seen;
    expect(post.url).toBe('/v1/traces');
    const resource = JSON.stringify(JSON.parse(post.body).resourceSpans[0].resource.attributes);
    expect(resource).toContain('{"key":"service.name","value":{"stringValue":"crm"}}');
    expect(resource).toContain('{"key":"deployment.environment.name","value":{"stringValue":"test"}}');
    expect(post.body).toContain('"name":"POST /graphql"');
  });
});
