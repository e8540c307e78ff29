import { money, type Money } from '../../lib/money';
import type { EcommerceClient } from './client';
import { BASE_CURRENCY, magentoTimeToIso, webOrderOf } from './mapping';
import type { WebOrderRecord } from './records';
import { anyOf, MAX_PAGE_SIZE, type Filter } from './search-criteria';
import type { MagentoOrderDetail } from './wire';

/**
 * The web shop's sales history, page by page, for a read model that takes it in and later reads
 * only what came since: orders with the cart they were placed from, refunds (credit memos) with
 * their order, and carts. Pages are keyed on Magento's entity id (`entity_id > cursor`, ascending),
 * so rows added while it reads come last and none is skipped or read twice, a page costs the same
 * however far in it is, and each page's cursor is where the next read starts.
 */

/** A page of the history and where the next read starts (after its last row): the caller keeps it, opaque. */
export interface HistoryPage<T> {
  items: T[];
  cursor: number;
}

/** An order and the number of the cart (Magento's quote id) it was placed from, when the shop kept it. */
export interface WebSale {
  order: WebOrderRecord;
  cartNumber: number | null;
}

/** Money the shop paid back on an order: a credit memo. */
export interface WebRefund {
  /** The credit memo's number in the shop. */
  id: number;
  orderNumber: string;
  refundedAt: string;
  amount: Money;
  units: number;
}

/** A cart as the shop keeps it, a customer's or a guest's, open or ordered. */
export interface WebCartOpened {
  /** Magento's quote id: what an order placed from it records. */
  cartNumber: number;
  openedAt: string;
}

// Magento's JSON as these reads take it.
interface MagentoCreditMemo {
  entity_id: number;
  order_id: number;
  grand_total: number;
  created_at: string;
  order_currency_code?: string;
  items: { qty: number }[];
}

interface MagentoQuote {
  id: number;
  created_at: string;
}

/** Every row of a resource after the cursor, a page of at most 300 at a time, in entity id order. */
async function* pagesOf<T>(client: EcommerceClient, resource: string, idOf: (row: T) => number, after: number): AsyncGenerator<T[]> {
  for (let last = after; ;) {
    const filter: Filter = { field: 'entity_id', value: String(last), conditionType: 'gt' };
    const { items } = await client.search<T>(resource, {
      filterGroups: [[filter]],
      sortOrders: [{ field: 'entity_id', direction: 'ASC' }],
      pageSize: MAX_PAGE_SIZE,
    });
    if (items.length === 0) return;
    yield items;
    last = idOf(items[items.length - 1]);
    if (items.length < MAX_PAGE_SIZE) return;
  }
}

/** Every order the shop has after the cursor (0: from the first), oldest first. */
export async function* webSales(client: EcommerceClient, after = 0): AsyncGenerator<HistoryPage<WebSale>> {
  for await (const page of pagesOf<MagentoOrderDetail>(client, '/orders', (order) => order.entity_id, after))
    yield {
      items: page.map((order) => ({ order: webOrderOf(order), cartNumber: order.quote_id ?? null })),
      cursor: page[page.length - 1].entity_id,
    };
}

/** Every refund the shop made after the cursor, oldest first, each with its order's number (one more call per page). */
export async function* webRefunds(client: EcommerceClient, after = 0): AsyncGenerator<HistoryPage<WebRefund>> {
  for await (const page of pagesOf<MagentoCreditMemo>(client, '/creditmemos', (memo) => memo.entity_id, after)) {
    const orders = await client.search<MagentoOrderDetail>('/orders', {
      filterGroups: [
        anyOf(
          'entity_id',
          page.map((memo) => memo.order_id),
        ),
      ],
      pageSize: MAX_PAGE_SIZE,
    });
    const numbers = new Map(orders.items.map((order) => [order.entity_id, order.increment_id]));
    yield {
      items: page.flatMap((memo) => {
        const orderNumber = numbers.get(memo.order_id);
        if (orderNumber === undefined) return [];
        return [
          {
            id: memo.entity_id,
            orderNumber,
            refundedAt: magentoTimeToIso(memo.created_at),
            amount: money(memo.grand_total, memo.order_currency_code ?? BASE_CURRENCY),
            units: memo.items.reduce((sum, item) => sum + item.qty, 0),
          },
        ];
      }),
      cursor: page[page.length - 1].entity_id,
    };
  }
}

/** Every cart the shop has kept after the cursor, open or ordered, oldest first. */
export async function* webCartsOpened(client: EcommerceClient, after = 0): AsyncGenerator<HistoryPage<WebCartOpened>> {
  for await (const page of pagesOf<MagentoQuote>(client, '/carts/search', (quote) => quote.id, after))
    yield {
      items: page.map((quote) => ({ cartNumber: quote.id, openedAt: magentoTimeToIso(quote.created_at) })),
      cursor: page[page.length - 1].id,
    };
}
