import type { GroundTruth, World } from '../../legacy/seed/model';
import { compareNames } from '../../subgraphs/identity/names';
import { type CustomerCluster, recordKey, type SourceRecord } from '../../subgraphs/identity/linking';

export interface LinkingQuality {
  /** Of the record pairs linked as one person, the share that really are. */
  precision: number;
  /** Of the record pairs that really are one person, the share linked. */
  recall: number;
  linkedPairs: number;
  truePairs: number;
  correctPairs: number;
  /** Linked pairs of different people whose names differ and whose emails differ: must be none. */
  differentNamesAndEmails: number;
}

/** The records the identity service reads, taken straight from the seeded world (as the connectors map them). */
export function recordsOf(world: World): SourceRecord[] {
  const cards = new Map<number, string[]>();
  for (const card of world.crm.loyaltyCards) cards.set(card.partnerId, [...(cards.get(card.partnerId) ?? []), card.code]);
  return [
    ...world.crm.partners.map((p) => ({
      system: 'CRM' as const,
      id: p.id,
      name: p.name,
      emails: [p.email],
      phones: [p.phone, p.mobile],
      loyaltyCards: cards.get(p.id) ?? [],
      addresses: [{ street: p.street, city: p.city }],
      updatedAt: p.writeDate.toISOString(),
    })),
    ...world.ecommerce.customers.map((c) => ({
      system: 'ECOMMERCE' as const,
      id: c.id,
      name: `${c.lastname} ${c.firstname}`,
      emails: [c.email],
      phones: c.addresses.map((a) => a.telephone),
      loyaltyCards: [],
      addresses: c.addresses.map((a) => ({ street: a.street, city: a.city })),
      updatedAt: c.updatedAt.toISOString(),
    })),
  ];
}

function pairsOf(groups: string[][]): Set<string> {
  const pairs = new Set<string>();
  for (const group of groups) {
    const sorted = [...group].sort();
    for (let i = 0; i < sorted.length; i += 1) for (let j = i + 1; j < sorted.length; j += 1) pairs.add(`${sorted[i]}|${sorted[j]}`);
  }
  return pairs;
}

/** Pairwise precision and recall of linked CRM and web records against the seed's ground truth. */
export function measureLinking(clusters: CustomerCluster[], truth: GroundTruth): LinkingQuality {
  const records = new Map(clusters.flatMap((c) => c.records.map((m) => [m.key, m] as const)));
  const linked = pairsOf(clusters.map((c) => c.records.map((m) => recordKey(m.record.system, m.record.id))));
  const real = pairsOf(
    truth.persons.map((p) => [
      ...p.crmPartnerIds.map((id) => recordKey('CRM', id)),
      ...p.webCustomerIds.map((id) => recordKey('ECOMMERCE', id)),
    ]),
  );
  const wrong = [...linked].filter((pair) => !real.has(pair));
  const differentNamesAndEmails = wrong.filter((pair) => {
    const [a, b] = pair.split('|').map((key) => records.get(key)!);
    return (
      compareNames(a.record.name, b.record.name) === 'DIFFERENT' &&
      a.emails.length > 0 &&
      b.emails.length > 0 &&
      !a.emails.some((e) => b.emails.includes(e))
    );
  }).length;
  const correct = linked.size - wrong.length;
  return {
    precision: linked.size === 0 ? 1 : correct / linked.size,
    recall: real.size === 0 ? 1 : correct / real.size,
    linkedPairs: linked.size,
    truePairs: real.size,
    correctPairs: correct,
    differentNamesAndEmails,
  };
}
