import type { MarketplaceClient, MarketplaceOrder, OrderStatusPush } from '../../connectors/marketplace';
import type { Clock } from '../../lib/clock';
import type { LiveEvents } from '../../lib/live-events';
import type { Logger } from 'pino';
import { orderEvents } from './live';
import type { OrderBook } from './order-book';

export interface IntakeOptions {
  /** How far back the first read goes (MARKETPLACE_HISTORY_DAYS, default 180). */
  historyDays: number;
  /** How often the marketplace is polled for orders changed since the last poll (MARKETPLACE_POLL_MS, default 5 s; 0: never). */
  pollMs: number;
}

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
    await this.poll();
    if (this.options.pollMs > 0) this.timer = setInterval(() => void this.poll(), this.options.pollMs);
  }

  /** One poll at a time: a poll asked for while one runs waits for it, then reads from where it ended. */
  poll(): Promise<void> {
    this.polling ??= this.readChanges().finally(() => (this.polling = null));
    return this.polling;
  }

  /** A verified push: the order it names is read again and taken if newer than what the book holds. */
  async pushed(push: OrderStatusPush): Promise<void> {
    const order = await this.marketplace.order(push.number);
    if (order) await this.take([order]);
  }

  /** Orders read again because Omnigraph changed them at the marketplace (shipped, cancelled). */
  async reread(numbers: readonly string[]): Promise<void> {
    try {
      await this.take(await this.marketplace.orders(numbers));
    } catch (error) {
      this.log.warn({ err: error }, 'marketplace orders could not be read again; the next poll does');
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private async readChanges(): Promise<void> {
    const to = this.clock();
    const from =
      this.readThrough === null
        ? new Date(to.getTime() - this.options.historyDays * 86_400_000)
        : new Date(this.readThrough.getTime() - OVERLAP_MS);
    try {
      const numbers = await this.marketplace.orderNumbers({ from, to, by: 'UPDATED' });
      await this.take(await this.marketplace.orders(numbers));
      this.readThrough = to;
      this.book.markLoaded(to.toISOString());
    } catch (error) {
      this.log.warn({ err: error }, 'marketplace orders could not be read; the next poll tries again');
    }
  }

  private async take(orders: MarketplaceOrder[]): Promise<void> {
    const changed = orders.filter((order) => {
      const held = this.book.get(order.number);
      if (!this.book.apply(order)) return false;
      // The history read first is what happened before this process, not news.
      if (this.readThrough !== null) orderEvents(this.live, order, held);
      return true;
    });
    if (changed.length > 0) await this.onChanged(changed);
  }
}
