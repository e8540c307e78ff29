import type { WebOrderRecord } from '../../connectors/ecommerce';
import { locationId, storePlant } from '../../lib/ids';
import type { KpiChannel } from '../../lib/live-events';

/**
 * Which channel an order in the systems' history was sold on, and at which store, as far as their
 * data tells. Live sales carry both in their event; this is the rule for what was sold before.
 *
 * - A till receipt: STORE, at the receipt's store.
 * - A marketplace order: MARKETPLACE, no store.
 * - A web shop order: the web shop records no channel. Omnigraph's checkout and endless aisle write
 *   one note first on every order they place (subgraphs/commerce/checkout.ts), and that note tells:
 *   "Ordered in the app" is APP; "Ordered on a store tablet", "Ordered through the call center" and
 *   "Ordered at store <n> by associate …" are ASSISTED (staff ordering for the customer); anything
 *   else, "Ordered on the website" and every order placed in the web shop itself (the seeded
 *   history has no note of the kind), is WEB.
 * - The store of a web order: the store it is collected at (click & collect), else the store an
 *   associate ordered it at; a delivery ordered online has none.
 */

const NOTES: readonly { note: RegExp; channel: KpiChannel }[] = [
  { note: /^Ordered in the app\b/, channel: 'APP' },
  { note: /^Ordered on the website\b/, channel: 'WEB' },
  { note: /^Ordered on a store tablet\b/, channel: 'ASSISTED' },
  { note: /^Ordered through the call center\b/, channel: 'ASSISTED' },
  { note: /^Ordered at store \d+ by associate\b/, channel: 'ASSISTED' },
];

const ORDERED_AT_STORE = /^Ordered at store (\d+) by associate\b/;

export function webOrderChannel(order: Pick<WebOrderRecord, 'statusHistory'>): KpiChannel {
  for (const { note } of order.statusHistory) {
    const known = note === null ? undefined : NOTES.find((rule) => rule.note.test(note));
    if (known) return known.channel;
  }
  return 'WEB';
}

export function webOrderStore(order: Pick<WebOrderRecord, 'statusHistory' | 'fulfilment'>): string | null {
  if (order.fulfilment.method === 'PICKUP_IN_STORE') return order.fulfilment.locationId;
  for (const { note } of order.statusHistory) {
    const store = note === null ? null : ORDERED_AT_STORE.exec(note);
    if (store) return locationId(storePlant(store[1]));
  }
  return null;
}
