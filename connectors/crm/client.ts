import { LegacyHttp, legacyHttpOptionsFromEnv } from '../../lib/http';
import {
  isoToOdooDatetime,
  toCustomerCard,
  toCustomerPartner,
  toLoyaltyCard,
  toLoyaltyEntry,
  toPartner,
  toTicket,
  toTicketMessage,
} from './mapping';
import type { CustomerCard, CustomerPartner, LoyaltyCard, LoyaltyEntry, Partner, Ticket, TicketMessage } from './records';
import { OdooRpc, type CrmCredentials, type Domain, type SearchOptions } from './rpc';
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

/** Rows a page when reading every customer: Odoo pages by offset with no total. */
const CUSTOMER_PAGE = 2_000;

export class CrmClient {
  private readonly rpc: OdooRpc;

  constructor(http: LegacyHttp, credentials: CrmCredentials) {
    this.rpc = new OdooRpc(http, credentials);
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
   * in) and loyalty cards written at or after `since` (ISO 8601; null for all), every page.
   * Write dates have one-second resolution, so the caller re-reads the last second it saw.
   */
  async customersChangedSince(since: string | null): Promise<{ partners: CustomerPartner[]; cards: CustomerCard[] }> {
    const changedAfter = since ? [['write_date', '>=', isoToOdooDatetime(since)]] : [];
    const partners = await this.readEvery<CustomerPartnerRow>(
      'res.partner',
      [['id', '>=', FIRST_CUSTOMER_PARTNER_ID], ['active', 'in', [true, false]], ...changedAfter],
      ['name', 'email', 'phone', 'mobile', 'street', 'city', 'active', 'write_date'],
    );
    const cards = await this.readEvery<CustomerCardRow>('loyalty.card', changedAfter, ['partner_id', 'code', 'write_date']);
    return {
      partners: partners.map(toCustomerPartner),
      cards: cards.map(toCustomerCard),
    };
  }

  private async readEvery<T>(model: string, domain: Domain, fields: string[]): Promise<T[]> {
    const rows: T[] = [];
    for (let offset = 0; ; offset += CUSTOMER_PAGE) {
      const page = await this.searchRead<T>(model, domain, fields, { offset, limit: CUSTOMER_PAGE, order: 'write_date asc, id asc' });
      rows.push(...page);
      if (page.length < CUSTOMER_PAGE) return rows;
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
      ['name', 'email', 'phone', 'mobile', 'street', 'city', 'active', 'create_date', 'write_date'],
      ALL,
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

  /** Helpdesk tickets of these partners, newest first. */
  async ticketsOfPartners(partnerIds: readonly number[]): Promise<Ticket[]> {
    const rows = await this.searchRead<TicketRow>(
      'helpdesk.ticket',
      [['partner_id', 'in', [...partnerIds]]],
      ['name', 'partner_id', 'stage_id', 'create_date'],
      { order: 'create_date desc, id desc' },
    );
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
      ['res_id', 'body', 'author_id', 'date', 'message_type', 'x_channel'],
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
}
