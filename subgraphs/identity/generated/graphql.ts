import { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import { CustomerCluster } from '../linking';
import { DuplicateRecords } from '../directory';
import { RecordedAccess } from '../../../lib/access-record';
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

/** One person, recognised across every channel. */
export type Customer = {
  __typename?: 'Customer';
  crmPartnerIds: Array<Scalars['Int']['output']>;
  /**
   * Who at the retailer or its partners read this customer's personal data, newest first: what
   * Vietnam's personal data protection rules let a customer ask for. The customer's own reads and
   * Omnigraph's own jobs are not listed. The customer sees their own; the back office anyone's.
   * Null, with an error, when the record cannot be read.
   */
  dataAccessLog?: Maybe<DataAccessConnection>;
  displayName: Scalars['String']['output'];
  /** Normalised to lower case. */
  emails: Array<Scalars['String']['output']>;
  /** Opaque and stable. */
  id: Scalars['ID']['output'];
  loyaltyCardCodes: Array<Scalars['String']['output']>;
  /** This customer's records that one system keeps apart. */
  mergeCandidates: Array<MergeCandidate>;
  /** E.164, e.g. +84901234567. */
  phones: Array<Scalars['String']['output']>;
  /** Every record in every system that is this customer, and why it was linked. */
  records: Array<CustomerRecord>;
  webCustomerIds: Array<Scalars['Int']['output']>;
};


/** One person, recognised across every channel. */
export type CustomerDataAccessLogArgs = {
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

export type CustomerRecord = {
  __typename?: 'CustomerRecord';
  /** Identifiers it shares with the customer's other records. */
  matchedBy: Array<MatchReason>;
  /** The record's id in that system. */
  recordId: Scalars['String']['output'];
  system: SourceSystem;
};

/** One read of a customer's personal data by staff or a partner's app. */
export type DataAccess = {
  __typename?: 'DataAccess';
  at: Scalars['DateTime']['output'];
  /** The app the read came through (the call-center console, a store tablet, a partner's app); null when unknown. */
  channel?: Maybe<Scalars['String']['output']>;
  /** What they read, by field name: displayName, emails, profile, loyalty, orderHistory…; an order's email as WebOrder.email. */
  fields: Array<Scalars['String']['output']>;
  /** Who read: a staff member's account, or a partner's app. */
  viewer?: Maybe<Scalars['String']['output']>;
  /** The roles they read with: call-center-agent, store-associate, back-office, partner… */
  viewerRoles: Array<Scalars['String']['output']>;
};

export type DataAccessConnection = {
  __typename?: 'DataAccessConnection';
  edges: Array<DataAccessEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type DataAccessEdge = {
  __typename?: 'DataAccessEdge';
  cursor: Scalars['String']['output'];
  node: DataAccess;
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

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
  hasPreviousPage: Scalars['Boolean']['output'];
  startCursor?: Maybe<Scalars['String']['output']>;
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
  /** The customer the caller signed in as (the app, the website). */
  me?: Maybe<Customer>;
  /** Records one system keeps apart that belong to one person: work for that system's data stewards. */
  mergeCandidates: MergeCandidateConnection;
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


export type QueryMergeCandidatesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type SourceSystem =
  | 'CRM'
  | 'ECOMMERCE'
  | 'POS'
  | 'WAREHOUSE';

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
}>;

/** Mapping of federation reference types */
export type FederationReferenceTypes = ResolversObject<{
  Customer:
    ( { __typename: 'Customer' }
    & GraphQLRecursivePick<FederationTypes['Customer'], {"id":true}> );
}>;



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  Customer: ResolverTypeWrapper<CustomerCluster>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  CustomerConnection: ResolverTypeWrapper<Omit<CustomerConnection, 'edges'> & { edges: Array<ResolversTypes['CustomerEdge']> }>;
  CustomerEdge: ResolverTypeWrapper<Omit<CustomerEdge, 'node'> & { node: ResolversTypes['Customer'] }>;
  CustomerIdentifierInput: CustomerIdentifierInput;
  CustomerIdentifierKind: CustomerIdentifierKind;
  CustomerRecord: ResolverTypeWrapper<CustomerRecord>;
  DataAccess: ResolverTypeWrapper<RecordedAccess>;
  DataAccessConnection: ResolverTypeWrapper<Omit<DataAccessConnection, 'edges'> & { edges: Array<ResolversTypes['DataAccessEdge']> }>;
  DataAccessEdge: ResolverTypeWrapper<Omit<DataAccessEdge, 'node'> & { node: ResolversTypes['DataAccess'] }>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  MatchReason: MatchReason;
  MergeCandidate: ResolverTypeWrapper<DuplicateRecords>;
  MergeCandidateConnection: ResolverTypeWrapper<Omit<MergeCandidateConnection, 'edges'> & { edges: Array<ResolversTypes['MergeCandidateEdge']> }>;
  MergeCandidateEdge: ResolverTypeWrapper<Omit<MergeCandidateEdge, 'node'> & { node: ResolversTypes['MergeCandidate'] }>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  SourceSystem: SourceSystem;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  Customer: CustomerCluster;
  Int: Scalars['Int']['output'];
  String: Scalars['String']['output'];
  ID: Scalars['ID']['output'];
  CustomerConnection: Omit<CustomerConnection, 'edges'> & { edges: Array<ResolversParentTypes['CustomerEdge']> };
  CustomerEdge: Omit<CustomerEdge, 'node'> & { node: ResolversParentTypes['Customer'] };
  CustomerIdentifierInput: CustomerIdentifierInput;
  CustomerRecord: CustomerRecord;
  DataAccess: RecordedAccess;
  DataAccessConnection: Omit<DataAccessConnection, 'edges'> & { edges: Array<ResolversParentTypes['DataAccessEdge']> };
  DataAccessEdge: Omit<DataAccessEdge, 'node'> & { node: ResolversParentTypes['DataAccess'] };
  DateTime: Scalars['DateTime']['output'];
  MergeCandidate: DuplicateRecords;
  MergeCandidateConnection: Omit<MergeCandidateConnection, 'edges'> & { edges: Array<ResolversParentTypes['MergeCandidateEdge']> };
  MergeCandidateEdge: Omit<MergeCandidateEdge, 'node'> & { node: ResolversParentTypes['MergeCandidate'] };
  PageInfo: PageInfo;
  Boolean: Scalars['Boolean']['output'];
  Query: Record<PropertyKey, never>;
}>;

export type CustomerResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Customer'] = ResolversParentTypes['Customer'], FederationReferenceType extends FederationReferenceTypes['Customer'] = FederationReferenceTypes['Customer']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Customer']> | FederationReferenceType, FederationReferenceType, ContextType>;
  crmPartnerIds?: Resolver<Array<ResolversTypes['Int']>, ParentType, ContextType>;
  dataAccessLog?: Resolver<Maybe<ResolversTypes['DataAccessConnection']>, ParentType, ContextType, RequireFields<CustomerDataAccessLogArgs, 'first'>>;
  displayName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  emails?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  loyaltyCardCodes?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  mergeCandidates?: Resolver<Array<ResolversTypes['MergeCandidate']>, ParentType, ContextType>;
  phones?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  records?: Resolver<Array<ResolversTypes['CustomerRecord']>, ParentType, ContextType>;
  webCustomerIds?: Resolver<Array<ResolversTypes['Int']>, ParentType, ContextType>;
}>;

export type CustomerConnectionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['CustomerConnection'] = ResolversParentTypes['CustomerConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['CustomerEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type CustomerEdgeResolvers<ContextType = Context, ParentType extends ResolversParentTypes['CustomerEdge'] = ResolversParentTypes['CustomerEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Customer'], ParentType, ContextType>;
}>;

export type CustomerRecordResolvers<ContextType = Context, ParentType extends ResolversParentTypes['CustomerRecord'] = ResolversParentTypes['CustomerRecord']> = ResolversObject<{
  matchedBy?: Resolver<Array<ResolversTypes['MatchReason']>, ParentType, ContextType>;
  recordId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  system?: Resolver<ResolversTypes['SourceSystem'], ParentType, ContextType>;
}>;

export type DataAccessResolvers<ContextType = Context, ParentType extends ResolversParentTypes['DataAccess'] = ResolversParentTypes['DataAccess']> = ResolversObject<{
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  channel?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  fields?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  viewer?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  viewerRoles?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type DataAccessConnectionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['DataAccessConnection'] = ResolversParentTypes['DataAccessConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['DataAccessEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type DataAccessEdgeResolvers<ContextType = Context, ParentType extends ResolversParentTypes['DataAccessEdge'] = ResolversParentTypes['DataAccessEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['DataAccess'], ParentType, ContextType>;
}>;

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type MergeCandidateResolvers<ContextType = Context, ParentType extends ResolversParentTypes['MergeCandidate'] = ResolversParentTypes['MergeCandidate']> = ResolversObject<{
  customer?: Resolver<ResolversTypes['Customer'], ParentType, ContextType>;
  reasons?: Resolver<Array<ResolversTypes['MatchReason']>, ParentType, ContextType>;
  recordIds?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  system?: Resolver<ResolversTypes['SourceSystem'], ParentType, ContextType>;
}>;

export type MergeCandidateConnectionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['MergeCandidateConnection'] = ResolversParentTypes['MergeCandidateConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['MergeCandidateEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type MergeCandidateEdgeResolvers<ContextType = Context, ParentType extends ResolversParentTypes['MergeCandidateEdge'] = ResolversParentTypes['MergeCandidateEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['MergeCandidate'], ParentType, ContextType>;
}>;

export type PageInfoResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = ResolversObject<{
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  hasPreviousPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  startCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type QueryResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  customer?: Resolver<Maybe<ResolversTypes['Customer']>, ParentType, ContextType, RequireFields<QueryCustomerArgs, 'id'>>;
  customerByIdentifier?: Resolver<Maybe<ResolversTypes['Customer']>, ParentType, ContextType, RequireFields<QueryCustomerByIdentifierArgs, 'identifier'>>;
  customers?: Resolver<ResolversTypes['CustomerConnection'], ParentType, ContextType, RequireFields<QueryCustomersArgs, 'first'>>;
  me?: Resolver<Maybe<ResolversTypes['Customer']>, ParentType, ContextType>;
  mergeCandidates?: Resolver<ResolversTypes['MergeCandidateConnection'], ParentType, ContextType, RequireFields<QueryMergeCandidatesArgs, 'first'>>;
}>;

export type Resolvers<ContextType = Context> = ResolversObject<{
  Customer?: CustomerResolvers<ContextType>;
  CustomerConnection?: CustomerConnectionResolvers<ContextType>;
  CustomerEdge?: CustomerEdgeResolvers<ContextType>;
  CustomerRecord?: CustomerRecordResolvers<ContextType>;
  DataAccess?: DataAccessResolvers<ContextType>;
  DataAccessConnection?: DataAccessConnectionResolvers<ContextType>;
  DataAccessEdge?: DataAccessEdgeResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  MergeCandidate?: MergeCandidateResolvers<ContextType>;
  MergeCandidateConnection?: MergeCandidateConnectionResolvers<ContextType>;
  MergeCandidateEdge?: MergeCandidateEdgeResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
}>;

