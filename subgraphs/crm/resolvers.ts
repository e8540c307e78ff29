import { connectionOf, Page, pageOf } from '../../lib/relay';
import { HOME_REGION, normalizeEmail, normalizePhone } from '../../lib/identifiers';
import { assertReachesCustomer } from '../../lib/rows';
import type { LoyaltyCard, Partner, Ticket } from '../../connectors/crm';
import type { Context } from './context';
import type { PostalAddress, Resolvers } from './generated/graphql';
import { loadAll } from './loaders';
import { CrmProfile, crmRecordId, CustomerReference } from './model';

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

/** Opted in unless one of the customer's addresses (or numbers) is on the CRM's blacklist. */
async function consentsOf(profile: CrmProfile, context: Context): Promise<{ email: boolean; sms: boolean }> {
  const emails = distinct(profile.partners.map((partner) => normalizeEmail(partner.email)));
  const phones = distinct(profile.partners.flatMap(phonesOf));
  const [emailOptOuts, phoneOptOuts] = await Promise.all([
    loadAll(context.crm.emailOptedOut, emails),
    loadAll(context.crm.phoneOptedOut, phones),
  ]);
  return { email: !emailOptOuts.includes(true), sms: !phoneOptOuts.includes(true) };
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
      const tickets = (await loadAll(context.crm.ticketsOfPartner, customer.crmPartnerIds)).flat().sort(newestFirst);
      return connectionOfPage(
        tickets.map((ticket) => ({ ticket, customerPartnerIds: customer.crmPartnerIds })),
        page,
      );
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
    id: ({ ticket }) => crmRecordId('SupportTicket', ticket.id),
    subject: ({ ticket }) => ticket.subject,
    status: ({ ticket }) => ticket.status,
    openedAt: ({ ticket }) => ticket.openedAt,
    messages: async ({ ticket, customerPartnerIds }, _args, context) => {
      const messages = await context.crm.messagesOfTicket.load(ticket.id);
      return messages.map((message) => ({
        id: crmRecordId('SupportMessage', message.id),
        channel: message.channel,
        author: message.authorPartnerId !== null && customerPartnerIds.includes(message.authorPartnerId) ? 'CUSTOMER' : 'AGENT',
        text: message.text,
        sentAt: message.sentAt,
      }));
    },
  },
};
