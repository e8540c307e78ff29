import {
  blocksOf,
  byAge,
  clusterRecords,
  comparedWithin,
  emailOfBlock,
  householdEmails,
  isHouseholds,
  pairKey,
  prepare,
  recordKey,
  scorePair,
  scorePairs,
  withoutHouseholdEmails,
  type CustomerCluster,
  type LinkedRecord,
  type ScoredPair,
  type SourceRecord,
  type StewardLinks,
} from './linking';

/** The pairs the blocking scored, and the customers they form. */
export interface Linked {
  pairs: ScoredPair[];
  clusters: CustomerCluster[];
}

/** What a linking changed: the customers it formed again, and those they replace. */
export interface LinkChange {
  /** Every customer was formed again (the first linking, or stewards' links changed): `added` holds them all. */
  whole: boolean;
  dropped: CustomerCluster[];
  added: CustomerCluster[];
}

/**
 * The directory's linking, kept between syncs and redone only where records changed: the answer is
 * the one `scorePairs` and `clusterRecords` give over every record (tests/unit/identity-relinking),
 * at the cost of the change rather than of the whole base.
 *
 * - A record is prepared (normalised) again only when it changed.
 * - Pairs are scored again only for records that are new, changed or gone, and for records whose
 *   household emails (`isHouseholds`) a change turned on or off; a block growing past the size that
 *   identifies no one (or shrinking under it) adds or drops its other records' pairs.
 * - Customers are clustered again only within the connected parts (by links and stewards' merges)
 *   that hold a record whose pairs changed: clustering goes from the strongest link down and only
 *   ever joins records a link or a merge connects, so every other part's customers are as they were.
 *   New stewards' decisions cluster everything again (they are few).
 */
export class RecordLinker {
  private readonly byKey = new Map<string, LinkedRecord>();
  private blocks = new Map<string, LinkedRecord[]>();
  private householdEmails = new Set<string>();
  private readonly pairs = new Map<string, ScoredPair>();
  private readonly pairsOfKey = new Map<string, ScoredPair[]>();
  private readonly clusters = new Set<CustomerCluster>();
  private readonly clusterOf = new Map<string, CustomerCluster>();
  /** The stewards' links the clusters were made under (`linksKey`); null before the first clustering. */
  private clusteredUnder: string | null = null;
  /** Keys of records whose pairs changed since the clusters were made. */
  private readonly unsettled = new Set<string>();

  /**
   * Takes in records that may have changed and the keys of records that are gone; every other record
   * stays as it was. What it costs grows with the change, not with the records held.
   */
  apply(upserted: readonly SourceRecord[], goneKeys: readonly string[]): void {
    // Prepared again only when changed: parsing phones is most of a first linking.
    const changed: LinkedRecord[] = [];
    for (const record of upserted) {
      const before = this.byKey.get(recordKey(record.system, record.id));
      if (before && sameRecord(before.record, record)) continue;
      changed.push(prepare(record));
    }
    const gone = goneKeys.flatMap((key) => this.byKey.get(key) ?? []);
    if (this.byKey.size === 0) return this.linkAll(changed);
    if (gone.length === 0 && changed.length === 0) return;

    const leaving = [...gone, ...changed.flatMap((one) => this.byKey.get(one.key) ?? [])];
    const sizeBefore = new Map<string, number>();
    const touch = (block: string) => sizeBefore.has(block) || sizeBefore.set(block, this.blocks.get(block)?.length ?? 0);
    // Each block filtered once for all who leave it: a store's number may have thousands of holders.
    const leavers = new Map<string, Set<LinkedRecord>>();
    for (const old of leaving) {
      for (const block of old.blockKeys) {
        touch(block);
        const of = leavers.get(block);
        if (of) of.add(old);
        else leavers.set(block, new Set([old]));
      }
    }
    for (const [block, olds] of leavers) {
      const holders = this.blocks.get(block)!.filter((holder) => !olds.has(holder));
      if (holders.length > 0) this.blocks.set(block, holders);
      else this.blocks.delete(block);
    }
    for (const old of gone) this.byKey.delete(old.key);
    for (const one of changed) {
      this.byKey.set(one.key, one);
      for (const block of one.blockKeys) {
        touch(block);
        const holders = this.blocks.get(block);
        if (holders) holders.push(one);
        else this.blocks.set(block, [one]);
      }
    }

    // Records compared otherwise now: the changed ones, and the holders of an email that became or stopped being a household's.
    const dirty = new Set<LinkedRecord>(changed);
    for (const block of sizeBefore.keys()) {
      const email = emailOfBlock(block);
      if (email === null) continue;
      const holders = this.blocks.get(block) ?? [];
      const households = isHouseholds(holders);
      if (households === this.householdEmails.has(email)) continue;
      if (households) this.householdEmails.add(email);
      else this.householdEmails.delete(email);
      for (const holder of holders) dirty.add(holder);
    }

    for (const record of [...leaving, ...dirty]) {
      this.unsettled.add(record.key);
      for (const pair of [...(this.pairsOfKey.get(record.key) ?? [])]) this.drop(pair);
    }
    for (const old of gone) this.pairsOfKey.delete(old.key);

    // A block that started or stopped being compared within: its other records' pairs come or go.
    for (const [block, before] of sizeBefore) {
      const holders = this.blocks.get(block) ?? [];
      const compared = comparedWithin(holders.length);
      if (comparedWithin(before) === compared) continue;
      const clean = holders.filter((holder) => !dirty.has(holder));
      for (let i = 0; i < clean.length; i += 1) {
        for (let j = i + 1; j < clean.length; j += 1) {
          const pair = this.pairs.get(pairKey(clean[i].key, clean[j].key));
          if (compared && !pair) this.score(clean[i], clean[j]);
          else if (!compared && pair && !this.shareAComparedBlock(clean[i], clean[j])) this.drop(pair);
        }
      }
    }
    for (const record of dirty) {
      for (const block of record.blockKeys) {
        const holders = this.blocks.get(block)!;
        if (!comparedWithin(holders.length)) continue;
        for (const other of holders) if (other !== record && !this.pairs.has(pairKey(record.key, other.key))) this.score(record, other);
      }
    }
  }

  /** The first records: scored all at once, as `scorePairs` does, then kept as `apply` keeps them. */
  private linkAll(given: readonly LinkedRecord[]): void {
    const records = [...given].sort(this.byRank);
    for (const record of records) {
      this.byKey.set(record.key, record);
      this.unsettled.add(record.key);
    }
    this.blocks = blocksOf(records);
    this.householdEmails = householdEmails(this.blocks);
    for (const pair of scorePairs(records, this.blocks, this.householdEmails)) this.index(pair);
  }

  /** The customers the records form under these stewards' links, as changed since the last linking. */
  link(steward: StewardLinks): LinkChange {
    const under = linksKey(steward);
    let change: LinkChange = { whole: false, dropped: [], added: [] };
    if (this.clusteredUnder !== under) {
      const dropped = [...this.clusters];
      this.clusters.clear();
      this.clusterOf.clear();
      change = { whole: true, dropped, added: this.keep(clusterRecords(this.records(), [...this.pairs.values()], steward)) };
      this.clusteredUnder = under;
    } else if (this.unsettled.size > 0) {
      change = this.recluster(steward);
    }
    this.unsettled.clear();
    return change;
  }

  /** Every pair and customer, as of the last linking. */
  linked(): Linked {
    return { pairs: [...this.pairs.values()], clusters: [...this.clusters] };
  }

  /** The pairs a record is in. */
  pairsOf(key: string): readonly ScoredPair[] {
    return this.pairsOfKey.get(key) ?? [];
  }

  private records(): LinkedRecord[] {
    return [...this.byKey.values()].sort(this.byRank);
  }

  /** The order pairs are oriented by (the earlier record is a pair's `a`): CRM records first, then by id, whatever order they came in. */
  private readonly byRank = (x: LinkedRecord, y: LinkedRecord) => byAge(x.record, y.record);

  /**
   * Clusters again the connected parts (by links and stewards' merges) holding an unsettled record,
   * with the customers they were part of; every other customer stays as it was.
   */
  private recluster(steward: StewardLinks): LinkChange {
    const merges = new Map<string, string[]>();
    for (const [a, b] of steward.together) {
      merges.set(a, [...(merges.get(a) ?? []), b]);
      merges.set(b, [...(merges.get(b) ?? []), a]);
    }
    const region = new Set<string>();
    const dropped = new Set<CustomerCluster>();
    const queue: string[] = [];
    const reach = (key: string) => {
      const old = this.clusterOf.get(key);
      if (old && !dropped.has(old)) {
        dropped.add(old);
        for (const member of old.records) reach(member.key);
      }
      if (region.has(key) || !this.byKey.has(key)) return;
      region.add(key);
      queue.push(key);
    };
    for (const key of this.unsettled) reach(key);
    while (queue.length > 0) {
      const key = queue.pop()!;
      for (const pair of this.pairsOfKey.get(key) ?? []) if (pair.verdict === 'LINK') reach(pair.a.key === key ? pair.b.key : pair.a.key);
      for (const other of merges.get(key) ?? []) reach(other);
    }
    for (const old of dropped) {
      this.clusters.delete(old);
      for (const member of old.records) if (this.clusterOf.get(member.key) === old) this.clusterOf.delete(member.key);
    }
    const members = [...region].map((key) => this.byKey.get(key)!).sort(this.byRank);
    const pairs = new Set<ScoredPair>();
    for (const key of region)
      for (const pair of this.pairsOfKey.get(key) ?? []) if (region.has(pair.a.key) && region.has(pair.b.key)) pairs.add(pair);
    return { whole: false, dropped: [...dropped], added: this.keep(clusterRecords(members, [...pairs], steward)) };
  }

  private keep(clusters: CustomerCluster[]): CustomerCluster[] {
    for (const cluster of clusters) {
      this.clusters.add(cluster);
      for (const member of cluster.records) this.clusterOf.set(member.key, cluster);
    }
    return clusters;
  }

  /** Scores two records, the one given first in the records first (as `scorePairs` orients them). */
  private score(x: LinkedRecord, y: LinkedRecord): void {
    const [a, b] = this.byRank(x, y) < 0 ? [x, y] : [y, x];
    this.index(scorePair(a, b, withoutHouseholdEmails(this.householdEmails)));
  }

  private index(pair: ScoredPair): void {
    this.pairs.set(pairKey(pair.a.key, pair.b.key), pair);
    for (const side of [pair.a, pair.b]) {
      const of = this.pairsOfKey.get(side.key);
      if (of) of.push(pair);
      else this.pairsOfKey.set(side.key, [pair]);
      this.unsettled.add(side.key);
    }
  }

  private drop(pair: ScoredPair): void {
    this.pairs.delete(pairKey(pair.a.key, pair.b.key));
    for (const side of [pair.a, pair.b]) {
      const of = this.pairsOfKey.get(side.key)?.filter((held) => held !== pair) ?? [];
      if (of.length > 0) this.pairsOfKey.set(side.key, of);
      else this.pairsOfKey.delete(side.key);
      this.unsettled.add(side.key);
    }
  }

  private shareAComparedBlock(a: LinkedRecord, b: LinkedRecord): boolean {
    return a.blockKeys.some((block) => b.blockKeys.includes(block) && comparedWithin(this.blocks.get(block)!.length));
  }
}

/** Stewards' links as one comparable value. */
function linksKey(steward: StewardLinks): string {
  return JSON.stringify([steward.together, [...steward.apart].sort()]);
}

/** Whether a record reads as it did: same fields, same write date. */
function sameRecord(a: SourceRecord, b: SourceRecord): boolean {
  const same = <T>(x: readonly T[], y: readonly T[], equal: (p: T, q: T) => boolean = (p, q) => p === q) =>
    x.length === y.length && x.every((item, i) => equal(item, y[i]));
  return (
    a.system === b.system &&
    a.id === b.id &&
    a.name === b.name &&
    a.updatedAt === b.updatedAt &&
    same(a.emails, b.emails) &&
    same(a.phones, b.phones) &&
    same(a.loyaltyCards, b.loyaltyCards) &&
    same(a.addresses, b.addresses, (p, q) => p.street === q.street && p.city === q.city)
  );
}
