import { connectionOf, Page, pageOf } from '../../lib/relay';
import { HOME_REGION, normalizeEmail, normalizePhone } from '../../lib/identifiers';
import { decodeId } from '../../lib/ids';
import { assertReachesCustomer, customersReach, refusal } from '../../lib/rows';
import { BadUserInputError } from '../../lib/errors';
import type { ChannelOptOuts, LoyaltyCard, Partner, Ticket, TicketMessage } from '../../connectors/crm';
import type { Context } from './context';
import type { MarketingConsents, PostalAddress, Resolvers } from './generated/graphql';
import { loadAll } from './loaders';
import { CrmProfile, crmRecordId, CustomerReference, CustomerTicket } from './model';

const MAX_PAGE = 100;

/** The page of a list read whole; the page is validated before the read, so bad input costs no call. */
function connectionOfPage<T>(all: T[], page: Page) {
  return connectionOf(all.slice(page.offset, page.offset + page.limit), page, all.length);
}

function oldestFirst(a: Partner, b: Partner): number {
  return a.createdAt.localeCompare(b.createdAt) || a.id - b.id;
}

function newestFirst(a: Ticket, b: Ticket): number {
  return b.openedAt.localeCompare(a.openedAt) || b.id - a.id;
}

/** The primary record first, then the others oldest first: where a contact detail is looked for. */
function byPrecedence(profile: CrmProfile): Partner[] {
  return [profile.primary, ...profile.partners.filter((partner) => partner !== profile.primary)];
}

/** A record's numbers in E.164, phone before mobile; null for one that is not a valid number. */
function phonesOf(partner: Partner): (string | null)[] {
  return [normalizePhone(partner.phone), normalizePhone(partner.mobile)];
}

function distinct<T>(values: (T | null)[]): T[] {
  return [...new Set(values.filter((value): value is T => value !== null))];
}

/** The CRM has no country on its addresses: every customer address is in the retailer's home market. */
function addressesOf(profile: CrmProfile): PostalAddress[] {
  const seen = new Set<string>();
  return byPrecedence(profile)
    .filter((partner) => partner.street !== null || partner.city !== null)
    .map((partner) => ({ street: partner.street, city: partner.city, countryCode: HOME_REGION }))
    .filter((address) => {
      const key = JSON.stringify([address.street, address.city]);
      return !seen.has(key) && seen.add(key);
    });
}

/** A ticket's transcript as the caller may read it: the customer is not shown staff notes. */
async function transcriptOf({ ticket, customerPartnerIds }: CustomerTicket, context: Context) {
  const staff = customersReach(context.caller).kind === 'every';
  const messages = (await context.crm.messagesOfTicket.load(ticket.id)).filter((message) => staff || !message.internal);
  return messages.map((message) => messageOf(message, { ticket, customerPartnerIds }));
}

function messageOf(message: TicketMessage, ticket: CustomerTicket) {
  const { authorPartnerId } = message;
  return {
    id: crmRecordId('SupportMessage', message.id),
    channel: message.channel,
    author: authorPartnerId !== null && ticket.customerPartnerIds.includes(authorPartnerId) ? ('CUSTOMER' as const) : ('AGENT' as const),
    text: message.text,
    sentAt: message.sentAt,
    internal: message.internal,
    ticket,
  };
}

/**
 * A ticket by its graph id, as a mutation's payload names it: staff reach any; a signed-in customer
 * only their own (FORBIDDEN for anyone else's, as for one that does not exist).
 */
async function reachableTicket(id: string, context: Context): Promise<CustomerTicket | null> {
  const reach = customersReach(context.caller);
  if (reach.kind === 'none') throw refusal(context.caller, 'see this support case');
  const ticketId = Number(decodeId('SupportTicket', id) ?? NaN);
  const ticket = Number.isInteger(ticketId) ? await context.crm.ticket.load(ticketId) : null;
  if (reach.kind === 'every') {
    if (!ticket) return null;
    const customerPartnerIds = ticket.partnerId === null ? [] : [ticket.partnerId];
    // Staff reading a case by its id (a mutation's payload) read its customer's transcript: the record of who looked notes it.
    if (context.customerReads.recorded && ticket.partnerId !== null) {
      const [holders] = await context.customers.holdersOf([{ kind: 'CRM_PARTNER_ID', value: String(ticket.partnerId) }]);
      for (const customerId of holders) context.customerReads.read(customerId, 'supportTickets');
    }
    return { ticket, customerPartnerIds };
  }
  const partnerIds = (await context.signedIn())?.crmPartnerIds ?? [];
  if (ticket?.partnerId == null || !partnerIds.includes(ticket.partnerId)) throw refusal(context.caller, 'see this support case');
  return { ticket, customerPartnerIds: partnerIds };
}

async function profileOf(customer: CustomerReference, context: Context): Promise<CrmProfile | null> {
  const partners = (await loadAll(context.crm.partner, customer.crmPartnerIds)).filter((partner): partner is Partner => partner !== null);
  partners.sort(oldestFirst);
  const primary = partners.find((partner) => partner.active) ?? partners[0];
  return primary ? { primary, partners } : null;
}

/** The customer's card: the oldest, should their records hold more than one. */
async function loyaltyCardOf(customer: CustomerReference, context: Context): Promise<LoyaltyCard | null> {
  const cards = (await loadAll(context.crm.loyaltyCardsOfPartner, customer.crmPartnerIds)).flat();
  return cards.sort((a, b) => a.id - b.id)[0] ?? null;
}

/**
 * Opted in unless the customer refused: email and SMS when one of their addresses (or numbers) is
 * on the CRM's blacklist; Zalo, push and calls when one of their records carries the opt-out.
 */
async function consentsOf(profile: CrmProfile, context: Context): Promise<MarketingConsents> {
  const emails = distinct(profile.partners.map((partner) => normalizeEmail(partner.email)));
  const phones = distinct(profile.partners.flatMap(phonesOf));
  const [emailOptOuts, phoneOptOuts] = await Promise.all([
    loadAll(context.crm.emailOptedOut, emails),
    loadAll(context.crm.phoneOptedOut, phones),
  ]);
  const refused = (channel: keyof ChannelOptOuts) => profile.partners.some((partner) => partner.optOuts[channel]);
  return {
    email: !emailOptOuts.includes(true),
    sms: !phoneOptOuts.includes(true),
    zalo: !refused('zalo'),
    push: !refused('push'),
    phone: !refused('phone'),
  };
}

export const resolvers: Resolvers<Context> = {
  Customer: {
    // Profile, loyalty and tickets are reached only through a customer, so one check here covers them (lib/rows.ts).
    __resolveReference: async (reference, context) => {
      assertReachesCustomer(context.caller, reference.id);
      return { id: reference.id, crmPartnerIds: 'crmPartnerIds' in reference ? reference.crmPartnerIds : [] };
    },
    // Each notes its read for the record of who looked (lib/access-record/) before asking the CRM:
    // a look is recorded whatever the CRM answers.
    profile: (customer, _args, context) => {
      context.customerReads.read(customer.id, 'profile');
      return profileOf(customer, context);
    },
    loyalty: (customer, _args, context) => {
      context.customerReads.read(customer.id, 'loyalty');
      return loyaltyCardOf(customer, context);
    },
    supportTickets: async (customer, args, context) => {
      const page = pageOf(args, 10, MAX_PAGE);
      context.customerReads.read(customer.id, 'supportTickets');
      const statuses = args.status ?? null;
      const tickets = (await loadAll(context.crm.ticketsOfPartner, customer.crmPartnerIds))
        .flat()
        .filter((ticket) => statuses === null || statuses.includes(ticket.status))
        .sort(newestFirst);
      return connectionOfPage(
        tickets.map((ticket) => ({ ticket, customerPartnerIds: customer.crmPartnerIds })),
        page,
      );
    },
    // Every ticket's messages in one read (the customer's tickets are few), the customer's and agents' words only.
    recentInteractions: async (customer, args, context) => {
      const first = args.first ?? 5;
      if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE) throw new BadUserInputError(`first must be 1 to ${MAX_PAGE}`, 'first');
      context.customerReads.read(customer.id, 'supportTickets');
      const tickets = (await loadAll(context.crm.ticketsOfPartner, customer.crmPartnerIds)).flat();
      const transcripts = await loadAll(
        context.crm.messagesOfTicket,
        tickets.map((ticket) => ticket.id),
      );
      return tickets
        .flatMap((ticket, i) =>
          transcripts[i]
            .filter((message) => !message.internal)
            .map((message) => messageOf(message, { ticket, customerPartnerIds: customer.crmPartnerIds })),
        )
        .sort((a, b) => b.sentAt.localeCompare(a.sentAt) || b.id.localeCompare(a.id))
        .slice(0, first);
    },
  },
  CustomerProfile: {
    fullName: (profile) => profile.primary.name,
    email: (profile) => byPrecedence(profile).find((partner) => partner.email !== null)?.email ?? null,
    phone: (profile) => distinct(byPrecedence(profile).flatMap(phonesOf))[0] ?? null,
    addresses: (profile) => addressesOf(profile),
    consents: (profile, _args, context) => consentsOf(profile, context),
    customerSince: (profile) => profile.partners[0].createdAt,
    updatedAt: (profile) =>
      profile.partners
        .map((partner) => partner.updatedAt)
        .sort()
        .pop() ?? profile.primary.updatedAt,
  },
  LoyaltyAccount: {
    cardCode: (card) => card.code,
    pointsBalance: (card) => card.pointsBalance,
    history: async (card, args, context) => {
      const page = pageOf(args, 20, MAX_PAGE);
      return connectionOfPage(await context.crm.loyaltyHistoryOfCard.load(card.id), page);
    },
  },
  LoyaltyTransaction: {
    id: (entry) => crmRecordId('LoyaltyTransaction', entry.id),
  },
  SupportTicket: {
    __resolveReference: (reference, context) => reachableTicket(reference.id, context),
    id: ({ ticket }) => crmRecordId('SupportTicket', ticket.id),
    subject: ({ ticket }) => ticket.subject,
    status: ({ ticket }) => ticket.status,
    openedAt: ({ ticket }) => ticket.openedAt,
    updatedAt: ({ ticket }) => ticket.updatedAt,
    team: ({ ticket }) => ticket.team,
    assignedTo: ({ ticket }) => ticket.assignedTo,
    messages: (customerTicket, _args, context) => transcriptOf(customerTicket, context),
  },
};
