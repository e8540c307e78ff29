import type { Logger } from 'pino';
import { offeredOn, offeredTo, selectsProduct, type EcommerceClient, type Promotion, type PromotionBook } from '../../connectors/ecommerce';
import type { BundleDeal, MarketplaceClient } from '../../connectors/marketplace';
import { addDays, storeBusinessDay, storeTimeToIso } from '../../connectors/pos';
import type { Clock } from '../../lib/clock';
import type { MarketplaceState } from './state';

export interface BundleDealSyncOptions {
  /** How often the promotions are compared with the marketplace's deals (MARKETPLACE_PROMOTION_SYNC_MS, default 60 s; 0: never). */
  intervalMs: number;
}

/** A deal for a promotion already running starts this long after it is created: the marketplace takes no start in the past. */
const START_LEAD_MS = 10_000;
/** The marketplace wants an end: an open-ended promotion's deal runs this long, and a new one follows it. */
const OPEN_ENDED_MS = 90 * 86_400_000;
/** The shortest deal the marketplace runs. */
const MIN_LENGTH_MS = 3_600_000;
/** One round at a time across replicas that share their state (PostgreSQL's advisory locks), always within one process. */
const LOCK = 'marketplace:bundle-deals';

/** A mirrored deal's name ends with the rule it mirrors ("Mua 2 tặng 1 #KM1"): the seller's own deals are left alone. */
const MARKER = / #KM(\d+)$/;
export const bundleDealName = (promotion: Pick<Promotion, 'label' | 'ruleId'>) => `${promotion.label} #KM${promotion.ruleId}`;
export function ruleOfBundleDeal(name: string): number | null {
  const found = MARKER.exec(name);
  return found ? Number(found[1]) : null;
}

/** What a promotion is on the marketplace. */
export interface BundleTerms {
  ruleId: number;
  name: string;
  minQuantity: number;
  percentOff: number;
  /** The start of its first local day (the store's zone, UTC+7). */
  startsAt: Date;
  /** The end of its last local day; null when it has none. */
  endsAt: Date | null;
}

const startOfDay = (day: string) => new Date(storeTimeToIso(`${day}T00:00:00`));

/**
 * A promotion as a bundle deal, or null when it has none: an active buy-x-get-y rule, offered on the
 * marketplace to every buyer (marketplace buyers have no web account: GUEST) without a voucher, not
 * over by `today`. Any x + y units of its listings for floor(100 y / (x + y)) percent off each: the
 * marketplace takes whole percents (33 for buy 2 get 1), and mixes listings in a group where the web
 * shop counts each line alone.
 */
export function bundleTermsOf(promotion: Promotion, today: string): BundleTerms | null {
  const { step: x, amount: y } = promotion;
  if (promotion.action !== 'buy_x_get_y' || !promotion.active || promotion.needsVoucher) return null;
  if (!offeredOn(promotion, 'MARKETPLACE') || !offeredTo(promotion, 'GUEST')) return null;
  if (!Number.isInteger(x) || !Number.isInteger(y) || x < 1 || y < 1) return null;
  if (promotion.toDate !== null && promotion.toDate < today) return null;
  const percentOff = Math.floor((100 * y) / (x + y));
  if (percentOff < 1) return null;
  return {
    ruleId: promotion.ruleId,
    name: bundleDealName(promotion),
    minQuantity: x + y,
    percentOff,
    startsAt: startOfDay(promotion.fromDate ?? today),
    endsAt: promotion.toDate === null ? null : startOfDay(addDays(promotion.toDate, 1)),
  };
}

/** Why a mirrored deal no longer stands for its promotion's terms, or null when it does. */
function outdated(deal: BundleDeal, terms: BundleTerms, now: Date): string | null {
  if (deal.minQuantity !== terms.minQuantity || deal.percentOff !== terms.percentOff) return 'its promotion’s terms changed';
  const starts = Date.parse(deal.startsAt);
  if (starts < terms.startsAt.getTime()) return 'it starts before its promotion';
  // Only a deal not started yet can start sooner: a running one has.
  if (deal.status === 'UPCOMING' && starts > Math.max(terms.startsAt.getTime(), now.getTime() + START_LEAD_MS))
    return 'its promotion starts sooner';
  return null;
}

/**
 * Mirrors the retailer's buy-x-get-y promotions as the marketplace's own kind of bundle deal. Each
 * round reads the promotions (the web shop's cart price rules, PromotionBook) and the shop's deals
 * not ended; a deal whose name carries a rule's marker is that rule's. A promotion without its deal
 * gets one (created once: a restart or a second replica finds it by its name), with the listings
 * whose every model is a catalogue product the rule's condition selects; listings are added and
 * taken out as the catalogue and listings move, the end follows the promotion's; a deal whose
 * promotion ended, stopped, left the marketplace or changed terms is ended (a new one follows).
 * What fails is logged and tried again next round.
 */
export class BundleDealSync {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly marketplace: MarketplaceClient,
    private readonly promotions: Pick<PromotionBook, 'promotions'>,
    private readonly catalogue: EcommerceClient,
    private readonly locks: Pick<MarketplaceState, 'withLocks'>,
    private readonly clock: Clock,
    private readonly options: BundleDealSyncOptions,
    private readonly log: Logger,
  ) {}

  /** A first round now, then one every interval; with an interval of 0 the marketplace's deals are never touched. */
  async start(): Promise<void> {
    if (this.options.intervalMs <= 0) return;
    this.timer = setInterval(() => void this.round(), this.options.intervalMs);
    await this.round();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** One comparison and its changes; a round asked for while one runs shares it. */
  round(): Promise<void> {
    this.running ??= this.locks
      .withLocks([LOCK], () => this.mirror())
      .catch((error) =>
        this.log.warn({ err: error }, 'marketplace bundle deals could not be brought up to date; the next round tries again'),
      )
      .finally(() => (this.running = null));
    return this.running;
  }

  private async mirror(): Promise<void> {
    const now = this.clock();
    const today = storeBusinessDay(now);
    const wanted = new Map<number, { promotion: Promotion; terms: BundleTerms }>();
    for (const promotion of await this.promotions.promotions()) {
      const terms = bundleTermsOf(promotion, today);
      if (terms) wanted.set(promotion.ruleId, { promotion, terms });
    }
    // The oldest deal of a rule stands; another (two replicas on separate state) is ended.
    const deals = (await this.marketplace.bundleDeals()).filter((deal) => ruleOfBundleDeal(deal.name) !== null).sort((a, b) => a.id - b.id);
    const kept = new Map<number, BundleDeal>();
    // A rule whose outdated deal could not be ended gets no new one this round: its listings are still taken.
    const stuck = new Set<number>();
    for (const deal of deals) {
      const ruleId = ruleOfBundleDeal(deal.name)!;
      const terms = wanted.get(ruleId)?.terms;
      const why = !terms
        ? 'its promotion is over or no longer on the marketplace'
        : kept.has(ruleId)
          ? 'another deal mirrors the same promotion'
          : outdated(deal, terms, now);
      if (why === null) {
        kept.set(ruleId, deal);
        continue;
      }
      const ended = await this.attempt(ruleId, async () => {
        await this.marketplace.endBundleDeal(deal);
        this.log.info({ deal: deal.id, rule: ruleId, why }, 'marketplace bundle deal ended');
      });
      if (!ended) stuck.add(ruleId);
    }
    if (wanted.size === 0) return;
    const listings = await this.listingsSelected([...wanted.values()].map((w) => w.promotion));
    for (const [ruleId, { terms }] of wanted) {
      const itemIds = listings.get(ruleId) ?? [];
      const deal = kept.get(ruleId);
      if (deal) await this.attempt(ruleId, () => this.follow(deal, terms, itemIds, now));
      else if (!stuck.has(ruleId)) await this.attempt(ruleId, () => this.create(terms, itemIds, now));
    }
  }

  private async create(terms: BundleTerms, itemIds: number[], now: Date): Promise<void> {
    // A deal on no listing sells nothing: it waits for its first.
    if (itemIds.length === 0) return;
    const startsAt = new Date(Math.max(terms.startsAt.getTime(), now.getTime() + START_LEAD_MS));
    const endsAt = terms.endsAt ?? new Date(startsAt.getTime() + OPEN_ENDED_MS);
    if (endsAt.getTime() - startsAt.getTime() < MIN_LENGTH_MS) return;
    const { deal, failed } = await this.marketplace.createBundleDeal({
      name: terms.name,
      startsAt,
      endsAt,
      minQuantity: terms.minQuantity,
      percentOff: terms.percentOff,
      itemIds,
    });
    this.log.info({ deal: deal.id, rule: terms.ruleId, listings: deal.itemIds.length }, 'marketplace bundle deal created');
    if (failed.length > 0)
      this.log.warn({ deal: deal.id, failed: failed.slice(0, 5) }, 'the marketplace refused some listings of a bundle deal');
  }

  /** Brings a standing deal's end and listings to its promotion's. */
  private async follow(deal: BundleDeal, terms: BundleTerms, itemIds: number[], now: Date): Promise<void> {
    if (terms.endsAt !== null && Date.parse(deal.endsAt) !== terms.endsAt.getTime() && terms.endsAt > now)
      await this.marketplace.rescheduleBundleDeal(deal.id, terms.endsAt);
    const has = new Set(deal.itemIds);
    const wanted = new Set(itemIds);
    const missing = itemIds.filter((id) => !has.has(id));
    const extra = deal.itemIds.filter((id) => !wanted.has(id));
    const added = await this.marketplace.addBundleDealItems(deal.id, missing);
    const removed = await this.marketplace.removeBundleDealItems(deal.id, extra);
    const failed = [...added.failed, ...removed.failed];
    if (failed.length > 0)
      this.log.warn({ deal: deal.id, failed: failed.slice(0, 5) }, 'the marketplace refused some listings of a bundle deal');
  }

  /** Per promotion, the listings (item ids) whose every model's SKU is a catalogue product its condition selects. */
  private async listingsSelected(promotions: readonly Promotion[]): Promise<Map<number, number[]>> {
    const listings = await this.marketplace.listings();
    // Magento compares SKUs case-insensitively.
    const products = new Map((await this.catalogue.productsBySkus(listings.map((l) => l.sku))).map((p) => [p.sku.toLowerCase(), p]));
    const skusByItem = new Map<number, string[]>();
    for (const listing of listings) skusByItem.set(listing.itemId, [...(skusByItem.get(listing.itemId) ?? []), listing.sku]);
    return new Map(
      promotions.map((promotion) => [
        promotion.ruleId,
        [...skusByItem]
          .filter(([, skus]) =>
            skus.every((sku) => {
              const product = products.get(sku.toLowerCase());
              return product !== undefined && selectsProduct(promotion, product);
            }),
          )
          .map(([itemId]) => itemId)
          .sort((a, b) => a - b),
      ]),
    );
  }

  /** One rule's change: its failure is logged and left for the next round (false), the other rules go on. */
  private async attempt(ruleId: number, work: () => Promise<void>): Promise<boolean> {
    try {
      await work();
      return true;
    } catch (error) {
      this.log.warn({ err: error, rule: ruleId }, 'a marketplace bundle deal could not be brought up to date; the next round tries again');
      return false;
    }
  }
}
