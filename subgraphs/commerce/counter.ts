import { BusinessRuleError } from '../../lib/errors';
import { toMinorUnits } from '../../lib/money';
import { priceAt } from '../../connectors/ecommerce';
import { storeOrderId } from '../../lib/ids';
import { checkCatalogue } from './checkout';
import type { SagaDefinition } from './saga';
import { storeLocalTime } from '../../connectors/pos';
import { checkLines, CommerceServices, receiptOf, StoredReceipt, storeOf } from './services';
import type { StockLine } from './stock-gate';

/**
 * A sale at the counter through the graph: posted to the till's head office under the stock gate, so
 * it competes fairly with online checkouts for the last units on the shelf. Prices are the web
 * shop's price of the moment, so a promotion is the same at the counter as online.
 */

const TENDERS = { CASH: 'Cash', CARD: 'CreditDebit', E_WALLET: 'EWallet' } as const;

export interface CounterSaleInput {
  plant: string;
  lines: StockLine[];
  receipt: StoredReceipt;
  feedCursor: number;
}

/** One step, the pivot: the sale is posted or it is not. */
export function counterSaleSaga(services: CommerceServices): SagaDefinition<CounterSaleInput, { order: { id: string }; userErrors: [] }> {
  return {
    kind: 'counterSale',
    pivot: 'sale',
    steps: [
      {
        name: 'sale',
        run: (input) => services.gate.allocate(input.plant, input.lines, () => services.pos.postTransaction(receiptOf(input.receipt))),
        // Only after a crash: two sales by one associate at one till in one second with the same lines would look alike.
        find: (input) => services.pos.findTransaction(receiptOf(input.receipt), input.feedCursor),
      },
    ],
    result: (_input, results) => ({
      order: { id: storeOrderId({ key: (results.sale as { transactionKey: string }).transactionKey }) },
      userErrors: [],
    }),
  };
}

export interface CounterSaleRequest {
  storeLocationId: string;
  workstationId: number;
  associateId: string;
  lines: StockLine[];
  tender: keyof typeof TENDERS;
}

export async function prepareCounterSale(services: CommerceServices, request: CounterSaleRequest): Promise<CounterSaleInput> {
  checkLines(request.lines, ['input', 'lines']);
  if (!Number.isInteger(request.workstationId) || request.workstationId < 1) {
    throw new BusinessRuleError('LOCATION_NOT_FOUND', 'A workstation is a till number from 1.', ['input', 'workstationId']);
  }
  const { plant, retailStoreId } = await storeOf(services, request.storeLocationId, ['input', 'storeLocationId']);
  const products = await checkCatalogue(
    services,
    request.lines.map((line) => line.sku),
    ['input', 'lines'],
  );
  const now = services.now();
  const lines = request.lines.map((line) => {
    const product = products.find((p) => p.sku.toLowerCase() === line.sku.toLowerCase())!;
    const { price } = priceAt(product, now);
    // The till keeps hundredths of a dong.
    return { sku: product.sku, quantity: line.quantity, unitPrice: (toMinorUnits(price.amount, price.currencyCode) * 100n).toString() };
  });
  await services.salesFeed.refreshStore(retailStoreId);
  return {
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
      tenders: [
        {
          type: TENDERS[request.tender],
          amount: lines.reduce((sum, line) => sum + BigInt(line.unitPrice) * BigInt(line.quantity), 0n).toString(),
        },
      ],
    },
  };
}
