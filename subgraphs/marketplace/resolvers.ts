import type { MarketplaceOrder } from '../../connectors/marketplace';
import { decodeId, encodeId, locationId, retailStoreOfPlant } from '../../lib/ids';
import { connectionFromList } from '../../lib/relay';
import { assertReachesCustomer, ordersReach, refusal } from '../../lib/rows';
import { SCOPES } from '../../lib/access';
import type { Context } from './context';
import type { OrderStatusChange, Resolvers, ResolversTypes } from './generated/graphql';

const MAX_PAGE = 100;

export const marketplaceOrderId = (order: Pick<MarketplaceOrder, 'number'>) => encodeId('MarketplaceOrder', order.number);

/**
 * An order the caller may read: staff and the service any (the back office sees every buyer's), a
 * signed-in customer only one bought by a marketplace account linked to one of their cards, refused
 * alike whether it exists or not.
 */
async function reachableOrder(context: Context, order: MarketplaceOrder | null): Promise<MarketplaceOrder | null> {
  const reach = ordersReach(context.caller);
  if (reach.kind === 'every') return order;
  if (reach.kind === 'own' && order?.buyer.memberCardCode) {
    const records = await context.signedIn();
    if (records?.loyaltyCards.includes(order.buyer.memberCardCode)) return order;
  }
  throw refusal(context.caller, 'see this order');
}

/** What the graph knows of an order's way: placed, paid, then where it is now. */
function statusHistoryOf(order: MarketplaceOrder): OrderStatusChange[] {
  const history: OrderStatusChange[] = [{ status: 'PENDING', at: order.placedAt, note: 'Placed on the marketplace' }];
  if (order.paidAt) history.push({ status: 'PROCESSING', at: order.paidAt, note: 'Paid on the marketplace' });
  if (order.status !== 'PENDING' && order.status !== 'PROCESSING')
    history.push({ status: order.status, at: order.updatedAt, note: order.cancellation?.reason ?? null });
  return history;
}

export const resolvers: Resolvers<Context> = {
  Query: {
    marketplaceOrders: (_parent, { first, after, status }, context) => {
      if (ordersReach(context.caller).kind !== 'every') throw refusal(context.caller, 'list marketplace orders');
      const orders = context.orders.all().filter((order) => !status || order.status === status);
      return connectionFromList(orders, { first, after }, 20, MAX_PAGE);
    },
  },
  Customer: {
    // The customer's linked marketplace accounts are their loyalty cards (the brand membership).
    marketplaceOrderIndex: async (customer, _args, context) => {
      assertReachesCustomer(context.caller, customer.id, SCOPES.readOrders);
      const cards = 'loyaltyCardCodes' in customer ? customer.loyaltyCardCodes : [];
      return context.orders.ofCards(cards).map((order) => ({ orderId: marketplaceOrderId(order), placedAt: order.placedAt }));
    },
  },
  MarketplaceOrder: {
    // The reference carries the id only (the mapped record has a number instead).
    __resolveReference: async (reference, context) => {
      const number = decodeId('MarketplaceOrder', (reference as unknown as { id: string }).id);
      if (number === null) return null;
      // The book has every order the intake has read; one it has not read yet is asked of the marketplace.
      const order = context.orders.get(number) ?? (await context.marketplace.order(number));
      return reachableOrder(context, order);
    },
    id: (order) => marketplaceOrderId(order),
    channel: () => 'MARKETPLACE',
    statusHistory: (order) => statusHistoryOf(order),
    totals: (order) => ({ ...order.totals, refunded: { amount: '0', currencyCode: order.totals.total.currencyCode } }),
    fulfilment: async (order, _args, context) => {
      const plant = await context.fulfilment.plantOf(order);
      return {
        method: plant !== null && retailStoreOfPlant(plant) !== null ? 'SHIP_FROM_STORE' : 'SHIP_TO_HOME',
        location: plant === null ? null : { id: locationId(plant) },
      };
    },
    // A linked buyer's card is the retailer's own record of them: staff's reads are in the record of who looked.
    buyer: async (order, _args, context) => {
      const card = order.buyer.memberCardCode;
      if (card !== null && context.customerReads.recorded) {
        const [holders] = await context.customers.holdersOf([{ kind: 'LOYALTY_CARD', value: card }]);
        for (const customerId of holders) context.customerReads.read(customerId, 'MarketplaceOrder.buyer');
      }
      return {
        name: order.buyer.maskedName,
        phone: order.buyer.maskedPhone,
        city: order.buyer.city,
        loyaltyCardCode: card,
      };
    },
  },
  OrderLine: {
    variant: (line) => ({ sku: line.sku }) as ResolversTypes['ProductVariant'],
  },
};
