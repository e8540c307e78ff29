import { BadUserInputError } from '../../lib/errors';
import { typeOfId } from '../../lib/ids';
import { connectionFromList } from '../../lib/relay';
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
    order: (_parent, { id }) => {
      const type = typeOfId(id);
      if (type !== 'WebOrder' && type !== 'StoreOrder') throw new BadUserInputError('id is not an order id', 'id');
      return { __typename: type, id };
    },
  },
  Order: {
    __resolveType: (order) => (typeOfId(order.id) === 'StoreOrder' ? 'StoreOrder' : 'WebOrder'),
  },
  Customer: {
    // The channels' indexes arrive with the reference (@requires); a channel whose system failed
    // is missing from it, and the gateway already carries that system's error.
    orderHistory: (customer, { first, after, channels }) => {
      const history = [...entries('WebOrder', customer.webOrderIndex), ...entries('StoreOrder', customer.storeOrderIndex)]
        .filter((entry) => !channels || channels.includes(CHANNEL_OF[entry.__typename]))
        .sort(newestFirst);
      return connectionFromList(history, { first, after }, 20, MAX_PAGE);
    },
  },
};
