/**
 * Paying with points, and who the programme knows a buyer as. The points ledger every channel writes
 * through is the CRM connector's (`connectors/crm/ledger.ts`).
 */
import { randomBytes } from 'node:crypto';
import { BusinessRuleError } from '../../lib/errors';
import { normalizePhone } from '../../lib/identifiers';
import type { CrmClient, LoyaltyCard } from '../../connectors/crm';
import { DONG_PER_POINT_SPENT } from '../../connectors/crm';
import type { CustomerLookup } from '../../lib/customer-lookup';

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
