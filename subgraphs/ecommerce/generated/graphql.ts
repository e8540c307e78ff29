import { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import { CustomerReference, Context } from '../context';
import { CatalogProduct, WebCustomer, WebCart, WebCartLine, WebOrderRecord, WebOrderLine } from '../../../connectors/ecommerce';
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

/** A promotion's discount, named as the customer sees it on the cart and the receipt. */
export type AppliedPromotion = {
  __typename?: 'AppliedPromotion';
  amount: Money;
  label: Scalars['String']['output'];
  promotionId: Scalars['ID']['output'];
};

/**
 * A cart on the web shop: a customer's (the one cart the app, the website and a store tablet share) or
 * a guest's. Resolvable by its id, whichever kind it is.
 */
export type Cart = {
  __typename?: 'Cart';
  /** False once its order was placed: the cart then reads as it was ordered. */
  active: Scalars['Boolean']['output'];
  id: Scalars['ID']['output'];
  lines: Array<CartLine>;
  /** The cart priced on a channel now, each promotion named: what checkout charges (shipping aside). A store's counter needs the store. */
  pricing: Pricing;
  subtotal: Money;
  updatedAt: Scalars['DateTime']['output'];
};


/**
 * A cart on the web shop: a customer's (the one cart the app, the website and a store tablet share) or
 * a guest's. Resolvable by its id, whichever kind it is.
 */
export type CartPricingArgs = {
  channel?: PricingChannel;
  storeLocationId?: InputMaybe<Scalars['ID']['input']>;
  voucherCode?: InputMaybe<Scalars['String']['input']>;
};

export type CartLine = {
  __typename?: 'CartLine';
  quantity: Scalars['Int']['output'];
  sku: Scalars['String']['output'];
  unitPrice: Money;
  variant?: Maybe<ProductVariant>;
};

export type Customer = {
  __typename?: 'Customer';
  emails: Array<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  /** Carts not yet checked out. */
  openCarts?: Maybe<Array<Cart>>;
  /** The customer's account on the web shop and app. */
  webAccount?: Maybe<WebAccount>;
  webCustomerIds: Array<Scalars['Int']['output']>;
  webOrderIndex?: Maybe<Array<OrderIndexEntry>>;
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
  /**
   * Click & collect orders waiting at this store to be collected (not yet handed over, cancelled or
   * refunded), oldest first. Empty for a location that is not a store.
   */
  pickupQueue: WebOrderConnection;
};


export type LocationPickupQueueArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

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

export type PriceQuoteInput = {
  channel: PricingChannel;
  lines: Array<PriceQuoteLineInput>;
  /** Member prices: the buyer holds a loyalty card. Selling at the counter decides this from the card itself. */
  loyaltyMember?: Scalars['Boolean']['input'];
  /** The store, on the STORE channel. */
  storeLocationId?: InputMaybe<Scalars['ID']['input']>;
  voucherCode?: InputMaybe<Scalars['String']['input']>;
};

export type PriceQuoteLineInput = {
  quantity: Scalars['Int']['input'];
  sku: Scalars['String']['input'];
};

export type PricedLine = {
  __typename?: 'PricedLine';
  discountTotal: Money;
  discounts: Array<AppliedPromotion>;
  quantity: Scalars['Int']['output'];
  sku: Scalars['String']['output'];
  subtotal: Money;
  total: Money;
  unitPrice: Money;
  variant?: Maybe<ProductVariant>;
};

/** Lines priced with the promotions that run for them: the catalogue's price of the moment, less each discount. */
export type Pricing = {
  __typename?: 'Pricing';
  discountTotal: Money;
  /** Each promotion that gave something, once, with what it gave on all lines. */
  discounts: Array<AppliedPromotion>;
  lines: Array<PricedLine>;
  subtotal: Money;
  total: Money;
  /** The voucher that applied; null without one. */
  voucherCode?: Maybe<Scalars['String']['output']>;
  /** Why the voucher given does not apply (the price is then without it); null when it applies or none was given. */
  voucherRefusal?: Maybe<PricingRefusal>;
};

/** Where a sale is priced: each promotion says which of these it runs on. */
export type PricingChannel =
  | 'APP'
  | 'CALL_CENTER'
  | 'MARKETPLACE'
  /** A store's counter: needs the store. */
  | 'STORE'
  | 'WEB';

export type PricingRefusal = {
  __typename?: 'PricingRefusal';
  /** VOUCHER_NOT_FOUND, VOUCHER_EXPIRED, VOUCHER_USED_UP or VOUCHER_NOT_VALID_HERE. */
  code: Scalars['String']['output'];
  message: Scalars['String']['output'];
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
  /** What it sells for now: the special price while one runs. */
  price: Money;
  size?: Maybe<Scalars['String']['output']>;
  sku: Scalars['String']['output'];
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
  /** What lines would cost on a channel now, with every promotion that runs there (a counter's quote before a sale). */
  priceQuote: Pricing;
  productVariant?: Maybe<ProductVariant>;
  /** The catalogue, by SKU; search matches names and SKUs. */
  productVariants: ProductVariantConnection;
};


export type QueryPriceQuoteArgs = {
  input: PriceQuoteInput;
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

export type Subscription = {
  __typename?: 'Subscription';
  /**
   * A store, sent each time its click & collect queue changes: an order placed for pickup there,
   * handed over, cancelled or returned. Select `pickupQueue` on it. Resolved as `location(id:)`: a
   * store associate may follow only their own store's queue.
   */
  pickupQueueChanged?: Maybe<Location>;
};


export type SubscriptionPickupQueueChangedArgs = {
  locationId: Scalars['ID']['input'];
};

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

export type WebOrderConnection = {
  __typename?: 'WebOrderConnection';
  edges: Array<WebOrderEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type WebOrderEdge = {
  __typename?: 'WebOrderEdge';
  cursor: Scalars['String']['output'];
  node: WebOrder;
};

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
  Cart: Cart;
  Customer: Customer;
  Location: Location;
  ProductVariant: ProductVariant;
  WebOrder: WebOrder;
}>;

/** Mapping of federation reference types */
export type FederationReferenceTypes = ResolversObject<{
  Cart:
    ( { __typename: 'Cart' }
    & GraphQLRecursivePick<FederationTypes['Cart'], {"id":true}> );
  Customer:
    ( { __typename: 'Customer' }
    & GraphQLRecursivePick<FederationTypes['Customer'], {"id":true}>
    & ( Record<PropertyKey, never>
        | GraphQLRecursivePick<FederationTypes['Customer'], {"webCustomerIds":true}>
        | GraphQLRecursivePick<FederationTypes['Customer'], {"webCustomerIds":true}>
        | GraphQLRecursivePick<FederationTypes['Customer'], {"webCustomerIds":true,"emails":true}>
        | GraphQLRecursivePick<FederationTypes['Customer'], {"webCustomerIds":true,"emails":true}>
        | GraphQLRecursivePick<FederationTypes['Customer'], {"webCustomerIds":true}>
        | GraphQLRecursivePick<FederationTypes['Customer'], {"webCustomerIds":true,"emails":true}>
        | GraphQLRecursivePick<FederationTypes['Customer'], {"webCustomerIds":true,"emails":true}> ) );
  Location:
    ( { __typename: 'Location' }
    & GraphQLRecursivePick<FederationTypes['Location'], {"id":true}> );
  ProductVariant:
    ( { __typename: 'ProductVariant' }
    & GraphQLRecursivePick<FederationTypes['ProductVariant'], {"sku":true}> );
  WebOrder:
    ( { __typename: 'WebOrder' }
    & GraphQLRecursivePick<FederationTypes['WebOrder'], {"id":true}> );
}>;


/** Mapping of interface types */
export type ResolversInterfaceTypes<_RefType extends Record<string, unknown>> = ResolversObject<{
  Order: ( WebOrderRecord );
}>;

/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  AppliedPromotion: ResolverTypeWrapper<AppliedPromotion>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Cart: ResolverTypeWrapper<WebCart>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  CartLine: ResolverTypeWrapper<WebCartLine>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  Customer: ResolverTypeWrapper<CustomerReference>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  Fulfilment: ResolverTypeWrapper<Omit<Fulfilment, 'location'> & { location?: Maybe<ResolversTypes['Location']> }>;
  FulfilmentMethod: FulfilmentMethod;
  Location: ResolverTypeWrapper<Omit<Location, 'pickupQueue'> & { pickupQueue: ResolversTypes['WebOrderConnection'] }>;
  Money: ResolverTypeWrapper<Money>;
  Order: ResolverTypeWrapper<ResolversInterfaceTypes<ResolversTypes>['Order']>;
  OrderIndexEntry: ResolverTypeWrapper<OrderIndexEntry>;
  OrderLine: ResolverTypeWrapper<WebOrderLine>;
  OrderStatus: OrderStatus;
  OrderStatusChange: ResolverTypeWrapper<OrderStatusChange>;
  OrderTotals: ResolverTypeWrapper<OrderTotals>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  PriceQuoteInput: PriceQuoteInput;
  PriceQuoteLineInput: PriceQuoteLineInput;
  PricedLine: ResolverTypeWrapper<Omit<PricedLine, 'variant'> & { variant?: Maybe<ResolversTypes['ProductVariant']> }>;
  Pricing: ResolverTypeWrapper<Omit<Pricing, 'lines'> & { lines: Array<ResolversTypes['PricedLine']> }>;
  PricingChannel: PricingChannel;
  PricingRefusal: ResolverTypeWrapper<PricingRefusal>;
  ProductVariant: ResolverTypeWrapper<CatalogProduct>;
  ProductVariantConnection: ResolverTypeWrapper<Omit<ProductVariantConnection, 'edges'> & { edges: Array<ResolversTypes['ProductVariantEdge']> }>;
  ProductVariantEdge: ResolverTypeWrapper<Omit<ProductVariantEdge, 'node'> & { node: ResolversTypes['ProductVariant'] }>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  SalesChannel: SalesChannel;
  Subscription: ResolverTypeWrapper<Record<PropertyKey, never>>;
  WebAccount: ResolverTypeWrapper<WebCustomer>;
  WebOrder: ResolverTypeWrapper<WebOrderRecord>;
  WebOrderConnection: ResolverTypeWrapper<Omit<WebOrderConnection, 'edges'> & { edges: Array<ResolversTypes['WebOrderEdge']> }>;
  WebOrderEdge: ResolverTypeWrapper<Omit<WebOrderEdge, 'node'> & { node: ResolversTypes['WebOrder'] }>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  AppliedPromotion: AppliedPromotion;
  ID: Scalars['ID']['output'];
  Cart: WebCart;
  Boolean: Scalars['Boolean']['output'];
  CartLine: WebCartLine;
  Int: Scalars['Int']['output'];
  Customer: CustomerReference;
  DateTime: Scalars['DateTime']['output'];
  Fulfilment: Omit<Fulfilment, 'location'> & { location?: Maybe<ResolversParentTypes['Location']> };
  Location: Omit<Location, 'pickupQueue'> & { pickupQueue: ResolversParentTypes['WebOrderConnection'] } | FederationReferenceTypes['Location'];
  Money: Money;
  Order: ResolversInterfaceTypes<ResolversParentTypes>['Order'];
  OrderIndexEntry: OrderIndexEntry;
  OrderLine: WebOrderLine;
  OrderStatusChange: OrderStatusChange;
  OrderTotals: OrderTotals;
  PageInfo: PageInfo;
  PriceQuoteInput: PriceQuoteInput;
  PriceQuoteLineInput: PriceQuoteLineInput;
  PricedLine: Omit<PricedLine, 'variant'> & { variant?: Maybe<ResolversParentTypes['ProductVariant']> };
  Pricing: Omit<Pricing, 'lines'> & { lines: Array<ResolversParentTypes['PricedLine']> };
  PricingRefusal: PricingRefusal;
  ProductVariant: CatalogProduct;
  ProductVariantConnection: Omit<ProductVariantConnection, 'edges'> & { edges: Array<ResolversParentTypes['ProductVariantEdge']> };
  ProductVariantEdge: Omit<ProductVariantEdge, 'node'> & { node: ResolversParentTypes['ProductVariant'] };
  Query: Record<PropertyKey, never>;
  Subscription: Record<PropertyKey, never>;
  WebAccount: WebCustomer;
  WebOrder: WebOrderRecord;
  WebOrderConnection: Omit<WebOrderConnection, 'edges'> & { edges: Array<ResolversParentTypes['WebOrderEdge']> };
  WebOrderEdge: Omit<WebOrderEdge, 'node'> & { node: ResolversParentTypes['WebOrder'] };
  String: Scalars['String']['output'];
}>;

export type LiveDirectiveArgs = {
  resolveWith: Scalars['String']['input'];
  subjects: Array<Scalars['String']['input']>;
};

export type LiveDirectiveResolver<Result, Parent, ContextType = Context, Args = LiveDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type AppliedPromotionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['AppliedPromotion'] = ResolversParentTypes['AppliedPromotion']> = ResolversObject<{
  amount?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  label?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  promotionId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export type CartResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Cart'] = ResolversParentTypes['Cart'], FederationReferenceType extends FederationReferenceTypes['Cart'] = FederationReferenceTypes['Cart']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Cart']> | FederationReferenceType, FederationReferenceType, ContextType>;
  active?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  lines?: Resolver<Array<ResolversTypes['CartLine']>, ParentType, ContextType>;
  pricing?: Resolver<ResolversTypes['Pricing'], ParentType, ContextType, RequireFields<CartPricingArgs, 'channel'>>;
  subtotal?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
}>;

export type CartLineResolvers<ContextType = Context, ParentType extends ResolversParentTypes['CartLine'] = ResolversParentTypes['CartLine']> = ResolversObject<{
  quantity?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  sku?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  unitPrice?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  variant?: Resolver<Maybe<ResolversTypes['ProductVariant']>, ParentType, ContextType>;
}>;

export type CustomerResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Customer'] = ResolversParentTypes['Customer'], FederationReferenceType extends FederationReferenceTypes['Customer'] = FederationReferenceTypes['Customer']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Customer']> | FederationReferenceType, FederationReferenceType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  openCarts?: Resolver<Maybe<Array<ResolversTypes['Cart']>>, ParentType, ContextType>;
  webAccount?: Resolver<Maybe<ResolversTypes['WebAccount']>, ParentType, ContextType>;
  webOrderIndex?: Resolver<Maybe<Array<ResolversTypes['OrderIndexEntry']>>, ParentType, ContextType>;
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
  pickupQueue?: Resolver<ResolversTypes['WebOrderConnection'], ParentType, ContextType, RequireFields<LocationPickupQueueArgs, 'first'>>;
}>;

export type MoneyResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Money'] = ResolversParentTypes['Money']> = ResolversObject<{
  amount?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  currencyCode?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type OrderResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Order'] = ResolversParentTypes['Order']> = ResolversObject<{
  __resolveType: TypeResolveFn<'WebOrder', ParentType, ContextType>;
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

export type PricedLineResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PricedLine'] = ResolversParentTypes['PricedLine']> = ResolversObject<{
  discountTotal?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  discounts?: Resolver<Array<ResolversTypes['AppliedPromotion']>, ParentType, ContextType>;
  quantity?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  sku?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  subtotal?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  total?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  unitPrice?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  variant?: Resolver<Maybe<ResolversTypes['ProductVariant']>, ParentType, ContextType>;
}>;

export type PricingResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Pricing'] = ResolversParentTypes['Pricing']> = ResolversObject<{
  discountTotal?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  discounts?: Resolver<Array<ResolversTypes['AppliedPromotion']>, ParentType, ContextType>;
  lines?: Resolver<Array<ResolversTypes['PricedLine']>, ParentType, ContextType>;
  subtotal?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  total?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  voucherCode?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  voucherRefusal?: Resolver<Maybe<ResolversTypes['PricingRefusal']>, ParentType, ContextType>;
}>;

export type PricingRefusalResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PricingRefusal'] = ResolversParentTypes['PricingRefusal']> = ResolversObject<{
  code?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type ProductVariantResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ProductVariant'] = ResolversParentTypes['ProductVariant'], FederationReferenceType extends FederationReferenceTypes['ProductVariant'] = FederationReferenceTypes['ProductVariant']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['ProductVariant']> | FederationReferenceType, FederationReferenceType, ContextType>;
  category?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  color?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  compareAtPrice?: Resolver<Maybe<ResolversTypes['Money']>, ParentType, ContextType>;
  gtin?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  price?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  size?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  sku?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type ProductVariantConnectionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ProductVariantConnection'] = ResolversParentTypes['ProductVariantConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['ProductVariantEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type ProductVariantEdgeResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ProductVariantEdge'] = ResolversParentTypes['ProductVariantEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['ProductVariant'], ParentType, ContextType>;
}>;

export type QueryResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  priceQuote?: Resolver<ResolversTypes['Pricing'], ParentType, ContextType, RequireFields<QueryPriceQuoteArgs, 'input'>>;
  productVariant?: Resolver<Maybe<ResolversTypes['ProductVariant']>, ParentType, ContextType, RequireFields<QueryProductVariantArgs, 'sku'>>;
  productVariants?: Resolver<ResolversTypes['ProductVariantConnection'], ParentType, ContextType, RequireFields<QueryProductVariantsArgs, 'first'>>;
}>;

export type SubscriptionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Subscription'] = ResolversParentTypes['Subscription']> = ResolversObject<{
  pickupQueueChanged?: SubscriptionResolver<Maybe<ResolversTypes['Location']>, "pickupQueueChanged", ParentType, ContextType, RequireFields<SubscriptionPickupQueueChangedArgs, 'locationId'>>;
}>;

export type WebAccountResolvers<ContextType = Context, ParentType extends ResolversParentTypes['WebAccount'] = ResolversParentTypes['WebAccount']> = ResolversObject<{
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  email?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export type WebOrderResolvers<ContextType = Context, ParentType extends ResolversParentTypes['WebOrder'] = ResolversParentTypes['WebOrder'], FederationReferenceType extends FederationReferenceTypes['WebOrder'] = FederationReferenceTypes['WebOrder']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['WebOrder']> | FederationReferenceType, FederationReferenceType, ContextType>;
  channel?: Resolver<ResolversTypes['SalesChannel'], ParentType, ContextType>;
  email?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  fulfilment?: Resolver<ResolversTypes['Fulfilment'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  lines?: Resolver<Array<ResolversTypes['OrderLine']>, ParentType, ContextType>;
  number?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  placedAsGuest?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  placedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['OrderStatus'], ParentType, ContextType>;
  statusHistory?: Resolver<Array<ResolversTypes['OrderStatusChange']>, ParentType, ContextType>;
  totals?: Resolver<ResolversTypes['OrderTotals'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type WebOrderConnectionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['WebOrderConnection'] = ResolversParentTypes['WebOrderConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['WebOrderEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type WebOrderEdgeResolvers<ContextType = Context, ParentType extends ResolversParentTypes['WebOrderEdge'] = ResolversParentTypes['WebOrderEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['WebOrder'], ParentType, ContextType>;
}>;

export type Resolvers<ContextType = Context> = ResolversObject<{
  AppliedPromotion?: AppliedPromotionResolvers<ContextType>;
  Cart?: CartResolvers<ContextType>;
  CartLine?: CartLineResolvers<ContextType>;
  Customer?: CustomerResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  Fulfilment?: FulfilmentResolvers<ContextType>;
  Location?: LocationResolvers<ContextType>;
  Money?: MoneyResolvers<ContextType>;
  Order?: OrderResolvers<ContextType>;
  OrderIndexEntry?: OrderIndexEntryResolvers<ContextType>;
  OrderLine?: OrderLineResolvers<ContextType>;
  OrderStatusChange?: OrderStatusChangeResolvers<ContextType>;
  OrderTotals?: OrderTotalsResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  PricedLine?: PricedLineResolvers<ContextType>;
  Pricing?: PricingResolvers<ContextType>;
  PricingRefusal?: PricingRefusalResolvers<ContextType>;
  ProductVariant?: ProductVariantResolvers<ContextType>;
  ProductVariantConnection?: ProductVariantConnectionResolvers<ContextType>;
  ProductVariantEdge?: ProductVariantEdgeResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  Subscription?: SubscriptionResolvers<ContextType>;
  WebAccount?: WebAccountResolvers<ContextType>;
  WebOrder?: WebOrderResolvers<ContextType>;
  WebOrderConnection?: WebOrderConnectionResolvers<ContextType>;
  WebOrderEdge?: WebOrderEdgeResolvers<ContextType>;
}>;

export type DirectiveResolvers<ContextType = Context> = ResolversObject<{
  live?: LiveDirectiveResolver<any, any, ContextType>;
}>;
