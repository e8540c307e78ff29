import type { Logger } from 'pino';
import type { EcommerceClient } from '../../connectors/ecommerce';
import { ChangeFollower, saveId } from '../../lib/change-follower';
import type { LiveEvents } from '../../lib/live-events';

/**
 * The web shop's catalogue as it changes, whoever changed it (a merchandiser in Magento's admin, an
 * import), read by `updated_at`. Each changed SKU is published (`catalogue.product.<sku>`), which
 * every replica's product cache follows, and dropped here at once too, so a bus that is down does
 * not keep this replica's (or, with Redis, anyone's) old price. One replica follows at a time (its feed
 * lease); the events' ids make one change one event when the lease moves and the next reads again.
 */
export function catalogueFollower(
  shop: EcommerceClient,
  live: LiveEvents,
  /** Drops the products of these SKUs (lower case) from the cache. */
  drop: (skus: string[]) => Promise<void>,
  log: Logger,
): ChangeFollower {
  return new ChangeFollower(
    'catalogue',
    async (mark) =>
      (await shop.productsChangedSince(mark)).map((change) => ({
        key: change.product.sku,
        savedAt: change.updatedAt,
        version: JSON.stringify(change.product),
      })),
    async (saved) => {
      await drop(saved.map((record) => record.key.toLowerCase()));
      for (const record of saved) void live.catalogueProduct({ sku: record.key }, saveId(record));
    },
    log,
  );
}
