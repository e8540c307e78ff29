import { GraphQLError } from 'graphql';
import { SCOPES, type Scope } from './access';
import type { Caller } from './context';
import type { CustomerLookup, CustomerRecords } from './customer-lookup';
import { plantOfLocation } from './ids';

/**
 * Row rules: whose customer, orders and carts a caller reaches, and at which stores they work. The
 * gateway's field rules (`@requiresScopes`) say which fields a role may read; these say which rows,
 * and every subgraph applies them itself from the signed caller, so they hold even if a field rule
 * is misconfigured. A row a caller may not reach is refused the same way whether it exists or not,
 * so a refusal tells nothing about other customers; it is a GraphQL error (FORBIDDEN, or
 * UNAUTHENTICATED when signing in would help) naming no system.
 */

/** Whose rows of one kind (customers, orders) a caller reaches. */
export type Reach = { kind: 'every' } | { kind: 'own'; customerId: string } | { kind: 'none' };

/**
 * Staff and Omnigraph's own service reach every row of a kind through its scope (customers:read,
 * orders:read); a signed-in customer only their own customer's; anyone else (anonymous, partners) none.
 */
export function reachOf(caller: Caller, everyScope: Scope): Reach {
  if (caller.scopes.includes(everyScope)) return { kind: 'every' };
  if (caller.customerId !== null && caller.scopes.includes(SCOPES.self)) return { kind: 'own', customerId: caller.customerId };
  return { kind: 'none' };
}

export const customersReach = (caller: Caller) => reachOf(caller, SCOPES.readCustomers);
export const ordersReach = (caller: Caller) => reachOf(caller, SCOPES.readOrders);

/** "Sign in to …" for an anonymous caller (a customer's sign-in may be all it takes), "You may not …" for anyone else. */
export function refusal(caller: Caller, what: string): GraphQLError {
  return caller.id === null
    ? new GraphQLError(`Sign in to ${what}.`, { extensions: { code: 'UNAUTHENTICATED' } })
    : new GraphQLError(`You may not ${what}.`, { extensions: { code: 'FORBIDDEN' } });
}

/**
 * A customer's rows by the customer's id: anyone's for holders of `everyScope`, a customer's own for
 * them. In a `__resolveReference`, check from an async resolver: a synchronous throw there fails
 * every representation of the `_entities` batch, not just the refused one.
 */
export function assertReachesCustomer(caller: Caller, customerId: string, everyScope: Scope = SCOPES.readCustomers): void {
  const reach = reachOf(caller, everyScope);
  if (reach.kind === 'every' || (reach.kind === 'own' && reach.customerId === customerId)) return;
  throw refusal(caller, 'see or act for this customer');
}

/**
 * Store work needing one of `scopes` (counter work, running the store), at a store the caller works
 * at (`caller.stores`, plant codes such as S101). Omnigraph's own service runs every store: the
 * sweep cancels uncollected pickups everywhere.
 */
export function assertWorksAt(caller: Caller, storeLocationId: string, scopes: readonly Scope[]): void {
  const plant = plantOfLocation(storeLocationId);
  const scoped = scopes.some((scope) => caller.scopes.includes(scope));
  const everyStore = caller.roles.includes('service') && scopes.includes(SCOPES.manageStore) && caller.scopes.includes(SCOPES.manageStore);
  if (scoped && (everyStore || (plant !== null && caller.stores.includes(plant)))) return;
  throw refusal(caller, 'do this at this store');
}

/**
 * The signed-in customer's records, asked of identity at most once per request and only when a row
 * check needs them (a customer's order or cart that this request has not already shown to be theirs).
 */
export function signedInCustomer(lookup: CustomerLookup, caller: Caller): () => Promise<CustomerRecords | null> {
  let records: Promise<CustomerRecords | null> | undefined;
  return () => (records ??= caller.customerId === null ? Promise.resolve(null) : lookup.records(caller.customerId));
}

/**
 * A cart the caller may read and change. A guest cart's id carries its masked id, which only whoever
 * opened the cart holds, so the id is the key. A customer's cart id is a plain number anyone could
 * guess: staff who reach every customer (a store tablet, the call center) may use any, a signed-in
 * customer only one of their own web accounts', and anyone else none, refused before the cart is
 * read. `read` is that one read; a customer is refused alike for someone else's cart and for none.
 */
export async function reachableCart<T extends { webCustomerId: number | null }>(
  caller: Caller,
  kind: 'customer' | 'guest',
  read: () => Promise<T | null>,
  signedIn: () => Promise<CustomerRecords | null>,
): Promise<T | null> {
  if (kind === 'guest') return read();
  const reach = customersReach(caller);
  if (reach.kind === 'every') return read();
  if (reach.kind === 'none') throw refusal(caller, 'use this cart');
  const [customer, cart] = await Promise.all([signedIn(), read()]);
  const owner = cart?.webCustomerId ?? null;
  if (owner !== null && customer !== null && customer.webCustomerIds.includes(owner)) return cart;
  throw refusal(caller, 'use this cart');
}
