import type { Logger } from 'pino';
import { cartId, webCartsOpened, webOrderId, webRefunds, webSales, type EcommerceClient } from '../../connectors/ecommerce';
import { formatAmount, type PosClient, type Receipt } from '../../connectors/pos';
import type { Clock } from '../../lib/clock';
import { encodeId, locationId, storeOrderId, storePlant } from '../../lib/ids';
import type { Money } from '../../lib/money';
import type { SubgraphCall } from '../../lib/subgraph-call';
import { webOrderChannel, webOrderStore } from './channels';
import { minorUnits, type KpiFacts, type ReturnFact, type SaleFact } from './facts';
import type { KpiReadModel } from './read-model';

/**
 * The sales the events did not tell: at the first start the systems' whole history, at each later
 * start only what they recorded since (sold while Omnigraph was down, or while the broker was), read
 * through the connectors: each store's till feed after the last sequence read, the web shop's
 * orders, refunds and carts after the last entity id read (`connectors/ecommerce/sales-history.ts`),
 * and the marketplace's orders from the marketplace subgraph's order book (it holds the shop's one
 * authorisation, and the book is in memory: no marketplace call). Each page's facts are written with
 * the cursor that follows them, so a read cut short goes on where it stopped and counts nothing
 * twice; an event telling the same fact wins over it (read-model.ts). The events are followed before
 * it starts, so nothing falls between.
 */

/** When the history was last read and what it took in: the model answers once there is one. */
export const HISTORY_MARK = 'history';

interface HistoryOutcome {
  finishedAt: string;
  durationMs: number;
  /** The first read: the whole history. */
  whole: boolean;
  sales: number;
  returns: number;
  carts: number;
}

export interface HistorySources {
  pos: Pick<PosClient, 'stores' | 'feed'>;
  web: EcommerceClient;
  /** The marketplace subgraph, asked as Omnigraph's service. */
  marketplace: Pick<SubgraphCall, 'query'>;
}

/** Where each source's next read starts. */
const CURSORS = {
  till: (retailStoreId: string) => `history:pos:${retailStoreId}`,
  webOrders: 'history:web-orders',
  webRefunds: 'history:web-refunds',
  webCarts: 'history:web-carts',
};

/** The POS head office's largest feed page. */
const FEED_PAGE = 500;

const MARKETPLACE_ORDERS = `query KpiHistoryMarketplaceOrders($after: String) {
  marketplaceOrders(first: 100, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node { id number placedAt status marketplaceStatus statusHistory { at } totals { total { amount currencyCode } } lines { quantity } } }
  }
}`;

interface MarketplaceOrderNode {
  id: string;
  number: string;
  placedAt: string;
  status: string;
  marketplaceStatus: string;
  statusHistory: { at: string }[];
  totals: { total: Money };
  lines: { quantity: number }[];
}

interface MarketplacePage {
  marketplaceOrders: {
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { node: MarketplaceOrderNode }[];
  };
}

/**
 * The ids a return counts once by, the same as the sources' events give it: a till's return receipt
 * by its transaction key (a web order brought back to a till too: the web shop's refund of it is that
 * return), a refund made in the web shop alone by its credit memo, a marketplace return by the order.
 */
const webRefundId = (creditMemoId: number) => encodeId('CreditMemo', String(creditMemoId));
const marketplaceReturnId = (number: string) => `marketplace-return:${number}`;

/** A web order brought back to a till: the store, and the return receipt's key. */
interface TillReturn {
  storeId: string;
  key: string;
  at: string;
}

const unitsOf = (lines: readonly { quantity: number }[]) => lines.reduce((sum, line) => sum + line.quantity, 0);

export class SalesHistory {
  private counted = { sales: 0, returns: 0, carts: 0 };

  constructor(
    private readonly model: KpiReadModel,
    private readonly sources: HistorySources,
    private readonly clock: Clock,
    private readonly currency: string,
    private readonly log: Logger,
  ) {}

  /** Reads what the systems recorded after the stored cursors (everything, the first time), and marks when. */
  async catchUp(): Promise<void> {
    const started = Date.now();
    const whole = (await this.model.mark(HISTORY_MARK)) === null;
    this.counted = { sales: 0, returns: 0, carts: 0 };
    // Web orders brought back to a till: where, for the web shop's refunds of them.
    const tillReturns = await this.tills();
    await this.webShop(tillReturns);
    await this.marketplace();
    const outcome: HistoryOutcome = { finishedAt: this.clock().toISOString(), durationMs: Date.now() - started, whole, ...this.counted };
    await this.model.apply({}, { [HISTORY_MARK]: JSON.stringify(outcome) });
    this.log.info(outcome, whole ? 'sales history taken into the KPI read model' : 'KPI read model caught up with the systems');
  }

  private async write(facts: KpiFacts, cursors: Record<string, string> = {}): Promise<void> {
    await this.model.apply(facts, cursors, 'history');
    this.counted.sales += facts.sales?.length ?? 0;
    this.counted.returns += facts.returns?.length ?? 0;
    this.counted.carts += facts.carts?.length ?? 0;
  }

  private async cursor(name: string): Promise<number> {
    return Number((await this.model.mark(name)) ?? 0);
  }

  private amount(value: Money): number {
    return minorUnits({ amount: value.amount, currency: value.currencyCode }, this.currency, 'amount');
  }

  /** Every store's receipts after the last read; answers the web orders brought back to a till, by order number. */
  private async tills(): Promise<Map<string, TillReturn[]>> {
    const tillReturns = new Map<string, TillReturn[]>();
    for (const store of await this.sources.pos.stores()) {
      const cursor = CURSORS.till(store.retailStoreId);
      for (let since = await this.cursor(cursor), more = true; more;) {
        const page = await this.sources.pos.feed(store.retailStoreId, since, FEED_PAGE);
        const sales: SaleFact[] = [];
        const returns: ReturnFact[] = [];
        for (const receipt of page.receipts) {
          const storeId = locationId(storePlant(receipt.retailStoreId));
          if (receipt.kind === 'Sale') sales.push(this.tillSale(receipt, storeId));
          else if (receipt.kind === 'Return' && receipt.webOrderNumber !== null)
            tillReturns.set(receipt.webOrderNumber, [
              ...(tillReturns.get(receipt.webOrderNumber) ?? []),
              { storeId, key: receipt.key, at: receipt.endedAt },
            ]);
          // The web shop's refund is the return of a web order; a till return of a store sale is its own.
          else if (receipt.kind === 'Return') returns.push(this.tillReturn(receipt, storeId));
        }
        await this.write({ sales, returns }, { [cursor]: String(page.lastSequence) });
        since = page.lastSequence;
        more = page.moreAvailable;
      }
    }
    for (const returns of tillReturns.values()) returns.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    return tillReturns;
  }

  private tillMoney(receipt: Receipt, hundredths: bigint): number {
    return minorUnits({ amount: formatAmount(hundredths), currency: receipt.currencyCode }, this.currency, 'total');
  }

  private tillSale(receipt: Receipt, storeId: string): SaleFact {
    return {
      orderId: storeOrderId(receipt),
      channel: 'STORE',
      storeId,
      placedAt: Date.parse(receipt.endedAt),
      revenue: this.tillMoney(receipt, receipt.total),
      units: unitsOf(receipt.lines),
      clickAndCollect: false,
      cartId: null,
    };
  }

  private tillReturn(receipt: Receipt, storeId: string): ReturnFact {
    return {
      returnId: receipt.key,
      orderId: storeOrderId({ key: receipt.returnOf ?? receipt.key }),
      channel: 'STORE',
      storeId,
      at: Date.parse(receipt.endedAt),
      // A return's total is negative: the refund is what it paid back.
      refund: this.tillMoney(receipt, -receipt.total),
      units: unitsOf(receipt.lines),
    };
  }

  /**
   * The web shop's orders, then its refunds (on their order's channel; at the till the order came
   * back to, its n-th refund read now being its n-th return there read now, or else at the order's
   * store), then its carts, each after the last read.
   */
  private async webShop(tillReturns: ReadonlyMap<string, TillReturn[]>): Promise<void> {
    for await (const page of webSales(this.sources.web, await this.cursor(CURSORS.webOrders))) {
      const sales = page.items.map(({ order, cartNumber }): SaleFact => ({
        orderId: webOrderId(order.number),
        channel: webOrderChannel(order),
        storeId: webOrderStore(order),
        placedAt: Date.parse(order.placedAt),
        revenue: this.amount(order.totals.total),
        units: unitsOf(order.lines),
        clickAndCollect: order.fulfilment.method === 'PICKUP_IN_STORE',
        cartId: cartNumber === null ? null : cartId(cartNumber),
      }));
      const cancelledOrderIds = page.items.filter(({ order }) => order.status === 'CANCELLED').map(({ order }) => webOrderId(order.number));
      await this.write({ sales, cancelledOrderIds }, { [CURSORS.webOrders]: String(page.cursor) });
    }
    const refundsRead = new Map<string, number>();
    for await (const page of webRefunds(this.sources.web, await this.cursor(CURSORS.webRefunds))) {
      const orders = await this.model.salesOf(page.items.map((refund) => webOrderId(refund.orderNumber)));
      const returns = page.items.map((refund): ReturnFact => {
        const order = orders.get(webOrderId(refund.orderNumber));
        const nth = refundsRead.get(refund.orderNumber) ?? 0;
        refundsRead.set(refund.orderNumber, nth + 1);
        const till = tillReturns.get(refund.orderNumber)?.[nth];
        return {
          returnId: till?.key ?? webRefundId(refund.id),
          orderId: webOrderId(refund.orderNumber),
          channel: order?.channel ?? 'WEB',
          storeId: till?.storeId ?? order?.storeId ?? null,
          at: Date.parse(refund.refundedAt),
          refund: this.amount(refund.amount),
          units: refund.units,
        };
      });
      await this.write({ returns }, { [CURSORS.webRefunds]: String(page.cursor) });
    }
    // The web shop does not record where a cart was opened: the history's carts are the website's.
    for await (const page of webCartsOpened(this.sources.web, await this.cursor(CURSORS.webCarts))) {
      const carts = page.items.map((cart) => ({
        cartId: cartId(cart.cartNumber),
        channel: 'WEB' as const,
        storeId: null,
        openedAt: Date.parse(cart.openedAt),
      }));
      await this.write({ carts }, { [CURSORS.webCarts]: String(page.cursor) });
    }
  }

  /**
   * The marketplace's orders as its subgraph's order book holds them (the last MARKETPLACE_HISTORY_DAYS),
   * every time (the book is read, not the marketplace), and their returns: an order the buyer sent
   * back (TO_RETURN) is refunded whole by the marketplace, when it last changed.
   */
  private async marketplace(): Promise<void> {
    for (let after: string | null = null, more = true; more;) {
      const { marketplaceOrders: page }: MarketplacePage = await this.sources.marketplace.query<MarketplacePage>(MARKETPLACE_ORDERS, {
        after,
      });
      const orders = page.edges.map(({ node }) => node);
      await this.write({
        sales: orders.map((order) => ({
          orderId: order.id,
          channel: 'MARKETPLACE',
          storeId: null,
          placedAt: Date.parse(order.placedAt),
          revenue: this.amount(order.totals.total),
          units: unitsOf(order.lines),
          clickAndCollect: false,
          cartId: null,
        })),
        // Cancelled since it was read before, too: the book is read whole every time.
        cancelledOrderIds: orders.filter((order) => order.status === 'CANCELLED').map((order) => order.id),
        returns: orders
          .filter((order) => order.marketplaceStatus === 'TO_RETURN')
          .map((order) => ({
            returnId: marketplaceReturnId(order.number),
            orderId: order.id,
            channel: 'MARKETPLACE',
            storeId: null,
            at: Date.parse(order.statusHistory[order.statusHistory.length - 1].at),
            refund: this.amount(order.totals.total),
            units: unitsOf(order.lines),
          })),
      });
      after = page.pageInfo.endCursor;
      more = page.pageInfo.hasNextPage;
    }
  }
}
