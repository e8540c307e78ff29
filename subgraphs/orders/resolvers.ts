import { SCOPES } from '../../lib/access';
import { BadUserInputError } from '../../lib/errors';
import { typeOfId } from '../../lib/ids';
import { connectionFromList } from '../../lib/relay';
import { assertReachesCustomer, ordersReach, refusal } from '../../lib/rows';
import type { Context } from './context';
import type { OrderIndexEntry, Resolvers, SalesChannel } from './generated/graphql';

const MAX_PAGE = 100;

interface HistoryEntry {
  __typename: 'WebOrder' | 'StoreOrder';
  id: string;
  placedAt: string;
}

const CHANNEL_OF: Record<HistoryEntry['__typename'], SalesChannel> = { WebOrder: 'WEB', StoreOrder: 'STORE' };

function entries(typename: HistoryEntry['__typename'], index: OrderIndexEntry[] | null | undefined): HistoryEntry[] {
  return (index ?? []).map((entry) => ({ __typename: typename, id: entry.orderId, placedAt: entry.placedAt }));
}

/** Newest first; ties broken by id so pages never overlap. */
function newestFirst(a: HistoryEntry, b: HistoryEntry): number {
  const byTime = Date.parse(b.placedAt) - Date.parse(a.placedAt);
  return byTime !== 0 ? byTime : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export const resolvers: Resolvers<Context> = {
  Query: {
    /**
     * Only a reference: whose order it is, the channel's subgraph decides as it reads the order
     * (ecommerce, pos), where the owner is on the record. Here, only who may read no order at all.
     */
    order: (_parent, { id }, context) => {
      if (ordersReach(context.caller).kind === 'none') throw refusal(context.caller, 'see this order');
      const type = typeOfId(id);
      if (type !== 'WebOrder' && type !== 'StoreOrder') throw new BadUserInputError('id is not an order id', 'id');
      return { __typename: type, id };
    },
  },
  Order: {
    __resolveType: (order) => (typeOfId(order.id) === 'StoreOrder' ? 'StoreOrder' : 'WebOrder'),
  },
  Customer: {
    __resolveReference: async (reference, context) => {
      assertReachesCustomer(context.caller, reference.id, SCOPES.readOrders);
      return reference;
    },
    // The channels' indexes arrive with the reference (@requires); a channel whose system failed
    // is missing from it, and the gateway already carries that system's error.
    orderHistory: (customer, { first, after, channels }, context) => {
      const history = [...entries('WebOrder', customer.webOrderIndex), ...entries('StoreOrder', customer.storeOrderIndex)]
        .filter((entry) => !channels || channels.includes(CHANNEL_OF[entry.__typename]))
        .sort(newestFirst);
      const page = connectionFromList(history, { first, after }, 20, MAX_PAGE);
      // For the record of who looked (lib/access-record/): the page the caller is shown, bad paging input is not a look.
      context.customerReads.read(customer.id, 'orderHistory');
      return page;
    },
  },
};
