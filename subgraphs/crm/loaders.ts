import DataLoader from 'dataloader';
import type { CrmClient, LoyaltyCard, LoyaltyEntry, Partner, Ticket, TicketMessage } from '../../connectors/crm';
import type { EntityCache } from '../../lib/entity-cache';

/**
 * Per-request DataLoaders: every lookup a page of customers makes is gathered into one CRM
 * call per kind of record, so the page costs the same number of calls whatever its size.
 */
export interface CrmLoaders {
  partner: DataLoader<number, Partner | null>;
  loyaltyCardsOfPartner: DataLoader<number, LoyaltyCard[]>;
  loyaltyHistoryOfCard: DataLoader<number, LoyaltyEntry[]>;
  ticketsOfPartner: DataLoader<number, Ticket[]>;
  ticket: DataLoader<number, Ticket | null>;
  messagesOfTicket: DataLoader<number, TicketMessage[]>;
  emailOptedOut: DataLoader<string, boolean>;
  phoneOptedOut: DataLoader<string, boolean>;
}

/** One record per key, null for keys the batch read did not return. */
function byKey<K, V>(read: (keys: readonly K[]) => Promise<V[]>, keyOf: (value: V) => K): DataLoader<K, V | null> {
  return new DataLoader(async (keys) => {
    const found = new Map((await read(keys)).map((value) => [keyOf(value), value]));
    return keys.map((key) => found.get(key) ?? null);
  });
}

/** The records of each key, in the order the batch read returned them. */
function groupedBy<K, V>(read: (keys: readonly K[]) => Promise<V[]>, keyOf: (value: V) => K | null): DataLoader<K, V[]> {
  return new DataLoader(async (keys) => {
    const groups = new Map<K, V[]>(keys.map((key) => [key, []]));
    for (const value of await read(keys)) {
      const key = keyOf(value);
      if (key !== null) groups.get(key)?.push(value);
    }
    return keys.map((key) => groups.get(key) ?? []);
  });
}

/** Whether each key is in the set the batch read returned. */
function membership<K>(read: (keys: readonly K[]) => Promise<Set<K>>): DataLoader<K, boolean> {
  return new DataLoader(async (keys) => {
    const members = await read(keys);
    return keys.map((key) => members.has(key));
  });
}

/** Partners by id, through the profile cache: only those it does not hold are read from the CRM. */
async function partnersByIds(crm: CrmClient, partners: EntityCache<Partner>, ids: readonly number[]): Promise<Partner[]> {
  const found = await partners.readThrough(
    ids.map(String),
    async (misses) => new Map((await crm.partnersByIds(misses.map(Number))).map((partner) => [String(partner.id), partner])),
  );
  return [...found.values()];
}

export function createLoaders(crm: CrmClient, partners: EntityCache<Partner>): CrmLoaders {
  return {
    partner: byKey(
      (ids) => partnersByIds(crm, partners, ids),
      (partner) => partner.id,
    ),
    loyaltyCardsOfPartner: groupedBy(
      (ids) => crm.loyaltyCardsOfPartners(ids),
      (card) => card.partnerId,
    ),
    loyaltyHistoryOfCard: groupedBy(
      (ids) => crm.loyaltyHistoryOfCards(ids),
      (entry) => entry.cardId,
    ),
    ticketsOfPartner: groupedBy(
      (ids) => crm.ticketsOfPartners(ids),
      (ticket) => ticket.partnerId,
    ),
    ticket: byKey(
      (ids) => crm.ticketsByIds(ids),
      (ticket) => ticket.id,
    ),
    messagesOfTicket: groupedBy(
      (ids) => crm.messagesOfTickets(ids),
      (message) => message.ticketId,
    ),
    emailOptedOut: membership((emails) => crm.blacklistedEmails(emails)),
    phoneOptedOut: membership((numbers) => crm.blacklistedPhones(numbers)),
  };
}

/** Loads every key, failing as the batch failed (a CRM outage) rather than answering part. */
export async function loadAll<K, V>(loader: DataLoader<K, V>, keys: readonly K[]): Promise<V[]> {
  const results = await loader.loadMany(keys);
  const failure = results.find((result): result is Error => result instanceof Error);
  if (failure) throw failure;
  return results as V[];
}
