import type { StockCountRecord, StoreRecord } from './ledger';
import { CURRENCY, formatAmount } from './money';
import type { LineRow, TransactionRow } from './store';

const ARTS_NAMESPACE = 'http://www.nrf-arts.org/IXRetail/namespace/';
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const POS_KEY = /^(.+)-(\d+)-(\d+)-(\d{4}-\d{2}-\d{2})$/;

/** The element a line item's detail sits in, by the transaction's kind. */
export const LINE_ELEMENT = { Sale: 'Sale', Return: 'Return', PickupHandover: 'CustomerOrderForPickup' } as const;

export function amount(hundredths: number): object {
  return { '@_CurrencyCode': CURRENCY, '#text': formatAmount(hundredths) };
}

/** The ARTS POSLog root around the head office's answers; `content` keys keep their order. */
export function posLog(content: object): object {
  return { POSLog: { '@_xmlns': ARTS_NAMESPACE, '@_MajorVersion': '6', '@_MinorVersion': '0', ...content } };
}

export function storeXml(store: StoreRecord): object {
  return {
    RetailStoreID: store.retailStoreId,
    Name: store.name,
    Address: { Street: store.street, District: store.district, City: store.city, CountryCode: 'VN' },
    Latitude: store.latitude.toFixed(6),
    Longitude: store.longitude.toFixed(6),
    WorkstationCount: store.workstations,
    OperatingHours: {
      Day: store.hours.map((h) => ({ DayOfWeek: WEEKDAYS[h.weekday], OpenTime: h.opens, CloseTime: h.closes })),
    },
  };
}

export function stockCountXml(count: StockCountRecord): object {
  return {
    ItemID: count.sku,
    POSIdentity: count.gtin === null ? undefined : { '@_POSIDType': 'GTIN', POSItemID: count.gtin },
    Quantity: count.quantity,
    CountedAt: count.countedAt,
  };
}

interface PriceModifier {
  amount: number;
  promotionId: string | null;
  reasonCode: string | null;
  description: string | null;
}

/** The promotions a till named, as posted; otherwise the line's discount as one modifier. */
function priceModifiersXml(line: LineRow): object[] | undefined {
  if (line.priceModifiers === null) return line.discount > 0 ? [{ Amount: amount(line.discount) }] : undefined;
  return (JSON.parse(line.priceModifiers) as PriceModifier[]).map((modifier, index) => ({
    SequenceNumber: index + 1,
    Amount: { '@_Action': 'Subtract', ...amount(modifier.amount) },
    PromotionID: modifier.promotionId ?? undefined,
    ReasonCode: modifier.reasonCode ?? undefined,
    Description: modifier.description ?? undefined,
  }));
}

function itemLineXml(line: LineRow, kind: TransactionRow['kind']): object {
  const priced = line.unitPrice !== null && line.extendedAmount !== null;
  return {
    SequenceNumber: line.lineNumber,
    [LINE_ELEMENT[kind]]: {
      '@_ItemType': 'Stock',
      ItemID: line.sku,
      POSIdentity: { '@_POSIDType': 'GTIN', POSItemID: line.gtin },
      Description: line.description,
      RegularSalesUnitPrice: line.unitPrice === null ? undefined : amount(line.unitPrice),
      Quantity: line.quantity,
      ExtendedAmount: line.extendedAmount === null ? undefined : amount(line.extendedAmount),
      RetailPriceModifier: priced ? priceModifiersXml(line) : undefined,
      Disposition: line.disposition ?? undefined,
    },
  };
}

/** Returns and pickups point at what they settle: a POS receipt by its key, or a web order by number. */
function transactionLinkXml(t: TransactionRow): object | undefined {
  const reason = t.kind === 'Return' ? 'Return' : t.kind === 'PickupHandover' ? 'Pickup' : null;
  if (reason === null) return undefined;
  const original = t.returnOfKey === null ? null : POS_KEY.exec(t.returnOfKey);
  if (original) {
    const [, retailStoreId, workstationId, sequenceNumber, businessDay] = original;
    return {
      '@_ReasonCode': reason,
      RetailStoreID: retailStoreId,
      WorkstationID: workstationId,
      SequenceNumber: sequenceNumber,
      BusinessDayDate: businessDay,
    };
  }
  return t.customerOrderId === null ? undefined : { '@_ReasonCode': reason, CustomerOrderID: t.customerOrderId };
}

export function transactionXml(t: TransactionRow): object {
  const lastLine = t.lines.reduce((max, line) => Math.max(max, line.lineNumber), 0);
  const tenders = t.tenders.map((tender, index) => ({
    SequenceNumber: lastLine + index + 1,
    Tender: { '@_TenderType': tender.type, '@_TypeCode': tender.amount < 0 ? 'Refund' : 'Sale', Amount: amount(tender.amount) },
  }));
  const customer =
    t.loyaltyCard !== null || t.phone !== null ? { LoyaltyCard: t.loyaltyCard ?? undefined, Phone: t.phone ?? undefined } : undefined;
  return {
    RetailStoreID: t.retailStoreId,
    WorkstationID: t.workstationId,
    SequenceNumber: t.sequenceNumber,
    BusinessDayDate: t.businessDay,
    BeginDateTime: t.beginAt,
    EndDateTime: t.endAt,
    OperatorID: t.operatorId,
    CurrencyCode: CURRENCY,
    RetailTransaction: {
      '@_TypeCode': t.kind,
      TransactionLink: transactionLinkXml(t),
      LineItem: [...t.lines.map((line) => itemLineXml(line, t.kind)), ...tenders],
      Total: { '@_TotalType': 'TransactionGrandAmount', ...amount(t.total) },
      Customer: customer,
    },
  };
}

export function transactionsXml(rows: TransactionRow[]): object[] {
  return rows.map(transactionXml);
}

export function grandTotal(rows: TransactionRow[]): number {
  return rows.reduce((sum, t) => sum + t.total, 0);
}
