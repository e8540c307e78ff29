import type { MarketplaceOrder } from '../../connectors/marketplace';
import { SystemUnavailableError } from '../../lib/errors';

/**
 * The marketplace's orders as last read, kept in memory by the intake (a first read of the history,
 * then pushes and a poll by update time), so a customer's history or the back office's list costs
 * the marketplace nothing. A version older than the one held is ignored: pushes repeat and arrive
 * out of order, and each is applied once, in the marketplace's own order.
 */
export class OrderBook {
  private readonly orders = new Map<string, MarketplaceOrder>();
  /** The numbers of each linked card's orders: a customer's history reads only theirs. */
  private readonly byCard = new Map<string, Set<string>>();
  /** Every order newest first, made again only after a change: the back office's list reads it. */
  private sorted: MarketplaceOrder[] | null = null;
  /** Null until the first read of the history succeeds; until then the book cannot answer. */
  private loadedAt: string | null = null;

  /** Keeps `order` if it is newer than the version held; answers whether it changed anything. */
  apply(order: MarketplaceOrder): boolean {
    const held = this.orders.get(order.number);
    if (held && (Date.parse(held.updatedAt) > Date.parse(order.updatedAt) || sameVersion(held, order))) return false;
    if (held?.buyer.memberCardCode) this.byCard.get(held.buyer.memberCardCode)?.delete(held.number);
    this.orders.set(order.number, order);
    const card = order.buyer.memberCardCode;
    if (card) this.byCard.set(card, (this.byCard.get(card) ?? new Set<string>()).add(order.number));
    this.sorted = null;
    return true;
  }

  markLoaded(at: string): void {
    this.loadedAt ??= at;
  }

  get(number: string): MarketplaceOrder | undefined {
    return this.orders.get(number);
  }

  /** Every order, newest first (ties by number); MARKETPLACE_UNAVAILABLE before the history was read. */
  all(): MarketplaceOrder[] {
    if (this.loadedAt === null) throw new SystemUnavailableError('marketplace', 'DOWN');
    this.sorted ??= [...this.orders.values()].sort(newestFirst);
    return this.sorted;
  }

  /**
   * Orders whose units the marketplace took off its own number but the ERP does not hold for them
   * yet: unpaid, or paid and not handed over (a handed-over order's stock is reserved).
   */
  unreserved(): MarketplaceOrder[] {
    return [...this.orders.values()].filter((order) => order.marketplaceStatus === 'UNPAID' || order.marketplaceStatus === 'READY_TO_SHIP');
  }

  /** The orders of buyers who linked their account to one of these loyalty cards. */
  ofCards(cards: readonly string[]): MarketplaceOrder[] {
    if (this.loadedAt === null) throw new SystemUnavailableError('marketplace', 'DOWN');
    const numbers = new Set(cards.flatMap((card) => [...(this.byCard.get(card) ?? [])]));
    return [...numbers].map((number) => this.orders.get(number)!).sort(newestFirst);
  }
}

function sameVersion(a: MarketplaceOrder, b: MarketplaceOrder): boolean {
  return a.updatedAt === b.updatedAt && a.marketplaceStatus === b.marketplaceStatus;
}

function newestFirst(a: MarketplaceOrder, b: MarketplaceOrder): number {
  return Date.parse(b.placedAt) - Date.parse(a.placedAt) || (a.number < b.number ? -1 : a.number > b.number ? 1 : 0);
}
