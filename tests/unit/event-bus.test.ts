import { randomUUID } from 'node:crypto';
import { DomainEvent, EventBus, EventBusUnavailableError, InProcessEventBus, NatsEventBus, subjectMatches } from '../../lib/events';

/**
 * The event bus both ways it runs: in process (npm start) and on the real NATS JetStream CI starts
 * (.ci/run): filters, stream order, a subscriber resuming after the last sequence it saw, and one
 * change published by two replicas delivered once.
 */
const NATS_URL = 'nats://127.0.0.1:4222';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Collects what a subscription is given, and waits until it has `count`. */
function collector() {
  const seen: DomainEvent[] = [];
  return {
    seen,
    onEvent: (event: DomainEvent) => void seen.push(event),
    async until(count: number): Promise<DomainEvent[]> {
      for (let i = 0; i < 100 && seen.length < count; i += 1) await sleep(20);
      return seen;
    },
  };
}

describe('event subjects', () => {
  it('match filters as NATS reads them', () => {
    expect(subjectMatches('order.status.*', 'order.status.OG1')).toBe(true);
    expect(subjectMatches('order.status.*', 'order.status.OG1.extra')).toBe(false);
    expect(subjectMatches('stock.>', 'stock.S101.SKU-1')).toBe(true);
    expect(subjectMatches('stock.>', 'stock')).toBe(false);
    expect(subjectMatches('stock.S101.*', 'stock.S102.SKU-1')).toBe(false);
    expect(subjectMatches('pickup-queue.S101', 'pickup-queue.S101')).toBe(true);
  });
});

describe.each([
  ['in process', async () => new InProcessEventBus()],
  ['on NATS JetStream', async () => NatsEventBus.open(NATS_URL)],
])('the event bus %s', (_name, open: () => Promise<EventBus>) => {
  let bus: EventBus;
  // Subjects of their own per run: the NATS stream outlives a test run.
  let run: string;
  beforeAll(async () => {
    bus = await open();
  });
  beforeEach(() => {
    run = randomUUID().slice(0, 8);
  });
  afterAll(() => bus.close());

  it('delivers what a filter names, in the order published, and nothing else', async () => {
    const got = collector();
    const stop = await bus.subscribe(`order.status.${run}.*`, got.onEvent);
    await bus.publish(`order.status.${run}.1`, { status: 'PROCESSING' });
    await bus.publish(`stock.${run}.SKU-1`, { plant: 'S101' });
    await bus.publish(`order.status.${run}.1`, { status: 'READY_FOR_PICKUP' });
    await bus.publish(`order.status.${run}.2`, { status: 'PENDING' });
    const seen = await got.until(3);
    await stop();
    expect(seen.map((event) => [event.subject, event.data.status])).toEqual([
      [`order.status.${run}.1`, 'PROCESSING'],
      [`order.status.${run}.1`, 'READY_FOR_PICKUP'],
      [`order.status.${run}.2`, 'PENDING'],
    ]);
    expect(seen[1].sequence).toBeGreaterThan(seen[0].sequence);
    expect(Number.isNaN(Date.parse(seen[0].at))).toBe(false);
  });

  it('gives a subscriber that comes back with its last sequence everything after it, and only that', async () => {
    const first = collector();
    const stop = await bus.subscribe(`stock.${run}.>`, first.onEvent);
    await bus.publish(`stock.${run}.SKU-1`, { n: 1 });
    const [last] = await first.until(1);
    await stop();
    // Gone: what happens meanwhile is kept.
    await bus.publish(`stock.${run}.SKU-1`, { n: 2 });
    await bus.publish(`stock.${run}.SKU-2`, { n: 3 });
    const again = collector();
    const stopAgain = await bus.subscribe(`stock.${run}.>`, again.onEvent, { afterSequence: last.sequence });
    await bus.publish(`stock.${run}.SKU-1`, { n: 4 });
    const seen = await again.until(3);
    await stopAgain();
    expect(seen.map((event) => event.data.n)).toEqual([2, 3, 4]);
  });

  it('delivers once a change two replicas publish under the same id', async () => {
    const got = collector();
    const stop = await bus.subscribe(`pickup-queue.${run}`, got.onEvent);
    const id = `receipt-${run}`;
    await Promise.all([bus.publish(`pickup-queue.${run}`, { n: 1 }, { id }), bus.publish(`pickup-queue.${run}`, { n: 1 }, { id })]);
    await bus.publish(`pickup-queue.${run}`, { n: 2 }, { id: `${id}-next` });
    const seen = await got.until(2);
    await sleep(100);
    await stop();
    expect(seen.map((event) => event.data.n)).toEqual([1, 2]);
  });

  it('refuses a subject that is not one', async () => {
    await expect(bus.publish('order status', {})).rejects.toThrow(RangeError);
  });
});

describe('the event bus without its broker', () => {
  it('fails to open with a clear error, and nothing crashes', async () => {
    await expect(NatsEventBus.open('nats://127.0.0.1:1')).rejects.toThrow(EventBusUnavailableError);
  });
});
