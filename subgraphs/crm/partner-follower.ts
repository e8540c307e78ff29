import type { Logger } from 'pino';
import type { CrmClient } from '../../connectors/crm';
import { ChangeFollower, saveId } from '../../lib/change-follower';
import type { LiveEvents } from '../../lib/live-events';

/**
 * Customers' CRM records as they change, whoever saved them (an agent in Odoo, an import, the graph's
 * own profile changes), read by `write_date`. Each saved partner is published (`crm.partner.<id>`),
 * which every replica's profile cache follows, and dropped here at once too, so a bus that is down does
 * not keep this replica's (or, with Redis, anyone's) old details.
 */
export function partnerFollower(
  crm: CrmClient,
  live: LiveEvents,
  /** Drops the partners of these ids from the cache. */
  drop: (partnerIds: string[]) => Promise<void>,
  log: Logger,
): ChangeFollower {
  return new ChangeFollower(
    'crm partner',
    async (mark) =>
      (await crm.partnersSavedSince(mark)).map((partner) => ({
        key: String(partner.id),
        savedAt: partner.updatedAt,
        version: JSON.stringify(partner),
      })),
    async (saved) => {
      await drop(saved.map((record) => record.key));
      for (const record of saved) void live.crmPartner({ partnerId: Number(record.key) }, saveId(record));
    },
    log,
  );
}
