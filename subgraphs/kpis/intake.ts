import type { Logger } from 'pino';
import type { DomainEvent, EventBus } from '../../lib/events';
import type { LiveEvents, OrderStatusEvent } from '../../lib/live-events';
import { cartFactOf, returnFactOf, saleFactOf, UnreadableEventError, type KpiFacts } from './facts';
import type { CartNames } from './carts';
import type { KpiReadModel } from './read-model';

/**
 * Keeps the read model current from the sales events (lib/live-events.ts): each sale, return and
 * cart as it is published (`sales.order.<channel>`, `sales.return.<channel>`, `sales.cart.<channel>`),
 * and each order's cancellation (`order.status.<id>` saying CANCELLED), which takes the sale out of
 * the figures. Events are written one at a time, in stream order, each with its stream sequence in
 * the same transaction. On the NATS bus a start resumes after the sequence stored last, so a
 * restart misses nothing JetStream kept; a fact seen twice counts once. The in-process bus lives
 * and dies with the process: there a start takes whatever it has kept. After each write it publishes
 * `kpis.updated`, which the gateway's `channelKpisChanged` follows: a subscriber then reads figures
 * that already count the sale (the sales event itself reaches the gateway as soon as it reaches here).
 */

export interface IntakeOptions {
  /** The bus keeps its stream across restarts (NATS JetStream): resume from the stored sequence. */
  resumable: boolean;
  /** The deployment's event namespace: the stream the stored sequence is of. */
  namespace: string;
  currency: string;
  /** How long to wait before trying the bus or the model again. */
  retryMs: number;
}

/**
 * What an event of the deployment's stream means to the model: its facts, or null for an event of
 * another kind (stock, pickup queues, other statuses), which it passes over without a write.
 */
function factsOf(event: DomainEvent, currency: string): KpiFacts | null {
  const [domain, kind] = event.subject.split('.');
  if (domain === 'sales' && kind === 'order') return { sales: [saleFactOf(event.data, currency)] };
  if (domain === 'sales' && kind === 'return') return { returns: [returnFactOf(event.data, currency)] };
  if (domain === 'sales' && kind === 'cart') return { carts: [cartFactOf(event.data)] };
  if (domain !== 'order' || kind !== 'status') return null;
  const { orderId, status } = event.data as Partial<OrderStatusEvent>;
  if (status !== 'CANCELLED') return null;
  if (typeof orderId !== 'string' || orderId === '') throw new UnreadableEventError('orderId is not a string');
  return { cancelledOrderIds: [orderId] };
}

/**
 * One subscription to the whole stream, not one per filter (`sales.>`, `order.status.>`): one
 * consumer has one sequence to resume after, so a kind of event that has not come yet (no
 * cancellation so far) cannot be skipped on a restart for want of a sequence of its own.
 */
const EVERY_EVENT = '>';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class SalesEventIntake {
  private unsubscribe: (() => Promise<void>) | null = null;
  /** Every event's write, one after the other. */
  private writing: Promise<void> = Promise.resolve();
  private stopped = false;
  private retry: NodeJS.Timeout | null = null;

  constructor(
    private readonly model: KpiReadModel,
    private readonly bus: () => Promise<EventBus>,
    private readonly carts: Pick<CartNames, 'of'>,
    private readonly options: IntakeOptions,
    private readonly log: Logger,
    /** Tells live subscribers the figures changed; none in tests of the model alone. */
    private readonly live: Pick<LiveEvents, 'kpisUpdated'> | null = null,
  ) {}

  /** Follows the events from now on (or from the stored sequence); a broker that cannot be reached is tried again until it can. */
  async start(): Promise<void> {
    try {
      const bus = await this.bus();
      const stored = this.options.resumable ? await this.model.mark(this.mark) : null;
      // A first start on NATS takes only what is new (the history is read from the systems).
      const afterSequence = this.options.resumable ? (stored === null ? undefined : Number(stored)) : 0;
      this.unsubscribe = await bus.subscribe(EVERY_EVENT, (event) => this.take(event), { afterSequence });
      if (this.stopped) await this.unsubscribe();
    } catch (error) {
      this.log.warn({ err: error }, 'the sales events cannot be followed yet; trying again');
      if (!this.stopped) this.retry = setTimeout(() => void this.start(), this.options.retryMs);
    }
  }

  /** The stream sequence written last, by the stream's namespace. */
  private get mark(): string {
    return `events:${this.options.namespace}`;
  }

  private take(event: DomainEvent): void {
    // One event that fails in an unforeseen way must not stop the ones after it.
    this.writing = this.writing
      .then(() => this.write(event))
      .catch((error: unknown) => this.log.error({ err: error, subject: event.subject }, 'a sales event could not be taken'));
  }

  /** Writes one event's facts with its sequence, trying again while the model (or the web shop, for a guest cart's name) cannot answer. */
  private async write(event: DomainEvent): Promise<void> {
    let facts: KpiFacts | null;
    try {
      facts = factsOf(event, this.options.currency);
    } catch (error) {
      if (!(error instanceof UnreadableEventError)) throw error;
      this.log.warn({ subject: event.subject, sequence: event.sequence, reason: error.message }, 'a sales event was passed over');
      facts = {};
    }
    // Another kind of event: read again after a restart (the mark stays), and passed over again.
    if (facts === null) return;
    const marks = this.options.resumable ? { [this.mark]: String(event.sequence) } : {};
    for (;;) {
      try {
        await this.model.apply(await this.named(facts), marks);
        // Not awaited: a broker that is down is logged by LiveEvents and holds no write up.
        if (Object.keys(facts).length > 0) void this.live?.kpisUpdated({ cause: event.subject, sequence: event.sequence });
        return;
      } catch (error) {
        // Stopped: its sequence was not stored, so a resumable start takes it again.
        if (this.stopped) return;
        this.log.error({ err: error, subject: event.subject }, 'a sales event could not be written yet; trying again');
        await sleep(this.options.retryMs);
      }
    }
  }

  /** The facts with their carts under the model's names (a guest cart's looked up in the web shop). */
  private async named(facts: KpiFacts): Promise<KpiFacts> {
    const name = (id: string | null) => (id === null ? Promise.resolve(null) : this.carts.of(id));
    return {
      ...facts,
      sales: facts.sales && (await Promise.all(facts.sales.map(async (sale) => ({ ...sale, cartId: await name(sale.cartId) })))),
      carts: facts.carts && (await Promise.all(facts.carts.map(async (cart) => ({ ...cart, cartId: await this.carts.of(cart.cartId) })))),
    };
  }

  /** Stops following and waits for what was taken to be written. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    await this.unsubscribe?.();
    await this.writing;
  }
}
