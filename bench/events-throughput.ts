import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { NatsEventBus } from '../lib/events';

/**
 * `npx tsx bench/events-throughput.ts`: how many domain events a second one process publishes
 * through `lib/events.ts` to the NATS JetStream at EVENTS_NATS_URL (default nats://127.0.0.1:4222),
 * each with its id (the duplicate window checks every one) and a `sales.order` body, while a
 * subscriber of the same process reads them back: the broker figure docs/SCALING.md scales from.
 * Runs EVENTS_BENCH_SECONDS (10) under a namespace of its own, whose stream it deletes at the end.
 */
async function main(): Promise<void> {
  const url = process.env.EVENTS_NATS_URL ?? 'nats://127.0.0.1:4222';
  const seconds = Number(process.env.EVENTS_BENCH_SECONDS ?? 10);
  /** Publishes awaiting the broker's acknowledgement at once, as many replicas' followers would have. */
  const inFlight = Number(process.env.EVENTS_BENCH_IN_FLIGHT ?? 256);
  const namespace = `bench-scale-${process.pid}`;
  const bus = await NatsEventBus.open(url, { namespace });
  let received = 0;
  const unsubscribe = await bus.subscribe('sales.>', () => (received += 1));
  let published = 0;
  const started = Date.now();
  const until = started + seconds * 1_000;
  const publisher = async () => {
    while (Date.now() < until) {
      const n = published++;
      await bus.publish(
        'sales.order.STORE',
        {
          orderId: `S101-${n}`,
          channel: 'STORE',
          locationId: 'S101',
          placedAt: new Date().toISOString(),
          revenue: { amount: '459000', currencyCode: 'VND' },
          units: 3,
          clickAndCollect: false,
          cartId: null,
        },
        { id: `sale:S101-${n}` },
      );
    }
  };
  await Promise.all(Array.from({ length: inFlight }, publisher));
  const publishMs = Date.now() - started;
  // Let the subscriber catch up with what was acknowledged.
  for (let i = 0; i < 50 && received < published; i += 1) await new Promise((resolve) => setTimeout(resolve, 100));
  const result = {
    published,
    publishedPerSecond: Math.round(published / (publishMs / 1000)),
    received,
    receivedPerSecond: Math.round(received / ((Date.now() - started) / 1000)),
    inFlight,
  };
  await unsubscribe();
  await bus.close();
  const nc = await connect({ servers: url });
  await (await jetstreamManager(nc)).streams.delete(`${namespace.toUpperCase().replace(/-/g, '_')}_EVENTS`);
  await nc.close();
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

void main();
