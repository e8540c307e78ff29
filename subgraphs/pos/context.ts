import type { RequestContext } from '../../lib/context';
import type { PosLoaders } from './loaders';
import type { SalesFeed } from '../../connectors/pos';

export interface Context extends RequestContext {
  /** This request's loaders: a constant number of POS calls whatever the number of parents. */
  pos: PosLoaders;
  /** What the tills sold lately, followed from the POS feed in the background. */
  salesFeed: SalesFeed;
}
