import { Faker, base, en, vi } from '@faker-js/faker';
import type { SalesRule, Store } from './model';

/** Magento's customer groups, with the retailer's own group for loyalty card holders. */
export const CUSTOMER_GROUPS = { notLoggedIn: 0, general: 1, member: 4 } as const;
const EVERYONE = [CUSTOMER_GROUPS.notLoggedIn, CUSTOMER_GROUPS.general, CUSTOMER_GROUPS.member];

/** `day` (YYYY-MM-DD) moved by whole days. */
function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The promotions running around `today`, as a merchandiser sets them up in the web shop's cart price
 * rules: buy 2 get 1 on T-shirts on every channel, 20% off jeans for a week, a member price, a voucher
 * (and last month's, expired), and an opening offer at two stores. Drawn from a Faker stream of
 * their own, so the rest of the world stays as it was.
 */
export function promotionsOf(seed: number, today: string, stores: readonly Store[]): SalesRule[] {
  const faker = new Faker({ locale: [vi, en, base], seed: seed + 104_729 });
  const voucher = `SAOMAI${faker.string.numeric(2)}`;
  const openingStores = faker.helpers.arrayElements(stores, Math.min(2, stores.length)).map((store) => store.retailStoreId);
  const rule = (fields: Partial<SalesRule> & Pick<SalesRule, 'id' | 'name' | 'label' | 'action' | 'discountAmount'>): SalesRule => ({
    isActive: true,
    fromDate: null,
    toDate: null,
    customerGroupIds: [...EVERYONE],
    channels: ['web', 'app', 'marketplace', 'store', 'call_center'],
    storeCodes: [],
    coupon: null,
    discountQty: 0,
    discountStep: 0,
    categories: [],
    sortOrder: 0,
    stopRulesProcessing: false,
    ...fields,
  });
  return [
    rule({
      id: 1,
      name: 'Mua 2 tặng 1 áo thun',
      label: 'Mua 2 tặng 1',
      action: 'buy_x_get_y',
      discountStep: 2,
      discountAmount: 1,
      categories: ['Áo thun'],
      // Everywhere the retailer sells: the website, the app, the call center, the marketplace and the stores.
      channels: ['web', 'app', 'call_center', 'marketplace', 'store'],
      fromDate: addDays(today, -faker.number.int({ min: 3, max: 10 })),
      toDate: addDays(today, faker.number.int({ min: 10, max: 20 })),
      sortOrder: 10,
      // A free T-shirt takes no other discount.
      stopRulesProcessing: true,
    }),
    rule({
      id: 2,
      name: 'Tuần lễ quần jean',
      label: 'Giảm 20% quần jean',
      action: 'by_percent',
      discountAmount: 20,
      categories: ['Quần jean'],
      fromDate: addDays(today, -2),
      toDate: addDays(today, 5),
      sortOrder: 20,
    }),
    rule({
      id: 3,
      name: 'Giá thành viên',
      label: 'Giá thành viên -10%',
      action: 'by_percent',
      discountAmount: 10,
      customerGroupIds: [CUSTOMER_GROUPS.member],
      sortOrder: 30,
    }),
    rule({
      id: 4,
      name: `Voucher ${voucher}`,
      label: `Voucher ${voucher}`,
      action: 'cart_fixed',
      discountAmount: 50_000,
      coupon: { code: voucher, usageLimit: 1000, usagePerCustomer: 1, timesUsed: faker.number.int({ min: 5, max: 200 }) },
      channels: ['web', 'app', 'store', 'call_center'],
      fromDate: addDays(today, -14),
      toDate: addDays(today, 16),
      sortOrder: 40,
    }),
    rule({
      id: 5,
      name: 'Black Friday năm ngoái',
      label: 'Black Friday -25%',
      action: 'by_percent',
      discountAmount: 25,
      coupon: { code: 'BLACKFRIDAY25', usageLimit: 0, usagePerCustomer: 0, timesUsed: faker.number.int({ min: 300, max: 900 }) },
      fromDate: addDays(today, -40),
      toDate: addDays(today, -10),
      sortOrder: 40,
    }),
    rule({
      id: 6,
      name: `Khai trương cửa hàng ${openingStores.join(', ')}`,
      label: 'Khai trương -15% váy đầm',
      action: 'by_percent',
      discountAmount: 15,
      categories: ['Váy đầm'],
      channels: ['store'],
      storeCodes: openingStores,
      fromDate: addDays(today, -1),
      toDate: addDays(today, 6),
      sortOrder: 50,
    }),
  ];
}
