/** What the CRM connector hands out: retail records, with null for "not set" and ISO 8601 times with their zone. */

/** Where a points movement came from. */
export type LoyaltySource = 'WEB_ORDER' | 'STORE_PURCHASE' | 'REDEMPTION' | 'GIFT' | 'OTHER';
/** Where a support ticket stands. */
export type SupportTicketStatus = 'NEW' | 'IN_PROGRESS' | 'SOLVED' | 'CANCELLED';
/** The channel a support message came through. */
export type SupportChannel = 'PHONE' | 'CHAT' | 'EMAIL' | 'FACEBOOK' | 'ZALO' | 'APP' | 'STORE';
/** The helpdesk team a ticket is with. */
export type SupportTeam = 'CALL_CENTER' | 'SOCIAL' | 'STORES' | 'AFTER_SALES';

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
  /** Zalo, push and call opt-outs; email and SMS opt-outs are on the blacklists. */
  optOuts: ChannelOptOuts;
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
  /** Null when no team has it, or one the graph does not know. */
  team: SupportTeam | null;
  /** The staff member it is assigned to, by name. */
  assignedTo: string | null;
  updatedAt: string;
}

export interface TicketMessage {
  id: number;
  ticketId: number;
  authorPartnerId: number | null;
  channel: SupportChannel;
  text: string;
  sentAt: string;
  /** A staff note (a hand-over, a resolution): the customer is not shown it. */
  internal: boolean;
}

/** A message to add to a ticket. */
export interface NewTicketMessage {
  ticketId: number;
  /** Plain text; the CRM keeps HTML. */
  text: string;
  channel: SupportChannel;
  /** The customer's partner for their words; null for staff (the integration user writes for them). */
  authorPartnerId: number | null;
  internal: boolean;
  /** Unique per message: how a retried write finds it instead of adding it twice. */
  reference: string;
}

/** A customer partner as a directory of who is who needs it; archived ones too, so a directory can drop them. */
export interface CustomerPartner {
  id: number;
  name: string;
  email: string | null;
  /** Phone and mobile as typed, where given. */
  phones: string[];
  address: { street: string | null; city: string | null };
  active: boolean;
  /** Ids Zalo and Facebook messages arrive with (Studio fields on the partner). */
  zaloUserId: string | null;
  facebookPsid: string | null;
  /** ISO 8601 with zone. */
  updatedAt: string;
}

/** A loyalty card and the partner it belongs to, if any. */
export interface CustomerCard {
  id: number;
  partnerId: number | null;
  code: string;
  updatedAt: string;
}

/** What a profile change writes on a customer's partners; what is left out stays. */
export interface PartnerChange {
  phone?: string;
  mobile?: string;
  email?: string;
  street?: string;
  city?: string;
  /** Opt-outs of the channels Odoo has no blacklist for, kept as custom fields on the partner. */
  optedOut?: Partial<ChannelOptOuts>;
}

export interface ChannelOptOuts {
  zalo: boolean;
  push: boolean;
  phone: boolean;
}

/** A number a partner had before a change of their phone or mobile, as it was typed. */
export interface FormerPhone {
  partnerId: number;
  phone: string;
  changedAt: string;
}
