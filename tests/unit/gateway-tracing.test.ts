import { SpanKind, trace } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import Fastify from 'fastify';
import { useRequestId } from '../../gateway/plugins/request-id';
import { useTracing } from '../../gateway/plugins/tracing';
import { SERVICE_ATTRIBUTE, startTracing, type Tracing } from '../../lib/tracing';

describe('the tracing plugin', () => {
  it('adds nothing while tracing is off', () => {
    expect(useTracing('gateway')).toEqual({ name: 'tracing' });
  });

  describe('while tracing is on', () => {
    const exporter = new InMemorySpanExporter();
    let tracing: Tracing;
    const app = Fastify();
    beforeAll(() => {
      tracing = startTracing({ service: 'omnigraph', exporter })!;
      useRequestId().fastify!(app);
      const plugin = useTracing('gateway');
      plugin.fastify!(app);
      // A guard that waits, as the caller's does for the provider's keys, then the span the handler runs in.
      const guard = async () => void (await new Promise((resolve) => setTimeout(resolve, 5)));
      app.post('/graphql', { preHandler: [guard] }, async () => ({ active: trace.getActiveSpan()?.spanContext().spanId ?? null }));
      app.get('/health', async () => ({ active: trace.getActiveSpan()?.spanContext().spanId ?? null }));
    });
    afterAll(async () => {
      await app.close();
      await tracing.stop();
    });
    beforeEach(() => exporter.reset());

    it('serves each GraphQL request inside a server span, child of the client’s traceparent, ended with its status', async () => {
      const answer = await app.inject({
        method: 'POST',
        url: '/graphql',
        headers: { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', 'x-request-id': 'till-3-abc' },
        payload: { query: '{ __typename }' },
      });
      const [span] = exporter.getFinishedSpans();
      expect(answer.json()).toEqual({ active: span.spanContext().spanId });
      expect(span).toMatchObject({
        name: 'POST /graphql',
        kind: SpanKind.SERVER,
        parentSpanContext: expect.objectContaining({ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7' }),
        attributes: expect.objectContaining({
          [SERVICE_ATTRIBUTE]: 'gateway',
          'omnigraph.request_id': 'till-3-abc',
          'http.response.status_code': 200,
        }),
      });
    });

    it('traces nothing but GraphQL requests', async () => {
      expect((await app.inject({ url: '/health' })).json()).toEqual({ active: null });
      expect(exporter.getFinishedSpans()).toEqual([]);
    });
  });
});
