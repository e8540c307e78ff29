import { connect } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, DeliverPolicy, type ConsumerMessages, type JetStreamClient } from '@nats-io/jetstream';

/**
 * Domain events: what changed, named by entity keys ("order OG123's status", "stock of SKU X at
 * plant S101"), never the entity itself; whoever is told reads what they want of it through the
 * graph, under their own access rules. One bus per process: NATS JetStream when EVENTS_NATS_URL is
 * set (kept, so a subscriber that reconnects with the last sequence it saw misses nothing the
 * stream kept; replicas that publish the same change under the same id are stored once), otherwise
 * an in-process bus (`npm start` needs nothing else), with the same subjects, ids and sequences.
 *
 * Subjects are dot-separated tokens (`order.status.<id>`); a filter may end in `>` (any rest) or
 * hold `*` (any one token), as NATS reads them.
 */

type NatsConnection = Awaited<ReturnType<typeof connect>>;

export interface DomainEvent {
  subject: string;
  data: Record<string, unknown>;
  /** Its place in the stream, from 1: what a subscriber resumes after. */
  sequence: number;
  /** When the bus took it, ISO 8601. */
  at: string;
}

export interface PublishOptions {
  /**
   * The change's own id (a receipt key, an order number and status): a second publish with the
   * same id within the duplicate window is dropped, so every replica following a feed may publish.
   */
  id?: string;
}

export interface SubscribeOptions {
  /** Deliver what the stream kept after this sequence first (a reconnect); only new events without it. */
  afterSequence?: number;
}

export interface EventBus {
  publish(subject: string, data: Record<string, unknown>, options?: PublishOptions): Promise<void>;
  /** Calls `onEvent` in stream order; the answer stops the subscription. */
  subscribe(filter: string, onEvent: (event: DomainEvent) => void, options?: SubscribeOptions): Promise<() => Promise<void>>;
  close(): Promise<void>;
  /** Calls `listener` when the broker is lost (a NATS disconnect); the embedded bus never is. */
  onUnavailable?(listener: (error: EventBusUnavailableError) => void): void;
}

/** The broker cannot be reached, or refused: a subscription ends with this, a publisher logs it. */
export class EventBusUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`the event broker is unavailable: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'EventBusUnavailableError';
  }
}

const SUBJECT = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_:@-]+)*$/;

/** Whether a subject falls under a filter (`*` one token, a final `>` one or more). */
export function subjectMatches(filter: string, subject: string): boolean {
  const want = filter.split('.');
  const have = subject.split('.');
  for (let i = 0; i < want.length; i += 1) {
    if (want[i] === '>') return i === want.length - 1 && have.length > i;
    if (i >= have.length || (want[i] !== '*' && want[i] !== have[i])) return false;
  }
  return want.length === have.length;
}

function checkSubject(subject: string): void {
  if (!SUBJECT.test(subject)) throw new RangeError(`not an event subject: ${subject}`);
}

/** How long a publish id is remembered, to drop the same change published again (JetStream's default). */
const DUPLICATE_WINDOW_MS = 2 * 60_000;

/**
 * The embedded bus: every subgraph and the gateway of one process on one stream in memory, the
 * last `keep` events kept for subscribers that resume.
 */
export class InProcessEventBus implements EventBus {
  private readonly kept: DomainEvent[] = [];
  private readonly listeners = new Set<{ filter: string; onEvent: (event: DomainEvent) => void }>();
  private readonly recentIds = new Map<string, number>();
  private sequence = 0;

  constructor(
    private readonly keep = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  async publish(subject: string, data: Record<string, unknown>, options: PublishOptions = {}): Promise<void> {
    checkSubject(subject);
    const at = this.now();
    if (options.id !== undefined) {
      for (const [id, seen] of this.recentIds) if (at - seen > DUPLICATE_WINDOW_MS) this.recentIds.delete(id);
      if (this.recentIds.has(options.id)) return;
      this.recentIds.set(options.id, at);
    }
    const event: DomainEvent = { subject, data, sequence: (this.sequence += 1), at: new Date(at).toISOString() };
    this.kept.push(event);
    if (this.kept.length > this.keep) this.kept.shift();
    for (const listener of [...this.listeners]) if (subjectMatches(listener.filter, subject)) listener.onEvent(event);
  }

  async subscribe(filter: string, onEvent: (event: DomainEvent) => void, options: SubscribeOptions = {}): Promise<() => Promise<void>> {
    if (options.afterSequence !== undefined)
      for (const event of this.kept) if (event.sequence > options.afterSequence && subjectMatches(filter, event.subject)) onEvent(event);
    const listener = { filter, onEvent };
    this.listeners.add(listener);
    return async () => void this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.listeners.clear();
  }
}

/**
 * A deployment's events live under one namespace on the broker (EVENTS_NAMESPACE, `omnigraph` by
 * default): subjects `<namespace>.…` in the stream `<NAMESPACE>_EVENTS`, kept a day, duplicates
 * dropped within the window. Two systems on one broker (a test run beside another) never see each
 * other's events.
 */
const DEFAULT_NAMESPACE = 'omnigraph';

export class NatsEventBus implements EventBus {
  private readonly prefix: string;
  private readonly stream: string;
  private readonly lostListeners = new Set<(error: EventBusUnavailableError) => void>();

  private constructor(
    private readonly nc: NatsConnection,
    private readonly js: JetStreamClient,
    namespace: string,
  ) {
    this.prefix = `${namespace}.`;
    this.stream = streamOf(namespace);
    void this.watch();
  }

  /** Connects and makes sure the stream exists (its settings as above; an existing one is kept as it is). */
  static async open(url: string, options: { maxAgeMs?: number; namespace?: string } = {}): Promise<NatsEventBus> {
    const namespace = options.namespace ?? DEFAULT_NAMESPACE;
    if (!/^[a-z][a-z0-9-]*$/.test(namespace)) throw new RangeError(`not an event namespace: ${namespace}`);
    let nc: NatsConnection;
    try {
      nc = await connect({ servers: url, name: 'omnigraph', reconnectTimeWait: 500, maxReconnectAttempts: -1 });
    } catch (error) {
      throw new EventBusUnavailableError(error);
    }
    try {
      const jsm = await jetstreamManager(nc);
      try {
        await jsm.streams.info(streamOf(namespace));
      } catch {
        await jsm.streams.add({
          name: streamOf(namespace),
          subjects: [`${namespace}.>`],
          max_age: (options.maxAgeMs ?? 86_400_000) * 1_000_000,
          duplicate_window: DUPLICATE_WINDOW_MS * 1_000_000,
        });
      }
      return new NatsEventBus(nc, jetstream(nc), namespace);
    } catch (error) {
      await nc.close();
      throw new EventBusUnavailableError(error);
    }
  }

  async publish(subject: string, data: Record<string, unknown>, options: PublishOptions = {}): Promise<void> {
    checkSubject(subject);
    try {
      await this.js.publish(`${this.prefix}${subject}`, JSON.stringify(data), options.id === undefined ? undefined : { msgID: options.id });
    } catch (error) {
      throw new EventBusUnavailableError(error);
    }
  }

  async subscribe(filter: string, onEvent: (event: DomainEvent) => void, options: SubscribeOptions = {}): Promise<() => Promise<void>> {
    let messages: ConsumerMessages;
    try {
      // An ordered consumer: in stream order, recreated by the client if it falls behind or the connection drops.
      const consumer = await this.js.consumers.get(this.stream, {
        filter_subjects: `${this.prefix}${filter}`,
        ...(options.afterSequence === undefined
          ? { deliver_policy: DeliverPolicy.New }
          : { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: options.afterSequence + 1 }),
      });
      messages = await consumer.consume();
    } catch (error) {
      throw new EventBusUnavailableError(error);
    }
    void (async () => {
      for await (const message of messages) {
        onEvent({
          subject: message.subject.slice(this.prefix.length),
          data: message.json<Record<string, unknown>>(),
          sequence: message.seq,
          at: message.time.toISOString(),
        });
      }
    })();
    return async () => void (await messages.close());
  }

  onUnavailable(listener: (error: EventBusUnavailableError) => void): void {
    this.lostListeners.add(listener);
  }

  /** Tells the listeners each time the connection drops (the client keeps reconnecting by itself). */
  private async watch(): Promise<void> {
    for await (const status of this.nc.status()) {
      if (status.type !== 'disconnect') continue;
      const error = new EventBusUnavailableError(`disconnected from ${status.server}`);
      for (const listener of this.lostListeners) listener(error);
    }
  }

  async close(): Promise<void> {
    // A connection to a broker that has gone cannot drain: it is closed, or it would keep reconnecting.
    await this.nc.drain().catch(() => this.nc.close());
  }
}

function streamOf(namespace: string): string {
  return `${namespace.toUpperCase().replace(/-/g, '_')}_EVENTS`;
}

/**
 * This process's bus: NATS JetStream at EVENTS_NATS_URL (under EVENTS_NAMESPACE), else the
 * in-process one, opened once. A broker that cannot be reached is tried again at the next call.
 */
let processBus: Promise<EventBus> | null = null;
export function eventBus(env: NodeJS.ProcessEnv = process.env): Promise<EventBus> {
  processBus ??= env.EVENTS_NATS_URL
    ? NatsEventBus.open(env.EVENTS_NATS_URL, { namespace: env.EVENTS_NAMESPACE }).catch((error: unknown) => {
        processBus = null;
        throw error;
      })
    : Promise.resolve(new InProcessEventBus());
  return processBus;
}

/** Closes this process's bus (its NATS connection), once every server of the process has stopped; the next use opens it again. */
export async function closeEventBus(): Promise<void> {
  const closing = processBus;
  processBus = null;
  await closing?.then(
    (bus) => bus.close(),
    () => undefined,
  );
}
