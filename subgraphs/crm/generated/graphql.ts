import { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import { CustomerReference, CrmProfile, CustomerTicket } from '../model';
import { LoyaltyCard, LoyaltyEntry } from '../../../connectors/crm';
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
  crmPartnerIds: Array<Scalars['Int']['output']>;
  id: Scalars['ID']['output'];
  /** The customer's loyalty card and points; null when they have none. */
  loyalty?: Maybe<LoyaltyAccount>;
  /** Name, contact details, addresses and consents as the CRM keeps them. */
  profile?: Maybe<CustomerProfile>;
  /** The customer's last interactions across all their cases and channels, newest first (staff notes left out). */
  recentInteractions?: Maybe<Array<SupportMessage>>;
  /** Support cases from every contact channel, newest first; `status` keeps those in the statuses given (the open ones: NEW, IN_PROGRESS). */
  supportTickets?: Maybe<SupportTicketConnection>;
};


export type CustomerRecentInteractionsArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type CustomerSupportTicketsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  status?: InputMaybe<Array<SupportTicketStatus>>;
};

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
  /** Points paid with at a checkout or a counter (and given back when that is undone or refunded). */
  | 'REDEMPTION'
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

/** Whether the customer may be sent marketing on each channel, as the CRM keeps it: opted in unless they refused. */
export type MarketingConsents = {
  __typename?: 'MarketingConsents';
  email: Scalars['Boolean']['output'];
  /** Marketing calls. */
  phone: Scalars['Boolean']['output'];
  /** The app's push notifications. */
  push: Scalars['Boolean']['output'];
  sms: Scalars['Boolean']['output'];
  /** Messages from the retailer's Zalo Official Account. */
  zalo: Scalars['Boolean']['output'];
};

export type MessageAuthor =
  | 'AGENT'
  | 'CUSTOMER';

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
  hasPreviousPage: Scalars['Boolean']['output'];
  startCursor?: Maybe<Scalars['String']['output']>;
};

export type PostalAddress = {
  __typename?: 'PostalAddress';
  city?: Maybe<Scalars['String']['output']>;
  /** ISO 3166-1 alpha-2. */
  countryCode: Scalars['String']['output'];
  street?: Maybe<Scalars['String']['output']>;
};

/** The channel a customer's interaction came through. */
export type SupportChannel =
  /** The retailer's app. */
  | 'APP'
  /** Live chat on the website. */
  | 'CHAT'
  | 'EMAIL'
  | 'FACEBOOK'
  /** The call centre. */
  | 'PHONE'
  /** At a store. */
  | 'STORE'
  | 'ZALO';

export type SupportMessage = {
  __typename?: 'SupportMessage';
  author: MessageAuthor;
  channel: SupportChannel;
  id: Scalars['ID']['output'];
  /** A staff note (a hand-over, a resolution), never shown to the customer. */
  internal: Scalars['Boolean']['output'];
  sentAt: Scalars['DateTime']['output'];
  /** Plain text. */
  text: Scalars['String']['output'];
  /** The case it belongs to. */
  ticket: SupportTicket;
};

/** The helpdesk team a support case is with. */
export type SupportTeam =
  | 'AFTER_SALES'
  | 'CALL_CENTER'
  /** Zalo, Facebook and chat. */
  | 'SOCIAL'
  | 'STORES';

export type SupportTicket = {
  __typename?: 'SupportTicket';
  /** The staff member it is assigned to. */
  assignedTo?: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  /** The transcript, oldest first, whichever channel each came through; staff see their hand-over and resolution notes too. */
  messages: Array<SupportMessage>;
  openedAt: Scalars['DateTime']['output'];
  status: SupportTicketStatus;
  subject: Scalars['String']['output'];
  /** The team the case is with; null when none is (older tickets) or the CRM has a team the graph does not know. */
  team?: Maybe<SupportTeam>;
  /** When it last changed: a message, a hand-over, a stage. */
  updatedAt: Scalars['DateTime']['output'];
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
  /** Withdrawn, or opened by a request that could not finish. */
  | 'CANCELLED'
  | 'IN_PROGRESS'
  | 'NEW'
  | 'SOLVED';

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
  SupportTicket: SupportTicket;
}>;

/** Mapping of federation reference types */
export type FederationReferenceTypes = ResolversObject<{
  Customer:
    ( { __typename: 'Customer' }
    & GraphQLRecursivePick<FederationTypes['Customer'], {"id":true}>
    & ( Record<PropertyKey, never>
        | GraphQLRecursivePick<FederationTypes['Customer'], {"crmPartnerIds":true}>
        | GraphQLRecursivePick<FederationTypes['Customer'], {"crmPartnerIds":true}>
        | GraphQLRecursivePick<FederationTypes['Customer'], {"crmPartnerIds":true}>
        | GraphQLRecursivePick<FederationTypes['Customer'], {"crmPartnerIds":true}>
        | GraphQLRecursivePick<FederationTypes['Customer'], {"crmPartnerIds":true}>
        | GraphQLRecursivePick<FederationTypes['Customer'], {"crmPartnerIds":true}>
        | GraphQLRecursivePick<FederationTypes['Customer'], {"crmPartnerIds":true}>
        | GraphQLRecursivePick<FederationTypes['Customer'], {"crmPartnerIds":true}>
        | GraphQLRecursivePick<FederationTypes['Customer'], {"crmPartnerIds":true}>
        | GraphQLRecursivePick<FederationTypes['Customer'], {"crmPartnerIds":true}>
        | GraphQLRecursivePick<FederationTypes['Customer'], {"crmPartnerIds":true}>
        | GraphQLRecursivePick<FederationTypes['Customer'], {"crmPartnerIds":true}>
        | GraphQLRecursivePick<FederationTypes['Customer'], {"crmPartnerIds":true}>
        | GraphQLRecursivePick<FederationTypes['Customer'], {"crmPartnerIds":true}> ) );
  SupportTicket:
    ( { __typename: 'SupportTicket' }
    & GraphQLRecursivePick<FederationTypes['SupportTicket'], {"id":true}> );
}>;



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  Customer: ResolverTypeWrapper<CustomerReference>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  CustomerProfile: ResolverTypeWrapper<CrmProfile>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  LoyaltyAccount: ResolverTypeWrapper<LoyaltyCard>;
  LoyaltySource: LoyaltySource;
  LoyaltyTransaction: ResolverTypeWrapper<LoyaltyEntry>;
  LoyaltyTransactionConnection: ResolverTypeWrapper<Omit<LoyaltyTransactionConnection, 'edges'> & { edges: Array<ResolversTypes['LoyaltyTransactionEdge']> }>;
  LoyaltyTransactionEdge: ResolverTypeWrapper<Omit<LoyaltyTransactionEdge, 'node'> & { node: ResolversTypes['LoyaltyTransaction'] }>;
  MarketingConsents: ResolverTypeWrapper<MarketingConsents>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  MessageAuthor: MessageAuthor;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  PostalAddress: ResolverTypeWrapper<PostalAddress>;
  SupportChannel: SupportChannel;
  SupportMessage: ResolverTypeWrapper<Omit<SupportMessage, 'ticket'> & { ticket: ResolversTypes['SupportTicket'] }>;
  SupportTeam: SupportTeam;
  SupportTicket: ResolverTypeWrapper<CustomerTicket>;
  SupportTicketConnection: ResolverTypeWrapper<Omit<SupportTicketConnection, 'edges'> & { edges: Array<ResolversTypes['SupportTicketEdge']> }>;
  SupportTicketEdge: ResolverTypeWrapper<Omit<SupportTicketEdge, 'node'> & { node: ResolversTypes['SupportTicket'] }>;
  SupportTicketStatus: SupportTicketStatus;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  Customer: CustomerReference;
  Int: Scalars['Int']['output'];
  ID: Scalars['ID']['output'];
  String: Scalars['String']['output'];
  CustomerProfile: CrmProfile;
  DateTime: Scalars['DateTime']['output'];
  LoyaltyAccount: LoyaltyCard;
  LoyaltyTransaction: LoyaltyEntry;
  LoyaltyTransactionConnection: Omit<LoyaltyTransactionConnection, 'edges'> & { edges: Array<ResolversParentTypes['LoyaltyTransactionEdge']> };
  LoyaltyTransactionEdge: Omit<LoyaltyTransactionEdge, 'node'> & { node: ResolversParentTypes['LoyaltyTransaction'] };
  MarketingConsents: MarketingConsents;
  Boolean: Scalars['Boolean']['output'];
  PageInfo: PageInfo;
  PostalAddress: PostalAddress;
  SupportMessage: Omit<SupportMessage, 'ticket'> & { ticket: ResolversParentTypes['SupportTicket'] };
  SupportTicket: CustomerTicket;
  SupportTicketConnection: Omit<SupportTicketConnection, 'edges'> & { edges: Array<ResolversParentTypes['SupportTicketEdge']> };
  SupportTicketEdge: Omit<SupportTicketEdge, 'node'> & { node: ResolversParentTypes['SupportTicket'] };
}>;

export type CustomerResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Customer'] = ResolversParentTypes['Customer'], FederationReferenceType extends FederationReferenceTypes['Customer'] = FederationReferenceTypes['Customer']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Customer']> | FederationReferenceType, FederationReferenceType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  loyalty?: Resolver<Maybe<ResolversTypes['LoyaltyAccount']>, ParentType, ContextType>;
  profile?: Resolver<Maybe<ResolversTypes['CustomerProfile']>, ParentType, ContextType>;
  recentInteractions?: Resolver<Maybe<Array<ResolversTypes['SupportMessage']>>, ParentType, ContextType, RequireFields<CustomerRecentInteractionsArgs, 'first'>>;
  supportTickets?: Resolver<Maybe<ResolversTypes['SupportTicketConnection']>, ParentType, ContextType, RequireFields<CustomerSupportTicketsArgs, 'first'>>;
}>;

export type CustomerProfileResolvers<ContextType = Context, ParentType extends ResolversParentTypes['CustomerProfile'] = ResolversParentTypes['CustomerProfile']> = ResolversObject<{
  addresses?: Resolver<Array<ResolversTypes['PostalAddress']>, ParentType, ContextType>;
  consents?: Resolver<ResolversTypes['MarketingConsents'], ParentType, ContextType>;
  customerSince?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  email?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  fullName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  phone?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
}>;

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type LoyaltyAccountResolvers<ContextType = Context, ParentType extends ResolversParentTypes['LoyaltyAccount'] = ResolversParentTypes['LoyaltyAccount']> = ResolversObject<{
  cardCode?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  history?: Resolver<ResolversTypes['LoyaltyTransactionConnection'], ParentType, ContextType, RequireFields<LoyaltyAccountHistoryArgs, 'first'>>;
  pointsBalance?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type LoyaltyTransactionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['LoyaltyTransaction'] = ResolversParentTypes['LoyaltyTransaction']> = ResolversObject<{
  description?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  occurredAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  orderReference?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  points?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  source?: Resolver<ResolversTypes['LoyaltySource'], ParentType, ContextType>;
}>;

export type LoyaltyTransactionConnectionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['LoyaltyTransactionConnection'] = ResolversParentTypes['LoyaltyTransactionConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['LoyaltyTransactionEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type LoyaltyTransactionEdgeResolvers<ContextType = Context, ParentType extends ResolversParentTypes['LoyaltyTransactionEdge'] = ResolversParentTypes['LoyaltyTransactionEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['LoyaltyTransaction'], ParentType, ContextType>;
}>;

export type MarketingConsentsResolvers<ContextType = Context, ParentType extends ResolversParentTypes['MarketingConsents'] = ResolversParentTypes['MarketingConsents']> = ResolversObject<{
  email?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  phone?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  push?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  sms?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  zalo?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
}>;

export type PageInfoResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = ResolversObject<{
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  hasPreviousPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  startCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type PostalAddressResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PostalAddress'] = ResolversParentTypes['PostalAddress']> = ResolversObject<{
  city?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  countryCode?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  street?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type SupportMessageResolvers<ContextType = Context, ParentType extends ResolversParentTypes['SupportMessage'] = ResolversParentTypes['SupportMessage']> = ResolversObject<{
  author?: Resolver<ResolversTypes['MessageAuthor'], ParentType, ContextType>;
  channel?: Resolver<ResolversTypes['SupportChannel'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  internal?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  sentAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  text?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  ticket?: Resolver<ResolversTypes['SupportTicket'], ParentType, ContextType>;
}>;

export type SupportTicketResolvers<ContextType = Context, ParentType extends ResolversParentTypes['SupportTicket'] = ResolversParentTypes['SupportTicket'], FederationReferenceType extends FederationReferenceTypes['SupportTicket'] = FederationReferenceTypes['SupportTicket']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['SupportTicket']> | FederationReferenceType, FederationReferenceType, ContextType>;
  assignedTo?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  messages?: Resolver<Array<ResolversTypes['SupportMessage']>, ParentType, ContextType>;
  openedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['SupportTicketStatus'], ParentType, ContextType>;
  subject?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  team?: Resolver<Maybe<ResolversTypes['SupportTeam']>, ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
}>;

export type SupportTicketConnectionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['SupportTicketConnection'] = ResolversParentTypes['SupportTicketConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['SupportTicketEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type SupportTicketEdgeResolvers<ContextType = Context, ParentType extends ResolversParentTypes['SupportTicketEdge'] = ResolversParentTypes['SupportTicketEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['SupportTicket'], ParentType, ContextType>;
}>;

export type Resolvers<ContextType = Context> = ResolversObject<{
  Customer?: CustomerResolvers<ContextType>;
  CustomerProfile?: CustomerProfileResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  LoyaltyAccount?: LoyaltyAccountResolvers<ContextType>;
  LoyaltyTransaction?: LoyaltyTransactionResolvers<ContextType>;
  LoyaltyTransactionConnection?: LoyaltyTransactionConnectionResolvers<ContextType>;
  LoyaltyTransactionEdge?: LoyaltyTransactionEdgeResolvers<ContextType>;
  MarketingConsents?: MarketingConsentsResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  PostalAddress?: PostalAddressResolvers<ContextType>;
  SupportMessage?: SupportMessageResolvers<ContextType>;
  SupportTicket?: SupportTicketResolvers<ContextType>;
  SupportTicketConnection?: SupportTicketConnectionResolvers<ContextType>;
  SupportTicketEdge?: SupportTicketEdgeResolvers<ContextType>;
}>;

