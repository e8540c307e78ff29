import type { RequestContext } from '../../lib/context';
import type { CustomerRecords } from '../../lib/customer-lookup';
import type { CommerceServices } from './services';

export interface Context extends RequestContext {
  commerce: CommerceServices;
  /** The signed-in customer's records, asked of identity once per request, when a cart check needs them. */
  signedIn: () => Promise<CustomerRecords | null>;
}
