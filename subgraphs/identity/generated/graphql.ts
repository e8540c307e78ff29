import { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import { CustomerCluster } from '../linking';
import { DuplicateRecords, SuspectedPair } from '../directory';
import { Decision } from '../decisions';
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

export type ConfirmStoreSaleCustomerInput = {
  customerId: Scalars['ID']['input'];
  /** The store sale, as an order id (`StoreOrder.id`). */
  orderId: Scalars['ID']['input'];
};

/** A way of contacting a customer that they may allow or refuse. */
export type ConsentChannel =
  | 'EMAIL'
  /** Calls. */
  | 'PHONE'
  | 'PUSH'
  | 'SMS'
  | 'ZALO';

/** One person, recognised across every channel. */
export type Customer = {
  __typename?: 'Customer';
  /** Store sales (POS transaction keys) confirmed as theirs. */
  confirmedStoreSales: Array<Scalars['String']['output']>;
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
  /** Numbers the customer had before a change (E.164): store receipts typed with one still carry it. */
  formerPhones: Array<Scalars['String']['output']>;
  /** Opaque and stable. */
  id: Scalars['ID']['output'];
  loyaltyCardCodes: Array<Scalars['String']['output']>;
  /** This customer's records that one system keeps apart. */
  mergeCandidates: Array<MergeCandidate>;
  /** E.164, e.g. +84901234567. */
  phones: Array<Scalars['String']['output']>;
  /** Every record in every system that is this customer, and why it was linked. */
  records: Array<CustomerRecord>;
  /** The customer's phones that another customer holds too: a store sale with one of them alone is not theirs until confirmed. */
  sharedPhones: Array<Scalars['String']['output']>;
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
  /** The page-scoped id (PSID) Facebook Messenger knows a customer by. */
  | 'FACEBOOK'
  | 'LOYALTY_CARD'
  | 'PHONE'
  | 'WEB_CUSTOMER_ID'
  /** The id a Zalo Official Account knows a follower by, as its messages arrive with it. */
  | 'ZALO';

export type CustomerRecord = {
  __typename?: 'CustomerRecord';
  /** Identifiers it shares with the customer's other records. */
  matchedBy: Array<MatchReason>;
  /** The record's id in that system. */
  recordId: Scalars['String']['output'];
  system: SourceSystem;
};

export type CustomerRecordInput = {
  recordId: Scalars['String']['input'];
  system: SourceSystem;
};

export type CustomerRecordRef = {
  __typename?: 'CustomerRecordRef';
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

/** One decision about who is who, and who took it. */
export type IdentityDecision = {
  __typename?: 'IdentityDecision';
  /** The app it came through. */
  channel?: Maybe<Scalars['String']['output']>;
  /** The customers it names, by the ids they had then. */
  customerIds: Array<Scalars['ID']['output']>;
  decidedAt: Scalars['DateTime']['output'];
  /** The staff member's account. */
  decidedBy?: Maybe<Scalars['String']['output']>;
  decidedByRoles: Array<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  kind: IdentityDecisionKind;
  /** For a store sale confirmation: the sale. */
  orderId?: Maybe<Scalars['ID']['output']>;
  reason?: Maybe<Scalars['String']['output']>;
  /** For a split: the records moved out. */
  records: Array<CustomerRecordRef>;
  undoneAt?: Maybe<Scalars['DateTime']['output']>;
  undoneBy?: Maybe<Scalars['String']['output']>;
};

export type IdentityDecisionConnection = {
  __typename?: 'IdentityDecisionConnection';
  edges: Array<IdentityDecisionEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type IdentityDecisionEdge = {
  __typename?: 'IdentityDecisionEdge';
  cursor: Scalars['String']['output'];
  node: IdentityDecision;
};

export type IdentityDecisionKind =
  | 'MERGE'
  | 'SPLIT'
  | 'STORE_SALE_CUSTOMER';

export type IdentityDecisionPayload = {
  __typename?: 'IdentityDecisionPayload';
  /** The customers the decision is about, as they are now. */
  customers: Array<Customer>;
  /** Null when the input was refused. */
  decision?: Maybe<IdentityDecision>;
  userErrors: Array<UserError>;
};

export type MatchAgreement =
  /** Emails and phones: one edit apart. */
  | 'CLOSE'
  | 'DIFFERENT'
  | 'EXACT'
  /** Names: family and given names agree; the middle name is dropped or differs. */
  | 'FAMILY_AND_GIVEN'
  | 'MISSING'
  /** Names: a nickname or a given name alone on one side. */
  | 'NICKNAME'
  /** Names: the same words without diacritics, or in another order. */
  | 'SAME_WORDS'
  /** Names: a typo apart. */
  | 'TYPO';

/** One field of two records compared, and what it weighs: log2(m/u), positive for one person, negative against. */
export type MatchEvidence = {
  __typename?: 'MatchEvidence';
  agreement: MatchAgreement;
  field: MatchField;
  weight: Scalars['Float']['output'];
};

export type MatchField =
  | 'ADDRESS'
  | 'EMAIL'
  | 'LOYALTY_CARD'
  | 'NAME'
  | 'PHONE';

export type MatchReason =
  | 'EMAIL'
  | 'LOYALTY_CARD'
  /** The same name at the same address, nothing contradicting. */
  | 'NAME_AND_ADDRESS'
  | 'PHONE'
  /** A data steward merged them. */
  | 'STEWARD';

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

export type MergeCustomersInput = {
  /** Exactly two customers. */
  customerIds: Array<Scalars['ID']['input']>;
  /** Why, for the audit: 1 to 500 characters. */
  reason: Scalars['String']['input'];
};

export type Mutation = {
  __typename?: 'Mutation';
  /**
   * Whose a store sale was, when the phone the cashier captured is shared (a household's, the
   * store's own): until someone confirms it, the sale is in no one's history. Agents for any store;
   * store staff for their stores' sales. The last confirmation counts; each is kept in the audit.
   */
  confirmStoreSaleCustomer: IdentityDecisionPayload;
  /**
   * Two customers are one person (a data steward's decision): they answer as one from now on, under
   * the id of the older record; the other id still resolves. Undone by `undoIdentityDecision`.
   */
  mergeCustomers: IdentityDecisionPayload;
  /** Some of a customer's records are another person: they are kept apart from the rest from now on. */
  splitCustomer: IdentityDecisionPayload;
  /** Takes back a merge, a split or a confirmation; the decision stays in the audit, marked undone. */
  undoIdentityDecision: IdentityDecisionPayload;
};


export type MutationConfirmStoreSaleCustomerArgs = {
  input: ConfirmStoreSaleCustomerInput;
};


export type MutationMergeCustomersArgs = {
  input: MergeCustomersInput;
};


export type MutationSplitCustomerArgs = {
  input: SplitCustomerInput;
};


export type MutationUndoIdentityDecisionArgs = {
  input: UndoIdentityDecisionInput;
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
   * format, a loyalty card code, a CRM partner id or a web account id. Null when nobody has it. An
   * identifier several customers hold (a household's phone, a family's email, a store's own number)
   * names no one: null with a SHARED_IDENTIFIER error, and staff ask `customersByIdentifier`. A
   * signed-in customer gets themself when they are one of its holders. A malformed phone or email:
   * BAD_USER_INPUT.
   */
  customerByIdentifier?: Maybe<Customer>;
  /** All customers in a stable order (back office). */
  customers: CustomerConnection;
  /**
   * Everyone who holds an identifier, in a stable order: none, one, or several when it is shared.
   * Staff only: a customer-facing channel never sees who else holds their phone.
   */
  customersByIdentifier: Array<Customer>;
  /**
   * The customers who may be contacted on a channel (a campaign's audience), in a stable order:
   * never one who refused it in the CRM, nor one with nothing to reach them by there (an email for
   * EMAIL; a phone for SMS, ZALO and PHONE; an app account for PUSH). Consent is read from the CRM
   * at each call: a refusal counts as soon as it has landed there.
   */
  customersToContact: CustomerConnection;
  /** Every merge, split and store sale confirmation, and undo, newest first: the audit of who decided who is who. */
  identityDecisions: IdentityDecisionConnection;
  /** The customer the caller signed in as (the app, the website). */
  me?: Maybe<Customer>;
  /** Records one system keeps apart that belong to one person: work for that system's data stewards. */
  mergeCandidates: MergeCandidateConnection;
  /**
   * Pairs of customers the linking found alike but did not link, with the evidence for and against,
   * strongest first: for data stewards to merge, or leave apart. Pairs whose names differ are not
   * listed (households sharing a phone are told apart by name).
   */
  suspectedDuplicates: SuspectedDuplicateConnection;
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


export type QueryCustomersByIdentifierArgs = {
  identifier: CustomerIdentifierInput;
};


export type QueryCustomersToContactArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  channel: ConsentChannel;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryIdentityDecisionsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryMergeCandidatesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QuerySuspectedDuplicatesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type SourceSystem =
  | 'CRM'
  | 'ECOMMERCE'
  | 'POS'
  | 'WAREHOUSE';

export type SplitCustomerInput = {
  customerId: Scalars['ID']['input'];
  /** Why, for the audit: 1 to 500 characters. */
  reason: Scalars['String']['input'];
  /** The records that are someone else: some of the customer's, not all. */
  records: Array<CustomerRecordInput>;
};

export type Subscription = {
  __typename?: 'Subscription';
  /**
   * A customer, sent each time they do something on any channel: an order placed, an interaction
   * logged, a profile change, points earned or spent. For the agent who has them open. Resolved as
   * `customer(id:)`: a customer may follow only themselves.
   */
  customerActivity?: Maybe<Customer>;
};


export type SubscriptionCustomerActivityArgs = {
  customerId: Scalars['ID']['input'];
};

/** Two customers alike enough for a steward's look. */
export type SuspectedDuplicate = {
  __typename?: 'SuspectedDuplicate';
  customers: Array<Customer>;
  /** Each field of their most alike records, compared. */
  evidence: Array<MatchEvidence>;
  /** Match weight in bits: the sum of the evidence's weights. Linked at 8 with an email or card agreeing, 15 without. */
  score: Scalars['Float']['output'];
};

export type SuspectedDuplicateConnection = {
  __typename?: 'SuspectedDuplicateConnection';
  edges: Array<SuspectedDuplicateEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type SuspectedDuplicateEdge = {
  __typename?: 'SuspectedDuplicateEdge';
  cursor: Scalars['String']['output'];
  node: SuspectedDuplicate;
};

export type UndoIdentityDecisionInput = {
  decisionId: Scalars['ID']['input'];
  reason?: InputMaybe<Scalars['String']['input']>;
};

/** A problem with the input that the caller can fix; nothing was changed. */
export type UserError = {
  __typename?: 'UserError';
  code: UserErrorCode;
  /** Path to the input field at fault, e.g. ["input", "lines", "0", "quantity"]. */
  field?: Maybe<Array<Scalars['String']['output']>>;
  message: Scalars['String']['output'];
};

export type UserErrorCode =
  /** The customers named are already one customer. */
  | 'ALREADY_ONE_CUSTOMER'
  /** The store's business day is closed at the till. */
  | 'BUSINESS_DAY_CLOSED'
  | 'CART_EMPTY'
  | 'CART_NOT_FOUND'
  /** The support case is closed: open a new one. */
  | 'CASE_CLOSED'
  /** No support case has this id, or it is not this customer's. */
  | 'CASE_NOT_FOUND'
  /** The customer has no email address, which a web order needs. */
  | 'CUSTOMER_HAS_NO_EMAIL'
  | 'CUSTOMER_NOT_FOUND'
  /** The customer has no CRM record to keep a support case on. */
  | 'CUSTOMER_NOT_IN_CRM'
  | 'DECISION_NOT_FOUND'
  /** The idempotency key was first used with another input. */
  | 'IDEMPOTENCY_KEY_REUSED'
  /** The loyalty card balance is less than the points to pay with. */
  | 'INSUFFICIENT_POINTS'
  /** The location has fewer units available than asked for. */
  | 'INSUFFICIENT_STOCK'
  /** An email address that is not a valid address. */
  | 'INVALID_EMAIL'
  /** An id that is not of the expected kind. */
  | 'INVALID_ID'
  /** An identifier that cannot be one of its kind (a malformed phone, email or social id). */
  | 'INVALID_IDENTIFIER'
  /** An input value out of bounds: too long, too short, or the wrong number of items. */
  | 'INVALID_INPUT'
  /** A phone number that is not a valid number. */
  | 'INVALID_PHONE'
  /** Points to pay with must be a whole number from 1. */
  | 'INVALID_POINTS'
  | 'INVALID_QUANTITY'
  /** A split must move some of the customer's records and keep others. */
  | 'INVALID_SPLIT'
  | 'LINE_NOT_FOUND'
  | 'LOCATION_NOT_FOUND'
  /** A profile change that changes nothing. */
  | 'NOTHING_TO_CHANGE'
  /** The order is not a click & collect order waiting at this store. */
  | 'NOT_AWAITING_PICKUP'
  /** The customer does not hold the phone captured on the sale. */
  | 'NOT_A_HOLDER'
  /** Paying with points needs a loyalty member: the customer has no card, or the card or phone given is nobody's. */
  | 'NOT_A_LOYALTY_MEMBER'
  /** The location is not a store. */
  | 'NOT_A_STORE'
  /** No location can fulfil the whole order. */
  | 'NO_FULFILMENT_LOCATION'
  | 'ORDER_NOT_FOUND'
  /** The order has not been delivered or collected, or was cancelled. */
  | 'ORDER_NOT_RETURNABLE'
  /** The web shop would charge another price than the one quoted: nothing was ordered; review the cart's pricing and try again. */
  | 'PRICE_CHANGED'
  /** The record is not one of this customer's. */
  | 'RECORD_NOT_OF_CUSTOMER'
  /** The points are worth more than what is left to pay. */
  | 'REDEMPTION_EXCEEDS_TOTAL'
  /** More units than were bought and not yet returned. */
  | 'RETURN_QUANTITY_EXCEEDED'
  /** The store sale names its customer already (a loyalty card, a phone only they hold), or names none. */
  | 'SALE_NOT_SHARED'
  /** Several customers hold this identifier: name the customer by id. */
  | 'SHARED_IDENTIFIER'
  | 'UNKNOWN_SKU'
  /** The voucher's promotion has ended. */
  | 'VOUCHER_EXPIRED'
  /** No voucher has this code. */
  | 'VOUCHER_NOT_FOUND'
  /** The voucher is not valid on this channel, at this store, for this customer, yet, or on these items. */
  | 'VOUCHER_NOT_VALID_HERE'
  /** The voucher has been used as many times as it may be. */
  | 'VOUCHER_USED_UP';

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
  ConfirmStoreSaleCustomerInput: ConfirmStoreSaleCustomerInput;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  ConsentChannel: ConsentChannel;
  Customer: ResolverTypeWrapper<CustomerCluster>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  CustomerConnection: ResolverTypeWrapper<Omit<CustomerConnection, 'edges'> & { edges: Array<ResolversTypes['CustomerEdge']> }>;
  CustomerEdge: ResolverTypeWrapper<Omit<CustomerEdge, 'node'> & { node: ResolversTypes['Customer'] }>;
  CustomerIdentifierInput: CustomerIdentifierInput;
  CustomerIdentifierKind: CustomerIdentifierKind;
  CustomerRecord: ResolverTypeWrapper<CustomerRecord>;
  CustomerRecordInput: CustomerRecordInput;
  CustomerRecordRef: ResolverTypeWrapper<CustomerRecordRef>;
  DataAccess: ResolverTypeWrapper<RecordedAccess>;
  DataAccessConnection: ResolverTypeWrapper<Omit<DataAccessConnection, 'edges'> & { edges: Array<ResolversTypes['DataAccessEdge']> }>;
  DataAccessEdge: ResolverTypeWrapper<Omit<DataAccessEdge, 'node'> & { node: ResolversTypes['DataAccess'] }>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  IdentityDecision: ResolverTypeWrapper<Decision>;
  IdentityDecisionConnection: ResolverTypeWrapper<Omit<IdentityDecisionConnection, 'edges'> & { edges: Array<ResolversTypes['IdentityDecisionEdge']> }>;
  IdentityDecisionEdge: ResolverTypeWrapper<Omit<IdentityDecisionEdge, 'node'> & { node: ResolversTypes['IdentityDecision'] }>;
  IdentityDecisionKind: IdentityDecisionKind;
  IdentityDecisionPayload: ResolverTypeWrapper<Omit<IdentityDecisionPayload, 'customers' | 'decision'> & { customers: Array<ResolversTypes['Customer']>, decision?: Maybe<ResolversTypes['IdentityDecision']> }>;
  MatchAgreement: MatchAgreement;
  MatchEvidence: ResolverTypeWrapper<MatchEvidence>;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  MatchField: MatchField;
  MatchReason: MatchReason;
  MergeCandidate: ResolverTypeWrapper<DuplicateRecords>;
  MergeCandidateConnection: ResolverTypeWrapper<Omit<MergeCandidateConnection, 'edges'> & { edges: Array<ResolversTypes['MergeCandidateEdge']> }>;
  MergeCandidateEdge: ResolverTypeWrapper<Omit<MergeCandidateEdge, 'node'> & { node: ResolversTypes['MergeCandidate'] }>;
  MergeCustomersInput: MergeCustomersInput;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  SourceSystem: SourceSystem;
  SplitCustomerInput: SplitCustomerInput;
  Subscription: ResolverTypeWrapper<Record<PropertyKey, never>>;
  SuspectedDuplicate: ResolverTypeWrapper<SuspectedPair>;
  SuspectedDuplicateConnection: ResolverTypeWrapper<Omit<SuspectedDuplicateConnection, 'edges'> & { edges: Array<ResolversTypes['SuspectedDuplicateEdge']> }>;
  SuspectedDuplicateEdge: ResolverTypeWrapper<Omit<SuspectedDuplicateEdge, 'node'> & { node: ResolversTypes['SuspectedDuplicate'] }>;
  UndoIdentityDecisionInput: UndoIdentityDecisionInput;
  UserError: ResolverTypeWrapper<UserError>;
  UserErrorCode: UserErrorCode;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  ConfirmStoreSaleCustomerInput: ConfirmStoreSaleCustomerInput;
  ID: Scalars['ID']['output'];
  Customer: CustomerCluster;
  Int: Scalars['Int']['output'];
  CustomerConnection: Omit<CustomerConnection, 'edges'> & { edges: Array<ResolversParentTypes['CustomerEdge']> };
  CustomerEdge: Omit<CustomerEdge, 'node'> & { node: ResolversParentTypes['Customer'] };
  CustomerIdentifierInput: CustomerIdentifierInput;
  CustomerRecord: CustomerRecord;
  CustomerRecordInput: CustomerRecordInput;
  CustomerRecordRef: CustomerRecordRef;
  DataAccess: RecordedAccess;
  DataAccessConnection: Omit<DataAccessConnection, 'edges'> & { edges: Array<ResolversParentTypes['DataAccessEdge']> };
  DataAccessEdge: Omit<DataAccessEdge, 'node'> & { node: ResolversParentTypes['DataAccess'] };
  DateTime: Scalars['DateTime']['output'];
  IdentityDecision: Decision;
  IdentityDecisionConnection: Omit<IdentityDecisionConnection, 'edges'> & { edges: Array<ResolversParentTypes['IdentityDecisionEdge']> };
  IdentityDecisionEdge: Omit<IdentityDecisionEdge, 'node'> & { node: ResolversParentTypes['IdentityDecision'] };
  IdentityDecisionPayload: Omit<IdentityDecisionPayload, 'customers' | 'decision'> & { customers: Array<ResolversParentTypes['Customer']>, decision?: Maybe<ResolversParentTypes['IdentityDecision']> };
  MatchEvidence: MatchEvidence;
  Float: Scalars['Float']['output'];
  MergeCandidate: DuplicateRecords;
  MergeCandidateConnection: Omit<MergeCandidateConnection, 'edges'> & { edges: Array<ResolversParentTypes['MergeCandidateEdge']> };
  MergeCandidateEdge: Omit<MergeCandidateEdge, 'node'> & { node: ResolversParentTypes['MergeCandidate'] };
  MergeCustomersInput: MergeCustomersInput;
  Mutation: Record<PropertyKey, never>;
  PageInfo: PageInfo;
  Boolean: Scalars['Boolean']['output'];
  Query: Record<PropertyKey, never>;
  SplitCustomerInput: SplitCustomerInput;
  Subscription: Record<PropertyKey, never>;
  SuspectedDuplicate: SuspectedPair;
  SuspectedDuplicateConnection: Omit<SuspectedDuplicateConnection, 'edges'> & { edges: Array<ResolversParentTypes['SuspectedDuplicateEdge']> };
  SuspectedDuplicateEdge: Omit<SuspectedDuplicateEdge, 'node'> & { node: ResolversParentTypes['SuspectedDuplicate'] };
  UndoIdentityDecisionInput: UndoIdentityDecisionInput;
  UserError: UserError;
  String: Scalars['String']['output'];
}>;

export type LiveDirectiveArgs = {
  resolveWith: Scalars['String']['input'];
  subjects: Array<Scalars['String']['input']>;
};

export type LiveDirectiveResolver<Result, Parent, ContextType = Context, Args = LiveDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type CustomerResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Customer'] = ResolversParentTypes['Customer'], FederationReferenceType extends FederationReferenceTypes['Customer'] = FederationReferenceTypes['Customer']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Customer']> | FederationReferenceType, FederationReferenceType, ContextType>;
  confirmedStoreSales?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  crmPartnerIds?: Resolver<Array<ResolversTypes['Int']>, ParentType, ContextType>;
  dataAccessLog?: Resolver<Maybe<ResolversTypes['DataAccessConnection']>, ParentType, ContextType, RequireFields<CustomerDataAccessLogArgs, 'first'>>;
  displayName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  emails?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  formerPhones?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  loyaltyCardCodes?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  mergeCandidates?: Resolver<Array<ResolversTypes['MergeCandidate']>, ParentType, ContextType>;
  phones?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  records?: Resolver<Array<ResolversTypes['CustomerRecord']>, ParentType, ContextType>;
  sharedPhones?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
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

export type CustomerRecordRefResolvers<ContextType = Context, ParentType extends ResolversParentTypes['CustomerRecordRef'] = ResolversParentTypes['CustomerRecordRef']> = ResolversObject<{
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

export type IdentityDecisionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['IdentityDecision'] = ResolversParentTypes['IdentityDecision']> = ResolversObject<{
  channel?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  customerIds?: Resolver<Array<ResolversTypes['ID']>, ParentType, ContextType>;
  decidedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  decidedBy?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  decidedByRoles?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['IdentityDecisionKind'], ParentType, ContextType>;
  orderId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  reason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  records?: Resolver<Array<ResolversTypes['CustomerRecordRef']>, ParentType, ContextType>;
  undoneAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  undoneBy?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type IdentityDecisionConnectionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['IdentityDecisionConnection'] = ResolversParentTypes['IdentityDecisionConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['IdentityDecisionEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type IdentityDecisionEdgeResolvers<ContextType = Context, ParentType extends ResolversParentTypes['IdentityDecisionEdge'] = ResolversParentTypes['IdentityDecisionEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['IdentityDecision'], ParentType, ContextType>;
}>;

export type IdentityDecisionPayloadResolvers<ContextType = Context, ParentType extends ResolversParentTypes['IdentityDecisionPayload'] = ResolversParentTypes['IdentityDecisionPayload']> = ResolversObject<{
  customers?: Resolver<Array<ResolversTypes['Customer']>, ParentType, ContextType>;
  decision?: Resolver<Maybe<ResolversTypes['IdentityDecision']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
}>;

export type MatchEvidenceResolvers<ContextType = Context, ParentType extends ResolversParentTypes['MatchEvidence'] = ResolversParentTypes['MatchEvidence']> = ResolversObject<{
  agreement?: Resolver<ResolversTypes['MatchAgreement'], ParentType, ContextType>;
  field?: Resolver<ResolversTypes['MatchField'], ParentType, ContextType>;
  weight?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
}>;

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

export type MutationResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = ResolversObject<{
  confirmStoreSaleCustomer?: Resolver<ResolversTypes['IdentityDecisionPayload'], ParentType, ContextType, RequireFields<MutationConfirmStoreSaleCustomerArgs, 'input'>>;
  mergeCustomers?: Resolver<ResolversTypes['IdentityDecisionPayload'], ParentType, ContextType, RequireFields<MutationMergeCustomersArgs, 'input'>>;
  splitCustomer?: Resolver<ResolversTypes['IdentityDecisionPayload'], ParentType, ContextType, RequireFields<MutationSplitCustomerArgs, 'input'>>;
  undoIdentityDecision?: Resolver<ResolversTypes['IdentityDecisionPayload'], ParentType, ContextType, RequireFields<MutationUndoIdentityDecisionArgs, 'input'>>;
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
  customersByIdentifier?: Resolver<Array<ResolversTypes['Customer']>, ParentType, ContextType, RequireFields<QueryCustomersByIdentifierArgs, 'identifier'>>;
  customersToContact?: Resolver<ResolversTypes['CustomerConnection'], ParentType, ContextType, RequireFields<QueryCustomersToContactArgs, 'channel' | 'first'>>;
  identityDecisions?: Resolver<ResolversTypes['IdentityDecisionConnection'], ParentType, ContextType, RequireFields<QueryIdentityDecisionsArgs, 'first'>>;
  me?: Resolver<Maybe<ResolversTypes['Customer']>, ParentType, ContextType>;
  mergeCandidates?: Resolver<ResolversTypes['MergeCandidateConnection'], ParentType, ContextType, RequireFields<QueryMergeCandidatesArgs, 'first'>>;
  suspectedDuplicates?: Resolver<ResolversTypes['SuspectedDuplicateConnection'], ParentType, ContextType, RequireFields<QuerySuspectedDuplicatesArgs, 'first'>>;
}>;

export type SubscriptionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Subscription'] = ResolversParentTypes['Subscription']> = ResolversObject<{
  customerActivity?: SubscriptionResolver<Maybe<ResolversTypes['Customer']>, "customerActivity", ParentType, ContextType, RequireFields<SubscriptionCustomerActivityArgs, 'customerId'>>;
}>;

export type SuspectedDuplicateResolvers<ContextType = Context, ParentType extends ResolversParentTypes['SuspectedDuplicate'] = ResolversParentTypes['SuspectedDuplicate']> = ResolversObject<{
  customers?: Resolver<Array<ResolversTypes['Customer']>, ParentType, ContextType>;
  evidence?: Resolver<Array<ResolversTypes['MatchEvidence']>, ParentType, ContextType>;
  score?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
}>;

export type SuspectedDuplicateConnectionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['SuspectedDuplicateConnection'] = ResolversParentTypes['SuspectedDuplicateConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['SuspectedDuplicateEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type SuspectedDuplicateEdgeResolvers<ContextType = Context, ParentType extends ResolversParentTypes['SuspectedDuplicateEdge'] = ResolversParentTypes['SuspectedDuplicateEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['SuspectedDuplicate'], ParentType, ContextType>;
}>;

export type UserErrorResolvers<ContextType = Context, ParentType extends ResolversParentTypes['UserError'] = ResolversParentTypes['UserError']> = ResolversObject<{
  code?: Resolver<ResolversTypes['UserErrorCode'], ParentType, ContextType>;
  field?: Resolver<Maybe<Array<ResolversTypes['String']>>, ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type Resolvers<ContextType = Context> = ResolversObject<{
  Customer?: CustomerResolvers<ContextType>;
  CustomerConnection?: CustomerConnectionResolvers<ContextType>;
  CustomerEdge?: CustomerEdgeResolvers<ContextType>;
  CustomerRecord?: CustomerRecordResolvers<ContextType>;
  CustomerRecordRef?: CustomerRecordRefResolvers<ContextType>;
  DataAccess?: DataAccessResolvers<ContextType>;
  DataAccessConnection?: DataAccessConnectionResolvers<ContextType>;
  DataAccessEdge?: DataAccessEdgeResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  IdentityDecision?: IdentityDecisionResolvers<ContextType>;
  IdentityDecisionConnection?: IdentityDecisionConnectionResolvers<ContextType>;
  IdentityDecisionEdge?: IdentityDecisionEdgeResolvers<ContextType>;
  IdentityDecisionPayload?: IdentityDecisionPayloadResolvers<ContextType>;
  MatchEvidence?: MatchEvidenceResolvers<ContextType>;
  MergeCandidate?: MergeCandidateResolvers<ContextType>;
  MergeCandidateConnection?: MergeCandidateConnectionResolvers<ContextType>;
  MergeCandidateEdge?: MergeCandidateEdgeResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  Subscription?: SubscriptionResolvers<ContextType>;
  SuspectedDuplicate?: SuspectedDuplicateResolvers<ContextType>;
  SuspectedDuplicateConnection?: SuspectedDuplicateConnectionResolvers<ContextType>;
  SuspectedDuplicateEdge?: SuspectedDuplicateEdgeResolvers<ContextType>;
  UserError?: UserErrorResolvers<ContextType>;
}>;

export type DirectiveResolvers<ContextType = Context> = ResolversObject<{
  live?: LiveDirectiveResolver<any, any, ContextType>;
}>;
