import type { Logger } from 'pino';
import { SystemUnavailableError } from '../../lib/errors';
import { CrmClient, FIRST_CUSTOMER_PARTNER_ID, isoToOdooDatetime, odooDatetimeToIso, orNull } from '../crm/client';
import { EcommerceClient, magentoTimeToIso } from '../ecommerce/client';
import { CustomerDirectory } from './directory';
import type { SourceRecord } from './linking';

interface CrmPartnerRow {
  id: number;
  name: string;
  email: string | false;
  phone: string | false;
  mobile: string | false;
  active: boolean;
  write_date: string;
}

interface CrmCardRow {
  id: number;
  partner_id: [number, string] | false;
  code: string;
  write_date: string;
}

const CRM_PAGE = 2_000;
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
 * Keeps the customer directory in step with the CRM and the web shop: a full read at start, then
 * only what changed since (by write date), on a timer and when a lookup misses. A system that
 * cannot be read keeps its last records; until it has been read once, lookups that miss say so.
 */
export class DirectorySync {
  private directory = new CustomerDirectory([]);
  private readonly partners = new Map<number, CrmPartnerRow>();
  private readonly cards = new Map<number, CrmCardRow>();
  private readonly webCustomers = new Map<number, SourceRecord>();
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
    const [crmChanged, webChanged] = await Promise.all([this.readCrm(), this.readWeb()]);
    if (crmChanged || webChanged) this.directory = new CustomerDirectory(this.records());
  }

  private async readCrm(): Promise<boolean> {
    try {
      const since = this.crmSince;
      // Write dates have one-second resolution: re-read the last second and keep only real changes.
      const changedAfter = since ? [['write_date', '>=', isoToOdooDatetime(since)]] : [];
      const partners = await this.readAllCrm<CrmPartnerRow>('res.partner', [['id', '>=', FIRST_CUSTOMER_PARTNER_ID], ['active', 'in', [true, false]], ...changedAfter], ['name', 'email', 'phone', 'mobile', 'active', 'write_date']);
      const cards = await this.readAllCrm<CrmCardRow>('loyalty.card', changedAfter, ['partner_id', 'code', 'write_date']);
      const changed = upsertChanged(this.partners, partners) + upsertChanged(this.cards, cards);
      const latest = [...partners, ...cards].map((row) => odooDatetimeToIso(row.write_date)!).sort().pop();
      if (latest) this.crmSince = latest;
      this.crmLoaded = true;
      return changed > 0;
    } catch (error) {
      this.log.warn({ err: error }, 'could not read customer records from the CRM');
      return false;
    }
  }

  private async readAllCrm<T>(model: string, domain: unknown[], fields: string[]): Promise<T[]> {
    const rows: T[] = [];
    for (let offset = 0; ; offset += CRM_PAGE) {
      const page = await this.crm.searchRead<T>(model, domain, fields, { offset, limit: CRM_PAGE, order: 'write_date asc, id asc' });
      rows.push(...page);
      if (page.length < CRM_PAGE) return rows;
    }
  }

  private async readWeb(): Promise<boolean> {
    try {
      const customers = await this.ecommerce.customersChangedSince(this.webSince);
      const records = customers.map((customer): SourceRecord => ({
        system: 'ECOMMERCE',
        id: customer.id,
        name: `${customer.lastname} ${customer.firstname}`.trim(),
        emails: [customer.email],
        phones: customer.addresses.map((address) => address.telephone ?? null),
        loyaltyCards: [],
          updatedAt: customer.updated_at,
      }));
      const changed = upsertChanged(this.webCustomers, records);
      const latest = customers.map((c) => c.updated_at).sort().pop();
      if (latest) this.webSince = magentoTimeToIso(latest);
      this.webLoaded = true;
      return changed > 0;
    } catch (error) {
      this.log.warn({ err: error }, 'could not read customer records from the web shop');
      return false;
    }
  }

  private records(): SourceRecord[] {
    const cardsByPartner = new Map<number, string[]>();
    for (const card of this.cards.values()) {
      const partnerId = card.partner_id === false ? null : card.partner_id[0];
      if (partnerId !== null) cardsByPartner.set(partnerId, [...(cardsByPartner.get(partnerId) ?? []), card.code]);
    }
    const crmRecords: SourceRecord[] = [...this.partners.values()]
      .filter((partner) => partner.active)
      .map((partner) => ({
        system: 'CRM',
        id: partner.id,
        name: partner.name,
        emails: [orNull(partner.email)],
        phones: [orNull(partner.phone), orNull(partner.mobile)],
        loyaltyCards: cardsByPartner.get(partner.id) ?? [],
        updatedAt: odooDatetimeToIso(partner.write_date)!,
      }));
    return [...crmRecords, ...this.webCustomers.values()];
  }
}
