import type { Logger } from 'pino';
import { eventBus, type EventBus } from './events';
import type { FeedLeases } from './leases';

/**
 * A legacy feed read once for the whole deployment: the replica holding the feed's lease reads it
 * on the timer and tells the other replicas what it read over the bus, under `<lease>.<kind>`; they
 * take it in as if they had read it. Replication between replicas, carrying records: the graph's
 * subscriptions never read these subjects (docs/EVENTS.md). Built only when replicas share leases
 * (FEED_LEASES_URL) and a broker (EVENTS_NATS_URL); otherwise each process reads the feed itself.
 */
export class LeasedRelay {
  private holdsLease = false;
  private unsubscribe: (() => Promise<void>) | null = null;

  constructor(
    leases: FeedLeases,
    private readonly lease: string,
    private readonly bus: () => Promise<EventBus>,
    private readonly log: Logger,
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

  /** Whether this replica reads the feed on the timer now (it holds the lease). */
  leading(): boolean {
    return this.holdsLease;
  }

  /** Starts hearing what the replicas tell; resolves once subscribed. */
  async listen(onMessage: (kind: string, data: Record<string, unknown>) => void): Promise<void> {
    const bus = await this.bus();
    this.unsubscribe = await bus.subscribe(`${this.lease}.>`, (event) => onMessage(event.subject.slice(this.lease.length + 1), event.data));
  }

  /** Tells the other replicas; never throws (a broker that is down is logged: they go stale, then read for themselves). */
  send(kind: string, data: Record<string, unknown>): void {
    const subject = `${this.lease}.${kind}`;
    this.bus()
      .then((bus) => bus.publish(subject, data))
      .catch((error: unknown) => this.log.warn({ err: error, subject }, 'could not tell the other replicas what the feed held'));
  }

  async close(): Promise<void> {
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
  return new LeasedRelay(leases, lease, () => eventBus(env), log);
}
