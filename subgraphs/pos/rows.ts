import type { CustomerRecords } from '../../lib/customer-lookup';
import { ordersReach, refusal } from '../../lib/rows';
import type { Receipt } from '../../connectors/pos';
import type { Context } from './context';
import { isSaleOf } from './loaders';

/**
 * Which store orders a caller reaches (the rules themselves are lib/rows.ts). Decided here, where
 * the receipt is read, because the receipt names its customer: the loyalty card or phone the
 * cashier captured, when only that customer holds it. A sale that captured neither is no customer's,
 * and one whose phone a household shares is nobody's until someone confirms whose (identity keeps that).
 */

function capturedFor(receipt: Receipt, customer: CustomerRecords | null): boolean {
  return customer !== null && isSaleOf(receipt, customer);
}

/**
 * A store sale, if the caller reaches it: staff any; a signed-in customer only one that captured
 * their card or their own phone, or confirmed theirs, refused alike for someone else's and for none.
 * Their own history costs no lookup: this request's order index found their sales. A caller who may read no order reaches a StoreOrder only through a mutation
 * commerce let them make (`order(id)` and `orderHistory` refuse them in their own subgraphs).
 */
export async function reachableSale(context: Context, sale: Receipt | null): Promise<Receipt | null> {
  if (ordersReach(context.caller).kind !== 'own') return sale;
  const lookedUp = context.lookups.recall();
  if (sale !== null && ((lookedUp !== null && lookedUp.sales.has(sale.key)) || capturedFor(sale, await context.signedIn()))) return sale;
  throw refusal(context.caller, 'see this order');
}
