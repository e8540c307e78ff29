import { BadUserInputError } from '../../lib/errors';
import { assertReachesCustomer } from '../../lib/rows';
import { locationId, plantOfLocation, retailStoreOfPlant, storeOrderId, storePlant } from '../../lib/ids';
import { isBusinessDay, transactionKey } from '../../connectors/pos';
import type { Context } from './context';
import type { Resolvers } from './generated/graphql';
import {
  discountOf,
  moneyOf,
  orderLinesOf,
  receiptKeyOfOrderId,
  receiptNumber,
  refundedBy,
  statusHistoryOf,
  statusOf,
  subtotalOf,
} from './model';
import { reachableSale } from './rows';

/** The POS store behind a Location id, if it is a store's; warehouses and unknown ids cost no call. */
async function storeAt(id: string, context: Context) {
  const plant = plantOfLocation(id);
  const retailStoreId = plant === null ? null : retailStoreOfPlant(plant);
  return retailStoreId === null ? null : context.pos.store.load(retailStoreId);
}

export const resolvers: Resolvers<Context> = {
  Customer: {
    // No POS call here: an outage must fail only the index field, so orders still merges the other channels.
    __resolveReference: async (reference, context) => {
      assertReachesCustomer(context.caller, reference.id);
      return reference;
    },
    storeOrderIndex: async (customer, _args, context) => {
      const sales = await context.pos.salesOfCustomer.load({
        loyaltyCards: 'loyaltyCardCodes' in customer ? customer.loyaltyCardCodes : [],
        // A number they had before a change still names their older receipts.
        phones: [...('phones' in customer ? customer.phones : []), ...('formerPhones' in customer ? customer.formerPhones : [])],
        sharedPhones: 'sharedPhones' in customer ? customer.sharedPhones : [],
        confirmedStoreSales: 'confirmedStoreSales' in customer ? customer.confirmedStoreSales : [],
      });
      return sales.map((sale) => ({ orderId: storeOrderId(sale), placedAt: sale.endedAt }));
    },
  },
  StoreOrder: {
    __resolveReference: async (reference, context) => {
      const key = receiptKeyOfOrderId(reference.id);
      if (key === null) throw new BadUserInputError('id is not a store order id', 'id');
      const receipt = await context.pos.receipt.load(transactionKey(key));
      // Returns and pickup handovers are receipts, not orders of their own.
      return reachableSale(context, receipt?.kind === 'Sale' ? receipt : null);
    },
    id: (sale) => storeOrderId(sale),
    number: (sale) => receiptNumber(sale),
    channel: () => 'STORE',
    placedAt: (sale) => sale.endedAt,
    status: async (sale, _args, context) => statusOf(sale, await context.pos.returnsOfSale.load(sale)),
    statusHistory: async (sale, _args, context) => statusHistoryOf(sale, await context.pos.returnsOfSale.load(sale)),
    lines: (sale) => orderLinesOf(sale),
    totals: (sale) => ({ sale }),
    fulfilment: (sale) => ({ method: 'IN_STORE_PURCHASE', location: { id: locationId(storePlant(sale.retailStoreId)) } }),
    payments: (sale) => sale.tenders.map((tender) => ({ method: tender.method, amount: moneyOf(tender.amount, sale.currencyCode) })),
    receiptKey: (sale) => sale.key,
  },
  OrderTotals: {
    subtotal: ({ sale }) => subtotalOf(sale),
    discount: ({ sale }) => discountOf(sale),
    shipping: ({ sale }) => moneyOf(0n, sale.currencyCode),
    total: ({ sale }) => moneyOf(sale.total, sale.currencyCode),
    refunded: async ({ sale }, _args, context) => refundedBy(sale, await context.pos.returnsOfSale.load(sale)),
  },
  Location: {
    __resolveReference: (reference) => ({ id: reference.id }),
    storeCode: async (location, _args, context) => (await storeAt(location.id, context))?.retailStoreId ?? null,
    openingHours: async (location, _args, context) => (await storeAt(location.id, context))?.openingHours ?? null,
  },
  StockLevel: {
    __resolveReference: (reference) => reference,
    unpostedSales: (level, _args, context) => {
      const plant = plantOfLocation(level.locationId);
      if (plant === null) throw new BadUserInputError('locationId is not a location id', 'locationId');
      const retailStoreId = retailStoreOfPlant(plant);
      // Warehouses have no tills.
      if (retailStoreId === null) return 0;
      const postedThrough = 'erpPostedThrough' in level ? (level.erpPostedThrough ?? null) : null;
      if (postedThrough !== null && !isBusinessDay(postedThrough))
        throw new BadUserInputError('erpPostedThrough is not a day', 'erpPostedThrough');
      return context.salesFeed.unpostedSales(retailStoreId, level.sku, postedThrough);
    },
  },
};
