import {
  DocumentNode,
  FieldNode,
  FragmentDefinitionNode,
  getNamedType,
  GraphQLCompositeType,
  GraphQLOutputType,
  GraphQLSchema,
  isCompositeType,
  isListType,
  isNonNullType,
  Kind,
  OperationDefinitionNode,
  SelectionNode,
  SelectionSetNode,
} from 'graphql';
import { AccessRules, Grant, Verdict, verdictOf } from './rules';

/** One step of a response path: the key the client sees and the declared type of the field there. */
export interface Step {
  key: string;
  type: GraphQLOutputType;
}

/** A field taken out of the operation, where it would have been in the response. */
export interface Refusal {
  code: Exclude<Verdict, 'ALLOWED'>;
  /** `Type.field`. */
  coordinate: string;
  steps: Step[];
}

export interface FilteredOperation {
  /** The operation to plan, or null when nothing the caller may read is left in it. */
  document: DocumentNode | null;
  refusals: Refusal[];
}

/** Refusals reported per operation, however often fragments repeat a refused field. */
const MAX_REFUSALS = 100;

const TYPENAME: FieldNode = { kind: Kind.FIELD, name: { kind: Kind.NAME, value: '__typename' } };

type Verdicts = Map<FieldNode, Verdict>;

/**
 * Takes out of the operation every field the caller may not read, in the operation and in each
 * fragment once (a field's verdict depends on its type and the caller only, not on where a fragment
 * is spread). A selection left empty keeps `__typename`, so the operation stays valid.
 */
function filterSelections(
  schema: GraphQLSchema,
  rules: AccessRules,
  grant: Grant,
  parent: GraphQLCompositeType,
  set: SelectionSetNode,
  refused: Verdicts,
): SelectionSetNode {
  const selections = set.selections.flatMap((selection): SelectionNode[] => {
    if (selection.kind === Kind.FRAGMENT_SPREAD) return [selection];
    if (selection.kind === Kind.INLINE_FRAGMENT) {
      const condition = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
      if (!isCompositeType(condition)) return [selection];
      return [{ ...selection, selectionSet: filterSelections(schema, rules, grant, condition, selection.selectionSet, refused) }];
    }
    const name = selection.name.value;
    if (name.startsWith('__')) return [selection];
    const verdict = verdictOf(rules, parent.name, name, grant);
    if (verdict !== 'ALLOWED') {
      refused.set(selection, verdict);
      return [];
    }
    if (!selection.selectionSet || !('getFields' in parent)) return [selection];
    const fieldType = getNamedType(parent.getFields()[name]?.type);
    if (!isCompositeType(fieldType)) return [selection];
    return [{ ...selection, selectionSet: filterSelections(schema, rules, grant, fieldType, selection.selectionSet, refused) }];
  });
  return { ...set, selections: selections.length > 0 ? selections : [TYPENAME] };
}

/** Where each refused field sits in the response, following fragment spreads. */
function collectRefusals(
  parent: GraphQLCompositeType,
  set: SelectionSetNode,
  path: Step[],
  refused: Verdicts,
  fragments: Map<string, FragmentDefinitionNode>,
  schema: GraphQLSchema,
  out: Refusal[],
): void {
  for (const selection of set.selections) {
    if (out.length >= MAX_REFUSALS) return;
    if (selection.kind === Kind.FRAGMENT_SPREAD) {
      const fragment = fragments.get(selection.name.value);
      const condition = fragment && schema.getType(fragment.typeCondition.name.value);
      if (fragment && isCompositeType(condition)) collectRefusals(condition, fragment.selectionSet, path, refused, fragments, schema, out);
      continue;
    }
    if (selection.kind === Kind.INLINE_FRAGMENT) {
      const condition = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
      if (isCompositeType(condition)) collectRefusals(condition, selection.selectionSet, path, refused, fragments, schema, out);
      continue;
    }
    if (!('getFields' in parent)) continue;
    const field = parent.getFields()[selection.name.value];
    if (!field) continue;
    const step: Step = { key: selection.alias?.value ?? selection.name.value, type: field.type };
    const verdict = refused.get(selection);
    if (verdict && verdict !== 'ALLOWED') {
      out.push({ code: verdict, coordinate: `${parent.name}.${field.name}`, steps: [...path, step] });
      continue;
    }
    const fieldType = getNamedType(field.type);
    if (selection.selectionSet && isCompositeType(fieldType)) {
      collectRefusals(fieldType, selection.selectionSet, [...path, step], refused, fragments, schema, out);
    }
  }
}

/** The operation the caller may run, and what was taken out of it. */
export function filterOperation(
  schema: GraphQLSchema,
  rules: AccessRules,
  grant: Grant,
  document: DocumentNode,
  operationName: string | undefined,
): FilteredOperation {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations[0];
  const root = operation && schema.getRootType(operation.operation);
  if (!operation || !root) return { document, refusals: [] };

  const refused: Verdicts = new Map();
  const fragments = new Map<string, FragmentDefinitionNode>();
  const filteredFragments: FragmentDefinitionNode[] = [];
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.FRAGMENT_DEFINITION) continue;
    fragments.set(definition.name.value, definition);
    const condition = schema.getType(definition.typeCondition.name.value);
    filteredFragments.push(
      isCompositeType(condition)
        ? { ...definition, selectionSet: filterSelections(schema, rules, grant, condition, definition.selectionSet, refused) }
        : definition,
    );
  }
  const selectionSet = filterSelections(schema, rules, grant, root, operation.selectionSet, refused);
  if (refused.size === 0) return { document, refusals: [] };

  const refusals: Refusal[] = [];
  collectRefusals(root, operation.selectionSet, [], refused, fragments, schema, refusals);
  const nothingLeft = selectionSet.selections.every((s) => s === TYPENAME);
  return {
    document: nothingLeft ? null : { ...document, definitions: [{ ...operation, selectionSet }, ...filteredFragments] },
    refusals,
  };
}

/**
 * Puts null where each refused field would have been, as GraphQL does for a field that failed:
 * a refused non-null field nulls its parent object, up to the nearest place that may be null.
 * Returns false when that place is the response's `data` itself.
 */
export function nullRefusedFields(data: Record<string, unknown>, refusals: readonly Refusal[]): boolean {
  for (const refusal of refusals) if (!nullAt(data, refusal.steps, 0)) return false;
  return true;
}

/** Nulls the steps below `object`; false when `object` itself must become null. */
function nullAt(object: Record<string, unknown>, steps: readonly Step[], depth: number): boolean {
  const step = steps[depth];
  if (depth === steps.length - 1) {
    object[step.key] = null;
    return !isNonNullType(step.type);
  }
  if (valueSurvives(object[step.key], step.type, steps, depth)) return true;
  if (isNonNullType(step.type)) return false;
  object[step.key] = null;
  return true;
}

/** False when `value`, of declared type `type`, must become null. */
function valueSurvives(value: unknown, type: GraphQLOutputType, steps: readonly Step[], depth: number): boolean {
  if (value === null || value === undefined) return true;
  if (isNonNullType(type)) return valueSurvives(value, type.ofType, steps, depth);
  if (isListType(type)) {
    if (!Array.isArray(value)) return true;
    for (let i = 0; i < value.length; i++) {
      if (valueSurvives(value[i], type.ofType, steps, depth)) continue;
      if (isNonNullType(type.ofType)) return false;
      value[i] = null;
    }
    return true;
  }
  return typeof value !== 'object' || nullAt(value as Record<string, unknown>, steps, depth + 1);
}
