import type { MarketplaceClient, MarketplaceOrder } from '../../connectors/marketplace';
import type { StockGate } from '../../connectors/warehouse';
import type { Logger } from 'pino';

export interface StockSyncOptions {
  /** Units of each SKU kept off the marketplace, for what is sold elsewhere between two rounds (MARKETPLACE_STOCK_BUFFER, default 2). */
  buffer: number;
  /** How often availability is compared with what the marketplace was last told (MARKETPLACE_STOCK_SYNC_MS, default 2 s; 0: never). */
  intervalMs: number;
  /** Whether this replica tells the marketplace (the holder of the `marketplace.orders` lease); always, when not given. */
  leads?: () => boolean;
}

/**
 * Tells the marketplace how much of each listed SKU it may sell: what the fulfilment plants have
 * available on every channel's reckoning (the stock gate's formula: the ERP's unrestricted stock,
 * less open reservations, less till sales not booked yet), less the units of marketplace orders the
 * ERP has not reserved yet (the marketplace took them off its own number already), less the safety
 * buffer, never below 0. Each round pushes only what changed since the marketplace last took it (or
 * since the marketplace moved it itself, for an order placed or cancelled there); a push that fails
 * (the marketplace down) is pushed again next round, until it lands.
 */
export class StockSync {
  /** What the marketplace last took, by SKU. */
  private readonly told = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly marketplace: MarketplaceClient,
    private readonly gate: StockGate,
    private readonly plants: () => Promise<string[]>,
    /** Marketplace orders whose units the ERP does not hold for them yet. */
    private readonly unreserved: () => MarketplaceOrder[],
    private readonly options: StockSyncOptions,
    private readonly log: Logger,
  ) {}

  /** A first round now (settled when it has, so a start is ready once the marketplace was told), then one every interval; with an interval of 0 the marketplace is never told anything. */
  async start(): Promise<void> {
    if (this.options.intervalMs <= 0) return;
    this.timer = setInterval(() => void this.round(), this.options.intervalMs);
    await this.round();
  }

  /** A round now, between two of the interval's (an order changed); nothing when the sync is off. */
  nudge(): void {
    if (this.timer !== null) void this.round();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /**
   * The marketplace moved its own number for these orders' SKUs (an order takes units, a cancelled
   * one puts them back): what it was last told no longer holds, so the next round tells it again.
   */
  changedAtMarketplace(orders: readonly MarketplaceOrder[]): void {
    for (const order of orders) for (const line of order.lines) this.told.delete(line.sku);
  }

  /** One comparison and push; a round asked for while one runs shares it; none in a replica that does not lead. */
  round(): Promise<void> {
    if (this.options.leads && !this.options.leads()) {
      // Told afresh when this replica leads again: another may have told the marketplace since.
      this.told.clear();
      return Promise.resolve();
    }
    this.running ??= this.push()
      .catch((error) => this.log.warn({ err: error }, 'marketplace stock could not be brought up to date; the next round tries again'))
      .finally(() => (this.running = null));
    return this.running;
  }

  private async push(): Promise<void> {
    const skus = await this.marketplace.listedSkus();
    if (skus.length === 0) return;
    const [byPlant, plants] = await Promise.all([this.gate.availability(skus), this.plants()]);
    const held = unitsBySku(this.unreserved());
    const levels = skus
      .map((sku) => {
        const available = plants.reduce((sum: number, plant: string) => sum + Math.max(0, byPlant.get(plant)?.get(sku) ?? 0), 0);
        return { sku, available: Math.max(0, available - (held.get(sku) ?? 0) - this.options.buffer) };
      })
      .filter((level) => this.told.get(level.sku) !== level.available);
    if (levels.length === 0) return;
    const result = await this.marketplace.updateStock(levels);
    for (const level of result.updated) this.told.set(level.sku, level.available);
    if (result.failed.length > 0) this.log.warn({ failed: result.failed.slice(0, 5) }, 'the marketplace refused some stock updates');
  }
}

function unitsBySku(orders: readonly MarketplaceOrder[]): Map<string, number> {
  const units = new Map<string, number>();
  for (const order of orders) for (const line of order.lines) units.set(line.sku, (units.get(line.sku) ?? 0) + line.quantity);
  return units;
}
