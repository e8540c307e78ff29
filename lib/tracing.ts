import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingHttpHeaders } from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import {
  Attributes,
  Context,
  context,
  createContextKey,
  propagation,
  ROOT_CONTEXT,
  Span,
  SpanKind,
  SpanStatusCode,
  trace,
  Tracer,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  ConsoleSpanExporter,
  SimpleSpanProcessor,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { REQUEST_ID_HEADER } from './signature';

/**
 * Following one request across processes: its request id, and its OpenTelemetry trace from the
 * client's `traceparent` (or a new trace) through the gateway, the query plan, each subgraph and each
 * legacy call, whose request carries both as headers. Tracing is off unless configured
 * (`startTracing`): then nothing is registered, @opentelemetry/api's tracer is a no-op (Apollo
 * Gateway's own spans included) and Omnigraph's code starts no span at all.
 */

/** The span attribute naming which of Omnigraph's services made a span: `gateway`, `crm`, … (one process may run them all). */
export const SERVICE_ATTRIBUTE = 'omnigraph.service';
/** The span attribute with the request id, to find a request's logs from its trace. */
export const REQUEST_ID_ATTRIBUTE = 'omnigraph.request_id';

const TRACER_NAME = 'omnigraph';
const SERVICE = createContextKey('omnigraph.service');
const SERVER_SPAN = createContextKey('omnigraph.server-span');

/** Omnigraph's tracer while tracing is on in this process; undefined (and no span work) otherwise. */
let tracer: Tracer | undefined;

/** The request id of the request being served, for the legacy calls made for it (`x-request-id`). */
const requestIds = new AsyncLocalStorage<string>();

export interface TracingOptions {
  env?: NodeJS.ProcessEnv;
  /** `service.name` of the process's resource unless OTEL_SERVICE_NAME is set: `gateway`, `crm`, `omnigraph` (all in one). */
  service: string;
  /** Where spans go instead of OTLP, each as it ends (tests: an InMemorySpanExporter); turns tracing on whatever the environment says. */
  exporter?: SpanExporter;
}

export interface Tracing {
  /** Exports what is buffered, stops the provider and unregisters it: spans are no-ops again. */
  stop(): Promise<void>;
}

/**
 * Which exporter the environment asks for, by OpenTelemetry's own variables: none unless
 * OTEL_TRACES_EXPORTER names one (`otlp`, `console`) or an OTLP endpoint is set
 * (OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, OTEL_EXPORTER_OTLP_ENDPOINT); OTEL_SDK_DISABLED=true and
 * OTEL_TRACES_EXPORTER=none keep it off.
 */
export function tracesExporterOf(env: NodeJS.ProcessEnv): 'otlp' | 'console' | null {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return null;
  const named = env.OTEL_TRACES_EXPORTER?.trim().toLowerCase();
  if (named === 'none') return null;
  if (named === 'otlp' || named === 'console') return named;
  if (named) throw new Error(`OTEL_TRACES_EXPORTER must be otlp, console or none, not "${env.OTEL_TRACES_EXPORTER}".`);
  return env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT ? 'otlp' : null;
}

/** The OTLP/HTTP traces URL: the traces endpoint as given, else the base endpoint's `/v1/traces`, else the exporter's default (localhost:4318). */
function otlpTracesUrl(env: NodeJS.ProcessEnv): string | undefined {
  if (env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) return env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  if (env.OTEL_EXPORTER_OTLP_ENDPOINT) return `${env.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, '')}/v1/traces`;
  return undefined;
}

/** OTEL_RESOURCE_ATTRIBUTES: `key=value` pairs, comma-separated, values percent-encoded. */
function resourceAttributesOf(env: NodeJS.ProcessEnv): Attributes {
  const attributes: Attributes = {};
  for (const pair of (env.OTEL_RESOURCE_ATTRIBUTES ?? '').split(',')) {
    const at = pair.indexOf('=');
    if (at <= 0) continue;
    try {
      attributes[pair.slice(0, at).trim()] = decodeURIComponent(pair.slice(at + 1).trim());
    } catch {
      // A value that is not valid percent-encoding is left out, as the SDK's own detector does.
    }
  }
  return attributes;
}

/** Stamps each span with the Omnigraph service whose request it was made in (the context's, set by the server spans). */
const serviceStamp: SpanProcessor = {
  onStart(span, parentContext) {
    const service = parentContext.getValue(SERVICE);
    if (typeof service === 'string' && span.attributes[SERVICE_ATTRIBUTE] === undefined) span.setAttribute(SERVICE_ATTRIBUTE, service);
  },
  onEnd: () => undefined,
  forceFlush: async () => undefined,
  shutdown: async () => undefined,
};

/**
 * Turns tracing on for this process when the environment configures it (or an exporter is given):
 * one tracer provider for every server the process runs, registered with @opentelemetry/api with
 * async context (AsyncLocalStorage) and the W3C trace context propagator (only `traceparent` and
 * `tracestate`: a client's baggage is not passed on to the legacy systems). Sampling follows
 * OTEL_TRACES_SAMPLER (by default the client's decision, else every request). Returns undefined,
 * registering nothing, when tracing is off.
 */
export function startTracing(options: TracingOptions): Tracing | undefined {
  const env = options.env ?? process.env;
  const kind = options.exporter ? null : tracesExporterOf(env);
  if (!options.exporter && kind === null) return undefined;
  const resource = defaultResource()
    .merge(resourceFromAttributes({ 'service.name': options.service, 'service.namespace': 'omnigraph' }))
    .merge(resourceFromAttributes(resourceAttributesOf(env)))
    .merge(env.OTEL_SERVICE_NAME ? resourceFromAttributes({ 'service.name': env.OTEL_SERVICE_NAME }) : null);
  const processor = options.exporter
    ? new SimpleSpanProcessor(options.exporter)
    : kind === 'console'
      ? new SimpleSpanProcessor(new ConsoleSpanExporter())
      : new BatchSpanProcessor(new OTLPTraceExporter({ url: otlpTracesUrl(env) }));
  const provider = new NodeTracerProvider({ resource, spanProcessors: [serviceStamp, processor] });
  provider.register({ propagator: new W3CTraceContextPropagator() });
  tracer = provider.getTracer(TRACER_NAME);
  return {
    stop: async () => {
      tracer = undefined;
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}

/** Whether tracing is on in this process (startTracing was called and not stopped). */
export function tracingOn(): boolean {
  return tracer !== undefined;
}

/** A server span of one incoming request and the context to serve it in (the span, and the service it belongs to). */
export interface ServerTrace {
  span: Span;
  context: Context;
}

/**
 * Starts the server span of a request `service` receives, child of the caller's `traceparent` when
 * the headers carry one (else the first span of a new trace), named `method route` until
 * `operationNaming` names it by its operation. Undefined while tracing is off.
 */
export function startServerSpan(
  service: string,
  method: string,
  route: string,
  headers: IncomingHttpHeaders,
  requestId: string,
): ServerTrace | undefined {
  if (!tracer) return undefined;
  const parent = propagation.extract(ROOT_CONTEXT, headers);
  const span = tracer.startSpan(
    `${method} ${route}`,
    {
      kind: SpanKind.SERVER,
      attributes: {
        [SERVICE_ATTRIBUTE]: service,
        [REQUEST_ID_ATTRIBUTE]: requestId,
        'http.request.method': method,
        'http.route': route,
      },
    },
    parent,
  );
  return { span, context: trace.setSpan(parent, span).setValue(SERVICE, service).setValue(SERVER_SPAN, span) };
}

/** Ends a server span with the answer's HTTP status (a 5xx is an error). */
export function endServerSpan(span: Span, statusCode: number): void {
  span.setAttribute('http.response.status_code', statusCode);
  if (statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
  span.end();
}

/**
 * Serves one request `service` received on `route`: `serve` runs with the request's id known to the
 * legacy calls it makes and, while tracing is on, inside its server span, ended with `statusOf()`.
 */
export async function served<T>(
  service: string,
  route: string,
  request: { method: string; headers: IncomingHttpHeaders; requestId: string },
  serve: () => Promise<T>,
  statusOf: () => number,
): Promise<T> {
  const traced = startServerSpan(service, request.method, route, request.headers, request.requestId);
  if (!traced) return requestIds.run(request.requestId, serve);
  try {
    return await context.with(traced.context, () => requestIds.run(request.requestId, serve));
  } finally {
    endServerSpan(traced.span, statusOf());
  }
}

/** The request id of the request being served, if any. */
export function currentRequestId(): string | undefined {
  return requestIds.getStore();
}

/**
 * Names the server span of the request by its operation once Apollo has resolved it
 * (`query Customer360ByPhone`; a subgraph's, the gateway's name for its fetch,
 * `query Customer360ByPhone__crm__1`), as OpenTelemetry's GraphQL conventions name spans.
 */
export function operationNaming<TContext extends object>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      const span = context.active().getValue(SERVER_SPAN) as Span | undefined;
      if (!span) return;
      return {
        async didResolveOperation({ operation, operationName }) {
          if (!operation) return;
          span.updateName(operationName ? `${operation.operation} ${operationName}` : operation.operation);
          span.setAttribute('graphql.operation.type', operation.operation);
          if (operationName) span.setAttribute('graphql.operation.name', operationName);
        },
      };
    },
  };
}

/**
 * Runs an outgoing call as a client span named `name`, child of the span active now, when tracing
 * is on and a traced request is being served (work a process does on its own, a feed's polling,
 * starts no trace). `call` gets the headers to send: the request id, when serving one, and the
 * span's `traceparent`; `end` tells the span how the call ended.
 */
export async function tracedCall<T>(
  name: string,
  attributes: Attributes,
  call: (headers: Record<string, string>, span: Span | undefined) => Promise<T>,
): Promise<T> {
  const requestId = requestIds.getStore();
  const headers: Record<string, string> = requestId ? { [REQUEST_ID_HEADER]: requestId } : {};
  const active = tracer ? context.active() : undefined;
  if (!tracer || !active || !trace.getSpan(active)) return call(headers, undefined);
  const span = tracer.startSpan(name, { kind: SpanKind.CLIENT, attributes }, active);
  propagation.inject(trace.setSpan(active, span), headers);
  try {
    return await call(headers, span);
  } catch (error) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : undefined });
    throw error;
  } finally {
    span.end();
  }
}

/** Marks the span active now (the gateway's fetch) as served by a call another request already had on its way. */
export function markShared(): void {
  if (tracer) trace.getActiveSpan()?.setAttribute('omnigraph.fetch.shared', true);
}
