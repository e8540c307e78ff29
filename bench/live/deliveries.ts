import type { FollowOrderSubscription, FollowShelfSubscription } from '../../operations/generated';
import type { LiveMessage, Subscriber, SubscriberSpec } from './subscribers';

/**
 * Which cause each answer a subscriber receives reports, as it arrives: a till sale (the shelf's
 * on hand down by its units) or a handover (the order COMPLETED). A cause's expected deliveries are
 * the subscribers open when it happened whose subscription covers it.
 */

export interface Cause {
  /** What it was, for the report's failures: the receipt's store and SKU, or the order. */
  label: string;
  /** performance.now() when its request was sent, and when it was answered (null: no answer). */
  sentAt: number;
  answeredAt: number | null;
  /** Why it failed, or null. A failed cause expects no delivery. */
  failure: string | null;
  /** The self-check's own event for it, when the runner published it (performance.now()). */
  publishedAt: number | null;
  /** The bus subject its source publishes on. */
  subject: string;
}

export interface Delivery {
  cause: Cause;
  subscriber: number;
  at: number;
  /** The event the answer was read for (extensions.eventId). */
  eventId: string | null;
}

export abstract class Deliveries {
  /** The subscriptions these causes are for. */
  abstract readonly kind: SubscriberSpec['kind'];
  readonly causes: Cause[] = [];
  readonly deliveries: Delivery[] = [];
  expected = 0;
  /** Answers on this kind of subscription that reported no cause (another change, or a repeat). */
  unattributed = 0;
  /** Every answer on this kind of subscription, with when it came and the event it was for. */
  readonly messages: { at: number; eventId: string | null }[] = [];

  abstract covers(subscriber: Subscriber, cause: Cause): boolean;

  /** A cause that succeeded: every open subscriber covering it should hear of it. */
  settled(cause: Cause, subscribers: readonly Subscriber[]): void {
    if (cause.failure !== null) return;
    for (const subscriber of subscribers)
      if (subscriber.spec.kind === this.kind && subscriber.ended === null && this.covers(subscriber, cause)) this.expected += 1;
  }

  get complete(): boolean {
    return this.deliveries.length >= this.expected;
  }

  onMessage(subscriber: Subscriber, message: LiveMessage, at: number): void {
    this.messages.push({ at, eventId: message.extensions?.eventId ?? null });
    const before = this.deliveries.length;
    this.attribute(subscriber, message, at);
    if (this.deliveries.length === before) this.unattributed += 1;
  }

  protected abstract attribute(subscriber: Subscriber, message: LiveMessage, at: number): void;
}

export interface Sale extends Cause {
  pair: string;
  /** Units sold on its pair up to and including this sale, since the baseline. */
  cumulative: number;
}

export const pairKey = (locationId: string, sku: string) => `${locationId}|${sku}`;

/**
 * Sales at the tills: an answer showing a pair's on hand `n` units below its baseline reports every
 * sale on the pair up to `n` units that this subscriber had not yet heard of (several sales folded
 * into one read each count, with their own latency).
 */
export class SaleDeliveries extends Deliveries {
  readonly kind = 'stock';
  private readonly baseline = new Map<string, number>();
  private readonly sales = new Map<string, Sale[]>();
  private readonly credited = new Map<number, Map<string, number>>();

  setBaseline(pair: string, onHand: number): void {
    this.baseline.set(pair, onHand);
  }

  /**
   * Records a sale once the POS has answered it (an answer reporting it needs the till feed's next
   * read, well after): a posted one adds its units to its pair's running total, a failed one only counts.
   */
  add(cause: Omit<Sale, 'cumulative'>, units: number): Sale {
    const list = this.sales.get(cause.pair) ?? [];
    const sale: Sale = { ...cause, cumulative: (list[list.length - 1]?.cumulative ?? 0) + (cause.failure === null ? units : 0) };
    if (cause.failure === null) {
      list.push(sale);
      this.sales.set(cause.pair, list);
    }
    this.causes.push(sale);
    return sale;
  }

  covers(subscriber: Subscriber, cause: Cause): boolean {
    const [locationId, sku] = (cause as Sale).pair.split('|');
    const { skus, storeIds } = subscriber.spec.variables as { skus: string[]; storeIds: string[] | null };
    return skus.includes(sku) && (storeIds === null || storeIds.includes(locationId));
  }

  protected attribute(subscriber: Subscriber, message: LiveMessage, at: number): void {
    const levels = (message.data as FollowShelfSubscription | null | undefined)?.stockChanged ?? [];
    let credited = this.credited.get(subscriber.index);
    if (!credited) this.credited.set(subscriber.index, (credited = new Map()));
    for (const level of levels) {
      const pair = pairKey(level.location.id, level.sku);
      const baseline = this.baseline.get(pair);
      const sales = this.sales.get(pair);
      if (baseline === undefined || !sales) continue;
      const gone = baseline - level.onHand;
      let heard = credited.get(pair) ?? 0;
      while (heard < sales.length && sales[heard].cumulative <= gone) {
        this.deliveries.push({ cause: sales[heard], subscriber: subscriber.index, at, eventId: message.extensions?.eventId ?? null });
        heard += 1;
      }
      credited.set(pair, heard);
    }
  }
}

export interface Handover extends Cause {
  orderId: string;
}

/** Handovers at the counter: the first answer with the order COMPLETED reports its handover. */
export class HandoverDeliveries extends Deliveries {
  readonly kind = 'order';
  private readonly byOrder = new Map<string, Handover>();
  private readonly heard = new Set<number>();

  add(cause: Handover): Handover {
    this.byOrder.set(cause.orderId, cause);
    this.causes.push(cause);
    return cause;
  }

  covers(subscriber: Subscriber, cause: Cause): boolean {
    return (subscriber.spec.variables as { orderId: string }).orderId === (cause as Handover).orderId;
  }

  protected attribute(subscriber: Subscriber, message: LiveMessage, at: number): void {
    const order = (message.data as FollowOrderSubscription | null | undefined)?.orderStatusChanged;
    if (order?.status !== 'COMPLETED' || this.heard.has(subscriber.index)) return;
    const handover = this.byOrder.get((subscriber.spec.variables as { orderId: string }).orderId);
    if (!handover || handover.failure !== null) return;
    this.heard.add(subscriber.index);
    this.deliveries.push({ cause: handover, subscriber: subscriber.index, at, eventId: message.extensions?.eventId ?? null });
  }
}
