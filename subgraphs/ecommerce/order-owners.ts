import DataLoader from 'dataloader';
import type { CustomerLookup } from '../../lib/customer-lookup';
import type { WebOrderRecord } from '../../connectors/ecommerce';
import type { Context } from './context';

/**
 * Whose a web order is, for the record of who looked (lib/access-record/): an order names a web
 * account or only an email, never the Omnigraph customer, so identity, the one owner of who is who,
 * is asked through the subgraph's customer lookup (as `service:ecommerce`, whose reads identity
 * does not record).
 */

/** Keys per identity call: a page of 100 orders has at most 100 distinct owners' keys. */
const MAX_BATCH = 100;

/** `WEB_CUSTOMER_ID:<web account id>` or `EMAIL:<lower-case email>`: how identity finds the order's customer, and the request's cache key. */
export type OwnerKey = `${'WEB_CUSTOMER_ID' | 'EMAIL'}:${string}`;

/**
 * An order from a web account is its account's customer's. One without an account (a guest's, or
 * one whose account was since deleted, which Magento leaves without a customer id) is the customer
 * identity knows by its email, in any case.
 */
export function ownerKeyOf(order: WebOrderRecord): OwnerKey {
  return order.customerId !== null ? `WEB_CUSTOMER_ID:${order.customerId}` : `EMAIL:${order.email.trim().toLowerCase()}`;
}

/** A request's owner lookups: each distinct key asked once, those of one page of orders in one identity call. */
export function orderOwnersLoader(customers: CustomerLookup): DataLoader<OwnerKey, string[]> {
  return new DataLoader(
    (keys) =>
      customers.holdersOf(
        keys.map((key) => {
          const colon = key.indexOf(':');
          return { kind: key.slice(0, colon) as 'WEB_CUSTOMER_ID' | 'EMAIL', value: key.slice(colon + 1) };
        }),
      ),
    { maxBatchSize: MAX_BATCH },
  );
}

/**
 * Notes a read of an order's email for the customer it belongs to, before the email is served:
 * only when the caller's reads are recorded (not the customer's own, not the service's), and
 * without asking identity for orders this request's order index listed for a customer. An order
 * whose customer identity does not know (a guest's email no customer has) is recorded under no one:
 * the record is kept per customer, and there is nobody to show it to. A guest's email a family
 * shares is recorded for each customer who holds it: the email read is each one's.
 */
export async function noteEmailRead(context: Context, order: WebOrderRecord): Promise<void> {
  if (!context.customerReads.recorded) return;
  const indexed = context.indexed.ownerOf(order.number);
  const owners = indexed !== undefined ? [indexed] : await context.orderOwners.load(ownerKeyOf(order));
  for (const owner of owners) context.customerReads.read(owner, 'WebOrder.email');
}
