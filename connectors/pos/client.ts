import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import { BusinessRuleError } from '../../lib/errors';
import { LegacyHttp, legacyHttpOptionsFromEnv, path } from '../../lib/http';
import type { PaymentMethod, Weekday } from './generated/graphql';

/**
 * The one client for the POS head office (ARTS POSLog XML over REST). Its quirks stop here:
 * store-local times without zone, decimal-text amounts, one-or-many elements, tenders mixed with
 * item lines, refunds signed on the total, phones as typed, feed and lookup paging, and the
 * counter's writes posted as POSLog with the head office's refusals in retail terms.
 */

/** All stores are in Vietnam: UTC+7 all year. */
const STORE_UTC_OFFSET = '+07:00';
const STORE_UTC_OFFSET_MS = 7 * 3_600_000;
const DAY_MS = 86_400_000;
/** The head office cuts larger pages to 500 without saying so except in the control header. */
const MAX_PAGE = 500;
/** Cards and phones per lookup call: keeps the query string well under server limits. */
const IDENTIFIERS_PER_LOOKUP = 200;

export type ReceiptKind = 'Sale' | 'Return' | 'PickupHandover';
export type Disposition = 'ReturnToStock' | 'Damaged';

/** An amount as the POS prints it, in hundredths so sums stay exact (refunds can hold a fraction of a dong). */
export type Hundredths = bigint;

export interface ReceiptKey {
  retailStoreId: string;
  workstationId: number;
  sequenceNumber: number;
  businessDay: string;
}

export interface ReceiptLine {
  sku: string;
  description: string;
  quantity: number;
  /** Null on pickup handovers: the web order was paid online. */
  unitPrice: Hundredths | null;
  /** Quantity x unit price, before discounts. */
  gross: Hundredths | null;
  discount: Hundredths;
  /** Returns only: what became of the goods. */
  disposition: Disposition | null;
}

export interface Tender {
  method: PaymentMethod;
  /** Negative on refunds. */
  amount: Hundredths;
}

/** One till transaction, translated. */
export interface Receipt extends ReceiptKey {
  /** The estate-wide key `store-till-sequence-day`. */
  key: string;
  kind: ReceiptKind;
  /** ISO 8601 with the stores' zone. */
  startedAt: string;
  endedAt: string;
  currencyCode: string;
  lines: ReceiptLine[];
  tenders: Tender[];
  /** Negative on returns. */
  total: Hundredths;
  /** What the cashier captured: a loyalty card, or a phone as typed. */
  loyaltyCard: string | null;
  phone: string | null;
  /** For a return of a store sale: the sale's key. */
  returnOf: string | null;
  /** For a pickup handover or a web order returned in store: the web order number. */
  webOrderNumber: string | null;
  /** Who rang it up. Optional so receipts built by hand need not name one; every parsed receipt has it (or null). */
  operatorId?: string | null;
}

export type TenderType = 'Cash' | 'CreditDebit' | 'EWallet' | 'LoyaltyPoints';

/** A transaction Omnigraph posts at a store's till, as the store's staff would ring it up. */
export interface NewStoreTransaction {
  kind: ReceiptKind;
  retailStoreId: string;
  workstationId: number;
  operatorId: string;
  /** Store-local time 'YYYY-MM-DDTHH:mm:ss' the caller chooses; with the operator it lets recovery find the receipt again. */
  beginDateTime: string;
  /** Sale: unitPrice required. Return: unitPrice defaults to 0 (refunded by the web shop), disposition to ReturnToStock. PickupHandover: no prices. */
  lines: { sku: string; quantity: number; unitPrice?: Hundredths; disposition?: Disposition }[];
  /** Positive amounts; a Return's are sent as refunds. Default: one cash tender of the total (none when it is 0). */
  tenders?: { type: TenderType; amount: Hundredths }[];
  customer?: { loyaltyCard?: string; phone?: string };
  /** Web order number: the order a PickupHandover hands over, or the web order a Return takes back. */
  customerOrderId?: string;
}

export type PostedTransaction = ReceiptKey & { transactionKey: string };

export interface OpeningHours {
  weekday: Weekday;
  opens: string;
  closes: string;
}

export interface Store {
  retailStoreId: string;
  name: string;
  /** Monday first. */
  openingHours: OpeningHours[];
}

export interface FeedPage {
  receipts: Receipt[];
  /** Pass back as the next `since`; the same cursor when the page is empty. */
  lastSequence: number;
  moreAvailable: boolean;
}

export interface CustomerIdentifiers {
  loyaltyCards: readonly string[];
  phones: readonly string[];
}

/** The POS answered something that is not the POSLog it documents. */
class PosAnswerError extends Error {}

// ---- Time -------------------------------------------------------------------------------------

const LOCAL_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;
const BUSINESS_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A till's local "2026-11-20T09:15:02" as an instant: "2026-11-20T09:15:02+07:00". */
export function storeTimeToIso(local: string): string {
  if (!LOCAL_TIME.test(local) || Number.isNaN(Date.parse(`${local}${STORE_UTC_OFFSET}`))) {
    throw new PosAnswerError(`not a store-local time: "${local}"`);
  }
  return `${local}${STORE_UTC_OFFSET}`;
}

/** What a till prints at an instant: store-local time to the second, no zone ("2026-11-20T09:15:02"). */
export function storeLocalTime(instant: Date): string {
  return new Date(instant.getTime() + STORE_UTC_OFFSET_MS).toISOString().slice(0, 19);
}

/** The stores' business day (local calendar day) at an instant. */
export function storeBusinessDay(instant: Date): string {
  return storeLocalTime(instant).slice(0, 10);
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export function isBusinessDay(text: string): boolean {
  return BUSINESS_DAY.test(text) && !Number.isNaN(Date.parse(`${text}T00:00:00Z`)) && addDays(text, 0) === text;
}

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

/** What the lookup compares: the last nine digits, which survive +84 / 0 / spaces / dots. */
export function phoneMatchKey(phone: string | null): string | null {
  const digits = phone?.replace(/\D/g, '') ?? '';
  return digits.length >= 9 ? digits.slice(-9) : null;
}

// ---- Money ------------------------------------------------------------------------------------

const DECIMAL = /^(-?)(\d{1,15})(?:\.(\d{1,2}))?$/;

/** Decimal text ("1278000.00", "-179333.33") as hundredths; never through a float. */
export function parseAmount(text: string): Hundredths {
  const match = DECIMAL.exec(text.trim());
  if (!match) throw new PosAnswerError(`not an amount: "${text}"`);
  const [, sign, whole, fraction = ''] = match;
  const hundredths = BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0'));
  return sign === '-' ? -hundredths : hundredths;
}

/** Hundredths back as decimal text, for lib/money to round into the currency's minor units. */
export function formatAmount(hundredths: Hundredths): string {
  const sign = hundredths < 0n ? '-' : '';
  const absolute = hundredths < 0n ? -hundredths : hundredths;
  return `${sign}${absolute / 100n}.${String(absolute % 100n).padStart(2, '0')}`;
}

// ---- XML --------------------------------------------------------------------------------------

/** A parsed element: children by name, attributes as `@_Name`, text beside attributes as `#text`. */
interface XmlElement {
  [name: string]: XmlValue | undefined;
}
type XmlValue = string | XmlElement | XmlValue[];

/** Elements that may appear once or many times; parsed as arrays always so one and many read alike. */
const REPEATED = new Set(['Transaction', 'LineItem', 'Store', 'Day', 'StockCount', 'RetailPriceModifier', 'Total']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  // Text stays text: card codes, GTINs and phones have meaningful leading zeros.
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  removeNSPrefix: true,
  isArray: (name) => REPEATED.has(name),
});

function asElement(value: XmlValue | undefined): XmlElement | undefined {
  if (typeof value === 'string') return value === '' ? {} : { '#text': value };
  return value === undefined || Array.isArray(value) ? undefined : value;
}

function child(parent: XmlElement, name: string): XmlElement | undefined {
  const value = parent[name];
  return asElement(Array.isArray(value) ? value[0] : value);
}

function children(parent: XmlElement, name: string): XmlElement[] {
  const value = parent[name];
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return values.map(asElement).filter((element): element is XmlElement => element !== undefined);
}

function ownText(element: XmlElement | undefined): string | undefined {
  const text = element?.['#text'];
  return typeof text === 'string' && text !== '' ? text : undefined;
}

function text(parent: XmlElement, name: string): string | undefined {
  return ownText(child(parent, name));
}

function requiredText(parent: XmlElement, name: string): string {
  const value = text(parent, name);
  if (value === undefined) throw new PosAnswerError(`${name} is missing`);
  return value;
}

function attribute(element: XmlElement, name: string): string | undefined {
  const value = element[`@_${name}`];
  return typeof value === 'string' ? value : undefined;
}

function wholeNumber(text: string, name: string): number {
  if (!/^\d{1,15}$/.test(text)) throw new PosAnswerError(`${name} is not a whole number: "${text}"`);
  return Number(text);
}

/** Item quantities are whole units, though some tills print them as "2.0". */
function quantityOf(text: string): number {
  if (!/^\d{1,9}(\.0+)?$/.test(text)) throw new PosAnswerError(`Quantity is not a whole number: "${text}"`);
  return Number.parseInt(text, 10);
}

/** The document element of an answer, e.g. POSLog or Stores. */
function documentOf(xml: string, root: string): XmlElement {
  const parsed: unknown = parser.parse(xml);
  const element = typeof parsed === 'object' && parsed !== null ? child(parsed as XmlElement, root) : undefined;
  if (!element) throw new PosAnswerError(`the answer is not a ${root} document`);
  return element;
}

// ---- Records ----------------------------------------------------------------------------------

const KINDS: readonly ReceiptKind[] = ['Sale', 'Return', 'PickupHandover'];
const ITEM_ELEMENTS = ['Sale', 'Return', 'CustomerOrderForPickup'];
const PAYMENT_METHODS: Record<string, PaymentMethod> = { Cash: 'CASH', CreditDebit: 'CARD', EWallet: 'E_WALLET', LoyaltyPoints: 'LOYALTY_POINTS' };
const DISPOSITIONS: readonly Disposition[] = ['ReturnToStock', 'Damaged'];
const WEEKDAYS: Record<string, Weekday> = {
  Monday: 'MONDAY', Tuesday: 'TUESDAY', Wednesday: 'WEDNESDAY', Thursday: 'THURSDAY', Friday: 'FRIDAY', Saturday: 'SATURDAY', Sunday: 'SUNDAY',
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
  const original = store === undefined ? null : transactionKey({
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
  const grandTotal = children(retail, 'Total').find((t) => (attribute(t, 'TotalType') ?? 'TransactionGrandAmount') === 'TransactionGrandAmount');
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
    lines: lineItems.flatMap((item) => ITEM_ELEMENTS.map((name) => child(item, name)).filter((d): d is XmlElement => d !== undefined).map(itemLineOf)),
    tenders: lineItems.map((item) => child(item, 'Tender')).filter((t): t is XmlElement => t !== undefined).map(tenderOf),
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

function receiptsOf(log: XmlElement): Receipt[] {
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

// ---- Posting ----------------------------------------------------------------------------------

const POSLOG_NAMESPACE = 'http://www.nrf-arts.org/IXRetail/namespace/';
/** The stores trade in dong only; the head office refuses any other currency. */
const STORE_CURRENCY = 'VND';
const DETAIL_ELEMENTS: Record<ReceiptKind, string> = { Sale: 'Sale', Return: 'Return', PickupHandover: 'CustomerOrderForPickup' };

/** The builder escapes text and attribute values (&, <, >, quotes), so SKUs, names and phones go in as they are. */
const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_' });

/** An item line as the POS will record it: the defaults of each kind applied. */
interface PostedLine {
  sku: string;
  quantity: number;
  unitPrice: Hundredths | null;
  disposition: Disposition | null;
}

/** The lines of `tx` with each kind's rules: a sale needs prices, a return defaults to 0 and back to stock, a handover has no prices. */
function postedLinesOf(tx: NewStoreTransaction): PostedLine[] {
  return tx.lines.map((line, index) => {
    // Checked here too: amounts are quantity x price in exact hundredths, which needs whole units.
    if (!Number.isInteger(line.quantity) || line.quantity <= 0) {
      throw new BusinessRuleError('INVALID_QUANTITY', `Item ${line.sku} needs a positive whole quantity.`, ['lines', String(index)]);
    }
    switch (tx.kind) {
      case 'Sale':
        if (line.unitPrice === undefined) throw new Error(`a store sale needs the unit price of ${line.sku}`);
        return { sku: line.sku, quantity: line.quantity, unitPrice: line.unitPrice, disposition: null };
      case 'Return':
        return { sku: line.sku, quantity: line.quantity, unitPrice: line.unitPrice ?? 0n, disposition: line.disposition ?? 'ReturnToStock' };
      case 'PickupHandover':
        return { sku: line.sku, quantity: line.quantity, unitPrice: null, disposition: null };
    }
  });
}

/** The grand total as the POS signs it: positive for a sale, negative for a refund, 0 for a handover of a paid web order. */
function totalOf(kind: ReceiptKind, lines: PostedLine[]): Hundredths {
  const net = lines.reduce((sum, line) => sum + (line.unitPrice ?? 0n) * BigInt(line.quantity), 0n);
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
  // Returns of store sales are not posted by Omnigraph: only web orders are taken back here.
  if (tx.customerOrderId === undefined) throw new Error(`a ${tx.kind} needs the web order number`);
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
  if (!LOCAL_TIME.test(tx.beginDateTime)) throw new Error(`beginDateTime must be store-local time such as 2026-11-20T09:15:02, not "${tx.beginDateTime}"`);
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

const lineSignature = (line: PostedLine) => `${line.sku}\u0000${line.quantity}\u0000${line.unitPrice ?? ''}\u0000${line.disposition ?? ''}`;
const linesSignature = (lines: PostedLine[]) => lines.map(lineSignature).sort().join('\n');

/** Whether `receipt` is what posting `tx` recorded: same kind, till, operator, start, web order and lines. */
function isReceiptOf(receipt: Receipt, tx: NewStoreTransaction, lines: string): boolean {
  return receipt.kind === tx.kind
    && receipt.retailStoreId === tx.retailStoreId
    && receipt.workstationId === tx.workstationId
    && receipt.operatorId === tx.operatorId
    && receipt.startedAt === storeTimeToIso(tx.beginDateTime)
    && receipt.webOrderNumber === (tx.customerOrderId ?? null)
    && linesSignature(receipt.lines.map((line) => ({ sku: line.sku, quantity: line.quantity, unitPrice: line.unitPrice, disposition: line.disposition }))) === lines;
}

function postedKeyOf(key: ReceiptKey): PostedTransaction {
  const { retailStoreId, workstationId, sequenceNumber, businessDay } = key;
  return { retailStoreId, workstationId, sequenceNumber, businessDay, transactionKey: transactionKey(key) };
}

/** The head office's key for an accepted transaction. */
function acceptedOf(xml: string): PostedTransaction {
  const accepted = documentOf(xml, 'TransactionAccepted');
  return postedKeyOf({
    retailStoreId: requiredText(accepted, 'RetailStoreID'),
    workstationId: wholeNumber(requiredText(accepted, 'WorkstationID'), 'WorkstationID'),
    sequenceNumber: wholeNumber(requiredText(accepted, 'SequenceNumber'), 'SequenceNumber'),
    businessDay: requiredText(accepted, 'BusinessDayDate'),
  });
}

/** "LineItem 2: ..." names the line the head office refused; item lines come first, in the order of `tx.lines`. */
function refusedLine(message: string, tx: NewStoreTransaction): number | null {
  const match = /^LineItem (\d+)\b/.exec(message);
  const index = match ? Number(match[1]) - 1 : -1;
  return index >= 0 && index < tx.lines.length ? index : null;
}

/** A refusal the caller can act on, in retail terms; anything else means we built a bad document. */
function refusalOf(xml: string, tx: NewStoreTransaction): Error {
  const error = documentOf(xml, 'Error');
  const code = text(error, 'Code') ?? '';
  const detail = text(error, 'Message') ?? '';
  const line = refusedLine(detail, tx);
  const lineField = line === null ? null : ['lines', String(line)];
  const sku = line === null ? 'An item' : `Item ${tx.lines[line].sku}`;
  switch (code) {
    case 'UnknownItem':
      return new BusinessRuleError('UNKNOWN_SKU', `${sku} is not sold in stores.`, lineField);
    case 'InvalidQuantity':
      return new BusinessRuleError('INVALID_QUANTITY', `${sku} needs a positive whole quantity.`, lineField);
    case 'UnknownStore':
      return new BusinessRuleError('UNKNOWN_LOCATION', `There is no store ${tx.retailStoreId}.`);
    case 'UnknownWorkstation':
      return new BusinessRuleError('UNKNOWN_LOCATION', `Store ${tx.retailStoreId} has no till ${tx.workstationId}.`);
    case 'ReturnQuantityExceeded':
      return new BusinessRuleError('RETURN_QUANTITY_EXCEEDED', 'More items are being returned than were bought.', lineField);
    case 'BusinessDayClosed':
      return new BusinessRuleError('BUSINESS_DAY_CLOSED', `Store ${tx.retailStoreId} has closed its business day; try again once the next one opens.`);
    case 'DuplicateTransaction':
      return new BusinessRuleError('DUPLICATE_TRANSACTION', 'This transaction has already been recorded.');
    default:
      return new Error(`the POS refused a ${tx.kind} posting: ${code} ${detail}`);
  }
}

// ---- Client -----------------------------------------------------------------------------------

/** Refusals a call expects and answers itself: no such receipt (404), a day not closed yet (409). */
const NOT_FOUND = [404];
const NOT_FOUND_OR_OPEN = [404, 409];
/** A posting's refusals: the document's content (400) or its key or day (409), as an XML `<Error>`. */
const POSTING_REFUSALS = [400, 409];

export class PosClient {
  /** The highest sequence number seen per store: a recent cursor, so `lastSequence` reads only what is new. */
  private readonly highestSequence = new Map<string, number>();

  constructor(private readonly http: LegacyHttp) {}

  static fromEnv(env: NodeJS.ProcessEnv = process.env): PosClient {
    const options = legacyHttpOptionsFromEnv('pos', env.POS_URL ?? 'http://127.0.0.1:7070', env);
    return new PosClient(new LegacyHttp({
      ...options,
      headers: { 'X-Api-Key': env.POS_API_KEY || 'pos-dev-key', Accept: 'application/xml' },
    }));
  }

  /** Every store with its opening hours. */
  async stores(): Promise<Store[]> {
    const { data } = await this.get(path`/poslog/v1/stores`);
    return storesOfXml(data);
  }

  /** One receipt by its four-part key; null when the POS has no such receipt. */
  async receipt(key: ReceiptKey): Promise<Receipt | null> {
    const { status, data } = await this.get(
      path`/poslog/v1/transactions/${key.retailStoreId}/${key.workstationId}/${key.sequenceNumber}/${key.businessDay}`,
      undefined,
      NOT_FOUND,
    );
    return status === 404 ? null : (receiptsOfPosLog(data)[0] ?? null);
  }

  /** A store's receipts after sequence `since`, in sequence order. */
  async feed(retailStoreId: string, since: number, limit = MAX_PAGE): Promise<FeedPage> {
    const params = new URLSearchParams({ sinceSequence: String(since), limit: String(limit) });
    const { data } = await this.get(path`/poslog/v1/stores/${retailStoreId}/transactions`, params);
    const log = documentOf(data, 'POSLog');
    const control = child(log, 'FeedControl') ?? {};
    return {
      receipts: receiptsOf(log),
      lastSequence: wholeNumber(requiredText(control, 'LastSequenceNumber'), 'LastSequenceNumber'),
      moreAvailable: text(control, 'MoreAvailable') === 'true',
    };
  }

  /** A closed day's receipts, final; null while the day is still open (or the store is unknown). */
  async endOfDayBatch(retailStoreId: string, businessDay: string): Promise<Receipt[] | null> {
    const { status, data } = await this.get(path`/poslog/v1/stores/${retailStoreId}/business-days/${businessDay}/batch`, undefined, NOT_FOUND_OR_OPEN);
    return NOT_FOUND_OR_OPEN.includes(status) ? null : receiptsOfPosLog(data);
  }

  /**
   * Every receipt, in any store, that captured one of these cards or phones, optionally from a
   * business day on: all identifiers in as few calls as the URL allows, each paged to the end.
   */
  async customerReceipts(identifiers: CustomerIdentifiers, from?: string): Promise<Receipt[]> {
    const pairs: [string, string][] = [
      ...[...new Set(identifiers.loyaltyCards)].filter((card) => card.trim() !== '').map((card): [string, string] => ['loyaltyCard', card.trim()]),
      // The lookup refuses numbers under nine digits; they identify no one anyway.
      ...[...new Set(identifiers.phones)].filter((phone) => phoneMatchKey(phone) !== null).map((phone): [string, string] => ['phone', phone]),
    ];
    const found = new Map<string, Receipt>();
    for (let i = 0; i < pairs.length; i += IDENTIFIERS_PER_LOOKUP) {
      for (const receipt of await this.lookupAll(pairs.slice(i, i + IDENTIFIERS_PER_LOOKUP), from)) found.set(receipt.key, receipt);
    }
    return [...found.values()];
  }

  /**
   * Posts a sale, a web-order return or a pickup handover as the store's till would. Never retried:
   * after a failure, `findTransaction` tells whether it went through.
   */
  async postTransaction(tx: NewStoreTransaction): Promise<PostedTransaction> {
    const body = posLogOf(tx);
    const { status, data } = await this.http.write<string>({
      method: 'POST',
      url: path`/poslog/v1/transactions`,
      data: body,
      headers: { 'Content-Type': 'application/xml' },
      responseType: 'text',
      transformResponse: (text: string) => text,
      validateStatus: (code) => (code >= 200 && code < 300) || POSTING_REFUSALS.includes(code),
    });
    if (POSTING_REFUSALS.includes(status)) throw refusalOf(data, tx);
    return acceptedOf(data);
  }

  /** A receipt already posted for `tx` (same kind, store, operator, beginDateTime, customer order and lines), read from the store feed after `sinceSequence`; null if none. */
  async findTransaction(tx: NewStoreTransaction, sinceSequence: number): Promise<PostedTransaction | null> {
    const lines = linesSignature(postedLinesOf(tx));
    for (let cursor = sinceSequence; ; ) {
      const page = await this.feed(tx.retailStoreId, cursor, MAX_PAGE);
      const found = page.receipts.find((receipt) => isReceiptOf(receipt, tx, lines));
      if (found) return postedKeyOf(found);
      if (!page.moreAvailable) return null;
      cursor = page.lastSequence;
    }
  }

  /** The highest sequence number in the store's feed now (followed from the last one this client saw, or 0). */
  async lastSequence(retailStoreId: string): Promise<number> {
    let cursor = this.highestSequence.get(retailStoreId) ?? 0;
    for (let more = true; more; ) {
      const page = await this.feed(retailStoreId, cursor, MAX_PAGE);
      cursor = page.lastSequence;
      more = page.moreAvailable;
    }
    this.highestSequence.set(retailStoreId, cursor);
    return cursor;
  }

  /** Offset paging, newest first, with MoreAvailable and no total: read pages until it says no more. */
  private async lookupAll(pairs: [string, string][], from?: string): Promise<Receipt[]> {
    const receipts: Receipt[] = [];
    for (let offset = 0; ; ) {
      const params = new URLSearchParams(pairs);
      if (from) params.set('from', from);
      params.set('limit', String(MAX_PAGE));
      params.set('offset', String(offset));
      const { data } = await this.get(path`/poslog/v1/transactions`, params);
      const log = documentOf(data, 'POSLog');
      const page = receiptsOf(log);
      receipts.push(...page);
      if (page.length === 0 || text(child(log, 'LookupControl') ?? {}, 'MoreAvailable') !== 'true') return receipts;
      offset += page.length;
    }
  }

  private get(url: string, params?: URLSearchParams, refusals: readonly number[] = []) {
    return this.http.read<string>({
      method: 'GET',
      url,
      params,
      responseType: 'text',
      // Keep the text: the body is XML, and a 503 from the proxy in front is HTML.
      transformResponse: (body: string) => body,
      validateStatus: (status) => (status >= 200 && status < 300) || refusals.includes(status),
    });
  }
}
