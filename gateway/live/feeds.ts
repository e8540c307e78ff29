import type { FormattedExecutionResult, GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import { DomainEvent, EventBus, EventBusUnavailableError, subjectMatches } from '../../lib/events';

/** What a subscriber is sent: the answer as of an event, and that event's id to resume after. */
export type LiveResult = FormattedExecutionResult<Record<string, unknown>, { eventId: string }>;

/** Answers a subscription's query as it stands now, with the subscriber's rights. */
export type Resolve = () => Promise<FormattedExecutionResult>;

/** Answers not yet taken by a subscriber before it counts as too slow and is cut off. */
export const SUBSCRIBER_BUFFER = 64;

export const SLOW_SUBSCRIBER: GraphQLFormattedError = {
  message: 'This subscriber fell too far behind and was disconnected; reconnect with the last event id.',
  extensions: { code: 'SLOW_SUBSCRIBER' },
};

export const EVENTS_UNAVAILABLE: GraphQLFormattedError = {
  message: 'Live updates are unavailable right now; reconnect with the last event id shortly.',
  extensions: { code: 'EVENTS_UNAVAILABLE' },
};

const RESOLVE_FAILED: GraphQLFormattedError = {
  message: 'This update could not be read.',
  extensions: { code: 'INTERNAL_SERVER_ERROR' },
};

/**
 * One subscriber's stream: answers pushed by its feed, taken by the transport as fast as the
 * client reads. Bounded: a subscriber SUBSCRIBER_BUFFER answers behind ends with SLOW_SUBSCRIBER
 * (and the transport closes its connection), so it never holds others back or grows the heap.
 */
export class SubscriberStream implements AsyncIterableIterator<LiveResult> {
  private readonly queue: LiveResult[] = [];
  private waiting: ((next: IteratorResult<LiveResult>) => void) | null = null;
  private ended = false;
  private readonly endListeners: Array<(error: GraphQLFormattedError | null) => void> = [];

  constructor(private readonly onReturn: (stream: SubscriberStream) => void) {}

  push(result: LiveResult): void {
    if (this.ended) return;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = null;
      resolve({ value: result, done: false });
      return;
    }
    if (this.queue.length >= SUBSCRIBER_BUFFER) return this.end(SLOW_SUBSCRIBER);
    this.queue.push(result);
  }

  /** Calls `listener` once the stream ends, with why (SLOW_SUBSCRIBER: the transport drops the connection). */
  whenEnded(listener: (error: GraphQLFormattedError | null) => void): void {
    this.endListeners.push(listener);
  }

  /** Ends the stream: with an error, the client is sent it as a last answer (when it still reads). */
  end(error?: GraphQLFormattedError): void {
    if (this.ended) return;
    this.ended = true;
    this.queue.length = 0;
    if (error && error !== SLOW_SUBSCRIBER) this.queue.push({ errors: [error] });
    this.onReturn(this);
    for (const listener of this.endListeners) listener(error ?? null);
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = null;
      const last = this.queue.shift();
      resolve(last ? { value: last, done: false } : { value: undefined, done: true });
    }
  }

  next(): Promise<IteratorResult<LiveResult>> {
    const queued = this.queue.shift();
    if (queued) return Promise.resolve({ value: queued, done: false });
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => (this.waiting = resolve));
  }

  return(): Promise<IteratorResult<LiveResult>> {
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<LiveResult> {
    return this;
  }
}

/**
 * The subscribers who asked the same thing with the same rights (same caller, document,
 * variables): one resolution per event serves them all. Events that arrive while it resolves are
 * folded into one more resolution, since each answers "how it is now"; an answer equal to the
 * last one sent is not sent again (an event on a neighbouring store's stock, say).
 */
class Feed {
  readonly streams = new Set<SubscriberStream>();
  private pending: number | null = null;
  private resolving = false;

  constructor(
    private readonly resolve: Resolve,
    /** The answer the subscribers already have (the one read when they subscribed), not sent again. */
    private last: string | null,
  ) {}

  onEvent(event: DomainEvent): void {
    this.pending = Math.max(this.pending ?? 0, event.sequence);
    if (!this.resolving) void this.run();
  }

  private async run(): Promise<void> {
    this.resolving = true;
    while (this.pending !== null && this.streams.size > 0) {
      const eventId = String(this.pending);
      this.pending = null;
      let answer: FormattedExecutionResult;
      try {
        answer = await this.resolve();
      } catch {
        answer = { errors: [RESOLVE_FAILED] };
      }
      const text = JSON.stringify(answer);
      if (text === this.last) continue;
      this.last = text;
      const result = { ...answer, extensions: { ...answer.extensions, eventId } } as LiveResult;
      for (const stream of this.streams) stream.push(result);
    }
    this.resolving = false;
  }

  end(error: GraphQLFormattedError): void {
    for (const stream of [...this.streams]) stream.end(error);
  }
}

export interface OpenFeed {
  /** Same caller, document and variables: subscribers with the same key share one feed. */
  key: string;
  subjects: string[];
  resolve: Resolve;
  /** The answer as the subscriber first read it (it is sent only when something changes it). */
  current: FormattedExecutionResult | null;
  /** A reconnect: the events the broker kept after this one are replayed first (no sharing). */
  afterSequence?: number;
}

/**
 * Every open subscription of this gateway process, fed from one subscription to the bus: each event
 * goes to the feeds whose subjects it matches (exact subjects by lookup, wildcards by scan). A
 * reconnect with the last event id gets a feed of its own that replays what the broker kept. When
 * the broker goes away, every subscription ends with EVENTS_UNAVAILABLE, and the next subscribe
 * tries the broker again.
 */
export class LiveFeeds {
  private readonly shared = new Map<string, Feed>();
  private readonly exact = new Map<string, Set<Feed>>();
  private readonly wildcard = new Map<Feed, string[]>();
  private routing: Promise<() => Promise<void>> | null = null;
  private watching = false;
  private readonly replaying = new Set<{ feed: Feed; stop: () => Promise<void> }>();
  /** What takes a shared feed out of the indexes once its last subscriber has gone. */
  private readonly unindexers = new Map<Feed, () => void>();
  private readonly watchers = new Set<(event: DomainEvent) => void>();

  constructor(
    private readonly bus: () => Promise<EventBus>,
    private readonly log: Logger,
  ) {}

  /** How many subscriptions are open, and how many resolutions serve them (for the bench and metrics). */
  get size(): { subscribers: number; feeds: number } {
    let subscribers = 0;
    for (const feed of this.shared.values()) subscribers += feed.streams.size;
    for (const { feed } of this.replaying) subscribers += feed.streams.size;
    return { subscribers, feeds: this.shared.size + this.replaying.size };
  }

  /** Calls `listener` with every event that reaches the gateway's one subscription to the bus (not replays), as it arrives (for metrics: its lag). */
  watchEvents(listener: (event: DomainEvent) => void): void {
    this.watchers.add(listener);
  }

  /** Opens a subscriber's stream; throws EventBusUnavailableError when the broker cannot be reached. */
  async open(request: OpenFeed): Promise<SubscriberStream> {
    if (request.afterSequence !== undefined) return this.openReplaying(request, request.afterSequence);
    await this.route();
    let feed = this.shared.get(request.key);
    if (!feed) {
      const created = new Feed(request.resolve, request.current && JSON.stringify(request.current));
      feed = created;
      this.shared.set(request.key, created);
      for (const subject of request.subjects) {
        if (subject.includes('*') || subject.includes('>')) this.wildcard.set(created, [...(this.wildcard.get(created) ?? []), subject]);
        else this.exact.set(subject, (this.exact.get(subject) ?? new Set()).add(created));
      }
      this.unindexers.set(created, () => {
        this.unindexers.delete(created);
        this.shared.delete(request.key);
        this.wildcard.delete(created);
        for (const subject of request.subjects) {
          const feeds = this.exact.get(subject);
          feeds?.delete(created);
          if (feeds?.size === 0) this.exact.delete(subject);
        }
      });
    }
    const shared = feed;
    return this.join(shared, () => this.unindexers.get(shared)?.());
  }

  private join(feed: Feed, whenEmpty: () => void): SubscriberStream {
    const stream = new SubscriberStream((ended) => {
      feed.streams.delete(ended);
      if (feed.streams.size === 0) whenEmpty();
    });
    feed.streams.add(stream);
    return stream;
  }

  private async openReplaying(request: OpenFeed, afterSequence: number): Promise<SubscriberStream> {
    // Nothing the client has is known: whatever the replay resolves to is sent.
    const feed = new Feed(request.resolve, null);
    const bus = await this.bus();
    const stops: Array<() => Promise<void>> = [];
    try {
      for (const subject of request.subjects) stops.push(await bus.subscribe(subject, (event) => feed.onEvent(event), { afterSequence }));
    } catch (error) {
      await Promise.all(stops.map((stop) => stop()));
      throw error;
    }
    const entry = { feed, stop: async () => void (await Promise.all(stops.map((stop) => stop()))) };
    this.replaying.add(entry);
    return this.join(feed, () => {
      this.replaying.delete(entry);
      void entry.stop();
    });
  }

  private route(): Promise<unknown> {
    this.routing ??= (async () => {
      const bus = await this.bus();
      const stop = await bus.subscribe('>', (event) => this.dispatch(event));
      if (!this.watching) bus.onUnavailable?.((error) => this.brokerLost(error));
      this.watching = true;
      return stop;
    })().catch((error: unknown) => {
      this.routing = null;
      throw error instanceof EventBusUnavailableError ? error : new EventBusUnavailableError(error);
    });
    return this.routing;
  }

  private dispatch(event: DomainEvent): void {
    for (const watcher of this.watchers) watcher(event);
    for (const feed of this.exact.get(event.subject) ?? []) feed.onEvent(event);
    for (const [feed, subjects] of this.wildcard)
      if (subjects.some((subject) => subjectMatches(subject, event.subject))) feed.onEvent(event);
  }

  private brokerLost(error: unknown): void {
    this.log.warn({ err: error }, 'the event broker went away: every subscription ends');
    const routing = this.routing;
    this.routing = null;
    void routing?.then((stop) => stop()).catch(() => undefined);
    for (const feed of [...this.shared.values()]) feed.end(EVENTS_UNAVAILABLE);
    for (const { feed } of [...this.replaying]) feed.end(EVENTS_UNAVAILABLE);
  }

  async close(): Promise<void> {
    for (const feed of [...this.shared.values()]) feed.end({ message: 'The gateway is stopping.', extensions: { code: 'SHUTTING_DOWN' } });
    for (const entry of [...this.replaying]) await entry.stop();
    const routing = this.routing;
    this.routing = null;
    await routing?.then((stop) => stop()).catch(() => undefined);
  }
}
