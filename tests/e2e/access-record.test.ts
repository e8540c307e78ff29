import { randomUUID } from 'node:crypto';
import { Role, ROLE_SCOPES } from '../../lib/access';
import { AccessRecordStore, openAccessRecord, RecordedAccess } from '../../lib/access-record';
import { clockFromEnv } from '../../lib/clock';
import { Caller, serviceCaller } from '../../lib/context';
import { generateWorld } from '../../legacy/seed/world';
import { RunningSystem, startSystem } from '../../scripts/system';
import { askSubgraph, SubgraphAnswer } from '../support/subgraph-calls';

/**
 * Issue 13, item 5: a record of who looked. Every read of a customer's personal data by staff or a
 * partner is recorded where it is served (identity, crm, ecommerce, orders), and the customer reads
 * their own record through the graph. Asked of the subgraphs directly, signed as the gateway signs,
 * with callers built for each persona, against the real stand-ins.
 */

type Answer<T> = SubgraphAnswer<T>;
interface Known {
  id: string;
  crmPartnerIds: number[];
  webCustomerIds: number[];
  loyaltyCardCodes: string[];
  emails: string[];
  phones: string[];
}
interface OrderIndexEntry {
  orderId: string;
  placedAt: string;
}
interface LogEntry {
  at: string;
  viewer: string | null;
  viewerRoles: string[];
  channel: string | null;
  fields: string[];
}
interface AccessLog {
  edges: { node: LogEntry }[];
  totalCount: number;
}

const ENTITIES = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { ';
const LOG = 'dataAccessLog(first: 20) { edges { node { at viewer viewerRoles channel fields } } totalCount }';

const staff = (role: Role, id: string, clientId: string): Caller => ({
  id,
  roles: [role],
  scopes: [...ROLE_SCOPES[role]],
  customerId: null,
  stores: [],
  clientId,
});
const signedInAs = (customerId: string, id: string): Caller => ({
  id,
  roles: ['customer'],
  scopes: [...ROLE_SCOPES.customer],
  customerId,
  stores: [],
  clientId: 'omnigraph-shop',
});
const codes = (answer: Answer<unknown>) => (answer.errors ?? []).map((error) => error.extensions?.code);

describe('a record of who looked (issue 13, item 5)', () => {
  let system: RunningSystem;
  let record: AccessRecordStore;
  let a: Known;
  let b: Known;
  let customerA: Caller;
  let customerB: Caller;
  const agent = staff('call-center-agent', 'agent-7', 'omnigraph-staff');
  const backOffice = staff('back-office', 'dpo-1', 'omnigraph-staff');
  const partner: Caller = { id: 'partner-app', roles: ['partner'], scopes: [], customerId: null, stores: [], clientId: 'partner-app' };
  const service = serviceCaller('service:commerce');

  const ask = <T>(subgraph: string, caller: Caller, query: string, variables: object = {}, requestId?: string) =>
    askSubgraph<T>(system, subgraph, caller, query, variables, requestId);
  const entities = <T>(subgraph: string, caller: Caller, selection: string, representations: object[], requestId?: string) =>
    ask<{ _entities: (T | null)[] }>(subgraph, caller, `${ENTITIES}${selection} } } }`, { r: representations }, requestId);

  /** A customer 360, as the gateway would plan it, every subgraph call under one request id. */
  async function customer360(caller: Caller, who: Known, requestId: string): Promise<void> {
    const customer = { __typename: 'Customer', id: who.id };
    const identity = await ask<{ customer: { displayName: string } | null }>(
      'identity',
      caller,
      'query($id: ID!) { customer(id: $id) { id displayName emails phones records { system recordId } } }',
      { id: who.id },
      requestId,
    );
    expect(identity.errors).toBeUndefined();
    const [crm, web, pos] = await Promise.all([
      entities(
        'crm',
        caller,
        'profile { fullName addresses { city } } loyalty { cardCode history(first: 50) { edges { node { points } } } } supportTickets(first: 5) { totalCount }',
        [{ ...customer, crmPartnerIds: who.crmPartnerIds }],
        requestId,
      ),
      entities<{ webOrderIndex: OrderIndexEntry[] }>(
        'ecommerce',
        caller,
        'webAccount { id } openCarts { id } webOrderIndex { orderId placedAt }',
        [{ ...customer, webCustomerIds: who.webCustomerIds, emails: who.emails }],
        requestId,
      ),
      entities<{ storeOrderIndex: OrderIndexEntry[] }>(
        'pos',
        caller,
        'storeOrderIndex { orderId placedAt }',
        [{ ...customer, loyaltyCardCodes: who.loyaltyCardCodes, phones: who.phones }],
        requestId,
      ),
    ]);
    for (const answer of [crm, web, pos]) expect(answer.errors).toBeUndefined();
    const orders = await entities(
      'orders',
      caller,
      'orderHistory(first: 10) { totalCount }',
      [{ ...customer, webOrderIndex: web.data!._entities[0]!.webOrderIndex, storeOrderIndex: pos.data!._entities[0]!.storeOrderIndex }],
      requestId,
    );
    expect(orders.errors).toBeUndefined();
  }

  const recordOf = async (who: Known): Promise<RecordedAccess[]> => (await record.newest([who.id], 100, null)).entries;
  const logOf = (caller: Caller, who: Known) =>
    ask<{ customer: { dataAccessLog: AccessLog | null } | null }>('identity', caller, `query($id: ID!) { customer(id: $id) { ${LOG} } }`, {
      id: who.id,
    });

  beforeAll(async () => {
    system = await startSystem({
      world: generateWorld({ seed: 11, size: 'small' }),
      subgraphs: ['identity', 'crm', 'ecommerce', 'pos', 'orders'],
      env: { LOG_LEVEL: 'silent', IDENTITY_SYNC_INTERVAL_MS: '0', ACCESS_RECORD_FILE: ':memory:', SUBGRAPH_TIMEOUT_MS: '20000' },
    });
    // The subgraphs of this process share the one in-memory store; this handle is one more user of it.
    record = await openAccessRecord(system.env);
    // Ids and record links only (no personal data), as the back office lists them: nothing recorded.
    const listed = await ask<{ customers: { edges: { node: Omit<Known, 'emails' | 'phones'> }[] } }>(
      'identity',
      backOffice,
      '{ customers(first: 100) { edges { node { id crmPartnerIds webCustomerIds loyaltyCardCodes } } } }',
    );
    const [first, second] = listed
      .data!.customers.edges.map((edge) => edge.node)
      .filter((c) => c.crmPartnerIds.length > 0 && c.webCustomerIds.length > 0);
    // Their identifiers, which the gateway would hand the other subgraphs, asked as Omnigraph's own service: nothing recorded either.
    const identifiers = async (id: string) =>
      (
        await ask<{ customer: Pick<Known, 'emails' | 'phones'> }>(
          'identity',
          service,
          'query($id: ID!) { customer(id: $id) { emails phones } }',
          { id },
        )
      ).data!.customer;
    a = { ...first, ...(await identifiers(first.id)) };
    b = { ...second, ...(await identifiers(second.id)) };
    customerA = signedInAs(a.id, 'person-a');
    customerB = signedInAs(b.id, 'person-b');
  }, 120_000);
  afterAll(async () => {
    await record?.close();
    await system?.stop();
  });

  it("records an agent's customer 360: one entry per subgraph that served personal data, with the fields, channel and business time", async () => {
    expect(await recordOf(a)).toEqual([]);
    const clock = clockFromEnv(system.env);
    const requestId = randomUUID();
    const before = clock().toISOString();
    await customer360(agent, a, requestId);
    const after = clock().toISOString();

    const entries = await recordOf(a);
    expect(entries.map(({ subgraph, fields }) => ({ subgraph, fields })).sort((x, y) => x.subgraph.localeCompare(y.subgraph))).toEqual([
      // Fifty loyalty entries and five tickets are still one `loyalty` and one `supportTickets`.
      { subgraph: 'crm', fields: ['loyalty', 'profile', 'supportTickets'] },
      { subgraph: 'ecommerce', fields: ['openCarts', 'webAccount'] },
      { subgraph: 'identity', fields: ['displayName', 'emails', 'phones', 'records'] },
      { subgraph: 'orders', fields: ['orderHistory'] },
    ]);
    for (const entry of entries) {
      expect(entry).toMatchObject({
        customerId: a.id,
        viewer: 'agent-7',
        viewerRoles: ['call-center-agent'],
        channel: 'omnigraph-staff',
        requestId,
      });
      // The system runs at its seeded world's moment, not the wall clock's.
      expect(entry.at >= before && entry.at <= after).toBe(true);
    }
  });

  it("does not record customer A's reads of themself, a partner's refused read, or Omnigraph's own service", async () => {
    const recorded = (await recordOf(a)).length;
    await customer360(customerA, a, randomUUID());
    await customer360(service, a, randomUUID());
    const refused = await ask('identity', partner, 'query($id: ID!) { customer(id: $id) { displayName } }', { id: a.id });
    expect(codes(refused)).toEqual(['FORBIDDEN']);
    expect(await recordOf(a)).toHaveLength(recorded);
  });

  it("lets customer A read their record through the graph, newest first, and see the agent's read", async () => {
    const answer = await logOf(customerA, a);
    expect(answer.errors).toBeUndefined();
    const log = answer.data!.customer!.dataAccessLog!;
    const agentReads = log.edges.map((edge) => edge.node).filter((entry) => entry.viewer === 'agent-7');
    expect(agentReads).toHaveLength(4);
    expect(new Set(agentReads.flatMap((entry) => entry.fields))).toEqual(
      new Set([
        'displayName',
        'emails',
        'phones',
        'records',
        'profile',
        'loyalty',
        'supportTickets',
        'webAccount',
        'openCarts',
        'orderHistory',
      ]),
    );
    expect(agentReads[0]).toMatchObject({ viewerRoles: ['call-center-agent'], channel: 'omnigraph-staff' });
    const times = log.edges.map((edge) => edge.node.at);
    expect(times).toEqual([...times].sort().reverse());
    expect(log.totalCount).toBe((await recordOf(a)).length);
    // Reading the record is not itself recorded.
    expect((await logOf(customerA, a)).data!.customer!.dataAccessLog!.totalCount).toBe(log.totalCount);
  });

  it("refuses customer B customer A's record, whichever way B asks", async () => {
    const byId = await logOf(customerB, a);
    expect(codes(byId)).toEqual(['FORBIDDEN']);
    expect(byId.data).toEqual({ customer: null });
    const byReference = await entities('identity', customerB, LOG, [{ __typename: 'Customer', id: a.id }]);
    expect(codes(byReference)).toEqual(['FORBIDDEN']);
    expect(JSON.stringify(byReference.data)).not.toMatch(/agent-7/);
  });

  it("lets the back office read any customer's record, and refuses an agent, who reads customers but not who else looked", async () => {
    const recorded = (await recordOf(a)).length;
    const asBackOffice = await logOf(backOffice, a);
    expect(asBackOffice.errors).toBeUndefined();
    expect(asBackOffice.data!.customer!.dataAccessLog!.edges.some((edge) => edge.node.viewer === 'agent-7')).toBe(true);

    const asAgent = await logOf(agent, a);
    expect(codes(asAgent)).toEqual(['FORBIDDEN']);
    expect(asAgent.data).toEqual({ customer: { dataAccessLog: null } });
    expect(await recordOf(a)).toHaveLength(recorded);
  });

  it("records a store associate's read under their own role and channel, in customer B's record alone", async () => {
    const associate: Caller = { ...staff('store-associate', 'nv-101', 'store-tablet'), stores: ['S101'] };
    const requestId = randomUUID();
    await ask('identity', associate, 'query($id: ID!) { customer(id: $id) { displayName } }', { id: b.id }, requestId);
    expect(await recordOf(b)).toEqual([
      expect.objectContaining({
        viewer: 'nv-101',
        viewerRoles: ['store-associate'],
        channel: 'store-tablet',
        fields: ['displayName'],
        requestId,
      }),
    ]);
    const own = await logOf(customerB, b);
    expect(own.data!.customer!.dataAccessLog!.edges.map((edge) => edge.node.viewer)).toEqual(['nv-101']);
  });
});
