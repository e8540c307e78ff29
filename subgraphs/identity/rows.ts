import { SCOPES } from '../../lib/access';
import type { Caller } from '../../lib/context';
import { customersReach, refusal } from '../../lib/rows';
import { GraphQLError } from 'graphql';
import type { Context } from './context';
import { customerIdOf, type CustomerDirectory, type IdentifierKind } from './directory';
import type { CustomerCluster } from './linking';

/**
 * Which customers a caller reaches through identity, the entry point of every customer's data: the
 * crm, ecommerce, pos and orders subgraphs get a Customer only after identity answered it here.
 */

/**
 * Every customer a lookup names (an id names one; an identifier those who hold it): a miss may
 * only be a record created since the last sync, so it reads changes and looks again.
 */
async function findFresh(context: Context, find: (directory: CustomerDirectory) => CustomerCluster[]): Promise<CustomerCluster[]> {
  const found = find(context.directory);
  if (found.length > 0) return found;
  await context.sync.refreshAfterMiss();
  return find(context.sync.current());
}

const one = (cluster: CustomerCluster | null) => (cluster ? [cluster] : []);

/**
 * The customer a lookup names, if the caller may see them: staff any (a miss reads changes first, as
 * ever); a signed-in customer only themselves, so another customer's id or identifier is refused
 * exactly like one nobody has (and costs no read of the systems); anyone else no one.
 */
export async function reachableCustomer(
  context: Context,
  find: (directory: CustomerDirectory) => CustomerCluster | null,
): Promise<CustomerCluster | null> {
  return (await reachableHolders(context, (directory) => one(find(directory)), 'see this customer'))[0] ?? null;
}

/**
 * Staff: everyone the lookup names. A signed-in customer: themself if they are among them, whoever
 * else is, and nobody else ever; otherwise FORBIDDEN, exactly as when nobody is.
 */
async function reachableHolders(
  context: Context,
  find: (directory: CustomerDirectory) => CustomerCluster[],
  what: string,
): Promise<CustomerCluster[]> {
  const reach = customersReach(context.caller);
  if (reach.kind === 'every') return findFresh(context, find);
  const signedIn = await signedInCustomer(context);
  // Compared within the directory the customer was found in: a sync may swap in a newer one meanwhile.
  if (signedIn !== null && find(signedIn.directory).includes(signedIn.customer)) return [signedIn.customer];
  throw refusal(context.caller, what);
}

/**
 * The one customer an identifier names, if the caller may see them. Staff: null when nobody holds
 * it; SHARED_IDENTIFIER when several do (a household's phone, a family's email): never one of them
 * picked. A signed-in customer: themself when they hold it, whoever else does.
 */
export async function customerByIdentifier(context: Context, kind: IdentifierKind, value: string): Promise<CustomerCluster | null> {
  const holders = await reachableHolders(context, (directory) => directory.holders(kind, value), 'see this customer');
  if (holders.length > 1) {
    throw new GraphQLError(`${holders.length} customers share this identifier: ask customersByIdentifier for each of them.`, {
      extensions: { code: 'SHARED_IDENTIFIER' },
    });
  }
  return holders[0] ?? null;
}

/** Everyone who holds an identifier: staff only (the field rule says so, and so does this). */
export async function identifierHolders(context: Context, kind: IdentifierKind, value: string): Promise<CustomerCluster[]> {
  if (customersReach(context.caller).kind !== 'every') throw refusal(context.caller, 'see who holds this identifier');
  return findFresh(context, (directory) => directory.holders(kind, value));
}

/**
 * The customer a customer's sign-in is linked to, and the directory it was found in (a sign-in may
 * come before the sync that brings a new customer, so a miss reads changes); null for anyone else.
 */
export async function signedInCustomer(context: Context): Promise<{ directory: CustomerDirectory; customer: CustomerCluster } | null> {
  const reach = customersReach(context.caller);
  if (reach.kind !== 'own') return null;
  let directory = context.directory;
  let customer = directory.byId(reach.customerId);
  if (!customer) {
    await context.sync.refreshAfterMiss();
    directory = context.sync.current();
    customer = directory.byId(reach.customerId);
  }
  return customer ? { directory, customer } : null;
}

/** Every customer at once, and the records one system keeps apart: the back office's (customers:list). */
export function assertListsCustomers(caller: Caller): void {
  if (!caller.scopes.includes(SCOPES.listCustomers)) throw refusal(caller, 'list customers');
}

/**
 * Who may read a customer's record of who looked: the customer themself, and the back office
 * (customers:list), where the data protection officer answers customers' requests. Staff who serve
 * customers (agents, store staff) read a customer's data, not who else read it.
 */
export async function assertSeesAccessLog(context: Context, customer: CustomerCluster): Promise<void> {
  if (context.caller.scopes.includes(SCOPES.listCustomers)) return;
  const signedIn = await signedInCustomer(context);
  if (signedIn !== null && customerIdOf(signedIn.customer.anchor) === customerIdOf(customer.anchor)) return;
  throw refusal(context.caller, "see who read this customer's data");
}
