import { randomBytes } from 'node:crypto';
import { BusinessRuleError } from '../../lib/errors';
import { normalizePhone } from '../../lib/identifiers';
import type { CrmClient, LoyaltyCard, LoyaltyEntry } from '../../connectors/crm';
import type { CustomerLookup } from '../../lib/customer-lookup';
import type { CommerceState } from './state/types';

/**
 * The loyalty programme, on every channel: one balance, the CRM's points ledger (`loyalty.history`;
 * a card's balance is the sum of its lines). Omnigraph writes every line through `LoyaltyLedger`,
 * which makes each one happen exactly once and never lets a balance go below zero:
 *
 * - every line names what caused it in `order_ref` (`web:<order number>`, `pos:<receipt key>`,
 *   `redeem:<Omnigraph's reference for the checkout or sale>`) and says which movement it is in a
 *   tag at the end of its description, so before writing, the ledger looks for that line on that
 *   reference: a retry, a saga step run again after a crash, the POS feed replaying, a second replica
 *   following the same feed all find it there and write nothing;
 * - lines for one card are written under that card's lock (commerce's state: in process on SQLite,
 *   a PostgreSQL advisory lock across replicas), so the look and the write are one step, and two
 *   channels spending the last points at the same moment are served one after the other: the
 *   second finds the balance spent.
 *
 * Odoo has no uniqueness on `order_ref` and its integration user may only create lines, never edit
 * or delete them: a mistake is undone by a line that reverses it, as the CRM's own staff do.
 */

/** A point earned per whole 10,000 dong paid (the CRM's rule, as the seeded history shows). */
export const DONG_PER_POINT_EARNED = 10_000n;
/** A point pays 1,000 dong (the CRM's gift vouchers: 50 points for 50,000 dong). */
export const DONG_PER_POINT_SPENT = 1_000n;

/** Points a payment of `dong` earns; nothing for less than 10,000. */
export const pointsEarnedOn = (dong: bigint): number => (dong > 0n ? Number(dong / DONG_PER_POINT_EARNED) : 0);

/** Which movement a line is, on its reference. */
export type Movement =
  /** Points earned by an order or a sale. */
  | 'earn'
  /** Points paid with. */
  | 'spend'
  /** A payment with points undone (the checkout or sale failed before it happened). */
  | 'spend-undone'
  /** Points earned taken back by a return (one tag per return). */
  | `return ${string}`
  /** Points that paid for returned goods given back (one tag per return). */
  | `points back ${string}`;

export interface Posting {
  cardId: number;
  orderRef: string;
  movement: Movement;
  /** Positive: points added; negative: points taken. */
  points: number;
  description: string;
}

/** The tag a line carries at the end of its description, so the ledger can tell it from another on the same reference. */
const tagOf = (movement: Movement) => `[${movement}]`;

/** The line on the reference that is this movement; seeded and older lines carry no tag, and the only points added on an order's or a sale's own reference were earned by it. */
function isMovement(entry: LoyaltyEntry, movement: Movement): boolean {
  if (entry.description.endsWith(tagOf(movement))) return true;
  return movement === 'earn' && entry.points > 0 && !/\[[^\]]+\]$/.test(entry.description);
}

export class LoyaltyLedger {
  constructor(
    private readonly crm: CrmClient,
    private readonly state: CommerceState,
  ) {}

  /**
   * Writes the line once. Answers the points it moved: the line's own points, or what the line
   * already written moved. A line that would take the balance below zero is refused with
   * INSUFFICIENT_POINTS when it spends; a take-back is cut to the balance (a return cannot take
   * back points already spent).
   */
  post(posting: Posting): Promise<{ points: number; written: boolean }> {
    return this.underCardLock(posting.cardId, () => this.write(posting));
  }

  private underCardLock<T>(cardId: number, work: () => Promise<T>): Promise<T> {
    return this.state.withLocks([`loyalty-card:${cardId}`], work);
  }

  /** `post`'s work, the card's lock held. */
  private async write(posting: Posting): Promise<{ points: number; written: boolean }> {
    // Taking points needs the balance too: read side by side.
    const [entries, card] = await Promise.all([
      this.crm.loyaltyEntriesByOrderRefs([posting.orderRef]),
      posting.points < 0 ? this.crm.loyaltyCardById(posting.cardId) : null,
    ]);
    const already = entries.find((entry) => isMovement(entry, posting.movement));
    if (already) return { points: already.points, written: false };
    let points = posting.points;
    if (points < 0) {
      const balance = card?.pointsBalance ?? 0;
      if (posting.movement === 'spend' && balance < -points) {
        throw new BusinessRuleError('INSUFFICIENT_POINTS', `The card has ${balance} points.`, ['input', 'redeemPoints']);
      }
      points = -Math.min(-points, Math.max(balance, 0));
    }
    if (points === 0) return { points: 0, written: false };
    await this.crm.addLoyaltyEntry({
      cardId: posting.cardId,
      description: `${posting.description} ${tagOf(posting.movement)}`,
      issued: Math.max(points, 0),
      used: Math.max(-points, 0),
      orderRef: posting.orderRef,
    });
    return { points, written: true };
  }

  /**
   * Gives back the points a payment spent, when the checkout or sale it paid for did not happen;
   * nothing when it spent nothing (it failed before, or was refused).
   */
  undoSpend(cardId: number, orderRef: string, description: string): Promise<void> {
    // Under the card's lock: a spend still in flight (a slow CRM) lands before this looks.
    return this.underCardLock(cardId, async () => {
      const spent = await this.moved(orderRef, 'spend');
      if (spent && spent.points < 0) await this.write({ cardId, orderRef, movement: 'spend-undone', points: -spent.points, description });
    });
  }

  /** What an order earned on its card, less what was taken back on the same reference since: the most a return can take back. */
  async earnedOn(orderRef: string): Promise<{ cardId: number; left: number } | null> {
    const entries = await this.crm.loyaltyEntriesByOrderRefs([orderRef]);
    const earned = entries.find((entry) => isMovement(entry, 'earn'));
    if (!earned) return null;
    const takenBack = entries.filter((entry) => entry.points < 0).reduce((sum, entry) => sum + entry.points, 0);
    return { cardId: earned.cardId, left: earned.points + takenBack };
  }

  /** The points a movement on a reference moved and the card it moved them on; null when it is not there. */
  async moved(orderRef: string, movement: Movement): Promise<{ points: number; cardId: number } | null> {
    const entry = (await this.crm.loyaltyEntriesByOrderRefs([orderRef])).find((candidate) => isMovement(candidate, movement));
    return entry ? { points: entry.points, cardId: entry.cardId } : null;
  }
}

/**
 * The reference a payment with points is booked under: the work's, and one of its own per attempt,
 * because a retry after a failure that gave the points back must spend them again, while a saga
 * resumed after a crash (its input read back from the log) must find the line it wrote.
 */
export const redemptionReference = (workReference: string): string => `${workReference}-${randomBytes(3).toString('hex')}`;

/** Dong as a whole number of points pays for: `points` × 1,000. */
export const dongForPoints = (points: number): bigint => BigInt(points) * DONG_PER_POINT_SPENT;

/**
 * Checks a payment with points before anything changes: a member's card, a whole number, no more
 * than the balance nor than what is due. The ledger checks the balance again under the card's lock
 * when it spends (another channel may spend first).
 */
export function checkRedemption(card: LoyaltyCard | null, points: number, dueDong: bigint): LoyaltyCard {
  const field = ['input', 'redeemPoints'];
  if (!Number.isInteger(points) || points < 1)
    throw new BusinessRuleError('INVALID_POINTS', 'Pay with a whole number of points from 1.', field);
  if (!card) throw new BusinessRuleError('NOT_A_LOYALTY_MEMBER', 'Paying with points needs the customer’s loyalty card.', field);
  if (dongForPoints(points) > dueDong)
    throw new BusinessRuleError('REDEMPTION_EXCEEDS_TOTAL', `${points} points are worth more than the ${dueDong} VND to pay.`, field);
  if (card.pointsBalance < points) throw new BusinessRuleError('INSUFFICIENT_POINTS', `The card has ${card.pointsBalance} points.`, field);
  return card;
}

/** Card codes are printed as 12 digits; cashiers type them with spaces or dashes. */
const CARD_CODE = /^\d{12}$/;

/**
 * Who the programme knows a buyer as: a card by what a cashier captured (the card, or a phone typed
 * any way), or a customer's card. A phone finds a card only when exactly one customer holds it: a
 * household's shared phone earns nobody's card until someone says whose the sale was.
 */
export class LoyaltyMembers {
  constructor(
    private readonly crm: CrmClient,
    private readonly customers: CustomerLookup,
  ) {}

  /** The card for what the cashier typed; null when nobody's. */
  async cardOfCaptured(captured: { loyaltyCard?: string | null; phone?: string | null }): Promise<LoyaltyCard | null> {
    const code = captured.loyaltyCard?.replace(/[\s.-]/g, '');
    if (code && CARD_CODE.test(code)) {
      const [card] = await this.crm.loyaltyCardsByCodes([code]);
      if (card) return card;
    }
    const phone = normalizePhone(captured.phone ?? (code && !CARD_CODE.test(code) ? captured.loyaltyCard : null));
    if (!phone) return null;
    const [holders] = await this.customers.holdersOf([{ kind: 'PHONE', value: phone }]);
    return holders.length === 1 ? this.cardOfCustomer(holders[0]) : null;
  }

  /** The customer's card (the oldest, when the CRM gave them more than one); null for a customer without one. */
  async cardOfCustomer(customerId: string): Promise<LoyaltyCard | null> {
    const records = await this.customers.records(customerId);
    if (!records || records.loyaltyCards.length === 0) return null;
    const cards = await this.crm.loyaltyCardsByCodes(records.loyaltyCards);
    return cards.sort((a, b) => a.id - b.id)[0] ?? null;
  }

  /** The card of a web order's buyer: its account's customer, or a guest's email when one customer alone holds it. */
  async cardOfWebBuyer(order: { customer_id?: number; customer_email: string }): Promise<LoyaltyCard | null> {
    const identifier =
      order.customer_id !== undefined
        ? { kind: 'WEB_CUSTOMER_ID' as const, value: String(order.customer_id) }
        : { kind: 'EMAIL' as const, value: order.customer_email };
    const [holders] = await this.customers.holdersOf([identifier]);
    return holders.length === 1 ? this.cardOfCustomer(holders[0]) : null;
  }
}
