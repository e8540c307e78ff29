import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parsePersonas } from '../../identity-provider/directory';
import { PERSONAS_FILE, personasOf, seededPersonas } from '../../legacy/seed/personas';
import { seedAll } from '../../legacy/seed/seed';
import { generateWorld } from '../../legacy/seed/world';
import { decodeId } from '../../lib/ids';

/** Who signs in at the embedded identity provider, as the seed derives them from its world. */

describe('the personas of a seeded world', () => {
  const world = generateWorld({ seed: 42, size: 'small' });
  const personas = personasOf(world);

  it('are two customers, staff of the first two stores, an agent, a steward, a developer, a partner app and the jobs', () => {
    expect(personas.map((p) => [p.login, p.kind, p.roles])).toEqual([
      ['customer-1', 'person', ['customer']],
      ['customer-2', 'person', ['customer']],
      ['associate-s101', 'person', ['store-associate']],
      ['associate-s102', 'person', ['store-associate']],
      ['manager-s101', 'person', ['store-manager']],
      ['agent', 'person', ['call-center-agent']],
      ['steward', 'person', ['back-office']],
      ['developer', 'person', ['developer']],
      ['partner-marketplace', 'app', ['partner']],
      ['omnigraph-jobs', 'app', ['service']],
    ]);
    expect(personas.find((p) => p.login === 'manager-s101')).toMatchObject({ stores: ['S101'], customerId: null });
    expect(personas.find((p) => p.login === 'associate-s102')).toMatchObject({ stores: ['S102'] });
  });

  it('are the same people whenever the world is seeded', () => {
    for (const now of ['2026-01-10T23:00:00Z', '2027-06-01T03:00:00Z']) {
      expect(personasOf(generateWorld({ seed: 42, size: 'small', now: new Date(now) }))).toEqual(personas);
    }
  });

  it('link each customer to the Omnigraph customer of a CRM record with an email and web orders, loyalty members first', () => {
    const [first, second] = personas;
    expect(first).toMatchObject({ name: 'Nguyễn Thị Chi', customerId: 'Q3VzdG9tZXI6Q1JNOjE4' });
    for (const customer of [first, second]) {
      const partnerId = Number(/^CRM:(\d+)$/.exec(decodeId('Customer', customer.kind === 'person' ? customer.customerId! : '')!)![1]);
      const truth = world.truth.persons.find((person) => person.crmPartnerIds.includes(partnerId))!;
      expect(world.crm.partners.find((partner) => partner.id === partnerId)!.email).toBeTruthy();
      expect(world.ecommerce.orders.some((order) => order.customerId !== null && truth.webCustomerIds.includes(order.customerId))).toBe(
        true,
      );
    }
  });

  it('are the same whatever the moment the world is seeded at', () => {
    expect(personasOf(generateWorld({ seed: 42, size: 'small', now: new Date('2027-06-01T05:00:00Z') }))).toEqual(personas);
  });

  it('are written beside the data files by the seed, and derived again for data seeded before that', () => {
    const dir = mkdtempSync(join(tmpdir(), 'omnigraph-personas-'));
    try {
      seedAll({ seed: 42, size: 'small', outDir: dir, now: world.now });
      expect(parsePersonas(readFileSync(join(dir, PERSONAS_FILE), 'utf8'))).toEqual(personas);
      rmSync(join(dir, PERSONAS_FILE));
      expect(seededPersonas(dir)).toEqual(personas);
      expect(parsePersonas(readFileSync(join(dir, PERSONAS_FILE), 'utf8'))).toEqual(personas);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('are checked when the provider reads them: known roles, one login each, apps with a secret', () => {
    const json = (value: unknown) => JSON.stringify(value);
    expect(parsePersonas(json(personas))).toEqual(personas);
    expect(() => parsePersonas('not json')).toThrow('personas: not JSON');
    expect(() => parsePersonas(json([{ ...personas[0], roles: ['admin'] }]))).toThrow(
      "customer-1 needs roles, each one of lib/access.ts's",
    );
    expect(() => parsePersonas(json([personas[0], personas[0]]))).toThrow('customer-1 is taken twice');
    expect(() => parsePersonas(json([{ ...personas[0], login: 'omnigraph-shop' }]))).toThrow('omnigraph-shop is taken twice');
    expect(() => parsePersonas(json([{ kind: 'app', login: 'partner-x', name: 'X', roles: ['partner'] }]))).toThrow(
      'partner-x needs a secret of 16 characters or more',
    );
  });
});
