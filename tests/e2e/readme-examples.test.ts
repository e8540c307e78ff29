import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { getOperationAST, parse } from 'graphql';
import { exampleTabs } from '../../gateway/explorer';
import { clockFromEnv } from '../../lib/clock';
import { generateWorld } from '../../legacy/seed/world';
import { RunningSystem, startSystem } from '../../scripts/system';
import { execute } from '../support/graphql';

/**
 * The README's first queries, pasted as a newcomer would: each query with the variables printed
 * under it, against the world `npm start` seeds (seed 42, small, as of now), through the gateway.
 */

const README = readFileSync(resolve(__dirname, '../../README.md'), 'utf8');
const section = README.slice(README.indexOf('### First queries'), README.indexOf('### Selling'));

/** Every graphql block with the json block that follows it. */
function examples(): { name: string; query: string; variables: Record<string, unknown> }[] {
  const blocks = [...section.matchAll(/```(graphql|json)\n([\s\S]*?)```/g)].map(([, language, body]) => ({ language, body }));
  const found: { name: string; query: string; variables: Record<string, unknown> }[] = [];
  blocks.forEach((block, index) => {
    if (block.language !== 'graphql') return;
    const next = blocks[index + 1];
    if (next?.language !== 'json') throw new Error(`the README example after block ${index} has no variables under it`);
    found.push({
      name: /query (\w+)/.exec(block.body)![1],
      query: block.body,
      variables: JSON.parse(next.body) as Record<string, unknown>,
    });
  });
  return found;
}

type Data = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** What a newcomer would look for in each answer, beyond "no errors". */
const CHECKS: Record<string, (data: Data) => void> = {
  Customer360ByPhone: (data) => {
    const customer = data.customerByIdentifier;
    expect(customer.displayName).toBe('Nguyễn Thu Yến');
    expect(customer.id).toBe('Q3VzdG9tZXI6Q1JNOjEwNw');
    expect(customer.loyalty.cardCode).toBe('260042728816');
    expect(new Set(customer.orderHistory.edges.map((edge: Data) => edge.node.channel))).toEqual(new Set(['WEB', 'STORE']));
  },
  CustomerByIdentifier: (data) => {
    expect(data.customerByIdentifier.id).toBe('Q3VzdG9tZXI6Q1JNOjEwNw');
    expect(data.customerByIdentifier.records.map((record: Data) => record.system)).toEqual(expect.arrayContaining(['CRM', 'ECOMMERCE']));
  },
  WhereCanIGetThisNearMe: (data) => {
    const nearby = data.productVariant.nearbyAvailability;
    expect(nearby.length).toBeGreaterThanOrEqual(1);
    expect(nearby[0].distanceKm).toBeLessThan(10);
    expect(nearby[0].available).toBeGreaterThan(0);
  },
  CustomerOrderHistory: (data) => {
    expect(data.customer.orderHistory.edges.length).toBeGreaterThanOrEqual(3);
  },
  StockBySku: (data) => {
    const stores = data.productVariant.stockLevels.filter((level: Data) => level.location.kind === 'STORE');
    expect(stores.map((level: Data) => level.location.storeCode)).toEqual(expect.arrayContaining(['101', '102']));
  },
};

describe('the README’s first queries, with the values it gives', () => {
  let system: RunningSystem;
  beforeAll(async () => {
    system = await startSystem({ world: generateWorld({ seed: 42, size: 'small', now: clockFromEnv()() }), env: { LOG_LEVEL: 'silent' } });
  });
  afterAll(() => system.stop());

  it('gives a query and its variables for every example, each one checked here', () => {
    expect(
      examples()
        .map((example) => example.name)
        .sort(),
    ).toEqual(Object.keys(CHECKS).sort());
  });

  it.each(examples().map((example) => [example.name, example] as const))('%s runs as printed', async (_name, example) => {
    const answer = await execute<Data, Record<string, unknown>>(system.gatewayUrl, example.query, example.variables);
    expect(answer.errors).toBeUndefined();
    CHECKS[example.name](answer.data!);
  });

  it('runs every query the explorer opens with, as it opens (operations/examples.json)', async () => {
    const queries = exampleTabs().filter((tab) => getOperationAST(parse(tab.query))?.operation === 'query');
    expect(queries.length).toBeGreaterThanOrEqual(8);
    for (const tab of queries) {
      const variables = JSON.parse(tab.variables) as Record<string, unknown>;
      expect(Object.values(variables)).not.toContain('');
      const answer = await execute<Data, Record<string, unknown>>(system.gatewayUrl, tab.query, variables);
      expect({ operation: getOperationAST(parse(tab.query))!.name!.value, errors: answer.errors }).toEqual({
        operation: expect.any(String),
        errors: undefined,
      });
      expect(Object.values(answer.data!).every((root) => root !== null)).toBe(true);
    }
  });

  it('answers the curl example', async () => {
    const body = /-d '(.+)'/.exec(section)![1];
    const response = await fetch(system.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      data: { productVariant: { name: 'Quần jean thể thao Be - M', price: { amount: expect.any(String), currencyCode: 'VND' } } },
    });
  });
});
