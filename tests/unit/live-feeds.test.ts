import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { EventBusUnavailableError, InProcessEventBus, NatsEventBus } from '../../lib/events';
import { EVENTS_UNAVAILABLE, LiveFeeds, LiveResult, SLOW_SUBSCRIBER, SUBSCRIBER_BUFFER, SubscriberStream } from '../../gateway/live/feeds';

/**
 * The gateway's fan-out of events to subscribers, on the real buses: one read per event for
 * subscribers who asked the same thing, a slow subscriber cut off without holding the others back,
 * and the broker going away ending every subscription with a coded error.
 */
const log = pino({ level: 'silent' });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A read that answers something new each time, counting how often it ran. */
function changingRead() {
  const read = { count: 0, resolve: async () => ({ data: { version: (read.count += 1) } }) };
  return read;
}

/** Takes everything a stream gives into a list, as a client that keeps up. */
function drain(stream: SubscriberStream): LiveResult[] {
  const taken: LiveResult[] = [];
  void (async () => {
    for await (const result of stream) taken.push(result);
  })();
  return taken;
}

async function until(check: () => boolean, ms = 5_000): Promise<void> {
  for (const deadline = Date.now() + ms; !check() && Date.now() < deadline;) await sleep(10);
}

describe('live feeds', () => {
  it('reads once per event for subscribers with the same key, and sends each the answer with its event id', async () => {
    const bus = new InProcessEventBus();
    const feeds = new LiveFeeds(async () => bus, log);
    const read = changingRead();
    const open = () => feeds.open({ key: 'same', subjects: ['stock.S101.SKU-1'], resolve: read.resolve, current: null });
    const [first, second] = [drain(await open()), drain(await open())];
    expect(feeds.size).toEqual({ subscribers: 2, feeds: 1 });
    await bus.publish('stock.S102.SKU-1', {});
    await bus.publish('stock.S101.SKU-1', {});
    await until(() => first.length === 1 && second.length === 1);
    expect(read.count).toBe(1);
    expect(first).toEqual([{ data: { version: 1 }, extensions: { eventId: '2' } }]);
    expect(second).toEqual(first);
    await feeds.close();
  });

  it('does not send an answer that has not changed', async () => {
    const bus = new InProcessEventBus();
    const feeds = new LiveFeeds(async () => bus, log);
    const taken = drain(
      await feeds.open({
        key: 'k',
        subjects: ['order.status.*'],
        resolve: async () => ({ data: { status: 'READY' } }),
        current: { data: { status: 'READY' } },
      }),
    );
    await bus.publish('order.status.A', {});
    await sleep(50);
    expect(taken).toEqual([]);
    await feeds.close();
  });

  it('cuts off a subscriber that stops reading, while the others keep up', async () => {
    const bus = new InProcessEventBus();
    const feeds = new LiveFeeds(async () => bus, log);
    const read = changingRead();
    const open = () => feeds.open({ key: 'k', subjects: ['pickup-queue.S101'], resolve: read.resolve, current: null });
    const fast = drain(await open());
    const slow = await open();
    let slowEnded: unknown;
    slow.whenEnded((error) => (slowEnded = error));
    const events = SUBSCRIBER_BUFFER + 20;
    for (let i = 1; i <= events; i += 1) {
      await bus.publish('pickup-queue.S101', {});
      await until(() => fast.length === i);
    }
    expect(fast).toHaveLength(events);
    expect(slowEnded).toBe(SLOW_SUBSCRIBER);
    expect(feeds.size).toEqual({ subscribers: 1, feeds: 1 });
    await feeds.close();
  });

  describe('on a NATS server that goes away', () => {
    let server: ChildProcess;
    let store: string;
    let url: string;
    beforeAll(async () => {
      const port = await new Promise<number>((resolve) => {
        const probe = createServer().listen(0, '127.0.0.1', () => {
          const { port: free } = probe.address() as { port: number };
          probe.close(() => resolve(free));
        });
      });
      store = mkdtempSync(join(tmpdir(), 'nats-'));
      url = `nats://127.0.0.1:${port}`;
      server = spawn('nats-server', ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', store], { stdio: 'ignore' });
      await sleep(500);
    });
    afterAll(() => {
      server.kill('SIGKILL');
      rmSync(store, { recursive: true, force: true });
    });

    it('ends every subscription with EVENTS_UNAVAILABLE, and refuses new ones until it is back', async () => {
      const bus = await NatsEventBus.open(url, { namespace: 'feeds' });
      const feeds = new LiveFeeds(async () => bus, log);
      const read = changingRead();
      const taken = drain(await feeds.open({ key: 'k', subjects: ['stock.*.SKU-1'], resolve: read.resolve, current: null }));
      await bus.publish('stock.S101.SKU-1', {});
      await until(() => taken.length === 1);
      expect(taken[0].data).toEqual({ version: 1 });

      server.kill('SIGKILL');
      await until(() => taken.length === 2);
      expect(taken[1]).toEqual({ errors: [EVENTS_UNAVAILABLE] });
      await expect(feeds.open({ key: 'k', subjects: ['stock.*.SKU-1'], resolve: read.resolve, current: null })).rejects.toThrow(
        EventBusUnavailableError,
      );
      await feeds.close();
      await bus.close().catch(() => undefined);
    }, 30_000);
  });
});
