import { BusinessRuleError } from '../../lib/errors';
import { formatAmount } from './amounts';
import { transactionKey } from './mapping';
import type {
  Disposition,
  Hundredths,
  NewStoreTransaction,
  PostedTransaction,
  PriceModifier,
  Receipt,
  ReceiptKey,
  ReceiptKind,
} from './records';
import { LOCAL_TIME, storeTimeToIso } from './time';
import { builder, documentOf, requiredText, wholeNumber, XmlElement } from './wire';

/**
 * The counter's writes: a transaction as the POSLog a till would post, the head office's acceptance
 * as the receipt's key, and how to recognise the receipt a posting left when its answer was lost.
 */

const POSLOG_NAMESPACE = 'http://www.nrf-arts.org/IXRetail/namespace/';
/** The stores trade in dong only; the head office refuses any other currency. */
const STORE_CURRENCY = 'VND';
const DETAIL_ELEMENTS: Record<ReceiptKind, string> = { Sale: 'Sale', Return: 'Return', PickupHandover: 'CustomerOrderForPickup' };

/** An item line as the POS will record it: the defaults of each kind applied. */
interface PostedLine {
  sku: string;
  quantity: number;
  unitPrice: Hundredths | null;
  disposition: Disposition | null;
  priceModifiers: PriceModifier[];
}

/** The lines of `tx` with each kind's rules: a sale needs prices, a return defaults to 0 and back to stock, a handover has no prices. */
export function postedLinesOf(tx: NewStoreTransaction): PostedLine[] {
  return tx.lines.map((line, index) => {
    // Checked here too: amounts are quantity x price in exact hundredths, which needs whole units.
    if (!Number.isInteger(line.quantity) || line.quantity <= 0) {
      throw new BusinessRuleError('INVALID_QUANTITY', `Item ${line.sku} needs a positive whole quantity.`, ['lines', String(index)]);
    }
    switch (tx.kind) {
      case 'Sale':
        if (line.unitPrice === undefined) throw new Error(`a store sale needs the unit price of ${line.sku}`);
        return {
          sku: line.sku,
          quantity: line.quantity,
          unitPrice: line.unitPrice,
          disposition: null,
          priceModifiers: line.priceModifiers ?? [],
        };
      case 'Return':
        return {
          sku: line.sku,
          quantity: line.quantity,
          unitPrice: line.unitPrice ?? 0n,
          disposition: line.disposition ?? 'ReturnToStock',
          priceModifiers: [],
        };
      case 'PickupHandover':
        return { sku: line.sku, quantity: line.quantity, unitPrice: null, disposition: null, priceModifiers: [] };
    }
  });
}

/** The grand total as the POS signs it: positive for a sale, negative for a refund, 0 for a handover of a paid web order. */
function totalOf(kind: ReceiptKind, lines: PostedLine[]): Hundredths {
  const net = lines.reduce(
    (sum, line) => sum + (line.unitPrice ?? 0n) * BigInt(line.quantity) - line.priceModifiers.reduce((off, m) => off + m.amount, 0n),
    0n,
  );
  return kind === 'Sale' ? net : kind === 'Return' ? -net : 0n;
}

const money = (amount: Hundredths) => ({ '@_CurrencyCode': STORE_CURRENCY, '#text': formatAmount(amount) });

function itemDetailOf(kind: ReceiptKind, line: PostedLine): XmlElement {
  if (line.unitPrice === null) return { ItemID: line.sku, Quantity: String(line.quantity) };
  return {
    '@_ItemType': 'Stock',
    ItemID: line.sku,
    RegularSalesUnitPrice: money(line.unitPrice),
    Quantity: String(line.quantity),
    ExtendedAmount: money(line.unitPrice * BigInt(line.quantity)),
    // ARTS: each promotion's discount beside the regular price, naming the promotion.
    ...(line.priceModifiers.length > 0
      ? {
          RetailPriceModifier: line.priceModifiers.map((modifier, index) => ({
            SequenceNumber: String(index + 1),
            Amount: { '@_Action': 'Subtract', ...money(modifier.amount) },
            PromotionID: modifier.promotionId,
            ReasonCode: 'Promotion',
            Description: modifier.description,
          })),
        }
      : {}),
    ...(kind === 'Return' && line.disposition ? { Disposition: line.disposition } : {}),
  };
}

/** Tenders settle the total exactly; refunds carry TypeCode="Refund" and negative amounts. */
function tendersOf(tx: NewStoreTransaction, total: Hundredths): XmlElement[] {
  if (tx.kind === 'PickupHandover' || total === 0n) return [];
  const given = tx.tenders ?? [{ type: 'Cash' as const, amount: tx.kind === 'Return' ? -total : total }];
  return given.map((tender) => ({
    '@_TenderType': tender.type,
    '@_TypeCode': tx.kind === 'Return' ? 'Refund' : 'Sale',
    Amount: money(tx.kind === 'Return' ? -tender.amount : tender.amount),
  }));
}

function linkXmlOf(tx: NewStoreTransaction): XmlElement | undefined {
  if (tx.kind === 'Sale') return undefined;
  if (tx.kind === 'Return' && tx.returnOf) {
    const { retailStoreId, workstationId, sequenceNumber, businessDay } = tx.returnOf;
    return {
      '@_ReasonCode': 'Return',
      RetailStoreID: retailStoreId,
      WorkstationID: String(workstationId),
      SequenceNumber: String(sequenceNumber),
      BusinessDayDate: businessDay,
    };
  }
  if (tx.customerOrderId === undefined) throw new Error(`a ${tx.kind} needs the web order number or the sale it takes back`);
  return { '@_ReasonCode': tx.kind === 'Return' ? 'Return' : 'Pickup', CustomerOrderID: tx.customerOrderId };
}

function customerXmlOf(customer: NewStoreTransaction['customer']): XmlElement | undefined {
  const captured: XmlElement = {
    ...(customer?.loyaltyCard ? { LoyaltyCard: customer.loyaltyCard } : {}),
    ...(customer?.phone ? { Phone: customer.phone } : {}),
  };
  return Object.keys(captured).length > 0 ? captured : undefined;
}

/**
 * The POSLog a till would post for `tx`. Sequence number and business day are left to the head
 * office (the store's next number, its open day); the transaction ends when it begins, because
 * nobody stands at the till while it is rung up.
 */
export function posLogOf(tx: NewStoreTransaction): string {
  if (!LOCAL_TIME.test(tx.beginDateTime))
    throw new Error(`beginDateTime must be store-local time such as 2026-11-20T09:15:02, not "${tx.beginDateTime}"`);
  const lines = postedLinesOf(tx);
  const total = totalOf(tx.kind, lines);
  const lineItems = [
    ...lines.map((line) => ({ [DETAIL_ELEMENTS[tx.kind]]: itemDetailOf(tx.kind, line) })),
    ...tendersOf(tx, total).map((tender) => ({ Tender: tender })),
  ].map((item, index) => ({ SequenceNumber: String(index + 1), ...item }));
  const document = {
    POSLog: {
      '@_xmlns': POSLOG_NAMESPACE,
      '@_MajorVersion': '6',
      '@_MinorVersion': '0',
      Transaction: {
        RetailStoreID: tx.retailStoreId,
        WorkstationID: String(tx.workstationId),
        BeginDateTime: tx.beginDateTime,
        EndDateTime: tx.beginDateTime,
        OperatorID: tx.operatorId,
        CurrencyCode: STORE_CURRENCY,
        RetailTransaction: {
          '@_TypeCode': tx.kind,
          TransactionLink: linkXmlOf(tx),
          LineItem: lineItems,
          Total: { '@_TotalType': 'TransactionGrandAmount', ...money(total) },
          Customer: customerXmlOf(tx.customer),
        },
      },
    },
  };
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build(document)}`;
}

type SignedLine = Pick<PostedLine, 'sku' | 'quantity' | 'unitPrice' | 'disposition'>;
const lineSignature = (line: SignedLine) => `${line.sku}\u0000${line.quantity}\u0000${line.unitPrice ?? ''}\u0000${line.disposition ?? ''}`;
export const linesSignature = (lines: SignedLine[]) => lines.map(lineSignature).sort().join('\n');

/** Whether `receipt` is what posting `tx` recorded: same kind, till, operator, start, web order and lines. */
export function isReceiptOf(receipt: Receipt, tx: NewStoreTransaction, lines: string): boolean {
  return (
    receipt.kind === tx.kind &&
    receipt.retailStoreId === tx.retailStoreId &&
    receipt.workstationId === tx.workstationId &&
    receipt.operatorId === tx.operatorId &&
    receipt.startedAt === storeTimeToIso(tx.beginDateTime) &&
    receipt.webOrderNumber === (tx.customerOrderId ?? null) &&
    linesSignature(
      receipt.lines.map((line) => ({ sku: line.sku, quantity: line.quantity, unitPrice: line.unitPrice, disposition: line.disposition })),
    ) === lines
  );
}

export function postedKeyOf(key: ReceiptKey): PostedTransaction {
  const { retailStoreId, workstationId, sequenceNumber, businessDay } = key;
  return { retailStoreId, workstationId, sequenceNumber, businessDay, transactionKey: transactionKey(key) };
}

/** The head office's key for an accepted transaction. */
export function acceptedOf(xml: string): PostedTransaction {
  const accepted = documentOf(xml, 'TransactionAccepted');
  return postedKeyOf({
    retailStoreId: requiredText(accepted, 'RetailStoreID'),
    workstationId: wholeNumber(requiredText(accepted, 'WorkstationID'), 'WorkstationID'),
    sequenceNumber: wholeNumber(requiredText(accepted, 'SequenceNumber'), 'SequenceNumber'),
    businessDay: requiredText(accepted, 'BusinessDayDate'),
  });
}
