import { SCOPES } from '../../lib/access';
import type { Caller } from '../../lib/context';
import { assertReachesCustomer, assertWorksAt, customersReach, refusal } from '../../lib/rows';

/**
 * The row rules of commerce's mutations that the input alone decides (lib/rows.ts), checked before
 * the idempotency key is claimed: a refused request records nothing, changes nothing and calls no
 * system. Which carts a caller may use needs the cart's owner, so carts.ts checks that (openCart).
 */

/** A guest cart is anyone's to open; a customer's cart, staff's or that customer's own. */
export function assertMayOpenCartFor(caller: Caller, customerId: string | null | undefined): void {
  if (customerId) assertReachesCustomer(caller, customerId);
}

/** Signing in: the guest cart goes into the signed-in customer's cart (or one staff help with). */
export function assertMayMergeInto(caller: Caller, customerId: string): void {
  assertReachesCustomer(caller, customerId);
}

/** The endless aisle: a call-center agent orders from any store, an associate only at their own store. */
export function assertMayOrderFor(caller: Caller, input: { customerId: string; storeLocationId: string }): void {
  assertReachesCustomer(caller, input.customerId);
  if (!caller.scopes.includes(SCOPES.assistOrders)) assertWorksAt(caller, input.storeLocationId, [SCOPES.storeCounter]);
}

/** Selling, handing over pickups and taking returns: counter work at one of the caller's stores. */
export function assertCounterWorkAt(caller: Caller, storeLocationId: string): void {
  assertWorksAt(caller, storeLocationId, [SCOPES.storeCounter]);
}

/** Cancelling a store's uncollected pickups: its manager's, or the sweep's (the service). */
export function assertRunsStore(caller: Caller, storeLocationId: string): void {
  assertWorksAt(caller, storeLocationId, [SCOPES.manageStore]);
}

/** A profile change: the customer's own (in the app), or staff's on any customer's behalf (customers:write). */
export function assertMayChangeProfileOf(caller: Caller, customerId: string): void {
  assertReachesCustomer(caller, customerId, SCOPES.writeCustomers);
}

/**
 * Logging a support interaction: staff with support:write and the channel bridges (the service) for
 * anyone; a signed-in customer only their own words, from the app, for themself. Which case is
 * theirs needs the ticket's owner, so support.ts checks that after one read.
 */
export function assertMayLogSupport(
  caller: Caller,
  input: { channel: string; author?: string | null; customerId?: string | null },
): 'staff' | 'customer' {
  if (caller.scopes.includes(SCOPES.writeSupport)) return 'staff';
  if (customersReach(caller).kind !== 'own') throw refusal(caller, 'log support interactions');
  if (input.channel !== 'APP' || (input.author ?? 'CUSTOMER') !== 'CUSTOMER') throw refusal(caller, 'log this interaction');
  if (input.customerId && input.customerId !== caller.customerId) throw refusal(caller, 'log for this customer');
  return 'customer';
}

/** Handing over and closing support cases: support:write alone. */
export function assertWorksSupportCases(caller: Caller): void {
  if (!caller.scopes.includes(SCOPES.writeSupport)) throw refusal(caller, 'work support cases');
}
