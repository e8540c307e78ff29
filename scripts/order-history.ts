import type { OrderSource } from '../lib/subgraph-locations';

/**
 * The orders subgraph's side of the order-source contract (lib/subgraph-locations.ts), written from
 * the registry so a new source joins the one history without an edit to the orders subgraph: each
 * source's order type as an implementation of `Order` it only references, each source's index on
 * `Customer` as a field it is given, and the history that requires them all.
 */
export function orderHistorySdl(sources: readonly OrderSource[]): string {
  const types = sources.map((source) => `type ${source.type} implements Order @key(fields: "id", resolvable: false) {\n  id: ID!\n}\n`);
  const indexes = sources.map((source) => `  ${source.index}: [OrderIndexEntry!] @external\n`);
  const requires = sources.map((source) => `${source.index} { orderId placedAt }`).join(' ');
  return [
    '# Written by `npm run compose` from the order sources in the registry (lib/subgraph-locations.ts): do not edit.\n',
    '# Read after the orders subgraph’s schema.graphql and its shared files (GENERATED_SDL, lib/subgraph.ts).\n\n',
    ...types.map((type) => `${type}\n`),
    'type Customer @key(fields: "id") {\n',
    '  id: ID!\n',
    ...indexes,
    '  """\n',
    "  Orders from every channel in one history, newest first. When a channel's system is down,\n",
    "  the others' orders are still listed and an error names the missing channel.\n",
    '  """\n',
    '  orderHistory(first: Int = 20, after: String, channels: [SalesChannel!]): OrderConnection\n',
    `    @requires(fields: "${requires}")\n`,
    '}\n',
  ].join('');
}
