/**
 * The registry of subgraphs: every place that needs the list of subgraphs (composition, `npm start`,
 * the tests' system, codegen's checks, the order history) reads it here. `npm run new-system`
 * appends an entry; nothing else lists subgraphs by hand. The URL baked into the supergraph is the
 * default one; `<NAME>_SUBGRAPH_URL` overrides it at run time, as a deployment would.
 */
export interface SubgraphLocation {
  name: string;
  defaultPort: number;
  /** The files under schema/shared/ its schema takes, after its own schema.graphql, in this order. */
  sharedSdl: readonly string[];
  /** A subgraph whose orders join the one order history (see OrderSource). */
  orderSource?: OrderSource;
}

/**
 * The contract an order source keeps, so that the orders subgraph merges its orders without naming
 * it: the subgraph implements `Order` with an entity `type` keyed by `id` (an id minted for that
 * type, lib/ids.ts), and puts `Customer.<index>: [OrderIndexEntry!]` (each of that customer's
 * orders with when it was placed) on the customer. `npm run compose` writes the orders subgraph's
 * side of it (schema/generated/order-history.graphql) from these entries.
 */
export interface OrderSource {
  type: string;
  channel: string;
  index: string;
}

export const SUBGRAPHS: readonly SubgraphLocation[] = [
  { name: 'identity', defaultPort: 4001, sharedSdl: ['date-time', 'page-info', 'user-error', 'consent', 'live'] },
  { name: 'crm', defaultPort: 4002, sharedSdl: ['date-time', 'page-info', 'postal-address', 'support'] },
  {
    name: 'ecommerce',
    defaultPort: 4003,
    sharedSdl: ['date-time', 'page-info', 'money', 'order-index', 'order', 'live'],
    orderSource: { type: 'WebOrder', channel: 'WEB', index: 'webOrderIndex' },
  },
  {
    name: 'pos',
    defaultPort: 4004,
    sharedSdl: ['date-time', 'page-info', 'money', 'order-index', 'order'],
    orderSource: { type: 'StoreOrder', channel: 'STORE', index: 'storeOrderIndex' },
  },
  { name: 'warehouse', defaultPort: 4005, sharedSdl: ['date-time', 'page-info', 'location', 'postal-address', 'geo-point-input', 'live'] },
  { name: 'orders', defaultPort: 4006, sharedSdl: ['date-time', 'page-info', 'order-index', 'live'] },
  { name: 'inventory', defaultPort: 4007, sharedSdl: ['date-time', 'location', 'geo-point-input'] },
  { name: 'commerce', defaultPort: 4008, sharedSdl: ['date-time', 'money', 'user-error', 'support', 'consent'] },
  {
    name: 'marketplace',
    defaultPort: 4009,
    sharedSdl: ['date-time', 'page-info', 'money', 'order-index', 'order'],
    orderSource: { type: 'MarketplaceOrder', channel: 'MARKETPLACE', index: 'marketplaceOrderIndex' },
  },
  { name: 'kpis', defaultPort: 4011, sharedSdl: ['date-time', 'money', 'live'] },
];

/** The default ports of what is not a subgraph (`npm start`): a new subgraph's port is none of these. */
export const DEFAULT_PORTS = { gateway: 4000, identityProvider: 4010, partnerGateway: 4100, hiveGateway: 4200, console: 4300 } as const;

/** The order sources, in the registry's order. */
export const ORDER_SOURCES: readonly OrderSource[] = SUBGRAPHS.flatMap((subgraph) => (subgraph.orderSource ? [subgraph.orderSource] : []));

export function defaultSubgraphUrl(location: SubgraphLocation): string {
  return `http://127.0.0.1:${location.defaultPort}/graphql`;
}

export function subgraphUrl(name: string, composedUrl: string, env: NodeJS.ProcessEnv = process.env): string {
  return env[`${name.toUpperCase()}_SUBGRAPH_URL`] ?? composedUrl;
}

/** Where a subgraph answers: `<NAME>_SUBGRAPH_URL`, else its default port (a subgraph asking another). */
export function subgraphUrlOf(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const location = SUBGRAPHS.find((subgraph) => subgraph.name === name);
  if (!location) throw new Error(`no subgraph named ${name}`);
  return subgraphUrl(name, defaultSubgraphUrl(location), env);
}
