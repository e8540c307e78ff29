import { LRUCache } from 'lru-cache';
import type { Logger } from 'pino';
import { GraphQLError } from 'graphql';
import { toMinorUnits } from '../../lib/money';
import { magentoTimeToIso, type EcommerceClient, type MagentoOrderDetail } from '../../connectors/ecommerce';
import type { Receipt } from '../../connectors/pos';
import { DONG_PER_POINT_SPENT, type LoyaltyLedger, pointsEarnedOn } from '../../connectors/crm';
import type { LoyaltyMembers } from './loyalty';
import type { CommerceState } from './state/types';

/**
 * Points earned wherever the customer buys, from the systems' own records, so a sale earns however
 * it was made: a web order when the web shop completes it (delivered, or collected in store), a
 * store sale when the cashier captured the card or a phone (from the POS feed, whichever till rang
 * it up, Omnigraph's counter sales included), and a store sale's points taken back when it is
 * returned at a till. Every line goes through the ledger, keyed by the order or receipt, so a feed
 * read twice, a day rebuilt from its end-of-day batch, a second replica and a saga that earned first
 * all end in one line.
 *
 * Earning starts at go-live: the first start of the commerce state stores its time, and sales before
 * it are the old process's. After a restart the POS follower reads its window again (the last
 * POS_FEED_LOOKBACK_DAYS) and the web follower goes on from its stored mark, so a sale made while
 * Omnigraph was down earns when it is back.
 */

const GO_LIVE = 'loyalty.go-live';
const WEB_MARK = 'loyalty.web-orders-completed-since';
/** Receipts and web orders settled here recently: a batch rebuilding a day, or the web follower reading its last second again, need not ask the CRM about each again. */
const SETTLED_RECENTLY = 50_000;

/**
 * The points a web order earns: on what the customer paid in money and kept (points paid with earn
 * nothing; a refund made before it completed, a return in store, say, is not earned on).
 */
export function webOrderEarning(order: Pick<MagentoOrderDetail, 'grand_total' | 'total_refunded' | 'increment_id'>) {
  return {
    orderRef: `web:${order.increment_id}`,
    points: pointsEarnedOn(toMinorUnits(String(order.grand_total), 'VND') - toMinorUnits(String(order.total_refunded ?? 0), 'VND')),
    description: `Tích điểm đơn hàng ${order.increment_id}`,
  };
}

/** Money paid on a receipt, in dong: its tenders less any paid with points. */
export function moneyPaidOn(receipt: Pick<Receipt, 'tenders'>): bigint {
  const hundredths = receipt.tenders
    .filter((tender) => tender.method !== 'LOYALTY_POINTS')
    .reduce((sum, tender) => sum + tender.amount, 0n);
  return hundredths / 100n;
}

/** Points a return refunds as points: its LoyaltyPoints refund tenders, at 1,000 dong a point. */
export function pointsRefundedOn(receipt: Pick<Receipt, 'tenders'>): number {
  const hundredths = receipt.tenders
    .filter((tender) => tender.method === 'LOYALTY_POINTS')
    .reduce((sum, tender) => sum - tender.amount, 0n);
  return hundredths > 0n ? Number(hundredths / 100n / DONG_PER_POINT_SPENT) : 0;
}

/** A legacy system or identity that cannot answer now (`<SYSTEM>_UNAVAILABLE`): worth trying again. */
const isUnavailable = (error: unknown) => error instanceof GraphQLError && String(error.extensions.code).endsWith('_UNAVAILABLE');

export class Earning {
  private readonly queue: Receipt[] = [];
  private readonly settled = new LRUCache<string, true>({ max: SETTLED_RECENTLY });
  private goLive: number | null = null;
  private draining: Promise<void> | null = null;
  private following: Promise<void> | null = null;

  constructor(
    private readonly ledger: LoyaltyLedger,
    private readonly members: LoyaltyMembers,
    private readonly web: EcommerceClient,
    private readonly state: CommerceState,
    private readonly log: Logger,
    private readonly now: () => Date,
    /** Every web order the follower reads, whatever its state: the order's live events (web-order-events.ts). */
    private readonly webOrderChanged: (order: MagentoOrderDetail) => void,
  ) {}

  /** Go-live, stored by the first start; what the followers start from. */
  async start(): Promise<void> {
    this.goLive = Date.parse(await this.state.followerMark(GO_LIVE, this.now().toISOString()));
  }

  /** The POS follower's listener: queues the receipt; `drain` settles it. */
  readonly receiptBooked = (receipt: Receipt): void => {
    if (this.settled.has(receipt.key)) return;
    if (receipt.kind === 'Sale' && !receipt.loyaltyCard && !receipt.phone) return;
    if (receipt.kind === 'Return' && receipt.returnOf === null) return;
    if (receipt.kind === 'PickupHandover') return;
    this.queue.push(receipt);
  };

  /** Settles the queued receipts in order; one the CRM or identity cannot settle now stays queued for the next round. */
  drain(): Promise<void> {
    this.draining ??= this.settleQueued().finally(() => {
      this.draining = null;
    });
    return this.draining;
  }

  private async settleQueued(): Promise<void> {
    if (this.goLive === null) return;
    while (this.queue.length > 0) {
      const receipt = this.queue[0];
      if (Date.parse(receipt.endedAt) >= this.goLive) {
        try {
          await this.settle(receipt);
        } catch (error) {
          // A system that cannot answer now holds the queue, in order; anything else would fail again, so it is logged and passed over.
          if (isUnavailable(error)) {
            this.log.warn({ err: error, receipt: receipt.key }, 'could not settle the loyalty points of a receipt; will try again');
            return;
          }
          this.log.error({ err: error, receipt: receipt.key }, 'the loyalty points of a receipt cannot be settled; passed over');
        }
      }
      this.settled.set(receipt.key, true);
      this.queue.shift();
    }
  }

  private async settle(receipt: Receipt): Promise<void> {
    if (receipt.kind === 'Sale') {
      await this.earnOnSale({ key: receipt.key, retailStoreId: receipt.retailStoreId, moneyPaid: moneyPaidOn(receipt), captured: receipt });
      return;
    }
    // A return at the till takes back what the sale earned, on the part of it refunded in money, and
    // gives back the points it refunds (a LoyaltyPoints refund tender).
    const earned = await this.ledger.moved(`pos:${receipt.returnOf}`, 'earn');
    const refunded = -moneyPaidOn(receipt);
    const points = earned ? Math.min(pointsEarnedOn(refunded), earned.points) : 0;
    if (earned && points > 0)
      await this.ledger.post({
        cardId: earned.cardId,
        orderRef: `pos:${receipt.key}`,
        movement: `return ${receipt.key}`,
        points: -points,
        description: `Trừ điểm hàng trả lại tại cửa hàng ${receipt.retailStoreId}`,
      });
    const pointsBack = pointsRefundedOn(receipt);
    if (pointsBack === 0) return;
    const cardId = earned?.cardId ?? (await this.members.cardOfCaptured(receipt))?.id;
    if (cardId === undefined) return;
    await this.ledger.post({
      cardId,
      orderRef: `pos:${receipt.key}`,
      movement: `points back ${receipt.key}`,
      points: pointsBack,
      description: `Hoàn điểm đã thanh toán: trả hàng tại cửa hàng ${receipt.retailStoreId}`,
    });
  }

  /**
   * Earns on a store sale with the card or a phone captured, on the money paid (in dong); answers
   * the points (0 when nobody's card).
   */
  async earnOnSale(sale: {
    key: string;
    retailStoreId: string;
    moneyPaid: bigint;
    /** What the cashier captured, or the card already found from it. */
    captured: { loyaltyCard?: string | null; phone?: string | null } | { cardId: number };
  }): Promise<number> {
    const cardId = 'cardId' in sale.captured ? sale.captured.cardId : (await this.members.cardOfCaptured(sale.captured))?.id;
    if (cardId === undefined) return 0;
    const points = pointsEarnedOn(sale.moneyPaid);
    if (points === 0) return 0;
    const { points: moved } = await this.ledger.post({
      cardId,
      orderRef: `pos:${sale.key}`,
      movement: 'earn',
      points,
      description: `Tích điểm mua tại cửa hàng ${sale.retailStoreId}`,
    });
    return moved;
  }

  /** Earns on a completed web order; answers the points (0 for a buyer without a card). */
  async earnOnWebOrder(order: MagentoOrderDetail): Promise<number> {
    const card = await this.members.cardOfWebBuyer(order);
    if (!card) return 0;
    const earning = webOrderEarning(order);
    if (earning.points === 0) return 0;
    const { points } = await this.ledger.post({ cardId: card.id, movement: 'earn', ...earning });
    return points;
  }

  /**
   * The web follower, the one follower of the web shop's orders: every order changed since its mark,
   * oldest change first, each told to `webOrderChanged` and the completed ones earned on; the mark
   * moves past each order settled, so a failure leaves it at the first order not settled.
   */
  followWebOrders(): Promise<void> {
    // A pass that outlasts the interval is joined, not run twice: the mark only moves forward.
    this.following ??= this.readChangedOrders().finally(() => {
      this.following = null;
    });
    return this.following;
  }

  private async readChangedOrders(): Promise<void> {
    if (this.goLive === null) return;
    const since = await this.state.followerMark(WEB_MARK, new Date(this.goLive).toISOString());
    for (const order of await this.web.ordersChangedSince(since)) {
      // The last second is read again each round: an order settled in this version is not asked about twice.
      const version = `web:${order.increment_id}@${order.updated_at}`;
      if (this.settled.has(version)) continue;
      this.webOrderChanged(order);
      if (order.state === 'complete') await this.earnOnWebOrder(order);
      this.settled.set(version, true);
      await this.state.saveFollowerMark(WEB_MARK, magentoTimeToIso(order.updated_at));
    }
  }
}
