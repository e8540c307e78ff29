import type { MarketplaceClient } from '../../connectors/marketplace';
import type { RequestContext } from '../../lib/context';
import type { CustomerReads } from '../../lib/access-record';
import type { CustomerLookup, CustomerRecords } from '../../lib/customer-lookup';
import type { Fulfilment } from './fulfilment';
import type { OrderBook } from './order-book';

export interface Context extends RequestContext {
  marketplace: MarketplaceClient;
  /** The marketplace's orders as the intake last read them. */
  orders: OrderBook;
  fulfilment: Fulfilment;
  /** The signed-in customer's records, asked of identity once per request, when an order's row check needs them. */
  signedIn: () => Promise<CustomerRecords | null>;
  /** Whose a linked buyer is, asked of identity, for the record of who looked. */
  customers: CustomerLookup;
  /** The personal data this request serves, for the record of who looked. */
  customerReads: CustomerReads;
}
