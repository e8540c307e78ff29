import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { getOperationAST, parse } from 'graphql';
import { exampleTabs } from '../../gateway/explorer';
import { buildGatewayServer } from '../../gateway/server';
import { clockFromEnv } from '../../lib/clock';
import { generateWorld } from '../../legacy/seed/world';
import { RunningSystem, startSystem } from '../../scripts/system';
import { errorCodes, execute } from '../support/graphql';
import { bearer, tokenAs } from '../support/tokens';

/**
 * The README's first queries, pasted as a newcomer would: each query with the variables printed
 * under it, signed in as the persona its first line names (`# as agent`; `# as anyone` is no
 * sign-in), against the world `npm start` seeds (seed 42, small, as of now), through the gateway.
 * Then the Access control section's calls: the partner's first call, a registered operation by
 * hash, and the customer's record of who looked at her data.
 */

const README = readFileSync(resolve(__dirname, '../../README.md'), 'utf8');
const between = (from: string, to: string) => {
  const start = README.indexOf(from);
  const end = README.indexOf(to, start);
  if (start < 0 || end < 0) throw new Error(`the README has no section from "${from}" to "${to}"`);
  return README.slice(start, end);
};
const section = between('### First queries', '### Selling');
const partnerSection = between("### A partner's first call", '### Trusted documents in production');
const trustedSection = between('### Trusted documents in production', "### Who looked at a customer's data");
const whoLookedSection = between("### Who looked at a customer's data", '## Performance');
const supportSection = between('### Support that follows the customer', '### Recognised everywhere');
const everywhereSection = between('### Recognised everywhere', '### Identity resolution, measured');

/** The fenced blocks of a part of the README, in order. */
const blocksOf = (text: string) => [...text.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map(([, language, body]) => ({ language, body }));

/** Who runs a README example: a persona's login, or no one (anonymous). */
type SignIn = string | null;
const ANYONE = 'anyone';

interface Example {
  name: string;
  signIn: SignIn;
  query: string;
  variables: Record<string, unknown>;
}

/** Every graphql block, the persona its first line names, and the json block that follows it. */
function examples(): Example[] {
  const blocks = blocksOf(section);
  const found: Example[] = [];
  blocks.forEach((block, index) => {
    if (block.language !== 'graphql') return;
    const next = blocks[index + 1];
    if (next?.language !== 'json') throw new Error(`the README example after block ${index} has no variables under it`);
    const name = /query (\w+)/.exec(block.body)![1];
    const as = /^# as ([\w-]+)\n/.exec(block.body)?.[1];
    if (!as) throw new Error(`the README example ${name} does not say as whom it runs (a first line "# as <persona>" or "# as anyone")`);
    found.push({ name, signIn: as === ANYONE ? null : as, query: block.body, variables: JSON.parse(next.body) as Record<string, unknown> });
  });
  return found;
}

interface CurlExample {
  signIn: SignIn;
  body: string;
}

/** Every sh block of First queries: its JSON body, and the persona whose token it sends, if any. */
function curlExamples(): CurlExample[] {
  return blocksOf(section)
    .filter((block) => block.language === 'sh')
    .map(({ body }) => {
      const signIn = /npm run -s token -- --as ([\w-]+)/.exec(body)?.[1] ?? null;
      expect(body.includes('-H "authorization: Bearer $TOKEN"')).toBe(signIn !== null);
      return { signIn, body: /-d '(.+)'/.exec(body)![1] };
    });
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
  SupportAgentView: (data) => {
    const customer = data.customerByIdentifier;
    expect(customer.displayName).toBe('Nguyễn Thanh Trang');
    const zaloCase = customer.supportTickets.edges.find((edge: Data) => edge.node.id === 'U3VwcG9ydFRpY2tldDo0Ng').node;
    expect(zaloCase.messages.map((message: Data) => message.channel)).toEqual(['ZALO', 'ZALO', 'PHONE']);
    expect(customer.recentInteractions[0].ticket.id).toBe('U3VwcG9ydFRpY2tldDo0Ng');
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
  MyOrders: (data) => {
    expect(data.me.displayName).toEqual(expect.any(String));
    // Every customer persona has web orders.
    expect(data.me.orderHistory.edges.length).toBeGreaterThanOrEqual(1);
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
  }, 120_000);
  afterAll(() => system.stop());

  /** The headers a README example sends: the persona's token, or none. */
  const headersOf = async (signIn: SignIn): Promise<Record<string, string>> => (signIn ? bearer(await tokenAs(system, signIn)) : {});

  it('gives a query, its variables and its persona for every example, each one checked here', () => {
    expect(
      examples()
        .map((example) => example.name)
        .sort(),
    ).toEqual(Object.keys(CHECKS).sort());
  });

  it.each(examples().map((example) => [example.name, example.signIn ?? ANYONE, example] as const))(
    '%s runs as printed, as %s',
    async (_name, _as, example) => {
      const answer = await execute<Data, Record<string, unknown>>(
        system.gatewayUrl,
        example.query,
        example.variables,
        await headersOf(example.signIn),
      );
      expect(answer.errors).toBeUndefined();
      CHECKS[example.name](answer.data!);
    },
  );

  it('names a persona for exactly the examples that need one: without it they are refused', async () => {
    for (const example of examples()) {
      const anonymous = await execute<Data, Record<string, unknown>>(system.gatewayUrl, example.query, example.variables);
      expect({ example: example.name, codes: errorCodes(anonymous) }).toEqual({
        example: example.name,
        codes: example.signIn ? expect.arrayContaining(['UNAUTHENTICATED']) : [],
      });
    }
  });

  it('refuses a customer another customer’s record by id, as it says', async () => {
    const history = examples().find((example) => example.name === 'CustomerOrderHistory')!;
    // A customer persona who is not the one the example asks for.
    const other = system.personas.find(
      (p) => p.kind === 'person' && p.roles.includes('customer') && p.customerId !== history.variables.customerId,
    )!;
    const answer = await execute<Data, Record<string, unknown>>(
      system.gatewayUrl,
      history.query,
      history.variables,
      await headersOf(other.login),
    );
    expect(answer.data?.customer ?? null).toBeNull();
    expect(errorCodes(answer)).toEqual(['FORBIDDEN']);
  });

  it('runs every query the explorer opens with, as it opens, as the persona its headers name (operations/examples.json)', async () => {
    const queries = exampleTabs().filter((tab) => getOperationAST(parse(tab.query))?.operation === 'query');
    expect(queries.length).toBeGreaterThanOrEqual(8);
    for (const tab of queries) {
      const operation = getOperationAST(parse(tab.query))!.name!.value;
      const variables = JSON.parse(tab.variables) as Record<string, unknown>;
      expect(Object.values(variables)).not.toContain('');
      const signIn = /npm run token -- --as ([\w-]+)/.exec(tab.headers ?? '')?.[1] ?? null;
      const answer = await execute<Data, Record<string, unknown>>(system.gatewayUrl, tab.query, variables, await headersOf(signIn));
      expect({ operation, errors: answer.errors }).toEqual({ operation, errors: undefined });
      expect(Object.values(answer.data!).every((root) => root !== null)).toBe(true);
      // A tab names a persona only when it needs one.
      const anonymous = await execute<Data, Record<string, unknown>>(system.gatewayUrl, tab.query, variables);
      expect({ operation, needsSignIn: errorCodes(anonymous).includes('UNAUTHENTICATED') }).toEqual({
        operation,
        needsSignIn: signIn !== null,
      });
    }
  });

  /** A section's first mutation with the variables printed under it, as the persona its first line names. */
  async function runFirstMutationOf(part: string): Promise<Data> {
    const [mutation, variables] = blocksOf(part);
    expect([mutation.language, variables.language]).toEqual(['graphql', 'json']);
    const signIn = /^# as ([\w-]+)\n/.exec(mutation.body)![1];
    const answer = await execute<Data, Record<string, unknown>>(
      system.gatewayUrl,
      mutation.body,
      JSON.parse(variables.body) as Record<string, unknown>,
      await headersOf(signIn),
    );
    expect(answer.errors).toBeUndefined();
    return answer.data!;
  }

  it('logs the support call on the Zalo case, as the Support section shows it', async () => {
    const { ticket, userErrors } = (await runFirstMutationOf(supportSection)).logSupportInteraction;
    expect(userErrors).toEqual([]);
    expect(ticket.id).toBe('U3VwcG9ydFRpY2tldDo0Ng');
    expect(ticket.messages.map((message: Data) => [message.channel, message.author])).toEqual([
      ['ZALO', 'CUSTOMER'],
      ['ZALO', 'AGENT'],
      ['PHONE', 'CUSTOMER'],
      ['PHONE', 'CUSTOMER'],
    ]);
  });

  it('sells at the counter with the loyalty card typed with spaces, paying 10 points, as the Recognised everywhere section shows it', async () => {
    const sale = (await runFirstMutationOf(everywhereSection)).sellAtCounter;
    expect(sale.userErrors).toEqual([]);
    expect(sale.pointsRedeemed).toBe(10);
    expect(sale.order.payments.map((payment: Data) => payment.method).sort()).toEqual(['CASH', 'LOYALTY_POINTS']);
  });

  it('answers the curl examples, each as the persona whose token it sends', async () => {
    const curls = curlExamples();
    expect(curls.map((curl) => curl.signIn)).toEqual([null, 'agent']);
    const answers: Data[] = [];
    for (const curl of curls) {
      const response = await fetch(system.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(await headersOf(curl.signIn)) },
        body: curl.body,
      });
      expect(response.status).toBe(200);
      answers.push((await response.json()) as Data);
    }
    expect(answers).toEqual([
      { data: { productVariant: { name: 'Quần jean thể thao Be - M', price: { amount: expect.any(String), currencyCode: 'VND' } } } },
      { data: { customerByIdentifier: { displayName: 'Nguyễn Thu Yến', loyalty: { pointsBalance: expect.any(Number) } } } },
    ]);
  });

  it('runs a partner’s first call: a token with client credentials, then its product page by hash on the partner endpoint', async () => {
    const [block] = blocksOf(partnerSection).filter((b) => b.language === 'sh');
    const [, client, secret] = /-u ([\w-]+):([\w-]+)/.exec(block.body)!;
    const form = new URLSearchParams([...block.body.matchAll(/-d (\w+=[^\s']+)/g)].map(([, pair]) => pair.split('=') as [string, string]));
    const tokenPath = /http:\/\/127\.0\.0\.1:4010(\/\S+)/.exec(block.body)![1];
    const issued = await fetch(new URL(tokenPath, system.identityProviderUrl), {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${client}:${secret}`).toString('base64')}` },
      body: form,
    });
    expect(issued.status).toBe(200);
    const { access_token: token } = (await issued.json()) as { access_token: string };

    expect(block.body).toContain('curl -s http://127.0.0.1:4100/graphql -H "authorization: Bearer $TOKEN"');
    const response = await fetch(system.partnerGatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(token) },
      body: /-d '(\{.+\})'/.exec(block.body)![1],
    });
    expect(response.status).toBe(200);
    const answer = (await response.json()) as Data;
    expect(answer.errors).toBeUndefined();
    expect(answer.data.productVariant).toMatchObject({ sku: 'QJ-0003-BE-M', price: { currencyCode: 'VND' } });
    expect(answer.data.productVariant.nearbyAvailability.length).toBeGreaterThanOrEqual(1);
  });

  describe('trusted documents, as the README shows them', () => {
    const manifest = JSON.parse(readFileSync(resolve(__dirname, '../../operations/trusted-documents.json'), 'utf8')) as {
      operations: { id: string; name: string; body: string }[];
    };
    const [block] = blocksOf(trustedSection).filter((b) => b.language === 'sh');
    const body = /-d '(.+)'/.exec(block.body)![1];
    /** The main endpoint as production runs it, on the same subgraphs. */
    let required: FastifyInstance;
    let requiredUrl: string;
    beforeAll(async () => {
      required = await buildGatewayServer({ env: { ...system.env, OMNIGRAPH_TRUSTED_DOCUMENTS: 'required' } });
      await required.listen({ host: '127.0.0.1', port: 0 });
      requiredUrl = `http://127.0.0.1:${(required.server.address() as AddressInfo).port}/graphql`;
    });
    afterAll(() => required.close());

    const post = async (url: string, payload: string, headers: Record<string, string> = {}) => {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: payload });
      return { status: response.status, body: (await response.json()) as Data };
    };

    it('sends StockBySku by the hash operations/trusted-documents.json gives it, and it runs, here and in production', async () => {
      const hash = (JSON.parse(body) as Data).extensions.persistedQuery.sha256Hash as string;
      expect(manifest.operations.find((operation) => operation.id === hash)?.name).toBe('StockBySku');
      for (const url of [system.gatewayUrl, requiredUrl]) {
        const answer = await post(url, body);
        expect(answer.status).toBe(200);
        expect(answer.body.errors).toBeUndefined();
        expect(answer.body.data.productVariant.sku).toBe('QJ-0003-BE-M');
      }
    });

    it('takes text in production only from the back office (and developers), and no unknown hash', async () => {
      const text = JSON.stringify({ query: '{ productVariant(sku: "QJ-0003-BE-M") { sku } }' });
      const refused = await post(requiredUrl, text, await headersOf('agent'));
      expect({ status: refused.status, codes: errorCodes(refused.body as never) }).toEqual({
        status: 400,
        codes: ['PERSISTED_QUERY_ONLY'],
      });
      const anonymous = await post(requiredUrl, text);
      expect(errorCodes(anonymous.body as never)).toEqual(['PERSISTED_QUERY_ONLY']);
      const steward = await post(requiredUrl, text, await headersOf('steward'));
      expect(steward.body).toEqual({ data: { productVariant: { sku: 'QJ-0003-BE-M' } } });
      const unknown = await post(requiredUrl, body.replace(/"sha256Hash":"[0-9a-f]+"/, `"sha256Hash":"${'0'.repeat(64)}"`));
      expect({ status: unknown.status, codes: errorCodes(unknown.body as never) }).toEqual({
        status: 400,
        codes: ['PERSISTED_QUERY_NOT_FOUND'],
      });
    });
  });

  it('shows a customer who looked at her data: staff who read it, and not herself', async () => {
    const customer = system.personas.find((p) => p.login === 'customer-1')!;
    expect(customer.kind === 'person' && customer.customerId).toBeTruthy();
    const customerId = customer.kind === 'person' ? customer.customerId : null;
    for (const staff of ['agent', 'associate-s101']) {
      const read = await execute(
        system.gatewayUrl,
        'query($id: ID!) { customer(id: $id) { displayName } }',
        { id: customerId },
        await headersOf(staff),
      );
      expect(read.errors).toBeUndefined();
    }
    const query = /`(query WhoReadMyData \{.*?\})`/.exec(whoLookedSection)![1];
    const answer = await execute<Data, Record<string, unknown>>(system.gatewayUrl, query, undefined, await headersOf('customer-1'));
    expect(answer.errors).toBeUndefined();
    const log = answer.data!.me.dataAccessLog;
    expect(log.totalCount).toBeGreaterThanOrEqual(2);
    const roles = new Set(log.edges.flatMap((edge: Data) => edge.node.viewerRoles));
    expect(roles).toEqual(new Set(['call-center-agent', 'store-associate']));
    for (const { node } of log.edges as Data[]) {
      expect(node).toEqual({
        at: expect.any(String),
        viewer: expect.any(String),
        viewerRoles: expect.any(Array),
        channel: expect.any(String),
        fields: expect.any(Array),
      });
      expect(node.fields.length).toBeGreaterThan(0);
    }
  });
});
