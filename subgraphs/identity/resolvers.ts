import { BadUserInputError } from '../../lib/errors';
import { connectionFromList } from '../../lib/relay';
import type { Context } from './context';
import { customerIdOf, IdentifierKind } from './directory';
import type { Resolvers } from './generated/graphql';
import type { CustomerCluster } from './linking';

const MAX_PAGE = 100;

/** A lookup that misses may only be a record created since the last sync: read changes, look again. */
async function findFresh(context: Context, find: (context: Context) => CustomerCluster | null): Promise<CustomerCluster | null> {
  const found = find(context);
  if (found) return found;
  await context.sync.refreshAfterMiss();
  return find({ ...context, directory: context.sync.current() });
}

export const resolvers: Resolvers<Context> = {
  Query: {
    customer: (_parent, { id }, context) => findFresh(context, (c) => c.directory.byId(id)),
    customerByIdentifier: async (_parent, { identifier }, context) => {
      if (identifier.value.trim() === '' || identifier.value.length > 200) {
        throw new BadUserInputError('identifier value must be 1 to 200 characters', 'identifier.value');
      }
      return findFresh(context, (c) => c.directory.byIdentifier(identifier.kind as IdentifierKind, identifier.value));
    },
    customers: (_parent, args, context) => connectionFromList(context.directory.clusters, args, 20, MAX_PAGE),
    mergeCandidates: (_parent, args, context) => connectionFromList(context.directory.mergeCandidates, args, 20, MAX_PAGE),
  },
  Customer: {
    __resolveReference: (reference, context) => context.directory.byId(reference.id),
    id: (cluster) => customerIdOf(cluster.anchor),
    displayName: (cluster) => cluster.anchor.name,
    emails: (cluster) => cluster.emails,
    phones: (cluster) => cluster.phones,
    records: (cluster) =>
      cluster.records.map((member) => ({
        system: member.record.system,
        recordId: String(member.record.id),
        matchedBy: [...(cluster.reasons.get(member.record) ?? [])].sort(),
      })),
    mergeCandidates: (cluster, _args, context) => context.directory.mergeCandidates.filter((candidate) => candidate.cluster === cluster),
    crmPartnerIds: (cluster) => cluster.records.filter((m) => m.record.system === 'CRM').map((m) => m.record.id),
    webCustomerIds: (cluster) => cluster.records.filter((m) => m.record.system === 'ECOMMERCE').map((m) => m.record.id),
    loyaltyCardCodes: (cluster) => cluster.loyaltyCards,
  },
  MergeCandidate: {
    customer: (candidate) => candidate.cluster,
  },
};
