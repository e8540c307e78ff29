import { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import { MarketplaceOrder as MarketplaceOrderRecord, MarketplaceOrderLine } from '../../../connectors/marketplace';
import { Context } from '../context';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
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
  id: Scalars['ID']['output'];
  loyaltyCardCodes: Array<Scalars['String']['output']>;
  /** The customer's marketplace orders: those of a marketplace account they linked to their loyalty card. */
  marketplaceOrderIndex?: Maybe<Array<OrderIndexEntry>>;
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

export type Location = {
  __typename?: 'Location';
  id: Scalars['ID']['output'];
};

export type MarketplaceBuyer = {
  __typename?: 'MarketplaceBuyer';
  city: Scalars['String']['output'];
  /** The loyalty card the buyer linked their marketplace account to; null for a buyer who did not. */
  loyaltyCardCode?: Maybe<Scalars['String']['output']>;
  /** Masked by the marketplace, e.g. Đ****y. */
  name: Scalars['String']['output'];
  /** Masked by the marketplace, e.g. ******51. */
  phone: Scalars['String']['output'];
};

/** An order placed on the marketplace (Shopee, Lazada): paid there, fulfilled by the retailer. */
export type MarketplaceOrder = Order & {
  __typename?: 'MarketplaceOrder';
  /** The buyer as the marketplace shows a seller: masked. */
  buyer: MarketplaceBuyer;
  channel: SalesChannel;
  fulfilment: Fulfilment;
  id: Scalars['ID']['output'];
  lines: Array<OrderLine>;
  /** The marketplace's own status, which ours folds together. */
  marketplaceStatus: MarketplaceOrderStatus;
  /** The marketplace's order number, what the buyer sees. */
  number: Scalars['String']['output'];
  placedAt: Scalars['DateTime']['output'];
  status: OrderStatus;
  statusHistory: Array<OrderStatusChange>;
  totals: OrderTotals;
};

export type MarketplaceOrderConnection = {
  __typename?: 'MarketplaceOrderConnection';
  edges: Array<MarketplaceOrderEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type MarketplaceOrderEdge = {
  __typename?: 'MarketplaceOrderEdge';
  cursor: Scalars['String']['output'];
  node: MarketplaceOrder;
};

/** Where an order is in the marketplace's own flow. */
export type MarketplaceOrderStatus =
  | 'CANCELLED'
  /** Delivered and past the buyer's return window (COMPLETED). */
  | 'COMPLETED'
  /** The buyer asked to cancel; the seller has not answered (PROCESSING). */
  | 'IN_CANCEL'
  /** Handed to the marketplace's carrier, not collected yet (PROCESSING). */
  | 'PROCESSED'
  /** Paid; the seller has not handed it to the carrier (PROCESSING). */
  | 'READY_TO_SHIP'
  /** With the carrier (PROCESSING). */
  | 'SHIPPED'
  /** The buyer asked to return it (COMPLETED). */
  | 'TO_RETURN'
  /** Placed, not paid yet (PENDING). */
  | 'UNPAID';

/** An amount in a currency: a decimal string, never a float. */
export type Money = {
  __typename?: 'Money';
  amount: Scalars['String']['output'];
  /** ISO 4217. */
  currencyCode: Scalars['String']['output'];
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

export type ProductVariant = {
  __typename?: 'ProductVariant';
  sku: Scalars['String']['output'];
};

export type Query = {
  __typename?: 'Query';
  /** Every marketplace order, a linked member's or not, newest first: the back office's view of the channel. */
  marketplaceOrders?: Maybe<MarketplaceOrderConnection>;
};


export type QueryMarketplaceOrdersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  status?: InputMaybe<OrderStatus>;
};

export type SalesChannel =
  | 'MARKETPLACE'
  | 'STORE'
  | 'WEB';

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
  MarketplaceOrder: MarketplaceOrder;
}>;

/** Mapping of federation reference types */
export type FederationReferenceTypes = ResolversObject<{
  Customer:
    ( { __typename: 'Customer' }
    & GraphQLRecursivePick<FederationTypes['Customer'], {"id":true}>
    & ( Record<PropertyKey, never>
        | GraphQLRecursivePick<FederationTypes['Customer'], {"loyaltyCardCodes":true}> ) );
  MarketplaceOrder:
    ( { __typename: 'MarketplaceOrder' }
    & GraphQLRecursivePick<FederationTypes['MarketplaceOrder'], {"id":true}> );
}>;


/** Mapping of interface types */
export type ResolversInterfaceTypes<_RefType extends Record<string, unknown>> = ResolversObject<{
  Order: ( MarketplaceOrderRecord );
}>;

/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  Customer: ResolverTypeWrapper<Customer>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  Fulfilment: ResolverTypeWrapper<Fulfilment>;
  FulfilmentMethod: FulfilmentMethod;
  Location: ResolverTypeWrapper<Location>;
  MarketplaceBuyer: ResolverTypeWrapper<MarketplaceBuyer>;
  MarketplaceOrder: ResolverTypeWrapper<MarketplaceOrderRecord>;
  MarketplaceOrderConnection: ResolverTypeWrapper<Omit<MarketplaceOrderConnection, 'edges'> & { edges: Array<ResolversTypes['MarketplaceOrderEdge']> }>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  MarketplaceOrderEdge: ResolverTypeWrapper<Omit<MarketplaceOrderEdge, 'node'> & { node: ResolversTypes['MarketplaceOrder'] }>;
  MarketplaceOrderStatus: MarketplaceOrderStatus;
  Money: ResolverTypeWrapper<Money>;
  Order: ResolverTypeWrapper<ResolversInterfaceTypes<ResolversTypes>['Order']>;
  OrderIndexEntry: ResolverTypeWrapper<OrderIndexEntry>;
  OrderLine: ResolverTypeWrapper<MarketplaceOrderLine>;
  OrderStatus: OrderStatus;
  OrderStatusChange: ResolverTypeWrapper<OrderStatusChange>;
  OrderTotals: ResolverTypeWrapper<OrderTotals>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  ProductVariant: ResolverTypeWrapper<ProductVariant>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  SalesChannel: SalesChannel;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  Customer: Customer | FederationReferenceTypes['Customer'];
  ID: Scalars['ID']['output'];
  String: Scalars['String']['output'];
  DateTime: Scalars['DateTime']['output'];
  Fulfilment: Fulfilment;
  Location: Location;
  MarketplaceBuyer: MarketplaceBuyer;
  MarketplaceOrder: MarketplaceOrderRecord;
  MarketplaceOrderConnection: Omit<MarketplaceOrderConnection, 'edges'> & { edges: Array<ResolversParentTypes['MarketplaceOrderEdge']> };
  Int: Scalars['Int']['output'];
  MarketplaceOrderEdge: Omit<MarketplaceOrderEdge, 'node'> & { node: ResolversParentTypes['MarketplaceOrder'] };
  Money: Money;
  Order: ResolversInterfaceTypes<ResolversParentTypes>['Order'];
  OrderIndexEntry: OrderIndexEntry;
  OrderLine: MarketplaceOrderLine;
  OrderStatusChange: OrderStatusChange;
  OrderTotals: OrderTotals;
  PageInfo: PageInfo;
  Boolean: Scalars['Boolean']['output'];
  ProductVariant: ProductVariant;
  Query: Record<PropertyKey, never>;
}>;

export type CustomerResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Customer'] = ResolversParentTypes['Customer'], FederationReferenceType extends FederationReferenceTypes['Customer'] = FederationReferenceTypes['Customer']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Customer']> | FederationReferenceType, FederationReferenceType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  marketplaceOrderIndex?: Resolver<Maybe<Array<ResolversTypes['OrderIndexEntry']>>, ParentType, ContextType>;
}>;

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type FulfilmentResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Fulfilment'] = ResolversParentTypes['Fulfilment']> = ResolversObject<{
  location?: Resolver<Maybe<ResolversTypes['Location']>, ParentType, ContextType>;
  method?: Resolver<ResolversTypes['FulfilmentMethod'], ParentType, ContextType>;
}>;

export type LocationResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Location'] = ResolversParentTypes['Location']> = ResolversObject<{
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export type MarketplaceBuyerResolvers<ContextType = Context, ParentType extends ResolversParentTypes['MarketplaceBuyer'] = ResolversParentTypes['MarketplaceBuyer']> = ResolversObject<{
  city?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  loyaltyCardCode?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  phone?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type MarketplaceOrderResolvers<ContextType = Context, ParentType extends ResolversParentTypes['MarketplaceOrder'] = ResolversParentTypes['MarketplaceOrder'], FederationReferenceType extends FederationReferenceTypes['MarketplaceOrder'] = FederationReferenceTypes['MarketplaceOrder']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['MarketplaceOrder']> | FederationReferenceType, FederationReferenceType, ContextType>;
  buyer?: Resolver<ResolversTypes['MarketplaceBuyer'], ParentType, ContextType>;
  channel?: Resolver<ResolversTypes['SalesChannel'], ParentType, ContextType>;
  fulfilment?: Resolver<ResolversTypes['Fulfilment'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  lines?: Resolver<Array<ResolversTypes['OrderLine']>, ParentType, ContextType>;
  marketplaceStatus?: Resolver<ResolversTypes['MarketplaceOrderStatus'], ParentType, ContextType>;
  number?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  placedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['OrderStatus'], ParentType, ContextType>;
  statusHistory?: Resolver<Array<ResolversTypes['OrderStatusChange']>, ParentType, ContextType>;
  totals?: Resolver<ResolversTypes['OrderTotals'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type MarketplaceOrderConnectionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['MarketplaceOrderConnection'] = ResolversParentTypes['MarketplaceOrderConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['MarketplaceOrderEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type MarketplaceOrderEdgeResolvers<ContextType = Context, ParentType extends ResolversParentTypes['MarketplaceOrderEdge'] = ResolversParentTypes['MarketplaceOrderEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['MarketplaceOrder'], ParentType, ContextType>;
}>;

export type MoneyResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Money'] = ResolversParentTypes['Money']> = ResolversObject<{
  amount?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  currencyCode?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type OrderResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Order'] = ResolversParentTypes['Order']> = ResolversObject<{
  __resolveType: TypeResolveFn<'MarketplaceOrder', ParentType, ContextType>;
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

export type ProductVariantResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ProductVariant'] = ResolversParentTypes['ProductVariant']> = ResolversObject<{
  sku?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type QueryResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  marketplaceOrders?: Resolver<Maybe<ResolversTypes['MarketplaceOrderConnection']>, ParentType, ContextType, RequireFields<QueryMarketplaceOrdersArgs, 'first'>>;
}>;

export type Resolvers<ContextType = Context> = ResolversObject<{
  Customer?: CustomerResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  Fulfilment?: FulfilmentResolvers<ContextType>;
  Location?: LocationResolvers<ContextType>;
  MarketplaceBuyer?: MarketplaceBuyerResolvers<ContextType>;
  MarketplaceOrder?: MarketplaceOrderResolvers<ContextType>;
  MarketplaceOrderConnection?: MarketplaceOrderConnectionResolvers<ContextType>;
  MarketplaceOrderEdge?: MarketplaceOrderEdgeResolvers<ContextType>;
  Money?: MoneyResolvers<ContextType>;
  Order?: OrderResolvers<ContextType>;
  OrderIndexEntry?: OrderIndexEntryResolvers<ContextType>;
  OrderLine?: OrderLineResolvers<ContextType>;
  OrderStatusChange?: OrderStatusChangeResolvers<ContextType>;
  OrderTotals?: OrderTotalsResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  ProductVariant?: ProductVariantResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
}>;

