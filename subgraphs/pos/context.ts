import type { RequestContext } from '../../lib/context';
import type { CustomerRecords } from '../../lib/customer-lookup';
import type { LookupsOfRequest } from './customer-lookups';
import type { PosLoaders } from './loaders';
import type { SalesFeed } from '../../connectors/pos';

export interface Context extends RequestContext {
  /** This request's loaders: a constant number of POS calls whatever the number of parents. */
  pos: PosLoaders;
  /** What the tills sold lately, followed from the POS feed in the background. */
  salesFeed: SalesFeed;
  /** The cards and phones this gateway request's order index looked up: a customer's own, so their history needs no ownership lookup. */
  lookups: LookupsOfRequest;
  /** The signed-in customer's records, asked of identity once per request, when an order check needs them. */
  signedIn: () => Promise<CustomerRecords | null>;
}
