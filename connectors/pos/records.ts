/**
 * The retail records the pos connector speaks: receipts, the transactions the counter posts, stores.
 * Nothing here knows POSLog or the graph; `mapping.ts` and `posting.ts` translate to and from the wire.
 */

/** How a receipt was paid. */
export type PaymentMethod = 'CASH' | 'CARD' | 'E_WALLET' | 'LOYALTY_POINTS';
/** A day of the week, as opening hours name it. */
export type Weekday = 'MONDAY' | 'TUESDAY' | 'WEDNESDAY' | 'THURSDAY' | 'FRIDAY' | 'SATURDAY' | 'SUNDAY';

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
  lines: { sku: string; quantity: number; unitPrice?: Hundredths; disposition?: Disposition; priceModifiers?: PriceModifier[] }[];
  /** Positive amounts; a Return's are sent as refunds. Default: one cash tender of the total (none when it is 0). */
  tenders?: { type: TenderType; amount: Hundredths }[];
  customer?: { loyaltyCard?: string; phone?: string };
  /** Web order number: the order a PickupHandover hands over, or the web order a Return takes back. */
  customerOrderId?: string;
  /** The store sale a Return takes back, by its four-part key (instead of `customerOrderId`). */
  returnOf?: ReceiptKey;
}

/** A promotion's discount on a sale line (ARTS RetailPriceModifier): the amount off the line, the promotion's id and its name. */
export interface PriceModifier {
  amount: Hundredths;
  promotionId: string;
  description: string;
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
