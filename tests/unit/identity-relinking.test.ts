import { generateWorld } from '../../legacy/seed/world';
import { CustomerDirectory, scoreRecords, stewardLinksOf } from '../../subgraphs/identity/directory';
import type { Decision } from '../../subgraphs/identity/decisions';
import {
  clusterRecords,
  MAX_BLOCK,
  NO_STEWARD_LINKS,
  type ScoredPair,
  type SourceRecord,
  type StewardLinks,
} from '../../subgraphs/identity/linking';
import { RecordLinker, type Linked } from '../../subgraphs/identity/relinking';
import { recordsOf } from '../support/identity-quality';

/** A small deterministic generator (mulberry32), so a failing round can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const describePair = (pair: ScoredPair) =>
  `${pair.a.key}~${pair.b.key} ${pair.weight} ${pair.verdict} ${pair.evidence.map((e) => `${e.field}:${e.agreement}`).join(',')}`;

/** What a linking decides, in a form two linkings can be compared by. */
function decided(linked: Pick<Linked, 'pairs' | 'clusters'>) {
  return {
    pairs: linked.pairs.map(describePair).sort(),
    customers: linked.clusters
      .map((cluster) =>
        [
          `${cluster.anchor.system}:${cluster.anchor.id}`,
          ...cluster.records.map((member) => `${member.key}(${[...(cluster.reasons.get(member.record) ?? [])].sort().join('+')})`),
          cluster.emails.join(','),
          cluster.phones.join(','),
          cluster.loyaltyCards.join(','),
        ].join(' '),
      )
      .sort(),
  };
}

/** The same records and links, linked from nothing. */
function fromScratch(records: readonly SourceRecord[], steward: StewardLinks) {
  const scored = scoreRecords(records);
  return { ...scored, clusters: clusterRecords(scored.records, scored.pairs, steward) };
}

const suspected = (directory: CustomerDirectory) =>
  directory.suspectedDuplicates.map((pair) => `${pair.records[0].key}~${pair.records[1].key} ${pair.weight}`);

describe('linking again after changes (RecordLinker)', () => {
  const world = generateWorld({ seed: 7, size: 'small' });
  const original = recordsOf(world);

  it('decides exactly as linking every record from nothing, round after round of changes', () => {
    const next = random(20261207);
    const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)];
    let records = [...original];
    let nextId = 900_000;
    let decisions: Decision[] = [];
    const linker = new RecordLinker();
    for (let round = 0; round < 40; round += 1) {
      if (round > 0) {
        for (let change = 0; change < 1 + Math.floor(next() * 6); change += 1) {
          const i = Math.floor(next() * records.length);
          const record = records[i];
          const other = pick(records);
          const updatedAt = `2026-02-${String(1 + (round % 27)).padStart(2, '0')}T00:00:00Z`;
          switch (Math.floor(next() * 7)) {
            case 0: // takes another's name: may link, or now differs from its own cluster
              records[i] = { ...record, name: other.name, updatedAt };
              break;
            case 1: // types another's phone
              records[i] = { ...record, phones: [other.phones.find((p) => p !== null) ?? null], updatedAt };
              break;
            case 2: // shares another's email: a person's, or a household's when the names differ
              records[i] = { ...record, emails: [...other.emails], updatedAt };
              break;
            case 3: // gone (a partner archived)
              records.splice(i, 1);
              break;
            case 4: // a new account for the same person
              records.push({ ...record, system: 'ECOMMERCE', id: (nextId += 1), loyaltyCards: [], updatedAt });
              break;
            case 5: // moves
              records[i] = { ...record, addresses: [{ street: `${round} Hàng Bạc`, city: 'Hà Nội' }], updatedAt };
              break;
            default: // unchanged content, written again
              records[i] = { ...record };
          }
        }
      }
      if (round === 10) {
        // A store's own number typed for more walk-ins than identifies anyone: its block stops being compared.
        const phone = original.find((r) => r.phones.some((p) => p !== null))!.phones.find((p) => p !== null)!;
        const holders = records.filter((r) => r.phones.includes(phone)).length;
        for (let k = 0; k <= MAX_BLOCK - holders; k += 1)
          records.push({ ...pick(original), system: 'CRM', id: (nextId += 1), phones: [phone], updatedAt: '2026-03-01T00:00:00Z' });
      }
      if (round === 14) {
        // ...and under it again.
        const walkIns = records.filter((r) => r.id > 900_000 && r.updatedAt === '2026-03-01T00:00:00Z');
        records = records.filter((r) => r !== walkIns[0] && r !== walkIns[1]);
      }
      const keyOf = (record: SourceRecord) => `${record.system}:${record.id}`;
      if (round > 20) {
        // A change beside a steward's merge: a record of a merged customer, or one its records link to.
        const merged = linker
          .link(stewardLinksOf(decisions))
          .clusters.filter((cluster) => cluster.reasons.size > 1 && [...cluster.reasons.values()].some((r) => r.has('STEWARD')));
        const member = pick(pick(merged).records).record;
        const i = records.findIndex((record) => record.system === member.system && record.id === member.id);
        if (i >= 0)
          records[i] = {
            ...records[i],
            name: pick(records).name,
            phones: [pick(records).phones[0]],
            updatedAt: `2026-04-${10 + (round % 20)}T00:00:00Z`,
          };
      }
      if (round >= 20 && round % 2 === 0 && round !== 25) {
        // A steward merges two customers (names that differ no longer keep records away from them).
        const [a, b] = [pick(records), pick(records)];
        decisions = [
          ...decisions,
          { id: String(round), kind: 'MERGE', records: [keyOf(a), keyOf(b)], undoneAt: null } as unknown as Decision,
        ];
      }
      if (round === 25) {
        // ...and splits a customer of several records.
        const customer = linker.link(stewardLinksOf(decisions)).clusters.find((cluster) => cluster.records.length >= 3)!;
        const [moved, ...kept] = customer.records.map((member) => member.key);
        decisions = [...decisions, { id: '25', kind: 'SPLIT', moved: [moved], kept, undoneAt: null } as unknown as Decision];
      }
      const steward = decisions.length > 0 ? stewardLinksOf(decisions) : NO_STEWARD_LINKS;
      linker.update(records);
      const linked = linker.link(steward);
      const scratch = fromScratch(records, steward);
      expect({ round, ...decided(linked) }).toEqual({ round, ...decided(scratch) });
      expect(suspected(new CustomerDirectory(linked, decisions))).toEqual(suspected(new CustomerDirectory(scratch, decisions)));
    }
  });

  it('scores again only the pairs of what changed, and keeps every other customer as it was', () => {
    const linker = new RecordLinker();
    linker.update(original);
    const before = linker.link(NO_STEWARD_LINKS);
    const moved = original.findIndex((r) => r.system === 'CRM' && r.phones.some((p) => p !== null));
    const changed = [...original];
    changed[moved] = { ...original[moved], addresses: [{ street: '9 Hàng Bạc', city: 'Hà Nội' }], updatedAt: '2026-02-01T00:00:00Z' };
    linker.update(changed);
    const after = linker.link(NO_STEWARD_LINKS);
    const key = `CRM:${original[moved].id}`;
    const untouched = (pairs: ScoredPair[]) => pairs.filter((pair) => pair.a.key !== key && pair.b.key !== key);
    // The very same pair objects for every pair the change does not involve: they were not compared again.
    expect(new Set(untouched(after.pairs))).toEqual(new Set(untouched(before.pairs)));
    const sameObjects = after.clusters.filter((cluster) => before.clusters.includes(cluster));
    expect(sameObjects.length).toBeGreaterThan(before.clusters.length - 5);
    expect(after.clusters.find((cluster) => cluster.records.some((m) => m.key === key))!.records.find((m) => m.key === key)!.record).toBe(
      changed[moved],
    );
  });
});
