import type { Logger } from 'pino';
import { SystemUnavailableError } from '../../lib/errors';
import { normalizePhone } from '../../lib/identifiers';
import type { CrmClient, CustomerCard, CustomerPartner } from '../../connectors/crm';
import type { EcommerceClient } from '../../connectors/ecommerce';
import type { Decision, DecisionStore } from './decisions';
import { CustomerDirectory, scoreRecords, type FormerPhone, type SocialHandle } from './directory';
import type { LinkedRecord, SourceRecord } from './linking';

/** Bounds the legacy reads that a flood of lookups for unknown identifiers can cause. */
const MISS_GAP_MS = 200;

/** Stores rows by id; counts those that are new or differ from what was stored. */
function upsertChanged<T extends { id: number }>(store: Map<number, T>, rows: T[]): number {
  let changed = 0;
  for (const row of rows) {
    const previous = store.get(row.id);
    if (previous && JSON.stringify(previous) === JSON.stringify(row)) continue;
    store.set(row.id, row);
    changed += 1;
  }
  return changed;
}

/**
 * Keeps the customer directory in step with the CRM, the web shop and people's decisions: a full
 * read at start, then only what changed since (by write date), on a timer and when a lookup
 * misses; decisions are read at each of those too (another replica may have taken one). A system
 * that cannot be read keeps its last records; until it has been read once, lookups that miss say
 * so. Records are scored only when they change; a decision only re-clusters.
 */
export class DirectorySync {
  private directory = new CustomerDirectory(scoreRecords([]));
  private decisions: Decision[] = [];
  /** Each record's normalised form, kept between syncs (scoreRecords). */
  private readonly prepared = new Map<string, LinkedRecord>();
  private readonly partners = new Map<number, CustomerPartner>();
  private readonly cards = new Map<number, CustomerCard>();
  private readonly webCustomers = new Map<number, SourceRecord>();
  /** The numbers CRM records had before a change, by `<partner id>:<E.164>`, from the CRM's tracking of phone changes. */
  private readonly formerPhones = new Map<string, FormerPhone>();
  private crmSince: string | null = null;
  private webSince: string | null = null;
  private crmLoaded = false;
  private webLoaded = false;
  private running: Promise<void> | null = null;
  private lastStartedAt = 0;
  private timer: NodeJS.Timeout | null = null;
  readonly ready: Promise<void>;

  constructor(
    private readonly crm: CrmClient,
    private readonly ecommerce: EcommerceClient,
    readonly decisionStore: DecisionStore,
    private readonly log: Logger,
    intervalMs: number,
  ) {
    this.ready = this.refresh();
    if (intervalMs > 0) {
      this.timer = setInterval(() => void this.refresh(), intervalMs);
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
   * After a lookup missed: wait for a read of changes that started after the miss, then the caller
   * looks again. Misses at the same time share one read; reads start at most every MISS_GAP_MS.
   */
  async refreshAfterMiss(): Promise<void> {
    const missedAt = Date.now();
    while (this.lastStartedAt < missedAt) {
      const wait = this.lastStartedAt + MISS_GAP_MS - Date.now();
      if (this.running) await this.running;
      else if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      else await this.refresh();
    }
    const unread = this.unreadSystems();
    if (unread.length > 0) throw new SystemUnavailableError(unread[0], 'DOWN');
  }

  refresh(): Promise<void> {
    if (!this.running) {
      this.lastStartedAt = Date.now();
      this.running = this.readChanges().finally(() => {
        this.running = null;
      });
    }
    return this.running;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private async readChanges(): Promise<void> {
    const [crmChanged, webChanged, decisionsChanged] = await Promise.all([this.readCrm(), this.readWeb(), this.readDecisions()]);
    if (crmChanged || webChanged)
      this.directory = new CustomerDirectory(scoreRecords(this.records(), this.prepared), this.decisions, this.socialHandles(), [
        ...this.formerPhones.values(),
      ]);
    else if (decisionsChanged) this.directory = this.directory.withDecisions(this.decisions);
  }

  /** After this replica took a decision: it applies at once, not at the next sync. */
  async decided(): Promise<CustomerDirectory> {
    if (await this.readDecisions()) this.directory = this.directory.withDecisions(this.decisions);
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

  private async readCrm(): Promise<boolean> {
    try {
      // Write dates have one-second resolution: the last second is read again; only real changes count.
      const { partners, cards } = await this.crm.customersChangedSince(this.crmSince);
      const changed = upsertChanged(this.partners, partners) + upsertChanged(this.cards, cards) + (await this.readFormerPhones());
      const latest = [...partners, ...cards]
        .map((row) => row.updatedAt)
        .sort()
        .pop();
      if (latest) this.crmSince = latest;
      this.crmLoaded = true;
      return changed > 0;
    } catch (error) {
      this.log.warn({ err: error }, 'could not read customer records from the CRM');
      return false;
    }
  }

  /** The CRM's tracked phone changes since the last read (the same second again, as for partners): how many numbers are new. */
  private async readFormerPhones(): Promise<number> {
    let added = 0;
    for (const { partnerId, phone } of await this.crm.formerPhonesSince(this.crmSince)) {
      const e164 = normalizePhone(phone);
      if (e164 === null || this.formerPhones.has(`${partnerId}:${e164}`)) continue;
      this.formerPhones.set(`${partnerId}:${e164}`, { crmPartnerId: partnerId, phone: e164 });
      added += 1;
    }
    return added;
  }

  private async readWeb(): Promise<boolean> {
    try {
      const accounts = await this.ecommerce.customersChangedSince(this.webSince);
      const records = accounts.map((account): SourceRecord => ({
        system: 'ECOMMERCE',
        id: account.id,
        name: account.name,
        emails: [account.email],
        phones: account.phones,
        loyaltyCards: [],
        addresses: account.addresses,
        updatedAt: account.updatedAt,
      }));
      const changed = upsertChanged(this.webCustomers, records);
      const latest = accounts
        .map((account) => account.updatedAt)
        .sort()
        .pop();
      if (latest) this.webSince = latest;
      this.webLoaded = true;
      return changed > 0;
    } catch (error) {
      this.log.warn({ err: error }, 'could not read customer records from the web shop');
      return false;
    }
  }

  /** The Zalo and Facebook ids on active CRM records. */
  private socialHandles(): SocialHandle[] {
    return [...this.partners.values()]
      .filter((partner) => partner.active)
      .flatMap((partner) => [
        ...(partner.zaloUserId ? [{ kind: 'ZALO' as const, value: partner.zaloUserId, crmPartnerId: partner.id }] : []),
        ...(partner.facebookPsid ? [{ kind: 'FACEBOOK' as const, value: partner.facebookPsid, crmPartnerId: partner.id }] : []),
      ]);
  }

  private records(): SourceRecord[] {
    const cardsByPartner = new Map<number, string[]>();
    for (const card of this.cards.values()) {
      if (card.partnerId !== null) cardsByPartner.set(card.partnerId, [...(cardsByPartner.get(card.partnerId) ?? []), card.code]);
    }
    const crmRecords: SourceRecord[] = [...this.partners.values()]
      .filter((partner) => partner.active)
      .map((partner) => ({
        system: 'CRM',
        id: partner.id,
        name: partner.name,
        emails: [partner.email],
        phones: partner.phones,
        loyaltyCards: cardsByPartner.get(partner.id) ?? [],
        addresses: [partner.address],
        updatedAt: partner.updatedAt,
      }));
    return [...crmRecords, ...this.webCustomers.values()];
  }
}
