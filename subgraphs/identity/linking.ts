import { comparable, compare, cannotBeOne, type Comparable, type Evidence, type Verdict, verdictOf } from './match-model';
import { nameKey } from './names';

export type RecordSystem = 'CRM' | 'ECOMMERCE';
export type MatchReason = 'EMAIL' | 'PHONE' | 'LOYALTY_CARD' | 'NAME_AND_ADDRESS' | 'STEWARD';

/** A customer record as a system keeps it, with identifiers exactly as typed there. */
export interface SourceRecord {
  system: RecordSystem;
  /** The record's id in its system. */
  id: number;
  name: string;
  emails: (string | null)[];
  phones: (string | null)[];
  loyaltyCards: string[];
  /** Where the system has them: the CRM's street and city, the web account's address book. */
  addresses: { street: string | null; city: string | null }[];
  updatedAt: string;
}

/** A record with its identifiers normalised. */
export interface LinkedRecord {
  record: SourceRecord;
  key: string;
  emails: string[];
  phones: string[];
  fields: Comparable;
  /** The blocks it is compared in (`blockKeysOf`): computed once, as its normalised form is kept between syncs. */
  blockKeys: string[];
}

/** Two records the blocking brought together, and what the model made of them. */
export interface ScoredPair {
  a: LinkedRecord;
  b: LinkedRecord;
  evidence: Evidence[];
  weight: number;
  verdict: Verdict;
}

/** One person: records linked by the model or by a data steward. */
export interface CustomerCluster {
  /** The record the customer id is minted from: the oldest CRM record, else the oldest web account. */
  anchor: SourceRecord;
  records: LinkedRecord[];
  emails: string[];
  phones: string[];
  loyaltyCards: string[];
  /** Why each record is linked to the others. */
  reasons: Map<SourceRecord, Set<MatchReason>>;
}

/** Data stewards' decisions in force, by record key: pairs that are one person, pairs that are not (by `pairKey`). */
export interface StewardLinks {
  together: readonly (readonly [string, string])[];
  apart: ReadonlySet<string>;
}

export const NO_STEWARD_LINKS: StewardLinks = { together: [], apart: new Set() };

export const recordKey = (system: RecordSystem, id: number) => `${system}:${id}`;

/**
 * A value held by more records than this identifies no one (a store's own number typed for
 * walk-ins): its records are not compared through it, which also bounds the pairs to score.
 */
export const MAX_BLOCK = 100;

/** Whether a block of this many records is compared within: two or more, and not a value no one owns. */
export const comparedWithin = (size: number) => size >= 2 && size <= MAX_BLOCK;

export function prepare(record: SourceRecord): LinkedRecord {
  const fields = comparable(record);
  return {
    record,
    key: recordKey(record.system, record.id),
    emails: [...fields.emails],
    phones: [...fields.phones],
    fields,
    blockKeys: blockKeysOf(record, fields),
  };
}

/** The blocks a record falls in: each email, phone and card, and its family and given name at each address. */
function blockKeysOf(record: SourceRecord, fields: Comparable): string[] {
  const name = nameKey(record.name);
  return [
    ...new Set([
      ...fields.emails.map((email) => `email:${email}`),
      ...fields.phones.map((phone) => `phone:${phone}`),
      ...fields.loyaltyCards.map((card) => `card:${card}`),
      ...(name ? fields.addresses.map((address) => `name:${name}@${address}`) : []),
    ]),
  ];
}

/** The email a block key of `blockKeysOf` is for, or null when it is not an email's. */
export const emailOfBlock = (key: string) => (key.startsWith('email:') ? key.slice('email:'.length) : null);

/**
 * Blocking: only records that share an email, a phone, a loyalty card, or a name (family and
 * given) at one address are compared. Deterministic: pairs come in record order. `blocks` and
 * `households` are the records' (`blocksOf`, `householdEmails`), when the caller keeps them.
 */
export function scorePairs(
  records: readonly LinkedRecord[],
  blocks: ReadonlyMap<string, readonly LinkedRecord[]> = blocksOf(records),
  households: ReadonlySet<string> = householdEmails(blocks),
): ScoredPair[] {
  const compared = withoutHouseholdEmails(households);
  const position = new Map(records.map((record, index) => [record, index]));
  const seen = new Set<number>();
  const pairs: ScoredPair[] = [];
  for (const block of blocks.values()) {
    if (!comparedWithin(block.length)) continue;
    for (let i = 0; i < block.length; i += 1) {
      for (let j = i + 1; j < block.length; j += 1) {
        const id = position.get(block[i])! * records.length + position.get(block[j])!;
        if (seen.has(id)) continue;
        seen.add(id);
        pairs.push(scorePair(block[i], block[j], compared));
      }
    }
  }
  return pairs;
}

/** A record's fields as compared: without the household emails (`shared`) it carries. */
export function withoutHouseholdEmails(shared: ReadonlySet<string>): (record: LinkedRecord) => Comparable {
  return (record) =>
    record.fields.emails.some((email) => shared.has(email))
      ? { ...record.fields, emails: record.fields.emails.filter((email) => !shared.has(email)) }
      : record.fields;
}

/** Two records compared, each without the household emails it carries (`compared`). */
export function scorePair(a: LinkedRecord, b: LinkedRecord, compared: (record: LinkedRecord) => Comparable): ScoredPair {
  const evidence = compare(compared(a), compared(b));
  return { a, b, evidence, ...verdictOf(evidence) };
}

/**
 * Emails that records of differently named people carry (a family's address): evidence of a
 * household, not of a person, so the model compares records without them (term-frequency
 * adjustment in record-linkage terms): sharing one proves nothing, and one record's family email
 * does not contradict another's own.
 */
export function householdEmails(blocks: ReadonlyMap<string, readonly LinkedRecord[]>): Set<string> {
  const shared = new Set<string>();
  for (const [key, holders] of blocks) {
    const email = emailOfBlock(key);
    if (email !== null && isHouseholds(holders)) shared.add(email);
  }
  return shared;
}

/** Whether an email's holders include differently named people: a household's email (householdEmails). */
export function isHouseholds(holders: readonly LinkedRecord[]): boolean {
  return holders.some((x, i) => holders.slice(i + 1).some((y) => cannotBeOne(x.fields, y.fields)));
}

/** Each block's records, in record order. */
export function blocksOf(records: readonly LinkedRecord[]): Map<string, LinkedRecord[]> {
  const blocks = new Map<string, LinkedRecord[]>();
  for (const record of records) {
    for (const key of record.blockKeys) {
      const block = blocks.get(key);
      if (block) block.push(record);
      else blocks.set(key, [record]);
    }
  }
  return blocks;
}

/** Union-find over record keys, each root holding its members. */
class Clusters {
  private readonly parent = new Map<string, string>();
  private readonly members = new Map<string, LinkedRecord[]>();

  constructor(records: readonly LinkedRecord[]) {
    for (const record of records) {
      this.parent.set(record.key, record.key);
      this.members.set(record.key, [record]);
    }
  }

  find(key: string): string {
    let root = key;
    while (this.parent.get(root) !== root) root = this.parent.get(root)!;
    for (let node = key; node !== root;) {
      const next = this.parent.get(node)!;
      this.parent.set(node, root);
      node = next;
    }
    return root;
  }

  of(root: string): LinkedRecord[] {
    return this.members.get(root)!;
  }

  union(rootA: string, rootB: string): void {
    this.parent.set(rootB, rootA);
    this.members.set(rootA, [...this.of(rootA), ...this.of(rootB)]);
    this.members.delete(rootB);
  }

  roots(): string[] {
    return [...this.members.keys()];
  }
}

const COLLATION = new Intl.Collator();

/** Two records' keys, in either order, as one key. */
export const pairKey = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);

/** CRM records first, then by id: the oldest first within a system. */
export function byAge(a: SourceRecord, b: SourceRecord): number {
  if (a.system !== b.system) return a.system === 'CRM' ? -1 : 1;
  return a.id - b.id;
}

/** The identifiers a linked pair agreed on, as the reasons its records are one customer. */
function reasonsOf(pair: ScoredPair): MatchReason[] {
  const agreed = (field: Evidence['field']) =>
    pair.evidence.some((item) => item.field === field && (item.agreement === 'EXACT' || item.agreement === 'CLOSE'));
  const reasons: MatchReason[] = [];
  if (agreed('EMAIL')) reasons.push('EMAIL');
  if (agreed('PHONE')) reasons.push('PHONE');
  if (agreed('LOYALTY_CARD')) reasons.push('LOYALTY_CARD');
  return reasons.length > 0 ? reasons : ['NAME_AND_ADDRESS'];
}

/**
 * Clusters records into customers: data stewards' merges first, then the model's links from the
 * strongest down, each only if no record on one side is known not to be one on the other (names
 * that differ, or a steward's split). So a household sharing a phone stays apart even when one
 * member's records link to the phone and another's too. Deterministic.
 */
export function clusterRecords(records: readonly LinkedRecord[], pairs: readonly ScoredPair[], steward: StewardLinks): CustomerCluster[] {
  const byKey = new Map(records.map((record) => [record.key, record]));
  const { apart } = steward;
  const sets = new Clusters(records);
  const stewardReasons = new Map<string, Set<MatchReason>>();
  for (const [a, b] of steward.together) {
    if (!byKey.has(a) || !byKey.has(b)) continue;
    const [rootA, rootB] = [sets.find(a), sets.find(b)];
    if (rootA !== rootB) sets.union(rootA, rootB);
    for (const key of [a, b]) stewardReasons.set(key, new Set(['STEWARD']));
  }
  // A steward vouched for a merged customer whose names differ (a name changed at marriage): names
  // no longer keep records away from it; only a steward's split does.
  const vouched = (members: LinkedRecord[]) => members.some((member) => stewardReasons.has(member.key));
  const conflict = (one: LinkedRecord[], other: LinkedRecord[]) =>
    one.some((x) => other.some((y) => apart.has(pairKey(x.key, y.key)))) ||
    (!vouched(one) && !vouched(other) && one.some((x) => other.some((y) => cannotBeOne(x.fields, y.fields))));
  // Ties by pair key, in the default collation (as `localeCompare` orders them), each key made once.
  const links = pairs
    .filter((pair) => pair.verdict === 'LINK')
    .map((pair) => ({ pair, key: pairKey(pair.a.key, pair.b.key) }))
    .sort((x, y) => y.pair.weight - x.pair.weight || COLLATION.compare(x.key, y.key))
    .map(({ pair }) => pair);
  const used: ScoredPair[] = [];
  for (const pair of links) {
    const [rootA, rootB] = [sets.find(pair.a.key), sets.find(pair.b.key)];
    if (rootA === rootB) {
      if (!apart.has(pairKey(pair.a.key, pair.b.key))) used.push(pair);
      continue;
    }
    if (conflict(sets.of(rootA), sets.of(rootB))) continue;
    sets.union(rootA, rootB);
    used.push(pair);
  }
  const reasons = new Map<string, Set<MatchReason>>(stewardReasons);
  for (const pair of used) {
    for (const key of [pair.a.key, pair.b.key]) {
      const set = reasons.get(key) ?? new Set<MatchReason>();
      for (const reason of reasonsOf(pair)) set.add(reason);
      reasons.set(key, set);
    }
  }
  return sets.roots().map((root) => {
    const members = [...sets.of(root)].sort((a, b) => byAge(a.record, b.record));
    return {
      anchor: members[0].record,
      records: members,
      emails: [...new Set(members.flatMap((m) => m.emails))],
      phones: [...new Set(members.flatMap((m) => m.phones))],
      loyaltyCards: [...new Set(members.flatMap((m) => m.record.loyaltyCards))],
      reasons: new Map(members.map((m) => [m.record, members.length > 1 ? (reasons.get(m.key) ?? new Set()) : new Set()])),
    };
  });
}

/** Links records into customers: blocking, the model, then stewards' decisions. */
export function linkRecords(records: readonly SourceRecord[], steward: StewardLinks = NO_STEWARD_LINKS): CustomerCluster[] {
  const prepared = records.map(prepare);
  return clusterRecords(prepared, scorePairs(prepared), steward);
}
