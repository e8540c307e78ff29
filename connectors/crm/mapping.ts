import type {
  CustomerCard,
  CustomerPartner,
  LoyaltyCard,
  LoyaltyEntry,
  LoyaltySource,
  Partner,
  SupportChannel,
  SupportTeam,
  SupportTicketStatus,
  Ticket,
  TicketMessage,
} from './records';
import type { CardRow, CustomerCardRow, CustomerPartnerRow, HistoryRow, MessageRow, PartnerRow, TicketRow } from './wire';

/** Odoo's rows as retail records: where `false`, many2one pairs, zoneless datetimes, float points and HTML stop. */

// ---- Odoo's values ----------------------------------------------------------------------------

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

const ENTITIES = new Map([
  ['amp', '&'],
  ['lt', '<'],
  ['gt', '>'],
  ['quot', '"'],
  ['apos', "'"],
  ['nbsp', ' '],
]);

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

// ---- The retailer's conventions in Odoo's fields ----------------------------------------------

const ORIGIN_SOURCES = new Map<string, LoyaltySource>([
  ['web', 'WEB_ORDER'],
  ['pos', 'STORE_PURCHASE'],
  ['redeem', 'REDEMPTION'],
]);

/**
 * What moved the points, from `order_ref`: `web:000000123`, `pos:101-2-345-2026-11-20`, `gift`, or
 * `redeem:OG…` (points paid with at a checkout or a counter, by Omnigraph's reference for the work).
 */
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
  if (stageName === 'Cancelled') return 'CANCELLED';
  return 'IN_PROGRESS';
}

const CHANNELS = new Map<string, SupportChannel>([
  ['phone', 'PHONE'],
  ['chat', 'CHAT'],
  ['email', 'EMAIL'],
  ['facebook', 'FACEBOOK'],
  ['zalo', 'ZALO'],
  ['app', 'APP'],
  ['store', 'STORE'],
]);

/** The `x_channel` value a message through this channel is stamped with. */
export function xChannelOf(channel: SupportChannel): string {
  return [...CHANNELS].find(([, value]) => value === channel)![0];
}

/** The retailer's helpdesk teams, by the names it gave them in the CRM. */
const TEAMS = new Map<string, SupportTeam>([
  ['Tổng đài', 'CALL_CENTER'],
  ['Mạng xã hội', 'SOCIAL'],
  ['Cửa hàng', 'STORES'],
  ['Sau bán hàng', 'AFTER_SALES'],
]);

/** A ticket's team by its name; a team added in the CRM later is none the graph knows. */
export function supportTeam(teamName: string | null): SupportTeam | null {
  return (teamName !== null && TEAMS.get(teamName)) || null;
}

/** The name a team has in the CRM, to find its id. */
export function teamName(team: SupportTeam): string {
  return [...TEAMS].find(([, value]) => value === team)![0];
}

/** Plain text as the HTML Odoo keeps message bodies in: one paragraph per line. */
export function textToHtml(text: string): string {
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<p>${escaped.split('\n').join('<br>')}</p>`;
}

/** The channel a message came through; one without x_channel is an email if it came in as one, else a chat note. */
export function supportChannel(xChannel: string | false, messageType: string): SupportChannel {
  return (xChannel && CHANNELS.get(xChannel)) || (messageType === 'email' ? 'EMAIL' : 'CHAT');
}

// ---- Rows → records ---------------------------------------------------------------------------

export function toPartner(row: PartnerRow): Partner {
  return {
    id: row.id,
    name: orNull(row.name) ?? '',
    email: orNull(row.email),
    phone: orNull(row.phone),
    mobile: orNull(row.mobile),
    street: orNull(row.street),
    city: orNull(row.city),
    active: row.active,
    optOuts: { zalo: row.x_zalo_opt_out, push: row.x_push_opt_out, phone: row.x_phone_opt_out },
    createdAt: odooDatetimeToIso(row.create_date),
    updatedAt: odooDatetimeToIso(row.write_date),
  };
}

export function toLoyaltyCard(row: CardRow): LoyaltyCard {
  return { id: row.id, partnerId: many2oneId(row.partner_id), code: row.code, pointsBalance: wholePoints(row.points) };
}

export function toLoyaltyEntry(row: HistoryRow): LoyaltyEntry {
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

export function toTicket(row: TicketRow): Ticket {
  return {
    id: row.id,
    partnerId: many2oneId(row.partner_id),
    subject: row.name,
    status: ticketStatus(row.stage_id === false ? null : row.stage_id[1]),
    openedAt: odooDatetimeToIso(row.create_date),
    team: supportTeam(row.team_id === false ? null : row.team_id[1]),
    assignedTo: row.user_id === false ? null : row.user_id[1],
    updatedAt: odooDatetimeToIso(row.write_date),
  };
}

export function toTicketMessage(row: MessageRow): TicketMessage {
  return {
    id: row.id,
    ticketId: row.res_id,
    authorPartnerId: many2oneId(row.author_id),
    channel: supportChannel(row.x_channel, row.message_type),
    text: htmlToText(row.body),
    sentAt: odooDatetimeToIso(row.date),
    internal: row.is_internal,
  };
}

export function toCustomerPartner(row: CustomerPartnerRow): CustomerPartner {
  return {
    id: row.id,
    name: row.name,
    email: orNull(row.email),
    phones: [orNull(row.phone), orNull(row.mobile)].filter((phone): phone is string => phone !== null),
    address: { street: orNull(row.street), city: orNull(row.city) },
    active: row.active,
    zaloUserId: orNull(row.x_zalo_user_id),
    facebookPsid: orNull(row.x_facebook_psid),
    updatedAt: odooDatetimeToIso(row.write_date),
  };
}

export function toCustomerCard(row: CustomerCardRow): CustomerCard {
  return {
    id: row.id,
    partnerId: row.partner_id === false ? null : row.partner_id[0],
    code: row.code,
    updatedAt: odooDatetimeToIso(row.write_date),
  };
}
