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
  /** Loyalty points to pay part of the order with (1 point = 1,000 VND), from the cart's customer's card; never more than the balance or the order's total. */
  redeemPoints?: InputMaybe<Scalars['Int']['input']>;
  /** For delivery: the location to ship from, instead of the automatic choice. */
  shipFromLocationId?: InputMaybe<Scalars['ID']['input']>;
  /** A voucher code for the cart: refused with VOUCHER_NOT_FOUND, VOUCHER_EXPIRED, VOUCHER_USED_UP or VOUCHER_NOT_VALID_HERE; the order is charged Cart.pricing's total for the channel, or not placed (PRICE_CHANGED). */
  voucherCode?: InputMaybe<Scalars['String']['input']>;
};

export type CheckoutPayload = {
  __typename?: 'CheckoutPayload';
  /** Where the stock is reserved and the order fulfilled from. */
  fulfilledFrom?: Maybe<Location>;
  order?: Maybe<WebOrder>;
  /** Points paid with, taken from the card; the order earns its own when it is completed. */
  pointsRedeemed?: Maybe<Scalars['Int']['output']>;
  userErrors: Array<UserError>;
};

export type CheckoutPaymentMethod =
  | 'CASH_ON_DELIVERY'
  /** Paid at the counter when the order is collected. */
  | 'PAY_IN_STORE';

export type CloseSupportCaseInput = {
  /** Where the person closing it works. */
  channel?: SupportChannel;
  idempotencyKey: Scalars['String']['input'];
  /** How it was solved: 1 to 4,000 characters. */
  resolution: Scalars['String']['input'];
  ticketId: Scalars['ID']['input'];
};

export type Consent = {
  __typename?: 'Consent';
  channel: ConsentChannel;
  granted: Scalars['Boolean']['output'];
};

/** A way of contacting a customer that they may allow or refuse. */
export type ConsentChannel =
  | 'EMAIL'
  /** Calls. */
  | 'PHONE'
  | 'PUSH'
  | 'SMS'
  | 'ZALO';

export type ConsentInput = {
  channel: ConsentChannel;
  granted: Scalars['Boolean']['input'];
};

export type CounterSaleInput = {
  associateId: Scalars['String']['input'];
  idempotencyKey: Scalars['String']['input'];
  lines: Array<OrderLineInput>;
  /** The customer's loyalty card or phone, as the cashier captured it (typed any way): the sale earns points on that card, and member prices apply. */
  loyaltyCard?: InputMaybe<Scalars['String']['input']>;
  /** Points to pay part of the sale with (1 point = 1,000 VND), from that card; the rest is paid with `tender`. */
  redeemPoints?: InputMaybe<Scalars['Int']['input']>;
  storeLocationId: Scalars['ID']['input'];
  tender?: TenderType;
  /** A voucher code the customer handed over: refused as at checkout when it cannot be used at this store. */
  voucherCode?: InputMaybe<Scalars['String']['input']>;
  workstationId: Scalars['Int']['input'];
};

export type CounterSalePayload = {
  __typename?: 'CounterSalePayload';
  order?: Maybe<StoreOrder>;
  /** Points the sale earned on the card. */
  pointsEarned?: Maybe<Scalars['Int']['output']>;
  /** Points paid with, taken from the card. */
  pointsRedeemed?: Maybe<Scalars['Int']['output']>;
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
  /** Profile changes asked for this customer, newest first, with where each has landed (see the profile changes block below). */
  profileChanges: ProfileChangeConnection;
};


export type CustomerProfileChangesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type DeliveryAddress = {
  __typename?: 'DeliveryAddress';
  city: Scalars['String']['output'];
  firstName: Scalars['String']['output'];
  lastName: Scalars['String']['output'];
  street: Array<Scalars['String']['output']>;
};

export type DeliveryAddressInput = {
  city: Scalars['String']['input'];
  firstName: Scalars['String']['input'];
  lastName: Scalars['String']['input'];
  street: Array<Scalars['String']['input']>;
};

export type FulfilmentChoice =
  /** Click & collect at `pickupLocationId`. */
  | 'PICKUP_IN_STORE'
  /** Delivered to the address, from a warehouse or a store. */
  | 'SHIP_TO_HOME';

export type HandOverSupportCaseInput = {
  /** Where the person handing over works. */
  channel?: SupportChannel;
  idempotencyKey: Scalars['String']['input'];
  /** What the next team needs to know: 1 to 4,000 characters. */
  note: Scalars['String']['input'];
  team: SupportTeam;
  ticketId: Scalars['ID']['input'];
};

/** Who spoke. */
export type InteractionAuthor =
  /** Staff: an agent, an associate, the back office. */
  | 'AGENT'
  | 'CUSTOMER';

export type Location = {
  __typename?: 'Location';
  id: Scalars['ID']['output'];
};

export type LogSupportInteractionInput = {
  author?: InteractionAuthor;
  channel: SupportChannel;
  contact?: InputMaybe<SupportContactInput>;
  /** The customer, by id; or give `contact`. */
  customerId?: InputMaybe<Scalars['ID']['input']>;
  idempotencyKey: Scalars['String']['input'];
  /** The new case's subject (1 to 200 characters); the first words of `text` when left out. */
  subject?: InputMaybe<Scalars['String']['input']>;
  /** What was said: 1 to 4,000 characters. */
  text: Scalars['String']['input'];
  /** The case it continues (`SupportTicket.id`); without it a new case opens. */
  ticketId?: InputMaybe<Scalars['ID']['input']>;
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
  /** Closes a case as solved, with its resolution in the transcript. */
  closeSupportCase: SupportCasePayload;
  /** Opens a cart: the customer's one cart, the same on the app, the website and a store tablet; or, without a customer, a guest cart. */
  createCart: CartPayload;
  /** The customer collects a click & collect order at the counter: recorded at the till, the reservation taken off, the order completed. */
  handOverPickup: OrderPayload;
  /** Hands a case to another team (the stores, after-sales...), with a note the next agent reads in the transcript. */
  handOverSupportCase: SupportCasePayload;
  /**
   * Logs what a customer said, or what staff answered, on any channel, against the customer (by id or
   * as the channel knows them: a Zalo id, a Facebook PSID, the phone they call from, their email).
   * With `ticketId` it continues that case, on the same ticket; without, it opens one. Staff with
   * support:write and the channel bridges log for anyone; a signed-in customer only from the app, on
   * their own cases (see the support block below).
   */
  logSupportInteraction: SupportInteractionPayload;
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
  /**
   * Changes a customer's phone, email, delivery address or consents per channel: the customer's own
   * (in the app), or any customer's for staff on their behalf. Recorded durably at once, then landed
   * in the CRM, the web shop and the delivery address of the customer's orders not yet shipped, in
   * order, retried until it lands; the payload and `Customer.profileChanges` show where it stands.
   */
  updateCustomerProfile: UpdateCustomerProfilePayload;
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
export type MutationCloseSupportCaseArgs = {
  input: CloseSupportCaseInput;
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
export type MutationHandOverSupportCaseArgs = {
  input: HandOverSupportCaseInput;
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
export type MutationLogSupportInteractionArgs = {
  input: LogSupportInteractionInput;
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


/**
 * What a customer or an associate does: carts, checkout, handovers, counter sales and returns. Every
 * mutation takes an idempotency key, one per user action: the same key with the same input changes
 * nothing more and answers the first request's outcome again (the same order or cart, the same
 * `userErrors`), with the order's or cart's fields read as they are now, as a query would answer
 * them. A refusal is an outcome too: to try again, use a new key. The same key with other input is
 * refused (IDEMPOTENCY_KEY_REUSED). Problems the caller can fix come back in `userErrors`; a system
 * that cannot answer is a GraphQL error (`<SYSTEM>_UNAVAILABLE`) and leaves nothing half done.
 */
export type MutationUpdateCustomerProfileArgs = {
  input: UpdateCustomerProfileInput;
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

/** One change asked of a customer's profile, and where it has landed. */
export type ProfileChange = {
  __typename?: 'ProfileChange';
  consents: Array<Consent>;
  /** One per system the change lands in. */
  deliveries: Array<ProfileDelivery>;
  deliveryAddress?: Maybe<DeliveryAddress>;
  /** Lower case. */
  email?: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  /** E.164. */
  phone?: Maybe<Scalars['String']['output']>;
  requestedAt: Scalars['DateTime']['output'];
};

export type ProfileChangeConnection = {
  __typename?: 'ProfileChangeConnection';
  edges: Array<ProfileChangeEdge>;
  pageInfo: ProfileChangePageInfo;
  totalCount: Scalars['Int']['output'];
};

export type ProfileChangeEdge = {
  __typename?: 'ProfileChangeEdge';
  cursor: Scalars['String']['output'];
  node: ProfileChange;
};

/** Commerce declares no shared PageInfo: its own, with the same fields. */
export type ProfileChangePageInfo = {
  __typename?: 'ProfileChangePageInfo';
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
  hasPreviousPage: Scalars['Boolean']['output'];
  startCursor?: Maybe<Scalars['String']['output']>;
};

export type ProfileDelivery = {
  __typename?: 'ProfileDelivery';
  attempts: Scalars['Int']['output'];
  lastAttemptAt?: Maybe<Scalars['DateTime']['output']>;
  /** Why the last attempt did not land: a code such as ECOMMERCE_UNAVAILABLE or EMAIL_TAKEN. */
  lastErrorCode?: Maybe<Scalars['String']['output']>;
  lastErrorReason?: Maybe<Scalars['String']['output']>;
  status: ProfileDeliveryStatus;
  system: ProfileSystem;
};

export type ProfileDeliveryStatus =
  | 'APPLIED'
  /** Refused by the system in a way retrying cannot fix (see the last error); nothing more is tried. */
  | 'FAILED'
  /** Not landed yet; retried until it does (see the last error). */
  | 'PENDING';

/** Where a profile change must land. */
export type ProfileSystem =
  | 'CRM'
  /** The delivery address of the customer's web orders not yet shipped (its phone, for a new phone alone). */
  | 'OPEN_ORDERS'
  | 'WEB_SHOP';

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
  /** Loyalty points given back for the part of the returned items the customer paid with points (not refunded in money). */
  pointsGivenBack?: Maybe<Scalars['Int']['output']>;
  /** Loyalty points taken back for the returned items. */
  pointsTakenBack?: Maybe<Scalars['Int']['output']>;
  /** What the web shop refunds for the returned items. */
  refunded?: Maybe<Money>;
  userErrors: Array<UserError>;
};

export type SupportCasePayload = {
  __typename?: 'SupportCasePayload';
  ticket?: Maybe<SupportTicket>;
  userErrors: Array<UserError>;
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

export type SupportContactInput = {
  kind: SupportContactKind;
  /** As the channel has it: a phone typed any way, an email in any case. */
  value: Scalars['String']['input'];
};

/** How a channel knows the customer it talks to. */
export type SupportContactKind =
  | 'EMAIL'
  /** A Facebook Messenger page-scoped id (PSID). */
  | 'FACEBOOK'
  | 'LOYALTY_CARD'
  | 'PHONE'
  /** A Zalo Official Account follower id. */
  | 'ZALO';

export type SupportInteractionPayload = {
  __typename?: 'SupportInteractionPayload';
  /** The customer it was logged for. */
  customer?: Maybe<Customer>;
  /** The case, read as `Customer.supportTickets` reads it. */
  ticket?: Maybe<SupportTicket>;
  userErrors: Array<UserError>;
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
  id: Scalars['ID']['output'];
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

export type UpdateCustomerProfileInput = {
  consents?: InputMaybe<Array<ConsentInput>>;
  customerId: Scalars['ID']['input'];
  /** The new default delivery address; the phone is the profile's. */
  deliveryAddress?: InputMaybe<DeliveryAddressInput>;
  email?: InputMaybe<Scalars['String']['input']>;
  idempotencyKey: Scalars['String']['input'];
  /** As the customer typed it; stored as E.164. */
  phone?: InputMaybe<Scalars['String']['input']>;
};

export type UpdateCustomerProfilePayload = {
  __typename?: 'UpdateCustomerProfilePayload';
  profileChange?: Maybe<ProfileChange>;
  userErrors: Array<UserError>;
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

export type WebOrder = {
  __typename?: 'WebOrder';
  id: Scalars['ID']['output'];
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
  CloseSupportCaseInput: CloseSupportCaseInput;
  Consent: ResolverTypeWrapper<Consent>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  ConsentChannel: ConsentChannel;
  ConsentInput: ConsentInput;
  CounterSaleInput: CounterSaleInput;
  CounterSalePayload: ResolverTypeWrapper<CounterSalePayload>;
  CreateCartInput: CreateCartInput;
  Customer: ResolverTypeWrapper<Customer>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  DeliveryAddress: ResolverTypeWrapper<DeliveryAddress>;
  DeliveryAddressInput: DeliveryAddressInput;
  FulfilmentChoice: FulfilmentChoice;
  HandOverSupportCaseInput: HandOverSupportCaseInput;
  InteractionAuthor: InteractionAuthor;
  Location: ResolverTypeWrapper<Location>;
  LogSupportInteractionInput: LogSupportInteractionInput;
  MergeGuestCartInput: MergeGuestCartInput;
  Money: ResolverTypeWrapper<Money>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  OrderLineInput: OrderLineInput;
  OrderPayload: ResolverTypeWrapper<OrderPayload>;
  OrderingChannel: OrderingChannel;
  PickupHandoverInput: PickupHandoverInput;
  ProfileChange: ResolverTypeWrapper<ProfileChange>;
  ProfileChangeConnection: ResolverTypeWrapper<ProfileChangeConnection>;
  ProfileChangeEdge: ResolverTypeWrapper<ProfileChangeEdge>;
  ProfileChangePageInfo: ResolverTypeWrapper<ProfileChangePageInfo>;
  ProfileDelivery: ResolverTypeWrapper<ProfileDelivery>;
  ProfileDeliveryStatus: ProfileDeliveryStatus;
  ProfileSystem: ProfileSystem;
  ReturnLineInput: ReturnLineInput;
  ReturnedCondition: ReturnedCondition;
  StoreOrder: ResolverTypeWrapper<StoreOrder>;
  StoreReturnInput: StoreReturnInput;
  StoreReturnPayload: ResolverTypeWrapper<StoreReturnPayload>;
  SupportCasePayload: ResolverTypeWrapper<SupportCasePayload>;
  SupportChannel: SupportChannel;
  SupportContactInput: SupportContactInput;
  SupportContactKind: SupportContactKind;
  SupportInteractionPayload: ResolverTypeWrapper<SupportInteractionPayload>;
  SupportTeam: SupportTeam;
  SupportTicket: ResolverTypeWrapper<SupportTicket>;
  TenderType: TenderType;
  UpdateCartLineInput: UpdateCartLineInput;
  UpdateCustomerProfileInput: UpdateCustomerProfileInput;
  UpdateCustomerProfilePayload: ResolverTypeWrapper<UpdateCustomerProfilePayload>;
  UserError: ResolverTypeWrapper<UserError>;
  UserErrorCode: UserErrorCode;
  WebOrder: ResolverTypeWrapper<WebOrder>;
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
  CloseSupportCaseInput: CloseSupportCaseInput;
  Consent: Consent;
  Boolean: Scalars['Boolean']['output'];
  ConsentInput: ConsentInput;
  CounterSaleInput: CounterSaleInput;
  CounterSalePayload: CounterSalePayload;
  CreateCartInput: CreateCartInput;
  Customer: Customer | FederationReferenceTypes['Customer'];
  DateTime: Scalars['DateTime']['output'];
  DeliveryAddress: DeliveryAddress;
  DeliveryAddressInput: DeliveryAddressInput;
  HandOverSupportCaseInput: HandOverSupportCaseInput;
  Location: Location;
  LogSupportInteractionInput: LogSupportInteractionInput;
  MergeGuestCartInput: MergeGuestCartInput;
  Money: Money;
  Mutation: Record<PropertyKey, never>;
  OrderLineInput: OrderLineInput;
  OrderPayload: OrderPayload;
  PickupHandoverInput: PickupHandoverInput;
  ProfileChange: ProfileChange;
  ProfileChangeConnection: ProfileChangeConnection;
  ProfileChangeEdge: ProfileChangeEdge;
  ProfileChangePageInfo: ProfileChangePageInfo;
  ProfileDelivery: ProfileDelivery;
  ReturnLineInput: ReturnLineInput;
  StoreOrder: StoreOrder;
  StoreReturnInput: StoreReturnInput;
  StoreReturnPayload: StoreReturnPayload;
  SupportCasePayload: SupportCasePayload;
  SupportContactInput: SupportContactInput;
  SupportInteractionPayload: SupportInteractionPayload;
  SupportTicket: SupportTicket;
  UpdateCartLineInput: UpdateCartLineInput;
  UpdateCustomerProfileInput: UpdateCustomerProfileInput;
  UpdateCustomerProfilePayload: UpdateCustomerProfilePayload;
  UserError: UserError;
  WebOrder: WebOrder;
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
  pointsRedeemed?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
}>;

export type ConsentResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Consent'] = ResolversParentTypes['Consent']> = ResolversObject<{
  channel?: Resolver<ResolversTypes['ConsentChannel'], ParentType, ContextType>;
  granted?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
}>;

export type CounterSalePayloadResolvers<ContextType = Context, ParentType extends ResolversParentTypes['CounterSalePayload'] = ResolversParentTypes['CounterSalePayload']> = ResolversObject<{
  order?: Resolver<Maybe<ResolversTypes['StoreOrder']>, ParentType, ContextType>;
  pointsEarned?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  pointsRedeemed?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
}>;

export type CustomerResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Customer'] = ResolversParentTypes['Customer'], FederationReferenceType extends FederationReferenceTypes['Customer'] = FederationReferenceTypes['Customer']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Customer']> | FederationReferenceType, FederationReferenceType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  profileChanges?: Resolver<ResolversTypes['ProfileChangeConnection'], ParentType, ContextType, RequireFields<CustomerProfileChangesArgs, 'first'>>;
}>;

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type DeliveryAddressResolvers<ContextType = Context, ParentType extends ResolversParentTypes['DeliveryAddress'] = ResolversParentTypes['DeliveryAddress']> = ResolversObject<{
  city?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  firstName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  lastName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  street?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
}>;

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
  closeSupportCase?: Resolver<ResolversTypes['SupportCasePayload'], ParentType, ContextType, RequireFields<MutationCloseSupportCaseArgs, 'input'>>;
  createCart?: Resolver<ResolversTypes['CartPayload'], ParentType, ContextType, RequireFields<MutationCreateCartArgs, 'input'>>;
  handOverPickup?: Resolver<ResolversTypes['OrderPayload'], ParentType, ContextType, RequireFields<MutationHandOverPickupArgs, 'input'>>;
  handOverSupportCase?: Resolver<ResolversTypes['SupportCasePayload'], ParentType, ContextType, RequireFields<MutationHandOverSupportCaseArgs, 'input'>>;
  logSupportInteraction?: Resolver<ResolversTypes['SupportInteractionPayload'], ParentType, ContextType, RequireFields<MutationLogSupportInteractionArgs, 'input'>>;
  mergeGuestCart?: Resolver<ResolversTypes['CartPayload'], ParentType, ContextType, RequireFields<MutationMergeGuestCartArgs, 'input'>>;
  placeAssistedOrder?: Resolver<ResolversTypes['CheckoutPayload'], ParentType, ContextType, RequireFields<MutationPlaceAssistedOrderArgs, 'input'>>;
  returnWebOrderInStore?: Resolver<ResolversTypes['StoreReturnPayload'], ParentType, ContextType, RequireFields<MutationReturnWebOrderInStoreArgs, 'input'>>;
  sellAtCounter?: Resolver<ResolversTypes['CounterSalePayload'], ParentType, ContextType, RequireFields<MutationSellAtCounterArgs, 'input'>>;
  updateCartLine?: Resolver<ResolversTypes['CartPayload'], ParentType, ContextType, RequireFields<MutationUpdateCartLineArgs, 'input'>>;
  updateCustomerProfile?: Resolver<ResolversTypes['UpdateCustomerProfilePayload'], ParentType, ContextType, RequireFields<MutationUpdateCustomerProfileArgs, 'input'>>;
}>;

export type OrderPayloadResolvers<ContextType = Context, ParentType extends ResolversParentTypes['OrderPayload'] = ResolversParentTypes['OrderPayload']> = ResolversObject<{
  order?: Resolver<Maybe<ResolversTypes['WebOrder']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
}>;

export type ProfileChangeResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ProfileChange'] = ResolversParentTypes['ProfileChange']> = ResolversObject<{
  consents?: Resolver<Array<ResolversTypes['Consent']>, ParentType, ContextType>;
  deliveries?: Resolver<Array<ResolversTypes['ProfileDelivery']>, ParentType, ContextType>;
  deliveryAddress?: Resolver<Maybe<ResolversTypes['DeliveryAddress']>, ParentType, ContextType>;
  email?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  phone?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  requestedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
}>;

export type ProfileChangeConnectionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ProfileChangeConnection'] = ResolversParentTypes['ProfileChangeConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['ProfileChangeEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['ProfileChangePageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type ProfileChangeEdgeResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ProfileChangeEdge'] = ResolversParentTypes['ProfileChangeEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['ProfileChange'], ParentType, ContextType>;
}>;

export type ProfileChangePageInfoResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ProfileChangePageInfo'] = ResolversParentTypes['ProfileChangePageInfo']> = ResolversObject<{
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  hasPreviousPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  startCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type ProfileDeliveryResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ProfileDelivery'] = ResolversParentTypes['ProfileDelivery']> = ResolversObject<{
  attempts?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  lastAttemptAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  lastErrorCode?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  lastErrorReason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['ProfileDeliveryStatus'], ParentType, ContextType>;
  system?: Resolver<ResolversTypes['ProfileSystem'], ParentType, ContextType>;
}>;

export type StoreOrderResolvers<ContextType = Context, ParentType extends ResolversParentTypes['StoreOrder'] = ResolversParentTypes['StoreOrder']> = ResolversObject<{
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export type StoreReturnPayloadResolvers<ContextType = Context, ParentType extends ResolversParentTypes['StoreReturnPayload'] = ResolversParentTypes['StoreReturnPayload']> = ResolversObject<{
  order?: Resolver<Maybe<ResolversTypes['WebOrder']>, ParentType, ContextType>;
  pointsGivenBack?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  pointsTakenBack?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  refunded?: Resolver<Maybe<ResolversTypes['Money']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
}>;

export type SupportCasePayloadResolvers<ContextType = Context, ParentType extends ResolversParentTypes['SupportCasePayload'] = ResolversParentTypes['SupportCasePayload']> = ResolversObject<{
  ticket?: Resolver<Maybe<ResolversTypes['SupportTicket']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
}>;

export type SupportInteractionPayloadResolvers<ContextType = Context, ParentType extends ResolversParentTypes['SupportInteractionPayload'] = ResolversParentTypes['SupportInteractionPayload']> = ResolversObject<{
  customer?: Resolver<Maybe<ResolversTypes['Customer']>, ParentType, ContextType>;
  ticket?: Resolver<Maybe<ResolversTypes['SupportTicket']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
}>;

export type SupportTicketResolvers<ContextType = Context, ParentType extends ResolversParentTypes['SupportTicket'] = ResolversParentTypes['SupportTicket']> = ResolversObject<{
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export type UpdateCustomerProfilePayloadResolvers<ContextType = Context, ParentType extends ResolversParentTypes['UpdateCustomerProfilePayload'] = ResolversParentTypes['UpdateCustomerProfilePayload']> = ResolversObject<{
  profileChange?: Resolver<Maybe<ResolversTypes['ProfileChange']>, ParentType, ContextType>;
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
  Consent?: ConsentResolvers<ContextType>;
  CounterSalePayload?: CounterSalePayloadResolvers<ContextType>;
  Customer?: CustomerResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  DeliveryAddress?: DeliveryAddressResolvers<ContextType>;
  Location?: LocationResolvers<ContextType>;
  Money?: MoneyResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  OrderPayload?: OrderPayloadResolvers<ContextType>;
  ProfileChange?: ProfileChangeResolvers<ContextType>;
  ProfileChangeConnection?: ProfileChangeConnectionResolvers<ContextType>;
  ProfileChangeEdge?: ProfileChangeEdgeResolvers<ContextType>;
  ProfileChangePageInfo?: ProfileChangePageInfoResolvers<ContextType>;
  ProfileDelivery?: ProfileDeliveryResolvers<ContextType>;
  StoreOrder?: StoreOrderResolvers<ContextType>;
  StoreReturnPayload?: StoreReturnPayloadResolvers<ContextType>;
  SupportCasePayload?: SupportCasePayloadResolvers<ContextType>;
  SupportInteractionPayload?: SupportInteractionPayloadResolvers<ContextType>;
  SupportTicket?: SupportTicketResolvers<ContextType>;
  UpdateCustomerProfilePayload?: UpdateCustomerProfilePayloadResolvers<ContextType>;
  UserError?: UserErrorResolvers<ContextType>;
  WebOrder?: WebOrderResolvers<ContextType>;
}>;

