import { decodeId } from '../../lib/ids';
import { Money, money } from '../../lib/money';
import { formatAmount, Hundredths, parseTransactionKey, Receipt, ReceiptKey } from '../../connectors/pos';
import type { OrderStatus, OrderStatusChange } from './generated/graphql';

/** How receipts read as orders: ids, receipt numbers, refund status and totals. Pure functions. */

/** A customer as identity hands them over, with what tells their store sales apart. */
export interface StoreCustomer {
  loyaltyCards: string[];
  /** E.164, as identity has them. */
  phones: string[];
  /** Of `phones`, those another customer holds too. */
  sharedPhones: string[];
  /** Sales (POS transaction keys) someone confirmed as theirs. */
  confirmedStoreSales: string[];
}

/** The receipt behind a StoreOrder id; null for an id that is not one. */
export function receiptKeyOfOrderId(id: string): ReceiptKey | null {
  const key = decodeId('StoreOrder', id);
  return key === null ? null : parseTransactionKey(key);
}

/**
 * The number printed on the receipt: store number, a dash, and the store-wide sequence number
 * padded to six digits ("101-001045"). Sequence numbers never repeat within a store, so the two
 * identify the receipt; the till and business day are in `receiptKey`.
 */
export function receiptNumber(receipt: Pick<Receipt, 'retailStoreId' | 'sequenceNumber'>): string {
  return `${receipt.retailStoreId}-${String(receipt.sequenceNumber).padStart(6, '0')}`;
}

export function moneyOf(amount: Hundredths, currencyCode: string): Money {
  return money(formatAmount(amount), currencyCode);
}

const sum = (amounts: (Hundredths | null)[]) => amounts.reduce<Hundredths>((total, amount) => total + (amount ?? 0n), 0n);

/** Units per SKU on a receipt's item lines. */
function unitsBySku(receipt: Receipt): Map<string, number> {
  const units = new Map<string, number>();
  for (const line of receipt.lines) units.set(line.sku, (units.get(line.sku) ?? 0) + line.quantity);
  return units;
}

/** REFUNDED once returns have taken back every unit sold, PARTIALLY_REFUNDED once they took any. */
function statusAfter(sold: Map<string, number>, returned: Map<string, number>): OrderStatus {
  if (returned.size === 0) return 'COMPLETED';
  const everything = [...sold].every(([sku, quantity]) => (returned.get(sku) ?? 0) >= quantity);
  return everything ? 'REFUNDED' : 'PARTIALLY_REFUNDED';
}

const byTime = (a: Receipt, b: Receipt) => a.endedAt.localeCompare(b.endedAt) || a.key.localeCompare(b.key);

/** A sale is complete when rung up; each return that references it moves it on. Oldest first. */
export function statusHistoryOf(sale: Receipt, returns: Receipt[]): OrderStatusChange[] {
  const sold = unitsBySku(sale);
  const returned = new Map<string, number>();
  const history: OrderStatusChange[] = [{ status: 'COMPLETED', at: sale.endedAt, note: null }];
  for (const refund of [...returns].sort(byTime)) {
    for (const [sku, quantity] of unitsBySku(refund)) returned.set(sku, (returned.get(sku) ?? 0) + quantity);
    history.push({
      status: statusAfter(sold, returned),
      at: refund.endedAt,
      note: `Returned in store ${refund.retailStoreId} on receipt ${receiptNumber(refund)}`,
    });
  }
  return history;
}

export function statusOf(sale: Receipt, returns: Receipt[]): OrderStatus {
  return statusHistoryOf(sale, returns).at(-1)!.status;
}

/** A sale's totals; what was refunded is only looked up when asked for. */
export interface SaleTotals {
  sale: Receipt;
}

/** ExtendedAmount is before discounts: the lines' gross amounts. */
export const subtotalOf = (sale: Receipt) => moneyOf(sum(sale.lines.map((line) => line.gross)), sale.currencyCode);

export const discountOf = (sale: Receipt) => moneyOf(sum(sale.lines.map((line) => line.discount)), sale.currencyCode);

/** What returns paid back: their totals are negative, so the refund is their negation. */
export function refundedBy(sale: Receipt, returns: Receipt[]): Money {
  return moneyOf(-sum(returns.map((refund) => refund.total)), sale.currencyCode);
}

export function orderLinesOf(sale: Receipt) {
  return sale.lines.map((line) => {
    const gross = line.gross ?? 0n;
    return {
      sku: line.sku,
      name: line.description,
      quantity: line.quantity,
      unitPrice: moneyOf(line.unitPrice ?? 0n, sale.currencyCode),
      discount: moneyOf(line.discount, sale.currencyCode),
      total: moneyOf(gross - line.discount, sale.currencyCode),
      variant: { sku: line.sku },
    };
  });
}
