/** What the CRM connector hands out: retail records, with null for "not set" and ISO 8601 times with their zone. */

/** Where a points movement came from. */
export type LoyaltySource = 'WEB_ORDER' | 'STORE_PURCHASE' | 'GIFT' | 'OTHER';
/** Where a support ticket stands. */
export type SupportTicketStatus = 'NEW' | 'IN_PROGRESS' | 'SOLVED';
/** The channel a support message came through. */
export type SupportChannel = 'PHONE' | 'CHAT' | 'EMAIL' | 'FACEBOOK' | 'ZALO';

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

/** A customer partner as a directory of who is who needs it; archived ones too, so a directory can drop them. */
export interface CustomerPartner {
  id: number;
  name: string;
  email: string | null;
  /** Phone and mobile as typed, where given. */
  phones: string[];
  address: { street: string | null; city: string | null };
  active: boolean;
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
