import { LRUCache } from 'lru-cache';
import { fulfilmentOf, orderStatusOf, webOrderId, type MagentoOrder } from '../../connectors/ecommerce';
import type { LiveEvents } from '../../lib/live-events';
import type { OrderStatus } from '../../lib/retail';

/** Orders whose last status is remembered: more than change between two rounds of the follower. */
const REMEMBERED = 50_000;

/** A click & collect order waits in its store's queue while it is open (the graph's pickupQueue). */
const WAITING: ReadonlySet<OrderStatus> = new Set(['PENDING', 'PROCESSING', 'READY_FOR_PICKUP']);

/**
 * The web shop's orders as they change, whoever changed them: the journeys here (which publish their
 * own changes as they make them, under the same ids) and the shop's own back office (an order
 * cancelled, shipped, refunded or relabelled there), as the web follower (earning.ts) reads them by
 * `updated_at`. Each order's status is published when it moves, and a click & collect order's store
 * queue when the order joins or leaves it. An order first seen counts as moved: the follower reads
 * an order only once it changed. Every replica follows; the events' ids make them one.
 */
export class WebOrderEvents {
  private readonly statuses = new LRUCache<string, OrderStatus>({ max: REMEMBERED });

  constructor(private readonly live: LiveEvents) {}

  readonly changed = (order: MagentoOrder): void => {
    const status = orderStatusOf(order);
    const before = this.statuses.get(order.increment_id);
    if (before === status) return;
    this.statuses.set(order.increment_id, status);
    const orderId = webOrderId(order.increment_id);
    void this.live.orderStatus({ orderId, status, customerId: null });
    const { method, locationId } = fulfilmentOf(order);
    const waiting = WAITING.has(status);
    if (method === 'PICKUP_IN_STORE' && locationId !== null && (before === undefined || WAITING.has(before) !== waiting))
      void this.live.pickupQueue({ locationId, orderId }, waiting ? 'entered' : 'left');
  };
}
