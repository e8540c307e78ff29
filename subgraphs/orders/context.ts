import type { RequestContext } from '../../lib/context';

/** The orders subgraph needs nothing beyond the request: it merges what other subgraphs provide. */
export type Context = RequestContext;
