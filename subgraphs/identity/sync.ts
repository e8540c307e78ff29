import type { Logger } from 'pino';
import { SystemUnavailableError } from '../../lib/errors';
import { normalizePhone } from '../../lib/identifiers';
import type { CrmClient, CustomerCard, CustomerPartner } from '../../connectors/crm';
import type { EcommerceClient } from '../../connectors/ecommerce';
import type { Decision, DecisionStore } from './decisions';
import { CustomerDirectory, stewardLinksOf, type FormerPhone, type SocialHandle } from './directory';
import { recordKey, type SourceRecord } from './linking';
import { RecordLinker } from './relinking';
import type { DirectoryMark, DirectoryRecords, DirectoryRecordStore } from './directory-records';

/** Bounds the legacy reads that a flood of lookups for unknown identifiers can cause. */
const MISS_GAP_MS = 200;

/** Stores rows by id, never over a later version; answers those that are new or differ from what was stored, each with the version it replaced. */
function upsertChanged<T extends { id: number; updatedAt: string }>(store: Map<number, T>, rows: readonly T[]): [T, T | undefined][] {
  const changed: [T, T | undefined][] = [];
  for (const row of rows) {
    const previous = store.get(row.id);
    if (previous && (previous.updatedAt > row.updatedAt || JSON.stringify(previous) === JSON.stringify(row))) continue;
    store.set(row.id, row);
    changed.push([row, previous]);
  }
  return changed;
}

/** The latest write date among rows read by one search (ISO 8601 of one system, so their text orders them). */
const newest = (rows: { updatedAt: string }[]): string | undefined =>
  rows.reduce<string | undefined>((latest, row) => (latest === undefined || row.updatedAt > latest ? row.updatedAt : latest), undefined);

/** The later of two read marks (ISO 8601 of one system, so their text orders them). */
const later = (a: string | null, b: string | null | undefined) => (b != null && (a === null || b > a) ? b : a);

export interface DirectorySyncOptions {
  /** Every this many ms a round: the systems' changes while this replica leads, else the store's. 0: none. */
  intervalMs: number;
  /** Whether this replica follows the systems now (it holds the directory's feed lease). */
  leads: () => boolean;
  /** Tells the other replicas this one stored changed records or took a decision (the event bus). */
  announce?: (what: 'records' | 'decisions') => void;
}

/**
 * Keeps the customer directory in step with the CRM, the web shop and people's decisions. The
 * records it is built from live in the directory store (directory-records.ts), shared by the
 * replicas: a replica starts from the store and takes in, at each round, what was stored since.
 * The replica that leads (one at a time, by the feed lease) reads the systems' changes since the
 * store's marks (by write date) at each round and stores them; any replica reads them when a lookup
 * misses, and reads a system whole when the store has never had it. Decisions are read at each
 * round too (another replica may have taken one). A system that cannot be read keeps its last
 * records; until it has been read once, lookups that miss say so. Only the records read changed are
 * linked again (RecordLinker) and only the customers formed again are re-indexed (CustomerDirectory.apply);
 * a steward's decision re-clusters everything.
 */
export class DirectorySync {
  private directory = new CustomerDirectory({ records: [], pairs: [] });
  private decisions: Decision[] = [];
  /** The linking, redone at each sync only where records or decisions changed; every replica orients pairs alike. */
  private readonly linker = new RecordLinker();
  private readonly partners = new Map<number, CustomerPartner>();
  private readonly cards = new Map<number, CustomerCard>();
  private readonly webCustomers = new Map<number, SourceRecord>();
  /** The cards on each CRM record, by card id. */
  private readonly cardsOfPartner = new Map<number, Set<number>>();
  /** What was read changed since the last rebuild: records by key, CRM records whose social ids may have, new former phones. */
  private readonly changedRecords = new Set<string>();
  private readonly changedHandles = new Set<number>();
  private newFormerPhones: FormerPhone[] = [];
  /** The numbers CRM records had before a change, by `<partner id>:<E.164>`, from the CRM's tracking of phone changes. */
  private readonly formerPhones = new Map<string, FormerPhone>();
  /** Each search's mark (directory-records.ts `DirectoryMark`): partners and their phone changes, cards, web accounts. */
  private crmSince: string | null = null;
  private cardsSince: string | null = null;
  private webSince: string | null = null;
  private crmLoaded = false;
  private webLoaded = false;
  /** The store's change number this replica has taken in up to. */
  private storedUpTo = 0;
  private running: Promise<void> | null = null;
  /** Whether the round under way reads the systems too. */
  private runningFromSystems = false;
  /**
   * A round asked for while one was under way, run after it: of the store (another replica changed
   * something) or of the systems too (the timer while leading, a miss).
   */
  private again: 'store' | 'systems' | null = null;
  /** Records read by a search whose saving failed: the next save of it that succeeds announces them. */
  private readonly unsaved = new Set<DirectoryMark>();
  private stopped = false;
  /** When the last round that read the systems started, and when the last one done had started. */
  private lastReadStartedAt = 0;
  private lastReadDoneStartedAt = 0;
  private timer: NodeJS.Timeout | null = null;
  private readonly leads: () => boolean;
  private readonly announce: (what: 'records' | 'decisions') => void;
  readonly ready: Promise<void>;

  constructor(
    private readonly crm: CrmClient,
    private readonly ecommerce: EcommerceClient,
    readonly decisionStore: DecisionStore,
    private readonly store: DirectoryRecordStore,
    private readonly log: Logger,
    options: DirectorySyncOptions,
  ) {
    this.leads = options.leads;
    this.announce = options.announce ?? (() => undefined);
    this.ready = this.refresh();
    if (options.intervalMs > 0) {
      this.timer = setInterval(() => void this.refresh(), options.intervalMs);
      this.timer.unref();
    }
  }

  current(): CustomerDirectory {
    return this.directory;
  }

  /** Systems whose records have never been read: a miss may be their fault. */
  unreadSystems(): ('crm' | 'ecommerce')[] {
    return [...(this.crmLoaded ? [] : ['crm' as const]), ...(this.webLoaded ? [] : ['ecommerce' as const])];
  }

  /**
   * After a lookup missed: wait for a read of the systems' changes that started after the miss
   * (whether this replica leads or not), then the caller looks again. Misses at the same time share
   * one read; reads start at most every MISS_GAP_MS.
   */
  async refreshAfterMiss(): Promise<void> {
    const missedAt = Date.now();
    while (this.lastReadDoneStartedAt < missedAt && !this.stopped) {
      const wait = this.lastReadStartedAt + MISS_GAP_MS - Date.now();
      if (this.running) await this.running;
      else if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      else await this.refresh(true);
    }
    const unread = this.unreadSystems();
    if (unread.length > 0) throw new SystemUnavailableError(unread[0], 'DOWN');
  }

  /**
   * One round, unless one is under way: the store's changes, then the systems' when `fromSystems` (by
   * default while leading). A round of the systems asked for during a round of the store alone runs
   * right after it, so neither the timer nor a miss is swallowed by a round that reads less.
   */
  refresh(fromSystems = this.leads()): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (!this.running) {
      const startedAt = Date.now();
      if (fromSystems) this.lastReadStartedAt = startedAt;
      this.runningFromSystems = fromSystems;
      this.running = this.readChanges(fromSystems).finally(() => {
        this.running = null;
        if (fromSystems) this.lastReadDoneStartedAt = startedAt;
        const next = this.again;
        this.again = null;
        if (next) void this.refresh(next === 'systems');
      });
    } else if (fromSystems && !this.runningFromSystems) this.again = 'systems';
    return this.running;
  }

  /** Another replica stored records or took a decision: this one takes them in now, not at its next round. */
  changedElsewhere(): void {
    if (this.running) this.again ??= 'store';
    else void this.refresh(false);
  }

  /** No more rounds; settles once the round under way (if any) is done. */
  stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    return (this.running ?? Promise.resolve()).catch(() => undefined);
  }

  private async readChanges(fromSystems: boolean): Promise<void> {
    const [recordsChanged, decisionsChanged] = await Promise.all([this.readRecords(fromSystems), this.readDecisions()]);
    if (recordsChanged || decisionsChanged) this.rebuild(decisionsChanged);
  }

  /**
   * The directory of the records and decisions as they are now: the records read changed since the
   * last rebuild are taken in first, so a decision taken while a round is under way never pairs the
   * rows read with customers linked before them. Built whole when every customer was formed again
   * (the first rebuild, stewards' links changed), else updated where the linking changed.
   */
  private rebuild(decisionsChanged: boolean): void {
    const upserted: SourceRecord[] = [];
    const gone: string[] = [];
    for (const key of this.changedRecords) {
      const record = this.recordOf(key);
      if (record) upserted.push(record);
      else gone.push(key);
    }
    this.changedRecords.clear();
    this.linker.apply(upserted, gone);
    const change = this.linker.link(stewardLinksOf(this.decisions));
    const socialHandles = new Map([...this.changedHandles].map((partnerId) => [partnerId, this.socialHandlesOf(partnerId)]));
    const formerPhones = this.newFormerPhones;
    this.changedHandles.clear();
    this.newFormerPhones = [];
    if (change.whole) {
      const everyHandle = [...this.partners.keys()].flatMap((partnerId) => this.socialHandlesOf(partnerId));
      this.directory = new CustomerDirectory(this.linker.linked(), this.decisions, everyHandle, [...this.formerPhones.values()]);
      return;
    }
    if (decisionsChanged) this.directory.decide(this.decisions);
    this.directory.apply({ ...change, pairsOf: (key) => this.linker.pairsOf(key), socialHandles, formerPhones });
  }

  /** After this replica took a decision: it applies at once, not at the next sync. */
  async decided(): Promise<CustomerDirectory> {
    // A round under way may have read the decisions before this one: it reads them again after.
    if (this.running) this.again ??= 'store';
    if (await this.readDecisions()) this.rebuild(true);
    this.announce('decisions');
    return this.directory;
  }

  private async readDecisions(): Promise<boolean> {
    try {
      const decisions = await this.decisionStore.all();
      if (JSON.stringify(decisions) === JSON.stringify(this.decisions)) return false;
      this.decisions = decisions;
      return true;
    } catch (error) {
      this.log.warn({ err: error }, 'could not read identity decisions');
      return false;
    }
  }

  /** What the store holds since the last round; then each system's changes, when asked to or never read. */
  private async readRecords(fromSystems: boolean): Promise<boolean> {
    let changed = await this.readStore();
    const reads = [
      ...(fromSystems || !this.crmLoaded ? [this.readCrm()] : []),
      ...(fromSystems || !this.webLoaded ? [this.readWeb()] : []),
    ];
    for (const systemChanged of await Promise.all(reads)) changed = systemChanged || changed;
    return changed;
  }

  private async readStore(): Promise<boolean> {
    try {
      const stored = await this.store.changesAfter(this.storedUpTo);
      this.storedUpTo = stored.seq;
      if ('crm' in stored.readUpTo) {
        this.crmLoaded = true;
        this.crmSince = later(this.crmSince, stored.readUpTo.crm);
      }
      this.cardsSince = later(this.cardsSince, stored.readUpTo['crm.cards']);
      if ('ecommerce' in stored.readUpTo) {
        this.webLoaded = true;
        this.webSince = later(this.webSince, stored.readUpTo.ecommerce);
      }
      return this.takeIn(stored) > 0;
    } catch (error) {
      this.log.warn({ err: error }, 'could not read the directory store');
      return false;
    }
  }

  /** Records from a system or the store into this replica's copy, noted for the next rebuild: how many are new or changed. */
  private takeIn(records: Partial<DirectoryRecords>): number {
    let changed = 0;
    for (const [partner] of upsertChanged(this.partners, records.partners ?? [])) {
      this.changedRecords.add(recordKey('CRM', partner.id));
      this.changedHandles.add(partner.id);
      changed += 1;
    }
    for (const [card, previous] of upsertChanged(this.cards, records.cards ?? [])) {
      // A card moved to another record changes both.
      if (previous?.partnerId != null) {
        this.cardsOfPartner.get(previous.partnerId)?.delete(card.id);
        this.changedRecords.add(recordKey('CRM', previous.partnerId));
      }
      if (card.partnerId !== null) {
        const held = this.cardsOfPartner.get(card.partnerId);
        if (held) held.add(card.id);
        else this.cardsOfPartner.set(card.partnerId, new Set([card.id]));
        this.changedRecords.add(recordKey('CRM', card.partnerId));
      }
      changed += 1;
    }
    for (const [account] of upsertChanged(this.webCustomers, records.webCustomers ?? [])) {
      this.changedRecords.add(recordKey('ECOMMERCE', account.id));
      changed += 1;
    }
    for (const former of records.formerPhones ?? []) {
      const key = `${former.crmPartnerId}:${former.phone}`;
      if (this.formerPhones.has(key)) continue;
      this.formerPhones.set(key, former);
      this.newFormerPhones.push(former);
      changed += 1;
    }
    return changed;
  }

  /**
   * Stores what a read of a system (started at `readAt`) found, and tells the other replicas when
   * it changed something here or completes an earlier save that failed; a store that cannot be
   * written leaves the mark where it was, so the next read finds the same changes and stores them.
   * Answers whether the mark may move.
   */
  private async keep(
    mark: DirectoryMark,
    records: Partial<DirectoryRecords>,
    readUpTo: string | null,
    readAt: string,
    changed: number,
  ): Promise<boolean> {
    try {
      const seq = await this.store.save(mark, records, readUpTo, readAt);
      // Every earlier change taken in: this one is what this replica holds already, not to be read back
      // (a leader's first round after filling the store would read back every record it stored).
      if (this.storedUpTo === seq - 1) this.storedUpTo = seq;
    } catch (error) {
      this.log.warn({ err: error, mark }, 'could not write the directory store');
      if (changed > 0) this.unsaved.add(mark);
      return false;
    }
    if (changed > 0 || this.unsaved.delete(mark)) this.announce('records');
    return true;
  }

  private async readCrm(): Promise<boolean> {
    try {
      const readAt = new Date().toISOString();
      // Write dates have one-second resolution: the last second is read again; only real changes count.
      const { partners, cards } = await this.crm.customersChangedSince(this.crmSince, this.cardsSince);
      const formerPhones = await this.readFormerPhones();
      const partnersChanged = this.takeIn({ partners, formerPhones });
      const cardsChanged = this.takeIn({ cards });
      this.crmLoaded = true;
      const [latestPartner, latestCard] = [newest(partners), newest(cards)];
      if (await this.keep('crm', { partners, formerPhones }, latestPartner ?? this.crmSince, readAt, partnersChanged))
        this.crmSince = later(this.crmSince, latestPartner);
      if (await this.keep('crm.cards', { cards }, latestCard ?? this.cardsSince, readAt, cardsChanged))
        this.cardsSince = later(this.cardsSince, latestCard);
      const changed = partnersChanged + cardsChanged;
      return changed > 0;
    } catch (error) {
      this.log.warn({ err: error }, 'could not read customer records from the CRM');
      return false;
    }
  }

  /** The CRM's tracked phone changes since the last read (the same second again, as for partners). */
  private async readFormerPhones(): Promise<FormerPhone[]> {
    const formers: FormerPhone[] = [];
    for (const { partnerId, phone } of await this.crm.formerPhonesSince(this.crmSince)) {
      const e164 = normalizePhone(phone);
      if (e164 !== null) formers.push({ crmPartnerId: partnerId, phone: e164 });
    }
    return formers;
  }

  private async readWeb(): Promise<boolean> {
    try {
      const readAt = new Date().toISOString();
      const accounts = await this.ecommerce.customersChangedSince(this.webSince);
      const webCustomers = accounts.map((account): SourceRecord => ({
        system: 'ECOMMERCE',
        id: account.id,
        name: account.name,
        emails: [account.email],
        phones: account.phones,
        loyaltyCards: [],
        addresses: account.addresses,
        updatedAt: account.updatedAt,
      }));
      const latest = newest(accounts);
      const changed = this.takeIn({ webCustomers });
      this.webLoaded = true;
      if (await this.keep('ecommerce', { webCustomers }, latest ?? this.webSince, readAt, changed))
        this.webSince = later(this.webSince, latest);
      return changed > 0;
    } catch (error) {
      this.log.warn({ err: error }, 'could not read customer records from the web shop');
      return false;
    }
  }

  /** The Zalo and Facebook ids on a CRM record while it is active. */
  private socialHandlesOf(partnerId: number): SocialHandle[] {
    const partner = this.partners.get(partnerId);
    if (!partner?.active) return [];
    return [
      ...(partner.zaloUserId ? [{ kind: 'ZALO' as const, value: partner.zaloUserId, crmPartnerId: partner.id }] : []),
      ...(partner.facebookPsid ? [{ kind: 'FACEBOOK' as const, value: partner.facebookPsid, crmPartnerId: partner.id }] : []),
    ];
  }

  /** A record as linked now (`CRM:<id>`, `ECOMMERCE:<id>`), or null when it is gone (an archived partner) or not read yet. */
  private recordOf(key: string): SourceRecord | null {
    const [system, id] = [key.slice(0, key.indexOf(':')), Number(key.slice(key.indexOf(':') + 1))];
    if (system === 'ECOMMERCE') return this.webCustomers.get(id) ?? null;
    const partner = this.partners.get(id);
    if (!partner?.active) return null;
    const cardIds = [...(this.cardsOfPartner.get(id) ?? [])].sort((x, y) => x - y);
    return {
      system: 'CRM',
      id: partner.id,
      name: partner.name,
      emails: [partner.email],
      phones: partner.phones,
      loyaltyCards: cardIds.map((cardId) => this.cards.get(cardId)!.code),
      addresses: [partner.address],
      updatedAt: partner.updatedAt,
    };
  }
}
