/**
 * Odoo's rows as `search_read` answers them, one shape per model and field list read. An empty
 * value is `false`, never null; a many2one reads back as `[id, "display name"]` or `false`;
 * datetimes are zoneless UTC text ("2026-11-20 05:06:07"); points are floats; bodies are HTML.
 */

export type Many2one = [number, string] | false;

/** res.partner, as `partnersByIds` reads it. */
export interface PartnerRow {
  id: number;
  name: string | false;
  email: string | false;
  phone: string | false;
  mobile: string | false;
  street: string | false;
  city: string | false;
  active: boolean;
  /** The retailer's custom opt-out fields (Odoo Studio). */
  x_zalo_opt_out: boolean;
  x_push_opt_out: boolean;
  x_phone_opt_out: boolean;
  create_date: string;
  write_date: string;
}

/** loyalty.card, with its balance. */
export interface CardRow {
  id: number;
  partner_id: Many2one;
  code: string;
  points: number;
}

/** loyalty.history: one points movement. */
export interface HistoryRow {
  id: number;
  card_id: Many2one;
  description: string | false;
  issued: number;
  used: number;
  order_ref: string | false;
  create_date: string;
}

/** helpdesk.ticket. */
export interface TicketRow {
  id: number;
  name: string;
  partner_id: Many2one;
  stage_id: Many2one;
  team_id: Many2one;
  user_id: Many2one;
  create_date: string;
  write_date: string;
}

/** mail.message on a ticket. */
export interface MessageRow {
  id: number;
  res_id: number;
  body: string | false;
  author_id: Many2one;
  /** Set on every message: Odoo stamps it on create. */
  date: string;
  message_type: string;
  x_channel: string | false;
  is_internal: boolean;
}

/** res.partner, as a directory of who is who reads it. */
export interface CustomerPartnerRow {
  id: number;
  name: string;
  email: string | false;
  phone: string | false;
  mobile: string | false;
  street: string | false;
  city: string | false;
  active: boolean;
  x_zalo_user_id: string | false;
  x_facebook_psid: string | false;
  write_date: string;
}

/** loyalty.card, as a directory of who is who reads it. */
export interface CustomerCardRow {
  id: number;
  partner_id: [number, string] | false;
  code: string;
  write_date: string;
}
