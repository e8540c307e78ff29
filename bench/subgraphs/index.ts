import type { RequestContext } from '../../lib/context';
import type { SubgraphService } from '../../lib/subgraph';
import { accounts } from './accounts';
import { inventory } from './inventory';
import { products } from './products';
import { reviews } from './reviews';

export interface BenchSubgraph {
  service: SubgraphService<RequestContext>;
  port: number;
}

/** Loopback ports away from the app's own 4000-4007 so a running dev stack does not clash. */
export const BENCH_SUBGRAPHS: BenchSubgraph[] = [
  { service: accounts, port: 4701 },
  { service: inventory, port: 4702 },
  { service: products, port: 4703 },
  { service: reviews, port: 4704 },
];

export function benchSubgraphUrl(port: number): string {
  return `http://127.0.0.1:${port}/graphql`;
}
