import type { CustomerReads } from '../../lib/access-record';
import type { RequestContext } from '../../lib/context';

/** The orders subgraph merges what other subgraphs provide; of its own it has only the record of who looked. */
export interface Context extends RequestContext {
  /** The personal data this request serves, for the record of who looked. */
  customerReads: CustomerReads;
}
