import { SCOPES } from '../../lib/access';
import type { CustomerRecords } from '../../lib/customer-lookup';
import { assertWorksAt, ordersReach, reachableCart, refusal } from '../../lib/rows';
import { cartRefOf, WebCartDetail, WebOrderRecord } from '../../connectors/ecommerce';
import type { Context } from './context';

/**
 * Which web orders, carts and pickup queues a caller reaches (the rules themselves are lib/rows.ts).
 * Orders are decided here, not where `order(id)` names one: the web order read here carries its
 * owner (web account, guest email), and a customer's own history costs no extra call, since the
 * orders their index read in this request are theirs.
 */

/** The customer's, as their order index lists it: placed from one of their web accounts, or as a guest under one of their emails. */
function isCustomersOrder(order: WebOrderRecord, customer: CustomerRecords | null): boolean {
  if (customer === null) return false;
  if (order.customerId !== null) return customer.webCustomerIds.includes(order.customerId);
  return order.placedAsGuest && customer.emails.includes(order.email.toLowerCase());
}

/**
 * A web order, if the caller reaches it: staff any; a signed-in customer only their own, refused
 * alike for someone else's and for none. A caller who may read no order (anonymous, a partner)
 * is never handed one by a query (`order(id)` and `orderHistory` refuse them in their own
 * subgraphs), only by the payload of a mutation commerce let them make: their own guest checkout.
 */
export async function reachableOrder(context: Context, number: string): Promise<WebOrderRecord | null> {
  const reach = ordersReach(context.caller);
  const order = await context.loaders.order.load(number);
  if (reach.kind !== 'own') return order;
  if (order !== null && (context.indexed.recall(number) !== undefined || isCustomersOrder(order, await context.signedIn()))) return order;
  throw refusal(context.caller, 'see this order');
}

/** A cart by its graph id, if the caller may use it (lib/rows.ts reachableCart); null for an id that is not a cart's. */
export async function reachableCartById(context: Context, id: string): Promise<WebCartDetail | null> {
  const ref = cartRefOf(id);
  return ref === null ? null : reachableCart(context.caller, ref.kind, () => context.loaders.cart.load(id), context.signedIn);
}

/** A store's pickup queue is its own staff's (and the sweep's). */
export function assertSeesPickupQueue(context: Context, locationId: string): void {
  assertWorksAt(context.caller, locationId, [SCOPES.storeCounter, SCOPES.manageStore]);
}
