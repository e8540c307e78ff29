import type { CrmLoyaltyEntry, CrmPartner, CrmTicket, Person, World } from '../../legacy/seed/model';
import { generateWorld } from '../../legacy/seed/world';
import { RunningSystem, startSystem } from '../../scripts/system';
import type { SubgraphName } from '../../subgraphs/services';
import { errorCodes, execute } from '../support/graphql';
import { headersAs } from '../support/tokens';
import { crmCall } from '../support/crm-calls';

/** Odoo keeps datetimes to the second; the graph gives them in UTC with their zone. */
const iso = (instant: Date) => `${instant.toISOString().slice(0, 19)}Z`;
const newestFirst = (a: { date: Date; id: number }, b: { date: Date; id: number }) => iso(b.date).localeCompare(iso(a.date)) || b.id - a.id;

const PROFILE = 'profile { fullName email phone addresses { street city countryCode } consents { email sms } customerSince updatedAt }';
const LOYALTY = (history: string) =>
  `loyalty { cardCode pointsBalance history(${history}) { totalCount pageInfo { hasNextPage endCursor } edges { node { id occurredAt points description source orderReference } } } }`;
const TICKETS = (args: string) =>
  `supportTickets(${args}) { totalCount pageInfo { hasNextPage endCursor } edges { node { id subject status openedAt messages { id channel author text sentAt } } } }`;
const CUSTOMER_FIELDS = `id displayName records { system recordId } ${PROFILE} ${LOYALTY('first: 3')} ${TICKETS('first: 3')}`;
const PAGE = `query($first: Int!, $after: String) { customers(first: $first, after: $after) { edges { cursor node { ${CUSTOMER_FIELDS} } } } }`;
const BY_PARTNER = (fields: string) =>
  `query($id: String!) { customerByIdentifier(identifier: { kind: CRM_PARTNER_ID, value: $id }) { id ${fields} } }`;

interface Records {
  records: { system: string; recordId: string }[];
}
interface Connection<T> {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { node: T }[];
}
interface Transaction {
  occurredAt: string;
  points: number;
  description: string;
  source: string;
  orderReference: string | null;
}
interface Ticket {
  subject: string;
  status: string;
  openedAt: string;
  messages: { channel: string; author: string; text: string; sentAt: string }[];
}
interface CustomerNode extends Records {
  id: string;
  displayName: string;
  profile: unknown;
  loyalty: { cardCode: string; pointsBalance: number; history: Connection<Transaction> } | null;
  supportTickets: Connection<Ticket> | null;
}

// scripts/system.ts types factories for the base context only; these services' contexts add their own.
const subgraphs: SubgraphName[] = ['identity', 'crm'];

describe('the crm subgraph through the gateway', () => {
  let world: World;
  let system: RunningSystem;
  const crmCalls = () => system.legacy.crm.legacy.calls.snapshot().byOperation;
  /** As the call-center agent, who reads any customer; the back-office steward lists them all. */
  const query = async <T>(text: string, variables: object = {}, login: 'agent' | 'steward' = 'agent') =>
    execute<T, object>(system.gatewayUrl, text, variables, await headersAs(system, login));
  const customerOfPartner = async <T>(partnerId: number, fields: string) => {
    const answer = await query<{ customerByIdentifier: T }>(BY_PARTNER(fields), { id: String(partnerId) });
    expect(answer.errors).toBeUndefined();
    return answer.data!.customerByIdentifier;
  };

  beforeAll(async () => {
    world = generateWorld({ seed: 7, size: 'small' });
    system = await startSystem({
      world,
      subgraphs,
      // CRM calls are counted per request: every profile read reaches the CRM, as without the profile cache.
      env: { LOG_LEVEL: 'silent', IDENTITY_SYNC_INTERVAL_MS: '0', CRM_PROFILE_CACHE_MS: '0' },
    });
  });
  afterAll(() => system.stop());

  const partnersOf = (node: Records): CrmPartner[] =>
    node.records.filter((r) => r.system === 'CRM').map((r) => world.crm.partners.find((p) => p.id === Number(r.recordId))!);
  const personOf = (partnerId: number): Person => {
    const truth = world.truth.persons.find((p) => p.crmPartnerIds.includes(partnerId))!;
    return world.persons.find((p) => p.personId === truth.personId)!;
  };
  const cardOf = (partnerIds: number[]) =>
    world.crm.loyaltyCards.filter((c) => partnerIds.includes(c.partnerId)).sort((a, b) => a.id - b.id)[0];
  const historyOf = (cardId: number) => world.crm.loyaltyEntries.filter((e) => e.cardId === cardId).sort(newestFirst);
  const ticketsOf = (partnerIds: number[]) =>
    world.crm.tickets
      .filter((t) => partnerIds.includes(t.partnerId))
      .sort((a, b) => newestFirst({ date: a.createdAt, id: a.id }, { date: b.createdAt, id: b.id }));

  function expectedProfile(partners: CrmPartner[]) {
    if (partners.length === 0) return null;
    const [primary] = [...partners].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id - b.id);
    const person = personOf(primary.id);
    const withEmail = [primary, ...partners].find((p) => p.email !== null);
    return {
      fullName: primary.name,
      email: withEmail?.email ?? null,
      phone: person.phone,
      addresses: [{ street: primary.street, city: primary.city, countryCode: 'VN' }],
      // An opt-out is kept by address: a customer whose records have no email cannot be on the email list.
      consents: { email: withEmail ? person.consentEmail : true, sms: person.consentSms },
      customerSince: iso(new Date(Math.min(...partners.map((p) => p.createdAt.getTime())))),
      updatedAt: iso(new Date(Math.max(...partners.map((p) => p.writeDate.getTime())))),
    };
  }

  const expectedTransaction = (entry: CrmLoyaltyEntry): Transaction => {
    const [prefix, ...rest] = entry.origin.split(':');
    const sources: Record<string, string> = { web: 'WEB_ORDER', pos: 'STORE_PURCHASE', gift: 'GIFT' };
    return {
      occurredAt: iso(entry.date),
      points: entry.points,
      description: entry.description,
      source: sources[prefix],
      orderReference: rest.length > 0 ? rest.join(':') : null,
    };
  };

  const expectedTicket = (ticket: CrmTicket): Ticket => ({
    subject: ticket.subject,
    status: { new: 'NEW', in_progress: 'IN_PROGRESS', solved: 'SOLVED' }[ticket.stage],
    openedAt: iso(ticket.createdAt),
    messages: [...ticket.messages]
      .sort((a, b) => iso(a.date).localeCompare(iso(b.date)) || a.id - b.id)
      .map((m) => ({ channel: m.channel.toUpperCase(), author: m.fromCustomer ? 'CUSTOMER' : 'AGENT', text: m.body, sentAt: iso(m.date) })),
  });

  async function page(first: number, after?: string): Promise<{ cursor: string; node: CustomerNode }[]> {
    const answer = await query<{ customers: { edges: { cursor: string; node: CustomerNode }[] } }>(PAGE, { first, after }, 'steward');
    expect(answer.errors).toBeUndefined();
    return answer.data!.customers.edges;
  }

  describe('a page of customers', () => {
    it("shows each customer's CRM profile, loyalty card and tickets as the World has them", async () => {
      const edges = await page(50);
      expect(edges).toHaveLength(50);
      for (const { node } of edges) {
        const partners = partnersOf(node);
        const ids = partners.map((p) => p.id);
        expect(node.profile).toEqual(expectedProfile(partners));
        const card = cardOf(ids);
        if (!card) expect(node.loyalty).toBeNull();
        else {
          const history = historyOf(card.id);
          expect(node.loyalty).toMatchObject({
            cardCode: card.code,
            pointsBalance: history.reduce((sum, e) => sum + e.points, 0),
            history: { totalCount: history.length, pageInfo: { hasNextPage: history.length > 3 } },
          });
          expect(node.loyalty!.history.edges.map((e) => e.node)).toMatchObject(history.slice(0, 3).map(expectedTransaction));
        }
        const tickets = ticketsOf(ids);
        expect(node.supportTickets).toMatchObject({ totalCount: tickets.length, pageInfo: { hasNextPage: tickets.length > 3 } });
        expect(node.supportTickets!.edges.map((e) => e.node)).toMatchObject(tickets.slice(0, 3).map(expectedTicket));
      }
    });

    it('costs one CRM call per kind of record, for 5 customers as for 50', async () => {
      // A window of 5 with a card, points history and a ticket, so every kind of call is made.
      const all = await page(100);
      const rich = (node: CustomerNode) => (node.loyalty?.history.totalCount ?? 0) > 0 && (node.supportTickets?.totalCount ?? 0) > 0;
      const start = all.findIndex((edge) => rich(edge.node));
      expect(start).toBeGreaterThan(0);

      system.legacy.crm.legacy.calls.reset();
      await page(5, all[start - 1].cursor);
      const forFive = crmCalls();
      system.legacy.crm.legacy.calls.reset();
      await page(50);
      const forFifty = crmCalls();

      const oncePerKind = {
        'res.partner.search_read': 1,
        'loyalty.card.search_read': 1,
        'loyalty.history.search_read': 1,
        'helpdesk.ticket.search_read': 1,
        'mail.message.search_read': 1,
        'mail.blacklist.search_read': 1,
        'phone.blacklist.search_read': 1,
      };
      expect(forFive).toEqual(oncePerKind);
      expect(forFifty).toEqual(oncePerKind);
    });
  });

  describe('profile', () => {
    it('takes name and contacts from the oldest record of a customer the CRM keeps twice, and dates from all', async () => {
      const [first, duplicate] = world.truth.crmDuplicatePairs.map((pair) =>
        pair.map((id) => world.crm.partners.find((p) => p.id === id)!),
      )[0];
      const customer = await customerOfPartner<{ profile: unknown }>(duplicate.id, PROFILE);
      expect(customer.profile).toEqual(expectedProfile([first, duplicate]));
      expect(customer.profile).toMatchObject({ fullName: first.name, customerSince: iso(first.createdAt) });
    });

    it('gives the phone in E.164 however staff typed it', async () => {
      const typed = world.crm.partners.filter((p) => p.phone !== null && !p.phone.startsWith('+')).slice(0, 3);
      for (const partner of typed) {
        const customer = await customerOfPartner<{ profile: { phone: string } }>(partner.id, PROFILE);
        expect(customer.profile.phone).toBe(personOf(partner.id).phone);
        expect(customer.profile.phone).toMatch(/^\+84\d{9}$/);
      }
    });

    it("reads consents from the CRM's blacklists, and follows an opt-out being lifted", async () => {
      const partner = world.crm.partners.find((p) => p.email !== null && !personOf(p.id).consentEmail && personOf(p.id).consentSms)!;
      const person = personOf(partner.id);
      const consents = async () => (await customerOfPartner<{ profile: { consents: unknown } }>(partner.id, PROFILE)).profile.consents;
      expect(await consents()).toEqual({ email: false, sms: true });

      const [entry] = await rpc<{ id: number }[]>('mail.blacklist', 'search_read', [[['email', '=', person.email]], ['email']]);
      await rpc('mail.blacklist', 'write', [[entry.id], { active: false }]);
      try {
        expect(await consents()).toEqual({ email: true, sms: true });
      } finally {
        await rpc('mail.blacklist', 'write', [[entry.id], { active: true }]);
      }
      const optedOutOfSms = world.crm.partners.find((p) => personOf(p.id).consentEmail && !personOf(p.id).consentSms && p.email !== null)!;
      expect((await customerOfPartner<{ profile: { consents: unknown } }>(optedOutOfSms.id, PROFILE)).profile.consents).toEqual({
        email: true,
        sms: false,
      });
    });

    it('is null, like the loyalty card, for a customer the CRM does not know, whose ticket list is empty', async () => {
      const webOnly = world.truth.persons.find((p) => p.crmPartnerIds.length === 0 && p.webCustomerIds.length > 0)!;
      system.legacy.crm.legacy.calls.reset();
      const answer = await query<{ customerByIdentifier: unknown }>(
        `query($id: String!) { customerByIdentifier(identifier: { kind: WEB_CUSTOMER_ID, value: $id }) { displayName ${PROFILE} loyalty { cardCode } ${TICKETS('first: 5')} } }`,
        { id: String(webOnly.webCustomerIds[0]) },
      );
      expect(answer.errors).toBeUndefined();
      expect(answer.data!.customerByIdentifier).toMatchObject({
        profile: null,
        loyalty: null,
        supportTickets: { totalCount: 0, edges: [], pageInfo: { hasNextPage: false, endCursor: null } },
      });
      expect(system.legacy.crm.legacy.calls.snapshot().total).toBe(0);
    });
  });

  describe('loyalty', () => {
    it('pages through the whole points history, newest first, with where the points came from', async () => {
      const card = [...world.crm.loyaltyCards].sort((a, b) => historyOf(b.id).length - historyOf(a.id).length)[0];
      const history = historyOf(card.id);
      expect(history.length).toBeGreaterThan(4);
      const seen: Transaction[] = [];
      let after: string | null = null;
      do {
        const customer: { loyalty: { history: Connection<Transaction> } } = await customerOfPartner(
          card.partnerId,
          LOYALTY(`first: 4, after: ${JSON.stringify(after)}`),
        );
        const connection: Connection<Transaction> = customer.loyalty.history;
        expect(connection.totalCount).toBe(history.length);
        seen.push(...connection.edges.map((e) => e.node));
        after = connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null;
      } while (after);
      expect(seen).toEqual(history.map((entry) => expect.objectContaining(expectedTransaction(entry))));
      const web = seen.find((t) => t.source === 'WEB_ORDER')!;
      expect(world.ecommerce.orders.some((o) => o.incrementId === web.orderReference)).toBe(true);
    });

    it('shows a gift redemption as GIFT, with its points negative and no order', async () => {
      const gift = world.crm.loyaltyEntries.find((e) => e.origin === 'gift')!;
      const card = world.crm.loyaltyCards.find((c) => c.id === gift.cardId)!;
      const first = historyOf(card.id).length;
      const customer = await customerOfPartner<{ loyalty: { history: Connection<Transaction> } }>(
        card.partnerId,
        LOYALTY(`first: ${first}`),
      );
      expect(customer.loyalty.history.edges.map((e) => e.node)).toContainEqual(
        expect.objectContaining({ source: 'GIFT', points: -50, orderReference: null, occurredAt: iso(gift.date) }),
      );
    });
  });

  describe('support tickets', () => {
    it('pages through tickets newest first, each with its conversation oldest first across channels', async () => {
      const counts = new Map<number, number>();
      for (const ticket of world.crm.tickets) counts.set(ticket.partnerId, (counts.get(ticket.partnerId) ?? 0) + 1);
      const [partnerId] = [...counts].sort((a, b) => b[1] - a[1])[0];
      const customer = await customerOfPartner<{ records: Records['records'] }>(partnerId, 'records { system recordId }');
      const expected = ticketsOf(partnersOf(customer).map((p) => p.id)).map(expectedTicket);
      expect(expected.length).toBeGreaterThan(1);

      const first = await customerOfPartner<{ supportTickets: Connection<Ticket> }>(partnerId, TICKETS('first: 1'));
      expect(first.supportTickets).toMatchObject({ totalCount: expected.length, pageInfo: { hasNextPage: true } });
      const rest = await customerOfPartner<{ supportTickets: Connection<Ticket> }>(
        partnerId,
        TICKETS(`first: 10, after: "${first.supportTickets.pageInfo.endCursor}"`),
      );
      expect([...first.supportTickets.edges, ...rest.supportTickets.edges].map((e) => e.node)).toMatchObject(expected);
      expect(rest.supportTickets.pageInfo.hasNextPage).toBe(false);
    });

    it("gives messages as plain text, the customer's apart from the agent's", async () => {
      const ticket =
        world.crm.tickets.find((t) => t.messages.length >= 3 && new Set(t.messages.map((m) => m.channel)).size > 1) ??
        world.crm.tickets.find((t) => t.messages.length >= 3)!;
      const customer = await customerOfPartner<{ supportTickets: Connection<Ticket & { id: string }> }>(
        ticket.partnerId,
        TICKETS('first: 100'),
      );
      const shown = customer.supportTickets.edges
        .map((e) => e.node)
        .find((t) => t.openedAt === iso(ticket.createdAt) && t.subject === ticket.subject)!;
      expect(shown).toMatchObject(expectedTicket(ticket));
      expect(shown.messages.map((m) => m.author)).toEqual(ticket.messages.map((m) => (m.fromCustomer ? 'CUSTOMER' : 'AGENT')));
      expect(shown.messages.every((m) => !/[<>]/.test(m.text))).toBe(true);
      expect(Buffer.from(shown.id, 'base64url').toString()).toBe(`SupportTicket:${ticket.id}`);
    });
  });

  describe('bad input', () => {
    it('refuses a page size out of range or a foreign cursor with a typed error, before any CRM call', async () => {
      const partnerId = world.crm.tickets[0].partnerId;
      for (const args of ['first: 0', 'first: 101', 'first: 5, after: "bm90LWEtY3Vyc29y"']) {
        system.legacy.crm.legacy.calls.reset();
        const answer = await query<{ customerByIdentifier: { displayName: string; supportTickets: unknown } }>(
          BY_PARTNER(`displayName ${TICKETS(args)}`),
          { id: String(partnerId) },
        );
        expect(errorCodes(answer)).toEqual(['BAD_USER_INPUT']);
        expect(answer.data!.customerByIdentifier).toMatchObject({ displayName: expect.any(String), supportTickets: null });
        expect(system.legacy.crm.legacy.calls.snapshot().total).toBe(0);
      }
    });

    it('refuses a bad history page without reading the history', async () => {
      const card = world.crm.loyaltyCards[0];
      system.legacy.crm.legacy.calls.reset();
      const answer = await query<{ customerByIdentifier: { loyalty: unknown } }>(BY_PARTNER(LOYALTY('first: -1')), {
        id: String(card.partnerId),
      });
      expect(errorCodes(answer)).toEqual(['BAD_USER_INPUT']);
      expect(answer.data!.customerByIdentifier.loyalty).toBeNull();
      expect(crmCalls()['loyalty.history.search_read']).toBeUndefined();
    });
  });

  /** A JSON-RPC call straight to the CRM stand-in, as its own users would make. */
  const rpc = <T>(model: string, method: string, args: unknown[]) => crmCall<T>(system.legacyUrls.crm, model, method, args);
});
