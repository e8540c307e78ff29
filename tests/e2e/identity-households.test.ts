import type { Persona } from '../../identity-provider/directory';
import type { World } from '../../legacy/seed/model';
import { personasOf } from '../../legacy/seed/personas';
import { generateWorld } from '../../legacy/seed/world';
import { posTransactionKey } from '../../legacy/seed/model';
import { encodeId, storeOrderId } from '../../lib/ids';
import { normalizePhone } from '../../lib/identifiers';
import { startSystem, RunningSystem } from '../../scripts/system';
import { errorCodes, execute, type GraphQLAnswer } from '../support/graphql';
import { headersAs } from '../support/tokens';
import { crmCall } from '../support/crm-calls';
import { QUIET_MARKETPLACE } from '../support/quiet-marketplace';

/**
 * Who is who when people share: households on one phone, a family's email, a store's own number.
 * Through the gateway, against the real stand-ins, as the agent, the cashier, the steward and the
 * household's members themselves would ask.
 */

const ONE = `query($kind: CustomerIdentifierKind!, $value: String!) {
  customerByIdentifier(identifier: { kind: $kind, value: $value }) { id displayName emails } }`;
const HOLDERS = `query($kind: CustomerIdentifierKind!, $value: String!) {
  customersByIdentifier(identifier: { kind: $kind, value: $value }) { id displayName emails phones } }`;
const HISTORY = `query($id: ID!) { customer(id: $id) { orderHistory(first: 100, channels: [STORE]) { edges { node { id } } } } }`;
const CONFIRM = `mutation($orderId: ID!, $customerId: ID!) {
  confirmStoreSaleCustomer(input: { orderId: $orderId, customerId: $customerId }) {
    decision { id kind decidedBy decidedByRoles orderId customerIds } customers { id } userErrors { code field } } }`;
const DECISIONS = `{ identityDecisions(first: 100) { edges { node { id kind decidedBy orderId customerIds undoneAt undoneBy reason } } } }`;
const SUSPECTED = `{ suspectedDuplicates(first: 100) { totalCount edges { node { score customers { id displayName } evidence { field agreement weight } } } } }`;
const MERGE = `mutation($ids: [ID!]!, $reason: String!) { mergeCustomers(input: { customerIds: $ids, reason: $reason }) {
  decision { id kind } customers { id records { system recordId matchedBy } } userErrors { code field } } }`;
const SPLIT = `mutation($id: ID!, $records: [CustomerRecordInput!]!, $reason: String!) {
  splitCustomer(input: { customerId: $id, records: $records, reason: $reason }) { decision { id } customers { id } userErrors { code field } } }`;
const UNDO = `mutation($id: ID!) { undoIdentityDecision(input: { decisionId: $id, reason: "wrong merge" }) { decision { id undoneAt undoneBy } userErrors { code } } }`;
const RECORDS = `query($id: ID!) { customer(id: $id) { id records { system recordId } } }`;

type Holder = { id: string; displayName: string; emails: string[]; phones: string[] };

describe('who is who: households, family emails, a store’s own number', () => {
  let world: World;
  let system: RunningSystem;
  let household: { phone: string; members: { personId: string; customerId: string; name: string }[] };
  /** A store sale known only by the household's phone, and the member it really was. */
  let sharedSale: { orderId: string; key: string; retailStoreId: string; personId: string };
  const ask = async <T>(login: string, query: string, variables: object = {}): Promise<GraphQLAnswer<T>> =>
    execute<T, object>(system.gatewayUrl, query, variables, await headersAs(system, login));

  beforeAll(async () => {
    world = generateWorld({ seed: 7, size: 'small' });
    const byPerson = new Map(world.truth.persons.map((p) => [p.personId, p]));
    const people = new Map(world.persons.map((p) => [p.personId, p]));
    // A household whose members each have a CRM record, and a sale at a till known only by their phone.
    for (const candidate of world.truth.households) {
      const members = candidate.personIds.map((personId) => ({ personId, truth: byPerson.get(personId)! }));
      if (members.some((m) => !m.truth || m.truth.crmPartnerIds.length === 0)) continue;
      const sale = world.pos.transactions.find(
        (t) => t.kind === 'Sale' && t.customer?.loyaltyCard === null && normalizePhone(t.customer?.phone ?? null) === candidate.phone,
      );
      if (!sale) continue;
      const key = posTransactionKey(sale);
      const owner = members.find((m) => m.truth.posTransactionKeys.includes(key));
      if (!owner) continue;
      household = {
        phone: candidate.phone,
        members: members.map((m) => ({
          personId: m.personId,
          customerId: encodeId('Customer', `CRM:${Math.min(...m.truth.crmPartnerIds)}`),
          name: people.get(m.personId)!.fullName,
        })),
      };
      sharedSale = { orderId: storeOrderId({ key }), key, retailStoreId: sale.retailStoreId, personId: owner.personId };
      break;
    }
    const memberPersonas: Persona[] = household.members.map((member, i) => ({
      kind: 'person',
      login: `household-${i + 1}`,
      name: member.name,
      roles: ['customer'],
      customerId: member.customerId,
      stores: [],
    }));
    const otherStore = world.stores.find((store) => store.retailStoreId !== sharedSale.retailStoreId)!;
    const staff = (login: string, plant: string): Persona => ({
      kind: 'person',
      login,
      name: login,
      roles: ['store-associate'],
      customerId: null,
      stores: [plant],
    });
    system = await startSystem({
      world,
      subgraphs: ['identity', 'pos', 'orders', 'crm', 'ecommerce', 'marketplace'],
      personas: [
        ...personasOf(world),
        ...memberPersonas,
        staff('cashier-here', `S${sharedSale.retailStoreId}`),
        staff('cashier-elsewhere', otherStore.plant),
      ],
      // Shop and CRM calls are counted around a refusal: no catalogue, partner or web-order follower (a search every few seconds each).
      env: {
        LOG_LEVEL: 'silent',
        ECOMMERCE_CATALOGUE_FOLLOW_MS: '0',
        CRM_PROFILE_FOLLOW_MS: '0',
        COMMERCE_LOYALTY_FOLLOW_MS: '0',
        ...QUIET_MARKETPLACE,
      },
    });
  });
  afterAll(() => system?.stop());

  describe('the case measured: a man and a woman created in the CRM on one household phone', () => {
    let holders: Holder[];

    beforeAll(async () => {
      const create = async (values: object) => ({
        result: await crmCall<number>(system.legacyUrls.crm, 'res.partner', 'create', [values]),
      });
      const he = await create({
        name: 'Phạm Văn Hải',
        email: 'hai.pham@gmail.com',
        phone: '0912 345 620',
        street: '8 Trần Phú',
        city: 'Hà Nội',
      });
      const she = await create({
        name: 'Lê Thị Hồng',
        email: 'hong.le@yahoo.com',
        mobile: '0912345620',
        street: '8 Trần Phú',
        city: 'Hà Nội',
      });
      expect([typeof he.result, typeof she.result]).toEqual(['number', 'number']);
      const answer = await ask<{ customersByIdentifier: Holder[] }>('agent', HOLDERS, { kind: 'PHONE', value: '0912 345 620' });
      expect(answer.errors).toBeUndefined();
      holders = answer.data!.customersByIdentifier;
    });

    it('answers the agent with both people, each with their own name and email, never one merged person', () => {
      expect(holders.map((h) => [h.displayName, h.emails])).toEqual([
        ['Phạm Văn Hải', ['hai.pham@gmail.com']],
        ['Lê Thị Hồng', ['hong.le@yahoo.com']],
      ]);
      expect(new Set(holders.map((h) => h.id)).size).toBe(2);
      expect(holders.every((h) => h.phones.join() === '+84912345620')).toBe(true);
    });

    it('refuses to pick one of them for customerByIdentifier: a coded SHARED_IDENTIFIER, no data', async () => {
      const answer = await ask<{ customerByIdentifier: unknown }>('agent', ONE, { kind: 'PHONE', value: '0912345620' });
      expect(answer.data?.customerByIdentifier).toBeNull();
      expect(errorCodes(answer)).toEqual(['SHARED_IDENTIFIER']);
    });

    it('tells a customer-facing caller who is not one of them nothing: FORBIDDEN, no name, no email', async () => {
      const answer = await ask<{ customerByIdentifier: unknown }>('customer-1', ONE, { kind: 'PHONE', value: '0912 345 620' });
      expect(errorCodes(answer)).toEqual(['FORBIDDEN']);
      expect(JSON.stringify(answer)).not.toMatch(/Hải|Hồng|hai\.pham|hong\.le/);
      const list = await ask<unknown>('customer-1', HOLDERS, { kind: 'PHONE', value: '0912 345 620' });
      expect(errorCodes(list)).toEqual(['FORBIDDEN']);
      expect(JSON.stringify(list)).not.toMatch(/Hải|Hồng/);
    });
  });

  describe('a seeded household', () => {
    it('answers each member, signed in with the shared phone, as themself and only themself', async () => {
      for (const [i, member] of household.members.entries()) {
        const answer = await ask<{ customerByIdentifier: { id: string; displayName: string; emails: string[] } }>(
          `household-${i + 1}`,
          ONE,
          {
            kind: 'PHONE',
            value: household.phone,
          },
        );
        expect(answer.errors).toBeUndefined();
        expect(answer.data!.customerByIdentifier.id).toBe(member.customerId);
        const others = household.members.filter((m) => m !== member).map((m) => m.name);
        for (const name of others) expect(JSON.stringify(answer.data)).not.toContain(name);
      }
    });

    it('credits a sale known only by the shared phone to no member until someone confirms whose it was', async () => {
      for (const member of household.members) {
        const history = await ask<{ customer: { orderHistory: { edges: { node: { id: string } }[] } } }>('agent', HISTORY, {
          id: member.customerId,
        });
        expect(history.errors).toBeUndefined();
        expect(history.data!.customer.orderHistory.edges.map((e) => e.node.id)).not.toContain(sharedSale.orderId);
      }
      const owner = household.members.find((m) => m.personId === sharedSale.personId)!;
      const other = household.members.find((m) => m.personId !== sharedSale.personId)!;

      const elsewhere = await ask<unknown>('cashier-elsewhere', CONFIRM, { orderId: sharedSale.orderId, customerId: owner.customerId });
      expect(errorCodes(elsewhere)).toEqual(['FORBIDDEN']);
      const stranger = await ask<{ confirmStoreSaleCustomer: { userErrors: { code: string }[] } }>('cashier-here', CONFIRM, {
        orderId: sharedSale.orderId,
        customerId: encodeId('Customer', `CRM:${world.crm.partners[0].id}`),
      });
      expect(stranger.data!.confirmStoreSaleCustomer.userErrors.map((e) => e.code)).toEqual(['NOT_A_HOLDER']);
      const asCustomer = await ask<unknown>('household-1', CONFIRM, { orderId: sharedSale.orderId, customerId: owner.customerId });
      expect(errorCodes(asCustomer)).toEqual(['FORBIDDEN']);

      const confirmed = await ask<{
        confirmStoreSaleCustomer: { decision: { id: string; kind: string; decidedBy: string; orderId: string }; userErrors: unknown[] };
      }>('cashier-here', CONFIRM, { orderId: sharedSale.orderId, customerId: owner.customerId });
      expect(confirmed.errors).toBeUndefined();
      expect(confirmed.data!.confirmStoreSaleCustomer).toMatchObject({
        decision: { kind: 'STORE_SALE_CUSTOMER', decidedBy: 'cashier-here', orderId: sharedSale.orderId },
        userErrors: [],
      });

      const historyOf = async (customerId: string) =>
        (
          await ask<{ customer: { orderHistory: { edges: { node: { id: string } }[] } } }>('agent', HISTORY, { id: customerId })
        ).data!.customer.orderHistory.edges.map((e) => e.node.id);
      expect(await historyOf(owner.customerId)).toContain(sharedSale.orderId);
      expect(await historyOf(other.customerId)).not.toContain(sharedSale.orderId);

      // The member it was sees it as theirs; the other member may not open it.
      const ownerLogin = `household-${household.members.indexOf(owner) + 1}`;
      const otherLogin = `household-${household.members.indexOf(other) + 1}`;
      const ORDER = `query($id: ID!) { order(id: $id) { id placedAt } }`;
      expect((await ask<{ order: { id: string } }>(ownerLogin, ORDER, { id: sharedSale.orderId })).data?.order?.id).toBe(
        sharedSale.orderId,
      );
      expect(errorCodes(await ask(otherLogin, ORDER, { id: sharedSale.orderId }))).toEqual(['FORBIDDEN']);

      // Audited: the steward sees who confirmed what.
      const audit = await ask<{ identityDecisions: { edges: { node: { kind: string; decidedBy: string; orderId: string } }[] } }>(
        'steward',
        DECISIONS,
      );
      expect(audit.data!.identityDecisions.edges.map((e) => e.node)).toContainEqual(
        expect.objectContaining({ kind: 'STORE_SALE_CUSTOMER', decidedBy: 'cashier-here', orderId: sharedSale.orderId }),
      );
    });
  });

  describe('bad input', () => {
    it('refuses a malformed phone or email with BAD_USER_INPUT and calls no legacy system', async () => {
      const before = system.legacy.crm.legacy.calls.snapshot().total + system.legacy.ecommerce.legacy.calls.snapshot().total;
      for (const [kind, value] of [
        ['PHONE', '12ab'],
        ['EMAIL', 'not-an-email'],
        ['CRM_PARTNER_ID', 'x1'],
      ]) {
        const answer = await ask<unknown>('agent', ONE, { kind, value });
        expect(errorCodes(answer)).toEqual(['BAD_USER_INPUT']);
        expect(JSON.stringify(answer.errors)).not.toMatch(/\.ts|stack|identity/i);
      }
      const after = system.legacy.crm.legacy.calls.snapshot().total + system.legacy.ecommerce.legacy.calls.snapshot().total;
      expect(after).toBe(before);
    });
  });

  describe('data stewards', () => {
    it('see suspected duplicates with the evidence for and against, strongest first', async () => {
      const answer = await ask<{
        suspectedDuplicates: { edges: { node: { score: number; evidence: { field: string; weight: number }[] } }[] };
      }>('steward', SUSPECTED);
      expect(answer.errors).toBeUndefined();
      const nodes = answer.data!.suspectedDuplicates.edges.map((e) => e.node);
      expect(nodes.length).toBeGreaterThan(0);
      const scores = nodes.map((n) => n.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      for (const node of nodes) {
        expect(node.evidence.map((e) => e.field)).toEqual(['NAME', 'EMAIL', 'PHONE', 'ADDRESS', 'LOYALTY_CARD']);
        expect(node.score).toBeCloseTo(
          node.evidence.reduce((sum, e) => sum + e.weight, 0),
          1,
        );
      }
      expect(errorCodes(await ask('agent', SUSPECTED))).toEqual(['FORBIDDEN']);
    });

    it('merge two customers, and undo a wrong merge without losing what either did', async () => {
      const [a, b] = household.members;
      const historyOf = async (customerId: string) =>
        (await ask<{ customer: { orderHistory: { edges: unknown[] } } }>('agent', HISTORY, { id: customerId })).data!.customer.orderHistory
          .edges.length;
      const before = [await historyOf(a.customerId), await historyOf(b.customerId)];
      const merged = await ask<{
        mergeCustomers: {
          decision: { id: string };
          customers: { id: string; records: { matchedBy: string[] }[] }[];
          userErrors: unknown[];
        };
      }>('steward', MERGE, { ids: [a.customerId, b.customerId], reason: 'same person, ticket 42' });
      expect(merged.data!.mergeCustomers.userErrors).toEqual([]);
      expect(merged.data!.mergeCustomers.customers).toHaveLength(1);
      const both = await ask<{ customer: { id: string } }>('agent', RECORDS, { id: b.customerId });
      expect(both.data!.customer.id).toBe(merged.data!.mergeCustomers.customers[0].id);
      expect(errorCodes(await ask('agent', MERGE, { ids: [a.customerId, b.customerId], reason: 'x' }))).toEqual(['FORBIDDEN']);

      const undone = await ask<{ undoIdentityDecision: { decision: { undoneAt: string; undoneBy: string } } }>('steward', UNDO, {
        id: merged.data!.mergeCustomers.decision.id,
      });
      expect(undone.data!.undoIdentityDecision.decision).toMatchObject({ undoneBy: 'steward' });
      const apart = await Promise.all([a, b].map((m) => ask<{ customer: { id: string } }>('agent', RECORDS, { id: m.customerId })));
      expect(apart.map((answer) => answer.data!.customer.id)).toEqual([a.customerId, b.customerId]);
      expect([await historyOf(a.customerId), await historyOf(b.customerId)]).toEqual(before);
      const audit = await ask<{
        identityDecisions: { edges: { node: { id: string; kind: string; undoneBy: string | null; reason: string } }[] };
      }>('steward', DECISIONS);
      expect(audit.data!.identityDecisions.edges.map((e) => e.node)).toContainEqual(
        expect.objectContaining({ kind: 'MERGE', undoneBy: 'steward', reason: 'same person, ticket 42' }),
      );
    });

    it('split a record off a customer, refusing a split that moves nothing', async () => {
      const person = world.truth.persons.find((p) => p.crmPartnerIds.length === 1 && p.webCustomerIds.length === 1)!;
      const id = encodeId('Customer', `CRM:${person.crmPartnerIds[0]}`);
      const refused = await ask<{ splitCustomer: { userErrors: { code: string }[] } }>('steward', SPLIT, { id, records: [], reason: 'x' });
      expect(refused.data!.splitCustomer.userErrors.map((e) => e.code)).toEqual(['INVALID_SPLIT']);
      const split = await ask<{ splitCustomer: { customers: { id: string }[]; userErrors: unknown[] } }>('steward', SPLIT, {
        id,
        records: [{ system: 'ECOMMERCE', recordId: String(person.webCustomerIds[0]) }],
        reason: 'two people',
      });
      expect(split.data!.splitCustomer.userErrors).toEqual([]);
      expect(split.data!.splitCustomer.customers.map((c) => c.id)).toEqual([
        id,
        encodeId('Customer', `ECOMMERCE:${person.webCustomerIds[0]}`),
      ]);
    });
  });
});
