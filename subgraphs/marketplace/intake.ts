import type { MarketplaceClient, MarketplaceOrder, OrderStatusPush } from '../../connectors/marketplace';
import type { Clock } from '../../lib/clock';
import type { LeasedRelay } from '../../lib/feed-relay';
import type { LiveEvents } from '../../lib/live-events';
import type { Logger } from 'pino';
import { orderEvents } from './live';
import type { OrderBook } from './order-book';

export interface IntakeOptions {
  /** How far back the first read goes (MARKETPLACE_HISTORY_DAYS, default 180). */
  historyDays: number;
  /** How often the marketplace is polled for orders changed since the last poll (MARKETPLACE_POLL_MS, default 5 s; 0: never). */
  pollMs: number;
  /**
   * Replicas sharing one read of the marketplace (the `marketplace.orders` lease, lib/feed-relay.ts):
   * only the lease's holder polls; every replica reads the history at start and acts on the pushes it
   * receives, and tells the others each order it took in (`marketplace.orders.read`), which they
   * keep in their books without acting on it again. Without it, this process polls.
   */
  relay?: LeasedRelay;
}

/** What a replica tells the others: orders it took in, and how far its poll has read (null after a push or a read-back). */
interface RelayedOrders {
  orders: MarketplaceOrder[];
  readThrough: string | null;
}

export const MARKETPLACE_ORDERS_LEASE = 'marketplace.orders';

/** A poll reads again this much before where the last one ended: pages shift while a window is read, and a second can hold several changes. */
const OVERLAP_MS = 60_000;

/**
 * Brings the marketplace's orders into the book: the history once, then each order a push names
 * (re-read, since a push only says "look again"), and a poll by update time that catches what
 * pushes missed. Every changed order goes to `onChanged` (fulfilment), whichever way it came.
 */
export class OrderIntake {
  private timer: NodeJS.Timeout | null = null;
  /** Up to where the marketplace has been read by update time; null before the first read. */
  private readThrough: Date | null = null;
  private polling: Promise<void> | null = null;

  constructor(
    private readonly marketplace: MarketplaceClient,
    private readonly book: OrderBook,
    private readonly clock: Clock,
    private readonly options: IntakeOptions,
    private readonly onChanged: (orders: MarketplaceOrder[]) => Promise<void>,
    private readonly log: Logger,
    private readonly live: LiveEvents,
  ) {}

  /** The first read, then the poll; a marketplace down at start is read again at each poll until it answers. */
  async start(): Promise<void> {
    // Hearing the others starts before the first read, so nothing they take in after it is missed.
    await this.options.relay?.listen((kind, data) => {
      if (kind === 'read') this.takeRelayed(data as unknown as RelayedOrders);
    });
    await this.poll();
    if (this.options.pollMs > 0)
      this.timer = setInterval(() => {
        // Until the history is read, every replica polls: its own book cannot answer before.
        if (this.leads() || this.readThrough === null) void this.poll();
      }, this.options.pollMs);
  }

  /** Whether this replica polls the marketplace: always without a relay. */
  private leads(): boolean {
    return this.options.relay?.leading() ?? true;
  }

  /** One poll at a time: a poll asked for while one runs waits for it, then reads from where it ended. */
  poll(): Promise<void> {
    this.polling ??= this.readChanges().finally(() => (this.polling = null));
    return this.polling;
  }

  /** A verified push: the order it names is read again and taken if newer than what the book holds. */
  async pushed(push: OrderStatusPush): Promise<void> {
    const order = await this.marketplace.order(push.number);
    if (order) this.tell(await this.take([order]), null);
  }

  /** Orders read again because Omnigraph changed them at the marketplace (shipped, cancelled). */
  async reread(numbers: readonly string[]): Promise<void> {
    try {
      this.tell(await this.take(await this.marketplace.orders(numbers)), null);
    } catch (error) {
      this.log.warn({ err: error }, 'marketplace orders could not be read again; the next poll does');
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    void this.options.relay?.close();
  }

  private async readChanges(): Promise<void> {
    const to = this.clock();
    const from =
      this.readThrough === null
        ? new Date(to.getTime() - this.options.historyDays * 86_400_000)
        : new Date(this.readThrough.getTime() - OVERLAP_MS);
    try {
      const numbers = await this.marketplace.orderNumbers({ from, to, by: 'UPDATED' });
      const first = this.readThrough === null;
      const changed = await this.take(await this.marketplace.orders(numbers));
      this.readThrough = to;
      this.book.markLoaded(to.toISOString());
      // Each replica reads the history itself; a poll's news is told, and how far it read, so a
      // replica taking the lease over polls on from there.
      if (!first) this.tell(changed, to.toISOString());
    } catch (error) {
      this.log.warn({ err: error }, 'marketplace orders could not be read; the next poll tries again');
    }
  }

  /** Keeps what changed in the book, publishes its events and acts on it; answers what changed. */
  private async take(orders: MarketplaceOrder[]): Promise<MarketplaceOrder[]> {
    const changed = orders.filter((order) => {
      const held = this.book.get(order.number);
      if (!this.book.apply(order)) return false;
      // The history read first is what happened before this process, not news.
      if (this.readThrough !== null) orderEvents(this.live, order, held);
      return true;
    });
    if (changed.length > 0) await this.onChanged(changed);
    return changed;
  }

  private tell(orders: MarketplaceOrder[], readThrough: string | null): void {
    if (orders.length > 0 || readThrough !== null) this.options.relay?.send('read', { orders, readThrough });
  }

  /**
   * Orders another replica took in: kept in the book, so this replica answers them and, reading them
   * later, finds nothing new to act on; the replica that read them published their events and acted.
   */
  private takeRelayed({ orders, readThrough }: RelayedOrders): void {
    for (const order of orders) this.book.apply(order);
    if (readThrough !== null && this.readThrough !== null && !this.leads() && Date.parse(readThrough) > this.readThrough.getTime())
      this.readThrough = new Date(readThrough);
  }
}
