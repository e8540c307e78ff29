/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** An instant in ISO 8601 with its zone offset, e.g. 2026-11-20T10:30:00+07:00. */
  DateTime: { input: string; output: string; }
};

export type Cart = {
  __typename?: 'Cart';
  id: Scalars['ID']['output'];
  lines: Array<CartLine>;
  subtotal: Money;
  updatedAt: Scalars['DateTime']['output'];
};

export type CartLine = {
  __typename?: 'CartLine';
  quantity: Scalars['Int']['output'];
  sku: Scalars['String']['output'];
  unitPrice: Money;
  variant?: Maybe<ProductVariant>;
};

/** One person, recognised across every channel. */
export type Customer = {
  __typename?: 'Customer';
  displayName: Scalars['String']['output'];
  /** Normalised to lower case. */
  emails: Array<Scalars['String']['output']>;
  /** Opaque and stable. */
  id: Scalars['ID']['output'];
  /** The customer's loyalty card and points; null when they have none. */
  loyalty?: Maybe<LoyaltyAccount>;
  /** This customer's records that one system keeps apart. */
  mergeCandidates: Array<MergeCandidate>;
  /** Carts not yet checked out. */
  openCarts?: Maybe<Array<Cart>>;
  /**
   * Web orders and store receipts in one history, newest first. When a channel's system is down,
   * the others' orders are still listed and an error names the missing channel.
   */
  orderHistory?: Maybe<OrderConnection>;
  /** E.164, e.g. +84901234567. */
  phones: Array<Scalars['String']['output']>;
  /** Name, contact details, addresses and consents as the CRM keeps them. */
  profile?: Maybe<CustomerProfile>;
  /** Every record in every system that is this customer, and why it was linked. */
  records: Array<CustomerRecord>;
  /** Support tickets from every contact channel, newest first. */
  supportTickets?: Maybe<SupportTicketConnection>;
  /** The customer's account on the web shop and app. */
  webAccount?: Maybe<WebAccount>;
};


/** One person, recognised across every channel. */
export type CustomerOrderHistoryArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  channels?: InputMaybe<Array<SalesChannel>>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


/** One person, recognised across every channel. */
export type CustomerSupportTicketsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type CustomerConnection = {
  __typename?: 'CustomerConnection';
  edges: Array<CustomerEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type CustomerEdge = {
  __typename?: 'CustomerEdge';
  cursor: Scalars['String']['output'];
  node: Customer;
};

export type CustomerIdentifierInput = {
  kind: CustomerIdentifierKind;
  value: Scalars['String']['input'];
};

export type CustomerIdentifierKind =
  | 'CRM_PARTNER_ID'
  | 'EMAIL'
  | 'LOYALTY_CARD'
  | 'PHONE'
  | 'WEB_CUSTOMER_ID';

export type CustomerProfile = {
  __typename?: 'CustomerProfile';
  addresses: Array<PostalAddress>;
  consents: MarketingConsents;
  customerSince: Scalars['DateTime']['output'];
  email?: Maybe<Scalars['String']['output']>;
  fullName: Scalars['String']['output'];
  /** E.164. */
  phone?: Maybe<Scalars['String']['output']>;
  updatedAt: Scalars['DateTime']['output'];
};

export type CustomerRecord = {
  __typename?: 'CustomerRecord';
  /** Identifiers it shares with the customer's other records. */
  matchedBy: Array<MatchReason>;
  /** The record's id in that system. */
  recordId: Scalars['String']['output'];
  system: SourceSystem;
};

export type Fulfilment = {
  __typename?: 'Fulfilment';
  /** The store or warehouse that fulfils it, or the store where it was bought. */
  location?: Maybe<Location>;
  method: FulfilmentMethod;
};

export type FulfilmentMethod =
  /** Bought at the counter. */
  | 'IN_STORE_PURCHASE'
  /** Click & collect. */
  | 'PICKUP_IN_STORE'
  /** Shipped from a store that had the stock. */
  | 'SHIP_FROM_STORE'
  /** Shipped from a warehouse. */
  | 'SHIP_TO_HOME';

export type GeoPoint = {
  __typename?: 'GeoPoint';
  latitude: Scalars['Float']['output'];
  longitude: Scalars['Float']['output'];
};

export type GeoPointInput = {
  latitude: Scalars['Float']['input'];
  longitude: Scalars['Float']['input'];
};

/** Stores add their trading details to the locations the warehouse system lists. */
export type Location = {
  __typename?: 'Location';
  address: PostalAddress;
  coordinates: GeoPoint;
  id: Scalars['ID']['output'];
  kind: LocationKind;
  name: Scalars['String']['output'];
  /** Null for a warehouse. */
  openingHours?: Maybe<Array<OpeningHours>>;
  /** The store's number at the tills; null for a warehouse. */
  storeCode?: Maybe<Scalars['String']['output']>;
};

export type LocationConnection = {
  __typename?: 'LocationConnection';
  edges: Array<LocationEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type LocationEdge = {
  __typename?: 'LocationEdge';
  cursor: Scalars['String']['output'];
  node: Location;
};

export type LocationKind =
  | 'STORE'
  | 'WAREHOUSE';

export type LoyaltyAccount = {
  __typename?: 'LoyaltyAccount';
  cardCode: Scalars['String']['output'];
  /** Points earned, spent and taken back, newest first. */
  history: LoyaltyTransactionConnection;
  pointsBalance: Scalars['Int']['output'];
};


export type LoyaltyAccountHistoryArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type LoyaltySource =
  | 'GIFT'
  | 'OTHER'
  | 'STORE_PURCHASE'
  | 'WEB_ORDER';

export type LoyaltyTransaction = {
  __typename?: 'LoyaltyTransaction';
  description: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  occurredAt: Scalars['DateTime']['output'];
  /** The web order number or store receipt that caused it. */
  orderReference?: Maybe<Scalars['String']['output']>;
  /** Positive when earned, negative when spent or taken back. */
  points: Scalars['Int']['output'];
  source: LoyaltySource;
};

export type LoyaltyTransactionConnection = {
  __typename?: 'LoyaltyTransactionConnection';
  edges: Array<LoyaltyTransactionEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type LoyaltyTransactionEdge = {
  __typename?: 'LoyaltyTransactionEdge';
  cursor: Scalars['String']['output'];
  node: LoyaltyTransaction;
};

export type MarketingConsents = {
  __typename?: 'MarketingConsents';
  email: Scalars['Boolean']['output'];
  sms: Scalars['Boolean']['output'];
};

export type MatchReason =
  | 'EMAIL'
  | 'LOYALTY_CARD'
  | 'PHONE';

export type MergeCandidate = {
  __typename?: 'MergeCandidate';
  customer: Customer;
  reasons: Array<MatchReason>;
  recordIds: Array<Scalars['String']['output']>;
  system: SourceSystem;
};

export type MergeCandidateConnection = {
  __typename?: 'MergeCandidateConnection';
  edges: Array<MergeCandidateEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type MergeCandidateEdge = {
  __typename?: 'MergeCandidateEdge';
  cursor: Scalars['String']['output'];
  node: MergeCandidate;
};

export type MessageAuthor =
  | 'AGENT'
  | 'CUSTOMER';

/** An amount in a currency: a decimal string, never a float. */
export type Money = {
  __typename?: 'Money';
  amount: Scalars['String']['output'];
  /** ISO 4217. */
  currencyCode: Scalars['String']['output'];
};

export type NearbyStock = {
  __typename?: 'NearbyStock';
  /** Units a customer can buy there now. */
  available: Scalars['Int']['output'];
  distanceKm: Scalars['Float']['output'];
  location: Location;
  stockLevel: StockLevel;
};

export type OpeningHours = {
  __typename?: 'OpeningHours';
  closes: Scalars['String']['output'];
  /** Local time, HH:MM. */
  opens: Scalars['String']['output'];
  weekday: Weekday;
};

/** One order, whichever channel it came through. */
export type Order = {
  channel: SalesChannel;
  fulfilment: Fulfilment;
  id: Scalars['ID']['output'];
  lines: Array<OrderLine>;
  /** The number the customer sees on the receipt or confirmation. */
  number: Scalars['String']['output'];
  placedAt: Scalars['DateTime']['output'];
  status: OrderStatus;
  /** Oldest first. */
  statusHistory: Array<OrderStatusChange>;
  totals: OrderTotals;
};

export type OrderConnection = {
  __typename?: 'OrderConnection';
  edges: Array<OrderEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type OrderEdge = {
  __typename?: 'OrderEdge';
  cursor: Scalars['String']['output'];
  node: Order;
};

/** When an order was placed, so the orders service can merge channels without fetching whole orders. */
export type OrderIndexEntry = {
  __typename?: 'OrderIndexEntry';
  orderId: Scalars['ID']['output'];
  placedAt: Scalars['DateTime']['output'];
};

export type OrderLine = {
  __typename?: 'OrderLine';
  discount: Money;
  name: Scalars['String']['output'];
  quantity: Scalars['Int']['output'];
  sku: Scalars['String']['output'];
  total: Money;
  unitPrice: Money;
  variant?: Maybe<ProductVariant>;
};

export type OrderStatus =
  | 'CANCELLED'
  | 'COMPLETED'
  | 'PARTIALLY_REFUNDED'
  | 'PENDING'
  | 'PROCESSING'
  | 'READY_FOR_PICKUP'
  | 'REFUNDED';

export type OrderStatusChange = {
  __typename?: 'OrderStatusChange';
  at: Scalars['DateTime']['output'];
  note?: Maybe<Scalars['String']['output']>;
  status: OrderStatus;
};

export type OrderTotals = {
  __typename?: 'OrderTotals';
  discount: Money;
  refunded: Money;
  shipping: Money;
  subtotal: Money;
  total: Money;
};

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
  hasPreviousPage: Scalars['Boolean']['output'];
  startCursor?: Maybe<Scalars['String']['output']>;
};

export type Payment = {
  __typename?: 'Payment';
  amount: Money;
  method: PaymentMethod;
};

export type PaymentMethod =
  | 'CARD'
  | 'CASH'
  | 'E_WALLET'
  | 'LOYALTY_POINTS';

export type PostalAddress = {
  __typename?: 'PostalAddress';
  city?: Maybe<Scalars['String']['output']>;
  /** ISO 3166-1 alpha-2. */
  countryCode: Scalars['String']['output'];
  street?: Maybe<Scalars['String']['output']>;
};

/** One sellable item: a model in one colour and size. */
export type ProductVariant = {
  __typename?: 'ProductVariant';
  category?: Maybe<Scalars['String']['output']>;
  color?: Maybe<Scalars['String']['output']>;
  /** The regular price while a special price runs. */
  compareAtPrice?: Maybe<Money>;
  /** EAN-13 as printed on the label. */
  gtin?: Maybe<Scalars['String']['output']>;
  name: Scalars['String']['output'];
  /** Stores nearest to a point that have at least `minimumQuantity` available now, nearest first. */
  nearbyAvailability?: Maybe<Array<NearbyStock>>;
  /** What it sells for now: the special price while one runs. */
  price: Money;
  size?: Maybe<Scalars['String']['output']>;
  sku: Scalars['String']['output'];
  stockAt?: Maybe<StockLevel>;
  /** Stock at every location that carries it. */
  stockLevels?: Maybe<Array<StockLevel>>;
};


/** One sellable item: a model in one colour and size. */
export type ProductVariantNearbyAvailabilityArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
  minimumQuantity?: InputMaybe<Scalars['Int']['input']>;
  near: GeoPointInput;
  radiusKm?: InputMaybe<Scalars['Float']['input']>;
};


/** One sellable item: a model in one colour and size. */
export type ProductVariantStockAtArgs = {
  locationId: Scalars['ID']['input'];
};

export type ProductVariantConnection = {
  __typename?: 'ProductVariantConnection';
  edges: Array<ProductVariantEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type ProductVariantEdge = {
  __typename?: 'ProductVariantEdge';
  cursor: Scalars['String']['output'];
  node: ProductVariant;
};

export type Query = {
  __typename?: 'Query';
  /** A customer by Omnigraph id. Ids of records since merged into this customer still resolve. */
  customer?: Maybe<Customer>;
  /**
   * A customer by any identifier a channel knows them by: an email in any case, a phone in any
   * format, a loyalty card code, a CRM partner id or a web account id.
   */
  customerByIdentifier?: Maybe<Customer>;
  /** All customers in a stable order (back office). */
  customers: CustomerConnection;
  location?: Maybe<Location>;
  /** Stores and warehouses, by name. */
  locations: LocationConnection;
  /** Records one system keeps apart that belong to one person: work for that system's data stewards. */
  mergeCandidates: MergeCandidateConnection;
  /** Any order by id, whichever channel it came through. */
  order?: Maybe<Order>;
  productVariant?: Maybe<ProductVariant>;
  /** The catalogue, by SKU; search matches names and SKUs. */
  productVariants: ProductVariantConnection;
};


export type QueryCustomerArgs = {
  id: Scalars['ID']['input'];
};


export type QueryCustomerByIdentifierArgs = {
  identifier: CustomerIdentifierInput;
};


export type QueryCustomersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryLocationArgs = {
  id: Scalars['ID']['input'];
};


export type QueryLocationsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  kind?: InputMaybe<LocationKind>;
};


export type QueryMergeCandidatesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryOrderArgs = {
  id: Scalars['ID']['input'];
};


export type QueryProductVariantArgs = {
  sku: Scalars['String']['input'];
};


export type QueryProductVariantsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  search?: InputMaybe<Scalars['String']['input']>;
};

export type SalesChannel =
  | 'MARKETPLACE'
  | 'STORE'
  | 'WEB';

export type SourceSystem =
  | 'CRM'
  | 'ECOMMERCE'
  | 'POS'
  | 'WAREHOUSE';

/** One SKU at one location. */
export type StockLevel = {
  __typename?: 'StockLevel';
  /** When these figures were computed. */
  asOf: Scalars['DateTime']['output'];
  /** Units a customer can buy now: on hand less reserved, never below zero. */
  available: Scalars['Int']['output'];
  /** Units set aside as damaged or blocked: on hand, never sellable. */
  damaged: Scalars['Int']['output'];
  location: Location;
  locationId: Scalars['ID']['output'];
  /** Units physically there now: the warehouse system's figure less store sales it has not booked. */
  onHand: Scalars['Int']['output'];
  /** Units held for open orders. */
  reserved: Scalars['Int']['output'];
  sku: Scalars['String']['output'];
};

/** A receipt from a store's till. */
export type StoreOrder = Order & {
  __typename?: 'StoreOrder';
  channel: SalesChannel;
  fulfilment: Fulfilment;
  id: Scalars['ID']['output'];
  lines: Array<OrderLine>;
  number: Scalars['String']['output'];
  payments: Array<Payment>;
  placedAt: Scalars['DateTime']['output'];
  /** Store, till, sequence and business day: how the store itself finds the receipt. */
  receiptKey: Scalars['String']['output'];
  status: OrderStatus;
  statusHistory: Array<OrderStatusChange>;
  totals: OrderTotals;
};

export type SupportChannel =
  | 'CHAT'
  | 'EMAIL'
  | 'FACEBOOK'
  | 'PHONE'
  | 'ZALO';

export type SupportMessage = {
  __typename?: 'SupportMessage';
  author: MessageAuthor;
  channel: SupportChannel;
  id: Scalars['ID']['output'];
  sentAt: Scalars['DateTime']['output'];
  /** Plain text. */
  text: Scalars['String']['output'];
};

export type SupportTicket = {
  __typename?: 'SupportTicket';
  id: Scalars['ID']['output'];
  /** Oldest first, whichever channel each came through. */
  messages: Array<SupportMessage>;
  openedAt: Scalars['DateTime']['output'];
  status: SupportTicketStatus;
  subject: Scalars['String']['output'];
};

export type SupportTicketConnection = {
  __typename?: 'SupportTicketConnection';
  edges: Array<SupportTicketEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type SupportTicketEdge = {
  __typename?: 'SupportTicketEdge';
  cursor: Scalars['String']['output'];
  node: SupportTicket;
};

export type SupportTicketStatus =
  | 'IN_PROGRESS'
  | 'NEW'
  | 'SOLVED';

export type WebAccount = {
  __typename?: 'WebAccount';
  createdAt: Scalars['DateTime']['output'];
  email: Scalars['String']['output'];
  id: Scalars['ID']['output'];
};

/** An order placed on the website or app, signed in or as a guest. */
export type WebOrder = Order & {
  __typename?: 'WebOrder';
  channel: SalesChannel;
  /** The email the order was placed with. */
  email: Scalars['String']['output'];
  fulfilment: Fulfilment;
  id: Scalars['ID']['output'];
  lines: Array<OrderLine>;
  number: Scalars['String']['output'];
  placedAsGuest: Scalars['Boolean']['output'];
  placedAt: Scalars['DateTime']['output'];
  status: OrderStatus;
  statusHistory: Array<OrderStatusChange>;
  totals: OrderTotals;
};

export type Weekday =
  | 'FRIDAY'
  | 'MONDAY'
  | 'SATURDAY'
  | 'SUNDAY'
  | 'THURSDAY'
  | 'TUESDAY'
  | 'WEDNESDAY';

export type CustomerIdentifierKind =
  | 'CRM_PARTNER_ID'
  | 'EMAIL'
  | 'LOYALTY_CARD'
  | 'PHONE'
  | 'WEB_CUSTOMER_ID';

export type FulfilmentMethod =
  /** Bought at the counter. */
  | 'IN_STORE_PURCHASE'
  /** Click & collect. */
  | 'PICKUP_IN_STORE'
  /** Shipped from a store that had the stock. */
  | 'SHIP_FROM_STORE'
  /** Shipped from a warehouse. */
  | 'SHIP_TO_HOME';

export type LocationKind =
  | 'STORE'
  | 'WAREHOUSE';

export type LoyaltySource =
  | 'GIFT'
  | 'OTHER'
  | 'STORE_PURCHASE'
  | 'WEB_ORDER';

export type MatchReason =
  | 'EMAIL'
  | 'LOYALTY_CARD'
  | 'PHONE';

export type MessageAuthor =
  | 'AGENT'
  | 'CUSTOMER';

export type OrderStatus =
  | 'CANCELLED'
  | 'COMPLETED'
  | 'PARTIALLY_REFUNDED'
  | 'PENDING'
  | 'PROCESSING'
  | 'READY_FOR_PICKUP'
  | 'REFUNDED';

export type SalesChannel =
  | 'MARKETPLACE'
  | 'STORE'
  | 'WEB';

export type SourceSystem =
  | 'CRM'
  | 'ECOMMERCE'
  | 'POS'
  | 'WAREHOUSE';

export type SupportChannel =
  | 'CHAT'
  | 'EMAIL'
  | 'FACEBOOK'
  | 'PHONE'
  | 'ZALO';

export type SupportTicketStatus =
  | 'IN_PROGRESS'
  | 'NEW'
  | 'SOLVED';

export type Weekday =
  | 'FRIDAY'
  | 'MONDAY'
  | 'SATURDAY'
  | 'SUNDAY'
  | 'THURSDAY'
  | 'TUESDAY'
  | 'WEDNESDAY';

export type Customer360ByPhoneQueryVariables = Exact<{
  phone: string;
}>;


export type Customer360ByPhoneQuery = { customerByIdentifier: { id: string, displayName: string, emails: Array<string>, phones: Array<string>, profile: { fullName: string, email: string | null, phone: string | null, customerSince: string, addresses: Array<{ street: string | null, city: string | null, countryCode: string }>, consents: { email: boolean, sms: boolean } } | null, loyalty: { cardCode: string, pointsBalance: number, history: { edges: Array<{ node: { occurredAt: string, points: number, description: string, source: LoyaltySource, orderReference: string | null } }> } } | null, webAccount: { id: string, email: string, createdAt: string } | null, openCarts: Array<{ id: string, updatedAt: string, subtotal: { amount: string, currencyCode: string }, lines: Array<{ sku: string, quantity: number, unitPrice: { amount: string, currencyCode: string } }> }> | null, orderHistory: { totalCount: number, edges: Array<{ node:
          | { id: string, number: string, channel: SalesChannel, placedAt: string, status: OrderStatus, totals: { total: { amount: string, currencyCode: string } }, fulfilment: { method: FulfilmentMethod, location: { id: string, name: string } | null } }
          | { id: string, number: string, channel: SalesChannel, placedAt: string, status: OrderStatus, totals: { total: { amount: string, currencyCode: string } }, fulfilment: { method: FulfilmentMethod, location: { id: string, name: string } | null } }
         }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } | null, supportTickets: { edges: Array<{ node: { subject: string, status: SupportTicketStatus, openedAt: string, messages: Array<{ channel: SupportChannel, author: MessageAuthor, text: string, sentAt: string }> } }> } | null } | null };

export type CustomerByIdentifierQueryVariables = Exact<{
  kind: CustomerIdentifierKind;
  value: string;
}>;


export type CustomerByIdentifierQuery = { customerByIdentifier: { id: string, displayName: string, emails: Array<string>, phones: Array<string>, records: Array<{ system: SourceSystem, recordId: string, matchedBy: Array<MatchReason> }> } | null };

export type CustomerOrderHistoryQueryVariables = Exact<{
  customerId: string | number;
  first?: number | null | undefined;
  after?: string | null | undefined;
  channels?: Array<SalesChannel> | SalesChannel | null | undefined;
}>;


export type CustomerOrderHistoryQuery = { customer: { id: string, orderHistory: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node:
          | { id: string, number: string, channel: SalesChannel, placedAt: string, status: OrderStatus, statusHistory: Array<{ status: OrderStatus, at: string, note: string | null }>, lines: Array<{ sku: string, name: string, quantity: number, unitPrice: { amount: string, currencyCode: string }, total: { amount: string, currencyCode: string } }>, totals: { subtotal: { amount: string, currencyCode: string }, discount: { amount: string, currencyCode: string }, shipping: { amount: string, currencyCode: string }, total: { amount: string, currencyCode: string }, refunded: { amount: string, currencyCode: string } }, fulfilment: { method: FulfilmentMethod, location: { id: string, name: string, kind: LocationKind } | null } }
          | { id: string, number: string, channel: SalesChannel, placedAt: string, status: OrderStatus, statusHistory: Array<{ status: OrderStatus, at: string, note: string | null }>, lines: Array<{ sku: string, name: string, quantity: number, unitPrice: { amount: string, currencyCode: string }, total: { amount: string, currencyCode: string } }>, totals: { subtotal: { amount: string, currencyCode: string }, discount: { amount: string, currencyCode: string }, shipping: { amount: string, currencyCode: string }, total: { amount: string, currencyCode: string }, refunded: { amount: string, currencyCode: string } }, fulfilment: { method: FulfilmentMethod, location: { id: string, name: string, kind: LocationKind } | null } }
         }> } | null } | null };

export type WhereCanIGetThisNearMeQueryVariables = Exact<{
  sku: string;
  latitude: number;
  longitude: number;
  first?: number | null | undefined;
}>;


export type WhereCanIGetThisNearMeQuery = { productVariant: { sku: string, name: string, price: { amount: string, currencyCode: string }, nearbyAvailability: Array<{ distanceKm: number, available: number, location: { id: string, name: string, address: { street: string | null, city: string | null }, coordinates: { latitude: number, longitude: number }, openingHours: Array<{ weekday: Weekday, opens: string, closes: string }> | null } }> | null } | null };

export type StockBySkuQueryVariables = Exact<{
  sku: string;
}>;


export type StockBySkuQuery = { productVariant: { sku: string, stockLevels: Array<{ onHand: number, reserved: number, available: number, damaged: number, asOf: string, location: { id: string, name: string, kind: LocationKind, storeCode: string | null } }> | null } | null };


export const Customer360ByPhoneDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Customer360ByPhone"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"phone"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"customerByIdentifier"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"identifier"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"kind"},"value":{"kind":"EnumValue","value":"PHONE"}},{"kind":"ObjectField","name":{"kind":"Name","value":"value"},"value":{"kind":"Variable","name":{"kind":"Name","value":"phone"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"emails"}},{"kind":"Field","name":{"kind":"Name","value":"phones"}},{"kind":"Field","name":{"kind":"Name","value":"profile"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fullName"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"phone"}},{"kind":"Field","name":{"kind":"Name","value":"addresses"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"street"}},{"kind":"Field","name":{"kind":"Name","value":"city"}},{"kind":"Field","name":{"kind":"Name","value":"countryCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"consents"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"sms"}}]}},{"kind":"Field","name":{"kind":"Name","value":"customerSince"}}]}},{"kind":"Field","name":{"kind":"Name","value":"loyalty"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cardCode"}},{"kind":"Field","name":{"kind":"Name","value":"pointsBalance"}},{"kind":"Field","name":{"kind":"Name","value":"history"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"5"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"occurredAt"}},{"kind":"Field","name":{"kind":"Name","value":"points"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"orderReference"}}]}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"webAccount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"openCarts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"subtotal"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"lines"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sku"}},{"kind":"Field","name":{"kind":"Name","value":"quantity"}},{"kind":"Field","name":{"kind":"Name","value":"unitPrice"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"orderHistory"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"10"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"number"}},{"kind":"Field","name":{"kind":"Name","value":"channel"}},{"kind":"Field","name":{"kind":"Name","value":"placedAt"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"totals"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"total"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"fulfilment"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"method"}},{"kind":"Field","name":{"kind":"Name","value":"location"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"supportTickets"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"5"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"subject"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"openedAt"}},{"kind":"Field","name":{"kind":"Name","value":"messages"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"channel"}},{"kind":"Field","name":{"kind":"Name","value":"author"}},{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"sentAt"}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<Customer360ByPhoneQuery, Customer360ByPhoneQueryVariables>;
export const CustomerByIdentifierDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CustomerByIdentifier"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"kind"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CustomerIdentifierKind"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"value"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"customerByIdentifier"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"identifier"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"kind"},"value":{"kind":"Variable","name":{"kind":"Name","value":"kind"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"value"},"value":{"kind":"Variable","name":{"kind":"Name","value":"value"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"emails"}},{"kind":"Field","name":{"kind":"Name","value":"phones"}},{"kind":"Field","name":{"kind":"Name","value":"records"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"system"}},{"kind":"Field","name":{"kind":"Name","value":"recordId"}},{"kind":"Field","name":{"kind":"Name","value":"matchedBy"}}]}}]}}]}}]} as unknown as DocumentNode<CustomerByIdentifierQuery, CustomerByIdentifierQueryVariables>;
export const CustomerOrderHistoryDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CustomerOrderHistory"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"customerId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"channels"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SalesChannel"}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"customer"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"customerId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"orderHistory"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"channels"},"value":{"kind":"Variable","name":{"kind":"Name","value":"channels"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"number"}},{"kind":"Field","name":{"kind":"Name","value":"channel"}},{"kind":"Field","name":{"kind":"Name","value":"placedAt"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"statusHistory"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"note"}}]}},{"kind":"Field","name":{"kind":"Name","value":"lines"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sku"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"quantity"}},{"kind":"Field","name":{"kind":"Name","value":"unitPrice"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"total"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"totals"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"subtotal"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"discount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"shipping"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"total"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"refunded"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"fulfilment"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"method"}},{"kind":"Field","name":{"kind":"Name","value":"location"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}}]}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<CustomerOrderHistoryQuery, CustomerOrderHistoryQueryVariables>;
export const WhereCanIGetThisNearMeDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WhereCanIGetThisNearMe"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"sku"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"latitude"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Float"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"longitude"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Float"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"productVariant"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"sku"},"value":{"kind":"Variable","name":{"kind":"Name","value":"sku"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sku"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"price"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"nearbyAvailability"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"near"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"latitude"},"value":{"kind":"Variable","name":{"kind":"Name","value":"latitude"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"longitude"},"value":{"kind":"Variable","name":{"kind":"Name","value":"longitude"}}}]}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"distanceKm"}},{"kind":"Field","name":{"kind":"Name","value":"available"}},{"kind":"Field","name":{"kind":"Name","value":"location"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"address"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"street"}},{"kind":"Field","name":{"kind":"Name","value":"city"}}]}},{"kind":"Field","name":{"kind":"Name","value":"coordinates"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"latitude"}},{"kind":"Field","name":{"kind":"Name","value":"longitude"}}]}},{"kind":"Field","name":{"kind":"Name","value":"openingHours"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"weekday"}},{"kind":"Field","name":{"kind":"Name","value":"opens"}},{"kind":"Field","name":{"kind":"Name","value":"closes"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<WhereCanIGetThisNearMeQuery, WhereCanIGetThisNearMeQueryVariables>;
export const StockBySkuDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"StockBySku"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"sku"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"productVariant"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"sku"},"value":{"kind":"Variable","name":{"kind":"Name","value":"sku"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sku"}},{"kind":"Field","name":{"kind":"Name","value":"stockLevels"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"location"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"storeCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"onHand"}},{"kind":"Field","name":{"kind":"Name","value":"reserved"}},{"kind":"Field","name":{"kind":"Name","value":"available"}},{"kind":"Field","name":{"kind":"Name","value":"damaged"}},{"kind":"Field","name":{"kind":"Name","value":"asOf"}}]}}]}}]}}]} as unknown as DocumentNode<StockBySkuQuery, StockBySkuQueryVariables>;