/** The crm connector: everything the graph uses of the CRM (Odoo JSON-RPC), in retail terms. See README.md. */
export * from './client';
export * from './records';
export {
  htmlToText,
  isoToOdooDatetime,
  loyaltyOrigin,
  many2oneId,
  odooDatetimeToIso,
  orNull,
  supportChannel,
  ticketStatus,
  wholePoints,
} from './mapping';
export { CrmError, type CrmCredentials, type Domain, type SearchOptions } from './rpc';
export * from './ledger';
