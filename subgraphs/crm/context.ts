import type { CustomerReads } from '../../lib/access-record';
import type { RequestContext } from '../../lib/context';
import type { CustomerLookup, CustomerRecords } from '../../lib/customer-lookup';
import type { CrmLoaders } from './loaders';

export interface Context extends RequestContext {
  /** This request's loaders: one CRM call per kind of record, whatever the number of customers. */
  crm: CrmLoaders;
  /** The personal data this request serves, for the record of who looked. */
  customerReads: CustomerReads;
  /** The signed-in customer's records, asked of identity once per request, when a ticket's row check needs them. */
  signedIn: () => Promise<CustomerRecords | null>;
  /** Whose a record is, asked of identity: a case read by its id is noted against its customer. */
  customers: CustomerLookup;
}
