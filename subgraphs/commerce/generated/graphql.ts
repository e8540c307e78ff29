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

export type AddCartLineInput = {
  cartId: Scalars['ID']['input'];
  idempotencyKey: Scalars['String']['input'];
  quantity: Scalars['Int']['input'];
  sku: Scalars['String']['input'];
};

export type AddressInput = {
  city: Scalars['String']['input'];
  email: Scalars['String']['input'];
  firstName: Scalars['String']['input'];
  lastName: Scalars['String']['input'];
  phone: Scalars['String']['input'];
  street: Array<Scalars['String']['input']>;
};

export type AssistedOrderInput = {
  /** Where to deliver; the customer's email is the order's. */
  address: AddressInput;
  associateId: Scalars['String']['input'];
  customerId: Scalars['ID']['input'];
  idempotencyKey: Scalars['String']['input'];
  lines: Array<OrderLineInput>;
  /** The store where the associate serves the customer. */
  storeLocationId: Scalars['ID']['input'];
};

export type CancelUncollectedPickupsInput = {
  idempotencyKey: Scalars['String']['input'];
  storeLocationId: Scalars['ID']['input'];
};

export type CancelUncollectedPickupsPayload = {
  __typename?: 'CancelUncollectedPickupsPayload';
  cancelledOrders: Array<WebOrder>;
  userErrors: Array<UserError>;
};

export type Cart = {
  __typename?: 'Cart';
  id: Scalars['ID']['output'];
};

export type CartPayload = {
  __typename?: 'CartPayload';
  cart?: Maybe<Cart>;
  userErrors: Array<UserError>;
};

export type CheckoutInput = {
  /** The delivery address; for click & collect, who collects it. */
  address: AddressInput;
  cartId: Scalars['ID']['input'];
  channel?: OrderingChannel;
  fulfilment: FulfilmentChoice;
  idempotencyKey: Scalars['String']['input'];
  paymentMethod?: CheckoutPaymentMethod;
  /** The store for click & collect. */
  pickupLocationId?: InputMaybe<Scalars['ID']['input']>;
  /** For delivery: the location to ship from, instead of the automatic choice. */
  shipFromLocationId?: InputMaybe<Scalars['ID']['input']>;
};

export type CheckoutPayload = {
  __typename?: 'CheckoutPayload';
  /** Where the stock is reserved and the order fulfilled from. */
  fulfilledFrom?: Maybe<Location>;
  order?: Maybe<WebOrder>;
  userErrors: Array<UserError>;
};

export type CheckoutPaymentMethod =
  | 'CASH_ON_DELIVERY'
  /** Paid at the counter when the order is collected. */
  | 'PAY_IN_STORE';

export type CounterSaleInput = {
  associateId: Scalars['String']['input'];
  idempotencyKey: Scalars['String']['input'];
  lines: Array<OrderLineInput>;
  storeLocationId: Scalars['ID']['input'];
  tender?: TenderType;
  workstationId: Scalars['Int']['input'];
};

export type CounterSalePayload = {
  __typename?: 'CounterSalePayload';
  order?: Maybe<StoreOrder>;
  userErrors: Array<UserError>;
};

export type CreateCartInput = {
  /** The customer whose cart it is; omit for a guest cart. */
  customerId?: InputMaybe<Scalars['ID']['input']>;
  idempotencyKey: Scalars['String']['input'];
};

export type Customer = {
  __typename?: 'Customer';
  id: Scalars['ID']['output'];
};

export type FulfilmentChoice =
  /** Click & collect at `pickupLocationId`. */
  | 'PICKUP_IN_STORE'
  /** Delivered to the address, from a warehouse or a store. */
  | 'SHIP_TO_HOME';

export type Location = {
  __typename?: 'Location';
  id: Scalars['ID']['output'];
};

export type MergeGuestCartInput = {
  customerId: Scalars['ID']['input'];
  guestCartId: Scalars['ID']['input'];
  idempotencyKey: Scalars['String']['input'];
};

/** An amount in a currency: a decimal string, never a float. */
export type Money = {
  __typename?: 'Money';
  amount: Scalars['String']['output'];
  /** ISO 4217. */
  currencyCode: Scalars['String']['output'];
};

/**
 * What a customer or an associate does: carts, checkout, handovers, counter sales and returns. Every
 * mutation takes an idempotency key, one per user action: the same key with the same input changes
 * nothing more and answers the first request's outcome again (the same order or cart, the same
 * `userErrors`), with the order's or cart's fields read as they are now, as a query would answer
 * them. A refusal is an outcome too: to try again, use a new key. The same key with other input is
 * refused (IDEMPOTENCY_KEY_REUSED). Problems the caller can fix come back in `userErrors`; a system
 * that cannot answer is a GraphQL error (`<SYSTEM>_UNAVAILABLE`) and leaves nothing half done.
 */
export type Mutation = {
  __typename?: 'Mutation';
  /** Adds units of a SKU; a SKU already in the cart gets the units added to its line. */
  addCartLine: CartPayload;
  /**
   * Cancels click & collect orders at a store not collected within the hold time
   * (COMMERCE_PICKUP_HOLD_HOURS) and releases their stock. Also runs by itself every
   * COMMERCE_PICKUP_SWEEP_MS.
   */
  cancelUncollectedPickups: CancelUncollectedPickupsPayload;
  /**
   * Places the cart's order and reserves its stock at the location that fulfils it: the chosen store
   * for click & collect; for delivery, a warehouse with all of it, else the store with all of it
   * nearest the delivery city (ship from store), unless `shipFromLocationId` names one.
   */
  checkout: CheckoutPayload;
  /** Opens a cart: the customer's one cart, the same on the app, the website and a store tablet; or, without a customer, a guest cart. */
  createCart: CartPayload;
  /** The customer collects a click & collect order at the counter: recorded at the till, the reservation taken off, the order completed. */
  handOverPickup: OrderPayload;
  /**
   * Signing in: the guest cart's lines move into the customer's cart. A SKU in both carts keeps the
   * larger of the two quantities (the same item added on two devices is one intent, not two). A
   * customer without a cart takes over the guest cart as it is. The guest cart is left empty.
   */
  mergeGuestCart: CartPayload;
  /**
   * Endless aisle: a store associate orders, for the customer at the counter, items delivered to the
   * customer's address from a warehouse or another store. Placed in the web shop under the customer's
   * email, without touching the customer's own cart.
   */
  placeAssistedOrder: CheckoutPayload;
  /**
   * A web order's items brought back to a store: the refund goes through the web shop, the stock
   * goes back on that store's shelf (or aside as damaged), and the loyalty points earned on the
   * items are taken back.
   */
  returnWebOrderInStore: StoreReturnPayload;
  /** A sale rung up at a store counter through the graph: refused when the shelf has not got the units online orders do not already hold. */
  sellAtCounter: CounterSalePayload;
  /** Sets a line's quantity; 0 removes the line. */
  updateCartLine: CartPayload;
};


/**
 * What a customer or an associate does: carts, checkout, handovers, counter sales and returns. Every
 * mutation takes an idempotency key, one per user action: the same key with the same input changes
 * nothing more and answers the first request's outcome again (the same order or cart, the same
 * `userErrors`), with the order's or cart's fields read as they are now, as a query would answer
 * them. A refusal is an outcome too: to try again, use a new key. The same key with other input is
 * refused (IDEMPOTENCY_KEY_REUSED). Problems the caller can fix come back in `userErrors`; a system
 * that cannot answer is a GraphQL error (`<SYSTEM>_UNAVAILABLE`) and leaves nothing half done.
 */
export type MutationAddCartLineArgs = {
  input: AddCartLineInput;
};


/**
 * What a customer or an associate does: carts, checkout, handovers, counter sales and returns. Every
 * mutation takes an idempotency key, one per user action: the same key with the same input changes
 * nothing more and answers the first request's outcome again (the same order or cart, the same
 * `userErrors`), with the order's or cart's fields read as they are now, as a query would answer
 * them. A refusal is an outcome too: to try again, use a new key. The same key with other input is
 * refused (IDEMPOTENCY_KEY_REUSED). Problems the caller can fix come back in `userErrors`; a system
 * that cannot answer is a GraphQL error (`<SYSTEM>_UNAVAILABLE`) and leaves nothing half done.
 */
export type MutationCancelUncollectedPickupsArgs = {
  input: CancelUncollectedPickupsInput;
};


/**
 * What a customer or an associate does: carts, checkout, handovers, counter sales and returns. Every
 * mutation takes an idempotency key, one per user action: the same key with the same input changes
 * nothing more and answers the first request's outcome again (the same order or cart, the same
 * `userErrors`), with the order's or cart's fields read as they are now, as a query would answer
 * them. A refusal is an outcome too: to try again, use a new key. The same key with other input is
 * refused (IDEMPOTENCY_KEY_REUSED). Problems the caller can fix come back in `userErrors`; a system
 * that cannot answer is a GraphQL error (`<SYSTEM>_UNAVAILABLE`) and leaves nothing half done.
 */
export type MutationCheckoutArgs = {
  input: CheckoutInput;
};


/**
 * What a customer or an associate does: carts, checkout, handovers, counter sales and returns. Every
 * mutation takes an idempotency key, one per user action: the same key with the same input changes
 * nothing more and answers the first request's outcome again (the same order or cart, the same
 * `userErrors`), with the order's or cart's fields read as they are now, as a query would answer
 * them. A refusal is an outcome too: to try again, use a new key. The same key with other input is
 * refused (IDEMPOTENCY_KEY_REUSED). Problems the caller can fix come back in `userErrors`; a system
 * that cannot answer is a GraphQL error (`<SYSTEM>_UNAVAILABLE`) and leaves nothing half done.
 */
export type MutationCreateCartArgs = {
  input: CreateCartInput;
};


/**
 * What a customer or an associate does: carts, checkout, handovers, counter sales and returns. Every
 * mutation takes an idempotency key, one per user action: the same key with the same input changes
 * nothing more and answers the first request's outcome again (the same order or cart, the same
 * `userErrors`), with the order's or cart's fields read as they are now, as a query would answer
 * them. A refusal is an outcome too: to try again, use a new key. The same key with other input is
 * refused (IDEMPOTENCY_KEY_REUSED). Problems the caller can fix come back in `userErrors`; a system
 * that cannot answer is a GraphQL error (`<SYSTEM>_UNAVAILABLE`) and leaves nothing half done.
 */
export type MutationHandOverPickupArgs = {
  input: PickupHandoverInput;
};


/**
 * What a customer or an associate does: carts, checkout, handovers, counter sales and returns. Every
 * mutation takes an idempotency key, one per user action: the same key with the same input changes
 * nothing more and answers the first request's outcome again (the same order or cart, the same
 * `userErrors`), with the order's or cart's fields read as they are now, as a query would answer
 * them. A refusal is an outcome too: to try again, use a new key. The same key with other input is
 * refused (IDEMPOTENCY_KEY_REUSED). Problems the caller can fix come back in `userErrors`; a system
 * that cannot answer is a GraphQL error (`<SYSTEM>_UNAVAILABLE`) and leaves nothing half done.
 */
export type MutationMergeGuestCartArgs = {
  input: MergeGuestCartInput;
};


/**
 * What a customer or an associate does: carts, checkout, handovers, counter sales and returns. Every
 * mutation takes an idempotency key, one per user action: the same key with the same input changes
 * nothing more and answers the first request's outcome again (the same order or cart, the same
 * `userErrors`), with the order's or cart's fields read as they are now, as a query would answer
 * them. A refusal is an outcome too: to try again, use a new key. The same key with other input is
 * refused (IDEMPOTENCY_KEY_REUSED). Problems the caller can fix come back in `userErrors`; a system
 * that cannot answer is a GraphQL error (`<SYSTEM>_UNAVAILABLE`) and leaves nothing half done.
 */
export type MutationPlaceAssistedOrderArgs = {
  input: AssistedOrderInput;
};


/**
 * What a customer or an associate does: carts, checkout, handovers, counter sales and returns. Every
 * mutation takes an idempotency key, one per user action: the same key with the same input changes
 * nothing more and answers the first request's outcome again (the same order or cart, the same
 * `userErrors`), with the order's or cart's fields read as they are now, as a query would answer
 * them. A refusal is an outcome too: to try again, use a new key. The same key with other input is
 * refused (IDEMPOTENCY_KEY_REUSED). Problems the caller can fix come back in `userErrors`; a system
 * that cannot answer is a GraphQL error (`<SYSTEM>_UNAVAILABLE`) and leaves nothing half done.
 */
export type MutationReturnWebOrderInStoreArgs = {
  input: StoreReturnInput;
};


/**
 * What a customer or an associate does: carts, checkout, handovers, counter sales and returns. Every
 * mutation takes an idempotency key, one per user action: the same key with the same input changes
 * nothing more and answers the first request's outcome again (the same order or cart, the same
 * `userErrors`), with the order's or cart's fields read as they are now, as a query would answer
 * them. A refusal is an outcome too: to try again, use a new key. The same key with other input is
 * refused (IDEMPOTENCY_KEY_REUSED). Problems the caller can fix come back in `userErrors`; a system
 * that cannot answer is a GraphQL error (`<SYSTEM>_UNAVAILABLE`) and leaves nothing half done.
 */
export type MutationSellAtCounterArgs = {
  input: CounterSaleInput;
};


/**
 * What a customer or an associate does: carts, checkout, handovers, counter sales and returns. Every
 * mutation takes an idempotency key, one per user action: the same key with the same input changes
 * nothing more and answers the first request's outcome again (the same order or cart, the same
 * `userErrors`), with the order's or cart's fields read as they are now, as a query would answer
 * them. A refusal is an outcome too: to try again, use a new key. The same key with other input is
 * refused (IDEMPOTENCY_KEY_REUSED). Problems the caller can fix come back in `userErrors`; a system
 * that cannot answer is a GraphQL error (`<SYSTEM>_UNAVAILABLE`) and leaves nothing half done.
 */
export type MutationUpdateCartLineArgs = {
  input: UpdateCartLineInput;
};

export type OrderLineInput = {
  quantity: Scalars['Int']['input'];
  sku: Scalars['String']['input'];
};

export type OrderPayload = {
  __typename?: 'OrderPayload';
  order?: Maybe<WebOrder>;
  userErrors: Array<UserError>;
};

/** Where the request comes from, kept in the order's history. */
export type OrderingChannel =
  | 'APP'
  | 'CALL_CENTER'
  | 'STORE_TABLET'
  | 'WEB';

export type PickupHandoverInput = {
  associateId: Scalars['String']['input'];
  idempotencyKey: Scalars['String']['input'];
  orderId: Scalars['ID']['input'];
  storeLocationId: Scalars['ID']['input'];
  workstationId: Scalars['Int']['input'];
};

export type ReturnLineInput = {
  condition?: ReturnedCondition;
  quantity: Scalars['Int']['input'];
  sku: Scalars['String']['input'];
};

export type ReturnedCondition =
  /** Set aside as damaged: counted, never sold. */
  | 'DAMAGED'
  /** Back on the shelf for sale. */
  | 'RESELLABLE';

export type StoreOrder = {
  __typename?: 'StoreOrder';
  id: Scalars['ID']['output'];
};

export type StoreReturnInput = {
  associateId: Scalars['String']['input'];
  idempotencyKey: Scalars['String']['input'];
  lines: Array<ReturnLineInput>;
  orderId: Scalars['ID']['input'];
  storeLocationId: Scalars['ID']['input'];
  workstationId: Scalars['Int']['input'];
};

export type StoreReturnPayload = {
  __typename?: 'StoreReturnPayload';
  order?: Maybe<WebOrder>;
  /** Loyalty points taken back for the returned items. */
  pointsTakenBack?: Maybe<Scalars['Int']['output']>;
  /** What the web shop refunds for the returned items. */
  refunded?: Maybe<Money>;
  userErrors: Array<UserError>;
};

export type TenderType =
  | 'CARD'
  | 'CASH'
  | 'E_WALLET';

export type UpdateCartLineInput = {
  cartId: Scalars['ID']['input'];
  idempotencyKey: Scalars['String']['input'];
  /** 0 removes the line. */
  quantity: Scalars['Int']['input'];
  sku: Scalars['String']['input'];
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
  /** The customer has no email address, which a web order needs. */
  | 'CUSTOMER_HAS_NO_EMAIL'
  | 'CUSTOMER_NOT_FOUND'
  | 'DECISION_NOT_FOUND'
  /** The idempotency key was first used with another input. */
  | 'IDEMPOTENCY_KEY_REUSED'
  /** The location has fewer units available than asked for. */
  | 'INSUFFICIENT_STOCK'
  /** An id that is not of the expected kind. */
  | 'INVALID_ID'
  /** An input value out of bounds: too long, too short, or the wrong number of items. */
  | 'INVALID_INPUT'
  | 'INVALID_QUANTITY'
  /** A split must move some of the customer's records and keep others. */
  | 'INVALID_SPLIT'
  | 'LINE_NOT_FOUND'
  | 'LOCATION_NOT_FOUND'
  /** The order is not a click & collect order waiting at this store. */
  | 'NOT_AWAITING_PICKUP'
  /** The customer does not hold the phone captured on the sale. */
  | 'NOT_A_HOLDER'
  /** The location is not a store. */
  | 'NOT_A_STORE'
  /** No location can fulfil the whole order. */
  | 'NO_FULFILMENT_LOCATION'
  | 'ORDER_NOT_FOUND'
  /** The order has not been delivered or collected, or was cancelled. */
  | 'ORDER_NOT_RETURNABLE'
  /** The record is not one of this customer's. */
  | 'RECORD_NOT_OF_CUSTOMER'
  /** More units than were bought and not yet returned. */
  | 'RETURN_QUANTITY_EXCEEDED'
  /** The store sale names its customer already (a loyalty card, a phone only they hold), or names none. */
  | 'SALE_NOT_SHARED'
  | 'UNKNOWN_SKU';

export type WebOrder = {
  __typename?: 'WebOrder';
  id: Scalars['ID']['output'];
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
  AddCartLineInput: AddCartLineInput;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  AddressInput: AddressInput;
  AssistedOrderInput: AssistedOrderInput;
  CancelUncollectedPickupsInput: CancelUncollectedPickupsInput;
  CancelUncollectedPickupsPayload: ResolverTypeWrapper<CancelUncollectedPickupsPayload>;
  Cart: ResolverTypeWrapper<Cart>;
  CartPayload: ResolverTypeWrapper<CartPayload>;
  CheckoutInput: CheckoutInput;
  CheckoutPayload: ResolverTypeWrapper<CheckoutPayload>;
  CheckoutPaymentMethod: CheckoutPaymentMethod;
  CounterSaleInput: CounterSaleInput;
  CounterSalePayload: ResolverTypeWrapper<CounterSalePayload>;
  CreateCartInput: CreateCartInput;
  Customer: ResolverTypeWrapper<Customer>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  FulfilmentChoice: FulfilmentChoice;
  Location: ResolverTypeWrapper<Location>;
  MergeGuestCartInput: MergeGuestCartInput;
  Money: ResolverTypeWrapper<Money>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  OrderLineInput: OrderLineInput;
  OrderPayload: ResolverTypeWrapper<OrderPayload>;
  OrderingChannel: OrderingChannel;
  PickupHandoverInput: PickupHandoverInput;
  ReturnLineInput: ReturnLineInput;
  ReturnedCondition: ReturnedCondition;
  StoreOrder: ResolverTypeWrapper<StoreOrder>;
  StoreReturnInput: StoreReturnInput;
  StoreReturnPayload: ResolverTypeWrapper<StoreReturnPayload>;
  TenderType: TenderType;
  UpdateCartLineInput: UpdateCartLineInput;
  UserError: ResolverTypeWrapper<UserError>;
  UserErrorCode: UserErrorCode;
  WebOrder: ResolverTypeWrapper<WebOrder>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  AddCartLineInput: AddCartLineInput;
  ID: Scalars['ID']['output'];
  String: Scalars['String']['output'];
  Int: Scalars['Int']['output'];
  AddressInput: AddressInput;
  AssistedOrderInput: AssistedOrderInput;
  CancelUncollectedPickupsInput: CancelUncollectedPickupsInput;
  CancelUncollectedPickupsPayload: CancelUncollectedPickupsPayload;
  Cart: Cart;
  CartPayload: CartPayload;
  CheckoutInput: CheckoutInput;
  CheckoutPayload: CheckoutPayload;
  CounterSaleInput: CounterSaleInput;
  CounterSalePayload: CounterSalePayload;
  CreateCartInput: CreateCartInput;
  Customer: Customer;
  DateTime: Scalars['DateTime']['output'];
  Location: Location;
  MergeGuestCartInput: MergeGuestCartInput;
  Money: Money;
  Mutation: Record<PropertyKey, never>;
  OrderLineInput: OrderLineInput;
  OrderPayload: OrderPayload;
  PickupHandoverInput: PickupHandoverInput;
  ReturnLineInput: ReturnLineInput;
  StoreOrder: StoreOrder;
  StoreReturnInput: StoreReturnInput;
  StoreReturnPayload: StoreReturnPayload;
  UpdateCartLineInput: UpdateCartLineInput;
  UserError: UserError;
  WebOrder: WebOrder;
  Boolean: Scalars['Boolean']['output'];
}>;

export type CancelUncollectedPickupsPayloadResolvers<ContextType = Context, ParentType extends ResolversParentTypes['CancelUncollectedPickupsPayload'] = ResolversParentTypes['CancelUncollectedPickupsPayload']> = ResolversObject<{
  cancelledOrders?: Resolver<Array<ResolversTypes['WebOrder']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
}>;

export type CartResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Cart'] = ResolversParentTypes['Cart']> = ResolversObject<{
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export type CartPayloadResolvers<ContextType = Context, ParentType extends ResolversParentTypes['CartPayload'] = ResolversParentTypes['CartPayload']> = ResolversObject<{
  cart?: Resolver<Maybe<ResolversTypes['Cart']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
}>;

export type CheckoutPayloadResolvers<ContextType = Context, ParentType extends ResolversParentTypes['CheckoutPayload'] = ResolversParentTypes['CheckoutPayload']> = ResolversObject<{
  fulfilledFrom?: Resolver<Maybe<ResolversTypes['Location']>, ParentType, ContextType>;
  order?: Resolver<Maybe<ResolversTypes['WebOrder']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
}>;

export type CounterSalePayloadResolvers<ContextType = Context, ParentType extends ResolversParentTypes['CounterSalePayload'] = ResolversParentTypes['CounterSalePayload']> = ResolversObject<{
  order?: Resolver<Maybe<ResolversTypes['StoreOrder']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
}>;

export type CustomerResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Customer'] = ResolversParentTypes['Customer']> = ResolversObject<{
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type LocationResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Location'] = ResolversParentTypes['Location']> = ResolversObject<{
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export type MoneyResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Money'] = ResolversParentTypes['Money']> = ResolversObject<{
  amount?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  currencyCode?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type MutationResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = ResolversObject<{
  addCartLine?: Resolver<ResolversTypes['CartPayload'], ParentType, ContextType, RequireFields<MutationAddCartLineArgs, 'input'>>;
  cancelUncollectedPickups?: Resolver<ResolversTypes['CancelUncollectedPickupsPayload'], ParentType, ContextType, RequireFields<MutationCancelUncollectedPickupsArgs, 'input'>>;
  checkout?: Resolver<ResolversTypes['CheckoutPayload'], ParentType, ContextType, RequireFields<MutationCheckoutArgs, 'input'>>;
  createCart?: Resolver<ResolversTypes['CartPayload'], ParentType, ContextType, RequireFields<MutationCreateCartArgs, 'input'>>;
  handOverPickup?: Resolver<ResolversTypes['OrderPayload'], ParentType, ContextType, RequireFields<MutationHandOverPickupArgs, 'input'>>;
  mergeGuestCart?: Resolver<ResolversTypes['CartPayload'], ParentType, ContextType, RequireFields<MutationMergeGuestCartArgs, 'input'>>;
  placeAssistedOrder?: Resolver<ResolversTypes['CheckoutPayload'], ParentType, ContextType, RequireFields<MutationPlaceAssistedOrderArgs, 'input'>>;
  returnWebOrderInStore?: Resolver<ResolversTypes['StoreReturnPayload'], ParentType, ContextType, RequireFields<MutationReturnWebOrderInStoreArgs, 'input'>>;
  sellAtCounter?: Resolver<ResolversTypes['CounterSalePayload'], ParentType, ContextType, RequireFields<MutationSellAtCounterArgs, 'input'>>;
  updateCartLine?: Resolver<ResolversTypes['CartPayload'], ParentType, ContextType, RequireFields<MutationUpdateCartLineArgs, 'input'>>;
}>;

export type OrderPayloadResolvers<ContextType = Context, ParentType extends ResolversParentTypes['OrderPayload'] = ResolversParentTypes['OrderPayload']> = ResolversObject<{
  order?: Resolver<Maybe<ResolversTypes['WebOrder']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
}>;

export type StoreOrderResolvers<ContextType = Context, ParentType extends ResolversParentTypes['StoreOrder'] = ResolversParentTypes['StoreOrder']> = ResolversObject<{
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export type StoreReturnPayloadResolvers<ContextType = Context, ParentType extends ResolversParentTypes['StoreReturnPayload'] = ResolversParentTypes['StoreReturnPayload']> = ResolversObject<{
  order?: Resolver<Maybe<ResolversTypes['WebOrder']>, ParentType, ContextType>;
  pointsTakenBack?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  refunded?: Resolver<Maybe<ResolversTypes['Money']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
}>;

export type UserErrorResolvers<ContextType = Context, ParentType extends ResolversParentTypes['UserError'] = ResolversParentTypes['UserError']> = ResolversObject<{
  code?: Resolver<ResolversTypes['UserErrorCode'], ParentType, ContextType>;
  field?: Resolver<Maybe<Array<ResolversTypes['String']>>, ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type WebOrderResolvers<ContextType = Context, ParentType extends ResolversParentTypes['WebOrder'] = ResolversParentTypes['WebOrder']> = ResolversObject<{
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export type Resolvers<ContextType = Context> = ResolversObject<{
  CancelUncollectedPickupsPayload?: CancelUncollectedPickupsPayloadResolvers<ContextType>;
  Cart?: CartResolvers<ContextType>;
  CartPayload?: CartPayloadResolvers<ContextType>;
  CheckoutPayload?: CheckoutPayloadResolvers<ContextType>;
  CounterSalePayload?: CounterSalePayloadResolvers<ContextType>;
  Customer?: CustomerResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  Location?: LocationResolvers<ContextType>;
  Money?: MoneyResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  OrderPayload?: OrderPayloadResolvers<ContextType>;
  StoreOrder?: StoreOrderResolvers<ContextType>;
  StoreReturnPayload?: StoreReturnPayloadResolvers<ContextType>;
  UserError?: UserErrorResolvers<ContextType>;
  WebOrder?: WebOrderResolvers<ContextType>;
}>;

