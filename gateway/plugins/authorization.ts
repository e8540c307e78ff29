import { GraphQLError, Kind, OperationDefinitionNode } from 'graphql';
import { LRUCache } from 'lru-cache';
import { Caller, decodeCaller } from '../../lib/context';
import { filterOperation, FilteredOperation, nullRefusedFields, Refusal } from '../access/filter';
import { AccessRules, accessRulesOf, Grant, withoutAuthorizationDirectives } from '../access/rules';
import type { GatewayPlugin } from '../plugin';

export const MESSAGES: Record<Refusal['code'], string> = {
  UNAUTHENTICATED: 'Sign in first: this field is not open to anonymous callers.',
  FORBIDDEN: 'Your sign-in does not grant this field.',
};

/** What a caller's token grants, as the rules read it. */
export function grantOf(caller: Caller): Grant {
  return { authenticated: caller.id !== null || caller.clientId !== null, scopes: new Set(caller.scopes), policies: new Set() };
}

function refusalError(refusal: Refusal): GraphQLError {
  return new GraphQLError(MESSAGES[refusal.code], {
    path: refusal.steps.map((step) => step.key),
    extensions: { code: refusal.code, field: refusal.coordinate },
  });
}

interface Answer<E> {
  data?: Record<string, unknown> | null;
  errors?: readonly E[];
}

/**
 * The answer to an operation some fields of which were refused: what ran of the rest (`ran`, none
 * when nothing was left to run), with each refused field null (and null spreading up through
 * non-null fields, as GraphQL does) and its error first. Hive Gateway's configuration answers so too.
 */
export function withRefusals<E>(
  refusals: readonly Refusal[],
  ran: Answer<E> | null,
): { data: Record<string, unknown> | null | undefined; errors: (GraphQLError | E)[] } {
  const errors = [...refusals.map(refusalError), ...(ran?.errors ?? [])];
  const data = ran ? ran.data : {};
  return { data: data ? (nullRefusedFields(data, refusals) ? data : null) : data, errors };
}

/**
 * Enforces the schema's `@authenticated`, `@requiresScopes` and `@policy` rules, as Apollo Router
 * does: before planning, every field the caller may not read is taken out of the operation and
 * answered with null and an error at its path (UNAUTHENTICATED without a token, FORBIDDEN with
 * one), so no subgraph or legacy system is called for it. A field no rule covers is refused to
 * everyone. Rows (whose customer, which store) are the subgraphs' to check.
 */
export function useAuthorization(): GatewayPlugin {
  let rules: AccessRules = accessRulesOf('scalar Nothing');
  // Per operation and grant: the same query by callers with the same scopes is filtered once.
  const filtered = new LRUCache<string, FilteredOperation>({ max: 2_000 });
  return {
    name: 'authorization',
    supergraph: (supergraphSdl) => {
      rules = accessRulesOf(supergraphSdl);
      filtered.clear();
      return withoutAuthorizationDirectives(supergraphSdl);
    },
    executor: (next) => async (requestContext) => {
      const caller = decodeCaller((requestContext.context as { callerHeader?: string }).callerHeader);
      const grant = grantOf(caller);
      const grantKey = `${grant.authenticated ? 'signed-in' : 'anonymous'} ${[...grant.scopes].sort().join(' ')}`;
      const key = `${requestContext.queryHash}\n${requestContext.operationName ?? ''}\n${grantKey}`;
      let operation = filtered.get(key);
      if (!operation) {
        operation = filterOperation(
          requestContext.schema,
          rules,
          grant,
          requestContext.document,
          requestContext.operationName ?? undefined,
        );
        filtered.set(key, operation);
      }
      if (operation.refusals.length === 0) return next(requestContext);

      if (!operation.document) return withRefusals(operation.refusals, null);
      const result = await next({
        ...requestContext,
        document: operation.document,
        operation:
          operation.document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION) ??
          requestContext.operation,
        queryHash: `${requestContext.queryHash} ${grantKey}`,
      });
      return { ...result, ...withRefusals(operation.refusals, result) };
    },
  };
}
