import type { Receipt } from '../../connectors/pos';
import { locationId, storeOrderId, storePlant } from '../../lib/ids';
import { type LiveEvents, moneyFact } from '../../lib/live-events';
import { moneyOf } from './model';

const unitsOn = (receipt: Receipt) => receipt.lines.reduce((sum, line) => sum + line.quantity, 0);

/**
 * The tills' receipts as events, from the POS feed this subgraph follows, whichever till rang them
 * up: what a receipt took off the shelf or put back is a stock change at its store, a sale is a STORE
 * sale and a return of one a STORE return. Omnigraph's own counter sales are among them: the feed is
 * the one publisher of every receipt's sale, so each counts once. A web order returned at a till is
 * commerce's to count (the web shop refunds it; the till records the goods only), as a pickup
 * handover is the web order's sale.
 *
 * The feed books each receipt once per process, and every replica publishes it under the same ids.
 * Receipts rung up before the follower started (its first catch-up reads the last days) are history,
 * which the KPIs read from the POS itself, not news.
 */
export class TillEvents {
  private readonly since: number;

  constructor(
    private readonly live: LiveEvents,
    startedAt: Date,
  ) {
    // Receipts keep whole seconds.
    this.since = Math.floor(startedAt.getTime() / 1000) * 1000;
  }

  readonly receiptBooked = (receipt: Receipt): void => {
    if (Date.parse(receipt.endedAt) < this.since) return;
    const plant = storePlant(receipt.retailStoreId);
    // Damaged goods brought back go to blocked stock: nothing more on sale.
    const moved = receipt.kind === 'Return' ? receipt.lines.filter((line) => line.disposition === 'ReturnToStock') : receipt.lines;
    this.live.stockMoved(
      moved.map((line) => ({ plant, sku: line.sku })),
      receipt.key,
    );
    if (receipt.kind === 'Sale') {
      const orderId = storeOrderId(receipt);
      void this.live.orderStatus({ orderId, status: 'COMPLETED', customerId: null });
      void this.live.sale({
        orderId,
        channel: 'STORE',
        locationId: locationId(plant),
        placedAt: receipt.endedAt,
        revenue: moneyFact(moneyOf(receipt.total, receipt.currencyCode)),
        units: unitsOn(receipt),
        clickAndCollect: false,
        cartId: null,
      });
    } else if (receipt.kind === 'Return' && receipt.returnOf !== null) {
      void this.live.saleReturn({
        returnId: receipt.key,
        orderId: storeOrderId({ key: receipt.returnOf }),
        channel: 'STORE',
        locationId: locationId(plant),
        at: receipt.endedAt,
        // A return's total is negative: what it paid back.
        refund: moneyFact(moneyOf(-receipt.total, receipt.currencyCode)),
        units: unitsOn(receipt),
      });
    }
  };
}
