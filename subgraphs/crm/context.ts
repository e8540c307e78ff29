import type { RequestContext } from '../../lib/context';
import type { CrmLoaders } from './loaders';

export interface Context extends RequestContext {
  /** This request's loaders: one CRM call per kind of record, whatever the number of customers. */
  crm: CrmLoaders;
}
