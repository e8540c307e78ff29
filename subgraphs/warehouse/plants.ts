import type { Logger } from 'pino';
import type { WarehouseClient } from './client';
import { PlantIndex, plantIndexOf } from './model';

/**
 * The ERP's plants, shared by every request and read again once they are `ttlMs` old: plants
 * change a few times a year. While the ERP cannot answer, the last list read keeps serving.
 */
export class PlantDirectory {
  private index: PlantIndex | null = null;
  private readAt = 0;
  private reading: Promise<PlantIndex> | null = null;

  constructor(
    private readonly erp: WarehouseClient,
    private readonly ttlMs: number,
    private readonly log: Logger,
    private readonly clock: () => number = Date.now,
  ) {}

  current(): Promise<PlantIndex> {
    if (this.index && this.clock() - this.readAt < this.ttlMs) return Promise.resolve(this.index);
    // One read at a time, however many requests find the list stale.
    this.reading ??= this.read().finally(() => {
      this.reading = null;
    });
    return this.reading;
  }

  private async read(): Promise<PlantIndex> {
    try {
      this.index = plantIndexOf(await this.erp.plants());
      this.readAt = this.clock();
      return this.index;
    } catch (error) {
      if (!this.index) throw error;
      this.log.warn({ err: error }, 'plants could not be read again; serving the last list');
      return this.index;
    }
  }
}
