import { BusinessRuleError } from '../../lib/errors';
import { decodeId, locationId, storePlant } from '../../lib/ids';
import type { LiveEvents } from '../../lib/live-events';
import { MagentoOrderDetail, OPEN_ORDER_STATES, storeSourceCode, webOrderId } from '../../connectors/ecommerce';
import { storeLocalTime, type PostedTransaction } from '../../connectors/pos';
import type { SagaDefinition } from './saga';
import { CommerceServices, noteOnOrder, receiptOf, statusNoted, StoredReceipt, storeOf } from './services';

/**
 * Click & collect after checkout: the handover at the counter, and cancelling what is not collected
 * in time. Both start from the web order, which is the one record of the order's status.
 */

const isOpen = (order: MagentoOrderDetail) => OPEN_ORDER_STATES.includes(order.state);
const isPickupAt = (order: MagentoOrderDetail, retailStoreId: string) =>
  order.extension_attributes?.pickup_location_code === storeSourceCode(retailStoreId);

export async function webOrderOf(services: CommerceServices, orderId: string, field: string[]): Promise<MagentoOrderDetail> {
  const number = decodeId('WebOrder', orderId);
  if (number === null) throw new BusinessRuleError('INVALID_ID', 'This is not a web order id.', field);
  const order = await services.web.orderByNumber(number);
  if (!order) throw new BusinessRuleError('ORDER_NOT_FOUND', 'No web order has this id.', field);
  return order;
}

/** A reservation released, and the stock it held: what the step leaves for the stock events. */
interface Released {
  reservation: string;
  items: { plant: string; sku: string }[];
}

/** Releases whatever the ERP still holds for the order (seeded orders and ours carry its number). */
async function releaseHolds(services: CommerceServices, orderNumber: string): Promise<Released[]> {
  const released: Released[] = [];
  for (const reservation of await services.erp.reservationsOfRecipient(orderNumber)) {
    const held = reservation.items.filter((item) => !item.deleted && !item.finallyIssued);
    if (held.length === 0) continue;
    await services.erp.releaseReservation(reservation.reservation);
    released.push({ reservation: reservation.reservation, items: held.map((item) => ({ plant: item.plant, sku: item.material })) });
  }
  return released;
}

/** Stock is free again where each released reservation held it; nothing for a saga logged before the step kept what it released. */
function stockReleased(live: LiveEvents, released: Released[] | null | undefined): void {
  // Not the reservation's own key: that named the stock it took.
  for (const { reservation, items } of released ?? []) live.stockMoved(items, `${reservation}:released`);
}

export interface HandoverInput {
  number: string;
  entityId: number;
  retailStoreId: string;
  /** The till receipt as the saga posts it, so recovery can find it again. */
  receipt: StoredReceipt;
  /** The store feed's position before posting: the receipt can only come after it. */
  feedCursor: number;
}

/**
 * The handover is the pivot: once the till has recorded it, the goods are gone. Then the ERP
 * reservation goes (the till's end-of-day books the units out as a sale), the order ships from
 * the store, which completes it, and the completed order earns its points at once (the web follower
 * would a moment later; the ledger keeps one line for both).
 */
export function handoverSaga(services: CommerceServices): SagaDefinition<HandoverInput, { order: { id: string }; userErrors: [] }> {
  const { pos, web } = services;
  return {
    kind: 'handover',
    pivot: 'till',
    steps: [
      {
        name: 'till',
        run: async (input) =>
          (await pos.findTransaction(receiptOf(input.receipt), input.feedCursor)) ?? pos.postTransaction(receiptOf(input.receipt)),
        find: (input) => pos.findTransaction(receiptOf(input.receipt), input.feedCursor),
      },
      { name: 'release', run: (input) => releaseHolds(services, input.number) },
      {
        name: 'ship',
        async run(input) {
          const order = await web.orderByNumber(input.number);
          if (order && isOpen(order)) await web.shipOrder(input.entityId, storeSourceCode(input.retailStoreId));
          return null;
        },
      },
      {
        name: 'earn',
        async run(input) {
          const order = await web.orderByNumber(input.number);
          return { points: order?.state === 'complete' ? await services.loyalty.earning.earnOnWebOrder(order) : 0 };
        },
      },
      {
        name: 'note',
        run: (input) => noteOnOrder(services, input.number, `Collected at store ${input.retailStoreId} by ${input.receipt.operatorId}.`),
      },
    ],
    result: (input) => ({ order: { id: webOrderId(input.number) }, userErrors: [] }),
    completed(input, results) {
      const { live } = services;
      const orderId = webOrderId(input.number);
      const store = storePlant(input.retailStoreId);
      const status = statusNoted(results);
      if (status) void live.orderStatus({ orderId, status, customerId: null });
      void live.pickupQueue({ locationId: locationId(store), orderId }, 'left');
      // The goods left the shelf on the till's receipt, and the reservation that held them is gone.
      live.stockMoved(
        input.receipt.lines.map((line) => ({ plant: store, sku: line.sku })),
        (results.till as PostedTransaction).transactionKey,
      );
      stockReleased(live, results.release as Released[] | null);
    },
  };
}

export interface HandoverRequest {
  orderId: string;
  storeLocationId: string;
  workstationId: number;
  associateId: string;
}

export async function prepareHandover(services: CommerceServices, request: HandoverRequest): Promise<HandoverInput> {
  const { retailStoreId } = await storeOf(services, request.storeLocationId, ['input', 'storeLocationId']);
  const order = await webOrderOf(services, request.orderId, ['input', 'orderId']);
  if (!isPickupAt(order, retailStoreId) || !isOpen(order)) {
    throw new BusinessRuleError('NOT_AWAITING_PICKUP', 'This order is not waiting for collection at this store.', ['input', 'orderId']);
  }
  await services.salesFeed.refreshStore(retailStoreId);
  return {
    number: order.increment_id,
    entityId: order.entity_id,
    retailStoreId,
    feedCursor: services.salesFeed.cursorOf(retailStoreId) ?? 0,
    receipt: {
      kind: 'PickupHandover',
      retailStoreId,
      workstationId: request.workstationId,
      operatorId: request.associateId,
      beginDateTime: storeLocalTime(services.now()),
      customerOrderId: order.increment_id,
      lines: order.items
        .map((item) => ({ sku: item.sku, quantity: Math.round(item.qty_ordered - item.qty_canceled - item.qty_refunded) }))
        .filter((line) => line.quantity > 0),
    },
  };
}

export interface CancelPickupInput {
  number: string;
  entityId: number;
  holdHours: number;
  /** The store whose queue it waits in (a Location id); absent in a saga logged before the queue was published. */
  pickupLocationId?: string | null;
}

/** Not collected in time: the order is cancelled (the pivot), then its stock released. */
export function cancelPickupSaga(services: CommerceServices): SagaDefinition<CancelPickupInput, { id: string } | null> {
  return {
    kind: 'cancelPickup',
    pivot: 'cancel',
    steps: [
      {
        name: 'cancel',
        async run(input) {
          const order = await services.web.orderByNumber(input.number);
          if (!order || !isOpen(order)) return { cancelled: order?.state === 'canceled' };
          return { cancelled: await services.web.cancelOrder(input.entityId) };
        },
      },
      { name: 'release', run: (input) => releaseHolds(services, input.number) },
      {
        name: 'note',
        run: (input) =>
          noteOnOrder(services, input.number, `Not collected within ${input.holdHours} hours: cancelled and the items put back on sale.`),
      },
    ],
    result: (input, results) => ((results.cancel as { cancelled: boolean }).cancelled ? { id: webOrderId(input.number) } : null),
    completed(input, results) {
      if (!(results.cancel as { cancelled: boolean }).cancelled) return;
      const { live } = services;
      const orderId = webOrderId(input.number);
      const status = statusNoted(results);
      if (status) void live.orderStatus({ orderId, status, customerId: null });
      if (input.pickupLocationId) void live.pickupQueue({ locationId: input.pickupLocationId, orderId }, 'left');
      stockReleased(live, results.release as Released[] | null);
    },
  };
}

/** Click & collect orders still waiting, placed before the hold time ran out; one store's, or every store's. */
export function overduePickups(services: CommerceServices, retailStoreId: string | null): Promise<MagentoOrderDetail[]> {
  const placedBefore = new Date(services.now().getTime() - services.settings.pickupHoldMs).toISOString();
  return services.web.pickupsPlacedBefore(placedBefore, retailStoreId === null ? null : storeSourceCode(retailStoreId));
}
