import { encodeId, IdType } from '../../lib/ids';
import type { Partner, Ticket } from '../../connectors/crm';

/** What the resolvers hand down: the CRM's records as the client translated them, in context. */

/** A customer as the gateway hands it over: its id and the CRM partners identity linked to it. */
export interface CustomerReference {
  id: string;
  crmPartnerIds: number[];
}

/** A customer's CRM partner records, oldest first, and the one whose name and contacts lead. */
export interface CrmProfile {
  primary: Partner;
  partners: Partner[];
}

/** A ticket, with the customer's partners to tell their messages from the agents'. */
export interface CustomerTicket {
  ticket: Ticket;
  customerPartnerIds: number[];
}

export type CrmRecordType = Extract<IdType, 'LoyaltyTransaction' | 'SupportTicket' | 'SupportMessage'>;

/** Opaque, stable ids of CRM records: "<Type>:<CRM id>". */
export function crmRecordId(type: CrmRecordType, id: number): string {
  return encodeId(type, String(id));
}
