import type { MarketplaceClient, MarketplaceOrder } from '../../connectors/marketplace';
import type { StockGate, WarehouseClient } from '../../connectors/warehouse';
import { BusinessRuleError } from '../../lib/errors';
import type { LiveEvents } from '../../lib/live-events';
import type { Logger } from 'pino';
import type { MarketplaceState } from './state';

/**
 * What the retailer does with a marketplace order, as its status changes: paid (READY_TO_SHIP),
 * its stock is reserved in the ERP at the first fulfilment plant that has all of it, through the
 * same stock gate as checkouts and counter sales (one lock per SKU and plant, availability read
 * inside it), then the order is handed to the marketplace's carrier (ship_order: PROCESSED); no
 * plant has it, the seller cancels it (OUT_OF_STOCK) and the marketplace refunds the buyer. Once
 * the carrier has it (SHIPPED and on), the reservation is issued (goods issue 261); cancelled, it
 * is released. Each step is found done before it is done again (the ERP's reservation by recipient,
 * its material documents by reference, the marketplace's status), under a lock per order, so a
 * repeated push, a second replica or a restart never takes stock twice.
 */
/** The statuses a step follows (`step`): the rest wait for the next change. */
const ACTED_ON = new Set<MarketplaceOrder['marketplaceStatus']>(['READY_TO_SHIP', 'SHIPPED', 'COMPLETED', 'TO_RETURN', 'CANCELLED']);

export class Fulfilment {
  constructor(
    private readonly marketplace: MarketplaceClient,
    private readonly erp: WarehouseClient,
    private readonly gate: StockGate,
    private readonly state: MarketplaceState,
    /** Where marketplace orders are fulfilled from, in the order tried. */
    private readonly plants: () => Promise<string[]>,
    private readonly log: Logger,
    private readonly live: LiveEvents,
  ) {}

  /** Orders the retailer acts on: those changed after Omnigraph took the channel over (`since`). */
  async handle(orders: readonly MarketplaceOrder[], since: string): Promise<MarketplaceOrder[]> {
    const acted: MarketplaceOrder[] = [];
    for (const order of orders) {
      // Unpaid, handed over, a cancellation asked for: nothing to do, so nothing to read again.
      if (Date.parse(order.updatedAt) < Date.parse(since) || !ACTED_ON.has(order.marketplaceStatus)) continue;
      try {
        // Read again inside the lock: another replica, or an earlier push, may have moved it on.
        const acts = await this.state.withLocks([`marketplace-order:${order.number}`], async () => {
          const current = await this.marketplace.order(order.number);
          return current !== null && this.step(current);
        });
        if (acts) acted.push(order);
      } catch (error) {
        // The next push or poll of this order tries again.
        this.log.warn({ err: error, order: order.number }, 'a marketplace order could not be fulfilled yet');
      }
    }
    return acted;
  }

  /** The plant an order's stock is reserved at; null before it is (or if it never was). */
  async plantOf(order: MarketplaceOrder): Promise<string | null> {
    const reservations = await this.erp.reservationsOfRecipient(recipientOf(order));
    return reservations.flatMap((r) => r.items.filter((item) => !item.deleted).map((item) => item.plant))[0] ?? null;
  }

  /** One order's next step; answers whether it changed anything at the marketplace. */
  private async step(order: MarketplaceOrder): Promise<boolean> {
    switch (order.marketplaceStatus) {
      case 'READY_TO_SHIP':
        return this.reserveAndShip(order);
      case 'SHIPPED':
      case 'COMPLETED':
      case 'TO_RETURN':
        await this.issue(order);
        return false;
      case 'CANCELLED':
        await this.release(order);
        return false;
      default:
        return false;
    }
  }

  private async reserveAndShip(order: MarketplaceOrder): Promise<boolean> {
    const recipient = recipientOf(order);
    const open = (await this.erp.reservationsOfRecipient(recipient)).some((r) => r.items.some((item) => !item.deleted));
    if (!open && !(await this.reserve(order, recipient))) {
      await this.marketplace.cancelOrder(order.number, 'OUT_OF_STOCK');
      this.log.info({ order: order.number }, 'marketplace order cancelled: no fulfilment plant has all of it');
      return true;
    }
    await this.marketplace.shipOrder(order.number);
    return true;
  }

  /** Reserves at the first plant with all of it; false when none has. */
  private async reserve(order: MarketplaceOrder, recipient: string): Promise<boolean> {
    const lines = order.lines.map((line) => ({ sku: line.sku, quantity: line.quantity }));
    for (const plant of await this.plants()) {
      try {
        const reservation = await this.gate.allocate(plant, lines, () =>
          this.erp.createReservation(
            recipient,
            lines.map((line) => ({ material: line.sku, plant, quantity: line.quantity })),
          ),
        );
        this.live.stockMoved(
          lines.map((line) => ({ plant, sku: line.sku })),
          reservation,
        );
        return true;
      } catch (error) {
        if (!(error instanceof BusinessRuleError && error.code === 'INSUFFICIENT_STOCK')) throw error;
      }
    }
    return false;
  }

  /** The carrier has the parcel: the reserved stock leaves the plant, once. */
  private async issue(order: MarketplaceOrder): Promise<void> {
    const recipient = recipientOf(order);
    if ((await this.erp.materialDocumentsByReference(recipient)).length > 0) return;
    const items = (await this.erp.reservationsOfRecipient(recipient)).flatMap((r) =>
      r.items.filter((item) => !item.deleted && !item.finallyIssued).map((item) => ({ reservation: r.reservation, item })),
    );
    if (items.length === 0) return;
    const document = await this.erp.postGoodsMovement({
      reference: recipient,
      headerText: `Marketplace ${order.number}`.slice(0, 25),
      items: items.map(({ reservation, item }) => ({
        material: item.material,
        plant: item.plant,
        storageLocation: item.storageLocation,
        movementType: '261',
        quantity: item.required - item.withdrawn,
        reservation,
        reservationItem: item.item,
      })),
    });
    this.live.stockMoved(
      items.map(({ item }) => ({ plant: item.plant, sku: item.material })),
      `${document.materialDocument}/${document.year}`,
    );
  }

  private async release(order: MarketplaceOrder): Promise<void> {
    for (const reservation of await this.erp.reservationsOfRecipient(recipientOf(order))) {
      await this.erp.releaseReservation(reservation.reservation);
      this.live.stockMoved(
        reservation.items.filter((item) => !item.deleted && !item.finallyIssued).map((item) => ({ plant: item.plant, sku: item.material })),
        // Not the reservation's own key: that named the stock it took.
        `${reservation.reservation}:released`,
      );
    }
  }
}

/**
 * The ERP's name for a marketplace order: its reservation's recipient (at most 12 characters) and its
 * goods issue's reference. An order number is its day (YYMMDD) and 8 letters or digits: without the
 * year it is 12, unlike any web order number (digits only).
 */
export function recipientOf(order: Pick<MarketplaceOrder, 'number'>): string {
  return order.number.slice(-12);
}
