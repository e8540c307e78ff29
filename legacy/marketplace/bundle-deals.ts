import type { Db } from '../kit/db';
import { notFound, paramError, statusError, wholeNumber } from './errors';

/** How a bundle deal prices a full group: FIX_PRICE = 1, DISCOUNT_PERCENTAGE = 2, DISCOUNT_VALUE = 3. */
export const RULE_TYPES = [1, 2, 3] as const;
/** get_bundle_deal_list's filter: all = 1, upcoming = 2, ongoing = 3, expired = 4. */
const TIME_STATUSES = [1, 2, 3, 4] as const;
const DEFAULT_LIST_PAGE_SIZE = 20;
const MAX_LIST_PAGE_SIZE = 1000;
/** A deal runs at least this long. */
const MIN_LENGTH_SECONDS = 3_600;
/** Where the marketplace starts numbering bundle deals. */
const FIRST_ID = 300_001;

interface DealRow {
  bundle_deal_id: number;
  name: string;
  rule_type: number;
  fix_price: number;
  discount_percentage: number;
  discount_value: number;
  min_amount: number;
  start_time: number;
  end_time: number;
  purchase_limit: number;
}

type Terms = Omit<DealRow, 'bundle_deal_id'>;
type Body = Record<string, unknown>;

const timeStatusOf = (deal: Pick<DealRow, 'start_time' | 'end_time'>, now: number) =>
  now < deal.start_time ? 'upcoming' : now < deal.end_time ? 'ongoing' : 'expired';

const dealOf = (r: DealRow) => ({
  bundle_deal_id: r.bundle_deal_id,
  name: r.name,
  start_time: r.start_time,
  end_time: r.end_time,
  bundle_deal_rule: {
    rule_type: r.rule_type,
    discount_value: r.discount_value,
    fix_price: r.fix_price,
    discount_percentage: r.discount_percentage,
    min_amount: r.min_amount,
  },
  purchase_limit: r.purchase_limit,
});

/**
 * The terms of a deal from a body, over `current` (update): the rule's own value required by its
 * type, at least two units a group, a start later than now, an end an hour after the start.
 */
function termsOf(body: Body, now: number, current?: DealRow): Terms {
  const number = (name: keyof Terms) => wholeNumber(body[name], name) ?? (current?.[name] as number | undefined);
  if (Array.isArray(body.additional_tiers) && body.additional_tiers.length > 0) throw paramError('additional_tiers are not supported.');
  const name = body.name === undefined ? current?.name : body.name;
  if (typeof name !== 'string' || name.trim() === '') throw paramError('Missing name.');
  const ruleType = number('rule_type');
  if (!RULE_TYPES.includes(ruleType as (typeof RULE_TYPES)[number])) throw paramError('rule_type should be 1, 2 or 3.');
  const minAmount = number('min_amount');
  if (minAmount === undefined || minAmount < 2) throw paramError('min_amount should be at least 2.');
  // The rule's own value; the others are 0.
  const terms: Terms = {
    name: name.trim(),
    rule_type: ruleType!,
    fix_price: ruleType === 1 ? (number('fix_price') ?? 0) : 0,
    discount_percentage: ruleType === 2 ? (number('discount_percentage') ?? 0) : 0,
    discount_value: ruleType === 3 ? (number('discount_value') ?? 0) : 0,
    min_amount: minAmount,
    start_time: number('start_time') ?? NaN,
    end_time: number('end_time') ?? NaN,
    purchase_limit: number('purchase_limit') ?? 0,
  };
  if (ruleType === 1 && terms.fix_price < 1) throw paramError('fix_price is required for rule_type 1.');
  if (ruleType === 2 && (terms.discount_percentage < 1 || terms.discount_percentage > 99))
    throw paramError('discount_percentage should be between 1 and 99 for rule_type 2.');
  if (ruleType === 3 && terms.discount_value < 1) throw paramError('discount_value is required for rule_type 3.');
  if (Number.isNaN(terms.start_time) || Number.isNaN(terms.end_time)) throw paramError('Missing start_time or end_time.');
  if (terms.purchase_limit < 0) throw paramError('purchase_limit should be 0 (no limit) or more.');
  if (terms.end_time < terms.start_time + MIN_LENGTH_SECONDS) throw paramError('end_time should be at least 1 hour after start_time.');
  if (terms.end_time <= now) throw paramError('end_time should be later than the current time.');
  return terms;
}

/**
 * The shop's bundle deals: buy `min_amount` units of the deal's listings together for a fixed
 * price, a percentage or an amount off each group. Upcoming until their start, ongoing until their
 * end (or until the seller ends them), then expired.
 */
export class BundleDealService {
  constructor(private readonly db: Db) {}

  private deal(id: unknown): DealRow {
    const dealId = wholeNumber(id, 'bundle_deal_id');
    if (dealId === undefined) throw paramError('Missing bundle_deal_id.');
    const row = this.db.prepare('SELECT * FROM bundle_deal WHERE bundle_deal_id = ?').get(dealId) as DealRow | undefined;
    if (!row) throw notFound(`bundle_deal_id not found: ${dealId}.`);
    return row;
  }

  add(body: Body, now: number): { bundle_deal_id: number } {
    const terms = termsOf(body, now);
    if (terms.start_time <= now) throw paramError('start_time should be later than the current time.');
    return this.db.transaction(() => {
      const id = (this.db.prepare('SELECT COALESCE(MAX(bundle_deal_id) + 1, ?) AS id FROM bundle_deal').get(FIRST_ID) as { id: number }).id;
      const columns = Object.keys(terms);
      this.db
        .prepare(`INSERT INTO bundle_deal (bundle_deal_id, ${columns.join(', ')}) VALUES (?, ${columns.map(() => '?').join(', ')})`)
        .run(id, ...Object.values(terms));
      return { bundle_deal_id: id };
    })();
  }

  /**
   * Changes a deal: anything while it is upcoming; once it runs, only its name, end and purchase
   * limit (an end later than now); nothing once it has ended.
   */
  update(body: Body, now: number) {
    return this.db.transaction(() => {
      const current = this.deal(body.bundle_deal_id);
      const status = timeStatusOf(current, now);
      if (status === 'expired') throw statusError('bundle_deal', 'The bundle deal has ended.');
      const terms = termsOf(body, now, current);
      if (status === 'ongoing') {
        const fixed = ['rule_type', 'fix_price', 'discount_percentage', 'discount_value', 'min_amount', 'start_time'] as const;
        if (fixed.some((field) => terms[field] !== current[field]))
          throw paramError('Only name, end_time and purchase_limit may change once the bundle deal has started.');
      } else if (terms.start_time <= now) throw paramError('start_time should be later than the current time.');
      if (this.conflicts(current.bundle_deal_id, terms).length > 0)
        throw paramError('Some items of this bundle deal are in another bundle deal at that time.');
      const columns = Object.keys(terms);
      this.db
        .prepare(`UPDATE bundle_deal SET ${columns.map((c) => `${c} = ?`).join(', ')} WHERE bundle_deal_id = ?`)
        .run(...Object.values(terms), current.bundle_deal_id);
      return dealOf({ ...current, ...terms });
    })();
  }

  /** Ends an ongoing deal now. */
  end(body: Body, now: number): { bundle_deal_id: number } {
    return this.db.transaction(() => {
      const deal = this.deal(body.bundle_deal_id);
      if (timeStatusOf(deal, now) !== 'ongoing') throw statusError('bundle_deal', 'Only an ongoing bundle deal can be ended.');
      this.db.prepare('UPDATE bundle_deal SET end_time = ? WHERE bundle_deal_id = ?').run(now, deal.bundle_deal_id);
      return { bundle_deal_id: deal.bundle_deal_id };
    })();
  }

  /** Deletes an upcoming deal, with its items. */
  delete(body: Body, now: number): { bundle_deal_id: number } {
    return this.db.transaction(() => {
      const deal = this.deal(body.bundle_deal_id);
      if (timeStatusOf(deal, now) !== 'upcoming') throw statusError('bundle_deal', 'Only an upcoming bundle deal can be deleted.');
      this.db.prepare('DELETE FROM bundle_deal_item WHERE bundle_deal_id = ?').run(deal.bundle_deal_id);
      this.db.prepare('DELETE FROM bundle_deal WHERE bundle_deal_id = ?').run(deal.bundle_deal_id);
      return { bundle_deal_id: deal.bundle_deal_id };
    })();
  }

  list(query: Body, now: number) {
    const timeStatus = wholeNumber(query.time_status, 'time_status') ?? 1;
    if (!TIME_STATUSES.includes(timeStatus as (typeof TIME_STATUSES)[number])) throw paramError('time_status should be 1, 2, 3 or 4.');
    const pageNo = wholeNumber(query.page_no, 'page_no') ?? 1;
    const pageSize = wholeNumber(query.page_size, 'page_size') ?? DEFAULT_LIST_PAGE_SIZE;
    if (pageNo < 1 || pageSize < 1 || pageSize > MAX_LIST_PAGE_SIZE)
      throw paramError('page_size should be between 1 and 1000, page_no 1 or more.');
    const [where, times] = (
      [
        ['', []],
        ['WHERE start_time > ?', [now]],
        ['WHERE start_time <= ? AND end_time > ?', [now, now]],
        ['WHERE end_time <= ?', [now]],
      ] as const
    )[timeStatus - 1];
    const rows = this.db
      .prepare(`SELECT * FROM bundle_deal ${where} ORDER BY bundle_deal_id LIMIT ? OFFSET ?`)
      .all(...times, pageSize + 1, (pageNo - 1) * pageSize) as DealRow[];
    return { bundle_deal_list: rows.slice(0, pageSize).map(dealOf), more: rows.length > pageSize };
  }

  items(query: Body) {
    const deal = this.deal(query.bundle_deal_id);
    return {
      item_list: this.db
        .prepare('SELECT item_id, status FROM bundle_deal_item WHERE bundle_deal_id = ? ORDER BY item_id')
        .all(deal.bundle_deal_id) as { item_id: number; status: number }[],
    };
  }

  /**
   * Adds listings (enabled, or disabled with `status` 0) to an upcoming or ongoing deal; one the shop
   * does not list, or that is in another deal at the same time, fails alone. An item already in the
   * deal takes the status given.
   */
  addItems(body: Body, now: number) {
    const list = itemList(body);
    const statuses = list.map((entry) => {
      const status = wholeNumber(entry.status, 'status') ?? 1;
      if (status !== 0 && status !== 1) throw paramError('status should be 1 (enabled) or 0 (disabled).');
      return status;
    });
    return this.db.transaction(() => {
      const deal = this.deal(body.bundle_deal_id);
      if (timeStatusOf(deal, now) === 'expired') throw statusError('bundle_deal', 'The bundle deal has ended.');
      const listed = this.db.prepare("SELECT 1 FROM item WHERE item_id = ? AND item_status = 'NORMAL'");
      const elsewhere = new Set(this.conflicts(deal.bundle_deal_id, deal, true));
      const success_list: number[] = [];
      const failed_list: { item_id: number; fail_error: string; fail_message: string }[] = [];
      list.forEach((entry, i) => {
        const itemId = entry.item_id;
        if (!listed.get(itemId)) failed_list.push({ item_id: itemId, fail_error: 'error_item_not_found', fail_message: 'Item not found.' });
        else if (elsewhere.has(itemId))
          failed_list.push({
            item_id: itemId,
            fail_error: 'error_item_in_other_bundle',
            fail_message: 'The item is in another bundle deal at the same time.',
          });
        else {
          this.db
            .prepare(
              `INSERT INTO bundle_deal_item (bundle_deal_id, item_id, status) VALUES (?, ?, ?)
               ON CONFLICT (bundle_deal_id, item_id) DO UPDATE SET status = excluded.status`,
            )
            .run(deal.bundle_deal_id, itemId, statuses[i]);
          success_list.push(itemId);
        }
      });
      return { success_list, failed_list };
    })();
  }

  /** Takes listings out of an upcoming or ongoing deal; one not in it fails alone. */
  deleteItems(body: Body, now: number) {
    const list = itemList(body);
    return this.db.transaction(() => {
      const deal = this.deal(body.bundle_deal_id);
      if (timeStatusOf(deal, now) === 'expired') throw statusError('bundle_deal', 'The bundle deal has ended.');
      const remove = this.db.prepare('DELETE FROM bundle_deal_item WHERE bundle_deal_id = ? AND item_id = ?');
      const success_list: number[] = [];
      const failed_list: { item_id: number; fail_error: string; fail_message: string }[] = [];
      for (const { item_id } of list) {
        if (remove.run(deal.bundle_deal_id, item_id).changes === 1) success_list.push(item_id);
        else failed_list.push({ item_id, fail_error: 'error_item_not_found', fail_message: 'The item is not in this bundle deal.' });
      }
      return { success_list, failed_list };
    })();
  }

  /**
   * Items in another deal whose time overlaps `when`: an item is in one bundle deal at a time. All
   * of them with `anyItem`, else only those also in this deal.
   */
  private conflicts(dealId: number, when: Pick<DealRow, 'start_time' | 'end_time'>, anyItem = false): number[] {
    return (
      this.db
        .prepare(
          `SELECT DISTINCT o.item_id FROM bundle_deal_item o JOIN bundle_deal d ON d.bundle_deal_id = o.bundle_deal_id
           WHERE o.bundle_deal_id != ? AND d.start_time < ? AND d.end_time > ?
           ${anyItem ? '' : 'AND o.item_id IN (SELECT item_id FROM bundle_deal_item WHERE bundle_deal_id = ?)'}`,
        )
        .all(...[dealId, when.end_time, when.start_time, ...(anyItem ? [] : [dealId])]) as { item_id: number }[]
    ).map((r) => r.item_id);
  }
}

function itemList(body: Body): { item_id: number; status?: unknown }[] {
  const list = body.item_list;
  if (!Array.isArray(list) || list.length === 0) throw paramError('item_list should contain at least one item.');
  return list.map((entry: { item_id?: unknown; status?: unknown }) => {
    const itemId = wholeNumber(entry?.item_id, 'item_id');
    if (itemId === undefined) throw paramError('Missing item_id.');
    return { item_id: itemId, status: entry.status };
  });
}

/** An order line as the buyer asked for it, at the listing's price. */
export interface LineToPrice {
  itemId: number;
  price: number;
  quantity: number;
}

/** Part of a line at one price: the units a bundle deal took (with its id) or the rest at the listed price. */
export interface PricedUnits {
  line: number;
  quantity: number;
  discountedPrice: number;
  bundleDealId: number | null;
}

/**
 * What the buyer pays for each unit of an order: every ongoing deal takes its enabled items' units,
 * in the order's line order, in full groups of `min_amount` (up to the buyer's `purchase_limit`
 * groups over their orders not cancelled), and prices each group by its rule; the rest keep the
 * listed price. A unit is in one deal at most: an item is in one deal at a time.
 */
export function bundlePrices(db: Db, lines: readonly LineToPrice[], buyerUserId: number, now: number): PricedUnits[] {
  const deals = db
    .prepare('SELECT * FROM bundle_deal WHERE start_time <= ? AND end_time > ? ORDER BY bundle_deal_id')
    .all(now, now) as DealRow[];
  const prices = lines.map((line) => Array.from({ length: line.quantity }, () => ({ price: line.price, deal: null as number | null })));
  for (const deal of deals) {
    const items = new Set(
      (
        db.prepare('SELECT item_id FROM bundle_deal_item WHERE bundle_deal_id = ? AND status = 1').all(deal.bundle_deal_id) as {
          item_id: number;
        }[]
      ).map((r) => r.item_id),
    );
    const units = lines.flatMap((line, i) => (items.has(line.itemId) ? prices[i].filter((unit) => unit.deal === null) : []));
    let groups = Math.floor(units.length / deal.min_amount);
    if (deal.purchase_limit > 0) {
      const bought = db
        .prepare(
          `SELECT COALESCE(SUM(l.quantity), 0) AS n FROM order_item l JOIN buyer_order o ON o.order_sn = l.order_sn
           WHERE l.bundle_deal_id = ? AND o.buyer_user_id = ? AND o.order_status != 'CANCELLED'`,
        )
        .get(deal.bundle_deal_id, buyerUserId) as { n: number };
      groups = Math.min(groups, Math.max(0, deal.purchase_limit - Math.floor(bought.n / deal.min_amount)));
    }
    for (let g = 0; g < groups; g += 1) {
      const group = units.slice(g * deal.min_amount, (g + 1) * deal.min_amount);
      const sum = group.reduce((s, unit) => s + unit.price, 0);
      // Percentages per unit; a group's amount off spread over its units by price, the last taking the rounding.
      const off = deal.rule_type === 1 ? Math.max(0, sum - deal.fix_price) : deal.rule_type === 3 ? Math.min(sum, deal.discount_value) : 0;
      let spread = 0;
      group.forEach((unit, i) => {
        const share =
          deal.rule_type === 2
            ? Math.round((unit.price * deal.discount_percentage) / 100)
            : i === group.length - 1
              ? off - spread
              : Math.floor((off * unit.price) / sum);
        spread += share;
        unit.price -= share;
        unit.deal = deal.bundle_deal_id;
      });
    }
  }
  return prices.flatMap((units, line) => {
    const parts = new Map<string, PricedUnits>();
    for (const unit of units) {
      const key = `${unit.deal}:${unit.price}`;
      const part = parts.get(key) ?? { line, quantity: 0, discountedPrice: unit.price, bundleDealId: unit.deal };
      part.quantity += 1;
      parts.set(key, part);
    }
    return [...parts.values()];
  });
}
