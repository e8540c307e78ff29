import type { RequestContext } from '../../lib/context';
import { REQUEST_MEMORY_MS, RequestMemory } from '../../lib/request-memory';
import type { WebOrderRecord } from '../../connectors/ecommerce';

/** Orders held for all requests together; the oldest requests' go first. */
const MAX_ORDERS = 20_000;

/** The orders one gateway request's index read, by increment id (Magento compares them case-insensitively). */
export interface OrdersOfRequest {
  remember(orders: readonly WebOrderRecord[]): void;
  recall(number: string): WebOrderRecord | undefined;
}

/**
 * The orders a customer's order index read, kept for the WebOrder fetch the gateway makes next in
 * the same request: the index searches return whole orders, so the history's page needs no second
 * search by number. Orders change (status, refunds), so nothing is kept beyond that request (see
 * RequestMemory for how requests are told apart).
 */
export class IndexedOrders {
  private readonly memory: RequestMemory<Map<string, WebOrderRecord>>;

  constructor(capacity = MAX_ORDERS, keptForMs = REQUEST_MEMORY_MS, now: () => number = Date.now) {
    this.memory = new RequestMemory(capacity, keptForMs, now);
  }

  of(request: Pick<RequestContext, 'requestId' | 'caller'>): OrdersOfRequest {
    return {
      remember: (orders) =>
        this.memory.keep(
          request,
          () => new Map(),
          (kept) => {
            for (const order of orders) kept.set(order.number.toLowerCase(), order);
          },
          (kept) => kept.size,
        ),
      recall: (number) => this.memory.recall(request)?.get(number.toLowerCase()),
    };
  }
}
