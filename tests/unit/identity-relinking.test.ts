import { generateWorld } from '../../legacy/seed/world';
import {
  CustomerDirectory,
  customerIdOf,
  scoreRecords,
  stewardLinksOf,
  type FormerPhone,
  type SocialHandle,
} from '../../subgraphs/identity/directory';
import type { Decision } from '../../subgraphs/identity/decisions';
import {
  clusterRecords,
  byAge,
  MAX_BLOCK,
  NO_STEWARD_LINKS,
  type ScoredPair,
  type SourceRecord,
  type StewardLinks,
} from '../../subgraphs/identity/linking';
import { RecordLinker, type Linked } from '../../subgraphs/identity/relinking';
import { normalizePhone } from '../../lib/identifiers';
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

/** The same records and links, linked from nothing (records in the order the linker orients pairs by). */
function fromScratch(records: readonly SourceRecord[], steward: StewardLinks) {
  const scored = scoreRecords([...records].sort(byAge));
  return { ...scored, clusters: clusterRecords(scored.records, scored.pairs, steward) };
}

const keyOf = (record: SourceRecord) => `${record.system}:${record.id}`;

/** Hands the linker the records as they are now and the keys of those no longer there, as the sync does with what it read. */
function takeIn(linker: RecordLinker, before: readonly SourceRecord[], now: readonly SourceRecord[]): void {
  const present = new Set(now.map(keyOf));
  linker.apply(
    now,
    before.map(keyOf).filter((key) => !present.has(key)),
  );
}

const suspected = (directory: CustomerDirectory) =>
  directory.suspectedDuplicates.map((pair) => `${pair.records[0].key}~${pair.records[1].key} ${pair.weight}`);

/** What a directory answers: its customers in order, suspects, merge candidates, and every lookup of the records' identifiers. */
function answers(
  directory: CustomerDirectory,
  records: readonly SourceRecord[],
  handles: readonly SocialHandle[],
  formers: readonly FormerPhone[],
) {
  const anchorOf = (cluster: { anchor: SourceRecord }) => `${cluster.anchor.system}:${cluster.anchor.id}`;
  const lookups = new Map<string, string>();
  const look = (kind: Parameters<CustomerDirectory['holders']>[0], value: string | null) => {
    if (value !== null) lookups.set(`${kind} ${value}`, directory.holders(kind, value).map(anchorOf).join(','));
  };
  for (const record of records) {
    for (const email of record.emails) look('EMAIL', email);
    for (const phone of record.phones) look('PHONE', phone);
    for (const card of record.loyaltyCards) look('LOYALTY_CARD', card);
    look(record.system === 'CRM' ? 'CRM_PARTNER_ID' : 'WEB_CUSTOMER_ID', String(record.id));
  }
  for (const handle of handles) look(handle.kind, handle.value);
  for (const former of formers) look('PHONE', former.phone);
  return {
    customers: directory.clusters.map(
      (cluster) =>
        `${anchorOf(cluster)} ${cluster.records.map((m) => m.key).join(',')} former ${directory.formerPhonesOfCustomer(cluster).join(',')} shared ${directory.sharedPhones(cluster).join(',')} sales ${directory.confirmedStoreSales(cluster).join(',')}`,
    ),
    suspects: suspected(directory),
    merges: directory.mergeCandidates.map((m) => `${anchorOf(m.cluster)} ${m.system} ${m.recordIds.join(',')} ${m.reasons.join('+')}`),
    lookups: [...lookups].sort(),
  };
}

describe('linking again after changes (RecordLinker)', () => {
  const world = generateWorld({ seed: 7, size: 'small' });
  const original = recordsOf(world);

  it('decides exactly as linking every record from nothing, round after round of changes; its directory, updated in place, answers as one built whole', () => {
    const next = random(20261207);
    const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)];
    let records = [...original];
    let nextId = 900_000;
    let decisions: Decision[] = [];
    const linker = new RecordLinker();
    let given: SourceRecord[] = [];
    // Social ids and former phones of CRM records, and what changed of them since the directory last took a change in.
    const handles = new Map<number, SocialHandle[]>();
    const formers: FormerPhone[] = [];
    let changedHandles = new Map<number, SocialHandle[]>();
    let newFormers: FormerPhone[] = [];
    let directory = new CustomerDirectory({ records: [], pairs: [] });
    const relink = (steward: StewardLinks) => {
      const change = linker.link(steward);
      if (change.whole) directory = new CustomerDirectory(linker.linked(), decisions, [...handles.values()].flat(), formers);
      else {
        directory.decide(decisions);
        directory.apply({ ...change, pairsOf: (key) => linker.pairsOf(key), socialHandles: changedHandles, formerPhones: newFormers });
      }
      changedHandles = new Map();
      newFormers = [];
    };
    for (let round = 0; round < 40; round += 1) {
      const crmRecords = records.filter((record) => record.system === 'CRM');
      for (let change = 0; change < 3; change += 1) {
        const holder = pick(crmRecords).id;
        if (next() < 0.5) {
          // A Zalo id given, changed, or taken off (a handle another record had, now and then).
          const value = next() < 0.2 && handles.size > 0 ? pick([...handles.values()].flat()).value : `z${round}-${change}`;
          const now = next() < 0.25 ? [] : [{ kind: 'ZALO' as const, value, crmPartnerId: holder }];
          handles.set(holder, now);
          changedHandles.set(holder, now);
        } else {
          // A number the record had before: another record's (then shared), or its own current one (then ignored).
          const phone = normalizePhone(pick(records).phones.find((p) => p !== null) ?? '') ?? '+84900000000';
          if (formers.some((f) => f.crmPartnerId === holder && f.phone === phone)) continue;
          formers.push({ crmPartnerId: holder, phone });
          newFormers.push({ crmPartnerId: holder, phone });
        }
      }
      if (round === 30 || round === 35) {
        // A store sale confirmed as a customer's: the decision changes no link.
        const record = pick(records);
        decisions = [
          ...decisions,
          {
            id: `sale-${round}`,
            kind: 'STORE_SALE_CUSTOMER',
            saleKey: `S101:${round}`,
            customerId: customerIdOf(record),
            undoneAt: null,
          } as unknown as Decision,
        ];
      }
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
      if (round > 20) {
        // A change beside a steward's merge: a record of a merged customer, or one its records link to.
        relink(stewardLinksOf(decisions));
        const merged = linker
          .linked()
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
        relink(stewardLinksOf(decisions));
        const customer = linker.linked().clusters.find((cluster) => cluster.records.length >= 3)!;
        const [moved, ...kept] = customer.records.map((member) => member.key);
        decisions = [...decisions, { id: '25', kind: 'SPLIT', moved: [moved], kept, undoneAt: null } as unknown as Decision];
      }
      const steward = decisions.length > 0 ? stewardLinksOf(decisions) : NO_STEWARD_LINKS;
      takeIn(linker, given, records);
      given = [...records];
      relink(steward);
      const linked = linker.linked();
      const scratch = fromScratch(records, steward);
      expect({ round, ...decided(linked) }).toEqual({ round, ...decided(scratch) });
      const everyHandle = [...handles.values()].flat();
      expect({ round, ...answers(directory, records, everyHandle, formers) }).toEqual({
        round,
        ...answers(new CustomerDirectory(scratch, decisions, everyHandle, formers), records, everyHandle, formers),
      });
    }
  });

  it('scores again only the pairs of what changed, and keeps every other customer as it was', () => {
    const linker = new RecordLinker();
    takeIn(linker, [], original);
    linker.link(NO_STEWARD_LINKS);
    const before = linker.linked();
    const moved = original.findIndex((r) => r.system === 'CRM' && r.phones.some((p) => p !== null));
    const changed = [...original];
    changed[moved] = { ...original[moved], addresses: [{ street: '9 Hàng Bạc', city: 'Hà Nội' }], updatedAt: '2026-02-01T00:00:00Z' };
    takeIn(linker, original, changed);
    linker.link(NO_STEWARD_LINKS);
    const after = linker.linked();
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
