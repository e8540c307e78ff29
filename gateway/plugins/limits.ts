import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError, ValidationRule } from 'graphql';
import type { GatewayPlugin } from '../plugin';

const SUBSCRIBE_ON_A_STREAM =
  'Subscriptions are served on a stream: a WebSocket to this endpoint (graphql-ws), or a request that accepts text/event-stream (SSE).';

/**
 * Refuses, while validating, an operation the planner cannot run: a subscription sent as a plain
 * request (the transports of plugins/subscriptions.ts serve them, a stream at a time), and an
 * operation type the graph does not have, as graphql-js 17's KnownOperationTypesRule does. Either
 * answers HTTP 400 with GRAPHQL_VALIDATION_FAILED before any planning; the planner would fail on it with a 500.
 */
const servedOperationTypes: ValidationRule = (context) => ({
  OperationDefinition(node) {
    if (node.operation === 'subscription') context.reportError(new GraphQLError(SUBSCRIBE_ON_A_STREAM, { nodes: node }));
    else if (!context.getSchema().getRootType(node.operation))
      context.reportError(new GraphQLError(`This graph serves no ${node.operation} operations.`, { nodes: node }));
  },
});

/**
 * What the gateway will run, refused before any subgraph is called: too many tokens (400
 * GRAPHQL_PARSE_FAILED), and too deep, too many aliases, too costly, too many directives, a
 * subscription sent as a plain request or an operation type the graph does not serve (400 GRAPHQL_VALIDATION_FAILED). Field suggestions are
 * left out of error messages. Limits from MAX_QUERY_TOKENS, MAX_QUERY_DEPTH, MAX_QUERY_ALIASES and
 * MAX_QUERY_COST.
 */
export function useLimits(env: NodeJS.ProcessEnv): GatewayPlugin {
  const armor = new ApolloArmor({
    maxDepth: { n: Number(env.MAX_QUERY_DEPTH ?? 12) },
    maxAliases: { n: Number(env.MAX_QUERY_ALIASES ?? 20) },
    // The token limit is graphql-js's own, in parseOptions below: armor's runs a second parser in a
    // plugin hook, where its refusal (or any syntax error) became a 500.
    maxTokens: { enabled: false },
    costLimit: { maxCost: Number(env.MAX_QUERY_COST ?? 100_000) },
    maxDirectives: { n: 20 },
    blockFieldSuggestion: { enabled: true },
  }).protect();
  return {
    name: 'limits',
    apollo: {
      // Too many tokens aborts parsing: 400 GRAPHQL_PARSE_FAILED, like any document that does not parse.
      parseOptions: { maxTokens: Number(env.MAX_QUERY_TOKENS ?? 3_000) },
      validationRules: [...armor.validationRules, servedOperationTypes],
      plugins: armor.plugins,
    },
  };
}
