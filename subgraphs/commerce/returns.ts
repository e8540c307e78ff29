import { BusinessRuleError } from '../../lib/errors';
import { moneyFromMinor, toMinorUnits } from '../../lib/money';
import { MagentoOrderDetail, webOrderId } from '../../connectors/ecommerce';
import { webOrderOf } from './pickup';
import type { SagaDefinition } from './saga';
import { storeLocalTime } from '../../connectors/pos';
import { checkLines, CommerceServices, noteOnce, receiptOf, StoredReceipt, storeOf } from './services';

/**
 * Return anywhere: a web order's items brought to a store. The refund in the web shop is the
 * pivot (the customer's money); then the till records the goods coming in (its end-of-day books
 * them back into the store's stock, or into blocked stock when damaged), the loyalty points earned
 * on them are taken back, and the order's history says what happened.
 */

/** The seed's and the CRM's rule: a point per whole 10,000 dong, so taking back mirrors earning. */
const DONG_PER_POINT = 10_000n;
const CURRENCY = 'VND';

export interface StoreReturnInput {
  reference: string;
  number: string;
  entityId: number;
  retailStoreId: string;
  lines: { orderItemId: number; sku: string; quantity: number; damaged: boolean }[];
  /** Units refunded per order line before this return, to tell after a crash whether the refund went through. */
  refundedBefore: Record<string, number>;
  /** What the refund comes to, in dong, as decimal text. */
  refund: string;
  receipt: StoredReceipt;
  feedCursor: number;
}

export interface StoreReturnPayload {
  order: { id: string };
  refunded: { amount: string; currencyCode: string };
  pointsTakenBack: number;
  userErrors: [];
}

const refundDone = (input: StoreReturnInput, order: MagentoOrderDetail | null) =>
  order !== null &&
  input.lines.every((line) => {
    const item = order.items.find((candidate) => candidate.item_id === line.orderItemId);
    return item !== undefined && item.qty_refunded >= (input.refundedBefore[line.orderItemId] ?? 0) + line.quantity;
  });

export function storeReturnSaga(services: CommerceServices): SagaDefinition<StoreReturnInput, StoreReturnPayload> {
  const { web, pos, crm } = services;
  return {
    kind: 'storeReturn',
    pivot: 'refund',
    steps: [
      {
        name: 'refund',
        async run(input) {
          if (refundDone(input, await web.orderByNumber(input.number))) return { done: true };
          await web.refundOrder(
            input.entityId,
            input.lines.map((line) => ({ orderItemId: line.orderItemId, quantity: line.quantity })),
          );
          return { done: true };
        },
        find: async (input) => (refundDone(input, await web.orderByNumber(input.number)) ? { done: true } : null),
      },
      {
        name: 'till',
        run: async (input) =>
          (await pos.findTransaction(receiptOf(input.receipt), input.feedCursor)) ?? pos.postTransaction(receiptOf(input.receipt)),
      },
      {
        name: 'points',
        async run(input) {
          const orderRef = `web:${input.number}`;
          const entries = await crm.loyaltyEntriesByOrderRefs([orderRef]);
          const mine = entries.find((entry) => entry.description.includes(input.reference));
          if (mine) return { points: -mine.points };
          const earned = entries.filter((entry) => entry.points > 0);
          if (earned.length === 0) return { points: 0 };
          const balance = entries.reduce((sum, entry) => sum + entry.points, 0);
          const points = Math.min(Number(BigInt(input.refund) / DONG_PER_POINT), Math.max(balance, 0));
          if (points === 0) return { points: 0 };
          await crm.addLoyaltyEntry({
            cardId: earned[0].cardId,
            description: `Returned at store ${input.retailStoreId} (${input.reference})`,
            issued: 0,
            used: points,
            orderRef,
          });
          return { points };
        },
      },
      {
        name: 'note',
        async run(input, results) {
          const items = input.lines.map((line) => `${line.quantity} × ${line.sku}${line.damaged ? ' (damaged)' : ''}`).join(', ');
          const points = (results.points as { points: number }).points;
          const comment = `Returned at store ${input.retailStoreId}: ${items}. Refunded ${input.refund} VND${points > 0 ? `; ${points} loyalty points taken back` : ''} (${input.reference}).`;
          await noteOnce(services, input.number, comment);
          return null;
        },
      },
    ],
    result: (input, results) => ({
      order: { id: webOrderId(input.number) },
      refunded: moneyFromMinor(BigInt(input.refund), CURRENCY),
      pointsTakenBack: (results.points as { points: number } | undefined)?.points ?? 0,
      userErrors: [],
    }),
  };
}

export interface StoreReturnRequest {
  orderId: string;
  storeLocationId: string;
  workstationId: number;
  associateId: string;
  lines: { sku: string; quantity: number; condition: 'RESELLABLE' | 'DAMAGED' }[];
}

/** Returnable: units that reached the customer (shipped or collected) and are not refunded yet. */
export async function prepareStoreReturn(
  services: CommerceServices,
  request: StoreReturnRequest,
  reference: string,
): Promise<StoreReturnInput> {
  checkLines(request.lines, ['input', 'lines']);
  const { retailStoreId } = await storeOf(services, request.storeLocationId, ['input', 'storeLocationId']);
  const order = await webOrderOf(services, request.orderId, ['input', 'orderId']);
  if (!['complete', 'processing'].includes(order.state) || order.items.every((item) => item.qty_shipped === 0)) {
    throw new BusinessRuleError('ORDER_NOT_RETURNABLE', 'Only delivered or collected orders can be returned.', ['input', 'orderId']);
  }
  let refund = 0n;
  const lines = request.lines.map((line, i) => {
    const item = order.items.find((candidate) => candidate.sku.toLowerCase() === line.sku.toLowerCase());
    if (!item) throw new BusinessRuleError('UNKNOWN_SKU', `${line.sku} is not on this order.`, ['input', 'lines', String(i), 'sku']);
    const returnable = item.qty_shipped - item.qty_refunded;
    const asked = request.lines
      .filter((other) => other.sku.toLowerCase() === line.sku.toLowerCase())
      .reduce((sum, other) => sum + other.quantity, 0);
    if (asked > returnable) {
      throw new BusinessRuleError('RETURN_QUANTITY_EXCEEDED', `Only ${returnable} of ${item.sku} can be returned.`, [
        'input',
        'lines',
        String(i),
        'quantity',
      ]);
    }
    // What the customer paid per unit: the line's total less its discount, spread over its units.
    const paid = toMinorUnits(item.row_total, CURRENCY) - toMinorUnits(item.discount_amount, CURRENCY);
    refund += (paid * BigInt(line.quantity)) / BigInt(Math.round(item.qty_ordered));
    return { orderItemId: item.item_id, sku: item.sku, quantity: line.quantity, damaged: line.condition === 'DAMAGED' };
  });
  await services.salesFeed.refreshStore(retailStoreId);
  return {
    reference,
    number: order.increment_id,
    entityId: order.entity_id,
    retailStoreId,
    lines,
    refundedBefore: Object.fromEntries(order.items.map((item) => [item.item_id, item.qty_refunded])),
    refund: refund.toString(),
    feedCursor: services.salesFeed.cursorOf(retailStoreId) ?? 0,
    receipt: {
      kind: 'Return',
      retailStoreId,
      workstationId: request.workstationId,
      operatorId: request.associateId,
      beginDateTime: storeLocalTime(services.now()),
      customerOrderId: order.increment_id,
      // The money goes back through the web shop, so the till records the goods at no price.
      lines: lines.map((line) => ({
        sku: line.sku,
        quantity: line.quantity,
        unitPrice: '0',
        disposition: line.damaged ? 'Damaged' : 'ReturnToStock',
      })),
    },
  };
}
