import { FieldNode, Kind, parse, visit, type ConstDirectiveNode } from 'graphql';

/**
 * The subscription fields of the graph, as the subgraphs that own them declare them with `@live`
 * (schema/shared/live.graphql), read from the composed supergraph: which event subjects feed a
 * field, and which Query field resolves the subscriber's selection when one arrives. A subgraph
 * adds a subscription by declaring it; the gateway needs no change.
 */
export interface LiveField {
  /** Subject templates: `{argument}` is that argument's value (one subject per element of a list, `*` when null). */
  subjects: string[];
  /** The Query field whose answer is the subscription's, its `$variables` being the subscription's arguments. */
  resolveWith: FieldNode;
}

function stringArgument(directive: ConstDirectiveNode, name: string): string | string[] | undefined {
  const value = directive.arguments?.find((argument) => argument.name.value === name)?.value;
  if (value?.kind === Kind.STRING) return value.value;
  if (value?.kind === Kind.LIST) return value.values.flatMap((item) => (item.kind === Kind.STRING ? [item.value] : []));
  return undefined;
}

/** The field `resolveWith` names, parsed: a malformed one is the declaring subgraph's mistake and stops the supergraph's load. */
function resolverField(coordinate: string, text: string): FieldNode {
  const operation = parse(`{ ${text} }`).definitions[0];
  const selections = operation.kind === Kind.OPERATION_DEFINITION ? operation.selectionSet.selections : [];
  if (selections.length !== 1 || selections[0].kind !== Kind.FIELD || selections[0].selectionSet)
    throw new Error(`@live on ${coordinate}: resolveWith must be one Query field with its arguments, not "${text}"`);
  return selections[0];
}

export function liveFieldsOf(supergraphSdl: string): ReadonlyMap<string, LiveField> {
  const fields = new Map<string, LiveField>();
  visit(parse(supergraphSdl), {
    ObjectTypeDefinition(type) {
      if (type.name.value !== 'Subscription') return;
      for (const field of type.fields ?? []) {
        const directive = field.directives?.find((d) => d.name.value === 'live');
        if (!directive) continue;
        const coordinate = `Subscription.${field.name.value}`;
        const subjects = stringArgument(directive, 'subjects');
        const resolveWith = stringArgument(directive, 'resolveWith');
        if (!Array.isArray(subjects) || typeof resolveWith !== 'string')
          throw new Error(`@live on ${coordinate} needs subjects and resolveWith`);
        fields.set(field.name.value, { subjects, resolveWith: resolverField(coordinate, resolveWith) });
      }
    },
  });
  return fields;
}
