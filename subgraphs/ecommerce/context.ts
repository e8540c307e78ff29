import type DataLoader from 'dataloader';
import type { CustomerReads } from '../../lib/access-record';
import type { RequestContext } from '../../lib/context';
import type { CustomerRecords } from '../../lib/customer-lookup';
import type { EcommerceClient, PromotionBook } from '../../connectors/ecommerce';
import type { OrdersOfRequest } from './indexed-orders';
import type { EcommerceLoaders } from './loaders';
import type { OwnerKey } from './order-owners';

/** A customer as the gateway hands it over: its id and the identifiers identity linked to it. */
export interface CustomerReference {
  id: string;
  webCustomerIds: number[];
  /** Lower case. */
  emails: string[];
}

export interface Context extends RequestContext {
  /** For the catalogue list; every lookup goes through the loaders. */
  shop: EcommerceClient;
  /** This request's loaders: one web shop call per kind of record, whatever the number of parents. */
  loaders: EcommerceLoaders;
  /** One instant for the whole request, so every price in an answer is the price of the same moment. */
  now: Date;
  /** The orders this gateway request's order index read: a customer's own, so their history needs no ownership lookup. */
  indexed: OrdersOfRequest;
  /** The retailer's promotions, read from the shop's cart price rules and kept briefly across requests. */
  promotions: PromotionBook;
  /** The signed-in customer's records, asked of identity once per request, when an order or cart check needs them. */
  signedIn: () => Promise<CustomerRecords | null>;
  /** The personal data this request serves, for the record of who looked. */
  customerReads: CustomerReads;
  /** Whose an order is (the ids of the customers who hold its account or email: none, one, or a family), asked of identity once per distinct key, a page's in one call. */
  orderOwners: DataLoader<OwnerKey, string[]>;
}
