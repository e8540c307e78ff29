import type { RequestContext } from '../../lib/context';

export interface Context extends RequestContext {
  /** One instant per request: every figure of an answer is "as of" the same moment. */
  now: Date;
}
