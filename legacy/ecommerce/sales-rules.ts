import type { FastifyInstance } from 'fastify';
import type { Db } from '../kit/db';
import type { World } from '../seed/model';
import type { CartScope, QuoteItemRow, QuoteRow } from './carts';
import { quoteItems } from './carts';
import { MagentoError } from './errors';
import { magentoTime, STORE_ID, WEBSITE_ID } from './format';
import { searchResults, SearchSpec } from './search';
import type { Shop } from './shop';
import { sendJson } from './reply';
import { sql } from './statements';

/**
 * Cart price rules (Magento_SalesRule): promotions the shop applies to a cart's items when it
 * collects totals, and records on the order. Channel and store eligibility are the retailer's own
 * customisation, kept as extension attributes on the rule (`sales_channels`, `store_codes`): the
 * storefront is the `web` channel, so Magento itself applies only rules that list it.
 */

const RESOURCE = 'Magento_SalesRule::quote';
/** The channel the storefront sells on, in the retailer's extension of the rule. */
const STOREFRONT_CHANNEL = 'web';
/** The stores' time zone: Magento compares a rule's dates with the store's local date. */
const STORE_UTC_OFFSET_MS = 7 * 3_600_000;
const INVALID_COUPON = "The coupon code isn't valid. Verify the code and try again.";

export interface SalesRuleRow {
  rule_id: number;
  name: string;
  description: string | null;
  is_active: number;
  from_date: string | null;
  to_date: string | null;
  customer_group_ids: string;
  website_ids: string;
  coupon_type: 'NO_COUPON' | 'SPECIFIC_COUPON';
  simple_action: 'by_percent' | 'by_fixed' | 'cart_fixed' | 'buy_x_get_y';
  discount_amount: number;
  discount_qty: number;
  discount_step: number;
  action_condition: string;
  sort_order: number;
  stop_rules_processing: number;
  times_used: number;
  sales_channels: string;
  store_codes: string;
}

interface CouponRow {
  coupon_id: number;
  rule_id: number;
  code: string;
  usage_limit: number;
  usage_per_customer: number;
  times_used: number;
  expiration_date: string | null;
  is_primary: number;
  created_at: string;
}

/** Magento's REST condition tree (ConditionInterface), kept to what the rules use: category_ids and sku. */
interface Condition {
  condition_type: string;
  conditions?: Condition[];
  aggregator_type?: 'all' | 'any';
  operator?: string;
  attribute_name?: string;
  value?: string;
}

const COMBINE = 'Magento\\SalesRule\\Model\\Rule\\Condition\\Product\\Combine';
const PRODUCT = 'Magento\\SalesRule\\Model\\Rule\\Condition\\Product';

export function createSalesRuleSchema(db: Db): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS salesrule (
      rule_id INTEGER PRIMARY KEY,
      name TEXT NOT NULL COLLATE NOCASE,
      description TEXT,
      is_active INTEGER NOT NULL,
      from_date TEXT,
      to_date TEXT,
      customer_group_ids TEXT NOT NULL,
      website_ids TEXT NOT NULL,
      coupon_type TEXT NOT NULL,
      simple_action TEXT NOT NULL,
      discount_amount REAL NOT NULL,
      discount_qty REAL NOT NULL DEFAULT 0,
      discount_step INTEGER NOT NULL DEFAULT 0,
      action_condition TEXT NOT NULL,
      sort_order INTEGER NOT NULL DEFAULT 0,
      stop_rules_processing INTEGER NOT NULL DEFAULT 0,
      times_used INTEGER NOT NULL DEFAULT 0,
      sales_channels TEXT NOT NULL,
      store_codes TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS salesrule_label (
      label_id INTEGER PRIMARY KEY,
      rule_id INTEGER NOT NULL REFERENCES salesrule (rule_id),
      store_id INTEGER NOT NULL,
      label TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS salesrule_coupon (
      coupon_id INTEGER PRIMARY KEY,
      rule_id INTEGER NOT NULL REFERENCES salesrule (rule_id),
      code TEXT NOT NULL UNIQUE COLLATE NOCASE,
      usage_limit INTEGER NOT NULL DEFAULT 0,
      usage_per_customer INTEGER NOT NULL DEFAULT 0,
      times_used INTEGER NOT NULL DEFAULT 0,
      expiration_date TEXT,
      is_primary INTEGER NOT NULL DEFAULT 1,
      created_at TEXT NOT NULL
    );
  `);
}

/** The action condition of a rule on categories: "category is one of". */
function categoryCondition(categoryIds: number[]): Condition {
  const conditions =
    categoryIds.length === 0
      ? []
      : [{ condition_type: PRODUCT, operator: '()', attribute_name: 'category_ids', value: categoryIds.join(',') }];
  return { condition_type: COMBINE, aggregator_type: 'all', value: '1', conditions };
}

export function loadSalesRules(db: Db, world: World): void {
  const categories = new Map(
    (db.prepare('SELECT entity_id, name FROM catalog_category').all() as { entity_id: number; name: string }[]).map((c) => [
      c.name,
      c.entity_id,
    ]),
  );
  const insertRule = db.prepare(`INSERT INTO salesrule
    (rule_id, name, description, is_active, from_date, to_date, customer_group_ids, website_ids, coupon_type, simple_action, discount_amount,
     discount_qty, discount_step, action_condition, sort_order, stop_rules_processing, times_used, sales_channels, store_codes)
    VALUES (?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertLabel = db.prepare('INSERT INTO salesrule_label (rule_id, store_id, label) VALUES (?, ?, ?)');
  const insertCoupon = db.prepare(`INSERT INTO salesrule_coupon
    (rule_id, code, usage_limit, usage_per_customer, times_used, expiration_date, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`);
  for (const rule of world.ecommerce.salesRules) {
    insertRule.run(
      rule.id,
      rule.name,
      rule.isActive ? 1 : 0,
      rule.fromDate,
      rule.toDate,
      JSON.stringify(rule.customerGroupIds),
      JSON.stringify([WEBSITE_ID]),
      rule.coupon ? 'SPECIFIC_COUPON' : 'NO_COUPON',
      rule.action,
      rule.discountAmount,
      rule.discountQty,
      rule.discountStep,
      JSON.stringify(categoryCondition(rule.categories.map((name) => categories.get(name)!))),
      rule.sortOrder,
      rule.stopRulesProcessing ? 1 : 0,
      rule.coupon?.timesUsed ?? 0,
      JSON.stringify(rule.channels),
      JSON.stringify(rule.storeCodes),
    );
    insertLabel.run(rule.id, 0, rule.label);
    if (rule.coupon) {
      // A specific coupon expires with its rule: Magento writes the rule's to_date on it (end of that day, UTC as stored).
      const expires = rule.toDate ? `${rule.toDate} 00:00:00` : null;
      insertCoupon.run(
        rule.id,
        rule.coupon.code,
        rule.coupon.usageLimit,
        rule.coupon.usagePerCustomer,
        rule.coupon.timesUsed,
        expires,
        magentoTime(world.now),
      );
    }
  }
  const setGroup = db.prepare('UPDATE customer_entity SET group_id = 4 WHERE entity_id = ?');
  for (const id of world.ecommerce.memberCustomerIds) setGroup.run(id);
}

// ---------------------------------------------------------------------------------------------
// Applying the rules to a quote, in hundredths of the currency so rounding is exact.

const hundredths = (amount: number) => Math.round(amount * 100);

/** Magento's deltaPriceRound: each share rounded with the rounding of the shares before it carried. */
function deltaRound(value: number, delta: { carry: number }): number {
  const rounded = Math.round(value + delta.carry);
  delta.carry = value + delta.carry - rounded;
  return rounded;
}

function localDate(at: Date): string {
  return new Date(at.getTime() + STORE_UTC_OFFSET_MS).toISOString().slice(0, 10);
}

function productCategory(db: Db, sku: string): number | null {
  const row = sql(db, 'SELECT category_id FROM catalog_product WHERE sku = ?').get(sku) as { category_id: number } | undefined;
  return row?.category_id ?? null;
}

function matches(condition: Condition, item: { sku: string; categoryId: number | null }): boolean {
  if (condition.condition_type === COMBINE) {
    const results = (condition.conditions ?? []).map((child) => matches(child, item));
    const all = condition.aggregator_type !== 'any';
    const outcome = results.length === 0 ? true : all ? results.every(Boolean) : results.some(Boolean);
    return condition.value === '0' ? !outcome : outcome;
  }
  const values = (condition.value ?? '').split(',').map((v) => v.trim());
  const actual = condition.attribute_name === 'category_ids' ? String(item.categoryId) : item.sku;
  const found = values.some((v) => v.toLowerCase() === actual.toLowerCase());
  return condition.operator === '!()' || condition.operator === '!=' ? !found : found;
}

export interface ItemDiscount {
  itemId: number;
  amount: number;
  ruleIds: number[];
}

export interface QuoteDiscounts {
  /** Positive, as Magento keeps it on items; the quote's total shows it negative. */
  amount: number;
  items: ItemDiscount[];
  /** Rule labels, in the order applied: Magento's discount_description. */
  description: string | null;
  appliedRuleIds: number[];
  /** The coupon, when it applied. */
  couponCode: string | null;
}

export const NO_DISCOUNTS: QuoteDiscounts = { amount: 0, items: [], description: null, appliedRuleIds: [], couponCode: null };

function customerGroupOf(db: Db, quote: QuoteRow): number {
  if (quote.customer_id === null) return 0;
  const row = sql(db, 'SELECT group_id FROM customer_entity WHERE entity_id = ?').get(quote.customer_id) as
    { group_id: number } | undefined;
  return row?.group_id ?? 1;
}

function couponByCode(db: Db, code: string): CouponRow | undefined {
  return sql(db, 'SELECT * FROM salesrule_coupon WHERE code = ?').get(code) as CouponRow | undefined;
}

/** The rules this quote qualifies for (website, group, dates, channel, coupon), in Magento's order: sort_order, then rule_id. */
function qualifyingRules(shop: Shop, quote: QuoteRow, couponCode: string | null): SalesRuleRow[] {
  const today = localDate(shop.now());
  const now = magentoTime(shop.now());
  const group = customerGroupOf(shop.db, quote);
  const coupon = couponCode ? couponByCode(shop.db, couponCode) : undefined;
  const usable =
    coupon &&
    (coupon.usage_limit === 0 || coupon.times_used < coupon.usage_limit) &&
    (coupon.expiration_date === null || now < `${coupon.expiration_date.slice(0, 10)} 23:59:59`);
  const rules = sql(shop.db, 'SELECT * FROM salesrule WHERE is_active = 1 ORDER BY sort_order, rule_id').all() as SalesRuleRow[];
  return rules.filter(
    (rule) =>
      (JSON.parse(rule.website_ids) as number[]).includes(WEBSITE_ID) &&
      (JSON.parse(rule.customer_group_ids) as number[]).includes(group) &&
      (rule.from_date === null || rule.from_date <= today) &&
      (rule.to_date === null || today <= rule.to_date) &&
      (JSON.parse(rule.sales_channels) as string[]).includes(STOREFRONT_CHANNEL) &&
      (rule.coupon_type === 'NO_COUPON' || (usable && coupon.rule_id === rule.rule_id)),
  );
}

function labelOf(db: Db, rule: SalesRuleRow): string | null {
  const row = sql(db, 'SELECT label FROM salesrule_label WHERE rule_id = ? AND store_id IN (0, ?) ORDER BY store_id DESC').get(
    rule.rule_id,
    STORE_ID,
  ) as { label: string } | undefined;
  return row?.label ?? null;
}

/**
 * One rule's discount on one item (RulesApplier and the Discount calculators): in hundredths,
 * before the cap at what is left of the row.
 */
function ruleDiscount(rule: SalesRuleRow, price: number, qty: number, already: number): number {
  const capped = rule.discount_qty > 0 ? Math.min(qty, rule.discount_qty) : qty;
  switch (rule.simple_action) {
    case 'by_percent':
      return Math.round(((price * capped - already) * Math.round(Math.min(rule.discount_amount, 100) * 100)) / 10_000);
    case 'by_fixed':
      return capped * Math.min(hundredths(rule.discount_amount), price);
    case 'buy_x_get_y': {
      const x = rule.discount_step;
      const y = rule.discount_amount;
      if (x <= 0 || y <= 0) return 0;
      const periods = Math.floor(capped / (x + y));
      const rest = capped - periods * (x + y);
      return (periods * y + Math.max(0, rest - x)) * price;
    }
    case 'cart_fixed':
      return 0;
  }
}

/** What Magento's discount total collector works out for the quote's items. */
export function quoteDiscounts(shop: Shop, quote: QuoteRow, items: QuoteItemRow[], couponCode: string | null): QuoteDiscounts {
  const rules = qualifyingRules(shop, quote, couponCode);
  if (rules.length === 0 || items.length === 0) return NO_DISCOUNTS;
  const described = items.map((item) => ({ item, sku: item.sku, categoryId: productCategory(shop.db, item.sku) }));
  const conditions = new Map(rules.map((rule) => [rule.rule_id, JSON.parse(rule.action_condition) as Condition]));
  // cart_fixed spreads its amount over the items its action condition selects, by their row totals.
  const cartFixed = new Map(
    rules
      .filter((rule) => rule.simple_action === 'cart_fixed')
      .map((rule) => {
        const eligible = described.filter((d) => matches(conditions.get(rule.rule_id)!, d));
        return [
          rule.rule_id,
          {
            available: hundredths(rule.discount_amount),
            count: eligible.length,
            base: eligible.reduce((sum, d) => sum + hundredths(d.item.price) * d.item.qty, 0),
            delta: { carry: 0 },
          },
        ];
      }),
  );
  const applied = new Set<number>();
  const results = described.map(({ item, ...facts }) => {
    const price = hundredths(item.price);
    const row = price * item.qty;
    let discount = 0;
    const ruleIds: number[] = [];
    for (const rule of rules) {
      if (!matches(conditions.get(rule.rule_id)!, facts)) continue;
      let amount: number;
      const share = cartFixed.get(rule.rule_id);
      if (share) {
        amount =
          share.count <= 1
            ? Math.min(row, share.available)
            : Math.min(row, deltaRound((hundredths(rule.discount_amount) * row) / share.base, share.delta));
        share.available -= amount;
        share.count -= 1;
      } else amount = ruleDiscount(rule, price, item.qty, discount);
      amount = Math.min(amount, row - discount);
      if (amount > 0) {
        discount += amount;
        ruleIds.push(rule.rule_id);
        applied.add(rule.rule_id);
      }
      if (rule.stop_rules_processing) break;
    }
    return { itemId: item.item_id, amount: discount / 100, ruleIds };
  });
  const appliedRules = rules.filter((rule) => applied.has(rule.rule_id));
  const labels = appliedRules.map((rule) => labelOf(shop.db, rule) ?? (rule.coupon_type === 'SPECIFIC_COUPON' ? couponCode : null));
  const couponRule = couponCode ? couponByCode(shop.db, couponCode)?.rule_id : undefined;
  return {
    amount: results.reduce((sum, r) => sum + hundredths(r.amount), 0) / 100,
    items: results,
    description: labels.filter((label) => label).join(', ') || null,
    appliedRuleIds: appliedRules.map((rule) => rule.rule_id),
    couponCode: couponRule !== undefined && applied.has(couponRule) ? couponCode : null,
  };
}

/** The quote's discounts as they stand: its own coupon applied if it still applies. */
export function discountsOf(shop: Shop, quote: QuoteRow, items: QuoteItemRow[]): QuoteDiscounts {
  return quoteDiscounts(shop, quote, items, quote.coupon_code);
}

/** The discount total segment, titled with the rules' labels as Magento's discount collector writes it. */
export function discountSegment(discounts: QuoteDiscounts) {
  return { code: 'discount', title: `Discount (${discounts.description ?? ''})`, value: -discounts.amount };
}

/** Placing an order uses up one use of its coupon and counts a use of each rule applied. */
export function recordRuleUse(db: Db, discounts: QuoteDiscounts): void {
  for (const ruleId of discounts.appliedRuleIds) sql(db, 'UPDATE salesrule SET times_used = times_used + 1 WHERE rule_id = ?').run(ruleId);
  if (discounts.couponCode) sql(db, 'UPDATE salesrule_coupon SET times_used = times_used + 1 WHERE code = ?').run(discounts.couponCode);
}

// ---------------------------------------------------------------------------------------------
// REST

const RULE_SEARCH: SearchSpec = {
  from: 'salesrule',
  select: '*',
  key: 'rule_id',
  fields: {
    rule_id: { column: 'rule_id', type: 'int' },
    name: { column: 'name', type: 'text' },
    is_active: { column: 'is_active', type: 'bool' },
    from_date: { column: 'from_date', type: 'text' },
    to_date: { column: 'to_date', type: 'text' },
    coupon_type: { column: 'coupon_type', type: 'text' },
    sort_order: { column: 'sort_order', type: 'int' },
  },
};

const COUPON_SEARCH: SearchSpec = {
  from: 'salesrule_coupon',
  select: '*',
  key: 'coupon_id',
  fields: {
    coupon_id: { column: 'coupon_id', type: 'int' },
    rule_id: { column: 'rule_id', type: 'int' },
    code: { column: 'code', type: 'text' },
  },
};

function formatRules(db: Db, rules: SalesRuleRow[]) {
  return rules.map((rule) => ({
    rule_id: rule.rule_id,
    name: rule.name,
    store_labels: (
      sql(db, 'SELECT store_id, label FROM salesrule_label WHERE rule_id = ? ORDER BY store_id').all(rule.rule_id) as {
        store_id: number;
        label: string;
      }[]
    ).map((label) => ({ store_id: label.store_id, store_label: label.label })),
    ...(rule.description === null ? {} : { description: rule.description }),
    website_ids: JSON.parse(rule.website_ids) as number[],
    customer_group_ids: JSON.parse(rule.customer_group_ids) as number[],
    // Dates only, no zone: the store's local calendar.
    ...(rule.from_date === null ? {} : { from_date: rule.from_date }),
    ...(rule.to_date === null ? {} : { to_date: rule.to_date }),
    uses_per_customer: 0,
    is_active: rule.is_active === 1,
    condition: {
      condition_type: 'Magento\\SalesRule\\Model\\Rule\\Condition\\Combine',
      conditions: [],
      aggregator_type: 'all',
      value: '1',
    },
    action_condition: JSON.parse(rule.action_condition) as Condition,
    stop_rules_processing: rule.stop_rules_processing === 1,
    is_advanced: true,
    sort_order: rule.sort_order,
    simple_action: rule.simple_action,
    discount_amount: rule.discount_amount,
    discount_qty: rule.discount_qty,
    discount_step: rule.discount_step,
    apply_to_shipping: false,
    times_used: rule.times_used,
    is_rss: false,
    coupon_type: rule.coupon_type,
    use_auto_generation: false,
    uses_per_coupon: 0,
    simple_free_shipping: '0',
    extension_attributes: {
      sales_channels: JSON.parse(rule.sales_channels) as string[],
      store_codes: JSON.parse(rule.store_codes) as string[],
    },
  }));
}

function formatCoupon(coupon: CouponRow) {
  return {
    coupon_id: coupon.coupon_id,
    rule_id: coupon.rule_id,
    code: coupon.code,
    usage_limit: coupon.usage_limit,
    usage_per_customer: coupon.usage_per_customer,
    times_used: coupon.times_used,
    ...(coupon.expiration_date === null ? {} : { expiration_date: coupon.expiration_date }),
    is_primary: coupon.is_primary === 1,
    created_at: coupon.created_at,
    type: 0,
  };
}

export function registerSalesRuleRoutes(app: FastifyInstance, shop: Shop): void {
  app.get('/salesRules/search', { config: { operation: 'salesRules.search' } }, async (request) => {
    shop.auth.requireAdmin(request, RESOURCE);
    return searchResults(shop.db, RULE_SEARCH, request.query, { mandatory: true }, (rows: SalesRuleRow[]) => formatRules(shop.db, rows));
  });
  app.get<{ Params: { ruleId: string } }>('/salesRules/:ruleId', { config: { operation: 'salesRules.get' } }, async (request) => {
    shop.auth.requireAdmin(request, RESOURCE);
    const rule = /^\d+$/.test(request.params.ruleId)
      ? (sql(shop.db, 'SELECT * FROM salesrule WHERE rule_id = ?').get(Number(request.params.ruleId)) as SalesRuleRow | undefined)
      : undefined;
    if (!rule) throw new MagentoError(404, 'Rule with specified ID "%1" not found.', [request.params.ruleId]);
    return formatRules(shop.db, [rule])[0];
  });
  app.get('/coupons/search', { config: { operation: 'coupons.search' } }, async (request) => {
    shop.auth.requireAdmin(request, RESOURCE);
    return searchResults(shop.db, COUPON_SEARCH, request.query, { mandatory: true }, (rows: CouponRow[]) => rows.map(formatCoupon));
  });
}

/**
 * The cart's coupon (CouponManagementInterface): set only when its rule applies to the cart now, as
 * collecting totals would keep it; Magento says no more than "isn't valid", whatever the reason.
 */
export function registerCouponRoutes(app: FastifyInstance, shop: Shop, scope: CartScope): void {
  const active = { active: true };
  app.get(`${scope.path}/coupons`, { config: { operation: `${scope.operation}.coupons.get` } }, async (request, reply) => {
    const { quote } = scope.locate(request, active);
    // A string, empty when the cart has none.
    return sendJson(reply, quote.coupon_code ?? '');
  });
  app.put<{ Params: { couponCode: string } }>(
    `${scope.path}/coupons/:couponCode`,
    { config: { operation: `${scope.operation}.coupons.set` } },
    async (request) => {
      const cart = scope.locate(request, active);
      const items = quoteItems(shop.db, cart.quote.entity_id);
      if (items.length === 0) throw emptyCart(cart.reference);
      const code = request.params.couponCode.trim();
      const discounts = quoteDiscounts(shop, cart.quote, items, code);
      if (discounts.couponCode === null) throw new MagentoError(404, INVALID_COUPON);
      // Stored as the coupon spells it.
      sql(shop.db, 'UPDATE quote SET coupon_code = ?, updated_at = ? WHERE entity_id = ?').run(
        couponByCode(shop.db, code)!.code,
        magentoTime(shop.now()),
        cart.quote.entity_id,
      );
      return true;
    },
  );
  app.delete(`${scope.path}/coupons`, { config: { operation: `${scope.operation}.coupons.delete` } }, async (request) => {
    const cart = scope.locate(request, active);
    if (quoteItems(shop.db, cart.quote.entity_id).length === 0) throw emptyCart(cart.reference);
    sql(shop.db, 'UPDATE quote SET coupon_code = NULL, updated_at = ? WHERE entity_id = ?').run(
      magentoTime(shop.now()),
      cart.quote.entity_id,
    );
    return true;
  });
}

const emptyCart = (reference: string) => new MagentoError(404, 'The "%1" Cart doesn\'t contain products.', [reference]);
