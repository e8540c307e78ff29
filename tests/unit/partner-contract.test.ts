import { readFileSync } from 'node:fs';
import { composeServices } from '@apollo/composition';
import { buildSchema, GraphQLSchema, isInterfaceType, isObjectType, parse, printSchema } from 'graphql';
import { accessRulesOf, Grant, verdictOf } from '../../gateway/access/rules';
import { ROLE_SCOPES } from '../../lib/access';
import { PARTNER_API_SCHEMA_FILE, PARTNER_SUPERGRAPH_FILE, PARTNER_TAG } from '../../scripts/compose';
import { contractExclusions, subgraphForContract } from '../../scripts/contract';
import { operationCost, UNSIZED_LIST_ITEMS } from '../../scripts/operation-cost';
import { partnerTrustedDocuments } from '../../scripts/trusted-documents';

const contract = buildSchema(readFileSync(PARTNER_API_SCHEMA_FILE, 'utf8'));
const rules = accessRulesOf(readFileSync(PARTNER_SUPERGRAPH_FILE, 'utf8'));
const PARTNER: Grant = { authenticated: true, scopes: new Set(ROLE_SCOPES.partner), policies: new Set() };

/** Who a customer is, what they bought and what they hold: none of it is a partner's to read. */
const PERSONAL_TYPES = [
  'Customer',
  'CustomerProfile',
  'MarketingConsents',
  'LoyaltyAccount',
  'LoyaltyTransaction',
  'SupportTicket',
  'SupportMessage',
  'WebAccount',
  'CustomerRecord',
  'MergeCandidate',
  'DataAccess',
  'CustomerConnection',
  'CustomerIdentifierInput',
  'Cart',
  'CartLine',
  'Order',
  'WebOrder',
  'StoreOrder',
  'OrderLine',
  'Payment',
  'Fulfilment',
  'AddressInput',
];
const PERSONAL_FIELDS = [
  'email',
  'emails',
  'phone',
  'phones',
  'fullName',
  'displayName',
  'addresses',
  'customer',
  'customers',
  'me',
  'order',
];

function fieldsOf(schema: GraphQLSchema): string[] {
  return Object.values(schema.getTypeMap()).flatMap((type) =>
    !type.name.startsWith('__') && (isObjectType(type) || isInterfaceType(type))
      ? Object.keys(type.getFields()).map((field) => `${type.name}.${field}`)
      : [],
  );
}

describe("the partners' contract (schema/contracts/)", () => {
  it('has no personal data: no customer, order, cart or loyalty type, no field that names a person', () => {
    const types = Object.keys(contract.getTypeMap());
    expect(types.filter((type) => PERSONAL_TYPES.includes(type))).toEqual([]);
    expect(fieldsOf(contract).filter((coordinate) => PERSONAL_FIELDS.includes(coordinate.split('.')[1]))).toEqual([]);
    expect(contract.getMutationType()).toBeUndefined();
    expect(contract.getType('Location')).toBeDefined();
    expect(Object.keys((contract.getType('Location') as { getFields(): object }).getFields())).not.toContain('pickupQueue');
  });

  it('serves the catalogue, stock and stores', () => {
    expect(Object.keys(contract.getQueryType()!.getFields()).sort()).toEqual([
      'location',
      'locations',
      'productVariant',
      'productVariants',
    ]);
    for (const coordinate of [
      'ProductVariant.price',
      'ProductVariant.nearbyAvailability',
      'ProductVariant.stockAt',
      'StockLevel.available',
      'Location.openingHours',
    ])
      expect(fieldsOf(contract)).toContain(coordinate);
  });

  it("holds only fields the access rules allow the partner role, so a partner's answer is never a refusal", () => {
    const refused = fieldsOf(contract).filter((coordinate) => {
      const [type, field] = coordinate.split('.');
      return verdictOf(rules, type, field, PARTNER) !== 'ALLOWED';
    });
    expect(refused).toEqual([]);
  });
});

describe('contracts, as Apollo filters by tag', () => {
  const SUBGRAPH = `
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@tag"])
    type Query {
      shelf(aisle: Aisle): Shelf @tag(name: "partner")
      keeper: Keeper @tag(name: "partner")
      tills: [String!]!
    }
    "A tagged type brings all its fields, unless their type is left out."
    type Shelf @key(fields: "id") @tag(name: "partner") {
      id: ID!
      skus: [String!]!
      keeper: Keeper
    }
    "No field tagged: left out, and so is every field that returns it."
    type Keeper { name: String! }
    input Aisle { number: Int! }
    enum Unreached { NOWHERE }
  `;
  const compose = (typeDefs: string) => {
    const result = composeServices([{ name: 'store', url: 'http://127.0.0.1:1/graphql', typeDefs: parse(typeDefs) }]);
    if (result.errors) throw result.errors[0];
    return result;
  };

  it('leaves out untagged root fields, fields whose type is left out, types with no fields left and types nothing reaches', () => {
    const exclusions = contractExclusions(compose(SUBGRAPH).supergraphSdl, PARTNER_TAG);
    expect([...exclusions.types].sort()).toEqual(['Keeper', 'Unreached']);
    expect([...exclusions.fields].sort()).toEqual(['Query.keeper', 'Query.tills', 'Shelf.keeper']);

    const filtered = subgraphForContract(SUBGRAPH, exclusions);
    // The subgraph did not import @inaccessible: the rewrite does.
    expect(filtered).toContain('"@inaccessible"');
    const api = printSchema(compose(filtered).schema.toAPISchema().toGraphQLJSSchema());
    expect(api).toContain('shelf(aisle: Aisle): Shelf');
    expect(api).toContain('input Aisle');
    expect(api).not.toMatch(/Keeper|keeper|tills|Unreached/);
  });
});

describe("partners' operations", () => {
  const partners = partnerTrustedDocuments();

  it('are valid in the contract, and each has its cost', () => {
    expect(Object.keys(partners)).toContain('partner-marketplace');
    for (const manifest of Object.values(partners)) {
      for (const operation of manifest.operations) {
        expect(operation.type).toBe('query');
        expect(operation.cost).toBe(operationCost(contract, parse(operation.body)));
      }
    }
  });

  it('cost one per field resolved, the items of a page counted as many times as `first` asks', () => {
    const cost = (query: string) => operationCost(contract, parse(query));
    expect(cost('{ productVariants(first: 20) { edges { node { sku name } } } }')).toBe(62);
    // Without `first`, the argument's default (productVariants: 20); a list without one counts UNSIZED_LIST_ITEMS.
    expect(cost('{ productVariants { totalCount edges { node { sku } } } }')).toBe(1 + 1 + 1 + 20 * 2);
    expect(cost('{ productVariant(sku: "A") { stockLevels { available } } }')).toBe(1 + 1 + UNSIZED_LIST_ITEMS);
    expect(cost('query { ...page } fragment page on Query { location(id: "x") { name } }')).toBe(2);
  });

  it('refuse a page size given by a variable: the cost must be known when the operation is registered', () => {
    expect(() => operationCost(contract, parse('query($n: Int) { locations(first: $n) { totalCount } }'))).toThrow('page size');
  });
});
