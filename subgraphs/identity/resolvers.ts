import { accessLogPage, type PersonalField } from '../../lib/access-record';
import { BadUserInputError } from '../../lib/errors';
import { connectionFromList } from '../../lib/relay';
import { refusal } from '../../lib/rows';
import type { Context } from './context';
import { customerIdOf, IdentifierKind } from './directory';
import type { Resolvers } from './generated/graphql';
import type { CustomerCluster } from './linking';
import { assertListsCustomers, assertSeesAccessLog, reachableCustomer, signedInCustomer } from './rows';

const MAX_PAGE = 100;

/** Notes that this request served `field` of the customer (lib/access-record/), and answers it. */
function served<T>(context: Context, cluster: CustomerCluster, field: PersonalField, value: T): T {
  context.customerReads.read(customerIdOf(cluster.anchor), field);
  return value;
}

export const resolvers: Resolvers<Context> = {
  Query: {
    customer: (_parent, { id }, context) => reachableCustomer(context, (directory) => directory.byId(id)),
    customerByIdentifier: async (_parent, { identifier }, context) => {
      if (identifier.value.trim() === '' || identifier.value.length > 200) {
        throw new BadUserInputError('identifier value must be 1 to 200 characters', 'identifier.value');
      }
      return reachableCustomer(context, (directory) => directory.byIdentifier(identifier.kind as IdentifierKind, identifier.value));
    },
    customers: (_parent, args, context) => {
      assertListsCustomers(context.caller);
      return connectionFromList(context.directory.clusters, args, 20, MAX_PAGE);
    },
    mergeCandidates: (_parent, args, context) => {
      assertListsCustomers(context.caller);
      return connectionFromList(context.directory.mergeCandidates, args, 20, MAX_PAGE);
    },
    // Staff and partners are no customer: null. Without a sign-in there is no one to answer.
    me: async (_parent, _args, context) => {
      if (context.caller.id === null) throw refusal(context.caller, 'see your own customer record');
      return (await signedInCustomer(context))?.customer ?? null;
    },
  },
  Customer: {
    __resolveReference: (reference, context) => reachableCustomer(context, (directory) => directory.byId(reference.id)),
    id: (cluster) => customerIdOf(cluster.anchor),
    displayName: (cluster, _args, context) => served(context, cluster, 'displayName', cluster.anchor.name),
    emails: (cluster, _args, context) => served(context, cluster, 'emails', cluster.emails),
    phones: (cluster, _args, context) => served(context, cluster, 'phones', cluster.phones),
    records: (cluster, _args, context) =>
      served(
        context,
        cluster,
        'records',
        cluster.records.map((member) => ({
          system: member.record.system,
          recordId: String(member.record.id),
          matchedBy: [...(cluster.reasons.get(member.record) ?? [])].sort(),
        })),
      ),
    mergeCandidates: (cluster, _args, context) =>
      served(
        context,
        cluster,
        'mergeCandidates',
        context.directory.mergeCandidates.filter((candidate) => candidate.cluster === cluster),
      ),
    // Read under every id the customer answers to: entries written before a merge carry the id they had then.
    // Reading the record is not itself recorded.
    dataAccessLog: async (cluster, args, context) => {
      await assertSeesAccessLog(context, cluster);
      const ids = cluster.records.map((member) => customerIdOf(member.record));
      return accessLogPage(context.accessRecord, ids, args, 20, MAX_PAGE);
    },
    crmPartnerIds: (cluster) => cluster.records.filter((m) => m.record.system === 'CRM').map((m) => m.record.id),
    webCustomerIds: (cluster) => cluster.records.filter((m) => m.record.system === 'ECOMMERCE').map((m) => m.record.id),
    loyaltyCardCodes: (cluster) => cluster.loyaltyCards,
  },
  MergeCandidate: {
    customer: (candidate) => candidate.cluster,
  },
};
