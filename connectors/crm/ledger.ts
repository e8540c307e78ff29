import { BusinessRuleError } from '../../lib/errors';
import type { CrmClient } from './client';
import type { LoyaltyEntry } from './records';

/**
 * The loyalty programme, on every channel: one balance, the CRM's points ledger (`loyalty.history`;
 * a card's balance is the sum of its lines). Omnigraph writes every line through `LoyaltyLedger`,
 * which makes each one happen exactly once and never lets a balance go below zero:
 *
 * - every line names what caused it in `order_ref` (`web:<order number>`, `pos:<receipt key>`,
 *   `redeem:<Omnigraph's reference for the checkout or sale>`, `marketplace:<order number>`) and says which movement it is in a
 *   tag at the end of its description, so before writing, the ledger looks for that line on that
 *   reference: a retry, a saga step run again after a crash, the POS feed replaying, a second replica
 *   following the same feed all find it there and write nothing;
 * - lines for one card are written under that card's lock (`loyalty-card:<id>`, through the writing
 *   subgraph's state store: in process, and a PostgreSQL advisory lock across replicas and stores in
 *   the same database), so the look and the write are one step, and two channels spending the last
 *   points at the same moment are served one after the other: the second finds the balance spent.
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

/** The locks a card's lines are written under (a subgraph's state store offers them). */
export interface LedgerLocks {
  withLocks<T>(keys: readonly string[], work: () => Promise<T>): Promise<T>;
}

export class LoyaltyLedger {
  constructor(
    private readonly crm: CrmClient,
    private readonly locks: LedgerLocks,
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
    return this.locks.withLocks([`loyalty-card:${cardId}`], work);
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
