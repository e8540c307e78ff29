import { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import { Context } from '../context';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
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

/** What `channelKpis` answers: the totals of the whole selection and its rows. */
export type ChannelKpiReport = {
  __typename?: 'ChannelKpiReport';
  from: Scalars['DateTime']['output'];
  groupBy: Array<KpiGrouping>;
  /**
   * One row per group with any activity (a sale, a return or a cart), by period, then channel, then
   * store; a group with none is left out, all its figures being zero.
   */
  rows: Array<ChannelKpiRow>;
  /** The zone days and hours are counted in: Asia/Ho_Chi_Minh. */
  timeZone: Scalars['String']['output'];
  to: Scalars['DateTime']['output'];
  /** Every figure over the whole period and everything selected (for a store manager, their stores). */
  totals: KpiFigures;
};

/** One group of the report: the dimensions it was grouped by are set, the others null. */
export type ChannelKpiRow = {
  __typename?: 'ChannelKpiRow';
  channel?: Maybe<KpiChannel>;
  figures: KpiFigures;
  /** When grouped by DAY or HOUR: the period's end, or the report's `to` if earlier. */
  periodEnd?: Maybe<Scalars['DateTime']['output']>;
  /** When grouped by DAY or HOUR: the period's start, or the report's `from` if later. */
  periodStart?: Maybe<Scalars['DateTime']['output']>;
  /** The store; null when not grouped by STORE, or for the sales tied to no store. */
  store?: Maybe<Location>;
};

/** Where a sale was made, as the KPIs count channels. */
export type KpiChannel =
  /** The mobile app. */
  | 'APP'
  /** Staff ordering for a customer: the call centre, a store tablet, the endless aisle at a counter. */
  | 'ASSISTED'
  /** The marketplace the retailer sells on. */
  | 'MARKETPLACE'
  /** A till in a store. */
  | 'STORE'
  /** The website. */
  | 'WEB';

/**
 * The figures of a group. An order counts when it was placed, unless it was cancelled since; a return
 * when it was refunded, on the channel and at the store where it was; a cart when it was opened.
 */
export type KpiFigures = {
  __typename?: 'KpiFigures';
  /** Revenue per order; null with no orders. */
  averageOrderValue?: Maybe<Money>;
  /** Carts converted over carts opened; null with no carts. */
  cartConversionRate?: Maybe<Scalars['Float']['output']>;
  /** Of the carts opened, those an order was placed from (whenever it was). */
  cartsConverted: Scalars['Int']['output'];
  /** Carts opened. */
  cartsOpened: Scalars['Int']['output'];
  /** Orders collected in a store (click & collect). */
  clickAndCollectOrders: Scalars['Int']['output'];
  /** Click & collect orders over orders; null with no orders. */
  clickAndCollectShare?: Maybe<Scalars['Float']['output']>;
  /** Orders placed and not cancelled; a till receipt is an order. */
  orders: Scalars['Int']['output'];
  /** Refunds over revenue; null with no revenue. */
  refundRate?: Maybe<Scalars['Float']['output']>;
  /** Money paid back by those returns. */
  refunds: Money;
  returnedUnits: Scalars['Int']['output'];
  /** Returns refunded: till returns and web refunds. */
  returns: Scalars['Int']['output'];
  /** What the orders' customers pay: each order's total (after discounts, shipping included), as Order.totals.total. */
  revenue: Money;
  /** Units on those orders. */
  units: Scalars['Int']['output'];
};

export type KpiGrouping =
  | 'CHANNEL'
  /** By the retailer's calendar day (midnight to midnight, UTC+7). */
  | 'DAY'
  /** By the retailer's clock hour (UTC+7). */
  | 'HOUR'
  /** By store; sales tied to no store (deliveries, the marketplace) make a row with no store. */
  | 'STORE';

export type Location = {
  __typename?: 'Location';
  id: Scalars['ID']['output'];
};

/** An amount in a currency: a decimal string, never a float. */
export type Money = {
  __typename?: 'Money';
  amount: Scalars['String']['output'];
  /** ISO 4217. */
  currencyCode: Scalars['String']['output'];
};

export type Query = {
  __typename?: 'Query';
  /**
   * How each channel sells, for any period: revenue, orders, units, average order value, returns and
   * the refund rate, the click & collect share and cart-to-order conversion, broken down by channel,
   * store and day or hour as `groupBy` asks. Days and hours are the retailer's, in Asia/Ho_Chi_Minh
   * (UTC+7). Read from Omnigraph's sales read model, kept current from the sales events within
   * seconds, never from the systems' history. The back office sees every channel and store; a store
   * manager only their own stores' sales (naming another store is refused).
   */
  channelKpis?: Maybe<ChannelKpiReport>;
};


export type QueryChannelKpisArgs = {
  channels?: InputMaybe<Array<KpiChannel>>;
  from: Scalars['DateTime']['input'];
  groupBy?: Array<KpiGrouping>;
  locationIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  to: Scalars['DateTime']['input'];
};

export type Subscription = {
  __typename?: 'Subscription';
  /**
   * The same report as `channelKpis` with the same arguments, sent again each time the read model
   * takes in a sale, a return, a cart or a cancellation that changes it (`kpis.updated`, published
   * after the write, so the figures sent count it). Same access as `channelKpis`: a store manager
   * only their own stores.
   */
  channelKpisChanged?: Maybe<ChannelKpiReport>;
};


export type SubscriptionChannelKpisChangedArgs = {
  channels?: InputMaybe<Array<KpiChannel>>;
  from: Scalars['DateTime']['input'];
  groupBy?: Array<KpiGrouping>;
  locationIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  to: Scalars['DateTime']['input'];
};

export type WithIndex<TObject> = TObject & Record<string, any>;
export type ResolversObject<TObject> = WithIndex<TObject>;

export type ResolverTypeWrapper<T> = Promise<T> | T;


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





/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  ChannelKpiReport: ResolverTypeWrapper<ChannelKpiReport>;
  ChannelKpiRow: ResolverTypeWrapper<ChannelKpiRow>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  KpiChannel: KpiChannel;
  KpiFigures: ResolverTypeWrapper<KpiFigures>;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  KpiGrouping: KpiGrouping;
  Location: ResolverTypeWrapper<Location>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Money: ResolverTypeWrapper<Money>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Subscription: ResolverTypeWrapper<Record<PropertyKey, never>>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  ChannelKpiReport: ChannelKpiReport;
  ChannelKpiRow: ChannelKpiRow;
  DateTime: Scalars['DateTime']['output'];
  KpiFigures: KpiFigures;
  Float: Scalars['Float']['output'];
  Int: Scalars['Int']['output'];
  Location: Location;
  ID: Scalars['ID']['output'];
  Money: Money;
  Query: Record<PropertyKey, never>;
  Subscription: Record<PropertyKey, never>;
  String: Scalars['String']['output'];
  Boolean: Scalars['Boolean']['output'];
}>;

export type LiveDirectiveArgs = {
  resolveWith: Scalars['String']['input'];
  subjects: Array<Scalars['String']['input']>;
};

export type LiveDirectiveResolver<Result, Parent, ContextType = Context, Args = LiveDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type ChannelKpiReportResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ChannelKpiReport'] = ResolversParentTypes['ChannelKpiReport']> = ResolversObject<{
  from?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  groupBy?: Resolver<Array<ResolversTypes['KpiGrouping']>, ParentType, ContextType>;
  rows?: Resolver<Array<ResolversTypes['ChannelKpiRow']>, ParentType, ContextType>;
  timeZone?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  to?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  totals?: Resolver<ResolversTypes['KpiFigures'], ParentType, ContextType>;
}>;

export type ChannelKpiRowResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ChannelKpiRow'] = ResolversParentTypes['ChannelKpiRow']> = ResolversObject<{
  channel?: Resolver<Maybe<ResolversTypes['KpiChannel']>, ParentType, ContextType>;
  figures?: Resolver<ResolversTypes['KpiFigures'], ParentType, ContextType>;
  periodEnd?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  periodStart?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  store?: Resolver<Maybe<ResolversTypes['Location']>, ParentType, ContextType>;
}>;

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type KpiFiguresResolvers<ContextType = Context, ParentType extends ResolversParentTypes['KpiFigures'] = ResolversParentTypes['KpiFigures']> = ResolversObject<{
  averageOrderValue?: Resolver<Maybe<ResolversTypes['Money']>, ParentType, ContextType>;
  cartConversionRate?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  cartsConverted?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  cartsOpened?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  clickAndCollectOrders?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  clickAndCollectShare?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  orders?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  refundRate?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  refunds?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  returnedUnits?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  returns?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  revenue?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  units?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type LocationResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Location'] = ResolversParentTypes['Location']> = ResolversObject<{
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export type MoneyResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Money'] = ResolversParentTypes['Money']> = ResolversObject<{
  amount?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  currencyCode?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type QueryResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  channelKpis?: Resolver<Maybe<ResolversTypes['ChannelKpiReport']>, ParentType, ContextType, RequireFields<QueryChannelKpisArgs, 'from' | 'groupBy' | 'to'>>;
}>;

export type SubscriptionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Subscription'] = ResolversParentTypes['Subscription']> = ResolversObject<{
  channelKpisChanged?: SubscriptionResolver<Maybe<ResolversTypes['ChannelKpiReport']>, "channelKpisChanged", ParentType, ContextType, RequireFields<SubscriptionChannelKpisChangedArgs, 'from' | 'groupBy' | 'to'>>;
}>;

export type Resolvers<ContextType = Context> = ResolversObject<{
  ChannelKpiReport?: ChannelKpiReportResolvers<ContextType>;
  ChannelKpiRow?: ChannelKpiRowResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  KpiFigures?: KpiFiguresResolvers<ContextType>;
  Location?: LocationResolvers<ContextType>;
  Money?: MoneyResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  Subscription?: SubscriptionResolvers<ContextType>;
}>;

export type DirectiveResolvers<ContextType = Context> = ResolversObject<{
  live?: LiveDirectiveResolver<any, any, ContextType>;
}>;
