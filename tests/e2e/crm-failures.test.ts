import type { Knobs } from '../../legacy/kit/knobs';
import { generateWorld } from '../../legacy/seed/world';
import { RunningSystem, startSystem } from '../../scripts/system';
import type { SubgraphName } from '../../subgraphs/services';
import { execute, GraphQLAnswer } from '../support/graphql';
import { headersAs } from '../support/tokens';

/** Every customer at once: the back office's list (the steward signs in). */
const CUSTOMERS = `{ customers(first: 3) { edges { node {
  id displayName
  profile { fullName consents { email sms } }
  loyalty { cardCode history(first: 2) { totalCount } }
  supportTickets(first: 2) { totalCount edges { node { messages { text } } } }
} } } }`;

interface Page {
  customers: { edges: { node: { id: string; displayName: string; profile: unknown; loyalty: unknown; supportTickets: unknown } }[] };
}

// scripts/system.ts types factories for the base context only; these services' contexts add their own.
const subgraphs: SubgraphName[] = ['identity', 'crm'];

describe('the crm subgraph when the CRM fails', () => {
  let system: RunningSystem;

  beforeAll(async () => {
    system = await startSystem({
      world: generateWorld({ seed: 7, size: 'small' }),
      subgraphs,
      // A short timeout so a hanging CRM is given up on quickly; a breaker that stays closed so
      // each test sees its own failure, not the open circuit the previous one left.
      env: { LOG_LEVEL: 'silent', IDENTITY_SYNC_INTERVAL_MS: '0', CRM_TIMEOUT_MS: '1000', CRM_BREAKER_THRESHOLD: '1000' },
    });
  });
  afterAll(() => system.stop());
  afterEach(() => system.legacy.crm.legacy.resetKnobs());

  async function withCrm(knobs: Partial<Knobs>): Promise<GraphQLAnswer<Page>> {
    const headers = await headersAs(system, 'steward');
    system.legacy.crm.legacy.setKnobs(knobs);
    return execute<Page, object>(system.gatewayUrl, CUSTOMERS, undefined, headers);
  }

  function expectPartialAnswer(answer: GraphQLAnswer<Page>, reason: string): void {
    const nodes = answer.data!.customers.edges.map((edge) => edge.node);
    expect(nodes).toHaveLength(3);
    for (const node of nodes) {
      expect(node).toMatchObject({
        id: expect.any(String),
        displayName: expect.any(String),
        profile: null,
        loyalty: null,
        supportTickets: null,
      });
    }
    expect(answer.errors!.length).toBeGreaterThan(0);
    for (const error of answer.errors!) {
      expect(error.extensions).toEqual({ code: 'CRM_UNAVAILABLE', system: 'crm', reason });
      expect(['profile', 'loyalty', 'supportTickets']).toContain(error.path![error.path!.length - 1]);
    }
    const text = JSON.stringify(answer.errors);
    expect(text).not.toMatch(/https?:|127\.0\.0\.1|jsonrpc|Traceback|stack|\.ts:\d+|odoo/i);
  }

  it('keeps the identity part of the answer when the CRM is down, with an error naming the CRM', async () => {
    expectPartialAnswer(await withCrm({ down: true }), 'DOWN');
  });

  it('does the same when every CRM call fails with an Odoo server error under HTTP 200', async () => {
    expectPartialAnswer(await withCrm({ errorRate: 1 }), 'ERROR');
  });

  it('gives up on a CRM that hangs, after the timeout', async () => {
    expectPartialAnswer(await withCrm({ hangRate: 1 }), 'TIMEOUT');
  });

  it('answers in full again once the CRM is back', async () => {
    await withCrm({ down: true });
    const answer = await withCrm({ down: false });
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.customers.edges.every((edge) => edge.node.profile !== null && edge.node.supportTickets !== null)).toBe(true);
  });
});
