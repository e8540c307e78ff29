import { evaluatePromotions, type Promotion, type PricingRequest, type Voucher, voucherRefusal } from '../../connectors/ecommerce';
import { money } from '../../lib/money';

/** The promotions evaluator on its own: Magento's calculators, order, stop-processing, rounding and eligibility. */

const CATEGORY = {
  condition_type: 'Magento\\SalesRule\\Model\\Rule\\Condition\\Product\\Combine',
  aggregator_type: 'all' as const,
  value: '1',
};
const inCategory = (id: number) => ({
  ...CATEGORY,
  conditions: [
    {
      condition_type: 'Magento\\SalesRule\\Model\\Rule\\Condition\\Product',
      attribute_name: 'category_ids',
      operator: '()',
      value: String(id),
    },
  ],
});

const promotion = (fields: Partial<Promotion> & Pick<Promotion, 'ruleId' | 'action' | 'amount'>): Promotion => ({
  label: `Rule ${fields.ruleId}`,
  active: true,
  fromDate: null,
  toDate: null,
  customerGroupIds: [0, 1, 4],
  channels: ['web', 'app', 'store', 'call_center', 'marketplace'],
  storeCodes: [],
  needsVoucher: false,
  maxQty: 0,
  step: 0,
  condition: null,
  sortOrder: 0,
  stopsFurtherRules: false,
  ...fields,
});

const AT = new Date('2026-11-20T03:30:00Z');
const line = (sku: string, quantity: number, price: number, categoryId = 3) => ({
  sku,
  quantity,
  unitPrice: money(price, 'VND'),
  categoryId,
});
const request = (lines: PricingRequest['lines'], fields: Partial<PricingRequest> = {}): PricingRequest => ({
  lines,
  channel: 'WEB',
  storeCode: null,
  buyer: 'GUEST',
  voucherCode: null,
  at: AT,
  ...fields,
});

describe('the promotions evaluator', () => {
  it('gives every third unit free per line with buy 2 get 1, and stops later rules on the lines it applied to', () => {
    const rules = [
      promotion({ ruleId: 1, action: 'buy_x_get_y', step: 2, amount: 1, condition: inCategory(3), sortOrder: 1, stopsFurtherRules: true }),
      promotion({ ruleId: 2, action: 'by_percent', amount: 10, sortOrder: 2 }),
    ];
    const pricing = evaluatePromotions(rules, null, request([line('AT-1', 7, 100_000), line('QJ-1', 1, 500_000, 5)]));
    // 7 units: two full periods of 3 (2 free) and one left over under the step: 2 free.
    expect(pricing.lines[0].discounts).toEqual([expect.objectContaining({ ruleId: 1, label: 'Rule 1', amount: money(200_000, 'VND') })]);
    expect(pricing.lines[1].discounts).toEqual([expect.objectContaining({ ruleId: 2, amount: money(50_000, 'VND') })]);
    expect(pricing).toMatchObject({
      subtotal: { amount: '1200000', currencyCode: 'VND' },
      discountTotal: { amount: '250000' },
      total: { amount: '950000' },
    });
    expect(pricing.discounts.map((d) => [d.ruleId, d.amount.amount])).toEqual([
      [1, '200000'],
      [2, '50000'],
    ]);
  });

  it('takes a later percentage off what earlier rules left, caps units by discount_qty, and never discounts below zero', () => {
    const rules = [
      promotion({ ruleId: 5, action: 'by_percent', amount: 20, sortOrder: 1 }),
      promotion({ ruleId: 6, action: 'by_percent', amount: 10, sortOrder: 2 }),
      promotion({ ruleId: 7, action: 'by_fixed', amount: 900_000, maxQty: 1, sortOrder: 3 }),
    ];
    const [only] = evaluatePromotions(rules, null, request([line('SM-1', 3, 299_000)])).lines;
    // 897,000 → 20% = 179,400; 10% of 717,600 = 71,760; fixed on one unit capped at its price, then at what is left of the row.
    expect(only.discounts.map((d) => d.amount.amount)).toEqual(['179400', '71760', '299000']);
    expect(only.total.amount).toBe('346840');
  });

  it('spreads a fixed cart amount over the lines by row total with Magento’s carried rounding', () => {
    const rules = [promotion({ ruleId: 4, action: 'cart_fixed', amount: 50_000 })];
    const pricing = evaluatePromotions(rules, null, request([line('A', 1, 100_000), line('B', 1, 100_000), line('C', 1, 100_000)]));
    // 16,666.67 + 16,666.66 + 16,666.67 in hundredths: the whole 50,000, no dong lost.
    expect(pricing.discountTotal.amount).toBe('50000');
    expect(pricing.total.amount).toBe('250000');
  });

  it('runs a promotion only on its days in the stores’ calendar, for its customer groups, channels and stores', () => {
    const rules = [
      promotion({ ruleId: 1, action: 'by_percent', amount: 10, fromDate: '2026-11-21' }),
      promotion({ ruleId: 2, action: 'by_percent', amount: 10, customerGroupIds: [4] }),
      promotion({ ruleId: 3, action: 'by_percent', amount: 10, channels: ['store'], storeCodes: ['101'] }),
    ];
    const lines = [line('A', 1, 100_000)];
    const applied = (fields: Partial<PricingRequest>) =>
      evaluatePromotions(rules, null, request(lines, fields)).discounts.map((d) => d.ruleId);
    expect(applied({})).toEqual([]);
    // 17:00 UTC is already the 21st in Vietnam.
    expect(applied({ at: new Date('2026-11-20T17:00:00Z') })).toEqual([1]);
    expect(applied({ buyer: 'MEMBER' })).toEqual([2]);
    expect(applied({ channel: 'STORE', storeCode: '101' })).toEqual([3]);
    expect(applied({ channel: 'STORE', storeCode: '102' })).toEqual([]);
    expect(applied({ channel: 'APP' })).toEqual([]);
  });

  it('says why a voucher cannot be used, and prices without it', () => {
    const rules = [
      promotion({ ruleId: 4, action: 'cart_fixed', amount: 50_000, needsVoucher: true, toDate: '2026-12-01', channels: ['web'] }),
      promotion({ ruleId: 5, action: 'by_percent', amount: 25, needsVoucher: true, toDate: '2026-11-10' }),
      promotion({ ruleId: 6, action: 'by_percent', amount: 25, needsVoucher: true, condition: inCategory(9) }),
    ];
    const voucher = (ruleId: number, fields: Partial<Voucher> = {}): Voucher => ({
      code: `V${ruleId}`,
      ruleId,
      usageLimit: 0,
      timesUsed: 0,
      expiresAt: null,
      ...fields,
    });
    const lines = [line('A', 1, 100_000)];
    const refusal = (v: Voucher | null, fields: Partial<PricingRequest> = {}) =>
      voucherRefusal(rules, v, request(lines, fields))?.code ?? null;
    expect(refusal(null)).toBe('VOUCHER_NOT_FOUND');
    expect(refusal(voucher(4))).toBeNull();
    expect(refusal(voucher(5))).toBe('VOUCHER_EXPIRED');
    expect(refusal(voucher(4, { expiresAt: '2026-11-19 00:00:00' }))).toBe('VOUCHER_EXPIRED');
    expect(refusal(voucher(4, { usageLimit: 10, timesUsed: 10 }))).toBe('VOUCHER_USED_UP');
    expect(refusal(voucher(4), { channel: 'STORE', storeCode: '101' })).toBe('VOUCHER_NOT_VALID_HERE');
    expect(refusal(voucher(6))).toBe('VOUCHER_NOT_VALID_HERE');
    expect(evaluatePromotions(rules, voucher(5), request(lines)).total.amount).toBe('100000');
    expect(evaluatePromotions(rules, voucher(4), request(lines))).toMatchObject({ voucherCode: 'V4', total: { amount: '50000' } });
  });
});
