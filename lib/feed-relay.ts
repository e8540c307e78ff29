import type { Logger } from 'pino';
import { eventBus, type EventBus } from './events';
import type { FeedLeases } from './leases';

/** How often a replica that cannot hear the others tries to again, unless told (FEED_LEASES_RETRY_MS). */
const DEFAULT_HEAR_RETRY_MS = 2_000;

/**
 * A legacy feed read once for the whole deployment: the replica holding the feed's lease reads it
 * on the timer and tells the other replicas what it read over the bus, under `<lease>.<kind>`; they
 * take it in as if they had read it. Replication between replicas, carrying records: the graph's
 * subscriptions never read these subjects (docs/EVENTS.md). Built only when replicas share leases
 * (FEED_LEASES_URL) and a broker (EVENTS_NATS_URL); otherwise each process reads the feed itself.
 *
 * A replica that cannot hear the others (the broker down at its start, or lost since) reads the
 * feed itself, as one without a relay does, and tries to hear them again every `retryMs`: a broker
 * outage costs the feed more reads, never a replica that stops counting or cannot start.
 */
export class LeasedRelay {
  private holdsLease = false;
  private hearing = false;
  private closed = false;
  private unsubscribe: (() => Promise<void>) | null = null;
  private onMessage: ((kind: string, data: Record<string, unknown>) => void) | null = null;
  private retry: NodeJS.Timeout | null = null;
  /** The bus whose losses this relay hears of (told once per bus). */
  private watched: EventBus | null = null;

  constructor(
    leases: FeedLeases,
    private readonly lease: string,
    private readonly bus: () => Promise<EventBus>,
    private readonly log: Logger,
    private readonly retryMs = DEFAULT_HEAR_RETRY_MS,
  ) {
    leases.follow(lease, {
      lead: () => {
        this.holdsLease = true;
        this.log.info({ lease }, 'reading the feed for every replica');
      },
      standDown: () => {
        this.holdsLease = false;
      },
    });
  }

  /** Whether this replica reads the feed on the timer now: it holds the lease, or cannot hear the one that does. */
  leading(): boolean {
    return this.holdsLease || !this.hearing;
  }

  /** Whether this replica holds the lease: for what one replica of the deployment must do alone (writes), broker or not. */
  holds(): boolean {
    return this.holdsLease;
  }

  /** Starts hearing what the replicas tell; resolves once subscribed, or once it is known it cannot be yet (then it reads alone). */
  async listen(onMessage: (kind: string, data: Record<string, unknown>) => void): Promise<void> {
    this.onMessage = onMessage;
    await this.hear();
  }

  private async hear(): Promise<void> {
    this.retry = null;
    if (this.closed || !this.onMessage) return;
    const onMessage = this.onMessage;
    try {
      const bus = await this.bus();
      const unsubscribe = await bus.subscribe(`${this.lease}.>`, (event) =>
        onMessage(event.subject.slice(this.lease.length + 1), event.data),
      );
      if (this.closed) return void (await unsubscribe());
      this.unsubscribe = unsubscribe;
      this.hearing = true;
      if (this.watched !== bus) bus.onUnavailable?.(() => this.deafened());
      this.watched = bus;
      this.log.info({ lease: this.lease }, 'hearing the other replicas');
    } catch (error) {
      if (this.closed) return;
      this.log.warn({ err: error, lease: this.lease }, 'cannot hear the other replicas: reading the feed alone until the broker answers');
      this.hearLater();
    }
  }

  private hearLater(): void {
    this.retry = setTimeout(() => void this.hear(), this.retryMs);
    this.retry.unref();
  }

  /** The broker was lost: read alone, and subscribe afresh once it answers (what was said meanwhile, this replica read itself). */
  private deafened(): void {
    if (!this.hearing || this.closed) return;
    this.hearing = false;
    const unsubscribe = this.unsubscribe;
    this.unsubscribe = null;
    void unsubscribe?.().catch(() => undefined);
    this.hearLater();
  }

  /** Tells the other replicas; never throws (a broker that is down is logged: they go stale, then read for themselves). */
  send(kind: string, data: Record<string, unknown>): void {
    // Reading alone for want of a broker: what it read is for itself, and the broker would refuse it.
    if (!this.hearing && !this.holdsLease) return;
    const subject = `${this.lease}.${kind}`;
    this.bus()
      .then((bus) => bus.publish(subject, data))
      .catch((error: unknown) => this.log.warn({ err: error, subject }, 'could not tell the other replicas what the feed held'));
  }

  async close(): Promise<void> {
    this.closed = true;
    // The bus keeps this relay's loss listener: let go of what it would call.
    this.onMessage = null;
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    await this.unsubscribe?.();
    this.unsubscribe = null;
  }
}

/** The relay of the feed under `lease` (its subjects named after it) when replicas share leases and a broker; none otherwise. */
export function leasedRelayFromEnv(env: NodeJS.ProcessEnv, leases: FeedLeases, lease: string, log: Logger): LeasedRelay | undefined {
  if (!env.FEED_LEASES_URL) return undefined;
  if (!env.EVENTS_NATS_URL) {
    log.warn({ lease }, 'FEED_LEASES_URL without EVENTS_NATS_URL: every replica reads this feed itself, having no broker to share it over');
    return undefined;
  }
  const retryMs = env.FEED_LEASES_RETRY_MS ? Number(env.FEED_LEASES_RETRY_MS) : undefined;
  return new LeasedRelay(leases, lease, () => eventBus(env), log, retryMs);
}
