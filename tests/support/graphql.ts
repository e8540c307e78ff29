import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';

export interface GraphQLAnswer<T> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
  headers: Headers;
}

/** POSTs an operation to the gateway as a client would. */
export async function execute<T, V>(
  url: string,
  document: TypedDocumentNode<T, V> | string,
  variables?: V,
  headers: Record<string, string> = {},
): Promise<GraphQLAnswer<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: typeof document === 'string' ? document : print(document), variables }),
  });
  const body = (await response.json()) as Omit<GraphQLAnswer<T>, 'status' | 'headers'>;
  return { ...body, status: response.status, headers: response.headers };
}

/** Every error's code, for assertions. */
export function errorCodes(answer: GraphQLAnswer<unknown>): unknown[] {
  return (answer.errors ?? []).map((error) => error.extensions?.code);
}
