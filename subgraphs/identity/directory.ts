import { decodeId, encodeId } from '../../lib/ids';
import { normalizedIdentifier, type IdentifierKind } from '../../lib/identifiers';
import type { Decision } from './decisions';
import {
  clusterRecords,
  CustomerCluster,
  LinkedRecord,
  MatchReason,
  pairKey,
  prepare,
  RecordSystem,
  recordKey,
  ScoredPair,
  scorePairs,
  SourceRecord,
  StewardLinks,
} from './linking';
import type { Evidence } from './match-model';

export type { IdentifierKind };

export interface DuplicateRecords {
  system: RecordSystem;
  recordIds: string[];
  reasons: MatchReason[];
  cluster: CustomerCluster;
}

/** Two customers the model found alike but did not link: for a data steward to merge, or leave. */
export interface SuspectedPair {
  customers: [CustomerCluster, CustomerCluster];
  /** The most alike pair of their records, and why. */
  records: [LinkedRecord, LinkedRecord];
  weight: number;
  evidence: Evidence[];
}

/**
 * How a social channel knows a CRM record: the Zalo or Facebook id its messages arrive with. Not
 * evidence for linking (a page-scoped id says nothing across records); it finds the customer whose
 * record carries it.
 */
export interface SocialHandle {
  kind: 'ZALO' | 'FACEBOOK';
  value: string;
  crmPartnerId: number;
}

/**
 * A number a CRM record had before a change (the CRM's chatter keeps it): store receipts typed
 * with it still carry it, so it still finds the customer, unless someone else holds it now.
 */
export interface FormerPhone {
  crmPartnerId: number;
  /** E.164. */
  phone: string;
}

/** Opaque, stable: minted from the anchor record, so it survives re-linking of the others. */
export function customerIdOf(record: Pick<SourceRecord, 'system' | 'id'>): string {
  return encodeId('Customer', `${record.system}:${record.id}`);
}

/** The record a customer id was minted from, or null for an id that is not ours. */
export function recordOfCustomerId(id: string): { system: RecordSystem; id: number } | null {
  const match = /^(CRM|ECOMMERCE):(\d{1,12})$/.exec(decodeId('Customer', id) ?? '');
  return match ? { system: match[1] as RecordSystem, id: Number(match[2]) } : null;
}

/** What data stewards, agents and cashiers decided, as the linking applies it. */
export function stewardLinksOf(decisions: readonly Decision[]): StewardLinks {
  // Later decisions on a pair win.
  const state = new Map<string, 'together' | 'apart'>();
  for (const decision of decisions) {
    if (decision.undoneAt !== null) continue;
    if (decision.kind === 'MERGE') state.set(pairKey(decision.records[0], decision.records[1]), 'together');
    if (decision.kind === 'SPLIT')
      for (const moved of decision.moved) for (const kept of decision.kept) state.set(pairKey(moved, kept), 'apart');
  }
  const pairs = (wanted: 'together' | 'apart') => [...state].filter(([, value]) => value === wanted).map(([key]) => key);
  return {
    together: pairs('together').map((key) => key.split('|') as [string, string]),
    apart: new Set(pairs('apart')),
  };
}

/**
 * The records and their scored pairs, and the customers they form when already clustered under the
 * same decisions (RecordLinker.link); without them the directory clusters the records itself.
 */
export interface ScoredRecords {
  records: LinkedRecord[];
  pairs: ScoredPair[];
  clusters?: CustomerCluster[];
}

/** Prepares (normalises) and scores every record, all at once (the sync keeps a RecordLinker instead). */
export function scoreRecords(records: readonly SourceRecord[]): ScoredRecords {
  const linked = records.map(prepare);
  return { records: linked, pairs: scorePairs(linked) };
}

/**
 * Every customer, linked from the CRM's and the web shop's records and data stewards' decisions,
 * with lookups by each identifier. An identifier several customers hold (a household's phone, a
 * family's email, a store's own number) answers all of them. Immutable: a sync builds a new one.
 */
export class CustomerDirectory {
  readonly clusters: CustomerCluster[];
  readonly mergeCandidates: DuplicateRecords[];
  readonly suspectedDuplicates: SuspectedPair[];
  private readonly byRecord = new Map<string, CustomerCluster>();
  private readonly byEmail = new Map<string, CustomerCluster[]>();
  private readonly byPhone = new Map<string, CustomerCluster[]>();
  private readonly byCard = new Map<string, CustomerCluster[]>();
  /** By `<kind>:<id>`: the customers whose CRM records carry a Zalo or Facebook id. */
  private readonly bySocialHandle = new Map<string, CustomerCluster[]>();
  /** Numbers customers had before (FormerPhone) and no longer have. */
  private readonly formerPhonesOf = new Map<CustomerCluster, string[]>();
  /** Store sales known only by a shared phone, and whose a cashier or an agent confirmed them to be. */
  private readonly confirmedSales = new Map<string, string>();
  /** The confirmed sales by the anchor record of the customer they are now (a cluster's anchor outlives the cluster object). */
  private readonly salesByAnchor = new Map<string, string[]>();

  constructor(
    scored: ScoredRecords,
    readonly decisions: readonly Decision[] = [],
    socialHandles: readonly SocialHandle[] = [],
    formerPhones: readonly FormerPhone[] = [],
  ) {
    const steward = stewardLinksOf(decisions);
    this.clusters = [...(scored.clusters ?? clusterRecords(scored.records, scored.pairs, steward))].sort((a, b) =>
      compareAnchors(a.anchor, b.anchor),
    );
    this.mergeCandidates = [];
    const add = (index: Map<string, CustomerCluster[]>, key: string, cluster: CustomerCluster) => {
      const holders = index.get(key);
      if (!holders) index.set(key, [cluster]);
      else if (!holders.includes(cluster)) holders.push(cluster);
    };
    for (const cluster of this.clusters) {
      for (const member of cluster.records) this.byRecord.set(member.key, cluster);
      for (const email of cluster.emails) add(this.byEmail, email, cluster);
      for (const phone of cluster.phones) add(this.byPhone, phone, cluster);
      for (const card of cluster.loyaltyCards) add(this.byCard, card, cluster);
      for (const system of ['CRM', 'ECOMMERCE'] as const) {
        const mine = cluster.records.filter((m) => m.record.system === system);
        if (mine.length < 2) continue;
        const reasons = new Set(mine.flatMap((m) => [...(cluster.reasons.get(m.record) ?? [])]));
        this.mergeCandidates.push({ system, recordIds: mine.map((m) => String(m.record.id)), reasons: [...reasons].sort(), cluster });
      }
    }
    for (const handle of socialHandles) {
      const cluster = this.byRecord.get(recordKey('CRM', handle.crmPartnerId));
      if (cluster) add(this.bySocialHandle, `${handle.kind}:${handle.value}`, cluster);
    }
    for (const { crmPartnerId, phone } of formerPhones) {
      const cluster = this.byRecord.get(recordKey('CRM', crmPartnerId));
      if (!cluster) continue;
      const former = this.formerPhonesOf.get(cluster) ?? [];
      if (cluster.phones.includes(phone) || former.includes(phone)) continue;
      this.formerPhonesOf.set(cluster, [...former, phone]);
      add(this.byPhone, phone, cluster);
    }
    this.suspectedDuplicates = this.suspect(scored.pairs.filter((pair) => !steward.apart.has(pairKey(pair.a.key, pair.b.key))));
    for (const decision of decisions) {
      if (decision.kind === 'STORE_SALE_CUSTOMER' && decision.undoneAt === null)
        this.confirmedSales.set(decision.saleKey, decision.customerId);
    }
    for (const [saleKey, customerId] of this.confirmedSales) {
      const anchor = this.byId(customerId)?.anchor;
      if (!anchor) continue;
      const key = recordKey(anchor.system, anchor.id);
      this.salesByAnchor.set(key, [...(this.salesByAnchor.get(key) ?? []), saleKey]);
    }
  }

  byId(id: string): CustomerCluster | null {
    const record = recordOfCustomerId(id);
    return record ? (this.byRecord.get(recordKey(record.system, record.id)) ?? null) : null;
  }

  /** Everyone who holds an identifier, as a channel typed it: none, one, or several sharing it. */
  holders(kind: IdentifierKind, value: string): CustomerCluster[] {
    const key = normalizedIdentifier(kind, value);
    if (key === null) return [];
    switch (kind) {
      case 'EMAIL':
        return this.byEmail.get(key) ?? [];
      case 'PHONE':
        return this.byPhone.get(key) ?? [];
      case 'LOYALTY_CARD':
        return this.byCard.get(key) ?? [];
      case 'CRM_PARTNER_ID':
      case 'WEB_CUSTOMER_ID': {
        const found = this.byRecord.get(recordKey(kind === 'CRM_PARTNER_ID' ? 'CRM' : 'ECOMMERCE', Number(key)));
        return found ? [found] : [];
      }
      case 'ZALO':
      case 'FACEBOOK':
        return this.bySocialHandle.get(`${kind}:${key}`) ?? [];
    }
  }

  /** The customer's phones that someone else holds too: a receipt with one of them alone is nobody's until confirmed. */
  sharedPhones(cluster: CustomerCluster): string[] {
    return [...cluster.phones, ...this.formerPhonesOfCustomer(cluster)].filter((phone) => (this.byPhone.get(phone)?.length ?? 0) > 1);
  }

  /** The numbers the customer had before and no longer has: lookups and store receipts still find them by these. */
  formerPhonesOfCustomer(cluster: CustomerCluster): string[] {
    return this.formerPhonesOf.get(cluster) ?? [];
  }

  /** Store sales (POS transaction keys) confirmed as this customer's (a cluster of this directory or an earlier one). */
  confirmedStoreSales(cluster: CustomerCluster): string[] {
    return this.salesByAnchor.get(recordKey(cluster.anchor.system, cluster.anchor.id)) ?? [];
  }

  /** Whose a store sale was confirmed to be, if anyone's. */
  confirmedCustomerOf(saleKey: string): CustomerCluster | null {
    const customerId = this.confirmedSales.get(saleKey);
    return customerId ? this.byId(customerId) : null;
  }

  /** Pairs of customers the model found alike (REVIEW, or LINK kept apart by names), strongest first; not those a steward split. */
  private suspect(pairs: readonly ScoredPair[]): SuspectedPair[] {
    const best = new Map<string, SuspectedPair>();
    for (const pair of pairs) {
      if (pair.verdict === 'APART') continue;
      const one = this.byRecord.get(pair.a.key)!;
      const other = this.byRecord.get(pair.b.key)!;
      if (one === other) continue;
      const [first, second] = compareAnchors(one.anchor, other.anchor) < 0 ? [one, other] : [other, one];
      const key = `${recordKey(first.anchor.system, first.anchor.id)}|${recordKey(second.anchor.system, second.anchor.id)}`;
      // The heaviest pair of their records; among equally heavy ones the first by pair key, whatever order the pairs came in.
      const held = best.get(key);
      if (held && (held.weight > pair.weight || (held.weight === pair.weight && pairKeyOf(held.records) <= pairKeyOf([pair.a, pair.b]))))
        continue;
      best.set(key, { customers: [first, second], records: [pair.a, pair.b], weight: pair.weight, evidence: pair.evidence });
    }
    return [...best.values()].sort(
      (x, y) =>
        y.weight - x.weight ||
        compareAnchors(x.customers[0].anchor, y.customers[0].anchor) ||
        compareAnchors(x.customers[1].anchor, y.customers[1].anchor),
    );
  }
}

const pairKeyOf = ([a, b]: readonly [LinkedRecord, LinkedRecord]) => pairKey(a.key, b.key);

function compareAnchors(a: SourceRecord, b: SourceRecord): number {
  return a.system === b.system ? a.id - b.id : a.system === 'CRM' ? -1 : 1;
}
