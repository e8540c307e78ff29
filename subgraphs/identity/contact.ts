import { SCOPES } from '../../lib/access';
import { connectionFromList, pageOf } from '../../lib/relay';
import { refusal } from '../../lib/rows';
import type { Context } from './context';
import type { ConsentChannel, QueryCustomersToContactArgs } from './generated/graphql';
import type { CustomerCluster } from './linking';

const DEFAULT_PAGE = 20;
const MAX_PAGE = 100;

/** Whether a customer has something to reach them by on the channel; the app signs customers in with their web account. */
function reachableOn(channel: ConsentChannel, cluster: CustomerCluster): boolean {
  if (channel === 'EMAIL') return cluster.emails.length > 0;
  if (channel === 'PUSH') return cluster.records.some((member) => member.record.system === 'ECOMMERCE');
  return cluster.phones.length > 0;
}

/**
 * Who refused the channel, read whole from the CRM at each call (the lists of refusals are short
 * beside the directory, so one read serves any page and an exact count): a predicate on a customer.
 */
async function refusedIn(context: Context, channel: ConsentChannel): Promise<(cluster: CustomerCluster) => boolean> {
  if (channel === 'EMAIL') {
    const emails = await context.crm.everyBlacklistedEmail();
    return (cluster) => cluster.emails.some((email) => emails.has(email));
  }
  if (channel === 'SMS') {
    const phones = await context.crm.everyBlacklistedPhone();
    return (cluster) => cluster.phones.some((phone) => phones.has(phone));
  }
  const partners = await context.crm.partnersOptedOutOf(channel === 'ZALO' ? 'zalo' : channel === 'PUSH' ? 'push' : 'phone');
  return (cluster) => cluster.records.some((member) => member.record.system === 'CRM' && partners.has(member.record.id));
}

/**
 * `Query.customersToContact`: the back office's campaign audiences. The scope is checked here too
 * (a subgraph reached without the gateway refuses alike) and the page validated before the CRM is
 * read, so a refusal or bad input costs no legacy call. The CRM down: an error, never an unfiltered list.
 */
export async function customersToContact(context: Context, args: QueryCustomersToContactArgs) {
  if (!context.caller.scopes.includes(SCOPES.contactCustomers)) throw refusal(context.caller, 'list customers to contact');
  pageOf(args, DEFAULT_PAGE, MAX_PAGE);
  const directory = context.directory;
  const refused = await refusedIn(context, args.channel);
  const audience = directory.clusters.filter((cluster) => reachableOn(args.channel, cluster) && !refused(cluster));
  return connectionFromList(audience, args, DEFAULT_PAGE, MAX_PAGE);
}
