import { readFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { createGatewayRuntime, GatewayRuntime } from '@graphql-hive/gateway';
import { omnigraphOnHive } from '../../gateway/hive/config';
import { clockFromEnv } from '../../lib/clock';
import { generateWorld } from '../../legacy/seed/world';
import { RunningSystem, startSystem } from '../../scripts/system';
import { trustedDocuments } from '../../scripts/trusted-documents';
import { errorCodes, execute, GraphQLAnswer } from '../support/graphql';
import { bearer, headersAs } from '../support/tokens';

/**
 * No lock-in: the composed supergraph, with its access rules, served by Hive Gateway (MIT) over the
 * same running subgraphs, with Omnigraph's configuration for it (gateway/hive/config.ts). Every
 * registered query (operations/*.graphql and the console's operations/console/) runs through both
 * gateways as the same persona with the same variables and must answer the same data and error
 * codes; then the access rules are tried through Hive.
 */

// Hive Gateway's logger reads LOG_LEVEL itself and knows no `silent` (pino's, which tests/setup.ts
// sets); the system below is still started silent through its own env.
process.env.LOG_LEVEL = 'error';

const STORE_101 = 'TG9jYXRpb246UzEwMQ';
const YEN = 'Q3VzdG9tZXI6Q1JNOjEwNw';
const SAIGON = { latitude: 10.7798, longitude: 106.699 };

interface Example {
  signInAs?: string;
  variables?: Record<string, unknown>;
}

/** The world's moment: the system runs at it, whatever the date. */
const NOW = clockFromEnv()();
/** The KPIs' last 30 days up to the world's moment, so the figures are not empty on any date. */
const LAST_30_DAYS = { from: new Date(NOW.getTime() - 30 * 86_400_000).toISOString(), to: NOW.toISOString() };

/**
 * The explorer's examples (operations/examples.json) give the first-party queries' variables and
 * persona; the KPIs' window is the world's last month rather than the one `npm start` seeds now.
 */
const EXAMPLES = JSON.parse(readFileSync(resolve(__dirname, '../../operations/examples.json'), 'utf8')) as Record<string, Example>;
EXAMPLES.ChannelKpis = { ...EXAMPLES.ChannelKpis, variables: { ...EXAMPLES.ChannelKpis.variables, ...LAST_30_DAYS } };

/** The console's queries, with values from the same world (seed 42, small) and the persona whose screen sends them. */
const CONSOLE_EXAMPLES: Record<string, Example> = {
  ConsoleStores: { signInAs: 'associate-s101' },
  StoreLocations: { signInAs: 'associate-s101' },
  StorePickupQueue: { signInAs: 'associate-s101', variables: { storeId: STORE_101 } },
  StorePickupCustomer: { signInAs: 'associate-s101', variables: { email: 'yen.nguyen1549@hotmail.com' } },
  StoreFindCustomer: { signInAs: 'associate-s101', variables: { kind: 'LOYALTY_CARD', value: '260042728816' } },
  StoreCustomerWebOrders: { signInAs: 'associate-s101', variables: { kind: 'LOYALTY_CARD', value: '260042728816' } },
  StorePriceQuote: {
    signInAs: 'associate-s101',
    variables: { storeId: STORE_101, lines: [{ sku: 'QJ-0003-BE-M', quantity: 2 }], member: true },
  },
  StoreNearMe: { signInAs: 'associate-s101', variables: { sku: 'QJ-0003-BE-M', near: SAIGON, storeId: STORE_101 } },
  AgentFindCustomers: { signInAs: 'agent', variables: { identifier: { kind: 'PHONE', value: '0987 632 589' } } },
  AgentCustomer360: { signInAs: 'agent', variables: { customerId: YEN } },
  AgentProfileChanges: { signInAs: 'agent', variables: { customerId: YEN } },
  ReportsChannelKpis: { signInAs: 'steward', variables: LAST_30_DAYS },
};

/**
 * Where Hive Gateway 2.15.1 answers differently, found by this test, asserted as it is so that the
 * test fails the day Hive answers the same: `ProductVariant.nearbyAvailability` (inventory's, whose
 * `@requires` reaches the stock levels' locations) is null with no error when the variant's `sku` or
 * `name` is selected beside it, though the inventory subgraph answered it; alone (StoresWithStock) it
 * is served.
 */
const NEARBY_DROPPED_ON_HIVE = new Set(['WhereCanIGetThisNearMe', 'StoreNearMe']);

type Data = Record<string, unknown>;

/** Business time read at the moment of answering (stock's `asOf`) differs between any two answers. */
function withoutReadTimes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutReadTimes);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, key === 'asOf' ? 'read now' : withoutReadTimes(field)]));
}

/**
 * The registered operations not compared, and why. A mutation changes the world the next answer
 * reads, so running it through both would compare two different worlds (LogSupportInteraction runs
 * through Hive alone below, then both read what it did). A subscription is served by Omnigraph's
 * gateway itself from the event bus (gateway/live/), not by a subgraph: Hive has nothing to serve
 * it from.
 */
const NOT_COMPARED = {
  mutation: [
    'AddToCart',
    'AgentChangeAddress',
    'AgentHandOverCase',
    'AgentLogInteraction',
    'CheckoutForPickup',
    'CloseSupportCase',
    'HandOver',
    'HandOverSupportCase',
    'LogSupportInteraction',
    'OpenCart',
    'SellAtCounter',
    'StoreHandOver',
    'StorePlaceAssistedOrder',
    'StoreReturnWebOrder',
    'StoreSellAtCounter',
  ],
  subscription: [
    'AgentFollowCustomer',
    'FollowCustomer',
    'FollowOrder',
    'FollowPickupQueue',
    'FollowShelf',
    'ReportsChannelKpisChanged',
    'StoreFollowPickupQueue',
  ],
};

const registered = trustedDocuments().operations;
const queries = registered.filter((operation) => operation.type === 'query');

describe('the supergraph on Hive Gateway', () => {
  let system: RunningSystem;
  let hive: GatewayRuntime;
  let server: Server;
  let hiveUrl: string;

  beforeAll(async () => {
    system = await startSystem({ world: generateWorld({ seed: 42, size: 'small', now: NOW }), env: { LOG_LEVEL: 'silent' } });
    const supergraph = readFileSync(resolve(__dirname, '../../schema/supergraph.graphql'), 'utf8');
    hive = createGatewayRuntime(omnigraphOnHive(supergraph, system.env));
    server = createServer(hive);
    await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
    hiveUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  }, 120_000);

  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((closed) => server?.close(closed));
    await hive?.dispose();
    await system?.stop();
  });

  const headersOf = async (login: string | undefined): Promise<Record<string, string>> => (login ? headersAs(system, login) : {});

  /** The same operation, variables and caller through Omnigraph's gateway and through Hive. */
  async function throughBoth(body: string, example: Example): Promise<[GraphQLAnswer<Data>, GraphQLAnswer<Data>]> {
    const headers = await headersOf(example.signInAs);
    return Promise.all([
      execute<Data, Data>(system.gatewayUrl, body, example.variables, headers),
      execute<Data, Data>(hiveUrl, body, example.variables, headers),
    ]);
  }

  it('has a persona and variables for every registered query, and names every operation it does not compare', () => {
    const given = { ...EXAMPLES, ...CONSOLE_EXAMPLES };
    expect(queries.filter((query) => !given[query.name]).map((query) => query.name)).toEqual([]);
    for (const type of ['mutation', 'subscription'] as const) {
      const names = registered.filter((operation) => operation.type === type).map((operation) => operation.name);
      expect(names.sort()).toEqual(NOT_COMPARED[type]);
    }
  });

  it.each(queries.map((query) => [query.name, query] as const))('%s answers the same through both', async (name, query) => {
    const example = EXAMPLES[name] ?? CONSOLE_EXAMPLES[name];
    const [omnigraph, onHive] = await throughBoth(query.body, example);
    expect(omnigraph.status).toBe(200);
    expect(errorCodes(omnigraph)).toEqual([]);
    expect(onHive.status).toBe(200);
    expect(errorCodes(onHive)).toEqual(errorCodes(omnigraph));
    if (NEARBY_DROPPED_ON_HIVE.has(name)) {
      const variant = onHive.data?.productVariant as Data;
      expect(variant.nearbyAvailability).toBeNull();
      expect((omnigraph.data?.productVariant as Data).nearbyAvailability).toEqual(expect.arrayContaining([expect.anything()]));
      expect(withoutReadTimes({ ...variant, nearbyAvailability: 'dropped' })).toEqual(
        withoutReadTimes({ ...(omnigraph.data?.productVariant as Data), nearbyAvailability: 'dropped' }),
      );
      return;
    }
    expect(withoutReadTimes(onHive.data)).toEqual(withoutReadTimes(omnigraph.data));
  });

  it('refuses an anonymous caller what needs a sign-in in every query, as Omnigraph does, with no data', async () => {
    const refused: string[] = [];
    for (const query of queries) {
      const { variables } = EXAMPLES[query.name] ?? CONSOLE_EXAMPLES[query.name];
      const [omnigraph, onHive] = await throughBoth(query.body, { variables });
      expect({ query: query.name, codes: errorCodes(onHive) }).toEqual({ query: query.name, codes: errorCodes(omnigraph) });
      if (!NEARBY_DROPPED_ON_HIVE.has(query.name))
        expect({ query: query.name, data: withoutReadTimes(onHive.data) }).toEqual({
          query: query.name,
          data: withoutReadTimes(omnigraph.data),
        });
      if (errorCodes(onHive).includes('UNAUTHENTICATED')) refused.push(query.name);
    }
    expect(refused.length).toBeGreaterThanOrEqual(14);
    expect(refused).toEqual(
      expect.arrayContaining(['Customer360ByPhone', 'CustomerOrderHistory', 'AgentCustomer360', 'SupportAgentView', 'OrderStatus']),
    );
    const customer360 = queries.find((query) => query.name === 'Customer360ByPhone')!;
    const anonymous = await execute<Data, Data>(hiveUrl, customer360.body, EXAMPLES.Customer360ByPhone.variables);
    expect(anonymous.data).toEqual({ customerByIdentifier: null });
    expect(errorCodes(anonymous)).toEqual(['UNAUTHENTICATED']);
  });

  it('refuses a customer another customer’s orders, and serves her her own', async () => {
    const history = queries.find((query) => query.name === 'CustomerOrderHistory')!;
    const variables = EXAMPLES.CustomerOrderHistory.variables!;
    const customers = system.personas.flatMap((persona) =>
      persona.kind === 'person' && persona.roles.includes('customer') ? [persona] : [],
    );
    const other = customers.find((persona) => persona.customerId !== YEN)!;
    const [omnigraph, onHive] = await throughBoth(history.body, { signInAs: other.login, variables });
    expect(errorCodes(onHive)).toEqual(['FORBIDDEN']);
    expect(onHive.data?.customer ?? null).toBeNull();
    expect(errorCodes(omnigraph)).toEqual(['FORBIDDEN']);
    const own = await execute<Data, Data>(hiveUrl, history.body, { customerId: other.customerId }, await headersOf(other.login));
    expect(own.errors).toBeUndefined();
    expect((own.data?.customer as Data).id).toBe(other.customerId);
  });

  it('refuses a field guarded by a scope to a caller without it and serves it with it', async () => {
    const kpis = queries.find((query) => query.name === 'ChannelKpis')!;
    const { variables } = EXAMPLES.ChannelKpis;
    const customer = system.personas.find((persona) => persona.roles.includes('customer'))!;
    const [omnigraph, onHive] = await throughBoth(kpis.body, { signInAs: customer.login, variables });
    expect(errorCodes(onHive)).toEqual(['FORBIDDEN']);
    expect(onHive.data).toEqual({ channelKpis: null });
    expect(onHive.data).toEqual(omnigraph.data);
    const steward = await execute<Data, Data>(hiveUrl, kpis.body, variables, await headersOf('steward'));
    expect(steward.errors).toBeUndefined();
    expect((steward.data?.channelKpis as { totals: { orders: number } }).totals.orders).toBeGreaterThan(0);
  });

  // Last: it changes the world the comparisons above read.
  it('runs a mutation through Hive as the persona that may, refuses it to anyone else, and both gateways then read what it did', async () => {
    const log = registered.find((operation) => operation.name === 'LogSupportInteraction')!;
    const input = {
      contact: { kind: 'PHONE', value: '+84 32 434 3752' },
      ticketId: 'U3VwcG9ydFRpY2tldDo0Ng',
      channel: 'PHONE',
      text: 'Khách gọi lại qua Hive Gateway.',
      idempotencyKey: 'hive-call-1',
    };
    const [refusedByOmnigraph, refusedByHive] = await throughBoth(log.body, { variables: { input } });
    expect([refusedByHive.data ?? null, errorCodes(refusedByHive)]).toEqual([null, ['UNAUTHENTICATED']]);
    expect(refusedByHive.data).toEqual(refusedByOmnigraph.data);
    expect(errorCodes(refusedByOmnigraph)).toEqual(['UNAUTHENTICATED']);
    const logged = await execute<Data, Data>(hiveUrl, log.body, { input }, await headersOf('agent'));
    expect(logged.errors).toBeUndefined();
    expect((logged.data?.logSupportInteraction as { userErrors: unknown[] }).userErrors).toEqual([]);

    const view = queries.find((query) => query.name === 'SupportAgentView')!;
    const [omnigraph, onHive] = await throughBoth(view.body, EXAMPLES.SupportAgentView);
    expect(onHive.data).toEqual(omnigraph.data);
    expect(JSON.stringify(onHive.data)).toContain(input.text);
  });

  it('answers a bad token 401 UNAUTHENTICATED, as Omnigraph does', async () => {
    const forged = bearer('eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJtYWxsb3J5In0.c2lnbmF0dXJl');
    const [omnigraph, onHive] = await Promise.all(
      [system.gatewayUrl, hiveUrl].map((url) => execute<Data, Data>(url, '{ __typename }', undefined, forged)),
    );
    expect([onHive.status, errorCodes(onHive)]).toEqual([401, ['UNAUTHENTICATED']]);
    expect([omnigraph.status, errorCodes(omnigraph)]).toEqual([401, ['UNAUTHENTICATED']]);
    expect(onHive.data ?? null).toBeNull();
  });
});
