import { GraphQLError, ValidationRule } from 'graphql';

const SUBSCRIPTIONS_NOT_SERVED = 'Subscriptions are not served yet: send the selection as a query, and send it again to follow changes.';

/**
 * Refuses an operation whose root type the graph does not have (today: every subscription) while
 * validating, so it answers HTTP 400 with GRAPHQL_VALIDATION_FAILED before any planning, as
 * graphql-js 17's KnownOperationTypesRule does. Without it the query planner fails on it with a 500.
 */
export const servedOperationTypes: ValidationRule = (context) => ({
  OperationDefinition(node) {
    if (context.getSchema().getRootType(node.operation)) return;
    const message = node.operation === 'subscription' ? SUBSCRIPTIONS_NOT_SERVED : `This graph serves no ${node.operation} operations.`;
    context.reportError(new GraphQLError(message, { nodes: node }));
  },
});
