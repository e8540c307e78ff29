import { randomUUID } from 'node:crypto';
import { Caller, encodeCaller } from '../../lib/context';
import { gatewaySecret, signedHeaders } from '../../lib/signature';
import type { RunningSystem } from '../../scripts/system';

export interface SubgraphError {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string };
}

export interface SubgraphAnswer<T> {
  data?: T | null;
  errors?: SubgraphError[];
}

/**
 * Asks one subgraph directly, signed as the gateway signs (as lib/subgraph-call.ts does), keeping
 * every error as the subgraph answered it: the row rules must hold without the gateway's field rules.
 */
export async function askSubgraph<T>(
  system: Pick<RunningSystem, 'env' | 'subgraphUrls'>,
  subgraph: string,
  caller: Caller,
  query: string,
  variables: object = {},
  requestId: string = randomUUID(),
): Promise<SubgraphAnswer<T>> {
  const body = JSON.stringify({ query, variables });
  const headers = signedHeaders(gatewaySecret(system.env), { requestId, caller: encodeCaller(caller), body });
  const response = await fetch(system.subgraphUrls[subgraph], {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  return (await response.json()) as SubgraphAnswer<T>;
}
