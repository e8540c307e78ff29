import {
  ConstDirectiveNode,
  ConstValueNode,
  DefinitionNode,
  FieldDefinitionNode,
  Kind,
  parse,
  print,
  TypeNode,
  visit,
  type DocumentNode,
} from 'graphql';

/**
 * The access rules the subgraphs declare with the Federation 2 authorization directives, read from
 * the composed supergraph. Apollo Router and Hive Gateway enforce these directives natively;
 * `@apollo/gateway` refuses a supergraph that links them, so Omnigraph's gateway reads them here,
 * hands the gateway the supergraph without them, and enforces them itself (plugins/authorization.ts).
 *
 * Semantics follow Apollo Router's: a directive on a field guards that field; a directive on a type
 * guards every field that returns the type (an interface's implementations count too), and here
 * also the type's own fields, which changes nothing reachable and keeps docs/ACCESS.md honest. Deny by
 * default: a field is open only when it, or the type it belongs to, carries a rule, where
 * `@tag(name: "public")` is the rule "no more than it takes to reach it".
 */

/** One requirement; a caller must meet every one that guards a field. */
export type Clause =
  | { kind: 'authenticated' }
  /** Any one of the sets, each in full. */
  | { kind: 'scopes'; anyOf: string[][] }
  | { kind: 'policies'; anyOf: string[][] };

export const PUBLIC_TAG = 'public';

/** What a type or field declares. */
interface Declared {
  public: boolean;
  clauses: Clause[];
}

interface FieldDeclared extends Declared {
  /** The named type the field returns. */
  returns: string;
}

/** The rules of one supergraph. */
export interface AccessRules {
  types: Map<string, Declared>;
  /** By schema coordinate, `Type.field`. */
  fields: Map<string, FieldDeclared>;
  /** Each interface's object types. */
  implementations: Map<string, string[]>;
}

/** What a caller's token grants, as far as the rules can tell. */
export interface Grant {
  authenticated: boolean;
  scopes: ReadonlySet<string>;
  /** Named policies the caller satisfies; no policy is defined yet, so none is ever met. */
  policies: ReadonlySet<string>;
}

export type Verdict = 'ALLOWED' | 'UNAUTHENTICATED' | 'FORBIDDEN';

const AUTHORIZATION_DIRECTIVES = new Set(['authenticated', 'requiresScopes', 'policy']);
const AUTHORIZATION_SPECS = /^https:\/\/specs\.apollo\.dev\/(authenticated|requiresScopes|policy)\//;

function stringLists(value: ConstValueNode | undefined): string[][] {
  if (value?.kind !== Kind.LIST) return [];
  return value.values.map((set) => (set.kind === Kind.LIST ? set.values.flatMap((v) => (v.kind === Kind.STRING ? [v.value] : [])) : []));
}

function argument(directive: ConstDirectiveNode, name: string): ConstValueNode | undefined {
  return directive.arguments?.find((a) => a.name.value === name)?.value;
}

function declared(directives: readonly ConstDirectiveNode[] | undefined): Declared {
  const result: Declared = { public: false, clauses: [] };
  for (const directive of directives ?? []) {
    const name = directive.name.value;
    if (name === 'authenticated') result.clauses.push({ kind: 'authenticated' });
    else if (name === 'requiresScopes') result.clauses.push({ kind: 'scopes', anyOf: stringLists(argument(directive, 'scopes')) });
    else if (name === 'policy') result.clauses.push({ kind: 'policies', anyOf: stringLists(argument(directive, 'policies')) });
    else if (name === 'tag') {
      const tag = argument(directive, 'name');
      if (tag?.kind === Kind.STRING && tag.value === PUBLIC_TAG) result.public = true;
    }
  }
  return result;
}

function namedType(type: TypeNode): string {
  return type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type);
}

export function accessRulesOf(supergraphSdl: string): AccessRules {
  const rules: AccessRules = { types: new Map(), fields: new Map(), implementations: new Map() };
  for (const definition of parse(supergraphSdl).definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.INTERFACE_TYPE_DEFINITION) continue;
    const type = definition.name.value;
    rules.types.set(type, declared(definition.directives));
    for (const field of definition.fields ?? []) {
      rules.fields.set(`${type}.${field.name.value}`, { ...declared(field.directives), returns: namedType(field.type) });
    }
    for (const implemented of definition.interfaces ?? []) {
      const list = rules.implementations.get(implemented.name.value) ?? [];
      list.push(type);
      rules.implementations.set(implemented.name.value, list);
    }
  }
  return rules;
}

function isLinkToAuthorizationSpec(directive: ConstDirectiveNode): boolean {
  if (directive.name.value !== 'link') return false;
  const url = argument(directive, 'url');
  return url?.kind === Kind.STRING && AUTHORIZATION_SPECS.test(url.value);
}

/**
 * The supergraph as `@apollo/gateway` accepts it: without the authorization specs' links,
 * definitions and uses. Everything else (joins, `@tag`, `@inaccessible`) stays.
 */
export function withoutAuthorizationDirectives(supergraphSdl: string): string {
  const document = visit(parse(supergraphSdl), {
    Directive: (node) =>
      AUTHORIZATION_DIRECTIVES.has(node.name.value) || isLinkToAuthorizationSpec(node as ConstDirectiveNode) ? null : undefined,
    DirectiveDefinition: (node) => (AUTHORIZATION_DIRECTIVES.has(node.name.value) ? null : undefined),
    // The specs' own scalars: requiresScopes__Scope, policy__Policy.
    ScalarTypeDefinition: (node) => (/^(requiresScopes|policy)__/.test(node.name.value) ? null : undefined),
  }) as DocumentNode;
  return `${print(document)}\n`;
}

function met(clause: Clause, grant: Grant): boolean {
  switch (clause.kind) {
    case 'authenticated':
      return grant.authenticated;
    case 'scopes':
      return clause.anyOf.some((set) => set.every((scope) => grant.scopes.has(scope)));
    case 'policies':
      return clause.anyOf.some((set) => set.every((policy) => grant.policies.has(policy)));
  }
}

const hasRule = (d: Declared | undefined): boolean => d !== undefined && (d.public || d.clauses.length > 0);

/**
 * Every requirement that guards `Type.field`: its own, its type's (whatever path reached the type,
 * its fields ask no less), and those of the type it returns; on an interface, its implementations' too.
 */
export function clausesOf(rules: AccessRules, type: string, field: string): Clause[] | null {
  const own = rules.fields.get(`${type}.${field}`);
  if (!own) return null;
  const clauses: Clause[] = [];
  for (const parent of [type, ...(rules.implementations.get(type) ?? [])]) {
    clauses.push(...(rules.fields.get(`${parent}.${field}`)?.clauses ?? []), ...(rules.types.get(parent)?.clauses ?? []));
  }
  for (const returned of [own.returns, ...(rules.implementations.get(own.returns) ?? [])])
    clauses.push(...(rules.types.get(returned)?.clauses ?? []));
  return clauses;
}

/** Whether the field, or the type it belongs to, says who may read it. */
export function isCovered(rules: AccessRules, type: string, field: string): boolean {
  return hasRule(rules.fields.get(`${type}.${field}`)) || hasRule(rules.types.get(type));
}

export function verdictOf(rules: AccessRules, type: string, field: string, grant: Grant): Verdict {
  if (field.startsWith('__')) return 'ALLOWED';
  const clauses = clausesOf(rules, type, field);
  // A field nobody wrote a rule for is closed to everyone: signing in would not help.
  if (clauses === null || !isCovered(rules, type, field)) return 'FORBIDDEN';
  if (clauses.every((clause) => met(clause, grant))) return 'ALLOWED';
  return grant.authenticated ? 'FORBIDDEN' : 'UNAUTHENTICATED';
}

/** Fields of the schema's object and interface types that no rule covers (deny by default refuses them). */
export function uncoveredFields(rules: AccessRules, apiSchemaDefinitions: readonly DefinitionNode[]): string[] {
  const uncovered: string[] = [];
  for (const definition of apiSchemaDefinitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.INTERFACE_TYPE_DEFINITION) continue;
    for (const field of definition.fields ?? ([] as readonly FieldDefinitionNode[])) {
      if (!isCovered(rules, definition.name.value, field.name.value)) uncovered.push(`${definition.name.value}.${field.name.value}`);
    }
  }
  return uncovered;
}
