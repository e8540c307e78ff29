import { normalizeEmail, normalizePhone } from '../../lib/identifiers';

export type RecordSystem = 'CRM' | 'ECOMMERCE';
export type MatchReason = 'EMAIL' | 'PHONE' | 'LOYALTY_CARD';

/** A customer record as a system keeps it, with identifiers exactly as typed there. */
export interface SourceRecord {
  system: RecordSystem;
  /** The record's id in its system. */
  id: number;
  name: string;
  emails: (string | null)[];
  phones: (string | null)[];
  loyaltyCards: string[];
  updatedAt: string;
}

/** A record with its identifiers normalised. */
export interface LinkedRecord {
  record: SourceRecord;
  emails: string[];
  phones: string[];
}

/** One person: records linked because they share an email, a phone or a loyalty card. */
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

export const recordKey = (system: RecordSystem, id: number) => `${system}:${id}`;

const KEY_REASON: Record<string, MatchReason> = { email: 'EMAIL', phone: 'PHONE', card: 'LOYALTY_CARD' };

/** Union-find over records and the identifiers they carry. */
class DisjointSets {
  private readonly parent = new Map<string, string>();

  find(x: string): string {
    let root = x;
    while (this.parent.has(root) && this.parent.get(root) !== root) root = this.parent.get(root)!;
    let node = x;
    while (node !== root) {
      const next = this.parent.get(node)!;
      this.parent.set(node, root);
      node = next;
    }
    if (!this.parent.has(root)) this.parent.set(root, root);
    return root;
  }

  union(a: string, b: string): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent.set(rb, ra);
  }
}

function byAge(a: SourceRecord, b: SourceRecord): number {
  if (a.system !== b.system) return a.system === 'CRM' ? -1 : 1;
  return a.id - b.id;
}

/**
 * Links records that share a normalised email, phone or loyalty card into one customer each.
 * Deterministic: the same records always give the same clusters and anchors.
 */
export function linkRecords(records: SourceRecord[]): CustomerCluster[] {
  const sets = new DisjointSets();
  const linked = records.map((record) => {
    const emails = [...new Set(record.emails.map(normalizeEmail).filter((e): e is string => e !== null))];
    const phones = [...new Set(record.phones.map(normalizePhone).filter((p): p is string => p !== null))];
    const node = recordKey(record.system, record.id);
    sets.find(node);
    for (const email of emails) sets.union(node, `email:${email}`);
    for (const phone of phones) sets.union(node, `phone:${phone}`);
    for (const card of record.loyaltyCards) sets.union(node, `card:${card}`);
    return { record, emails, phones };
  });

  const groups = new Map<string, LinkedRecord[]>();
  for (const item of linked) {
    const root = sets.find(recordKey(item.record.system, item.record.id));
    groups.set(root, [...(groups.get(root) ?? []), item]);
  }

  return [...groups.values()].map((members) => {
    members.sort((a, b) => byAge(a.record, b.record));
    const count = (key: string) => members.filter((m) => identifierKeys(m).includes(key)).length;
    const reasons = new Map<SourceRecord, Set<MatchReason>>();
    for (const member of members) {
      const shared = identifierKeys(member)
        .filter((key) => count(key) > 1)
        .map((key) => KEY_REASON[key.slice(0, key.indexOf(':'))]);
      reasons.set(member.record, new Set(shared));
    }
    return {
      anchor: members[0].record,
      records: members,
      emails: [...new Set(members.flatMap((m) => m.emails))],
      phones: [...new Set(members.flatMap((m) => m.phones))],
      loyaltyCards: [...new Set(members.flatMap((m) => m.record.loyaltyCards))],
      reasons,
    };
  });
}

function identifierKeys(member: LinkedRecord): string[] {
  return [
    ...member.emails.map((e) => `email:${e}`),
    ...member.phones.map((p) => `phone:${p}`),
    ...member.record.loyaltyCards.map((c) => `card:${c}`),
  ];
}
