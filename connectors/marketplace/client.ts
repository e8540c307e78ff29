import type { AxiosRequestConfig, AxiosResponse } from 'axios';
import { Clock, clockFromEnv } from '../../lib/clock';
import { BusinessRuleError } from '../../lib/errors';
import { LegacyHttp, legacyHttpOptionsFromEnv } from '../../lib/http';
import { FirstAuthorization, Grant, ShopAuthorization } from './auth';
import { bundleDealOf, isoOfUnix, MarketplaceAnswerError, marketplaceOrderOf, PERCENTAGE_RULE, timeWindows, unixOf } from './mapping';
import { orderStatusPushOf, ReceivedPush } from './push';
import type {
  BrandMember,
  BundleDeal,
  BundleDealItemsResult,
  ListedSku,
  Listing,
  MarketplaceOrder,
  MarketplaceStock,
  NewBundleDeal,
  OrderStatusPush,
  OrderTimeRange,
  StockUpdateResult,
} from './records';
import { bundleDealRefusal, errorOf, isAuthRefusal, refusalOf, shipmentRefusal, Translate } from './refusals';
import type { PartnerCredentials } from './signing';
import { requestSign } from './signing';
import {
  AddBundleDealAnswer,
  BUNDLE_DEAL_TIME_STATUS,
  BundleDealItemAnswer,
  BundleDealItemsAnswer,
  BundleDealListAnswer,
  Envelope,
  ItemListAnswer,
  MemberListAnswer,
  ModelListAnswer,
  ORDER_DETAIL_FIELDS,
  OrderDetailAnswer,
  OrderListAnswer,
  TokenAnswer,
  UpdateStockAnswer,
  WireBundleDeal,
  WireModel,
} from './wire';

const API_ROOT = '/api/v2';
/** The most a list call pages (order list, items, members). */
const PAGE_SIZE = 100;
/** Orders per detail call, and models per stock update. */
const BATCH = 50;
/** Its refusals come as 4xx with its error form; 429 and 5xx are outages, for lib/http. */
const REFUSAL_STATUSES = [400, 403, 404];
/** How long the brand members are kept: a buyer who links their account shows as a member within this. */
const MEMBERS_TTL_MS = 60_000;
/** At most this often the listings are read again for a SKU they did not have. */
const LISTINGS_RELOAD_MS = 60_000;
/** Listings whose models are read at once when the listings are read. */
const LISTING_READS_AT_ONCE = 8;

/** Development defaults, those of the stand-in (legacy/marketplace/README.md). */
const DEV_PARTNER_ID = 2_001_887;
const DEV_PARTNER_KEY = 'marketplace-dev-partner-key';
const DEV_SHOP_ID = 880_001;
const DEV_ADMIN_TOKEN = 'legacy-admin-dev-token';

export interface MarketplaceClientOptions {
  http: LegacyHttp;
  partner: PartnerCredentials;
  shopId: number;
  /** Business time (lib/clock): the requests' timestamps and the tokens' expiry. */
  clock: Clock;
  firstAuthorization: FirstAuthorization;
}

type Params = Record<string, string | number>;
type Cached<T> = { atMs: number; value: Promise<T> };

/**
 * The one client for the marketplace's seller API (Shopee Open Platform v2 style). Its quirks stop
 * here: every call signed, the shop's tokens kept and renewed, order lists in 15-day windows and
 * cursor pages, details in batches of 50, unix-second times, whole-dong numbers, listing ids for
 * the retailer's SKUs, masked buyers, brand members by their loyalty card, bundle deals by rule
 * type and time status, and its error form.
 */
export class MarketplaceClient {
  private readonly http: LegacyHttp;
  private readonly partner: PartnerCredentials;
  private readonly shopId: number;
  private readonly clock: Clock;
  private readonly auth: ShopAuthorization;
  private memberCache: Cached<Map<number, string>> | null = null;
  private listingCache: Cached<Map<string, Listing>> | null = null;

  constructor(options: MarketplaceClientOptions) {
    ({ http: this.http, partner: this.partner, shopId: this.shopId, clock: this.clock } = options);
    this.auth = new ShopAuthorization(options.shopId, options.clock, options.firstAuthorization, (call, body) => this.grant(call, body));
  }

  /**
   * From the environment: MARKETPLACE_URL, MARKETPLACE_PARTNER_ID, MARKETPLACE_PARTNER_KEY,
   * MARKETPLACE_SHOP_ID, and the first authorisation (MARKETPLACE_AUTH_CODE or
   * MARKETPLACE_REFRESH_TOKEN; outside production, the stand-in's authorisation page). README.md.
   */
  static fromEnv(env: NodeJS.ProcessEnv = process.env, options: { clock?: Clock } = {}): MarketplaceClient {
    const production = env.NODE_ENV === 'production';
    if (production && !env.MARKETPLACE_PARTNER_KEY) throw new Error('MARKETPLACE_PARTNER_KEY must be set in production');
    const http = new LegacyHttp(legacyHttpOptionsFromEnv('marketplace', env.MARKETPLACE_URL ?? 'http://127.0.0.1:8090', env));
    return new MarketplaceClient({
      http,
      partner: {
        partnerId: Number(env.MARKETPLACE_PARTNER_ID ?? DEV_PARTNER_ID),
        partnerKey: env.MARKETPLACE_PARTNER_KEY ?? DEV_PARTNER_KEY,
      },
      shopId: Number(env.MARKETPLACE_SHOP_ID ?? DEV_SHOP_ID),
      clock: options.clock ?? clockFromEnv(env),
      firstAuthorization: firstAuthorizationFromEnv(env, http),
    });
  }

  // Orders

  /**
   * The numbers of the orders changed (or placed) in a time range, each once: 15-day windows, each
   * paged to its end. Pages shift when orders change while a window is read, so a poller overlaps
   * its ranges; the numbers are de-duplicated here.
   */
  async orderNumbers(range: OrderTimeRange): Promise<string[]> {
    const field = range.by === 'UPDATED' ? 'update_time' : 'create_time';
    const numbers = new Set<string>();
    for (const [from, to] of timeWindows(unixOf(range.from), unixOf(range.to))) {
      for (let cursor = ''; ;) {
        const page = await this.read<OrderListAnswer>('order/get_order_list', {
          time_range_field: field,
          time_from: from,
          time_to: to,
          page_size: PAGE_SIZE,
          cursor,
        });
        for (const order of page.order_list) numbers.add(order.order_sn);
        if (!page.more) break;
        cursor = page.next_cursor;
      }
    }
    return [...numbers];
  }

  /** Orders by number, in batches of 50, in the order asked; numbers the marketplace does not know are left out. */
  async orders(numbers: readonly string[]): Promise<MarketplaceOrder[]> {
    const unique = [...new Set(numbers)];
    if (unique.length === 0) return [];
    const members = await this.memberCards();
    const found = new Map<string, MarketplaceOrder>();
    for (let i = 0; i < unique.length; i += BATCH) {
      const answer = await this.read<OrderDetailAnswer>(
        'order/get_order_detail',
        { order_sn_list: unique.slice(i, i + BATCH).join(','), response_optional_fields: ORDER_DETAIL_FIELDS.join(',') },
        { notFound: 'empty' },
      );
      for (const order of answer?.order_list ?? []) found.set(order.order_sn, marketplaceOrderOf(order, members));
    }
    return unique.flatMap((number) => found.get(number) ?? []);
  }

  /** One order; null when the marketplace has none with this number. */
  async order(number: string): Promise<MarketplaceOrder | null> {
    return (await this.orders([number]))[0] ?? null;
  }

  /**
   * Hands a paid order to the marketplace's carrier (drop-off at its point): READY_TO_SHIP → PROCESSED.
   * ORDER_NOT_FOUND, ORDER_NOT_SHIPPABLE (unpaid, cancelled, already shipped). Never retried.
   */
  async shipOrder(number: string): Promise<void> {
    await this.write('logistics/ship_order', { order_sn: number, dropoff: {} }, shipmentRefusal);
  }

  /**
   * The seller cancels an order it cannot fulfil (UNPAID or READY_TO_SHIP): the marketplace refunds
   * the buyer and puts the units back on sale. ORDER_NOT_FOUND, ORDER_NOT_SHIPPABLE when it has moved
   * on (shipped, cancelled already). Never retried.
   */
  async cancelOrder(number: string, reason: 'OUT_OF_STOCK' | 'CUSTOMER_REQUEST' | 'UNDELIVERABLE_AREA'): Promise<void> {
    await this.write('order/cancel_order', { order_sn: number, cancel_reason: reason }, shipmentRefusal);
  }

  /** A verified order status push (null for other kinds); PushSignatureError when it is not the marketplace's. */
  orderStatusPush(push: ReceivedPush): OrderStatusPush | null {
    return orderStatusPushOf(this.partner.partnerKey, push);
  }

  // Members

  /** Buyers who linked their marketplace account to the loyalty programme, with the card they gave. */
  async brandMembers(): Promise<BrandMember[]> {
    const members: BrandMember[] = [];
    for (let cursor = ''; ;) {
      const page = await this.read<MemberListAnswer>('brand_membership/get_member_list', { page_size: PAGE_SIZE, cursor });
      for (const m of page.member_list)
        members.push({ marketplaceUserId: m.buyer_user_id, cardCode: m.member_id, linkedAt: isoOfUnix(m.link_time) });
      if (!page.more) return members;
      cursor = page.next_cursor;
    }
  }

  // Stock

  /** What the marketplace may sell of each SKU now, and what its open orders hold; SKUs not listed there are left out. */
  async stock(skus: readonly string[]): Promise<MarketplaceStock[]> {
    const listings = await this.listingsOf(skus);
    const stock = new Map<string, MarketplaceStock>();
    for (const itemId of new Set([...listings.values()].map((l) => l.itemId))) {
      for (const model of await this.models(itemId)) {
        stock.set(model.model_sku, {
          sku: model.model_sku,
          available: model.stock_info_v2.summary_info.total_available_stock,
          reserved: model.stock_info_v2.summary_info.total_reserved_stock,
        });
      }
    }
    return [...listings.keys()].flatMap((sku) => stock.get(sku) ?? []);
  }

  /** The retailer's SKUs listed on the marketplace (read once, again at most once a minute). */
  async listedSkus(): Promise<string[]> {
    return [...(await this.allListings()).keys()];
  }

  /** Every listed SKU with its listing (item) and model ids, as listedSkus reads them. */
  async listings(): Promise<ListedSku[]> {
    return [...(await this.allListings()).entries()].map(([sku, listing]) => ({ sku, ...listing }));
  }

  private async allListings(): Promise<Map<string, Listing>> {
    const now = Date.now();
    if (this.listingCache === null || now - this.listingCache.atMs > LISTINGS_RELOAD_MS)
      this.listingCache = { atMs: now, value: this.readListings() };
    return this.cached(this.listingCache, () => (this.listingCache = null));
  }

  /**
   * Sets what the marketplace may sell of each SKU (it overwrites, so a repeated update is harmless
   * and the caller may retry it). Per listing, 50 models a call; SKUs not listed fail alone.
   */
  async updateStock(levels: readonly { sku: string; available: number }[]): Promise<StockUpdateResult> {
    for (const level of levels)
      if (!Number.isSafeInteger(level.available) || level.available < 0)
        throw new RangeError(`stock for ${level.sku} must be a whole number of at least 0, not ${level.available}`);
    const listings = await this.listingsOf(levels.map((l) => l.sku));
    const result: StockUpdateResult = { updated: [], failed: [] };
    const byItem = new Map<number, { sku: string; modelId: number; available: number }[]>();
    for (const level of levels) {
      const listing = listings.get(level.sku);
      if (!listing) result.failed.push({ sku: level.sku, reason: 'Not listed on the marketplace.' });
      else byItem.set(listing.itemId, [...(byItem.get(listing.itemId) ?? []), { ...level, modelId: listing.modelId }]);
    }
    for (const [itemId, models] of byItem) {
      for (let i = 0; i < models.length; i += BATCH) {
        const batch = models.slice(i, i + BATCH);
        const answer = await this.write<UpdateStockAnswer>(
          'product/update_stock',
          { item_id: itemId, stock_list: batch.map((m) => ({ model_id: m.modelId, seller_stock: [{ stock: m.available }] })) },
          undefined,
          { notFound: 'empty' },
        );
        if (!answer) {
          // The listing was removed since it was read: read the listings again next time.
          this.listingCache = null;
          for (const m of batch) result.failed.push({ sku: m.sku, reason: 'Not listed on the marketplace.' });
          continue;
        }
        const skuOf = new Map(batch.map((m) => [m.modelId, m.sku]));
        for (const ok of answer.success_list)
          result.updated.push({ sku: skuOf.get(ok.model_id) ?? String(ok.model_id), available: ok.stock });
        for (const failure of answer.failure_list)
          result.failed.push({ sku: skuOf.get(failure.model_id) ?? String(failure.model_id), reason: failure.failed_reason });
      }
    }
    return result;
  }

  // Bundle deals

  /**
   * The shop's bundle deals not ended yet (upcoming and ongoing), each with its enabled listings and
   * the SKUs they sell: a list call per status and page, then an item call per deal.
   */
  async bundleDeals(): Promise<BundleDeal[]> {
    const found = new Map<number, { deal: WireBundleDeal; status: BundleDeal['status'] }>();
    // Upcoming first: a deal that starts between the two reads is read twice (kept as ongoing), never missed.
    for (const status of ['UPCOMING', 'ONGOING'] as const) {
      for (let page = 1; ; page += 1) {
        const answer = await this.read<BundleDealListAnswer>('bundle_deal/get_bundle_deal_list', {
          time_status: BUNDLE_DEAL_TIME_STATUS[status],
          page_no: page,
          page_size: PAGE_SIZE,
        });
        for (const deal of answer.bundle_deal_list) found.set(deal.bundle_deal_id, { deal, status });
        if (!answer.more) break;
      }
    }
    const skusOf = found.size === 0 ? () => [] : skusByItem(await this.allListings());
    const deals: BundleDeal[] = [];
    for (const { deal, status } of found.values()) {
      const items = await this.read<BundleDealItemAnswer>(
        'bundle_deal/get_bundle_deal_item',
        { bundle_deal_id: deal.bundle_deal_id },
        { notFound: 'empty' },
      );
      // Deleted since it was listed.
      if (items === null) continue;
      const enabled = items.item_list.filter((item) => item.status === 1).map((item) => item.item_id);
      deals.push(bundleDealOf(deal, status, enabled, skusOf));
    }
    return deals;
  }

  /**
   * Creates a percentage bundle deal, then puts its listings in it. Listings it refuses are in
   * `failed`; a failure after the deal exists leaves it with fewer listings, to add again. Never retried.
   */
  async createBundleDeal(deal: NewBundleDeal): Promise<{ deal: BundleDeal; failed: BundleDealItemsResult['failed'] }> {
    if (!Number.isInteger(deal.percentOff) || deal.percentOff < 1 || deal.percentOff > 99)
      throw new RangeError(`a bundle deal takes a whole percent from 1 to 99, not ${deal.percentOff}`);
    if (!Number.isInteger(deal.minQuantity) || deal.minQuantity < 2)
      throw new RangeError(`a bundle deal groups at least 2 units, not ${deal.minQuantity}`);
    const { bundle_deal_id: id } = await this.write<AddBundleDealAnswer>('bundle_deal/add_bundle_deal', {
      rule_type: PERCENTAGE_RULE,
      discount_percentage: deal.percentOff,
      min_amount: deal.minQuantity,
      start_time: unixOf(deal.startsAt),
      end_time: unixOf(deal.endsAt),
      name: deal.name,
      purchase_limit: deal.purchaseLimit ?? 0,
    });
    const items = deal.itemIds.length > 0 ? await this.addBundleDealItems(id, deal.itemIds) : { changed: [], failed: [] };
    const skusOf = items.changed.length === 0 ? () => [] : skusByItem(await this.allListings());
    const created: WireBundleDeal = {
      bundle_deal_id: id,
      name: deal.name,
      start_time: unixOf(deal.startsAt),
      end_time: unixOf(deal.endsAt),
      bundle_deal_rule: {
        rule_type: PERCENTAGE_RULE,
        discount_percentage: deal.percentOff,
        discount_value: 0,
        fix_price: 0,
        min_amount: deal.minQuantity,
      },
      purchase_limit: deal.purchaseLimit ?? 0,
    };
    return { deal: bundleDealOf(created, 'UPCOMING', items.changed, skusOf), failed: items.failed };
  }

  /** Puts listings in a deal (enabled); BUNDLE_DEAL_NOT_FOUND, BUNDLE_DEAL_NOT_CHANGEABLE once it has ended. Never retried. */
  async addBundleDealItems(dealId: number, itemIds: readonly number[]): Promise<BundleDealItemsResult> {
    return this.changeBundleDealItems('bundle_deal/add_bundle_deal_item', dealId, itemIds);
  }

  /** Takes listings out of a deal; BUNDLE_DEAL_NOT_FOUND, BUNDLE_DEAL_NOT_CHANGEABLE once it has ended. Never retried. */
  async removeBundleDealItems(dealId: number, itemIds: readonly number[]): Promise<BundleDealItemsResult> {
    return this.changeBundleDealItems('bundle_deal/delete_bundle_deal_item', dealId, itemIds);
  }

  private async changeBundleDealItems(call: string, dealId: number, itemIds: readonly number[]): Promise<BundleDealItemsResult> {
    if (itemIds.length === 0) return { changed: [], failed: [] };
    const answer = await this.write<BundleDealItemsAnswer>(
      call,
      { bundle_deal_id: dealId, item_list: itemIds.map((itemId) => ({ item_id: itemId, status: 1 })) },
      bundleDealRefusal,
    );
    return {
      changed: answer.success_list,
      failed: answer.failed_list.map((failure) => ({ itemId: failure.item_id, reason: failure.fail_message || failure.fail_error })),
    };
  }

  /** Moves a deal's end (later than now, an hour after its start); BUNDLE_DEAL_NOT_FOUND, BUNDLE_DEAL_NOT_CHANGEABLE once ended. */
  async rescheduleBundleDeal(dealId: number, endsAt: Date): Promise<void> {
    await this.write('bundle_deal/update_bundle_deal', { bundle_deal_id: dealId, end_time: unixOf(endsAt) }, bundleDealRefusal);
  }

  /**
   * Ends a deal now: an ongoing one is ended, an upcoming one deleted (the marketplace allows only
   * that), the other tried when it moved on meanwhile. One already gone or ended is left as it is.
   */
  async endBundleDeal(deal: Pick<BundleDeal, 'id' | 'status'>): Promise<void> {
    const calls = deal.status === 'ONGOING' ? ['end_bundle_deal', 'delete_bundle_deal'] : ['delete_bundle_deal', 'end_bundle_deal'];
    for (const call of calls) {
      try {
        await this.write(`bundle_deal/${call}`, { bundle_deal_id: deal.id }, bundleDealRefusal, { notFound: 'empty' });
        return;
      } catch (error) {
        // Its time does not allow this call: it started, or ended, meanwhile.
        if (!(error instanceof BusinessRuleError)) throw error;
      }
    }
  }

  /** The listing models of these SKUs, from the listings read once and again at most once a minute for a SKU they lack. */
  private async listingsOf(skus: readonly string[]): Promise<Map<string, Listing>> {
    const now = Date.now();
    let entry = this.listingCache ?? (this.listingCache = { atMs: now, value: this.readListings() });
    let all = await this.cached(entry, () => (this.listingCache = null));
    if (skus.some((sku) => !all.has(sku)) && now - entry.atMs > LISTINGS_RELOAD_MS) {
      entry = this.listingCache = { atMs: now, value: this.readListings() };
      all = await this.cached(entry, () => (this.listingCache = null));
    }
    return new Map(skus.flatMap((sku): [string, Listing][] => (all.has(sku) ? [[sku, all.get(sku)!]] : [])));
  }

  private async readListings(): Promise<Map<string, Listing>> {
    const itemIds: number[] = [];
    for (let offset = 0; ;) {
      const page = await this.read<ItemListAnswer>('product/get_item_list', { item_status: 'NORMAL', offset, page_size: PAGE_SIZE });
      itemIds.push(...page.item.map((i) => i.item_id));
      if (!page.has_next_page) break;
      offset = page.next_offset;
    }
    // A listing's models a call: a few at a time, not one after the other (a catalogue has hundreds).
    const modelsOf = new Map<number, WireModel[]>();
    for (let i = 0; i < itemIds.length; i += LISTING_READS_AT_ONCE) {
      const batch = itemIds.slice(i, i + LISTING_READS_AT_ONCE);
      const read = await Promise.all(batch.map((itemId) => this.models(itemId)));
      batch.forEach((itemId, j) => modelsOf.set(itemId, read[j]));
    }
    const listings = new Map<string, Listing>();
    for (const itemId of itemIds)
      for (const model of modelsOf.get(itemId)!) listings.set(model.model_sku, { itemId, modelId: model.model_id });
    return listings;
  }

  private async models(itemId: number): Promise<WireModel[]> {
    return (await this.read<ModelListAnswer>('product/get_model_list', { item_id: itemId })).model;
  }

  /** Buyer user id → loyalty card code, kept a minute; a failed read is not kept. */
  private async memberCards(): Promise<Map<number, string>> {
    const now = Date.now();
    if (this.memberCache === null || now - this.memberCache.atMs > MEMBERS_TTL_MS)
      this.memberCache = {
        atMs: now,
        value: this.brandMembers().then((members) => new Map(members.map((m) => [m.marketplaceUserId, m.cardCode]))),
      };
    return this.cached(this.memberCache, () => (this.memberCache = null));
  }

  private async cached<T>(entry: Cached<T>, forget: () => void): Promise<T> {
    try {
      return await entry.value;
    } catch (error) {
      forget();
      throw error;
    }
  }

  // Transport

  /** A shop call that reads (retried on outages by lib/http); `notFound: 'empty'` answers null for error_not_found. */
  private read<T>(call: string, params: Params): Promise<T>;
  private read<T>(call: string, params: Params, options: { notFound: 'empty' }): Promise<T | null>;
  private async read<T>(call: string, params: Params, options: { notFound?: 'empty' } = {}): Promise<T | null> {
    return this.shopCall<T>('GET', call, params, undefined, undefined, options.notFound === 'empty');
  }

  /** A shop call that writes: never retried on an outage, once after a refused access token (refused calls change nothing). */
  private write<T>(call: string, body: object, translate?: Translate): Promise<T>;
  private write<T>(call: string, body: object, translate: Translate | undefined, options: { notFound: 'empty' }): Promise<T | null>;
  private async write<T>(call: string, body: object, translate?: Translate, options: { notFound?: 'empty' } = {}): Promise<T | null> {
    return this.shopCall<T>('POST', call, {}, body, translate, options.notFound === 'empty');
  }

  private async shopCall<T>(
    method: 'GET' | 'POST',
    call: string,
    params: Params,
    body: object | undefined,
    translate: Translate | undefined,
    notFoundEmpty: boolean,
  ): Promise<T | null> {
    for (let renewed = false; ; renewed = true) {
      const accessToken = await this.auth.accessToken();
      const { status, data } = await this.send<Envelope<T>>(method, call, params, body, accessToken);
      const refusal = refusalOf(status, data);
      if (refusal === null) {
        if (data.response === undefined) throw new MarketplaceAnswerError(`${call} answered without a response`);
        return data.response;
      }
      // A token it refuses before its time (revoked, or its clock ahead of ours): renew once, then give up.
      if (isAuthRefusal(refusal) && !renewed) {
        await this.auth.renew(accessToken);
        continue;
      }
      if (notFoundEmpty && refusal.error === 'error_not_found') return null;
      throw errorOf(refusal, translate);
    }
  }

  /** The auth calls: signed by the app alone, answered flat. Never retried (a refresh token is good once). */
  private async grant(call: 'auth/token/get' | 'auth/access_token/get', body: Params): Promise<Grant> {
    const { status, data } = await this.send<TokenAnswer>('POST', call, {}, { ...body, partner_id: this.partner.partnerId });
    const refusal = refusalOf(status, data);
    if (refusal) throw errorOf(refusal);
    if (!data.access_token || !data.refresh_token || !data.expire_in) throw new MarketplaceAnswerError(`${call} answered without tokens`);
    return { accessToken: data.access_token, refreshToken: data.refresh_token, expiresInSeconds: data.expire_in };
  }

  /** Signs and sends one call: partner id, timestamp and sign in the query, and for shop calls the token and shop id. */
  private send<T>(method: 'GET' | 'POST', call: string, params: Params, body?: object, accessToken?: string): Promise<AxiosResponse<T>> {
    const apiPath = `${API_ROOT}/${call}`;
    const timestamp = unixOf(this.clock());
    const shop = accessToken === undefined ? undefined : { accessToken, shopId: this.shopId };
    const config: AxiosRequestConfig = {
      method,
      url: apiPath,
      params: {
        partner_id: this.partner.partnerId,
        timestamp,
        sign: requestSign(this.partner, apiPath, timestamp, shop),
        ...(shop ? { access_token: shop.accessToken, shop_id: shop.shopId } : {}),
        ...params,
      },
      ...(body ? { data: body } : {}),
      validateStatus: (code) => (code >= 200 && code < 300) || REFUSAL_STATUSES.includes(code),
    };
    const isJson = (response: AxiosResponse<T>) => {
      if (typeof response.data !== 'object' || response.data === null)
        throw new MarketplaceAnswerError(`${call} answered ${response.status} without JSON`);
    };
    return method === 'GET' ? this.http.read<T>(config, isJson) : this.http.write<T>(config, isJson);
  }
}

/** Item id → the SKUs its models sell. */
function skusByItem(listings: ReadonlyMap<string, Listing>): (itemId: number) => string[] {
  const byItem = new Map<number, string[]>();
  for (const [sku, listing] of listings) byItem.set(listing.itemId, [...(byItem.get(listing.itemId) ?? []), sku]);
  return (itemId) => byItem.get(itemId) ?? [];
}

/**
 * The first authorisation: a code from the shop owner's authorisation (MARKETPLACE_AUTH_CODE, good
 * once within 10 minutes), or a refresh token kept from an earlier run (MARKETPLACE_REFRESH_TOKEN).
 * Outside production, with neither, the stand-in's stand-in for the authorisation page
 * (`POST /__admin/authorize` with LEGACY_ADMIN_TOKEN) grants a code, as the shop owner's click would.
 */
function firstAuthorizationFromEnv(env: NodeJS.ProcessEnv, http: LegacyHttp): FirstAuthorization {
  if (env.MARKETPLACE_AUTH_CODE) {
    const code = env.MARKETPLACE_AUTH_CODE;
    return async () => ({ code });
  }
  if (env.MARKETPLACE_REFRESH_TOKEN) {
    const refreshToken = env.MARKETPLACE_REFRESH_TOKEN;
    return async () => ({ refreshToken });
  }
  if (env.NODE_ENV === 'production') {
    return async () => {
      throw new Error('the marketplace shop is not authorised: set MARKETPLACE_AUTH_CODE or MARKETPLACE_REFRESH_TOKEN');
    };
  }
  return async () => {
    const { data } = await http.write<{ code: string }>({
      method: 'POST',
      url: '/__admin/authorize',
      // A body-less POST goes out as a form, which the stand-in refuses.
      data: {},
      headers: { authorization: `Bearer ${env.LEGACY_ADMIN_TOKEN || DEV_ADMIN_TOKEN}` },
    });
    return { code: data.code };
  };
}
