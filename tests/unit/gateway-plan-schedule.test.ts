import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { composeServices } from '@apollo/composition';
import { Supergraph, operationFromDocument } from '@apollo/federation-internals';
import { ApolloGateway, LocalGraphQLDataSource } from '@apollo/gateway';
import { QueryPlanner, type PlanNode } from '@apollo/query-planner';
import { ApolloServer } from '@apollo/server';
import { buildSubgraphSchema, printSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { operationText } from '../../bench/omnichannel/graphql';

/**
 * The gateway runs a query plan's sequence as a dependency graph (our patch to @apollo/gateway,
 * patches/README.md): a fetch starts once the fetches it reads from are done, not after every fetch
 * of the step before it. Mutations keep their order.
 */

// Exported by the patch for these tests.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { sequenceSchedule } = require('@apollo/gateway/dist/executeQueryPlan') as {
  sequenceSchedule: (sequence: PlanNode) => { node: PlanNode; step: number; waitsFor: number[] }[];
};

const ROOT = resolve(__dirname, '../..');

function scheduleOf(file: string, operationName: string): string[] {
  // The supergraph links the authorization specs, which the planner itself does not enforce.
  const supergraph = Supergraph.build(readFileSync(resolve(ROOT, 'schema/supergraph.graphql'), 'utf8'), { supportedFeatures: null });
  const operation = operationFromDocument(supergraph.apiSchema(), parse(operationText(file, operationName)), { operationName });
  const plan = new QueryPlanner(supergraph).buildQueryPlan(operation);
  const label = (node: PlanNode): string =>
    node.kind === 'Flatten' ? `${label(node.node)} at ${node.path.join('.')}` : node.kind === 'Fetch' ? node.serviceName : node.kind;
  const schedule = sequenceSchedule(plan.node as PlanNode);
  return schedule.map((unit) => `${label(unit.node)} after [${unit.waitsFor.map((index) => label(schedule[index].node)).join(', ')}]`);
}

describe('the plan schedule of our own operations', () => {
  it('starts customer 360’s order history once the channels’ order indexes are in, without waiting for the CRM', () => {
    expect(scheduleOf('customer.graphql', 'Customer360ByPhone')).toEqual([
      'identity after []',
      'ecommerce at customerByIdentifier after [identity]',
      'crm at customerByIdentifier after [identity]',
      'pos at customerByIdentifier after [identity]',
      'marketplace at customerByIdentifier after [identity]',
      'orders at customerByIdentifier after [identity, ecommerce at customerByIdentifier, pos at customerByIdentifier, marketplace at customerByIdentifier]',
      'marketplace at customerByIdentifier.orderHistory.edges.@.node after [identity, orders at customerByIdentifier]',
      'pos at customerByIdentifier.orderHistory.edges.@.node after [identity, orders at customerByIdentifier]',
      'ecommerce at customerByIdentifier.orderHistory.edges.@.node after [identity, orders at customerByIdentifier]',
      'warehouse at customerByIdentifier.orderHistory.edges.@.node.fulfilment.location after [identity, orders at customerByIdentifier, ' +
        'marketplace at customerByIdentifier.orderHistory.edges.@.node, pos at customerByIdentifier.orderHistory.edges.@.node, ' +
        'ecommerce at customerByIdentifier.orderHistory.edges.@.node]',
    ]);
  });
});

/**
 * Five tiny subgraphs behind a real gateway: the shopper; her points (slow); her web and store order
 * ids; and her order summary, which requires both lists, so it joins two fetches of the step the
 * points are in, as customer 360's order history does.
 */
describe('a gateway running plans as a dependency graph', () => {
  let server: ApolloServer;
  const calls: string[] = [];
  let summaryAsked: () => void = () => undefined;
  let summaryStarted = new Promise<void>((resolve) => (summaryAsked = resolve));
  let pointsFail = false;

  const federation = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@external", "@requires"])';
  const subgraphs = {
    people: buildSubgraphSchema({
      typeDefs: parse(`${federation}
        type Query { shopper(id: ID!): Shopper }
        type Shopper @key(fields: "id") { id: ID! name: String! }
      `),
      resolvers: { Query: { shopper: (_: unknown, { id }: { id: string }) => ({ id, name: 'Ada' }) } },
    }),
    loyalty: buildSubgraphSchema({
      typeDefs: parse(`${federation}
        type Shopper @key(fields: "id") { id: ID! points: Int }
        type Mutation { holdPoints: String! }
      `),
      resolvers: {
        Shopper: {
          // Answers once the order summary was asked for, or after 3 s with -1: in a plan run step
          // by step the summary waits for this answer.
          __resolveReference: async ({ id }: { id: string }) => {
            let timer: NodeJS.Timeout | undefined;
            const asked = await Promise.race([
              summaryStarted.then(() => true),
              new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), 3_000))),
            ]);
            clearTimeout(timer);
            if (pointsFail) throw new Error('loyalty system down');
            return { id, points: asked ? 120 : -1 };
          },
        },
        Mutation: {
          holdPoints: async () => {
            await new Promise((resolve) => setTimeout(resolve, 50));
            calls.push('holdPoints');
            return 'held';
          },
        },
      },
    }),
    web: buildSubgraphSchema({
      typeDefs: parse(`${federation}
        type Shopper @key(fields: "id") { id: ID! webOrderIds: [ID!]! }
        type Mutation { placeOrder: String! }
      `),
      resolvers: {
        Shopper: { __resolveReference: ({ id }: { id: string }) => ({ id, webOrderIds: [`${id}-w1`] }) },
        Mutation: {
          placeOrder: () => {
            calls.push('placeOrder');
            return 'placed';
          },
        },
      },
    }),
    stores: buildSubgraphSchema({
      typeDefs: parse(`${federation}
        type Shopper @key(fields: "id") { id: ID! storeOrderIds: [ID!]! }
      `),
      resolvers: { Shopper: { __resolveReference: ({ id }: { id: string }) => ({ id, storeOrderIds: [`${id}-s1`, `${id}-s2`] }) } },
    }),
    summary: buildSubgraphSchema({
      typeDefs: parse(`${federation}
        type Shopper @key(fields: "id") {
          id: ID!
          webOrderIds: [ID!]! @external
          storeOrderIds: [ID!]! @external
          orderSummary: String! @requires(fields: "webOrderIds storeOrderIds")
        }
      `),
      resolvers: {
        Shopper: {
          orderSummary: ({ webOrderIds, storeOrderIds }: { webOrderIds: string[]; storeOrderIds: string[] }) => {
            summaryAsked();
            return `${webOrderIds.length} web, ${storeOrderIds.length} store`;
          },
        },
      },
    }),
  };

  beforeAll(async () => {
    const composed = composeServices(
      Object.entries(subgraphs).map(([name, schema]) => ({
        name,
        url: `http://127.0.0.1:1/${name}`,
        typeDefs: parse(printSubgraphSchema(schema)),
      })),
    );
    if (composed.errors) throw composed.errors[0];
    const gateway = new ApolloGateway({
      supergraphSdl: composed.supergraphSdl,
      buildService: ({ name }) => new LocalGraphQLDataSource(subgraphs[name as keyof typeof subgraphs]),
    });
    server = new ApolloServer({ gateway });
    await server.start();
  });
  afterAll(async () => {
    await server?.stop();
  });
  beforeEach(() => {
    calls.length = 0;
    pointsFail = false;
    summaryStarted = new Promise<void>((resolve) => (summaryAsked = resolve));
  });

  const run = async (query: string) => {
    const response = await server.executeOperation({ query });
    if (response.body.kind !== 'single') throw new Error('expected a single answer');
    return response.body.singleResult;
  };

  it('asks for the order summary once both order lists are in, while the points are still on their way, and answers in full', async () => {
    expect(await run('{ shopper(id: "s1") { name points orderSummary } }')).toEqual({
      data: { shopper: { name: 'Ada', points: 120, orderSummary: '1 web, 2 store' } },
    });
  });

  it('still answers the order summary when the points fail, with the points’ error', async () => {
    pointsFail = true;
    const result = await run('{ shopper(id: "s1") { name points orderSummary } }');
    expect(result.data).toEqual({ shopper: { name: 'Ada', points: null, orderSummary: '1 web, 2 store' } });
    expect(result.errors?.map((error) => [error.message, error.path])).toEqual([['loyalty system down', ['shopper']]]);
  });

  it('runs a mutation’s fields one after the other, in the order asked, though neither reads the other', async () => {
    expect(await run('mutation { holdPoints placeOrder }')).toEqual({ data: { holdPoints: 'held', placeOrder: 'placed' } });
    expect(calls).toEqual(['holdPoints', 'placeOrder']);
  });
});
