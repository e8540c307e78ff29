import type { GroundTruth } from '../../legacy/seed/model';
import type { CustomerCluster } from '../../subgraphs/identity/linking';
import { recordKey } from '../../subgraphs/identity/linking';

export interface LinkingQuality {
  /** Of the record pairs linked as one person, the share that really are. */
  precision: number;
  /** Of the record pairs that really are one person, the share linked. */
  recall: number;
  linkedPairs: number;
  truePairs: number;
  correctPairs: number;
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
  const linked = pairsOf(clusters.map((c) => c.records.map((m) => recordKey(m.record.system, m.record.id))));
  const real = pairsOf(
    truth.persons.map((p) => [
      ...p.crmPartnerIds.map((id) => recordKey('CRM', id)),
      ...p.webCustomerIds.map((id) => recordKey('ECOMMERCE', id)),
    ]),
  );
  const correct = [...linked].filter((pair) => real.has(pair)).length;
  return {
    precision: linked.size === 0 ? 1 : correct / linked.size,
    recall: real.size === 0 ? 1 : correct / real.size,
    linkedPairs: linked.size,
    truePairs: real.size,
    correctPairs: correct,
  };
}
