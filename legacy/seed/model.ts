/**
 * The seeded world, before any system's conventions are applied. Instants are JS Dates (UTC);
 * each stand-in's loader turns them into its own dialect (Odoo UTC text, POS local text,
 * Magento UTC text, OData /Date(ms)/). Amounts are whole VND.
 */

export type SizeName = 'small' | 'large';

export interface Person {
  personId: string;
  familyName: string;
  givenName: string;
  /** Vietnamese order: family, middle, given. */
  fullName: string;
  /** Canonical, lower case. */
  email: string;
  /** E.164, e.g. +84901234567. */
  phone: string;
  gender: 'male' | 'female';
  birthDate: string | null;
  street: string;
  district: string;
  city: string;
  createdAt: Date;
  consentEmail: boolean;
  consentSms: boolean;
}

export interface OpeningHours {
  /** 0 = Sunday ... 6 = Saturday, as JS Date.getDay(). */
  weekday: number;
  opens: string;
  closes: string;
}

export interface Store {
  /** POS RetailStoreID, e.g. "101". */
  retailStoreId: string;
  /** The same store as an ERP plant, e.g. "S101". */
  plant: string;
  /** The same store as a Magento inventory source, e.g. "store_101". */
  sourceCode: string;
  name: string;
  street: string;
  district: string;
  city: string;
  latitude: number;
  longitude: number;
  openingHours: OpeningHours[];
  workstations: number;
  /** Takes part in ship-from-store. */
  shipsFromStore: boolean;
  /** The shop's landline as on its signboard, e.g. "028 3823 4567"; staff type it for walk-ins who give no number. */
  telephone: string;
}

export interface Warehouse {
  plant: string;
  sourceCode: string;
  name: string;
  street: string;
  city: string;
  latitude: number;
  longitude: number;
}

export interface Product {
  sku: string;
  gtin: string;
  name: string;
  category: string;
  color: string;
  size: string;
  price: number;
  specialPrice: { price: number; from: Date; to: Date } | null;
  weightKg: number;
  createdAt: Date;
}

export interface CrmPartner {
  id: number;
  name: string;
  email: string | null;
  /** As staff typed it. */
  phone: string | null;
  mobile: string | null;
  street: string;
  city: string;
  /** Internal reference, rarely filled. */
  ref: string | null;
  createdAt: Date;
  writeDate: Date;
}

export interface CrmLoyaltyCard {
  id: number;
  partnerId: number;
  code: string;
  createdAt: Date;
}

export interface CrmLoyaltyEntry {
  id: number;
  cardId: number;
  date: Date;
  /** Positive earned, negative spent or taken back. */
  points: number;
  description: string;
  /** What caused it: `web:<increment id>`, `pos:<transaction key>` or `gift`. */
  origin: string;
}

export type SupportChannel = 'phone' | 'chat' | 'email' | 'facebook' | 'zalo' | 'app' | 'store';

/** The retailer's helpdesk teams: the call centre, social media, the stores, after-sales. */
export type SupportTeam = 'call_center' | 'social' | 'stores' | 'after_sales';

/** How Zalo and Facebook know a CRM customer: the ids their messages arrive with. */
export interface CrmSocialHandle {
  partnerId: number;
  /** Zalo Official Account follower id (numeric text). */
  zaloUserId: string | null;
  /** Facebook page-scoped id (numeric text). */
  facebookPsid: string | null;
}

export interface CrmTicket {
  id: number;
  partnerId: number;
  subject: string;
  stage: 'new' | 'in_progress' | 'solved';
  /** The team working it, for the cases that follow a customer across channels; the older tickets have none. */
  team?: SupportTeam;
  /** Assigned to the call-centre agent. */
  assigned?: boolean;
  createdAt: Date;
  messages: { id: number; channel: SupportChannel; fromCustomer: boolean; body: string; date: Date }[];
}

export interface Address {
  street: string;
  city: string;
  telephone: string;
  firstname: string;
  lastname: string;
}

export interface WebCustomer {
  id: number;
  /** As the customer typed it at sign-up: may differ in case from the CRM. */
  email: string;
  firstname: string;
  lastname: string;
  createdAt: Date;
  updatedAt: Date;
  addresses: Address[];
}

export type WebOrderStatus = 'pending' | 'processing' | 'complete' | 'canceled' | 'closed';

export interface WebOrderItem {
  itemId: number;
  sku: string;
  name: string;
  qtyOrdered: number;
  price: number;
  discountAmount: number;
  rowTotal: number;
}

export interface WebOrder {
  entityId: number;
  incrementId: string;
  customerId: number | null;
  customerEmail: string;
  customerFirstname: string;
  customerLastname: string;
  createdAt: Date;
  updatedAt: Date;
  status: WebOrderStatus;
  items: WebOrderItem[];
  subtotal: number;
  discountAmount: number;
  shippingAmount: number;
  grandTotal: number;
  shippingMethod: 'flatrate_flatrate' | 'instore_pickup';
  /** Store source code for click & collect. */
  pickupLocationCode: string | null;
  /** Source (warehouse or store) that fulfils it. */
  fulfilmentSourceCode: string;
  shippingAddress: Address;
  statusHistory: { status: WebOrderStatus; comment: string; createdAt: Date }[];
}

export interface CreditMemo {
  entityId: number;
  orderId: number;
  createdAt: Date;
  items: { orderItemId: number; sku: string; qty: number; rowTotal: number }[];
  grandTotal: number;
}

export interface Cart {
  id: number;
  /** Guest carts are addressed by a masked id. */
  maskedId: string | null;
  customerId: number | null;
  createdAt: Date;
  updatedAt: Date;
  items: { itemId: number; sku: string; qty: number; price: number }[];
}

/** The channels a promotion can run on: the retailer's own extension of Magento's cart price rules. */
export type SalesChannel = 'web' | 'app' | 'store' | 'marketplace' | 'call_center';

/** A promotion as the web shop keeps it: a Magento cart price rule (salesrule) and its coupon. */
export interface SalesRule {
  id: number;
  name: string;
  /** What the customer sees on the cart and the receipt (the default store view's label). */
  label: string;
  isActive: boolean;
  /** First and last day it runs, inclusive, in the store's local calendar (Magento keeps dates, no zone). */
  fromDate: string | null;
  toDate: string | null;
  /** Magento's customer groups: 0 NOT LOGGED IN, 1 General, 4 the loyalty members. */
  customerGroupIds: number[];
  channels: SalesChannel[];
  /** POS store numbers it runs at on the store channel; empty for every store. */
  storeCodes: string[];
  coupon: { code: string; usageLimit: number; usagePerCustomer: number; timesUsed: number } | null;
  action: 'by_percent' | 'by_fixed' | 'cart_fixed' | 'buy_x_get_y';
  discountAmount: number;
  discountQty: number;
  discountStep: number;
  /** Category names the discounted items must be in; empty for every item. */
  categories: string[];
  sortOrder: number;
  stopRulesProcessing: boolean;
}

export interface SourceItem {
  sourceCode: string;
  sku: string;
  quantity: number;
}

/** Magento's append-only reservation ledger: negative holds stock, positive releases it. */
export interface WebReservation {
  id: number;
  sku: string;
  quantity: number;
  eventType: 'order_placed' | 'order_canceled' | 'shipment_created' | 'creditmemo_created';
  orderIncrementId: string;
}

export interface PosLine {
  lineNumber: number;
  sku: string;
  gtin: string;
  description: string;
  quantity: number;
  unitPrice: number;
  discount: number;
  extendedAmount: number;
}

export type PosTenderType = 'Cash' | 'CreditDebit' | 'EWallet' | 'LoyaltyPoints';

export interface PosTransaction {
  retailStoreId: string;
  workstationId: number;
  /** Store-wide, increasing: the feed is "since sequence N" per store. */
  sequenceNumber: number;
  businessDay: string;
  /** Instants; the POS writes them as local store time without zone. */
  beginAt: Date;
  endAt: Date;
  kind: 'Sale' | 'Return' | 'PickupHandover';
  operatorId: string;
  lines: PosLine[];
  total: number;
  tenders: { type: PosTenderType; amount: number }[];
  /** What the cashier captured, if anything: card code or the phone as typed. */
  customer: { loyaltyCard: string | null; phone: string | null } | null;
  /** For a return: the POS transaction key it takes back. */
  returnOf: string | null;
  /** For a pickup handover: the web order's increment id. */
  pickupOrderId: string | null;
}

export interface PosStockCount {
  retailStoreId: string;
  sku: string;
  quantity: number;
  countedAt: Date;
}

export interface ErpPlant {
  plant: string;
  name: string;
  street: string;
  city: string;
  latitude: number;
  longitude: number;
  kind: 'warehouse' | 'store';
}

export interface ErpStock {
  material: string;
  plant: string;
  /** 0001 sales floor / main area, 0002 returns area. */
  storageLocation: '0001' | '0002';
  /** 01 unrestricted, 07 blocked (damaged). */
  stockType: '01' | '07';
  quantity: number;
  lastChangeAt: Date;
}

export interface ErpReservation {
  reservation: number;
  material: string;
  plant: string;
  storageLocation: '0001';
  quantity: number;
  requirementDate: Date;
  /** The web order it holds stock for. */
  reference: string;
}

export interface TruthPerson {
  personId: string;
  email: string;
  phone: string;
  /** Every E.164 phone that is really theirs (a shared household phone, an old and a new one); a mistyped number is not. */
  phones: string[];
  crmPartnerIds: number[];
  webCustomerIds: number[];
  loyaltyCardCodes: string[];
  guestOrderIncrementIds: string[];
  posTransactionKeys: string[];
}

export interface GroundTruth {
  seed: number;
  size: SizeName;
  now: string;
  /** Every person present in at least one system, with every record that is them. */
  persons: TruthPerson[];
  /**
   * CRM partner id pairs that are the same person (the planted duplicates that share a phone). The
   * identity messes' duplicates, written another way, are only in `persons`.
   */
  crmDuplicatePairs: [number, number][];
  /** People who live together and give one phone (E.164), each with records of their own. */
  households: { phone: string; personIds: string[] }[];
  /** A family email that the CRM records of several people carry. */
  sharedEmails: { email: string; personIds: string[] }[];
  /** Each store's own phone (E.164), typed for customers who gave none: it is nobody's. */
  walkInPhones: { retailStoreId: string; phone: string }[];
  /** POS receipts captured with a store's own phone: they belong to no person. */
  walkInPosTransactionKeys: string[];
  /** What is really on each store's shelf now, per SKU the store carries. */
  shelfStock: { retailStoreId: string; plant: string; sku: string; quantity: number }[];
  /** Store × SKU where the ERP still shows stock that today's unposted sales took. */
  phantomStock: { retailStoreId: string; plant: string; sku: string; erpQuantity: number; shelfQuantity: number }[];
  /** Whose Zalo and Facebook ids the CRM has (on their first partner). */
  socialHandles: { personId: string; crmPartnerId: number; zaloUserId: string | null; facebookPsid: string | null }[];
  /** Open cases that started on Zalo or Facebook and continued on another channel. */
  supportCases: { ticketId: number; personId: string; crmPartnerId: number; channels: SupportChannel[] }[];
  /** How many of each planted mess the data has. */
  messes: Record<string, number>;
  /** Marketplace buyers linked to the loyalty programme through the brand membership, and their orders. */
  marketplaceMembers: { buyerUserId: number; personId: string; loyaltyCardCode: string; orderSns: string[] }[];
}

export interface World {
  seed: number;
  size: SizeName;
  now: Date;
  /** Local business day of `now` in the stores (UTC+7). */
  today: string;
  persons: Person[];
  stores: Store[];
  warehouses: Warehouse[];
  products: Product[];
  crm: {
    partners: CrmPartner[];
    loyaltyCards: CrmLoyaltyCard[];
    loyaltyEntries: CrmLoyaltyEntry[];
    tickets: CrmTicket[];
    socialHandles: CrmSocialHandle[];
  };
  ecommerce: {
    customers: WebCustomer[];
    orders: WebOrder[];
    creditMemos: CreditMemo[];
    carts: Cart[];
    sourceItems: SourceItem[];
    reservations: WebReservation[];
    /** Promotions (cart price rules), from a stream of their own so everything else stays as it was. */
    salesRules: SalesRule[];
    /** Web accounts of loyalty card holders: Magento's member customer group. */
    memberCustomerIds: number[];
  };
  pos: {
    transactions: PosTransaction[];
    stockCounts: PosStockCount[];
    /** Business days whose end-of-day batch is closed (all but today). */
    closedDays: string[];
  };
  warehouse: {
    plants: ErpPlant[];
    stock: ErpStock[];
    reservations: ErpReservation[];
    /** Business days of POS sales already posted to the ERP (all but today), but at late stores. */
    postedDays: string[];
    /** Stores whose end-of-day interface stopped, by POS store number: the last day the ERP booked. */
    lateStores: Record<string, string>;
  };
  /** The retailer's shop on the marketplace, from a stream of its own so everything else stays as it was. */
  marketplace: MarketplaceShop;
  truth: GroundTruth;
}

/** Shopee's order statuses, as the marketplace names them. */
export type MarketplaceOrderStatus =
  'UNPAID' | 'READY_TO_SHIP' | 'PROCESSED' | 'SHIPPED' | 'COMPLETED' | 'IN_CANCEL' | 'CANCELLED' | 'TO_RETURN';

/** One sellable variant of a listing (a size): the seller's own SKU is the retailer's SKU. */
export interface MarketplaceModel {
  modelId: number;
  /** The retailer's SKU, as the seller typed it into the listing. */
  sku: string;
  /** Tier variation as shown to buyers: colour, size. */
  name: string;
  price: number;
  /** What the marketplace may sell: the seller sets it with update_stock, each order takes from it. */
  sellerStock: number;
}

/** A listing: one product model of the catalogue in one colour, its sizes as models. */
export interface MarketplaceItem {
  itemId: number;
  /** The retailer's model code, e.g. TS-0001-XA. */
  itemSku: string;
  name: string;
  models: MarketplaceModel[];
}

export interface MarketplaceOrder {
  orderSn: string;
  buyerUserId: number;
  buyerUsername: string;
  recipient: { name: string; phone: string; street: string; district: string; city: string };
  status: MarketplaceOrderStatus;
  /** Before a buyer's cancellation request: where a rejected request returns to. */
  statusBeforeCancel: MarketplaceOrderStatus | null;
  createdAt: Date;
  updatedAt: Date;
  payTime: Date | null;
  paymentMethod: 'ShopeePay' | 'COD' | 'Credit Card';
  shippingFee: number;
  cancelBy: 'buyer' | 'seller' | 'system' | null;
  cancelReason: string | null;
  items: { itemId: number; modelId: number; quantity: number; originalPrice: number; discountedPrice: number }[];
}

export interface MarketplaceShop {
  shopId: number;
  items: MarketplaceItem[];
  orders: MarketplaceOrder[];
  /** Buyers who linked their marketplace account to the loyalty programme: the card code they gave. */
  members: { buyerUserId: number; loyaltyCardCode: string; linkedAt: Date }[];
}

/** POS transaction identity: store-workstation-sequence-day. */
export function posTransactionKey(t: Pick<PosTransaction, 'retailStoreId' | 'workstationId' | 'sequenceNumber' | 'businessDay'>): string {
  return `${t.retailStoreId}-${t.workstationId}-${t.sequenceNumber}-${t.businessDay}`;
}
