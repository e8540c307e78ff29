import { randomUUID } from 'node:crypto';
import {
  DocumentNode,
  FormattedExecutionResult,
  getOperationAST,
  GraphQLError,
  GraphQLFormattedError,
  GraphQLSchema,
  OperationTypeNode,
  parse,
  validate,
} from 'graphql';
import type { Logger } from 'pino';
import type { Clock } from '../../lib/clock';
import { Caller, encodeCaller } from '../../lib/context';
import { EventBus, EventBusUnavailableError } from '../../lib/events';
import { accessRulesOf, AccessRules, verdictOf } from '../access/rules';
import type { RunningGateway } from '../plugin';
import { grantOf, MESSAGES } from '../plugins/authorization';
import { EVENTS_UNAVAILABLE, LiveFeeds, SubscriberStream } from './feeds';
import { LiveField, liveFieldsOf } from './fields';
import { prepareSubscription } from './operation';

/** An operation as a subscription transport receives it, its text already past the trusted-documents policy. */
export interface LiveRequest {
  query: string;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
  extensions?: Record<string, unknown> | null;
}

/** Who asks, as the transport verified them at connect (or with the request). */
export interface LiveCaller {
  caller: Caller;
  expiresAt: Date | null;
}

/** What a transport sends: one answer (an error, or a query or mutation's result), or a stream of them. */
export type LiveAnswer =
  { kind: 'single'; result: FormattedExecutionResult } | { kind: 'stream'; stream: SubscriberStream; document: DocumentNode };

/** Errors that refuse a subscription outright when its first read meets them. */
const REFUSING = new Set(['UNAUTHENTICATED', 'FORBIDDEN', 'BAD_USER_INPUT', 'NOT_FOUND', 'GRAPHQL_VALIDATION_FAILED']);

const SIGN_IN_EXPIRED: GraphQLFormattedError = {
  message: 'Your sign-in has expired; reconnect with a new token and the last event id.',
  extensions: { code: 'UNAUTHENTICATED' },
};

const coded = (message: string, code: string): FormattedExecutionResult => ({ errors: [{ message, extensions: { code } }] });
const single = (result: FormattedExecutionResult): LiveAnswer => ({ kind: 'single', result });

/** The event id a reconnecting client sends: `extensions.lastEventId` (or SSE's Last-Event-ID). */
function lastEventIdOf(request: LiveRequest, header?: string): number | undefined | null {
  const given = request.extensions?.lastEventId ?? header;
  if (given === undefined || given === null || given === '') return undefined;
  const sequence = Number(given);
  return Number.isSafeInteger(sequence) && sequence >= 0 ? sequence : null;
}

/**
 * Serves operations that arrive over the subscription transports (graphql-ws, GraphQL over SSE).
 * A query or mutation runs through the gateway as over HTTP. A subscription field is resolved by
 * the field `@live` names for it, through the gateway's whole pipeline with the subscriber's own
 * caller, once when it subscribes (refused then if the caller may not read it: a customer and
 * another's order, a tablet and another store's queue) and again at each event on its subjects,
 * so each event is checked against the subscriber's access rules as it stands then.
 */
export class LiveOperations {
  private fields: ReadonlyMap<string, LiveField> = new Map();
  private rules: AccessRules = accessRulesOf('scalar Nothing');
  private gateway: RunningGateway | undefined;
  readonly feeds: LiveFeeds;

  constructor(
    bus: () => Promise<EventBus>,
    private readonly clock: Clock,
    log: Logger,
  ) {
    this.feeds = new LiveFeeds(bus, log);
  }

  /** Reads the subscription fields and access rules of each supergraph the gateway loads. */
  loadSupergraph(supergraphSdl: string): void {
    this.fields = liveFieldsOf(supergraphSdl);
    this.rules = accessRulesOf(supergraphSdl);
  }

  started(gateway: RunningGateway): void {
    this.gateway = gateway;
  }

  /** The schema clients see (graphql-ws wants one with each operation it is handed). */
  schema(): GraphQLSchema {
    const schema = this.gateway?.apiSchema();
    if (!schema) throw new Error('the gateway has no schema yet');
    return schema;
  }

  async serve(request: LiveRequest, who: LiveCaller, lastEventIdHeader?: string): Promise<LiveAnswer> {
    const schema = this.gateway?.apiSchema();
    if (!this.gateway || !schema) return single(coded('The graph is starting; try again shortly.', 'SERVICE_UNAVAILABLE'));
    if (who.expiresAt && who.expiresAt <= this.clock()) return single({ errors: [SIGN_IN_EXPIRED] });
    let document: DocumentNode;
    try {
      document = parse(request.query, { maxTokens: 5_000 });
    } catch (error) {
      return single(coded(error instanceof GraphQLError ? error.message : 'The operation could not be read.', 'GRAPHQL_PARSE_FAILED'));
    }
    const invalid = validate(schema, document);
    if (invalid.length > 0)
      // No "Did you mean …?": the schema's names are not the client's to learn from its mistakes.
      return single({
        errors: invalid.map((error) => ({
          message: error.message.replace(/ Did you mean .*\?$/, ''),
          extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
        })),
      });
    const operationName = request.operationName ?? undefined;
    const variables = request.variables ?? undefined;
    const context = () => ({ requestId: randomUUID(), callerHeader: encodeCaller(who.caller) });
    if (getOperationAST(document, operationName)?.operation !== OperationTypeNode.SUBSCRIPTION)
      return single(await this.gateway.execute({ query: request.query, variables, operationName }, context()));

    const prepared = prepareSubscription(schema, document, operationName, variables, this.fields);
    if (Array.isArray(prepared))
      return single({ errors: prepared.map((error) => ({ message: error.message, extensions: error.extensions })) });
    const verdict = verdictOf(this.rules, 'Subscription', prepared.field, grantOf(who.caller));
    if (verdict !== 'ALLOWED')
      return single({
        errors: [
          {
            message: MESSAGES[verdict],
            path: [prepared.responseKey],
            extensions: { code: verdict, field: `Subscription.${prepared.field}` },
          },
        ],
      });
    const afterSequence = lastEventIdOf(request, lastEventIdHeader);
    if (afterSequence === null) return single(coded('lastEventId must be an event id this graph sent.', 'BAD_USER_INPUT'));

    const gateway = this.gateway;
    const resolve = () =>
      gateway.execute({ query: prepared.query, variables: prepared.variables, operationName: prepared.operationName }, context());
    const current = await resolve();
    if (current.errors?.some((error) => !error.path || REFUSING.has(String(error.extensions?.code))))
      return single({ errors: current.errors });

    let stream: SubscriberStream;
    try {
      stream = await this.feeds.open({
        key: `${encodeCaller(who.caller)}\n${prepared.query}\n${JSON.stringify(prepared.variables)}`,
        subjects: prepared.subjects,
        resolve,
        current,
        afterSequence,
      });
    } catch (error) {
      if (error instanceof EventBusUnavailableError) return single({ errors: [EVENTS_UNAVAILABLE] });
      throw error;
    }
    if (who.expiresAt) {
      // Checked again at expiry: a stream outliving its token would read on a sign-in that has ended.
      const expiry = setTimeout(() => stream.end(SIGN_IN_EXPIRED), Math.max(0, who.expiresAt.getTime() - this.clock().getTime()));
      expiry.unref();
      stream.whenEnded(() => clearTimeout(expiry));
    }
    return { kind: 'stream', stream, document };
  }
}
