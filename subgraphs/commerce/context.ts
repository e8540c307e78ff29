import type { RequestContext } from '../../lib/context';
import type { CommerceServices } from './services';

export interface Context extends RequestContext {
  commerce: CommerceServices;
}
