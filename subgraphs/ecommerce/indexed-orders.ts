import type { RequestContext } from '../../lib/context';
import { REQUEST_MEMORY_MS, RequestMemory } from '../../lib/request-memory';
import type { WebOrderRecord } from '../../connectors/ecommerce';

/** Orders held for all requests together; the oldest requests' go first. */
const MAX_ORDERS = 20_000;

/** The orders one gateway request's index read, by increment id (Magento compares them case-insensitively). */
export interface OrdersOfRequest {
  remember(orders: readonly WebOrderRecord[]): void;
  recall(number: string): WebOrderRecord | undefined;
  /** Notes that these orders are in the index of this Omnigraph customer. */
  own(customerId: string, orders: readonly WebOrderRecord[]): void;
  /** The customer whose index listed the order in this request, if one did. */
  ownerOf(number: string): string | undefined;
}

interface Kept {
  orders: Map<string, WebOrderRecord>;
  /** Customer id by increment id, for the orders an index listed. */
  owners: Map<string, string>;
}

/**
 * The orders a customer's order index read, kept for the WebOrder fetch the gateway makes next in
 * the same request: the index searches return whole orders, so the history's page needs no second
 * search by number, and whose each order is (the customer the index was read for), so the record of
 * who looked needs no identity lookup for its emails. Orders change (status, refunds), so nothing is
 * kept beyond that request (see RequestMemory for how requests are told apart).
 */
export class IndexedOrders {
  private readonly memory: RequestMemory<Kept>;

  constructor(capacity = MAX_ORDERS, keptForMs = REQUEST_MEMORY_MS, now: () => number = Date.now) {
    this.memory = new RequestMemory(capacity, keptForMs, now);
  }

  of(request: Pick<RequestContext, 'requestId' | 'caller'>): OrdersOfRequest {
    const fresh = (): Kept => ({ orders: new Map(), owners: new Map() });
    // An owner is a short id beside an order kept with it: the weight is the number of orders.
    const weigh = (kept: Kept) => Math.max(kept.orders.size, kept.owners.size);
    return {
      remember: (orders) =>
        this.memory.keep(
          request,
          fresh,
          (kept) => {
            for (const order of orders) kept.orders.set(order.number.toLowerCase(), order);
          },
          weigh,
        ),
      recall: (number) => this.memory.recall(request)?.orders.get(number.toLowerCase()),
      own: (customerId, orders) => {
        if (orders.length === 0) return;
        this.memory.keep(
          request,
          fresh,
          (kept) => {
            for (const order of orders) kept.owners.set(order.number.toLowerCase(), customerId);
          },
          weigh,
        );
      },
      ownerOf: (number) => this.memory.recall(request)?.owners.get(number.toLowerCase()),
    };
  }
}
