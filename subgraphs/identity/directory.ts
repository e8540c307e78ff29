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
 * Scored pairs with the customers they form when already clustered under the same decisions
 * (RecordLinker.linked), or with their records, for the directory to cluster itself.
 */
export type ScoredRecords = { records: LinkedRecord[]; pairs: ScoredPair[] } | { pairs: ScoredPair[]; clusters: CustomerCluster[] };

/** Prepares (normalises) and scores every record, all at once (the sync keeps a RecordLinker instead). */
export function scoreRecords(records: readonly SourceRecord[]): { records: LinkedRecord[]; pairs: ScoredPair[] } {
  const linked = records.map(prepare);
  return { records: linked, pairs: scorePairs(linked) };
}

/** What a sync changed, for the directory to take in where it stands (`CustomerDirectory.apply`). */
export interface DirectoryChange {
  /** Customers formed again, and those they replace (`RecordLinker.link`). */
  dropped: readonly CustomerCluster[];
  added: readonly CustomerCluster[];
  /** The pairs a record is in now. */
  pairsOf: (key: string) => readonly ScoredPair[];
  /** CRM records whose Zalo or Facebook ids may have changed, with the ids they carry now (none once archived). */
  socialHandles: ReadonlyMap<number, readonly SocialHandle[]>;
  /** Numbers CRM records had before, newly known. */
  formerPhones: readonly FormerPhone[];
}

/**
 * Every customer, linked from the CRM's and the web shop's records and data stewards' decisions,
 * with lookups by each identifier. An identifier several customers hold (a household's phone, a
 * family's email, a store's own number) answers all of them. Built whole at a replica's start and
 * when stewards' links change; a sync that finds changed records updates it in place (`apply`), at
 * the cost of the customers it formed again. Updates are synchronous: a request sees one state
 * between two of its awaits.
 */
export class CustomerDirectory {
  private sorted: CustomerCluster[] = [];
  private readonly byRecord = new Map<string, CustomerCluster>();
  private readonly byEmail = new Map<string, CustomerCluster[]>();
  private readonly byPhone = new Map<string, CustomerCluster[]>();
  private readonly byCard = new Map<string, CustomerCluster[]>();
  /** By `<kind>:<id>`: the customers whose CRM records carry a Zalo or Facebook id. */
  private readonly bySocialHandle = new Map<string, CustomerCluster[]>();
  /** The handles CRM records carry, by partner id, and those each customer was indexed by. */
  private readonly handlesOfPartner = new Map<number, readonly SocialHandle[]>();
  private readonly handleKeysOf = new Map<CustomerCluster, string[]>();
  /** Numbers CRM records had, by partner id (FormerPhone), and each customer's that it no longer has. */
  private readonly formersOfPartner = new Map<number, string[]>();
  private readonly formerPhonesOf = new Map<CustomerCluster, string[]>();
  private readonly mergeCandidatesOf = new Map<CustomerCluster, DuplicateRecords[]>();
  private mergeList: DuplicateRecords[] | null = null;
  /** The most alike pair of each two customers, by their anchors' record keys, and the entries each customer is in. */
  private readonly suspects = new Map<string, SuspectedPair>();
  private readonly suspectKeysOf = new Map<CustomerCluster, Set<string>>();
  private suspectList: SuspectedPair[] | null = null;
  /** Pairs of records a steward split: never suspected again. */
  private readonly apart: ReadonlySet<string>;
  /** Store sales known only by a shared phone, and whose a cashier or an agent confirmed them to be. */
  private confirmedSales = new Map<string, string>();
  /** The confirmed sales by the record the customer's id was minted from, in the order decided. */
  private salesByRecord = new Map<string, string[]>();
  private decided: readonly Decision[] = [];

  constructor(
    scored: ScoredRecords,
    decisions: readonly Decision[] = [],
    socialHandles: readonly SocialHandle[] = [],
    formerPhones: readonly FormerPhone[] = [],
  ) {
    const steward = stewardLinksOf(decisions);
    this.apart = steward.apart;
    this.decide(decisions);
    for (const handle of socialHandles)
      this.handlesOfPartner.set(handle.crmPartnerId, [...(this.handlesOfPartner.get(handle.crmPartnerId) ?? []), handle]);
    for (const former of formerPhones) this.addFormer(former);
    const clusters = 'clusters' in scored ? scored.clusters : clusterRecords(scored.records, scored.pairs, steward);
    this.sorted = [...clusters].sort((a, b) => compareAnchors(a.anchor, b.anchor));
    for (const cluster of this.sorted) this.index(cluster);
    for (const pair of scored.pairs) this.consider(pair);
  }

  /** Every customer, by the record their id is minted from. */
  get clusters(): CustomerCluster[] {
    return this.sorted;
  }

  /** Customers holding several records of one system: for the system's own merge. */
  get mergeCandidates(): DuplicateRecords[] {
    this.mergeList ??= [...this.mergeCandidatesOf.values()]
      .flat()
      .sort((x, y) => compareAnchors(x.cluster.anchor, y.cluster.anchor) || (x.system === y.system ? 0 : x.system === 'CRM' ? -1 : 1));
    return this.mergeList;
  }

  /** Pairs of customers the model found alike (REVIEW, or LINK kept apart by names), strongest first; not those a steward split. */
  get suspectedDuplicates(): SuspectedPair[] {
    this.suspectList ??= [...this.suspects.values()].sort(
      (x, y) =>
        y.weight - x.weight ||
        compareAnchors(x.customers[0].anchor, y.customers[0].anchor) ||
        compareAnchors(x.customers[1].anchor, y.customers[1].anchor),
    );
    return this.suspectList;
  }

  /** Every decision taken, in order. */
  get decisions(): readonly Decision[] {
    return this.decided;
  }

  /** Takes in what a sync changed, touching only the customers it formed again or whose CRM records' ids changed. */
  apply(change: DirectoryChange): void {
    const dropped = new Set(change.dropped);
    const reindexed = new Set<CustomerCluster>();
    const touch = (partnerId: number) => {
      const cluster = this.byRecord.get(recordKey('CRM', partnerId));
      if (cluster && !dropped.has(cluster)) reindexed.add(cluster);
    };
    for (const [partnerId, handles] of change.socialHandles) {
      if (handles.length > 0) this.handlesOfPartner.set(partnerId, handles);
      else this.handlesOfPartner.delete(partnerId);
      touch(partnerId);
    }
    for (const former of change.formerPhones) if (this.addFormer(former)) touch(former.crmPartnerId);
    for (const cluster of reindexed) this.unindexIdentifiers(cluster);
    for (const cluster of dropped) this.unindex(cluster);
    for (const cluster of change.added) this.index(cluster);
    for (const cluster of reindexed) this.indexIdentifiers(cluster);
    for (const cluster of change.added)
      for (const member of cluster.records) for (const pair of change.pairsOf(member.key)) this.consider(pair);
    this.resort(dropped, change.added);
  }

  /** Takes in the decisions as they are now, when stewards' links did not change (a store sale confirmed, say). */
  decide(decisions: readonly Decision[]): void {
    this.decided = decisions;
    this.confirmedSales = new Map();
    for (const decision of decisions) {
      if (decision.kind === 'STORE_SALE_CUSTOMER' && decision.undoneAt === null)
        this.confirmedSales.set(decision.saleKey, decision.customerId);
    }
    this.salesByRecord = new Map();
    for (const [saleKey, customerId] of this.confirmedSales) {
      const record = recordOfCustomerId(customerId);
      if (!record) continue;
      const key = recordKey(record.system, record.id);
      this.salesByRecord.set(key, [...(this.salesByRecord.get(key) ?? []), saleKey]);
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

  /** Store sales (POS transaction keys) confirmed as this customer's, whichever of their records the id was minted from. */
  confirmedStoreSales(cluster: CustomerCluster): string[] {
    const sales = cluster.records.flatMap((member) => this.salesByRecord.get(member.key) ?? []);
    if (sales.length < 2) return sales;
    const order = new Map([...this.confirmedSales.keys()].map((saleKey, index) => [saleKey, index]));
    return sales.sort((x, y) => order.get(x)! - order.get(y)!);
  }

  /** Whose a store sale was confirmed to be, if anyone's. */
  confirmedCustomerOf(saleKey: string): CustomerCluster | null {
    const customerId = this.confirmedSales.get(saleKey);
    return customerId ? this.byId(customerId) : null;
  }

  /** A number a CRM record had; false when already known. */
  private addFormer({ crmPartnerId, phone }: FormerPhone): boolean {
    const known = this.formersOfPartner.get(crmPartnerId) ?? [];
    if (known.includes(phone)) return false;
    this.formersOfPartner.set(crmPartnerId, [...known, phone]);
    return true;
  }

  private index(cluster: CustomerCluster): void {
    for (const member of cluster.records) this.byRecord.set(member.key, cluster);
    for (const email of cluster.emails) hold(this.byEmail, email, cluster);
    for (const card of cluster.loyaltyCards) hold(this.byCard, card, cluster);
    this.indexIdentifiers(cluster);
    const candidates: DuplicateRecords[] = [];
    for (const system of ['CRM', 'ECOMMERCE'] as const) {
      const mine = cluster.records.filter((m) => m.record.system === system);
      if (mine.length < 2) continue;
      const reasons = new Set(mine.flatMap((m) => [...(cluster.reasons.get(m.record) ?? [])]));
      candidates.push({ system, recordIds: mine.map((m) => String(m.record.id)), reasons: [...reasons].sort(), cluster });
    }
    if (candidates.length > 0) {
      this.mergeCandidatesOf.set(cluster, candidates);
      this.mergeList = null;
    }
  }

  /** Its phones (current and former) and social handles, which its CRM records' changes may change without relinking it. */
  private indexIdentifiers(cluster: CustomerCluster): void {
    for (const phone of cluster.phones) hold(this.byPhone, phone, cluster);
    const crmIds = cluster.records.filter((member) => member.record.system === 'CRM').map((member) => member.record.id);
    const handleKeys = [...new Set(crmIds.flatMap((id) => (this.handlesOfPartner.get(id) ?? []).map((h) => `${h.kind}:${h.value}`)))];
    for (const key of handleKeys) hold(this.bySocialHandle, key, cluster);
    if (handleKeys.length > 0) this.handleKeysOf.set(cluster, handleKeys);
    const formers = [...new Set(crmIds.flatMap((id) => this.formersOfPartner.get(id) ?? []))].filter(
      (phone) => !cluster.phones.includes(phone),
    );
    for (const phone of formers) hold(this.byPhone, phone, cluster);
    if (formers.length > 0) this.formerPhonesOf.set(cluster, formers);
  }

  private unindexIdentifiers(cluster: CustomerCluster): void {
    for (const phone of [...cluster.phones, ...this.formerPhonesOfCustomer(cluster)]) release(this.byPhone, phone, cluster);
    for (const key of this.handleKeysOf.get(cluster) ?? []) release(this.bySocialHandle, key, cluster);
    this.handleKeysOf.delete(cluster);
    this.formerPhonesOf.delete(cluster);
  }

  private unindex(cluster: CustomerCluster): void {
    for (const member of cluster.records) if (this.byRecord.get(member.key) === cluster) this.byRecord.delete(member.key);
    for (const email of cluster.emails) release(this.byEmail, email, cluster);
    for (const card of cluster.loyaltyCards) release(this.byCard, card, cluster);
    this.unindexIdentifiers(cluster);
    if (this.mergeCandidatesOf.delete(cluster)) this.mergeList = null;
    for (const key of this.suspectKeysOf.get(cluster) ?? []) {
      const suspect = this.suspects.get(key);
      if (!suspect || !suspect.customers.includes(cluster)) continue;
      this.suspects.delete(key);
      this.suspectList = null;
      const other = suspect.customers[0] === cluster ? suspect.customers[1] : suspect.customers[0];
      this.suspectKeysOf.get(other)?.delete(key);
    }
    this.suspectKeysOf.delete(cluster);
  }

  /** A pair as evidence that its two customers may be one: kept if it is their most alike (REVIEW, or LINK kept apart by names). */
  private consider(pair: ScoredPair): void {
    if (pair.verdict === 'APART' || this.apart.has(pairKey(pair.a.key, pair.b.key))) return;
    const one = this.byRecord.get(pair.a.key)!;
    const other = this.byRecord.get(pair.b.key)!;
    if (one === other) return;
    const [first, second] = compareAnchors(one.anchor, other.anchor) < 0 ? [one, other] : [other, one];
    const key = `${recordKey(first.anchor.system, first.anchor.id)}|${recordKey(second.anchor.system, second.anchor.id)}`;
    // The heaviest pair of their records; among equally heavy ones the first by pair key, whatever order the pairs came in.
    const held = this.suspects.get(key);
    if (held && (held.weight > pair.weight || (held.weight === pair.weight && pairKeyOf(held.records) <= pairKeyOf([pair.a, pair.b]))))
      return;
    this.suspects.set(key, { customers: [first, second], records: [pair.a, pair.b], weight: pair.weight, evidence: pair.evidence });
    this.suspectList = null;
    for (const cluster of [first, second]) {
      const keys = this.suspectKeysOf.get(cluster);
      if (keys) keys.add(key);
      else this.suspectKeysOf.set(cluster, new Set([key]));
    }
  }

  /** Keeps the customers in anchor order: a few moved in place, many merged in one pass. */
  private resort(dropped: ReadonlySet<CustomerCluster>, added: readonly CustomerCluster[]): void {
    if (dropped.size + added.length > 64) {
      const kept = this.sorted.filter((cluster) => !dropped.has(cluster));
      const coming = [...added].sort((a, b) => compareAnchors(a.anchor, b.anchor));
      const merged: CustomerCluster[] = [];
      let [i, j] = [0, 0];
      while (i < kept.length || j < coming.length)
        merged.push(
          j >= coming.length || (i < kept.length && compareAnchors(kept[i].anchor, coming[j].anchor) < 0) ? kept[i++] : coming[j++],
        );
      this.sorted = merged;
      return;
    }
    for (const cluster of dropped) {
      const at = this.placeOf(cluster.anchor);
      if (this.sorted[at] === cluster) this.sorted.splice(at, 1);
    }
    for (const cluster of added) this.sorted.splice(this.placeOf(cluster.anchor), 0, cluster);
  }

  /** Where a customer with this anchor is, or would go, in `sorted`. */
  private placeOf(anchor: SourceRecord): number {
    let [low, high] = [0, this.sorted.length];
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (compareAnchors(this.sorted[middle].anchor, anchor) < 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}

/** Adds a customer to an identifier's holders, in anchor order. */
function hold(index: Map<string, CustomerCluster[]>, key: string, cluster: CustomerCluster): void {
  const holders = index.get(key);
  if (!holders) return void index.set(key, [cluster]);
  if (holders.includes(cluster)) return;
  const at = holders.findIndex((holder) => compareAnchors(holder.anchor, cluster.anchor) > 0);
  holders.splice(at < 0 ? holders.length : at, 0, cluster);
}

function release(index: Map<string, CustomerCluster[]>, key: string, cluster: CustomerCluster): void {
  const holders = index.get(key)?.filter((holder) => holder !== cluster) ?? [];
  if (holders.length > 0) index.set(key, holders);
  else index.delete(key);
}

const pairKeyOf = ([a, b]: readonly [LinkedRecord, LinkedRecord]) => pairKey(a.key, b.key);

function compareAnchors(a: SourceRecord, b: SourceRecord): number {
  return a.system === b.system ? a.id - b.id : a.system === 'CRM' ? -1 : 1;
}
