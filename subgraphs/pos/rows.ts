import type { CustomerRecords } from '../../lib/customer-lookup';
import { normalizePhone } from '../../lib/identifiers';
import { ordersReach, refusal } from '../../lib/rows';
import type { Receipt } from '../../connectors/pos';
import type { Context } from './context';
import { isCustomers } from './loaders';

/**
 * Which store orders a caller reaches (the rules themselves are lib/rows.ts). Decided here, where
 * the receipt is read, because the receipt names its customer: the loyalty card or phone the
 * cashier captured. A sale that captured neither is no customer's.
 */

function capturedFor(receipt: Receipt, customer: CustomerRecords | null): boolean {
  if (customer === null) return false;
  const phones = customer.phones.map(normalizePhone).filter((phone): phone is string => phone !== null);
  return isCustomers(receipt, new Set(customer.loyaltyCards), new Set(phones));
}

/**
 * A store sale, if the caller reaches it: staff any; a signed-in customer only one that captured
 * their card or phone, refused alike for someone else's and for none. Their own history costs no
 * lookup: this request's order index looked up their cards and phones, and a sale that captured one
 * of those is theirs. A caller who may read no order reaches a StoreOrder only through a mutation
 * commerce let them make (`order(id)` and `orderHistory` refuse them in their own subgraphs).
 */
export async function reachableSale(context: Context, sale: Receipt | null): Promise<Receipt | null> {
  if (ordersReach(context.caller).kind !== 'own') return sale;
  const lookedUp = context.lookups.recall();
  if (
    sale !== null &&
    ((lookedUp !== null && isCustomers(sale, lookedUp.cards, lookedUp.phones)) || capturedFor(sale, await context.signedIn()))
  )
    return sale;
  throw refusal(context.caller, 'see this order');
}
