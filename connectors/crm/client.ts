import { LegacyHttp, legacyHttpOptionsFromEnv } from '../../lib/http';
import {
  isoToOdooDatetime,
  many2oneId,
  odooDatetimeToIso,
  teamName,
  textToHtml,
  toCustomerCard,
  toCustomerPartner,
  toLoyaltyCard,
  toLoyaltyEntry,
  toPartner,
  toTicket,
  toTicketMessage,
  xChannelOf,
} from './mapping';
import type {
  ChannelOptOuts,
  CustomerCard,
  CustomerPartner,
  FormerPhone,
  LoyaltyCard,
  LoyaltyEntry,
  NewTicketMessage,
  Partner,
  PartnerChange,
  SupportTeam,
  Ticket,
  TicketMessage,
} from './records';
import { CrmError, OdooRpc, type CrmCredentials, type Domain, type SearchOptions } from './rpc';
import type { CardRow, CustomerCardRow, CustomerPartnerRow, HistoryRow, MessageRow, PartnerRow, TicketRow } from './wire';

/**
 * The one client for the CRM (Odoo external JSON-RPC): the calls the graph makes, each answering
 * retail records. Odoo's quirks stop in this folder: `false` for empty values, many2one pairs,
 * zoneless UTC datetimes, HTTP 200 errors named by Python class.
 */

/** Customers are partners from id 10; ids below are the company, bots and staff. */
export const FIRST_CUSTOMER_PARTNER_ID = 10;

/** Every record matching, in one call: `limit` is left unset, never 0, which Odoo reads as "no limit" too. */
const ALL = { order: 'id' } as const;

const HISTORY_FIELDS = ['card_id', 'description', 'issued', 'used', 'order_ref', 'create_date'];

const TICKET_FIELDS = ['name', 'partner_id', 'stage_id', 'team_id', 'user_id', 'create_date', 'write_date'];

/** Rows a page when reading every customer: Odoo pages by offset with no total. */
const CUSTOMER_PAGE = 2_000;
/** A partner as the graph reads it: profile, contact, opt-outs. */
const PARTNER_FIELDS = [
  'name',
  'email',
  'phone',
  'mobile',
  'street',
  'city',
  'active',
  'x_zalo_opt_out',
  'x_push_opt_out',
  'x_phone_opt_out',
  'create_date',
  'write_date',
];

export class CrmClient {
  private readonly rpc: OdooRpc;
  /** Rows a page of the whole-base reads (the directory's partners and cards, the opt-out lists). */
  private readonly pageSize: number;

  constructor(http: LegacyHttp, credentials: CrmCredentials, options: { pageSize?: number } = {}) {
    this.rpc = new OdooRpc(http, credentials);
    this.pageSize = options.pageSize ?? CUSTOMER_PAGE;
  }

  static fromEnv(env: NodeJS.ProcessEnv = process.env): CrmClient {
    const http = new LegacyHttp(legacyHttpOptionsFromEnv('crm', env.CRM_URL ?? 'http://127.0.0.1:8069', env));
    return new CrmClient(http, {
      database: env.CRM_DATABASE ?? 'retail',
      login: env.CRM_LOGIN ?? 'omnigraph',
      apiKey: env.CRM_API_KEY ?? 'crm-dev-key',
    });
  }

  /** search_read with an explicit order: Odoo pages by offset and its default orders differ by model. */
  searchRead<T>(model: string, domain: Domain, fields: string[], options: SearchOptions): Promise<T[]> {
    return this.rpc.execute<T[]>(
      model,
      'search_read',
      [domain],
      { fields, offset: options.offset ?? 0, limit: options.limit ?? null, order: options.order },
      'read',
    );
  }

  /**
   * Customer partners (staff and companies below FIRST_CUSTOMER_PARTNER_ID left out, archived ones
   * in) written at or after `partnersSince`, and loyalty cards written at or after `cardsSince`
   * (ISO 8601; null for all), every page. The two are searched one after the other, so each has a
   * mark of its own. Write dates have one-second resolution, so the caller re-reads the last second it saw.
   */
  async customersChangedSince(
    partnersSince: string | null,
    cardsSince: string | null = partnersSince,
  ): Promise<{ partners: CustomerPartner[]; cards: CustomerCard[] }> {
    const changedAfter = (since: string | null): Domain => (since ? [['write_date', '>=', isoToOdooDatetime(since)]] : []);
    const partners = await this.readEveryByWriteDate<CustomerPartnerRow>(
      'res.partner',
      [['id', '>=', FIRST_CUSTOMER_PARTNER_ID], ['active', 'in', [true, false]], ...changedAfter(partnersSince)],
      ['name', 'email', 'phone', 'mobile', 'street', 'city', 'active', 'x_zalo_user_id', 'x_facebook_psid', 'write_date'],
    );
    const cards = await this.readEveryByWriteDate<CustomerCardRow>('loyalty.card', changedAfter(cardsSince), [
      'partner_id',
      'code',
      'write_date',
    ]);
    return {
      partners: partners.map(toCustomerPartner),
      cards: cards.map(toCustomerCard),
    };
  }

  /**
   * Every row `domain` matches, oldest write first, in pages that go on from the last row read (its
   * write date, then id) rather than by offset: a record saved while the pages before it are read
   * moves past the cursor and is read again later, where an offset would skip the row behind it.
   */
  private async readEveryByWriteDate<T extends { id: number; write_date: string }>(
    model: string,
    domain: Domain,
    fields: string[],
  ): Promise<T[]> {
    const rows: T[] = [];
    let after: Domain = [];
    for (;;) {
      const page = await this.searchRead<T>(model, [...domain, ...after], fields, {
        limit: this.pageSize,
        order: 'write_date asc, id asc',
      });
      rows.push(...page);
      if (page.length < this.pageSize) return rows;
      const last = page[page.length - 1];
      after = ['|', ['write_date', '>', last.write_date], '&', ['write_date', '=', last.write_date], ['id', '>', last.id]];
    }
  }

  private async readEvery<T>(model: string, domain: Domain, fields: string[], order = 'write_date asc, id asc'): Promise<T[]> {
    const rows: T[] = [];
    for (let offset = 0; ; offset += this.pageSize) {
      const page = await this.searchRead<T>(model, domain, fields, { offset, limit: this.pageSize, order });
      rows.push(...page);
      if (page.length < this.pageSize) return rows;
    }
  }

  /** Partners by id, archived ones included (Odoo hides them from searches otherwise). */
  async partnersByIds(ids: readonly number[]): Promise<Partner[]> {
    const rows = await this.searchRead<PartnerRow>(
      'res.partner',
      [
        ['id', 'in', [...ids]],
        ['active', 'in', [true, false]],
      ],
      PARTNER_FIELDS,
      ALL,
    );
    return rows.map(toPartner);
  }

  /**
   * Customer partners as `partnersByIds` reads them, written at or after `since` (ISO 8601), oldest
   * write first, every page: what a follower of profile changes reads each round.
   */
  async partnersSavedSince(since: string): Promise<Partner[]> {
    const rows = await this.readEvery<PartnerRow>(
      'res.partner',
      [
        ['id', '>=', FIRST_CUSTOMER_PARTNER_ID],
        ['active', 'in', [true, false]],
        ['write_date', '>=', isoToOdooDatetime(since)],
      ],
      PARTNER_FIELDS,
    );
    return rows.map(toPartner);
  }

  async loyaltyCardsOfPartners(partnerIds: readonly number[]): Promise<LoyaltyCard[]> {
    const rows = await this.searchRead<CardRow>(
      'loyalty.card',
      [['partner_id', 'in', [...partnerIds]]],
      ['partner_id', 'code', 'points'],
      ALL,
    );
    return rows.map(toLoyaltyCard);
  }

  /** Every points movement of these cards, newest first. */
  async loyaltyHistoryOfCards(cardIds: readonly number[]): Promise<LoyaltyEntry[]> {
    const rows = await this.searchRead<HistoryRow>('loyalty.history', [['card_id', 'in', [...cardIds]]], HISTORY_FIELDS, {
      order: 'create_date desc, id desc',
    });
    return rows.map(toLoyaltyEntry);
  }

  /** Points movements booked under these order refs (exact `order_ref`), oldest first: how a points write is found again. */
  async loyaltyEntriesByOrderRefs(orderRefs: readonly string[]): Promise<LoyaltyEntry[]> {
    if (orderRefs.length === 0) return [];
    const rows = await this.searchRead<HistoryRow>('loyalty.history', [['order_ref', 'in', [...orderRefs]]], HISTORY_FIELDS, ALL);
    return rows.map(toLoyaltyEntry);
  }

  /**
   * Moves a card's points by `issued - used` (the CRM keeps the balance as the sum of its history).
   * Not idempotent: look for the order ref with `loyaltyEntriesByOrderRefs` first.
   */
  addLoyaltyEntry(entry: { cardId: number; description: string; issued: number; used: number; orderRef: string }): Promise<number> {
    return this.create('loyalty.history', {
      card_id: entry.cardId,
      description: entry.description,
      issued: entry.issued,
      used: entry.used,
      order_ref: entry.orderRef,
    });
  }

  /** Cards by their exact codes (as printed: digits), with their balance. */
  async loyaltyCardsByCodes(codes: readonly string[]): Promise<LoyaltyCard[]> {
    if (codes.length === 0) return [];
    const rows = await this.searchRead<CardRow>('loyalty.card', [['code', 'in', [...codes]]], ['partner_id', 'code', 'points'], ALL);
    return rows.map(toLoyaltyCard);
  }

  /** A card and its balance now: what a redemption checks, under the card's lock, before it spends. */
  async loyaltyCardById(cardId: number): Promise<LoyaltyCard | null> {
    const rows = await this.searchRead<CardRow>('loyalty.card', [['id', '=', cardId]], ['partner_id', 'code', 'points'], ALL);
    return rows.length === 0 ? null : toLoyaltyCard(rows[0]);
  }

  /** Helpdesk tickets of these partners, newest first. */
  async ticketsOfPartners(partnerIds: readonly number[]): Promise<Ticket[]> {
    const rows = await this.searchRead<TicketRow>('helpdesk.ticket', [['partner_id', 'in', [...partnerIds]]], TICKET_FIELDS, {
      order: 'create_date desc, id desc',
    });
    return rows.map(toTicket);
  }

  /** The conversation on these tickets, oldest first; system notifications (stage changes) left out. */
  async messagesOfTickets(ticketIds: readonly number[]): Promise<TicketMessage[]> {
    const rows = await this.searchRead<MessageRow>(
      'mail.message',
      [
        ['model', '=', 'helpdesk.ticket'],
        ['res_id', 'in', [...ticketIds]],
        ['message_type', 'in', ['email', 'comment']],
      ],
      ['res_id', 'body', 'author_id', 'date', 'message_type', 'x_channel', 'is_internal'],
      { order: 'date asc, id asc' },
    );
    return rows.map(toTicketMessage);
  }

  /** Which of these emails (lower case, as Odoo normalises them) opted out of marketing email. */
  async blacklistedEmails(emails: readonly string[]): Promise<Set<string>> {
    const rows = await this.searchRead<{ email: string }>('mail.blacklist', [['email', 'in', [...emails]]], ['email'], ALL);
    return new Set(rows.map((row) => row.email));
  }

  /** Which of these E.164 numbers opted out of marketing SMS. */
  async blacklistedPhones(numbers: readonly string[]): Promise<Set<string>> {
    const rows = await this.searchRead<{ number: string }>('phone.blacklist', [['number', 'in', [...numbers]]], ['number'], ALL);
    return new Set(rows.map((row) => row.number));
  }

  create(model: string, values: Record<string, unknown>): Promise<number> {
    return this.rpc.execute<number>(model, 'create', [values], {}, 'write');
  }

  /** Writes contact details and channel opt-outs on partners; a value left out stays. Setting them again changes nothing more. */
  async updatePartners(ids: readonly number[], change: PartnerChange): Promise<void> {
    const values: Record<string, unknown> = {};
    if (change.phone !== undefined) values.phone = change.phone;
    if (change.mobile !== undefined) values.mobile = change.mobile;
    if (change.email !== undefined) values.email = change.email;
    if (change.street !== undefined) values.street = change.street;
    if (change.city !== undefined) values.city = change.city;
    for (const channel of ['zalo', 'push', 'phone'] as const) {
      const optedOut = change.optedOut?.[channel];
      if (optedOut !== undefined) values[`x_${channel}_opt_out`] = optedOut;
    }
    if (ids.length === 0 || Object.keys(values).length === 0) return;
    await this.rpc.execute<boolean>('res.partner', 'write', [[...ids], values], {}, 'write');
  }

  /** Puts an email on the marketing opt-out list, or lifts it (Odoo archives the record). */
  setEmailOptOut(email: string, optedOut: boolean): Promise<void> {
    return this.setOptOut('mail.blacklist', 'email', email, optedOut);
  }

  /** Puts an E.164 number on the SMS opt-out list, or lifts it. */
  setPhoneOptOut(number: string, optedOut: boolean): Promise<void> {
    return this.setOptOut('phone.blacklist', 'number', number, optedOut);
  }

  /** Archived records count: creating a listed value answers the existing record, which is then (re)activated. */
  private async setOptOut(model: string, field: string, value: string, optedOut: boolean): Promise<void> {
    const [listed] = await this.searchRead<{ id: number; active: boolean }>(
      model,
      [
        [field, '=', value],
        ['active', 'in', [true, false]],
      ],
      ['active'],
      { ...ALL, limit: 1 },
    );
    if (!listed) {
      if (optedOut) await this.create(model, { [field]: value });
      return;
    }
    if (listed.active !== optedOut) await this.rpc.execute<boolean>(model, 'write', [[listed.id], { active: optedOut }], {}, 'write');
  }
  /** Tickets by id (a continued case, a reference to resolve); ids that do not exist are left out. */
  async ticketsByIds(ids: readonly number[]): Promise<Ticket[]> {
    const rows = await this.searchRead<TicketRow>('helpdesk.ticket', [['id', 'in', [...ids]]], TICKET_FIELDS, ALL);
    return rows.map(toTicket);
  }

  /**
   * Opens a ticket for a customer's partner, with the team that takes it, marked with `reference`
   * (the Studio field `x_external_ref`) so a retried request finds it (`ticketByReference`).
   */
  async openTicket(ticket: { partnerId: number; subject: string; team: SupportTeam; reference: string }): Promise<number> {
    return this.create('helpdesk.ticket', {
      partner_id: ticket.partnerId,
      name: ticket.subject,
      team_id: await this.teamId(ticket.team),
      x_external_ref: ticket.reference,
    });
  }

  async ticketByReference(reference: string): Promise<number | null> {
    // A ticket cancelled because its request could not finish is not the one a retry continues.
    const domain = [
      ['x_external_ref', '=', reference],
      ['stage_id.name', '!=', 'Cancelled'],
    ];
    const rows = await this.searchRead<{ id: number }>('helpdesk.ticket', domain, [], ALL);
    return rows[0]?.id ?? null;
  }

  /** Adds a message to a ticket, with its own Message-Id so a retried write finds it (`ticketMessageByReference`). */
  addTicketMessage(message: NewTicketMessage): Promise<number> {
    return this.create('mail.message', {
      model: 'helpdesk.ticket',
      res_id: message.ticketId,
      body: textToHtml(message.text),
      x_channel: xChannelOf(message.channel),
      is_internal: message.internal,
      message_id: message.reference,
      ...(message.authorPartnerId === null ? {} : { author_id: message.authorPartnerId }),
    });
  }

  async ticketMessageByReference(reference: string): Promise<number | null> {
    const rows = await this.searchRead<{ id: number }>('mail.message', [['message_id', '=', reference]], [], ALL);
    return rows[0]?.id ?? null;
  }

  /** Hands a ticket to a team and/or moves it to a stage (by its name in the CRM); writing what is there already changes nothing. */
  async moveTicket(ticketId: number, to: { team?: SupportTeam; stage?: 'In Progress' | 'Solved' | 'Cancelled' }): Promise<void> {
    const values: Record<string, unknown> = {};
    if (to.team) values.team_id = await this.teamId(to.team);
    if (to.stage) values.stage_id = await this.stageId(to.stage);
    await this.rpc.execute<boolean>('helpdesk.ticket', 'write', [[ticketId], values], {}, 'write');
  }

  private teamIds: Promise<Map<string, number>> | null = null;
  private stageIds: Promise<Map<string, number>> | null = null;

  /** Teams and stages are configuration: read once by name, and again after a failed read. */
  private async teamId(team: SupportTeam): Promise<number> {
    this.teamIds ??= this.idsByName('helpdesk.team');
    return this.namedId(this.teamIds, teamName(team), () => (this.teamIds = null));
  }

  private async stageId(stage: string): Promise<number> {
    this.stageIds ??= this.idsByName('helpdesk.stage');
    return this.namedId(this.stageIds, stage, () => (this.stageIds = null));
  }

  private async idsByName(model: string): Promise<Map<string, number>> {
    const rows = await this.searchRead<{ id: number; name: string }>(model, [], ['name'], ALL);
    return new Map(rows.map((row) => [row.name, row.id]));
  }

  private async namedId(ids: Promise<Map<string, number>>, name: string, forget: () => void): Promise<number> {
    const id = (await ids.catch((error: unknown) => (forget(), Promise.reject(error)))).get(name);
    if (id === undefined) throw new CrmError('odoo.exceptions.MissingError', `The CRM has no ${name}`);
    return id;
  }

  /** Every email on the marketing opt-out list (lower case, as Odoo normalises them): who refused email, whole. */
  async everyBlacklistedEmail(): Promise<Set<string>> {
    const rows = await this.readEvery<{ email: string }>('mail.blacklist', [], ['email']);
    return new Set(rows.map((row) => row.email));
  }

  /** Every E.164 number on the SMS opt-out list: who refused SMS, whole. */
  async everyBlacklistedPhone(): Promise<Set<string>> {
    const rows = await this.readEvery<{ number: string }>('phone.blacklist', [], ['number']);
    return new Set(rows.map((row) => row.number));
  }

  /** Every partner whose record carries the Zalo, push or call opt-out, archived ones included. */
  async partnersOptedOutOf(channel: keyof ChannelOptOuts): Promise<Set<number>> {
    const rows = await this.readEvery<{ id: number }>(
      'res.partner',
      [
        [`x_${channel}_opt_out`, '=', true],
        ['active', 'in', [true, false]],
      ],
      ['id'],
    );
    return new Set(rows.map((row) => row.id));
  }

  /**
   * The numbers partners had before a change of their phone or mobile at or after `since` (ISO
   * 8601; null for all), as typed, oldest first: Odoo keeps them only in the chatter's tracking
   * values (a notification on the partner with a mail.tracking.value per changed field).
   */
  async formerPhonesSince(since: string | null): Promise<FormerPhone[]> {
    const changedAfter = since ? [['create_date', '>=', isoToOdooDatetime(since)]] : [];
    const values = await this.readEvery<{ old_value_char: string | false; mail_message_id: [number, string] | false; create_date: string }>(
      'mail.tracking.value',
      [
        ['field_id.model', '=', 'res.partner'],
        ['field_id.name', 'in', ['phone', 'mobile']],
        ['old_value_char', '!=', false],
        ...changedAfter,
      ],
      ['old_value_char', 'mail_message_id', 'create_date'],
      'create_date asc, id asc',
    );
    const messageIds = [...new Set(values.map((value) => many2oneId(value.mail_message_id)).filter((id): id is number => id !== null))];
    if (messageIds.length === 0) return [];
    const messages = await this.searchRead<{ id: number; model: string | false; res_id: number }>(
      'mail.message',
      [['id', 'in', messageIds]],
      ['model', 'res_id'],
      ALL,
    );
    const partnerOf = new Map(messages.filter((message) => message.model === 'res.partner').map((message) => [message.id, message.res_id]));
    return values.flatMap((value) => {
      const partnerId = partnerOf.get(many2oneId(value.mail_message_id) ?? 0);
      return partnerId === undefined || value.old_value_char === false
        ? []
        : [{ partnerId, phone: value.old_value_char, changedAt: odooDatetimeToIso(value.create_date) }];
    });
  }
}
