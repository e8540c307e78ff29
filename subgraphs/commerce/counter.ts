import { BusinessRuleError } from '../../lib/errors';
import { storeOrderId } from '../../lib/ids';
import { priceLines, tillLinesOf, tillTotalOf } from './pricing';
import { checkRedemption, dongForPoints, redemptionReference } from './loyalty';
import type { SagaDefinition } from './saga';
import { storeLocalTime } from '../../connectors/pos';
import type { StockLine } from '../../connectors/warehouse';
import { checkLines, CommerceServices, receiptOf, StoredReceipt, storeOf } from './services';

/**
 * A sale at the counter through the graph: posted to the till's head office under the stock gate, so
 * it competes fairly with online checkouts for the last units on the shelf. Prices are the web
 * shop's price of the moment and its promotions, through the same evaluator as online (pricing.ts).
 */

const TENDERS = { CASH: 'Cash', CARD: 'CreditDebit', E_WALLET: 'EWallet' } as const;

export interface CounterSaleInput {
  /** The reference the points it pays with are booked under (`redemptionReference`). */
  reference: string;
  plant: string;
  lines: StockLine[];
  receipt: StoredReceipt;
  feedCursor: number;
  /** The member's card the cashier captured; absent on a sale logged before cards were taken. */
  card?: { id: number; code: string } | null;
  /** Points paid with, from that card. */
  redeemPoints?: number;
}

export interface CounterSaleResult {
  order: { id: string };
  pointsRedeemed: number;
  pointsEarned: number;
  userErrors: [];
}

/**
 * Points paid with are spent first (refused if another channel spent them meanwhile), then the sale
 * is posted (the pivot: the sale is posted or it is not; if it is not, the points come back), then
 * the sale earns on the card, on what was paid in money.
 */
export function counterSaleSaga(services: CommerceServices): SagaDefinition<CounterSaleInput, CounterSaleResult> {
  const { ledger, earning } = services.loyalty;
  const store = (input: CounterSaleInput) => input.receipt.retailStoreId;
  return {
    kind: 'counterSale',
    pivot: 'sale',
    steps: [
      {
        name: 'redeem',
        async run(input) {
          if (!input.card || !input.redeemPoints) return { points: 0 };
          const { points } = await ledger.post({
            cardId: input.card.id,
            orderRef: `redeem:${input.reference}`,
            movement: 'spend',
            points: -input.redeemPoints,
            description: `Thanh toán bằng điểm tại cửa hàng ${store(input)}`,
          });
          return { points: -points };
        },
        async compensate(input) {
          if (input.card)
            await ledger.undoSpend(
              input.card.id,
              `redeem:${input.reference}`,
              `Hoàn điểm: giao dịch tại cửa hàng ${store(input)} không thành`,
            );
        },
      },
      {
        name: 'sale',
        run: (input) => services.gate.allocate(input.plant, input.lines, () => services.pos.postTransaction(receiptOf(input.receipt))),
        // Only after a crash: two sales by one associate at one till in one second with the same lines would look alike.
        find: (input) => services.pos.findTransaction(receiptOf(input.receipt), input.feedCursor),
      },
      {
        name: 'earn',
        // The POS feed would earn it too, a moment later; the ledger keeps one line for both.
        async run(input, results) {
          if (!input.card) return { points: 0 };
          const paid = (input.receipt.tenders ?? [])
            .filter((tender) => tender.type !== 'LoyaltyPoints')
            .reduce((sum, tender) => sum + BigInt(tender.amount), 0n);
          const points = await earning.earnOnSale({
            key: (results.sale as { transactionKey: string }).transactionKey,
            retailStoreId: store(input),
            moneyPaid: paid / 100n,
            captured: { cardId: input.card.id },
          });
          return { points };
        },
      },
    ],
    result: (_input, results) => ({
      order: { id: storeOrderId({ key: (results.sale as { transactionKey: string }).transactionKey }) },
      pointsRedeemed: (results.redeem as { points: number } | undefined)?.points ?? 0,
      pointsEarned: (results.earn as { points: number } | undefined)?.points ?? 0,
      userErrors: [],
    }),
    // The sale itself is counted from the POS feed, which sees this receipt as it sees every till's (subgraphs/pos/live.ts):
    // one publisher per receipt. Its status and stock are told at once, under the ids the feed's follower uses too.
    completed(input, results) {
      const { transactionKey } = results.sale as { transactionKey: string };
      void services.live.orderStatus({ orderId: storeOrderId({ key: transactionKey }), status: 'COMPLETED', customerId: null });
      services.live.stockMoved(
        input.lines.map((line) => ({ plant: input.plant, sku: line.sku })),
        transactionKey,
      );
    },
  };
}

export interface CounterSaleRequest {
  storeLocationId: string;
  workstationId: number;
  associateId: string;
  lines: StockLine[];
  tender: keyof typeof TENDERS;
  loyaltyCard?: string | null;
  redeemPoints?: number | null;
  voucherCode?: string | null;
}

export async function prepareCounterSale(
  services: CommerceServices,
  request: CounterSaleRequest,
  reference: string,
): Promise<CounterSaleInput> {
  checkLines(request.lines, ['input', 'lines']);
  if (!Number.isInteger(request.workstationId) || request.workstationId < 1) {
    throw new BusinessRuleError('LOCATION_NOT_FOUND', 'A workstation is a till number from 1.', ['input', 'workstationId']);
  }
  const { plant, retailStoreId } = await storeOf(services, request.storeLocationId, ['input', 'storeLocationId']);
  const now = services.now();
  // The card is looked up while the catalogue is read: pricing waits for it only to know whether member prices apply.
  const lookup = request.loyaltyCard
    ? services.loyalty.members.cardOfCaptured({ loyaltyCard: request.loyaltyCard })
    : Promise.resolve(null);
  lookup.catch(() => undefined);
  const member = lookup.then((card) => {
    if (request.loyaltyCard && !card)
      throw new BusinessRuleError('NOT_A_LOYALTY_MEMBER', 'No loyalty member has this card or phone.', ['input', 'loyaltyCard']);
    return card ? ('MEMBER' as const) : ('GUEST' as const);
  });
  member.catch(() => undefined);
  // Priced as every channel prices: the promotions running at this store, member prices for a card holder.
  const pricing = await priceLines(
    services,
    { lines: request.lines, channel: 'STORE', storeCode: retailStoreId, buyer: member, voucherCode: request.voucherCode ?? null },
    ['input'],
  );
  const card = await lookup;
  // The till keeps hundredths of a dong: regular prices, each promotion a price modifier, the total after them.
  const lines = tillLinesOf(pricing);
  const total = tillTotalOf(pricing);
  const redeemPoints = request.redeemPoints ?? 0;
  if (request.redeemPoints !== null && request.redeemPoints !== undefined) checkRedemption(card, redeemPoints, total / 100n);
  const pointsPaid = dongForPoints(redeemPoints) * 100n;
  const tenders = [
    ...(pointsPaid > 0n ? [{ type: 'LoyaltyPoints' as const, amount: pointsPaid.toString() }] : []),
    ...(total > pointsPaid ? [{ type: TENDERS[request.tender], amount: (total - pointsPaid).toString() }] : []),
  ];
  await services.salesFeed.refreshStore(retailStoreId);
  return {
    reference: redemptionReference(reference),
    card: card && { id: card.id, code: card.code },
    redeemPoints,
    plant: plant.plant,
    lines: request.lines,
    feedCursor: services.salesFeed.cursorOf(retailStoreId) ?? 0,
    receipt: {
      kind: 'Sale',
      retailStoreId,
      workstationId: request.workstationId,
      operatorId: request.associateId,
      beginDateTime: storeLocalTime(now),
      lines,
      tenders,
      ...(card ? { customer: { loyaltyCard: card.code } } : {}),
    },
  };
}
