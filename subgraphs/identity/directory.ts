import { decodeId, encodeId } from '../../lib/ids';
import { CustomerCluster, linkRecords, MatchReason, RecordSystem, recordKey, SourceRecord } from './linking';
import { normalizeEmail, normalizePhone } from '../../lib/identifiers';

export type IdentifierKind = 'EMAIL' | 'PHONE' | 'LOYALTY_CARD' | 'CRM_PARTNER_ID' | 'WEB_CUSTOMER_ID';

export interface DuplicateRecords {
  system: RecordSystem;
  recordIds: string[];
  reasons: MatchReason[];
  cluster: CustomerCluster;
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

/**
 * Every customer, linked from the CRM's and the web shop's records, with lookups by each
 * identifier. Immutable: a sync builds a new directory and swaps it in.
 */
export class CustomerDirectory {
  readonly clusters: CustomerCluster[];
  readonly mergeCandidates: DuplicateRecords[];
  private readonly byRecord = new Map<string, CustomerCluster>();
  private readonly byEmail = new Map<string, CustomerCluster>();
  private readonly byPhone = new Map<string, CustomerCluster>();
  private readonly byCard = new Map<string, CustomerCluster>();

  constructor(readonly records: SourceRecord[]) {
    this.clusters = linkRecords(records).sort((a, b) => compareAnchors(a.anchor, b.anchor));
    this.mergeCandidates = [];
    for (const cluster of this.clusters) {
      for (const member of cluster.records) this.byRecord.set(recordKey(member.record.system, member.record.id), cluster);
      for (const email of cluster.emails) this.byEmail.set(email, cluster);
      for (const phone of cluster.phones) this.byPhone.set(phone, cluster);
      for (const card of cluster.loyaltyCards) this.byCard.set(card, cluster);
      for (const system of ['CRM', 'ECOMMERCE'] as const) {
        const mine = cluster.records.filter((m) => m.record.system === system);
        if (mine.length < 2) continue;
        const reasons = new Set(mine.flatMap((m) => [...(cluster.reasons.get(m.record) ?? [])]));
        this.mergeCandidates.push({ system, recordIds: mine.map((m) => String(m.record.id)), reasons: [...reasons].sort(), cluster });
      }
    }
  }

  byId(id: string): CustomerCluster | null {
    const record = recordOfCustomerId(id);
    return record ? (this.byRecord.get(recordKey(record.system, record.id)) ?? null) : null;
  }

  /** A customer by any identifier as a channel typed it; null when nobody has it. */
  byIdentifier(kind: IdentifierKind, value: string): CustomerCluster | null {
    switch (kind) {
      case 'EMAIL': {
        const email = normalizeEmail(value);
        return email ? (this.byEmail.get(email) ?? null) : null;
      }
      case 'PHONE': {
        const phone = normalizePhone(value);
        return phone ? (this.byPhone.get(phone) ?? null) : null;
      }
      case 'LOYALTY_CARD':
        return this.byCard.get(value.trim()) ?? null;
      case 'CRM_PARTNER_ID':
      case 'WEB_CUSTOMER_ID': {
        if (!/^\d{1,12}$/.test(value.trim())) return null;
        return this.byRecord.get(recordKey(kind === 'CRM_PARTNER_ID' ? 'CRM' : 'ECOMMERCE', Number(value))) ?? null;
      }
    }
  }
}

function compareAnchors(a: SourceRecord, b: SourceRecord): number {
  return a.system === b.system ? a.id - b.id : a.system === 'CRM' ? -1 : 1;
}
