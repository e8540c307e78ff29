import {
  astFromValue,
  DocumentNode,
  FieldNode,
  getOperationAST,
  GraphQLError,
  GraphQLSchema,
  Kind,
  OperationDefinitionNode,
  OperationTypeNode,
  print,
  ValueNode,
  visit,
} from 'graphql';
import { getArgumentValues, getVariableValues } from 'graphql/execution/values';
import { subjectToken } from '../../lib/live-events';
import type { LiveField } from './fields';

/** A subscription made ready to serve: what to listen to, and what to run when something arrives. */
export interface PreparedSubscription {
  /** The subscription field. */
  field: string;
  /** Where the subscriber reads the answer: its alias, or the field's name. */
  responseKey: string;
  /** Event subject filters; any event on one of them resolves the query again. */
  subjects: string[];
  /** The subscriber's own selection under the field `@live` resolves it with, as a query. */
  query: string;
  variables: Record<string, unknown>;
  operationName?: string;
}

/** More subjects than this in one subscription (SKUs × locations) is refused: ask per store or per SKU list. */
const MAX_SUBJECTS = 500;

const badInput = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });

/** One subject per combination of the template's arguments' values: a list gives one per element, null `*`. */
function expandSubject(template: string, args: Record<string, unknown>): string[] {
  let subjects = [''];
  for (const part of template.split(/(\{\w+\})/)) {
    if (!/^\{\w+\}$/.test(part)) {
      subjects = subjects.map((subject) => subject + part);
      continue;
    }
    const value = args[part.slice(1, -1)];
    const tokens =
      value === null || value === undefined ? ['*'] : (Array.isArray(value) ? value : [value]).map((v) => subjectToken(String(v)));
    subjects = subjects.flatMap((subject) => tokens.map((token) => subject + token));
  }
  return subjects;
}

/** The `resolveWith` field with each `$argument` replaced by what the subscriber gave that argument. */
function resolverFor(live: LiveField, subscribed: FieldNode, defaults: Map<string, ValueNode>): FieldNode {
  const given = new Map((subscribed.arguments ?? []).map((argument) => [argument.name.value, argument.value]));
  const resolved = visit(live.resolveWith, {
    Variable: (variable) => given.get(variable.name.value) ?? defaults.get(variable.name.value) ?? { kind: Kind.NULL },
  });
  return {
    ...resolved,
    alias: { kind: Kind.NAME, value: subscribed.alias?.value ?? subscribed.name.value },
    directives: subscribed.directives,
    selectionSet: subscribed.selectionSet,
  };
}

/** Keeps the operation's variables that are still used once the subscription field is swapped for its resolver. */
function withUsedVariables(operation: OperationDefinitionNode, fragments: DocumentNode['definitions']): OperationDefinitionNode {
  const used = new Set<string>();
  visit(
    { kind: Kind.DOCUMENT, definitions: [{ ...operation, variableDefinitions: [] }, ...fragments] },
    {
      Variable: (variable) => void used.add(variable.name.value),
    },
  );
  return { ...operation, variableDefinitions: operation.variableDefinitions?.filter((d) => used.has(d.variable.name.value)) };
}

/**
 * Turns a validated subscription into what serves it: the subjects its arguments name, and the
 * query that resolves the subscriber's selection through the normal query plan and the
 * subscriber's own access rules. Errors are the client's (BAD_USER_INPUT), coded and without
 * internals.
 */
export function prepareSubscription(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | undefined,
  variables: Record<string, unknown> | undefined,
  liveFields: ReadonlyMap<string, LiveField>,
): PreparedSubscription | GraphQLError[] {
  const operation = getOperationAST(document, operationName);
  const subscriptionType = schema.getSubscriptionType();
  if (!operation || operation.operation !== OperationTypeNode.SUBSCRIPTION || !subscriptionType) return [badInput('Not a subscription.')];
  const [selection, ...more] = operation.selectionSet.selections;
  if (!selection || more.length > 0 || selection.kind !== Kind.FIELD)
    return [badInput('A subscription selects exactly one field, directly (not through a fragment).')];
  const definition = subscriptionType.getFields()[selection.name.value];
  const live = liveFields.get(selection.name.value);
  if (!definition || !live) return [badInput(`Nothing feeds the subscription ${selection.name.value}.`)];

  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {});
  if (coerced.errors) return coerced.errors.map((error) => badInput(error.message));
  let args: Record<string, unknown>;
  try {
    args = getArgumentValues(definition, selection, coerced.coerced);
  } catch (error) {
    return [badInput(error instanceof GraphQLError ? error.message : 'The arguments are not valid.')];
  }
  const subjects = [...new Set(live.subjects.flatMap((template) => expandSubject(template, args)))];
  if (subjects.length > MAX_SUBJECTS) return [badInput(`This subscription names ${subjects.length} streams; at most ${MAX_SUBJECTS}.`)];

  const defaults = new Map<string, ValueNode>();
  for (const argument of definition.args) {
    const value = argument.defaultValue === undefined ? undefined : astFromValue(argument.defaultValue, argument.type);
    if (value) defaults.set(argument.name, value);
  }
  const fragments = document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION);
  const query = withUsedVariables(
    {
      ...operation,
      operation: OperationTypeNode.QUERY,
      selectionSet: { kind: Kind.SELECTION_SET, selections: [resolverFor(live, selection, defaults)] },
    },
    fragments,
  );
  return {
    field: selection.name.value,
    responseKey: selection.alias?.value ?? selection.name.value,
    subjects,
    query: print({ kind: Kind.DOCUMENT, definitions: [query, ...fragments] }),
    variables: variables ?? {},
    operationName: operation.name?.value,
  };
}
