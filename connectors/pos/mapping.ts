import { parseAmount } from './amounts';
import type {
  Disposition,
  Hundredths,
  OpeningHours,
  PaymentMethod,
  Receipt,
  ReceiptKey,
  ReceiptKind,
  ReceiptLine,
  Store,
  Tender,
  Weekday,
} from './records';
import { isBusinessDay, storeTimeToIso } from './time';
import {
  attribute,
  child,
  children,
  documentOf,
  ownText,
  PosAnswerError,
  quantityOf,
  requiredText,
  text,
  wholeNumber,
  XmlElement,
} from './wire';

/** What the head office answers, as retail records: POSLog receipts and the store list, and receipts' keys. */

// ---- Identifiers ------------------------------------------------------------------------------

export function transactionKey(key: ReceiptKey): string {
  return `${key.retailStoreId}-${key.workstationId}-${key.sequenceNumber}-${key.businessDay}`;
}

const TRANSACTION_KEY = /^(.+)-(\d{1,9})-(\d{1,15})-(\d{4}-\d{2}-\d{2})$/;

/** `101-2-1105-2026-11-20` into its four parts; null when it is not one. */
export function parseTransactionKey(text: string): ReceiptKey | null {
  const match = TRANSACTION_KEY.exec(text);
  if (!match || !isBusinessDay(match[4])) return null;
  return { retailStoreId: match[1], workstationId: Number(match[2]), sequenceNumber: Number(match[3]), businessDay: match[4] };
}

// ---- Records ----------------------------------------------------------------------------------

const KINDS: readonly ReceiptKind[] = ['Sale', 'Return', 'PickupHandover'];
const ITEM_ELEMENTS = ['Sale', 'Return', 'CustomerOrderForPickup'];
const PAYMENT_METHODS: Record<string, PaymentMethod> = {
  Cash: 'CASH',
  CreditDebit: 'CARD',
  EWallet: 'E_WALLET',
  LoyaltyPoints: 'LOYALTY_POINTS',
};
const DISPOSITIONS: readonly Disposition[] = ['ReturnToStock', 'Damaged'];
const WEEKDAYS: Record<string, Weekday> = {
  Monday: 'MONDAY',
  Tuesday: 'TUESDAY',
  Wednesday: 'WEDNESDAY',
  Thursday: 'THURSDAY',
  Friday: 'FRIDAY',
  Saturday: 'SATURDAY',
  Sunday: 'SUNDAY',
};
const WEEK: readonly Weekday[] = Object.values(WEEKDAYS);

function amountOf(element: XmlElement | undefined): Hundredths | null {
  const value = ownText(element);
  if (value === undefined) return null;
  return parseAmount(value);
}

function itemLineOf(detail: XmlElement): ReceiptLine {
  const disposition = text(detail, 'Disposition');
  const discount = children(detail, 'RetailPriceModifier').reduce((sum, modifier) => sum + (amountOf(child(modifier, 'Amount')) ?? 0n), 0n);
  return {
    sku: requiredText(detail, 'ItemID'),
    description: text(detail, 'Description') ?? '',
    quantity: quantityOf(requiredText(detail, 'Quantity')),
    unitPrice: amountOf(child(detail, 'RegularSalesUnitPrice')),
    gross: amountOf(child(detail, 'ExtendedAmount')),
    discount,
    disposition: DISPOSITIONS.find((d) => d === disposition) ?? null,
  };
}

function tenderOf(tender: XmlElement): Tender {
  const type = attribute(tender, 'TenderType') ?? '';
  const method = PAYMENT_METHODS[type];
  const amount = amountOf(child(tender, 'Amount'));
  if (!method || amount === null) throw new PosAnswerError(`tender "${type}" cannot be read`);
  return { method, amount };
}

/** The receipt a return or pickup settles: a store sale by its four-part key, or a web order by number. */
function linkOf(retail: XmlElement): Pick<Receipt, 'returnOf' | 'webOrderNumber'> {
  const link = child(retail, 'TransactionLink');
  if (!link) return { returnOf: null, webOrderNumber: null };
  const webOrderNumber = text(link, 'CustomerOrderID') ?? null;
  const store = text(link, 'RetailStoreID');
  const original =
    store === undefined
      ? null
      : transactionKey({
          retailStoreId: store,
          workstationId: wholeNumber(requiredText(link, 'WorkstationID'), 'WorkstationID'),
          sequenceNumber: wholeNumber(requiredText(link, 'SequenceNumber'), 'SequenceNumber'),
          businessDay: requiredText(link, 'BusinessDayDate'),
        });
  return { returnOf: original, webOrderNumber };
}

/** Tenders are LineItems too, numbered after the items: split them by the element inside. */
function receiptOf(transaction: XmlElement): Receipt {
  const retail = child(transaction, 'RetailTransaction');
  const kind = KINDS.find((k) => retail !== undefined && k === attribute(retail, 'TypeCode'));
  if (!retail || !kind) throw new PosAnswerError('a transaction without a known RetailTransaction kind');
  const key: ReceiptKey = {
    retailStoreId: requiredText(transaction, 'RetailStoreID'),
    workstationId: wholeNumber(requiredText(transaction, 'WorkstationID'), 'WorkstationID'),
    sequenceNumber: wholeNumber(requiredText(transaction, 'SequenceNumber'), 'SequenceNumber'),
    businessDay: requiredText(transaction, 'BusinessDayDate'),
  };
  const lineItems = children(retail, 'LineItem');
  const grandTotal = children(retail, 'Total').find(
    (t) => (attribute(t, 'TotalType') ?? 'TransactionGrandAmount') === 'TransactionGrandAmount',
  );
  const total = amountOf(grandTotal);
  if (total === null) throw new PosAnswerError('a transaction without its grand total');
  const customer = child(retail, 'Customer');
  return {
    ...key,
    key: transactionKey(key),
    kind,
    startedAt: storeTimeToIso(requiredText(transaction, 'BeginDateTime')),
    endedAt: storeTimeToIso(requiredText(transaction, 'EndDateTime')),
    currencyCode: text(transaction, 'CurrencyCode') ?? (grandTotal && attribute(grandTotal, 'CurrencyCode')) ?? 'VND',
    lines: lineItems.flatMap((item) =>
      ITEM_ELEMENTS.map((name) => child(item, name))
        .filter((d): d is XmlElement => d !== undefined)
        .map(itemLineOf),
    ),
    tenders: lineItems
      .map((item) => child(item, 'Tender'))
      .filter((t): t is XmlElement => t !== undefined)
      .map(tenderOf),
    total,
    loyaltyCard: (customer && text(customer, 'LoyaltyCard')) ?? null,
    phone: (customer && text(customer, 'Phone')) ?? null,
    ...linkOf(retail),
    operatorId: text(transaction, 'OperatorID') ?? null,
  };
}

function weekdayOf(text: string): Weekday {
  const weekday = WEEKDAYS[text];
  if (!weekday) throw new PosAnswerError(`not a day of the week: "${text}"`);
  return weekday;
}

function storeOf(store: XmlElement): Store {
  const days = children(child(store, 'OperatingHours') ?? {}, 'Day').map((day): OpeningHours => ({
    weekday: weekdayOf(requiredText(day, 'DayOfWeek')),
    // "08:00" or "08:00:00" depending on the release: the graph says HH:MM.
    opens: requiredText(day, 'OpenTime').slice(0, 5),
    closes: requiredText(day, 'CloseTime').slice(0, 5),
  }));
  return {
    retailStoreId: requiredText(store, 'RetailStoreID'),
    name: text(store, 'Name') ?? '',
    openingHours: days.sort((a, b) => WEEK.indexOf(a.weekday) - WEEK.indexOf(b.weekday)),
  };
}

export function receiptsOf(log: XmlElement): Receipt[] {
  return children(log, 'Transaction').map(receiptOf);
}

/** The receipts of a POSLog document (a feed page, a batch, a lookup, one receipt). */
export function receiptsOfPosLog(xml: string): Receipt[] {
  return receiptsOf(documentOf(xml, 'POSLog'));
}

/** The stores of a store list document. */
export function storesOfXml(xml: string): Store[] {
  return children(documentOf(xml, 'Stores'), 'Store').map(storeOf);
}
