import { SCOPES } from '../../lib/access';
import { BadUserInputError } from '../../lib/errors';
import { typeOfId } from '../../lib/ids';
import { connectionFromList } from '../../lib/relay';
import { assertReachesCustomer, ordersReach, refusal } from '../../lib/rows';
import { ORDER_SOURCES } from '../../lib/subgraph-locations';
import type { Context } from './context';
import type { OrderIndexEntry, OrderResolvers, Resolvers, SalesChannel } from './generated/graphql';

const MAX_PAGE = 100;

/** The sources' order types, as codegen reads them from the generated SDL. */
type OrderType = NonNullable<Awaited<ReturnType<NonNullable<OrderResolvers['__resolveType']>>>>;

interface HistoryEntry {
  __typename: OrderType;
  id: string;
  placedAt: string;
}

/** The order types of the sources (lib/subgraph-locations.ts): what an order id may be minted for. */
const ORDER_TYPES = new Set(ORDER_SOURCES.map((source) => source.type));

/** A source's index as history entries of its order type; none when its system failed. */
function entries(typename: OrderType, index: unknown): HistoryEntry[] {
  return ((index as OrderIndexEntry[] | null | undefined) ?? []).map((entry) => ({
    __typename: typename,
    id: entry.orderId,
    placedAt: entry.placedAt,
  }));
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
      if (type === null || !ORDER_TYPES.has(type)) throw new BadUserInputError('id is not an order id', 'id');
      return { __typename: type as OrderType, id };
    },
  },
  Order: {
    // Every Order this subgraph answers carries an id of a source's type (order, orderHistory).
    __resolveType: (order) => typeOfId(order.id) as OrderType,
  },
  Customer: {
    __resolveReference: async (reference, context) => {
      assertReachesCustomer(context.caller, reference.id, SCOPES.readOrders);
      return reference;
    },
    // The sources' indexes arrive with the reference (@requires); a source whose system failed
    // is missing from it, and the gateway already carries that system's error.
    orderHistory: (customer, { first, after, channels }, context) => {
      const history = ORDER_SOURCES.filter((source) => !channels || channels.includes(source.channel as SalesChannel))
        .flatMap((source) => entries(source.type as OrderType, (customer as Record<string, unknown>)[source.index]))
        .sort(newestFirst);
      const page = connectionFromList(history, { first, after }, 20, MAX_PAGE);
      // For the record of who looked (lib/access-record/): the page the caller is shown, bad paging input is not a look.
      context.customerReads.read(customer.id, 'orderHistory');
      return page;
    },
  },
};
