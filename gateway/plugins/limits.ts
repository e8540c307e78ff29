import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError, ValidationRule } from 'graphql';
import type { GatewayPlugin } from '../plugin';

const SUBSCRIPTIONS_NOT_SERVED = 'Subscriptions are not served yet: send the selection as a query, and send it again to follow changes.';

/**
 * Refuses an operation whose root type the graph does not have (today: every subscription) while
 * validating, so it answers HTTP 400 with GRAPHQL_VALIDATION_FAILED before any planning, as
 * graphql-js 17's KnownOperationTypesRule does. Without it the query planner fails on it with a 500.
 */
const servedOperationTypes: ValidationRule = (context) => ({
  OperationDefinition(node) {
    if (context.getSchema().getRootType(node.operation)) return;
    const message = node.operation === 'subscription' ? SUBSCRIPTIONS_NOT_SERVED : `This graph serves no ${node.operation} operations.`;
    context.reportError(new GraphQLError(message, { nodes: node }));
  },
});

/**
 * What the gateway will run, refused before any subgraph is called: too many tokens (400
 * GRAPHQL_PARSE_FAILED), and too deep, too many aliases, too costly, too many directives or an
 * operation type the graph does not serve (400 GRAPHQL_VALIDATION_FAILED). Field suggestions are
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
