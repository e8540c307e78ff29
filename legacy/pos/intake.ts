import { posTransactionKey } from '../seed/model';
import { badRequest, conflict } from './errors';
import type { PosLedger, StoreRecord } from './ledger';
import { CURRENCY, formatAmount, parseAmount } from './money';
import { LINE_ELEMENT } from './poslog';
import type { LineRow, TransactionRow } from './store';
import { isBusinessDay, isStoreLocalTime, storeBusinessDay, toStoreLocalTime } from './time';
import { attribute, childElement, childElements, childText, parseXml, textOf, type XmlElement } from './xml';

type Kind = TransactionRow['kind'];

const KINDS: readonly Kind[] = ['Sale', 'Return', 'PickupHandover'];
const TENDER_TYPES = ['Cash', 'CreditDebit', 'EWallet', 'LoyaltyPoints'];
const DISPOSITIONS = ['ReturnToStock', 'Damaged'];
/** How a line's net amount counts toward the total: refunds are negative, pickups were paid online. */
const DIRECTION: Record<Kind, number> = { Sale: 1, Return: -1, PickupHandover: 0 };
const WHOLE_NUMBER = /^\d+$/;
const QUANTITY = /^\d+(\.0+)?$/;

type PosKey = Parameters<typeof posTransactionKey>[0];

interface Link {
  original: PosKey | null;
  customerOrderId: string | null;
}

/**
 * Reads a POSLog posted by a till into a receipt the head office can book, making every check a
 * real head office makes before it accepts a transaction and refusing in its own error codes.
 */
export function readPostedTransaction(body: string, ledger: PosLedger, now: Date): TransactionRow {
  const root = childElement(parseXml(body), 'POSLog');
  if (!root) throw invalid('The document root must be POSLog');
  const transactions = childElements(root, 'Transaction');
  if (transactions.length !== 1) throw invalid(`A posted POSLog holds exactly one Transaction, not ${transactions.length}`);
  const transaction = transactions[0];

  const store = readStore(transaction, ledger);
  const workstationId = readWorkstation(transaction, store);
  const retail = childElement(transaction, 'RetailTransaction');
  if (!retail) throw invalid('Transaction/RetailTransaction is required');
  const kind = readKind(retail);
  const lines = readItemLines(retail, kind, ledger);
  const tenders = readTenders(retail);
  const total = readTotal(retail);
  checkAmounts(kind, lines, total, tenders);
  const { original, customerOrderId } = readLink(retail, kind);
  if (original !== null) checkReturnable(original, lines, ledger);
  const customer = childElement(retail, 'Customer');
  const { beginAt, endAt } = readTimes(transaction, now);

  const givenSequence = optionalWholeNumber(transaction, 'SequenceNumber');
  const row: TransactionRow = {
    retailStoreId: store.retailStoreId,
    workstationId,
    sequenceNumber: givenSequence ?? ledger.lastSequence(store.retailStoreId) + 1,
    businessDay: readBusinessDay(transaction, now),
    beginAt,
    endAt,
    kind,
    operatorId: requiredText(transaction, 'OperatorID', 'Transaction'),
    total,
    loyaltyCard: customer ? (childText(customer, 'LoyaltyCard') ?? null) : null,
    phone: customer ? (childText(customer, 'Phone') ?? null) : null,
    returnOfKey: original && posTransactionKey(original),
    customerOrderId,
    lines,
    tenders,
  };
  checkKeyIsFree(row, givenSequence !== undefined, ledger);
  return row;
}

function invalid(message: string) {
  return badRequest('InvalidPOSLog', message);
}

function requiredText(parent: XmlElement, name: string, where: string): string {
  const text = childText(parent, name);
  if (text === undefined) throw invalid(`${where}/${name} is required`);
  return text;
}

function optionalWholeNumber(parent: XmlElement, name: string): number | undefined {
  const text = childText(parent, name);
  if (text === undefined) return undefined;
  if (!WHOLE_NUMBER.test(text) || Number(text) === 0) throw invalid(`${name} must be a positive whole number, not "${text}"`);
  return Number(text);
}

/** An amount element's value in hundredths; its CurrencyCode, when given, must be the stores' currency. */
function amountOf(element: XmlElement, where: string): number {
  const currency = attribute(element, 'CurrencyCode');
  if (currency !== undefined && currency !== CURRENCY) {
    throw badRequest('InvalidCurrency', `${where} is in ${currency}; the stores trade in ${CURRENCY}`);
  }
  const text = textOf(element) ?? '';
  const value = parseAmount(text);
  if (value === null) throw invalid(`${where} must be a decimal amount such as 125000.00, not "${text}"`);
  return value;
}

function readAmount(parent: XmlElement, name: string, where: string): number | undefined {
  const element = childElement(parent, name);
  return element && amountOf(element, `${where}/${name}`);
}

function readStore(transaction: XmlElement, ledger: PosLedger): StoreRecord {
  const retailStoreId = requiredText(transaction, 'RetailStoreID', 'Transaction');
  const store = ledger.store(retailStoreId);
  if (!store) throw badRequest('UnknownStore', `Store ${retailStoreId} does not exist`);
  return store;
}

function readWorkstation(transaction: XmlElement, store: StoreRecord): number {
  const text = requiredText(transaction, 'WorkstationID', 'Transaction');
  const workstationId = Number(text);
  if (!WHOLE_NUMBER.test(text) || workstationId < 1 || workstationId > store.workstations) {
    throw badRequest('UnknownWorkstation', `Store ${store.retailStoreId} has workstations 1 to ${store.workstations}, not ${text}`);
  }
  return workstationId;
}

function readKind(retail: XmlElement): Kind {
  const typeCode = attribute(retail, 'TypeCode');
  const kind = KINDS.find((k) => k === typeCode);
  if (!kind) throw invalid(`RetailTransaction/@TypeCode must be one of ${KINDS.join(', ')}, not "${typeCode ?? ''}"`);
  return kind;
}

function readTimes(transaction: XmlElement, now: Date): { beginAt: string; endAt: string } {
  const read = (name: string) => {
    const text = childText(transaction, name);
    if (text !== undefined && !isStoreLocalTime(text)) {
      throw invalid(`${name} must be store-local time without zone, e.g. 2026-11-20T09:15:02, not "${text}"`);
    }
    return text ?? toStoreLocalTime(now);
  };
  const beginAt = read('BeginDateTime');
  const endAt = read('EndDateTime');
  if (endAt < beginAt) throw invalid(`EndDateTime ${endAt} is before BeginDateTime ${beginAt}`);
  return { beginAt, endAt };
}

function readBusinessDay(transaction: XmlElement, now: Date): string {
  const text = childText(transaction, 'BusinessDayDate');
  if (text !== undefined && !isBusinessDay(text)) throw invalid(`BusinessDayDate must be a date such as 2026-11-20, not "${text}"`);
  return text ?? storeBusinessDay(now);
}

/** Item lines in document order, numbered 1..n; their detail element must match the transaction's kind. */
function readItemLines(retail: XmlElement, kind: Kind, ledger: PosLedger): LineRow[] {
  const detailName = LINE_ELEMENT[kind];
  const lines: LineRow[] = [];
  childElements(retail, 'LineItem').forEach((lineItem, index) => {
    const where = `LineItem ${index + 1}`;
    if (childElement(lineItem, 'Tender')) return;
    const detail = childElement(lineItem, detailName);
    if (!detail) throw invalid(`${where}: a ${kind} transaction's line items hold ${detailName} or Tender`);
    lines.push(readItemLine(detail, lines.length + 1, kind, ledger, where));
  });
  if (lines.length === 0) throw invalid(`A ${kind} transaction needs at least one ${detailName} line item`);
  return lines;
}

function readItemLine(detail: XmlElement, lineNumber: number, kind: Kind, ledger: PosLedger, where: string): LineRow {
  const sku = childText(detail, 'ItemID');
  const posIdentity = childElement(detail, 'POSIdentity');
  const gtin = posIdentity ? childText(posIdentity, 'POSItemID') : undefined;
  if (sku === undefined && gtin === undefined) throw invalid(`${where}: ItemID or POSIdentity/POSItemID is required`);
  const item = sku !== undefined ? ledger.item(sku) : ledger.itemByGtin(gtin!);
  if (!item) throw badRequest('UnknownItem', `${where}: item ${sku ?? gtin} is not in the item master`);
  if (gtin !== undefined && gtin !== item.gtin) throw badRequest('UnknownItem', `${where}: ${gtin} is not the GTIN of item ${item.sku}`);

  const quantityText = childText(detail, 'Quantity') ?? '';
  if (!QUANTITY.test(quantityText) || Number(quantityText) === 0) {
    throw badRequest('InvalidQuantity', `${where}: Quantity must be a positive whole number, not "${quantityText}"`);
  }
  const identity = {
    lineNumber,
    sku: item.sku,
    gtin: item.gtin,
    description: childText(detail, 'Description') ?? item.description,
    quantity: Number(quantityText),
  };
  if (kind === 'PickupHandover')
    return { ...identity, unitPrice: null, extendedAmount: null, discount: 0, priceModifiers: null, disposition: null };

  const unitPrice = readAmount(detail, 'RegularSalesUnitPrice', where) ?? item.price;
  if (unitPrice < 0) throw badRequest('AmountMismatch', `${where}: RegularSalesUnitPrice cannot be negative`);
  const gross = unitPrice * identity.quantity;
  const extended = readAmount(detail, 'ExtendedAmount', where);
  if (extended !== undefined && extended !== gross) {
    throw badRequest(
      'AmountMismatch',
      `${where}: ExtendedAmount ${formatAmount(extended)} is not Quantity x RegularSalesUnitPrice = ${formatAmount(gross)}`,
    );
  }
  const modifiers = childElements(detail, 'RetailPriceModifier').map((modifier) => ({
    amount: readAmount(modifier, 'Amount', `${where}/RetailPriceModifier`) ?? 0,
    promotionId: childText(modifier, 'PromotionID') ?? null,
    reasonCode: childText(modifier, 'ReasonCode') ?? null,
    description: childText(modifier, 'Description') ?? null,
  }));
  const discount = modifiers.reduce((sum, modifier) => sum + modifier.amount, 0);
  if (discount < 0 || discount > gross) {
    throw badRequest('AmountMismatch', `${where}: discounts of ${formatAmount(discount)} do not fit a line of ${formatAmount(gross)}`);
  }
  return {
    ...identity,
    unitPrice,
    extendedAmount: gross,
    discount,
    // Kept as posted when the till named a promotion, so the head office answers the same modifiers.
    priceModifiers: modifiers.some((m) => m.promotionId !== null) ? JSON.stringify(modifiers) : null,
    disposition: kind === 'Return' ? readDisposition(detail, where) : null,
  };
}

function readDisposition(detail: XmlElement, where: string): string {
  const disposition = childText(detail, 'Disposition');
  if (disposition === undefined || !DISPOSITIONS.includes(disposition)) {
    throw invalid(`${where}: a returned item's Disposition must be ${DISPOSITIONS.join(' or ')}, not "${disposition ?? ''}"`);
  }
  return disposition;
}

function readTenders(retail: XmlElement): TransactionRow['tenders'] {
  return childElements(retail, 'LineItem').flatMap((lineItem, index) => {
    const tender = childElement(lineItem, 'Tender');
    if (!tender) return [];
    const where = `LineItem ${index + 1}/Tender`;
    const type = attribute(tender, 'TenderType') ?? '';
    if (!TENDER_TYPES.includes(type)) throw invalid(`${where}/@TenderType must be one of ${TENDER_TYPES.join(', ')}, not "${type}"`);
    const amount = readAmount(tender, 'Amount', where);
    if (amount === undefined) throw invalid(`${where}/Amount is required`);
    return [{ type, amount }];
  });
}

/** The grand total: the Total typed TransactionGrandAmount, or an untyped one. */
function readTotal(retail: XmlElement): number {
  const grand = childElements(retail, 'Total').find(
    (t) => (attribute(t, 'TotalType') ?? 'TransactionGrandAmount') === 'TransactionGrandAmount',
  );
  if (!grand) throw invalid('RetailTransaction/Total with TotalType="TransactionGrandAmount" is required');
  return amountOf(grand, 'RetailTransaction/Total');
}

/** Lines less discounts make the total (negative for a refund), and the tenders settle it exactly. */
function checkAmounts(kind: Kind, lines: LineRow[], total: number, tenders: TransactionRow['tenders']): void {
  const net = lines.reduce((sum, line) => sum + (line.extendedAmount ?? 0) - line.discount, 0);
  const expected = DIRECTION[kind] * net;
  if (total !== expected) {
    throw badRequest('AmountMismatch', `Total ${formatAmount(total)} is not the lines less discounts: ${formatAmount(expected)}`);
  }
  const tendered = tenders.reduce((sum, tender) => sum + tender.amount, 0);
  if (tendered !== total) {
    throw badRequest('AmountMismatch', `Tenders add up to ${formatAmount(tendered)}, not the Total ${formatAmount(total)}`);
  }
}

/** A return names the receipt it takes back (or the web order); a pickup names the web order. */
function readLink(retail: XmlElement, kind: Kind): Link {
  if (kind === 'Sale') return { original: null, customerOrderId: null };
  const reason = kind === 'Return' ? 'Return' : 'Pickup';
  const link = childElement(retail, 'TransactionLink');
  if (!link || (attribute(link, 'ReasonCode') ?? reason) !== reason) {
    throw invalid(`A ${kind} transaction needs a TransactionLink with ReasonCode="${reason}"`);
  }
  const customerOrderId = childText(link, 'CustomerOrderID');
  if (customerOrderId !== undefined) return { original: null, customerOrderId };
  if (kind === 'PickupHandover') throw invalid('A PickupHandover needs TransactionLink/CustomerOrderID, the web order number');
  const where = 'TransactionLink';
  const businessDay = requiredText(link, 'BusinessDayDate', where);
  const workstationId = optionalWholeNumber(link, 'WorkstationID');
  const sequenceNumber = optionalWholeNumber(link, 'SequenceNumber');
  if (workstationId === undefined || sequenceNumber === undefined || !isBusinessDay(businessDay)) {
    throw invalid(
      `${where} needs CustomerOrderID, or RetailStoreID, WorkstationID, SequenceNumber and BusinessDayDate of the original receipt`,
    );
  }
  const retailStoreId = requiredText(link, 'RetailStoreID', where);
  return { original: { retailStoreId, workstationId, sequenceNumber, businessDay }, customerOrderId: null };
}

/** The original must be a sale, and nothing may be returned twice. */
function checkReturnable(key: PosKey, lines: LineRow[], ledger: PosLedger): void {
  const originalKey = posTransactionKey(key);
  const original = ledger.transaction(key.retailStoreId, key.workstationId, key.sequenceNumber, key.businessDay);
  if (!original || original.kind !== 'Sale') {
    throw badRequest('UnknownOriginalTransaction', `There is no sale ${originalKey} to return items from`);
  }
  const left = new Map<string, number>();
  for (const line of original.lines) left.set(line.sku, (left.get(line.sku) ?? 0) + line.quantity);
  for (const earlier of ledger.returnsOf(originalKey)) {
    for (const line of earlier.lines) left.set(line.sku, (left.get(line.sku) ?? 0) - line.quantity);
  }
  for (const line of lines) {
    const remaining = left.get(line.sku) ?? 0;
    if (line.quantity > remaining) {
      throw badRequest(
        'ReturnQuantityExceeded',
        `Item ${line.sku}: ${line.quantity} returned, but only ${remaining} of sale ${originalKey} can still be returned`,
      );
    }
    left.set(line.sku, remaining - line.quantity);
  }
}

/** Keys are never reused, and a closed day's batch never changes. */
function checkKeyIsFree(row: TransactionRow, sequenceGiven: boolean, ledger: PosLedger): void {
  const key = posTransactionKey(row);
  const holder = sequenceGiven ? ledger.transactionBySequence(row.retailStoreId, row.sequenceNumber) : undefined;
  if (holder && posTransactionKey(holder) === key) throw conflict('DuplicateTransaction', `Transaction ${key} has already been received`);
  if (holder) {
    throw conflict(
      'SequenceNumberInUse',
      `Sequence number ${row.sequenceNumber} of store ${row.retailStoreId} already belongs to ${posTransactionKey(holder)}`,
    );
  }
  if (ledger.isClosed(row.retailStoreId, row.businessDay)) {
    throw conflict(
      'BusinessDayClosed',
      `Business day ${row.businessDay} of store ${row.retailStoreId} is closed; its end-of-day batch is final`,
    );
  }
}
