/**
 * The subgraphs the supergraph is composed of. The URL baked into the supergraph is the default
 * one; `<NAME>_SUBGRAPH_URL` overrides it at run time, as a deployment would.
 */
export interface SubgraphLocation {
  name: string;
  defaultPort: number;
}

export const SUBGRAPHS: SubgraphLocation[] = [
  { name: 'identity', defaultPort: 4001 },
  { name: 'crm', defaultPort: 4002 },
  { name: 'ecommerce', defaultPort: 4003 },
  { name: 'pos', defaultPort: 4004 },
  { name: 'warehouse', defaultPort: 4005 },
  { name: 'orders', defaultPort: 4006 },
  { name: 'inventory', defaultPort: 4007 },
  { name: 'commerce', defaultPort: 4008 },
];

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
