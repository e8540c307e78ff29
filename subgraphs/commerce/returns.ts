import { BusinessRuleError } from '../../lib/errors';
import { locationId, storePlant } from '../../lib/ids';
import { type KpiChannel, moneyFact } from '../../lib/live-events';
import { moneyFromMinor, toMinorUnits } from '../../lib/money';
import { MagentoOrderDetail, webOrderId } from '../../connectors/ecommerce';
import { pointsEarnedOn } from '../../connectors/crm';
import { kpiChannelOfWebOrder } from './checkout';
import { dongForPoints } from './loyalty';
import { webOrderOf } from './pickup';
import type { SagaDefinition } from './saga';
import { storeLocalTime, storeTimeToIso, type PostedTransaction } from '../../connectors/pos';
import { checkLines, CommerceServices, noteOnOrder, receiptOf, statusNoted, StoredReceipt, storeOf } from './services';

/**
 * Return anywhere: a web order's items brought to a store. The refund in the web shop is the
 * pivot (the customer's money); then the till records the goods coming in (its end-of-day books
 * them back into the store's stock, or into blocked stock when damaged), the loyalty points earned
 * on them are taken back, the points that paid for them given back, and the order's history says
 * what happened.
 */

const CURRENCY = 'VND';

export interface StoreReturnInput {
  reference: string;
  number: string;
  entityId: number;
  retailStoreId: string;
  lines: { orderItemId: number; sku: string; quantity: number; damaged: boolean }[];
  /** Units refunded per order line before this return, to tell after a crash whether the refund went through. */
  refundedBefore: Record<string, number>;
  /** What the refund comes to in money, in dong, as decimal text. */
  refund: string;
  /** Points that paid for the returned goods, given back to this card; absent on a return logged before points could pay. */
  pointsBack?: { cardId: number; points: number } | null;
  receipt: StoredReceipt;
  feedCursor: number;
  /** The channel the order was sold on, whose returns this one counts in; absent in a saga logged before returns were published. */
  channel?: KpiChannel;
}

export interface StoreReturnPayload {
  order: { id: string };
  refunded: { amount: string; currencyCode: string };
  pointsTakenBack: number;
  pointsGivenBack: number;
  userErrors: [];
}

const refundDone = (input: StoreReturnInput, order: MagentoOrderDetail | null) =>
  order !== null &&
  input.lines.every((line) => {
    const item = order.items.find((candidate) => candidate.item_id === line.orderItemId);
    return item !== undefined && item.qty_refunded >= (input.refundedBefore[line.orderItemId] ?? 0) + line.quantity;
  });

export function storeReturnSaga(services: CommerceServices): SagaDefinition<StoreReturnInput, StoreReturnPayload> {
  const { web, pos } = services;
  const { ledger } = services.loyalty;
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
        // Earned points go back on what the refund pays in money; what is left of the order's own earning caps it.
        async run(input) {
          const orderRef = `web:${input.number}`;
          const mine = await ledger.moved(orderRef, `return ${input.reference}`);
          if (mine) return { points: -mine.points };
          const earned = await ledger.earnedOn(orderRef);
          const points = earned ? Math.min(pointsEarnedOn(BigInt(input.refund)), Math.max(earned.left, 0)) : 0;
          if (!earned || points === 0) return { points: 0 };
          const moved = await ledger.post({
            cardId: earned.cardId,
            orderRef,
            movement: `return ${input.reference}`,
            points: -points,
            description: `Returned at store ${input.retailStoreId} (${input.reference})`,
          });
          return { points: -moved.points };
        },
      },
      {
        name: 'pointsBack',
        alongside: true,
        async run(input) {
          if (!input.pointsBack) return { points: 0 };
          const moved = await ledger.post({
            cardId: input.pointsBack.cardId,
            orderRef: `web:${input.number}`,
            movement: `points back ${input.reference}`,
            points: input.pointsBack.points,
            description: `Hoàn điểm đã thanh toán: trả hàng tại cửa hàng ${input.retailStoreId}`,
          });
          return { points: moved.points };
        },
      },
      {
        name: 'note',
        async run(input, results) {
          const items = input.lines.map((line) => `${line.quantity} × ${line.sku}${line.damaged ? ' (damaged)' : ''}`).join(', ');
          const points = (results.points as { points: number }).points;
          const comment = `Returned at store ${input.retailStoreId}: ${items}. Refunded ${input.refund} VND${points > 0 ? `; ${points} loyalty points taken back` : ''} (${input.reference}).`;
          return noteOnOrder(services, input.number, comment);
        },
      },
    ],
    result: (input, results) => ({
      order: { id: webOrderId(input.number) },
      refunded: moneyFromMinor(BigInt(input.refund), CURRENCY),
      pointsTakenBack: (results.points as { points: number } | undefined)?.points ?? 0,
      pointsGivenBack: (results.pointsBack as { points: number } | undefined)?.points ?? 0,
      userErrors: [],
    }),
    completed(input, results) {
      const { live } = services;
      const orderId = webOrderId(input.number);
      const store = storePlant(input.retailStoreId);
      // The till's return receipt names the return: the POS feed's follower sees the same receipt (and skips a web order's return).
      const { transactionKey } = results.till as PostedTransaction;
      const status = statusNoted(results);
      if (status) void live.orderStatus({ orderId, status, customerId: null });
      live.stockMoved(
        input.lines.filter((line) => !line.damaged).map((line) => ({ plant: store, sku: line.sku })),
        transactionKey,
      );
      if (input.channel)
        void live.saleReturn({
          returnId: transactionKey,
          orderId,
          channel: input.channel,
          locationId: locationId(store),
          at: storeTimeToIso(input.receipt.beginDateTime),
          refund: moneyFact(moneyFromMinor(BigInt(input.refund), CURRENCY)),
          units: input.lines.reduce((sum, line) => sum + line.quantity, 0),
        });
    },
  };
}

export interface StoreReturnRequest {
  orderId: string;
  storeLocationId: string;
  workstationId: number;
  associateId: string;
  lines: { sku: string; quantity: number; condition: 'RESELLABLE' | 'DAMAGED' }[];
}

/**
 * The points' share of returned goods worth `goods` dong (after discounts): the order's points in
 * proportion to its goods, rounded down, never more than the points not given back yet. The web
 * shop's credit memo takes the same share (legacy/ecommerce/reward.ts), so money and points add up.
 */
function pointsPayingFor(order: MagentoOrderDetail, goods: bigint): number {
  const reward = order.extension_attributes;
  const points = reward?.reward_points_balance ?? 0;
  if (points <= 0) return 0;
  const orderGoods = toMinorUnits(String(order.subtotal), CURRENCY) + toMinorUnits(String(order.discount_amount), CURRENCY);
  const left = BigInt(Math.round((reward!.reward_currency_amount ?? 0) - (reward!.reward_currency_refunded ?? 0)));
  return Math.min(Number((BigInt(points) * goods) / orderGoods), Number(left / dongForPoints(1)));
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
  // Points that paid part of the order pay the same part of these goods: they go back as points (the shop's credit memo keeps that share out of the money).
  const paidWithPoints = pointsPayingFor(order, refund);
  const card = paidWithPoints > 0 ? await services.loyalty.members.cardOfWebBuyer(order) : null;
  // The shop keeps the points' share out of the money: without the card to give them back to, nothing is refunded.
  if (paidWithPoints > 0 && !card)
    throw new BusinessRuleError(
      'NOT_A_LOYALTY_MEMBER',
      'The order was paid partly with points, and its buyer no longer has a loyalty card to give them back to.',
      ['input', 'orderId'],
    );
  await services.salesFeed.refreshStore(retailStoreId);
  return {
    reference,
    number: order.increment_id,
    entityId: order.entity_id,
    retailStoreId,
    lines,
    refundedBefore: Object.fromEntries(order.items.map((item) => [item.item_id, item.qty_refunded])),
    refund: (refund - dongForPoints(paidWithPoints)).toString(),
    pointsBack: card ? { cardId: card.id, points: paidWithPoints } : null,
    feedCursor: services.salesFeed.cursorOf(retailStoreId) ?? 0,
    channel: kpiChannelOfWebOrder(order),
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
