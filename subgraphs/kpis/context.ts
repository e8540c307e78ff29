import type { RequestContext } from '../../lib/context';
import type { KpiReadModel } from './read-model';

export interface Context extends RequestContext {
  /** The sales read model; null until the systems' whole history is in it (the first start's read). */
  kpis: KpiReadModel | null;
  /** The retailer's currency: every amount the model sums is in it. */
  currency: string;
}
