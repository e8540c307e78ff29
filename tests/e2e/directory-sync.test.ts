import type { FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { CrmClient } from '../../connectors/crm';
import { EcommerceClient } from '../../connectors/ecommerce';
import { openDatabase } from '../../legacy/kit/db';
import { generateWorld } from '../../legacy/seed/world';
import { LEGACY_SYSTEMS } from '../../legacy/systems';
import { decisionStore, type DecisionStore } from '../../subgraphs/identity/decisions';
import { directoryRecordStore } from '../../subgraphs/identity/directory-records';
import { customerIdOf, type CustomerDirectory, type IdentifierKind } from '../../subgraphs/identity/directory';
import { DirectorySync } from '../../subgraphs/identity/sync';
import { crmCall } from '../support/crm-calls';

const silent = pino({ level: 'silent' });
const world = generateWorld({ seed: 7, size: 'small' });

/** Everything the directory answers for the world's identifiers and these extra ones: customers, suspects, merge candidates, every lookup. */
function answers(directory: CustomerDirectory, extra: readonly (readonly [IdentifierKind, string])[]) {
  const anchorOf = (cluster: { anchor: { system: string; id: number } }) => `${cluster.anchor.system}:${cluster.anchor.id}`;
  const lookups: string[] = [];
  const look = (kind: Parameters<CustomerDirectory['holders']>[0], value: string | null) => {
    if (value) lookups.push(`${kind} ${value} → ${directory.holders(kind, value).map(anchorOf).join(',')}`);
  };
  for (const partner of world.crm.partners) {
    look('CRM_PARTNER_ID', String(partner.id));
    for (const value of [partner.email, partner.phone, partner.mobile]) look(value?.includes('@') ? 'EMAIL' : 'PHONE', value);
  }
  for (const card of world.crm.loyaltyCards) look('LOYALTY_CARD', card.code);
  for (const account of world.ecommerce.customers) {
    look('WEB_CUSTOMER_ID', String(account.id));
    look('EMAIL', account.email);
  }
  for (const handle of world.crm.socialHandles) {
    look('ZALO', handle.zaloUserId);
    look('FACEBOOK', handle.facebookPsid);
  }
  for (const [kind, value] of extra) look(kind, value);
  return {
    customers: directory.clusters.map(
      (cluster) =>
        `${anchorOf(cluster)} ${cluster.records.map((m) => m.key).join(',')} cards ${cluster.loyaltyCards.join(',')} former ${directory
          .formerPhonesOfCustomer(cluster)
          .join(',')} shared ${directory.sharedPhones(cluster).join(',')} sales ${directory.confirmedStoreSales(cluster).join(',')}`,
    ),
    suspects: directory.suspectedDuplicates.map((pair) => `${pair.records[0].key}~${pair.records[1].key} ${pair.weight}`),
    merges: directory.mergeCandidates.map((m) => `${anchorOf(m.cluster)} ${m.system} ${m.recordIds.join(',')} ${m.reasons.join('+')}`),
    lookups,
  };
}

/**
 * The identity directory is built whole once, then kept up to date by syncs that relink and
 * re-index only what changed. After each kind of change in the real CRM and web shop stand-ins, the
 * directory kept that way answers exactly as a directory a new replica builds from nothing.
 */
describe('the identity directory kept up to date by syncs', () => {
  const standIns: FastifyInstance[] = [];
  let crmUrl: string;
  let crm: CrmClient;
  let ecommerce: EcommerceClient;
  let decisions: DecisionStore & { ready: Promise<DecisionStore> };
  let kept: DirectorySync;
  const replica = () =>
    new DirectorySync(crm, ecommerce, decisions, directoryRecordStore({ IDENTITY_DIRECTORY_FILE: ':memory:' }, silent), silent, {
      intervalMs: 0,
      leads: () => true,
    });
  const fromNothing = async (extra: readonly (readonly [IdentifierKind, string])[]) => {
    const sync = replica();
    await sync.ready;
    await sync.stop();
    return answers(sync.current(), extra);
  };

  beforeAll(async () => {
    const urls: Record<string, string> = {};
    for (const system of LEGACY_SYSTEMS.filter((one) => ['crm', 'ecommerce'].includes(one.entry.system))) {
      const db = openDatabase(':memory:');
      system.createSchema(db);
      system.loadWorld(db, world);
      const app = await system.entry.build(db, {});
      app.addHook('onClose', async () => db.close());
      await app.listen({ host: '127.0.0.1', port: 0 });
      standIns.push(app);
      urls[system.entry.system] = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    }
    crmUrl = urls.crm;
    crm = CrmClient.fromEnv({ CRM_URL: urls.crm });
    ecommerce = EcommerceClient.fromEnv({ ECOMMERCE_URL: urls.ecommerce });
    decisions = decisionStore({ IDENTITY_DECISIONS_FILE: ':memory:' }, silent);
    await decisions.ready;
    kept = replica();
    await kept.ready;
  });
  afterAll(async () => {
    await kept?.stop();
    await decisions?.close();
    for (const app of standIns) await app.close();
  });

  it('answers as a directory built from nothing after each change in the CRM and the web shop, and after decisions', async () => {
    const linked = (id: number) => kept.current().holders('CRM_PARTNER_ID', String(id)).length === 1;
    const [first, second, third] = world.crm.partners.filter((p) => linked(p.id) && p.phone);
    const card = world.crm.loyaltyCards.find((c) => linked(c.partnerId) && ![first.id, second.id, third.id].includes(c.partnerId))!;
    const extraPhones = ['0977 000 222', '0977 000 333'];
    const handles = ['8800000000000000001', '8800000000000000002'];
    const newEmail = 'doi.email@example.vn';
    const extra = [
      ...extraPhones.map((phone) => ['PHONE', phone] as const),
      ...handles.map((handle) => ['ZALO', handle] as const),
      ['EMAIL', newEmail] as const,
    ];
    const steps: [string, () => Promise<unknown>][] = [
      ['a partner renamed and moved', () => crmCall(crmUrl, 'res.partner', 'write', [[first.id], { name: 'Trần Văn Đổi', city: 'Huế' }])],
      ['a partner takes another one’s email', () => crmCall(crmUrl, 'res.partner', 'write', [[third.id], { email: second.email }])],
      [
        'a new number (the old one kept as a former phone)',
        () => crmCall(crmUrl, 'res.partner', 'write', [[second.id], { phone: extraPhones[0] }]),
      ],
      ['a Zalo id given', () => crmCall(crmUrl, 'res.partner', 'write', [[first.id], { x_zalo_user_id: handles[0] }])],
      ['the Zalo id changed', () => crmCall(crmUrl, 'res.partner', 'write', [[first.id], { x_zalo_user_id: handles[1] }])],
      [
        'points earned on a loyalty card (its row changes, its record does not)',
        () => crmCall(crmUrl, 'loyalty.history', 'create', [{ card_id: card.id, issued: 50, order_ref: 'pos:S101-1-7' }]),
      ],
      [
        'a new partner with a known number',
        () => crmCall(crmUrl, 'res.partner', 'create', [{ name: 'Lê Thị Mới', phone: extraPhones[0] }]),
      ],
      ['a partner archived', () => crmCall(crmUrl, 'res.partner', 'write', [[third.id], { active: false }])],
      [
        'a web account’s email and phone changed',
        () => ecommerce.updateAccount(world.ecommerce.customers[0].id, { email: newEmail, phone: extraPhones[1] }),
      ],
      [
        'a store sale confirmed as a customer’s (a decision that links nothing)',
        () =>
          decisions.add(
            { kind: 'STORE_SALE_CUSTOMER', saleKey: 'S101:1:7', customerId: customerIdOf({ system: 'CRM', id: first.id }) },
            meta(),
          ),
      ],
      [
        'a steward’s merge (every customer formed again)',
        () =>
          decisions.add(
            {
              kind: 'MERGE',
              customerIds: [customerIdOf({ system: 'CRM', id: first.id }), customerIdOf({ system: 'CRM', id: second.id })],
              records: [`CRM:${first.id}`, `CRM:${second.id}`],
            },
            meta(),
          ),
      ],
      ['a change after the merge', () => crmCall(crmUrl, 'res.partner', 'write', [[second.id], { mobile: extraPhones[1] }])],
    ];
    const before = answers(kept.current(), extra);
    for (const [step, change] of steps) {
      await change();
      await kept.refresh();
      expect({ step, ...answers(kept.current(), extra) }).toEqual({ step, ...(await fromNothing(extra)) });
    }
    // The changes reached the directory (the comparison above would also hold if neither saw them).
    const after = answers(kept.current(), extra);
    expect(after).not.toEqual(before);
    const holdersOf = (kind: IdentifierKind, value: string) => kept.current().holders(kind, value);
    const webAccount = `ECOMMERCE:${world.ecommerce.customers[0].id}`;
    expect(holdersOf('EMAIL', newEmail).map((c) => c.records.some((m) => m.key === webAccount))).toEqual([true]);
    expect(holdersOf('ZALO', handles[1]).map((c) => c.records.some((m) => m.key === `CRM:${first.id}`))).toEqual([true]);
    expect(holdersOf('ZALO', handles[0])).toEqual([]);
    expect(holdersOf('LOYALTY_CARD', card.code).map((c) => c.records.some((m) => m.key === `CRM:${card.partnerId}`))).toEqual([true]);
    expect(holdersOf('PHONE', third.phone!).some((c) => c.records.some((m) => m.key === `CRM:${third.id}`))).toBe(false); // archived
    expect(holdersOf('PHONE', second.phone!).map((c) => c.records.some((m) => m.key === `CRM:${second.id}`))).toEqual([true]);
  });
});

function meta() {
  return {
    at: '2026-12-07T10:00:00+07:00',
    decidedBy: 'steward',
    decidedByRoles: ['data-steward'],
    channel: 'test',
    requestId: 'r-1',
    reason: null,
  };
}
