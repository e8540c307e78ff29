import type { Logger } from 'pino';
import { SharedRead } from '../../lib/shared-read';
import type { WarehouseClient } from './client';
import { PlantIndex, plantIndexOf } from './stock';

/**
 * The ERP's plants, shared by every request and read again once they are `ttlMs` old: plants
 * change a few times a year. While the ERP cannot answer, the last list read keeps serving.
 */
export class PlantDirectory {
  private readonly plants: SharedRead<PlantIndex>;

  constructor(erp: WarehouseClient, ttlMs: number, log: Logger, clock: () => number = Date.now) {
    this.plants = new SharedRead(async () => plantIndexOf(await erp.plants()), {
      ttlMs,
      keepLast: true,
      onStale: (error) => log.warn({ err: error }, 'plants could not be read again; serving the last list'),
      clock,
    });
  }

  current(): Promise<PlantIndex> {
    return this.plants.current();
  }
}
