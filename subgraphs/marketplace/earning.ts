import { pointsEarnedOn, type CrmClient, type LoyaltyLedger } from '../../connectors/crm';
import type { MarketplaceOrder } from '../../connectors/marketplace';
import { toMinorUnits } from '../../lib/money';
import type { Logger } from 'pino';

/**
 * Points on the marketplace, as on every channel: a buyer who linked their marketplace account to
 * their loyalty card (the brand membership) earns 1 point per whole 10,000 dong paid, once the order
 * is COMPLETED (delivered, its return window over), on reference `marketplace:<order number>`; an
 * order they send back (TO_RETURN) after it earned takes those points back. Through the CRM
 * connector's ledger, so each line is written once whatever repeats (a push, a poll, a replica).
 * Only orders that changed after go-live: history earned what it earned before Omnigraph.
 */
export class MarketplaceEarning {
  constructor(
    private readonly crm: CrmClient,
    private readonly ledger: LoyaltyLedger,
    private readonly log: Logger,
  ) {}

  async handle(orders: readonly MarketplaceOrder[], since: string): Promise<void> {
    for (const order of orders) {
      const card = order.buyer.memberCardCode;
      if (card === null || Date.parse(order.updatedAt) < Date.parse(since)) continue;
      try {
        if (order.marketplaceStatus === 'COMPLETED') await this.earn(order, card);
        else if (order.marketplaceStatus === 'TO_RETURN') await this.takeBack(order);
      } catch (error) {
        // The order's next push or poll tries again; the ledger writes the line once.
        this.log.warn({ err: error, order: order.number }, 'points for a marketplace order could not be written yet');
      }
    }
  }

  private async earn(order: MarketplaceOrder, cardCode: string): Promise<void> {
    const [card] = await this.crm.loyaltyCardsByCodes([cardCode]);
    if (!card) return;
    await this.ledger.post({
      cardId: card.id,
      orderRef: referenceOf(order),
      movement: 'earn',
      points: pointsEarnedOn(toMinorUnits(order.totals.total.amount, 'VND')),
      description: `Marketplace order ${order.number}`,
    });
  }

  private async takeBack(order: MarketplaceOrder): Promise<void> {
    const earned = await this.ledger.earnedOn(referenceOf(order));
    if (!earned || earned.left <= 0) return;
    await this.ledger.post({
      cardId: earned.cardId,
      orderRef: referenceOf(order),
      movement: `return ${order.number}`,
      points: -earned.left,
      description: `Marketplace order ${order.number} returned`,
    });
  }
}

/** The ledger's reference for a marketplace order's points. */
export const referenceOf = (order: Pick<MarketplaceOrder, 'number'>) => `marketplace:${order.number}`;
