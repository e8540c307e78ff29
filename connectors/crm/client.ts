import { LegacyHttp, legacyHttpOptionsFromEnv, TransientUpstreamError } from '../../lib/http';
import type { LoyaltySource, SupportChannel, SupportTicketStatus } from './generated/graphql';

/**
 * The one client for the CRM (Odoo external JSON-RPC). Odoo's quirks stop here: `false` for
 * empty values, many2one pairs, zoneless UTC datetimes, HTTP 200 errors named by Python class.
 */

export interface CrmCredentials {
  database: string;
  login: string;
  apiKey: string;
}

export type Domain = unknown[];

interface JsonRpcAnswer<T> {
  result?: T;
  error?: { data?: { name?: string; message?: string } };
}

/** An Odoo exception the caller may act on (MissingError, ValidationError, AccessError...). */
export class CrmError extends Error {
  constructor(
    readonly exception: string,
    message: string,
  ) {
    super(message);
  }
}

/** Errors that mean the CRM itself is failing, not our request. */
const SERVER_FAILURES = new Set(['builtins.Exception', 'psycopg2.OperationalError', 'odoo.exceptions.AccessDenied']);

/** Customers are partners from id 10; ids below are the company, bots and staff. */
export const FIRST_CUSTOMER_PARTNER_ID = 10;

export interface SearchOptions {
  offset?: number;
  limit?: number;
  order: string;
}

/** Odoo's zoneless UTC "2026-11-20 05:06:07" as ISO 8601 with its zone. */
export function odooDatetimeToIso(value: string): string;
export function odooDatetimeToIso(value: string | false): string | null;
export function odooDatetimeToIso(value: string | false): string | null {
  return value ? `${value.replace(' ', 'T')}Z` : null;
}

/** ISO 8601 (any zone) as Odoo's zoneless UTC text, for domains. */
export function isoToOdooDatetime(iso: string): string {
  return new Date(iso).toISOString().slice(0, 19).replace('T', ' ');
}

/** `false` means "not set" in Odoo; null means it in the graph. */
export function orNull<T>(value: T | false): T | null {
  return value === false ? null : value;
}

/** A many2one reads back as [id, "display name"] or false. */
export function many2oneId(value: [number, string] | false): number | null {
  return value === false ? null : value[0];
}

/** Odoo keeps points as floats; the graph counts whole points, rounding half away from zero. */
export function wholePoints(value: number): number {
  const whole = Math.sign(value) * Math.round(Math.abs(value));
  return whole === 0 ? 0 : whole;
}

const ENTITIES = new Map([['amp', '&'], ['lt', '<'], ['gt', '>'], ['quot', '"'], ['apos', "'"], ['nbsp', ' ']]);

function decodeEntity(entity: string, name: string): string {
  if (name.startsWith('#')) {
    const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
    return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
  }
  return ENTITIES.get(name.toLowerCase()) ?? entity;
}

/** Odoo's HTML bodies as plain text: block ends and <br> become line breaks, entities are decoded. */
export function htmlToText(html: string | false): string {
  if (!html) return '';
  return html
    .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|h[1-6]|blockquote|tr)\s*>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#\d{1,7}|#x[0-9a-f]{1,6}|[a-z]{2,8});/gi, decodeEntity)
    .replace(/[ \t\r\f\v]+/g, ' ')
    .replace(/ ?\n ?/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const ORIGIN_SOURCES = new Map<string, LoyaltySource>([['web', 'WEB_ORDER'], ['pos', 'STORE_PURCHASE']]);

/** What moved the points, from `order_ref`: `web:000000123`, `pos:101-2-345-2026-11-20` or `gift`. */
export function loyaltyOrigin(orderRef: string | false): { source: LoyaltySource; orderReference: string | null } {
  if (!orderRef) return { source: 'OTHER', orderReference: null };
  if (orderRef === 'gift') return { source: 'GIFT', orderReference: null };
  const separator = orderRef.indexOf(':');
  const source = separator > 0 ? ORIGIN_SOURCES.get(orderRef.slice(0, separator)) : undefined;
  const reference = orderRef.slice(separator + 1).trim();
  return source && reference ? { source, orderReference: reference } : { source: 'OTHER', orderReference: null };
}

/** Helpdesk stages by name; a stage added in the CRM later counts as work in progress. */
export function ticketStatus(stageName: string | null): SupportTicketStatus {
  if (stageName === 'New') return 'NEW';
  if (stageName === 'Solved') return 'SOLVED';
  return 'IN_PROGRESS';
}

const CHANNELS = new Map<string, SupportChannel>([['phone', 'PHONE'], ['chat', 'CHAT'], ['email', 'EMAIL'], ['facebook', 'FACEBOOK'], ['zalo', 'ZALO']]);

/** The channel a message came through; one without x_channel is an email if it came in as one, else a chat note. */
export function supportChannel(xChannel: string | false, messageType: string): SupportChannel {
  return (xChannel && CHANNELS.get(xChannel)) || (messageType === 'email' ? 'EMAIL' : 'CHAT');
}

/** A customer record (res.partner), translated. */
export interface Partner {
  id: number;
  name: string;
  email: string | null;
  phone: string | null;
  mobile: string | null;
  street: string | null;
  city: string | null;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface LoyaltyCard {
  id: number;
  partnerId: number | null;
  code: string;
  pointsBalance: number;
}

export interface LoyaltyEntry {
  id: number;
  cardId: number;
  occurredAt: string;
  /** Issued minus used: negative when spent or taken back. */
  points: number;
  description: string;
  source: LoyaltySource;
  orderReference: string | null;
  /** The raw `order_ref` (`web:000000123`, `pos:101-2-345-2026-11-20`, `gift`): what an entry is found again by. */
  orderRef: string | null;
}

export interface Ticket {
  id: number;
  partnerId: number | null;
  subject: string;
  status: SupportTicketStatus;
  openedAt: string;
}

export interface TicketMessage {
  id: number;
  ticketId: number;
  authorPartnerId: number | null;
  channel: SupportChannel;
  text: string;
  sentAt: string;
}

type Many2one = [number, string] | false;

interface PartnerRow {
  id: number;
  name: string | false;
  email: string | false;
  phone: string | false;
  mobile: string | false;
  street: string | false;
  city: string | false;
  active: boolean;
  create_date: string;
  write_date: string;
}

interface CardRow {
  id: number;
  partner_id: Many2one;
  code: string;
  points: number;
}

interface HistoryRow {
  id: number;
  card_id: Many2one;
  description: string | false;
  issued: number;
  used: number;
  order_ref: string | false;
  create_date: string;
}

interface TicketRow {
  id: number;
  name: string;
  partner_id: Many2one;
  stage_id: Many2one;
  create_date: string;
}

interface MessageRow {
  id: number;
  res_id: number;
  body: string | false;
  author_id: Many2one;
  /** Set on every message: Odoo stamps it on create. */
  date: string;
  message_type: string;
  x_channel: string | false;
}

/** Every record matching, in one call: `limit` is left unset, never 0, which Odoo reads as "no limit" too. */
const ALL = { order: 'id' } as const;

const HISTORY_FIELDS = ['card_id', 'description', 'issued', 'used', 'order_ref', 'create_date'];

function toPartner(row: PartnerRow): Partner {
  return {
    id: row.id,
    name: orNull(row.name) ?? '',
    email: orNull(row.email),
    phone: orNull(row.phone),
    mobile: orNull(row.mobile),
    street: orNull(row.street),
    city: orNull(row.city),
    active: row.active,
    createdAt: odooDatetimeToIso(row.create_date),
    updatedAt: odooDatetimeToIso(row.write_date),
  };
}

function toLoyaltyEntry(row: HistoryRow): LoyaltyEntry {
  return {
    id: row.id,
    cardId: many2oneId(row.card_id) ?? 0,
    occurredAt: odooDatetimeToIso(row.create_date),
    points: wholePoints(row.issued - row.used),
    description: orNull(row.description) ?? '',
    ...loyaltyOrigin(row.order_ref),
    orderRef: orNull(row.order_ref),
  };
}

function toTicket(row: TicketRow): Ticket {
  return {
    id: row.id,
    partnerId: many2oneId(row.partner_id),
    subject: row.name,
    status: ticketStatus(row.stage_id === false ? null : row.stage_id[1]),
    openedAt: odooDatetimeToIso(row.create_date),
  };
}

function toTicketMessage(row: MessageRow): TicketMessage {
  return {
    id: row.id,
    ticketId: row.res_id,
    authorPartnerId: many2oneId(row.author_id),
    channel: supportChannel(row.x_channel, row.message_type),
    text: htmlToText(row.body),
    sentAt: odooDatetimeToIso(row.date),
  };
}

export class CrmClient {
  private nextId = 1;
  private uid: Promise<number> | null = null;

  constructor(
    private readonly http: LegacyHttp,
    private readonly credentials: CrmCredentials,
  ) {}

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
    return this.execute<T[]>(model, 'search_read', [domain], { fields, offset: options.offset ?? 0, limit: options.limit ?? null, order: options.order }, 'read');
  }

  /** Partners by id, archived ones included (Odoo hides them from searches otherwise). */
  async partnersByIds(ids: readonly number[]): Promise<Partner[]> {
    const rows = await this.searchRead<PartnerRow>(
      'res.partner',
      [['id', 'in', [...ids]], ['active', 'in', [true, false]]],
      ['name', 'email', 'phone', 'mobile', 'street', 'city', 'active', 'create_date', 'write_date'],
      ALL,
    );
    return rows.map(toPartner);
  }

  async loyaltyCardsOfPartners(partnerIds: readonly number[]): Promise<LoyaltyCard[]> {
    const rows = await this.searchRead<CardRow>('loyalty.card', [['partner_id', 'in', [...partnerIds]]], ['partner_id', 'code', 'points'], ALL);
    return rows.map((row) => ({ id: row.id, partnerId: many2oneId(row.partner_id), code: row.code, pointsBalance: wholePoints(row.points) }));
  }

  /** Every points movement of these cards, newest first. */
  async loyaltyHistoryOfCards(cardIds: readonly number[]): Promise<LoyaltyEntry[]> {
    const rows = await this.searchRead<HistoryRow>('loyalty.history', [['card_id', 'in', [...cardIds]]], HISTORY_FIELDS, { order: 'create_date desc, id desc' });
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
      [['model', '=', 'helpdesk.ticket'], ['res_id', 'in', [...ticketIds]], ['message_type', 'in', ['email', 'comment']]],
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

  searchCount(model: string, domain: Domain): Promise<number> {
    return this.execute<number>(model, 'search_count', [domain], {}, 'read');
  }

  create(model: string, values: Record<string, unknown>): Promise<number> {
    return this.execute<number>(model, 'create', [values], {}, 'write');
  }

  write(model: string, ids: number[], values: Record<string, unknown>): Promise<boolean> {
    return this.execute<boolean>(model, 'write', [ids, values], {}, 'write');
  }

  private async execute<T>(model: string, method: string, args: unknown[], kwargs: Record<string, unknown>, kind: 'read' | 'write'): Promise<T> {
    const { database, apiKey } = this.credentials;
    const uid = await this.userId();
    return this.call<T>('object', 'execute_kw', [database, uid, apiKey, model, method, args, kwargs], kind);
  }

  /** Odoo checks database, uid and key on every call and keeps no session: log in once for the uid. */
  private userId(): Promise<number> {
    if (!this.uid) {
      const { database, login, apiKey } = this.credentials;
      this.uid = this.call<number | false>('common', 'authenticate', [database, login, apiKey, {}], 'read').then((uid) => {
        if (uid === false) throw new CrmError('odoo.exceptions.AccessDenied', 'The CRM refused the integration login');
        return uid;
      });
      // A failed login is tried again on the next call rather than remembered.
      this.uid.catch(() => (this.uid = null));
    }
    return this.uid;
  }

  private async call<T>(service: 'common' | 'object', method: string, args: unknown[], kind: 'read' | 'write'): Promise<T> {
    const body = { jsonrpc: '2.0', method: 'call', id: this.nextId++, params: { service, method, args } };
    const send = kind === 'read' ? this.http.read.bind(this.http) : this.http.write.bind(this.http);
    const response = await send<JsonRpcAnswer<T>>({ method: 'POST', url: '/jsonrpc', data: body }, (answer) => {
      // Odoo answers its own failures with HTTP 200: treat them like a 500.
      if (SERVER_FAILURES.has(answer.data.error?.data?.name ?? '')) throw new TransientUpstreamError('ERROR');
    });
    const { error, result } = response.data;
    if (error) {
      throw new CrmError(error.data?.name ?? 'unknown', error.data?.message ?? 'CRM error');
    }
    return result as T;
  }
}
