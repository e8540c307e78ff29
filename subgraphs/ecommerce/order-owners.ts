import DataLoader from 'dataloader';
import { serviceCaller } from '../../lib/context';
import { gatewaySecret } from '../../lib/signature';
import { SubgraphCall } from '../../lib/subgraph-call';
import { subgraphUrlOf } from '../../lib/subgraph-locations';
import type { WebOrderRecord } from '../../connectors/ecommerce';
import type { Context } from './context';

/**
 * Whose a web order is, for the record of who looked (lib/access-record/): an order names a web
 * account or only an email, never the Omnigraph customer, so identity, the one owner of who is who,
 * is asked, as for the row checks (lib/customer-lookup.ts): signed as the gateway signs, as this
 * subgraph's own service (`service:ecommerce`, whose reads identity does not record).
 */

/** Keys per identity call: a page of 100 orders has at most 100 distinct owners' keys. */
const MAX_BATCH = 100;
/** Identity refuses longer identifiers (and empty ones): nobody is known by them, so they are not asked. */
const MAX_IDENTIFIER = 200;

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

interface Found {
  id: string;
}

export class OrderOwners {
  constructor(private readonly identity: SubgraphCall) {}

  /** Signed and timed out as CustomerLookup.fromEnv signs and times its calls. */
  static fromEnv(env: NodeJS.ProcessEnv = process.env): OrderOwners {
    const timeoutMs = env.SUBGRAPH_TIMEOUT_MS ? Number(env.SUBGRAPH_TIMEOUT_MS) : 8_000;
    const caller = serviceCaller('service:ecommerce');
    return new OrderOwners(new SubgraphCall('identity', subgraphUrlOf('identity', env), gatewaySecret(env), caller, timeoutMs));
  }

  /**
   * The customer id of each key, null where identity knows no one by it: one identity call for them
   * all, each key an alias of `customerByIdentifier` (a miss makes identity read changes first, once
   * for the whole call). Fails, as IDENTITY_UNAVAILABLE, when identity cannot answer every key.
   */
  async customersOf(keys: readonly OwnerKey[]): Promise<(string | null)[]> {
    const variables: Record<string, { kind: string; value: string }> = {};
    const declared: string[] = [];
    const asked: string[] = [];
    keys.forEach((key, i) => {
      const colon = key.indexOf(':');
      const value = key.slice(colon + 1);
      if (value === '' || value.length > MAX_IDENTIFIER) return;
      variables[`k${i}`] = { kind: key.slice(0, colon), value };
      declared.push(`$k${i}: CustomerIdentifierInput!`);
      asked.push(`k${i}: customerByIdentifier(identifier: $k${i}) { id }`);
    });
    if (asked.length === 0) return keys.map(() => null);
    const answer = await this.identity.query<Record<string, Found | null>>(
      `query(${declared.join(', ')}) { ${asked.join(' ')} }`,
      variables,
    );
    return keys.map((_key, i) => answer[`k${i}`]?.id ?? null);
  }

  /** A request's lookups: each distinct key asked once, those of one page of orders in one call. */
  loader(): DataLoader<OwnerKey, string | null> {
    return new DataLoader((keys) => this.customersOf(keys), { maxBatchSize: MAX_BATCH });
  }
}

/**
 * Notes a read of an order's email for the customer it belongs to, before the email is served:
 * only when the caller's reads are recorded (not the customer's own, not the service's), and
 * without asking identity for orders this request's order index listed for a customer. An order
 * whose customer identity does not know (a guest's email no customer has) is recorded under no one:
 * the record is kept per customer, and there is nobody to show it to.
 */
export async function noteEmailRead(context: Context, order: WebOrderRecord): Promise<void> {
  if (!context.customerReads.recorded) return;
  const owner = context.indexed.ownerOf(order.number) ?? (await context.orderOwners.load(ownerKeyOf(order)));
  if (owner !== null) context.customerReads.read(owner, 'WebOrder.email');
}
