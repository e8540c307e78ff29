import {
  DocumentNode,
  FieldNode,
  FragmentDefinitionNode,
  getNamedType,
  GraphQLCompositeType,
  GraphQLField,
  GraphQLInt,
  GraphQLOutputType,
  GraphQLSchema,
  isCompositeType,
  isListType,
  isNonNullType,
  Kind,
  OperationDefinitionNode,
  SelectionSetNode,
  valueFromAST,
} from 'graphql';

/** How many items a list is counted as when nothing says how long it is (stock at every location, a store's opening hours). */
export const UNSIZED_LIST_ITEMS = 10;

/** The argument that sizes a page, on list fields and on connections. */
const PAGE_SIZE = 'first';

const isList = (type: GraphQLOutputType): boolean => isListType(isNonNullType(type) ? type.ofType : type);

/**
 * The static cost of a registered operation, what a partner's cost limit counts: each field it
 * selects counts 1 for every time it is resolved. The items of a list field, or of a connection's
 * `edges`, are counted as many times as `first` asks (as written in the operation, else the
 * argument's default), else UNSIZED_LIST_ITEMS times. So `productVariants(first: 20) { edges {
 * node { sku name } } }` costs 1 + 1 + 20 × (1 + 2) = 62. A page size given by a variable is
 * refused: the cost must be known when the operation is registered.
 */
export function operationCost(schema: GraphQLSchema, document: DocumentNode): number {
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (!operation) throw new Error('the document has no operation');
  const root = schema.getRootType(operation.operation);
  if (!root) throw new Error(`the schema serves no ${operation.operation}`);
  const fragments = new Map(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
  );

  const pageSizeOf = (field: GraphQLField<unknown, unknown>, node: FieldNode): number | undefined => {
    const argument = field.args.find((a) => a.name === PAGE_SIZE);
    if (!argument) return undefined;
    const given = node.arguments?.find((a) => a.name.value === PAGE_SIZE);
    if (!given) return typeof argument.defaultValue === 'number' ? argument.defaultValue : undefined;
    if (given.value.kind === Kind.VARIABLE)
      throw new Error(`${operation.name?.value ?? 'the operation'}: write ${field.name}'s page size in the operation, not in a variable`);
    return valueFromAST(given.value, GraphQLInt) as number;
  };

  /** The cost of a selection on `type`; a page size its parent connection was given sizes the lists in it. */
  const costOf = (selections: SelectionSetNode, type: GraphQLCompositeType, pageSize: number | undefined): number => {
    let cost = 0;
    for (const selection of selections.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const on = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : type;
        cost += costOf(selection.selectionSet, on as GraphQLCompositeType, pageSize);
        continue;
      }
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value)!;
        cost += costOf(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value) as GraphQLCompositeType, pageSize);
        continue;
      }
      cost += 1;
      if (!selection.selectionSet || !('getFields' in type)) continue;
      const field = type.getFields()[selection.name.value];
      const returned = getNamedType(field.type);
      if (!isCompositeType(returned)) continue;
      const ownPageSize = pageSizeOf(field, selection);
      const items = isList(field.type) ? (ownPageSize ?? pageSize ?? UNSIZED_LIST_ITEMS) : 1;
      // A connection's page size sizes the lists inside it (its edges); a list passes none on.
      cost += items * costOf(selection.selectionSet, returned, isList(field.type) ? undefined : ownPageSize);
    }
    return cost;
  };
  return costOf(operation.selectionSet, root, undefined);
}
