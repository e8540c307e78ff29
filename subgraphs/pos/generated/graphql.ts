import { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import { Receipt } from '../../../connectors/pos';
import { SaleTotals } from '../model';
import { Context } from '../context';
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
  _FieldSet: { input: unknown; output: unknown; }
};

export type Customer = {
  __typename?: 'Customer';
  confirmedStoreSales: Array<Scalars['String']['output']>;
  formerPhones: Array<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  loyaltyCardCodes: Array<Scalars['String']['output']>;
  phones: Array<Scalars['String']['output']>;
  sharedPhones: Array<Scalars['String']['output']>;
  /** The customer's store sales: their card or a phone only they hold (or held before a change) captured on it, or confirmed theirs. */
  storeOrderIndex?: Maybe<Array<OrderIndexEntry>>;
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

/** Stores add their trading details to the locations the warehouse system lists. */
export type Location = {
  __typename?: 'Location';
  id: Scalars['ID']['output'];
  /** Null for a warehouse. */
  openingHours?: Maybe<Array<OpeningHours>>;
  /** The store's number at the tills; null for a warehouse. */
  storeCode?: Maybe<Scalars['String']['output']>;
};

/** An amount in a currency: a decimal string, never a float. */
export type Money = {
  __typename?: 'Money';
  amount: Scalars['String']['output'];
  /** ISO 4217. */
  currencyCode: Scalars['String']['output'];
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

export type ProductVariant = {
  __typename?: 'ProductVariant';
  sku: Scalars['String']['output'];
};

export type SalesChannel =
  | 'MARKETPLACE'
  | 'STORE'
  | 'WEB';

export type StockLevel = {
  __typename?: 'StockLevel';
  erpPostedThrough?: Maybe<Scalars['String']['output']>;
  locationId: Scalars['ID']['output'];
  sku: Scalars['String']['output'];
  /** Units sold at the store's tills that the warehouse system has not been told about yet. */
  unpostedSales: Scalars['Int']['output'];
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

export type Weekday =
  | 'FRIDAY'
  | 'MONDAY'
  | 'SATURDAY'
  | 'SUNDAY'
  | 'THURSDAY'
  | 'TUESDAY'
  | 'WEDNESDAY';

export type WithIndex<TObject> = TObject & Record<string, any>;
export type ResolversObject<TObject> = WithIndex<TObject>;

export type ResolverTypeWrapper<T> = Promise<T> | T;

export type ReferenceResolver<TResult, TReference, TContext> = (
      reference: TReference,
      context: TContext,
      info: GraphQLResolveInfo
    ) => Promise<TResult> | TResult;

      type ScalarCheck<T, S> = S extends true ? T : NullableCheck<T, S>;
      type NullableCheck<T, S> = Maybe<T> extends T ? Maybe<ListCheck<NonNullable<T>, S>> : ListCheck<T, S>;
      type ListCheck<T, S> = T extends (infer U)[] ? NullableCheck<U, S>[] : GraphQLRecursivePick<T, S>;
      export type GraphQLRecursivePick<T, S> = { [K in keyof T & keyof S]: ScalarCheck<T[K], S[K]> };
    

export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

/** Mapping of federation types */
export type FederationTypes = ResolversObject<{
  Customer: Customer;
  Location: Location;
  StockLevel: StockLevel;
  StoreOrder: StoreOrder;
}>;

/** Mapping of federation reference types */
export type FederationReferenceTypes = ResolversObject<{
  Customer:
    ( { __typename: 'Customer' }
    & GraphQLRecursivePick<FederationTypes['Customer'], {"id":true}>
    & ( Record<PropertyKey, never>
        | GraphQLRecursivePick<FederationTypes['Customer'], {"loyaltyCardCodes":true,"phones":true,"sharedPhones":true,"formerPhones":true,"confirmedStoreSales":true}> ) );
  Location:
    ( { __typename: 'Location' }
    & GraphQLRecursivePick<FederationTypes['Location'], {"id":true}> );
  StockLevel:
    ( { __typename: 'StockLevel' }
    & GraphQLRecursivePick<FederationTypes['StockLevel'], {"sku":true,"locationId":true}>
    & ( Record<PropertyKey, never>
        | GraphQLRecursivePick<FederationTypes['StockLevel'], {"erpPostedThrough":true}> ) );
  StoreOrder:
    ( { __typename: 'StoreOrder' }
    & GraphQLRecursivePick<FederationTypes['StoreOrder'], {"id":true}> );
}>;


/** Mapping of interface types */
export type ResolversInterfaceTypes<_RefType extends Record<string, unknown>> = ResolversObject<{
  Order: ( Receipt );
}>;

/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  Customer: ResolverTypeWrapper<Customer>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  Fulfilment: ResolverTypeWrapper<Fulfilment>;
  FulfilmentMethod: FulfilmentMethod;
  Location: ResolverTypeWrapper<Location>;
  Money: ResolverTypeWrapper<Money>;
  OpeningHours: ResolverTypeWrapper<OpeningHours>;
  Order: ResolverTypeWrapper<ResolversInterfaceTypes<ResolversTypes>['Order']>;
  OrderIndexEntry: ResolverTypeWrapper<OrderIndexEntry>;
  OrderLine: ResolverTypeWrapper<OrderLine>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  OrderStatus: OrderStatus;
  OrderStatusChange: ResolverTypeWrapper<OrderStatusChange>;
  OrderTotals: ResolverTypeWrapper<SaleTotals>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Payment: ResolverTypeWrapper<Payment>;
  PaymentMethod: PaymentMethod;
  ProductVariant: ResolverTypeWrapper<ProductVariant>;
  SalesChannel: SalesChannel;
  StockLevel: ResolverTypeWrapper<StockLevel>;
  StoreOrder: ResolverTypeWrapper<Receipt>;
  Weekday: Weekday;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  Customer: Customer | FederationReferenceTypes['Customer'];
  String: Scalars['String']['output'];
  ID: Scalars['ID']['output'];
  DateTime: Scalars['DateTime']['output'];
  Fulfilment: Fulfilment;
  Location: Location | FederationReferenceTypes['Location'];
  Money: Money;
  OpeningHours: OpeningHours;
  Order: ResolversInterfaceTypes<ResolversParentTypes>['Order'];
  OrderIndexEntry: OrderIndexEntry;
  OrderLine: OrderLine;
  Int: Scalars['Int']['output'];
  OrderStatusChange: OrderStatusChange;
  OrderTotals: SaleTotals;
  PageInfo: PageInfo;
  Boolean: Scalars['Boolean']['output'];
  Payment: Payment;
  ProductVariant: ProductVariant;
  StockLevel: StockLevel | FederationReferenceTypes['StockLevel'];
  StoreOrder: Receipt;
}>;

export type CustomerResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Customer'] = ResolversParentTypes['Customer'], FederationReferenceType extends FederationReferenceTypes['Customer'] = FederationReferenceTypes['Customer']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Customer']> | FederationReferenceType, FederationReferenceType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  storeOrderIndex?: Resolver<Maybe<Array<ResolversTypes['OrderIndexEntry']>>, ParentType, ContextType>;
}>;

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type FulfilmentResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Fulfilment'] = ResolversParentTypes['Fulfilment']> = ResolversObject<{
  location?: Resolver<Maybe<ResolversTypes['Location']>, ParentType, ContextType>;
  method?: Resolver<ResolversTypes['FulfilmentMethod'], ParentType, ContextType>;
}>;

export type LocationResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Location'] = ResolversParentTypes['Location'], FederationReferenceType extends FederationReferenceTypes['Location'] = FederationReferenceTypes['Location']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Location']> | FederationReferenceType, FederationReferenceType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  openingHours?: Resolver<Maybe<Array<ResolversTypes['OpeningHours']>>, ParentType, ContextType>;
  storeCode?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type MoneyResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Money'] = ResolversParentTypes['Money']> = ResolversObject<{
  amount?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  currencyCode?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type OpeningHoursResolvers<ContextType = Context, ParentType extends ResolversParentTypes['OpeningHours'] = ResolversParentTypes['OpeningHours']> = ResolversObject<{
  closes?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  opens?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  weekday?: Resolver<ResolversTypes['Weekday'], ParentType, ContextType>;
}>;

export type OrderResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Order'] = ResolversParentTypes['Order']> = ResolversObject<{
  __resolveType: TypeResolveFn<'StoreOrder', ParentType, ContextType>;
}>;

export type OrderIndexEntryResolvers<ContextType = Context, ParentType extends ResolversParentTypes['OrderIndexEntry'] = ResolversParentTypes['OrderIndexEntry']> = ResolversObject<{
  orderId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  placedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
}>;

export type OrderLineResolvers<ContextType = Context, ParentType extends ResolversParentTypes['OrderLine'] = ResolversParentTypes['OrderLine']> = ResolversObject<{
  discount?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  quantity?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  sku?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  total?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  unitPrice?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  variant?: Resolver<Maybe<ResolversTypes['ProductVariant']>, ParentType, ContextType>;
}>;

export type OrderStatusChangeResolvers<ContextType = Context, ParentType extends ResolversParentTypes['OrderStatusChange'] = ResolversParentTypes['OrderStatusChange']> = ResolversObject<{
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  note?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['OrderStatus'], ParentType, ContextType>;
}>;

export type OrderTotalsResolvers<ContextType = Context, ParentType extends ResolversParentTypes['OrderTotals'] = ResolversParentTypes['OrderTotals']> = ResolversObject<{
  discount?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  refunded?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  shipping?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  subtotal?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  total?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
}>;

export type PageInfoResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = ResolversObject<{
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  hasPreviousPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  startCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type PaymentResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Payment'] = ResolversParentTypes['Payment']> = ResolversObject<{
  amount?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  method?: Resolver<ResolversTypes['PaymentMethod'], ParentType, ContextType>;
}>;

export type ProductVariantResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ProductVariant'] = ResolversParentTypes['ProductVariant']> = ResolversObject<{
  sku?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type StockLevelResolvers<ContextType = Context, ParentType extends ResolversParentTypes['StockLevel'] = ResolversParentTypes['StockLevel'], FederationReferenceType extends FederationReferenceTypes['StockLevel'] = FederationReferenceTypes['StockLevel']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['StockLevel']> | FederationReferenceType, FederationReferenceType, ContextType>;
  locationId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  sku?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  unpostedSales?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type StoreOrderResolvers<ContextType = Context, ParentType extends ResolversParentTypes['StoreOrder'] = ResolversParentTypes['StoreOrder'], FederationReferenceType extends FederationReferenceTypes['StoreOrder'] = FederationReferenceTypes['StoreOrder']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['StoreOrder']> | FederationReferenceType, FederationReferenceType, ContextType>;
  channel?: Resolver<ResolversTypes['SalesChannel'], ParentType, ContextType>;
  fulfilment?: Resolver<ResolversTypes['Fulfilment'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  lines?: Resolver<Array<ResolversTypes['OrderLine']>, ParentType, ContextType>;
  number?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  payments?: Resolver<Array<ResolversTypes['Payment']>, ParentType, ContextType>;
  placedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  receiptKey?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['OrderStatus'], ParentType, ContextType>;
  statusHistory?: Resolver<Array<ResolversTypes['OrderStatusChange']>, ParentType, ContextType>;
  totals?: Resolver<ResolversTypes['OrderTotals'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type Resolvers<ContextType = Context> = ResolversObject<{
  Customer?: CustomerResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  Fulfilment?: FulfilmentResolvers<ContextType>;
  Location?: LocationResolvers<ContextType>;
  Money?: MoneyResolvers<ContextType>;
  OpeningHours?: OpeningHoursResolvers<ContextType>;
  Order?: OrderResolvers<ContextType>;
  OrderIndexEntry?: OrderIndexEntryResolvers<ContextType>;
  OrderLine?: OrderLineResolvers<ContextType>;
  OrderStatusChange?: OrderStatusChangeResolvers<ContextType>;
  OrderTotals?: OrderTotalsResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Payment?: PaymentResolvers<ContextType>;
  ProductVariant?: ProductVariantResolvers<ContextType>;
  StockLevel?: StockLevelResolvers<ContextType>;
  StoreOrder?: StoreOrderResolvers<ContextType>;
}>;

