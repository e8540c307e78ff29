import {
  ConstDirectiveNode,
  DefinitionNode,
  DocumentNode,
  FieldDefinitionNode,
  InputValueDefinitionNode,
  isTypeDefinitionNode,
  Kind,
  ObjectTypeDefinitionNode,
  parse,
  print,
  TypeDefinitionNode,
  TypeNode,
  visit,
} from 'graphql';

/**
 * Contracts in the manner of Apollo's: a supergraph filtered by `@tag`, with include semantics. An
 * object or interface field is in the contract when it, or its type, carries the tag; a field
 * whose type is left out is left out; a type left without fields is left out; and every type no
 * remaining field or argument reaches is hidden. What is left out becomes `@inaccessible`, so the
 * contract is an ordinary supergraph: the gateway plans over all of it, clients see only the rest.
 */

/** What a contract leaves out of the API schema: whole types, and fields of the types it keeps (`Type.field`). */
export interface ContractExclusions {
  types: Set<string>;
  fields: Set<string>;
}

type FieldsOwner = Extract<DefinitionNode, { kind: Kind.OBJECT_TYPE_DEFINITION | Kind.INTERFACE_TYPE_DEFINITION }>;

const has = (directives: readonly ConstDirectiveNode[] | undefined, name: string) =>
  directives?.some((d) => d.name.value === name) ?? false;

function tagged(directives: readonly ConstDirectiveNode[] | undefined, tag: string): boolean {
  return (directives ?? []).some((directive) => {
    if (directive.name.value !== 'tag') return false;
    const name = directive.arguments?.find((a) => a.name.value === 'name')?.value;
    return name?.kind === Kind.STRING && name.value === tag;
  });
}

function namedType(type: TypeNode): string {
  return type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type);
}

/** Federation's own machinery (join__Graph, link__Purpose, requiresScopes__Scope…), never part of an API schema. */
const isMachinery = (name: string) => name.includes('__');

/** The types and fields of the supergraph that the contract of `tag` leaves out of the API schema. */
export function contractExclusions(supergraphSdl: string, tag: string): ContractExclusions {
  const document = parse(supergraphSdl);
  const types = new Map<string, TypeDefinitionNode>();
  for (const definition of document.definitions) {
    if (!isTypeDefinitionNode(definition) || isMachinery(definition.name.value) || has(definition.directives, 'inaccessible')) continue;
    types.set(definition.name.value, definition);
  }
  const owners = [...types.values()].filter(
    (d): d is FieldsOwner => d.kind === Kind.OBJECT_TYPE_DEFINITION || d.kind === Kind.INTERFACE_TYPE_DEFINITION,
  );
  const fieldsOf = (owner: FieldsOwner) => (owner.fields ?? []).filter((field) => !has(field.directives, 'inaccessible'));

  // Tagged fields, and every field of a tagged type.
  const included = new Map<string, Set<string>>();
  for (const owner of owners) {
    const whole = tagged(owner.directives, tag);
    included.set(owner.name.value, new Set(fieldsOf(owner).flatMap((f) => (whole || tagged(f.directives, tag) ? [f.name.value] : []))));
  }
  const unions = new Set(
    [...types.values()].flatMap((d) => (d.kind === Kind.UNION_TYPE_DEFINITION && tagged(d.directives, tag) ? [d.name.value] : [])),
  );
  const isKept = (type: string) => {
    const fields = included.get(type);
    if (fields) return fields.size > 0;
    return !types.has(type) || types.get(type)!.kind !== Kind.UNION_TYPE_DEFINITION || unions.has(type);
  };

  // Until nothing changes: a field whose type is left out goes, and an interface's field goes when an implementation lacks it.
  for (let changed = true; changed;) {
    changed = false;
    for (const owner of owners) {
      const fields = included.get(owner.name.value)!;
      for (const field of fieldsOf(owner)) {
        if (fields.has(field.name.value) && !isKept(namedType(field.type))) changed = fields.delete(field.name.value) || changed;
      }
      if (owner.kind !== Kind.OBJECT_TYPE_DEFINITION || !isKept(owner.name.value)) continue;
      for (const implemented of owner.interfaces ?? []) {
        const inherited = included.get(implemented.name.value);
        for (const name of [...(inherited ?? [])]) if (!fields.has(name)) changed = inherited!.delete(name) || changed;
      }
    }
  }

  // What the kept root fields reach, through return types, arguments, input fields and implementations.
  const reached = new Set<string>();
  const reach = (type: string) => {
    if (reached.has(type) || !types.has(type) || !isKept(type)) return;
    reached.add(type);
    const definition = types.get(type)!;
    const argumentsOf = (args: readonly InputValueDefinitionNode[] | undefined) => args?.forEach((arg) => reach(namedType(arg.type)));
    if (definition.kind === Kind.OBJECT_TYPE_DEFINITION || definition.kind === Kind.INTERFACE_TYPE_DEFINITION) {
      for (const field of fieldsOf(definition).filter((f) => included.get(type)!.has(f.name.value))) {
        reach(namedType(field.type));
        argumentsOf(field.arguments);
      }
      if (definition.kind === Kind.INTERFACE_TYPE_DEFINITION) {
        for (const owner of owners) if (owner.interfaces?.some((i) => i.name.value === type)) reach(owner.name.value);
      }
    } else if (definition.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION) {
      argumentsOf(definition.fields?.filter((field) => !has(field.directives, 'inaccessible')));
    } else if (definition.kind === Kind.UNION_TYPE_DEFINITION) {
      definition.types?.forEach((member) => reach(member.name.value));
    }
  };
  reach(queryTypeOf(document));

  const exclusions: ContractExclusions = { types: new Set(), fields: new Set() };
  for (const [name, definition] of types) {
    if (!reached.has(name)) {
      exclusions.types.add(name);
      continue;
    }
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.INTERFACE_TYPE_DEFINITION) continue;
    for (const field of fieldsOf(definition))
      if (!included.get(name)!.has(field.name.value)) exclusions.fields.add(`${name}.${field.name.value}`);
  }
  return exclusions;
}

function queryTypeOf(document: DocumentNode): string {
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.SCHEMA_DEFINITION) continue;
    const query = definition.operationTypes.find((operation) => operation.operation === 'query');
    if (query) return query.type.name.value;
  }
  return 'Query';
}

const INACCESSIBLE: ConstDirectiveNode = { kind: Kind.DIRECTIVE, name: { kind: Kind.NAME, value: 'inaccessible' } };
const FEDERATION_SPEC = /^https:\/\/specs\.apollo\.dev\/federation\//;

/** The directives with `@inaccessible` added, unless it is there already. */
function hidden(directives: readonly ConstDirectiveNode[] | undefined): ConstDirectiveNode[] {
  return has(directives, 'inaccessible') ? [...(directives ?? [])] : [...(directives ?? []), INACCESSIBLE];
}

/** The federation `@link` with `@inaccessible` among its imports. */
function importingInaccessible(link: ConstDirectiveNode): ConstDirectiveNode {
  const url = link.arguments?.find((a) => a.name.value === 'url')?.value;
  if (url?.kind !== Kind.STRING || !FEDERATION_SPEC.test(url.value)) return link;
  return {
    ...link,
    arguments: link.arguments?.map((argument) => {
      if (argument.name.value !== 'import' || argument.value.kind !== Kind.LIST) return argument;
      const imports = argument.value.values;
      if (imports.some((value) => value.kind === Kind.STRING && value.value === '@inaccessible')) return argument;
      return { ...argument, value: { ...argument.value, values: [...imports, { kind: Kind.STRING, value: '@inaccessible' }] } };
    }),
  };
}

/**
 * A subgraph's SDL with what the contract leaves out marked `@inaccessible` where this subgraph
 * declares it (a field it only borrows with `@external` is marked by its owner), importing the
 * directive where the subgraph did not.
 */
export function subgraphForContract(typeDefs: string, exclusions: ContractExclusions): string {
  const typeNode = (node: { name: { value: string }; directives?: readonly ConstDirectiveNode[] }) =>
    exclusions.types.has(node.name.value) ? { ...node, directives: hidden(node.directives) } : undefined;
  const fieldsOwner = <T extends Pick<ObjectTypeDefinitionNode, 'name' | 'directives' | 'fields'>>(node: T): T | undefined => {
    if (exclusions.types.has(node.name.value)) return { ...node, directives: hidden(node.directives) };
    const leaveOut = (field: FieldDefinitionNode) =>
      exclusions.fields.has(`${node.name.value}.${field.name.value}`) && !has(field.directives, 'external');
    if (!node.fields?.some(leaveOut)) return undefined;
    return { ...node, fields: node.fields.map((field) => (leaveOut(field) ? { ...field, directives: hidden(field.directives) } : field)) };
  };
  const document = visit(parse(typeDefs), {
    SchemaExtension: (node) => ({ ...node, directives: node.directives?.map(importingInaccessible) }),
    SchemaDefinition: (node) => ({ ...node, directives: node.directives?.map(importingInaccessible) }),
    ObjectTypeDefinition: fieldsOwner,
    ObjectTypeExtension: fieldsOwner,
    InterfaceTypeDefinition: fieldsOwner,
    InterfaceTypeExtension: fieldsOwner,
    UnionTypeDefinition: typeNode,
    EnumTypeDefinition: typeNode,
    InputObjectTypeDefinition: typeNode,
    ScalarTypeDefinition: typeNode,
  });
  return print(document);
}
