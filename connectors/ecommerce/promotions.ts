import { BusinessRuleError } from '../../lib/errors';
import { encodeId } from '../../lib/ids';
import { exactScaledDecimal, type Money, money } from '../../lib/money';
import type { EcommerceClient } from './client';
import { MAX_PAGE_SIZE } from './search-criteria';

/**
 * One evaluator of the retailer's promotions for every channel. The source of truth is the web
 * shop's cart price rules (Magento's salesrule); this module reads them, and applies them as
 * Magento's discount collector does (rule order, stop-processing, its calculators and rounding), so
 * a cart priced here for the web is what the web shop's totals charge. Channel and store eligibility
 * are the retailer's extension attributes on the rule (`sales_channels`, `store_codes`).
 */

export type PricingChannel = 'WEB' | 'APP' | 'STORE' | 'CALL_CENTER' | 'MARKETPLACE';
/** Who buys, as Magento's customer groups tell them apart: 0 NOT LOGGED IN, 1 General, 4 the loyalty members. */
export type Buyer = 'GUEST' | 'SIGNED_IN' | 'MEMBER';

const CHANNEL_CODES: Record<PricingChannel, string> = {
  WEB: 'web',
  APP: 'app',
  STORE: 'store',
  CALL_CENTER: 'call_center',
  MARKETPLACE: 'marketplace',
};
const GROUPS: Record<Buyer, number> = { GUEST: 0, SIGNED_IN: 1, MEMBER: 4 };
/** A web account's customer group as a buyer; null for a guest. */
export const buyerOfGroup = (groupId: number | null): Buyer =>
  groupId === null ? 'GUEST' : groupId === GROUPS.MEMBER ? 'MEMBER' : 'SIGNED_IN';
/** Magento compares a rule's dates (zoneless days) with the store's local date: Vietnam, UTC+7 all year. */
const STORE_UTC_OFFSET_MS = 7 * 3_600_000;
/** How long rules read from the shop are reused: a merchandiser's change reaches every channel within it. */
const RULES_TTL_MS = 30_000;

// Magento's JSON for rules and coupons.

interface MagentoCondition {
  condition_type: string;
  conditions?: MagentoCondition[];
  aggregator_type?: 'all' | 'any';
  operator?: string;
  attribute_name?: string;
  value?: string;
}

export interface MagentoSalesRule {
  rule_id: number;
  name: string;
  store_labels?: { store_id: number; store_label: string }[];
  is_active: boolean;
  from_date?: string;
  to_date?: string;
  customer_group_ids: number[];
  website_ids: number[];
  coupon_type: 'NO_COUPON' | 'SPECIFIC_COUPON' | 'AUTO';
  simple_action: 'by_percent' | 'by_fixed' | 'cart_fixed' | 'buy_x_get_y';
  discount_amount: number;
  discount_qty?: number | null;
  discount_step?: number;
  action_condition?: MagentoCondition;
  sort_order: number;
  stop_rules_processing: boolean;
  extension_attributes?: { sales_channels?: string[]; store_codes?: string[] };
}

interface MagentoCoupon {
  rule_id: number;
  code: string;
  usage_limit: number;
  times_used: number;
  expiration_date?: string;
}

const COMBINE = 'Magento\\SalesRule\\Model\\Rule\\Condition\\Product\\Combine';
const WEBSITE_ID = 1;

/** A promotion as Omnigraph evaluates it: a rule read from the shop. */
export interface Promotion {
  ruleId: number;
  label: string;
  active: boolean;
  /** Local days, inclusive; null for open-ended. */
  fromDate: string | null;
  toDate: string | null;
  customerGroupIds: number[];
  channels: string[];
  storeCodes: string[];
  needsVoucher: boolean;
  action: MagentoSalesRule['simple_action'];
  amount: number;
  maxQty: number;
  step: number;
  condition: MagentoCondition | null;
  sortOrder: number;
  stopsFurtherRules: boolean;
}

export function promotionOf(rule: MagentoSalesRule): Promotion {
  const labels = rule.store_labels ?? [];
  return {
    ruleId: rule.rule_id,
    label: (labels.find((l) => l.store_id === 1) ?? labels.find((l) => l.store_id === 0))?.store_label ?? rule.name,
    active: rule.is_active && rule.website_ids.includes(WEBSITE_ID),
    fromDate: rule.from_date ?? null,
    toDate: rule.to_date ?? null,
    customerGroupIds: rule.customer_group_ids,
    // A rule without the retailer's attributes predates them: the website's alone.
    channels: rule.extension_attributes?.sales_channels ?? ['web'],
    storeCodes: rule.extension_attributes?.store_codes ?? [],
    needsVoucher: rule.coupon_type !== 'NO_COUPON',
    action: rule.simple_action,
    amount: rule.discount_amount,
    maxQty: rule.discount_qty ?? 0,
    step: rule.discount_step ?? 0,
    condition: rule.action_condition ?? null,
    sortOrder: rule.sort_order,
    stopsFurtherRules: rule.stop_rules_processing,
  };
}

/** A voucher code as the shop keeps it (a specific coupon of a rule). */
export interface Voucher {
  code: string;
  ruleId: number;
  usageLimit: number;
  timesUsed: number;
  /** Zoneless UTC, as Magento writes it; null when it does not expire by itself. */
  expiresAt: string | null;
}

const voucherOf = (coupon: MagentoCoupon): Voucher => ({
  code: coupon.code,
  ruleId: coupon.rule_id,
  usageLimit: coupon.usage_limit,
  timesUsed: coupon.times_used,
  expiresAt: coupon.expiration_date ?? null,
});

/** A cart's totals as the shop collects them (GET /carts/{id}/totals): floats, the discount negative. */
export interface MagentoCartTotals {
  subtotal: number;
  discount_amount: number;
  shipping_amount: number;
  grand_total: number;
  quote_currency_code: string;
  coupon_code?: string;
  items: { item_id: number; discount_amount?: number }[];
  total_segments: { code: string; title: string; value: number }[];
}

/** What the shop would charge for a cart: its discount positive, the title of its discount total naming the promotions. */
export interface CartTotals {
  subtotal: Money;
  discount: Money;
  shipping: Money;
  total: Money;
  voucherCode: string | null;
  discountTitle: string | null;
}

export function cartTotalsOf(totals: MagentoCartTotals): CartTotals {
  const currency = totals.quote_currency_code;
  return {
    subtotal: money(totals.subtotal, currency),
    discount: money(Math.abs(totals.discount_amount), currency),
    shipping: money(totals.shipping_amount, currency),
    total: money(totals.grand_total, currency),
    voucherCode: totals.coupon_code ?? null,
    discountTitle: totals.total_segments.find((segment) => segment.code === 'discount')?.title ?? null,
  };
}

// The request and the answer.

export interface LineToPrice {
  sku: string;
  quantity: number;
  /** The catalogue's price of the moment (priceAt). */
  unitPrice: Money;
  categoryId: number | null;
}

export interface PricingRequest {
  lines: LineToPrice[];
  channel: PricingChannel;
  /** The POS store number, on the store channel. */
  storeCode: string | null;
  buyer: Buyer;
  voucherCode: string | null;
  at: Date;
}

export interface AppliedDiscount {
  ruleId: number;
  /** The promotion's opaque id in the graph. */
  promotionId: string;
  label: string;
  amount: Money;
}

export interface PricedLine {
  sku: string;
  quantity: number;
  unitPrice: Money;
  subtotal: Money;
  discounts: AppliedDiscount[];
  discountTotal: Money;
  total: Money;
}

export interface Pricing {
  lines: PricedLine[];
  subtotal: Money;
  discountTotal: Money;
  total: Money;
  /** Each promotion that gave something, once, with what it gave on all lines. */
  discounts: AppliedDiscount[];
  /** The voucher that applied; null without one. */
  voucherCode: string | null;
}

/** Why a voucher does not apply: its code for userErrors and a message for the customer. */
export class VoucherRefusal extends BusinessRuleError {}

export const promotionId = (ruleId: number) => encodeId('Promotion', String(ruleId));

// Evaluation, in hundredths of the currency: Magento rounds every amount to two decimals.

const localDate = (at: Date) => new Date(at.getTime() + STORE_UTC_OFFSET_MS).toISOString().slice(0, 10);
const hundredths = (amount: number) => Math.round(amount * 100);

function hundredthsOf(price: Money): number {
  const scaled = exactScaledDecimal(price.amount, 2);
  if (scaled === null) throw new Error(`not a price: ${price.amount}`);
  return Number(scaled);
}

const moneyOf = (value: number, currencyCode: string): Money => money((value / 100).toFixed(2), currencyCode);

function matches(condition: MagentoCondition | null, line: Pick<LineToPrice, 'sku' | 'categoryId'>): boolean {
  if (condition === null) return true;
  if (condition.condition_type === COMBINE) {
    const results = (condition.conditions ?? []).map((child) => matches(child, line));
    const outcome = results.length === 0 ? true : condition.aggregator_type === 'any' ? results.some(Boolean) : results.every(Boolean);
    return condition.value === '0' ? !outcome : outcome;
  }
  const values = (condition.value ?? '').split(',').map((v) => v.trim().toLowerCase());
  const actual = (condition.attribute_name === 'category_ids' ? String(line.categoryId) : line.sku).toLowerCase();
  const found = values.includes(actual);
  return condition.operator === '!()' || condition.operator === '!=' ? !found : found;
}

/** Whether the promotion's action condition selects a product (its SKU and category), as it selects a cart line. */
export function selectsProduct(promotion: Pick<Promotion, 'condition'>, product: Pick<LineToPrice, 'sku' | 'categoryId'>): boolean {
  return matches(promotion.condition, product);
}

/** Whether the promotion is offered on a channel at all (its dates, buyers, voucher and stores aside). */
export const offeredOn = (promotion: Pick<Promotion, 'channels'>, channel: PricingChannel): boolean =>
  promotion.channels.includes(CHANNEL_CODES[channel]);

/** Whether the promotion is for a kind of buyer (Magento's customer groups). */
export const offeredTo = (promotion: Pick<Promotion, 'customerGroupIds'>, buyer: Buyer): boolean =>
  promotion.customerGroupIds.includes(GROUPS[buyer]);

/** Whether the promotion runs for this request, voucher aside: active, on the day, for the buyer, on the channel and at the store. */
function runs(promotion: Promotion, request: PricingRequest, today: string): boolean {
  return (
    promotion.active &&
    (promotion.fromDate === null || promotion.fromDate <= today) &&
    (promotion.toDate === null || today <= promotion.toDate) &&
    offeredTo(promotion, request.buyer) &&
    eligibleWhere(promotion, request)
  );
}

function eligibleWhere(promotion: Promotion, request: PricingRequest): boolean {
  if (!offeredOn(promotion, request.channel)) return false;
  return request.channel !== 'STORE' || promotion.storeCodes.length === 0 || promotion.storeCodes.includes(request.storeCode ?? '');
}

/** One promotion's discount on one line before the cap at what is left of the row (Magento's calculators). */
function lineDiscount(promotion: Promotion, price: number, quantity: number, already: number): number {
  const qty = promotion.maxQty > 0 ? Math.min(quantity, promotion.maxQty) : quantity;
  switch (promotion.action) {
    case 'by_percent':
      return Math.round(((price * qty - already) * Math.round(Math.min(promotion.amount, 100) * 100)) / 10_000);
    case 'by_fixed':
      return qty * Math.min(hundredths(promotion.amount), price);
    case 'buy_x_get_y': {
      const x = promotion.step;
      const y = promotion.amount;
      if (x <= 0 || y <= 0) return 0;
      const periods = Math.floor(qty / (x + y));
      const rest = qty - periods * (x + y);
      return (periods * y + Math.max(0, rest - x)) * price;
    }
    case 'cart_fixed':
      return 0;
  }
}

/**
 * Why the voucher cannot be used here and now, or null when it can: VOUCHER_NOT_FOUND,
 * VOUCHER_EXPIRED, VOUCHER_USED_UP or VOUCHER_NOT_VALID_HERE (not yet, not this channel, store or
 * customer, or none of these items). The shop itself only says "isn't valid".
 */
export function voucherRefusal(promotions: readonly Promotion[], voucher: Voucher | null, request: PricingRequest): VoucherRefusal | null {
  const field = ['voucherCode'];
  const promotion = voucher && promotions.find((p) => p.ruleId === voucher.ruleId && p.needsVoucher);
  if (!voucher || !promotion) return new VoucherRefusal('VOUCHER_NOT_FOUND', 'There is no voucher with this code.', field);
  const today = localDate(request.at);
  const expired =
    (promotion.toDate !== null && promotion.toDate < today) ||
    (voucher.expiresAt !== null && `${voucher.expiresAt.slice(0, 10)} 23:59:59` < request.at.toISOString().replace('T', ' ').slice(0, 19));
  if (expired) return new VoucherRefusal('VOUCHER_EXPIRED', `The voucher ${voucher.code} has expired.`, field);
  if (voucher.usageLimit > 0 && voucher.timesUsed >= voucher.usageLimit)
    return new VoucherRefusal('VOUCHER_USED_UP', `The voucher ${voucher.code} has been used up.`, field);
  if (!promotion.active || (promotion.fromDate !== null && today < promotion.fromDate))
    return new VoucherRefusal('VOUCHER_NOT_VALID_HERE', `The voucher ${voucher.code} is not valid yet.`, field);
  if (!eligibleWhere(promotion, request))
    return new VoucherRefusal(
      'VOUCHER_NOT_VALID_HERE',
      `The voucher ${voucher.code} is not valid on this channel or at this store.`,
      field,
    );
  if (!offeredTo(promotion, request.buyer))
    return new VoucherRefusal('VOUCHER_NOT_VALID_HERE', `The voucher ${voucher.code} is not valid for this customer.`, field);
  if (!request.lines.some((line) => matches(promotion.condition, line)))
    return new VoucherRefusal('VOUCHER_NOT_VALID_HERE', `The voucher ${voucher.code} applies to none of these items.`, field);
  return null;
}

/**
 * Prices the lines: each promotion that runs, in Magento's order (sort order, then rule id), on each
 * line its action condition selects, until one that stops further rules. A voucher that does not
 * apply is left out here (voucherRefusal says why).
 */
export function evaluatePromotions(promotions: readonly Promotion[], voucher: Voucher | null, request: PricingRequest): Pricing {
  const currency = request.lines[0]?.unitPrice.currencyCode ?? 'VND';
  const today = localDate(request.at);
  const usable = voucher !== null && voucherRefusal(promotions, voucher, request) === null ? voucher : null;
  const running = promotions
    .filter((p) => runs(p, request, today) && (!p.needsVoucher || usable?.ruleId === p.ruleId))
    .sort((a, b) => a.sortOrder - b.sortOrder || a.ruleId - b.ruleId);
  // cart_fixed spreads its amount over the lines it selects by their row totals; the last takes what is left.
  const shares = new Map(
    running
      .filter((p) => p.action === 'cart_fixed')
      .map((p) => {
        const selected = request.lines.filter((line) => matches(p.condition, line));
        return [
          p.ruleId,
          {
            available: hundredths(p.amount),
            count: selected.length,
            base: selected.reduce((sum, line) => sum + hundredthsOf(line.unitPrice) * line.quantity, 0),
            carry: 0,
          },
        ];
      }),
  );
  const given = new Map<number, number>();
  const lines = request.lines.map((line) => {
    const price = hundredthsOf(line.unitPrice);
    const row = price * line.quantity;
    let discount = 0;
    const applied: { promotion: Promotion; amount: number }[] = [];
    for (const promotion of running) {
      if (!matches(promotion.condition, line)) continue;
      let amount: number;
      const share = shares.get(promotion.ruleId);
      if (share) {
        if (share.count <= 1) amount = Math.min(row, share.available);
        else {
          // Magento's deltaPriceRound: each share rounded with the rounding of the shares before it carried.
          const exact = (hundredths(promotion.amount) * row) / share.base + share.carry;
          const rounded = Math.round(exact);
          share.carry = exact - rounded;
          amount = Math.min(row, rounded);
        }
        share.available -= amount;
        share.count -= 1;
      } else amount = lineDiscount(promotion, price, line.quantity, discount);
      amount = Math.min(amount, row - discount);
      if (amount > 0) {
        discount += amount;
        applied.push({ promotion, amount });
        given.set(promotion.ruleId, (given.get(promotion.ruleId) ?? 0) + amount);
      }
      if (promotion.stopsFurtherRules) break;
    }
    return {
      sku: line.sku,
      quantity: line.quantity,
      unitPrice: line.unitPrice,
      subtotal: moneyOf(row, currency),
      discounts: applied.map(({ promotion, amount }) => discountOf(promotion, amount, currency)),
      discountTotal: moneyOf(discount, currency),
      total: moneyOf(row - discount, currency),
      row,
      discount,
    };
  });
  const subtotal = lines.reduce((sum, line) => sum + line.row, 0);
  const discountTotal = lines.reduce((sum, line) => sum + line.discount, 0);
  return {
    lines: lines.map(({ row: _row, discount: _discount, ...line }) => line),
    subtotal: moneyOf(subtotal, currency),
    discountTotal: moneyOf(discountTotal, currency),
    total: moneyOf(subtotal - discountTotal, currency),
    discounts: running.filter((p) => given.has(p.ruleId)).map((p) => discountOf(p, given.get(p.ruleId)!, currency)),
    voucherCode: usable && given.has(usable.ruleId) ? usable.code : null,
  };
}

const discountOf = (promotion: Promotion, amount: number, currency: string): AppliedDiscount => ({
  ruleId: promotion.ruleId,
  promotionId: promotionId(promotion.ruleId),
  label: promotion.label,
  amount: moneyOf(amount, currency),
});

/** The rules, read from the shop and reused briefly; vouchers are read when named, since their use counts move. */
export class PromotionBook {
  private cached: { at: number; promotions: Promise<Promotion[]> } | null = null;

  constructor(
    private readonly shop: EcommerceClient,
    private readonly clock: () => number = Date.now,
  ) {}

  promotions(): Promise<Promotion[]> {
    const now = this.clock();
    if (this.cached === null || now - this.cached.at > RULES_TTL_MS) {
      const promotions = this.shop
        .searchAll<MagentoSalesRule>('/salesRules/search', {
          filterGroups: [],
          sortOrders: [{ field: 'rule_id', direction: 'ASC' }],
          pageSize: MAX_PAGE_SIZE,
        })
        .then((rules) => rules.map(promotionOf));
      // A failed read is not kept: the next request asks again.
      promotions.catch(() => (this.cached = null));
      this.cached = { at: now, promotions };
    }
    return this.cached.promotions;
  }

  /** The voucher with this code (Magento compares codes case-insensitively), or null. */
  async voucher(code: string): Promise<Voucher | null> {
    const results = await this.shop.search<MagentoCoupon>('/coupons/search', {
      filterGroups: [[{ field: 'code', value: code.trim() }]],
      pageSize: 1,
    });
    return results.total_count > 0 ? voucherOf(results.items[0]) : null;
  }

  /** Prices a request; a voucher that does not apply is left out of the price, and its refusal answered beside it. */
  async price(request: PricingRequest): Promise<{ pricing: Pricing; refusal: VoucherRefusal | null }> {
    const code = request.voucherCode?.trim() || null;
    const [promotions, voucher] = await Promise.all([this.promotions(), code === null ? null : this.voucher(code)]);
    const refusal = code === null ? null : voucherRefusal(promotions, voucher, request);
    const pricing = evaluatePromotions(promotions, refusal ? null : voucher, request);
    // A voucher whose promotion gives nothing here (an earlier one stopped it, say) is not taken, as the shop would not take it.
    if (code !== null && refusal === null && pricing.voucherCode === null)
      return {
        pricing,
        refusal: new VoucherRefusal('VOUCHER_NOT_VALID_HERE', `The voucher ${code} gives nothing on these items.`, ['voucherCode']),
      };
    return { pricing, refusal };
  }
}
