import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import { Dispatcher, errors as undiciErrors, getGlobalDispatcher } from 'undici';
import type { Attributes, Span } from '@opentelemetry/api';
import { signedHeaders } from '../lib/signature';
import { markShared, tracedCall, tracingOn } from '../lib/tracing';

/** What the gateway knows about the request it is serving. */
export interface GatewayContext {
  requestId: string;
  /** The encoded caller header forwarded to every subgraph. */
  callerHeader: string;
}

type Reason = 'TIMEOUT' | 'DOWN' | 'ERROR';
type SubgraphAnswer = Awaited<ReturnType<GraphQLDataSource['process']>>;

/** Told of each call the gateway makes to a subgraph (gateway/plugins/metrics.ts). */
export interface SubgraphCallObserver {
  /** One call, its time and how it failed: `TIMEOUT`, `DOWN` or `ERROR` for the transport, else each error code in the answer (empty: none). */
  called(subgraph: string, seconds: number, errorCodes: readonly string[]): void;
}

export interface SubgraphCallOptions {
  /** Bounds the wait for the answer to start, and then any stall while it arrives. */
  timeoutMs: number;
  /** Identical query fetches in flight at once share one call (see `process`). */
  deduplicate: boolean;
  observer?: SubgraphCallObserver;
}

function isTimeout(error: unknown): boolean {
  return error instanceof undiciErrors.HeadersTimeoutError || error instanceof undiciErrors.BodyTimeoutError;
}

/** The codes of the errors in a subgraph's answer (UNKNOWN for one without); none if it is not JSON (parse fails it after). */
function errorCodesOf(text: string): string[] {
  try {
    const errors = (JSON.parse(text) as { errors?: { extensions?: { code?: unknown } }[] }).errors;
    return Array.isArray(errors)
      ? errors.map((error) => (typeof error?.extensions?.code === 'string' ? error.extensions.code : 'UNKNOWN'))
      : [];
  } catch {
    return ['ERROR'];
  }
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
  /** Answers on their way, as text, by caller and exact body: each waiter parses its own copy. */
  private readonly inFlight = new Map<string, Promise<string>>();
  private readonly spanName: string;
  private readonly spanAttributes: Attributes;

  constructor(
    private readonly subgraph: string,
    url: string,
    private readonly secret: string,
    private readonly options: SubgraphCallOptions,
    private readonly dispatcher: Dispatcher = getGlobalDispatcher(),
  ) {
    const parsed = new URL(url);
    this.origin = parsed.origin;
    this.path = `${parsed.pathname}${parsed.search}`;
    this.spanName = `subgraph ${subgraph}`;
    this.spanAttributes = { 'omnigraph.subgraph': subgraph, 'http.request.method': 'POST', 'server.address': parsed.hostname };
  }

  /**
   * With deduplication on, a fetch for an incoming query that is identical (same caller, same
   * body) to one already on its way waits for that answer instead of calling again: two queries
   * that plan to the same entity fetch at the same moment, a page's burst. Never for a mutation's
   * fetches, which must see what the mutation did. Each waiter parses the answer itself, since
   * the gateway merges into the objects it is given.
   */
  async process({ request, context, ...rest }: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<SubgraphAnswer> {
    const { http: _http, ...operation } = request;
    const body = JSON.stringify(operation);
    // Schema loads and health checks carry no incoming request.
    const requestId = 'requestId' in context ? context.requestId : '';
    const caller = 'callerHeader' in context ? context.callerHeader : '';
    const shareable =
      this.options.deduplicate &&
      // Only an incoming operation has one: schema loads and health checks are never shared.
      'incomingRequestContext' in rest &&
      rest.incomingRequestContext.operation.operation === 'query';
    if (!shareable) return this.parse(await this.observed(this.call(requestId, caller, body)));
    const key = `${caller}\n${body}`;
    let answer = this.inFlight.get(key);
    if (answer) markShared();
    else {
      answer = this.observed(this.call(requestId, caller, body));
      this.inFlight.set(key, answer);
      const done = () => void this.inFlight.delete(key);
      answer.then(done, done);
    }
    return this.parse(await answer);
  }

  /**
   * Tells the observer of a call once it ends: its time, and its failure or the codes of the errors
   * in its answer, read from the text (only when it names errors, so most answers are not parsed twice).
   */
  private async observed(call: Promise<string>): Promise<string> {
    const observer = this.options.observer;
    if (!observer) return call;
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    let text: string;
    try {
      text = await call;
    } catch (error) {
      const reason = error instanceof GraphQLError ? error.extensions.reason : undefined;
      observer.called(this.subgraph, seconds(), [typeof reason === 'string' ? reason : 'ERROR']);
      throw error;
    }
    observer.called(this.subgraph, seconds(), text.includes('"errors"') ? errorCodesOf(text) : []);
    return text;
  }

  /**
   * One call, as a client span named by the subgraph when the request is traced, whose
   * `traceparent` it sends (outside the signature and the key of shared fetches: a fetch that joins
   * another's call is marked shared on its own span instead).
   */
  private call(requestId: string, caller: string, body: string): Promise<string> {
    const signed = signedHeaders(this.secret, { requestId, caller, body });
    if (!tracingOn()) return this.send(signed, body);
    return tracedCall(this.spanName, this.spanAttributes, (traceHeaders, span) => this.send({ ...traceHeaders, ...signed }, body, span));
  }

  private async send(signed: Record<string, string>, body: string, span?: Span): Promise<string> {
    const headers = { 'content-type': 'application/json', accept: 'application/json', ...signed };
    let response: Dispatcher.ResponseData;
    try {
      response = await this.dispatcher.request({
        origin: this.origin,
        path: this.path,
        method: 'POST',
        headers,
        body,
        headersTimeout: this.options.timeoutMs,
        bodyTimeout: this.options.timeoutMs,
      });
    } catch (error) {
      throw this.unavailable(isTimeout(error) ? 'TIMEOUT' : 'DOWN');
    }
    span?.setAttribute('http.response.status_code', response.statusCode);
    if (response.statusCode < 200 || response.statusCode >= 300) {
      await response.body.dump();
      throw this.unavailable('ERROR');
    }
    try {
      return await response.body.text();
    } catch (error) {
      throw this.unavailable(isTimeout(error) ? 'TIMEOUT' : 'ERROR');
    }
  }

  private parse(text: string): SubgraphAnswer {
    let answer: unknown;
    try {
      answer = JSON.parse(text);
    } catch {
      throw this.unavailable('ERROR');
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
