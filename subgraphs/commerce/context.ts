import type { CustomerReads } from '../../lib/access-record';
import type { RequestContext } from '../../lib/context';
import type { CustomerRecords } from '../../lib/customer-lookup';
import type { CommerceServices } from './services';

export interface Context extends RequestContext {
  commerce: CommerceServices;
  /** The signed-in customer's records, asked of identity once per request, when a cart check needs them. */
  signedIn: () => Promise<CustomerRecords | null>;
  /** The record of who looked: staff reading a customer's profile changes (their contacts) are noted. */
  customerReads: CustomerReads;
}
