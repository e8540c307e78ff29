import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import { Dispatcher, errors as undiciErrors, getGlobalDispatcher } from 'undici';
import { signedHeaders } from '../lib/signature';

/** What the gateway knows about the request it is serving. */
export interface GatewayContext {
  requestId: string;
  /** The encoded caller header forwarded to every subgraph. */
  callerHeader: string;
}

type Reason = 'TIMEOUT' | 'DOWN' | 'ERROR';
type SubgraphAnswer = Awaited<ReturnType<GraphQLDataSource['process']>>;

function isTimeout(error: unknown): boolean {
  return error instanceof undiciErrors.HeadersTimeoutError || error instanceof undiciErrors.BodyTimeoutError;
}

/**
 * Calls one subgraph: forwards the request id and caller, signs the exact body, bounds the call
 * with a timeout, and turns transport failures into a typed `<SUBGRAPH>_UNAVAILABLE` error
 * without the subgraph's address or response body.
 *
 * It speaks to the subgraph with undici's request API over a keep-alive pool rather than
 * through RemoteGraphQLDataSource and fetch: fetch's WHATWG streams, Request/Headers objects and
 * per-call AbortSignal were about a fifth of the gateway's CPU in the bench profile
 * (bench/README.md), and a subgraph call needs none of them.
 */
export class SubgraphDataSource implements GraphQLDataSource<GatewayContext> {
  private readonly origin: string;
  private readonly path: string;

  constructor(
    private readonly subgraph: string,
    url: string,
    private readonly secret: string,
    /** Bounds the wait for the answer to start, and then any stall while it arrives. */
    private readonly timeoutMs: number,
    private readonly dispatcher: Dispatcher = getGlobalDispatcher(),
  ) {
    const parsed = new URL(url);
    this.origin = parsed.origin;
    this.path = `${parsed.pathname}${parsed.search}`;
  }

  async process({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<SubgraphAnswer> {
    const { http: _http, ...operation } = request;
    const body = JSON.stringify(operation);
    // Schema loads and health checks carry no incoming request.
    const requestId = 'requestId' in context ? context.requestId : '';
    const caller = 'callerHeader' in context ? context.callerHeader : '';
    const headers = {
      'content-type': 'application/json',
      accept: 'application/json',
      ...signedHeaders(this.secret, { requestId, caller, body }),
    };
    let response: Dispatcher.ResponseData;
    try {
      response = await this.dispatcher.request({
        origin: this.origin,
        path: this.path,
        method: 'POST',
        headers,
        body,
        headersTimeout: this.timeoutMs,
        bodyTimeout: this.timeoutMs,
      });
    } catch (error) {
      throw this.unavailable(isTimeout(error) ? 'TIMEOUT' : 'DOWN');
    }
    if (response.statusCode < 200 || response.statusCode >= 300) {
      await response.body.dump();
      throw this.unavailable('ERROR');
    }
    let answer: unknown;
    try {
      answer = await response.body.json();
    } catch (error) {
      throw this.unavailable(isTimeout(error) ? 'TIMEOUT' : 'ERROR');
    }
    if (typeof answer !== 'object' || answer === null || Array.isArray(answer)) throw this.unavailable('ERROR');
    return answer as SubgraphAnswer;
  }

  private unavailable(reason: Reason): GraphQLError {
    return new GraphQLError(`The ${this.subgraph} service is unavailable; try again shortly.`, {
      extensions: { code: `${this.subgraph.toUpperCase()}_UNAVAILABLE`, reason },
    });
  }
}
