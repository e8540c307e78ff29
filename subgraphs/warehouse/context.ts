import type { RequestContext } from '../../lib/context';
import type { WarehouseLoaders } from './loaders';

export interface Context extends RequestContext {
  /** This request's loaders: one ERP query per kind of record, whatever the number of variants. */
  warehouse: WarehouseLoaders;
}
