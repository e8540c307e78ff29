import { accessLogPage, type PersonalField } from '../../lib/access-record';
import { BadUserInputError } from '../../lib/errors';
import { connectionFromList } from '../../lib/relay';
import { refusal } from '../../lib/rows';
import type { Context } from './context';
import { customerIdOf } from './directory';
import { normalizedIdentifier, type IdentifierKind } from '../../lib/identifiers';
import { SCOPES, type Scope } from '../../lib/access';
import { encodeId } from '../../lib/ids';
import { confirmStoreSaleCustomer, customerIdsOf, mergeCustomers, splitCustomer, undoDecision } from './decide';
import type { Resolvers } from './generated/graphql';
import type { CustomerCluster } from './linking';
import { customersToContact } from './contact';
import {
  assertListsCustomers,
  assertSeesAccessLog,
  customerByIdentifier,
  identifierHolders,
  reachableCustomer,
  signedInCustomer,
} from './rows';

const MAX_PAGE = 100;

/**
 * The identifier's value if it can be one: a malformed phone or email is refused before any lookup,
 * so it costs no read of the systems.
 */
function wellFormed(kind: IdentifierKind, value: string): string {
  if (value.trim() === '' || value.length > 200)
    throw new BadUserInputError('identifier value must be 1 to 200 characters', 'identifier.value');
  if (normalizedIdentifier(kind, value) === null)
    throw new BadUserInputError(`not a valid ${kind.toLowerCase().replace(/_/g, ' ')}`, 'identifier.value');
  return value;
}

/** Mutations check their scope here too: a subgraph reached without the gateway's rules refuses alike. */
function assertScope(context: Context, scope: Scope, what: string): void {
  if (!context.caller.scopes.includes(scope)) throw refusal(context.caller, what);
}

/** Notes that this request served `field` of the customer (lib/access-record/), and answers it. */
function served<T>(context: Context, cluster: CustomerCluster, field: PersonalField, value: T): T {
  context.customerReads.read(customerIdOf(cluster.anchor), field);
  return value;
}

export const resolvers: Resolvers<Context> = {
  Query: {
    customer: (_parent, { id }, context) => reachableCustomer(context, (directory) => directory.byId(id)),
    customerByIdentifier: (_parent, { identifier }, context) =>
      customerByIdentifier(context, identifier.kind, wellFormed(identifier.kind, identifier.value)),
    customersByIdentifier: (_parent, { identifier }, context) =>
      identifierHolders(context, identifier.kind, wellFormed(identifier.kind, identifier.value)),
    suspectedDuplicates: (_parent, args, context) => {
      assertListsCustomers(context.caller);
      return connectionFromList(context.directory.suspectedDuplicates, args, 20, MAX_PAGE);
    },
    identityDecisions: (_parent, args, context) => {
      assertListsCustomers(context.caller);
      return connectionFromList([...context.directory.decisions].reverse(), args, 20, MAX_PAGE);
    },
    customers: (_parent, args, context) => {
      assertListsCustomers(context.caller);
      return connectionFromList(context.directory.clusters, args, 20, MAX_PAGE);
    },
    mergeCandidates: (_parent, args, context) => {
      assertListsCustomers(context.caller);
      return connectionFromList(context.directory.mergeCandidates, args, 20, MAX_PAGE);
    },
    customersToContact: (_parent, args, context) => customersToContact(context, args),
    // Staff and partners are no customer: null. Without a sign-in there is no one to answer.
    me: async (_parent, _args, context) => {
      if (context.caller.id === null) throw refusal(context.caller, 'see your own customer record');
      return (await signedInCustomer(context))?.customer ?? null;
    },
  },
  Mutation: {
    mergeCustomers: (_parent, { input }, context) => {
      assertScope(context, SCOPES.mergeCustomers, 'merge customers');
      return mergeCustomers(context, input);
    },
    splitCustomer: (_parent, { input }, context) => {
      assertScope(context, SCOPES.mergeCustomers, 'split customers');
      return splitCustomer(context, input);
    },
    undoIdentityDecision: (_parent, { input }, context) => {
      assertScope(context, SCOPES.mergeCustomers, 'undo decisions about who is who');
      return undoDecision(context, input);
    },
    confirmStoreSaleCustomer: (_parent, { input }, context) => {
      assertScope(context, SCOPES.attributeSales, 'confirm whose a store sale was');
      return confirmStoreSaleCustomer(context, input);
    },
  },
  IdentityDecision: {
    decidedAt: (decision) => decision.at,
    customerIds: (decision) => customerIdsOf(decision),
    records: (decision) =>
      decision.kind === 'SPLIT'
        ? decision.moved.map((key) => ({
            system: key.slice(0, key.indexOf(':')) as 'CRM' | 'ECOMMERCE',
            recordId: key.slice(key.indexOf(':') + 1),
          }))
        : [],
    orderId: (decision) => (decision.kind === 'STORE_SALE_CUSTOMER' ? encodeId('StoreOrder', decision.saleKey) : null),
  },
  SuspectedDuplicate: {
    customers: (suspected) => suspected.customers,
    score: (suspected) => Math.round(suspected.weight * 100) / 100,
    evidence: (suspected) => suspected.evidence.map((item) => ({ ...item, weight: Math.round(item.weight * 100) / 100 })),
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
    sharedPhones: (cluster, _args, context) => context.directory.sharedPhones(cluster),
    formerPhones: (cluster, _args, context) => context.directory.formerPhonesOfCustomer(cluster),
    confirmedStoreSales: (cluster, _args, context) => context.directory.confirmedStoreSales(cluster),
    crmPartnerIds: (cluster) => cluster.records.filter((m) => m.record.system === 'CRM').map((m) => m.record.id),
    webCustomerIds: (cluster) => cluster.records.filter((m) => m.record.system === 'ECOMMERCE').map((m) => m.record.id),
    loyaltyCardCodes: (cluster) => cluster.loyaltyCards,
  },
  MergeCandidate: {
    customer: (candidate) => candidate.cluster,
  },
};
