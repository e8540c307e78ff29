import type { MarketplaceOrder } from '../../connectors/marketplace';
import { type LiveEvents, moneyFact } from '../../lib/live-events';
import { marketplaceOrderId } from './resolvers';

const unitsOf = (order: MarketplaceOrder) => order.lines.reduce((sum, line) => sum + line.quantity, 0);

/**
 * What a newer version of a marketplace order tells (`held` is the version the book had, none for an
 * order new to it): its status when that moved, a MARKETPLACE sale when it is first seen, and a
 * MARKETPLACE return when the buyer sends it back (TO_RETURN: the marketplace refunds the whole
 * order). Marketplace buyers are known by their masked account, not as a customer: no customer id.
 */
export function orderEvents(live: LiveEvents, order: MarketplaceOrder, held: MarketplaceOrder | undefined): void {
  const orderId = marketplaceOrderId(order);
  if (held?.status !== order.status) void live.orderStatus({ orderId, status: order.status, customerId: null });
  if (held === undefined)
    void live.sale({
      orderId,
      channel: 'MARKETPLACE',
      locationId: null,
      placedAt: order.placedAt,
      revenue: moneyFact(order.totals.total),
      units: unitsOf(order),
      clickAndCollect: false,
      cartId: null,
    });
  if (order.marketplaceStatus === 'TO_RETURN' && held?.marketplaceStatus !== 'TO_RETURN')
    void live.saleReturn({
      returnId: `marketplace-return:${order.number}`,
      orderId,
      channel: 'MARKETPLACE',
      locationId: null,
      at: order.updatedAt,
      refund: moneyFact(order.totals.total),
      units: unitsOf(order),
    });
}
