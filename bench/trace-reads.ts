import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { adminHeaders } from '../legacy/kit/admin';
import { generateWorld } from '../legacy/seed/world';
import { startTracing } from '../lib/tracing';
import { startSystem } from '../scripts/system';
import { tokenAs } from '../tests/support/tokens';
import { operationText, postOperation } from './omnichannel/graphql';

/**
 * Where customer 360 and order history spend their time at concurrency 1: the small world (or
 * BENCH_TRACE_SIZE's: `large` is the omnichannel bench's) in one
 * process, every stand-in at 20 ± 5 ms, 20 requests of each traced (OpenTelemetry, in memory), then
 * the median request's spans as a timeline (start, duration, name, nested by parent). Not a
 * throughput figure: it shows the query plan's steps and which of them wait for which.
 *
 *   npx tsx bench/trace-reads.ts
 *   BENCH_TRACE_SIZE=large npx tsx bench/trace-reads.ts
 */

const ms = ([seconds, nanos]: [number, number]) => seconds * 1_000 + nanos / 1e6;

function timeline(spans: ReadableSpan[]): string[] {
  const byId = new Map(spans.map((span) => [span.spanContext().spanId, span]));
  const depth = (span: ReadableSpan): number => {
    const parent = span.parentSpanContext ? byId.get(span.parentSpanContext.spanId) : undefined;
    return parent ? depth(parent) + 1 : 0;
  };
  const start = Math.min(...spans.map((span) => ms(span.startTime)));
  return [...spans]
    .sort((a, b) => ms(a.startTime) - ms(b.startTime))
    .map(
      (span) =>
        `${(ms(span.startTime) - start).toFixed(1).padStart(7)} +${ms(span.duration).toFixed(1).padStart(6)} ms  ${'  '.repeat(depth(span))}${span.name}`,
    );
}

async function main(): Promise<void> {
  const exporter = new InMemorySpanExporter();
  const tracing = startTracing({ service: 'omnigraph', exporter })!;
  const size = process.env.BENCH_TRACE_SIZE ?? 'small';
  if (size !== 'small' && size !== 'large') throw new Error('BENCH_TRACE_SIZE must be small or large');
  const world = generateWorld({ seed: 1, size });
  const quiet = { MARKETPLACE_POLL_MS: '0', MARKETPLACE_STOCK_SYNC_MS: '0', MARKETPLACE_PROMOTION_SYNC_MS: '0' };
  const system = await startSystem({
    world,
    env: {
      ...process.env,
      LOG_LEVEL: 'silent',
      ECOMMERCE_CATALOGUE_FOLLOW_MS: '0',
      CRM_PROFILE_FOLLOW_MS: '0',
      WAREHOUSE_MOVEMENTS_FOLLOW_MS: '0',
      ...quiet,
    },
  });
  try {
    for (const app of Object.values(system.legacy))
      await app.inject({
        method: 'PUT',
        url: '/__admin/knobs',
        headers: { 'content-type': 'application/json', ...adminHeaders(system.env) },
        payload: { latencyMs: 20, jitterMs: 5 },
      });
    const token = await tokenAs(system, 'agent');
    const phones = world.crm.partners.flatMap((partner) => (partner.phone ? [partner.phone] : [])).slice(0, 20);
    const customer360 = operationText('customer.graphql', 'Customer360ByPhone');
    const orderHistory = operationText('customer.graphql', 'CustomerOrderHistory');
    const ids: string[] = [];
    for (const phone of phones) {
      const found = (await postOperation(system.gatewayUrl, customer360, { phone }, token)).data as {
        customerByIdentifier?: { id: string };
      };
      if (found?.customerByIdentifier) ids.push(found.customerByIdentifier.id);
    }
    const reads: [string, (i: number) => Promise<unknown>][] = [
      ['Customer360ByPhone', (i) => postOperation(system.gatewayUrl, customer360, { phone: phones[i % phones.length] }, token)],
      [
        'CustomerOrderHistory',
        (i) => postOperation(system.gatewayUrl, orderHistory, { customerId: ids[i % ids.length], first: 20 }, token),
      ],
    ];
    for (const [name, read] of reads) {
      exporter.reset();
      for (let i = 0; i < 20; i += 1) await read(i);
      const traces = new Map<string, ReadableSpan[]>();
      for (const span of exporter.getFinishedSpans())
        traces.set(span.spanContext().traceId, [...(traces.get(span.spanContext().traceId) ?? []), span]);
      const whole = (spans: ReadableSpan[]) => Math.max(...spans.map((span) => ms(span.duration)));
      const sorted = [...traces.values()].sort((a, b) => whole(a) - whole(b));
      const median = sorted[Math.floor(sorted.length / 2)];
      process.stdout.write(`\n${name}: median request ${whole(median).toFixed(1)} ms\n${timeline(median).join('\n')}\n`);
    }
  } finally {
    await system.stop();
    await tracing.stop();
  }
}

void main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exit(1);
  },
);
