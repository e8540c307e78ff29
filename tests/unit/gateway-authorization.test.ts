import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { composeServices } from '@apollo/composition';
import { buildSchema, GraphQLSchema, parse, printSchema } from 'graphql';
import { ROLE_SCOPES } from '../../lib/access';
import { filterOperation, nullRefusedFields } from '../../gateway/access/filter';
import { accessRulesOf, Grant, uncoveredFields, verdictOf, withoutAuthorizationDirectives } from '../../gateway/access/rules';

const ROOT = resolve(__dirname, '../..');
const SUPERGRAPH = readFileSync(resolve(ROOT, 'schema/supergraph.graphql'), 'utf8');
const API = readFileSync(resolve(ROOT, 'schema/api.graphql'), 'utf8');
const rules = accessRulesOf(SUPERGRAPH);
const schema: GraphQLSchema = buildSchema(API);

const anonymous: Grant = { authenticated: false, scopes: new Set(), policies: new Set() };
const as = (role: keyof typeof ROLE_SCOPES): Grant => ({ authenticated: true, scopes: new Set(ROLE_SCOPES[role]), policies: new Set() });

describe('deny by default', () => {
  it('gives every field of the API schema a rule', () => {
    expect(uncoveredFields(rules, parse(API).definitions)).toEqual([]);
  });

  it('catches a field added without a rule, and refuses it to every role', () => {
    const typeDefs = parse(`
      extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@tag", "@requiresScopes"])
      type Query {
        catalogue: String @tag(name: "public")
        staffNotes: String @requiresScopes(scopes: [["customers:read"]])
        forgotten: String
      }
    `);
    const composed = composeServices([{ name: 'planted', url: 'http://127.0.0.1:1/graphql', typeDefs }]);
    if (composed.errors) throw composed.errors[0];
    const planted = accessRulesOf(composed.supergraphSdl);
    const api = parse(printSchema(composed.schema.toAPISchema().toGraphQLJSSchema())).definitions;
    expect(uncoveredFields(planted, api)).toEqual(['Query.forgotten']);
    for (const grant of [anonymous, as('back-office'), as('service')])
      expect(verdictOf(planted, 'Query', 'forgotten', grant)).toBe('FORBIDDEN');
    expect(verdictOf(planted, 'Query', 'catalogue', anonymous)).toBe('ALLOWED');
    expect(verdictOf(planted, 'Query', 'staffNotes', anonymous)).toBe('UNAUTHENTICATED');
    expect(verdictOf(planted, 'Query', 'staffNotes', as('partner'))).toBe('FORBIDDEN');
    expect(verdictOf(planted, 'Query', 'staffNotes', as('call-center-agent'))).toBe('ALLOWED');
  });
});

describe('the rules of the graph', () => {
  it.each([
    ['Customer', 'emails', 'partner', 'FORBIDDEN'],
    ['Customer', 'emails', 'customer', 'ALLOWED'],
    ['Query', 'customers', 'call-center-agent', 'FORBIDDEN'],
    ['Query', 'customers', 'back-office', 'ALLOWED'],
    ['Mutation', 'cancelUncollectedPickups', 'store-associate', 'FORBIDDEN'],
    ['Mutation', 'cancelUncollectedPickups', 'store-manager', 'ALLOWED'],
    ['Mutation', 'returnWebOrderInStore', 'customer', 'FORBIDDEN'],
    ['Location', 'pickupQueue', 'partner', 'FORBIDDEN'],
    ['WebOrder', 'email', 'partner', 'FORBIDDEN'],
    ['ProductVariant', 'stockLevels', 'partner', 'ALLOWED'],
  ] as const)('%s.%s for a %s: %s', (type, field, role, verdict) => {
    expect(verdictOf(rules, type, field, as(role))).toBe(verdict);
  });

  it('asks an interface field for what its implementations ask', () => {
    const typeDefs = parse(`
      extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@tag", "@requiresScopes"])
      type Query { orders: [Order!]! @tag(name: "public") }
      interface Order @tag(name: "public") { id: ID! email: String }
      type WebOrder implements Order @tag(name: "public") { id: ID! email: String @requiresScopes(scopes: [["orders:read"]]) }
      type StoreOrder implements Order @tag(name: "public") { id: ID! email: String }
    `);
    const composed = composeServices([{ name: 'orders', url: 'http://127.0.0.1:1/graphql', typeDefs }]);
    if (composed.errors) throw composed.errors[0];
    const planted = accessRulesOf(composed.supergraphSdl);
    expect(verdictOf(planted, 'Order', 'email', as('partner'))).toBe('FORBIDDEN');
    expect(verdictOf(planted, 'Order', 'email', as('back-office'))).toBe('ALLOWED');
    expect(verdictOf(planted, 'Order', 'id', as('partner'))).toBe('ALLOWED');
  });

  it('hands @apollo/gateway a supergraph without the authorization specs, keeping tags', () => {
    const stripped = withoutAuthorizationDirectives(SUPERGRAPH);
    expect(stripped).not.toMatch(/requiresScopes|@authenticated|@policy|for: SECURITY\)[^\n]*(authenticated|requiresScopes|policy)/);
    expect(stripped).toContain('@tag(name: "public")');
    expect(stripped).toContain('https://specs.apollo.dev/inaccessible/v0.2');
  });
});

describe('filtering an operation', () => {
  const query = parse(`
    query Lookup($id: ID!) {
      catalogue: productVariant(sku: "QJ-0003-BE-M") { sku }
      customer(id: $id) { ...Contact records { system } }
      customers(first: 2) { edges { node { ...Contact } } }
    }
    fragment Contact on Customer { displayName emails }
  `);

  it('takes out what a partner may not read, reporting each place it would have been', () => {
    const filtered = filterOperation(schema, rules, as('partner'), query, 'Lookup');
    expect(filtered.refusals.map((r) => [r.steps.map((s) => s.key).join('.'), r.code])).toEqual([
      ['customer', 'FORBIDDEN'],
      ['customers', 'FORBIDDEN'],
    ]);
    expect(filtered.document).not.toBeNull();
  });

  it('keeps a field reached through a fragment where the caller may read it, and refuses it in another place', () => {
    const filtered = filterOperation(schema, rules, as('call-center-agent'), query, 'Lookup');
    expect(filtered.refusals.map((r) => r.steps.map((s) => s.key).join('.'))).toEqual(['customers']);
  });

  it('leaves the operation untouched for a caller who may read all of it', () => {
    const filtered = filterOperation(schema, rules, as('back-office'), query, 'Lookup');
    expect(filtered).toEqual({ document: query, refusals: [] });
  });

  it('plans nothing when nothing is left', () => {
    const filtered = filterOperation(schema, rules, anonymous, parse('{ customers { totalCount } }'), undefined);
    expect(filtered.document).toBeNull();
    expect(filtered.refusals.map((r) => r.code)).toEqual(['UNAUTHENTICATED']);
  });

  it('nulls a refused non-null field up to the nearest nullable place, through lists', () => {
    const document = parse(
      '{ location(id: "x") { name pickupQueue { totalCount } } locations { edges { node { name pickupQueue { totalCount } } } } }',
    );
    const filtered = filterOperation(schema, rules, as('partner'), document, undefined);
    const data: Record<string, unknown> = { location: { name: 'S101' }, locations: { edges: [{ node: { name: 'S101' } }] } };
    // location is nullable: it becomes null. locations → edges! → [Edge!]! → node! → pickupQueue!: nothing on the way may be null.
    expect(nullRefusedFields(data, filtered.refusals)).toBe(false);
    expect(data.location).toBeNull();
  });
});
