import { RemoteGraphQLDataSource } from '@apollo/gateway';
import type { Fetcher, FetcherRequestInit, FetcherResponse } from '@apollo/utils.fetcher';
import { GraphQLError } from 'graphql';
import { CALLER_HEADER, REQUEST_ID_HEADER, SIGNATURE_HEADER, signRequest } from '../lib/signature';

/** What the gateway knows about the request it is serving. */
export interface GatewayContext {
  requestId: string;
  /** The encoded caller header forwarded to every subgraph. */
  callerHeader: string;
}

/**
 * Calls one subgraph: forwards the request id and caller, signs the exact body, bounds the call
 * with a timeout, and turns transport failures into a typed `<SUBGRAPH>_UNAVAILABLE` error
 * without the subgraph's address or response body.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    private readonly subgraph: string,
    url: string,
    secret: string,
    timeoutMs: number,
  ) {
    const signedFetch: Fetcher = (input: string, init?: FetcherRequestInit): Promise<FetcherResponse> => {
      const headers = { ...(init?.headers as Record<string, string>) };
      headers[SIGNATURE_HEADER] = signRequest(secret, {
        requestId: headers[REQUEST_ID_HEADER] ?? '',
        caller: headers[CALLER_HEADER] ?? '',
        body: typeof init?.body === 'string' ? init.body : '',
      });
      return fetch(input, { method: init?.method, body: init?.body as string, headers, signal: AbortSignal.timeout(timeoutMs) });
    };
    super({ url, fetcher: signedFetch });
  }

  override willSendRequest({ request, context }: Parameters<NonNullable<RemoteGraphQLDataSource<GatewayContext>['willSendRequest']>>[0]): void {
    if (!('requestId' in context)) return;
    request.http?.headers.set(REQUEST_ID_HEADER, context.requestId);
    request.http?.headers.set(CALLER_HEADER, context.callerHeader);
  }

  override async errorFromResponse(): Promise<GraphQLError> {
    return this.unavailable('ERROR');
  }

  override didEncounterError(error: Error): void {
    if (error instanceof GraphQLError && error.extensions.code === this.code) throw error;
    throw this.unavailable(error.name === 'TimeoutError' || error.name === 'AbortError' ? 'TIMEOUT' : 'DOWN');
  }

  private get code(): string {
    return `${this.subgraph.toUpperCase()}_UNAVAILABLE`;
  }

  private unavailable(reason: 'TIMEOUT' | 'DOWN' | 'ERROR'): GraphQLError {
    return new GraphQLError(`The ${this.subgraph} service is unavailable; try again shortly.`, {
      extensions: { code: this.code, reason },
    });
  }
}
