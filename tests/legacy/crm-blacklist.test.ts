import type { FastifyInstance } from 'fastify';
import type { Person, World } from '../../legacy/seed/model';
import { generateWorld } from '../../legacy/seed/world';
import { CrmClient, crmApp } from '../../legacy/crm/testing';

type Row = Record<string, unknown> & { id: number };

const NOW = new Date('2026-11-20T05:06:07.890Z');
const NOW_TEXT = '2026-11-20 05:06:07';

let world: World;
let app: FastifyInstance;
let crm: CrmClient;

beforeAll(() => {
  world = generateWorld({ seed: 7, size: 'small' });
});

beforeEach(() => {
  app = crmApp(world, { clock: () => NOW });
  crm = new CrmClient(app);
});

afterEach(() => app.close());

const searchRead = (model: string, domain: unknown[], kwargs: Record<string, unknown> = {}) =>
  crm.result<Row[]>(model, 'search_read', [domain], kwargs);

/** The people the CRM has at least one partner for. */
function crmPersons(): Person[] {
  const ids = new Set(world.truth.persons.filter((truth) => truth.crmPartnerIds.length > 0).map((truth) => truth.personId));
  return world.persons.filter((person) => ids.has(person.personId));
}

describe('opt-outs loaded from the world', () => {
  it("lists the email of every CRM customer who refused marketing email, and no one else's", async () => {
    const rows = await searchRead('mail.blacklist', [], { fields: ['email', 'active'], order: 'id' });
    const refused = crmPersons()
      .filter((person) => !person.consentEmail)
      .map((person) => person.email);
    expect(rows.map((row) => row.email).sort()).toEqual([...refused].sort());
    expect(rows.every((row) => row.active === true)).toBe(true);
    expect(refused.length).toBeGreaterThan(0);
  });

  it("lists the E.164 number of every CRM customer who refused SMS, and no one else's", async () => {
    const rows = await searchRead('phone.blacklist', [], { fields: ['number'], order: 'id' });
    const refused = crmPersons()
      .filter((person) => !person.consentSms)
      .map((person) => person.phone);
    expect(rows.map((row) => row.number).sort()).toEqual([...refused].sort());
    expect(rows.every((row) => /^\+84\d{9}$/.test(row.number as string))).toBe(true);
  });

  it('has no opt-outs for people only the web shop knows', async () => {
    const webOnly = world.truth.persons.filter((truth) => truth.crmPartnerIds.length === 0).map((truth) => truth.email);
    expect(await crm.result('mail.blacklist', 'search_count', [[['email', 'in', webOnly]]])).toBe(0);
  });

  it('describes both models through fields_get', async () => {
    expect(
      await crm.result('mail.blacklist', 'fields_get', [
        ['email', 'active'],
        ['type', 'required'],
      ]),
    ).toEqual({
      email: { type: 'char', required: true },
      active: { type: 'boolean', required: false },
    });
    expect(await crm.result('phone.blacklist', 'fields_get', [['number'], ['type']])).toEqual({ number: { type: 'char' } });
  });
});

describe('mail.blacklist', () => {
  it("normalises the address it is given, as Odoo's email_normalize does", async () => {
    const ids = await crm.result<number[]>('mail.blacklist', 'create', [
      [{ email: '  Mai.Tran@Example.VN ' }, { email: 'Trần Mai <MAI2@example.vn>' }],
    ]);
    expect(await crm.result('mail.blacklist', 'read', [ids, ['email', 'active', 'create_date']])).toEqual([
      { id: ids[0], email: 'mai.tran@example.vn', active: true, create_date: NOW_TEXT },
      { id: ids[1], email: 'mai2@example.vn', active: true, create_date: NOW_TEXT },
    ]);
  });

  it('refuses something that is not an address with a UserError', async () => {
    expect(await crm.fault('mail.blacklist', 'create', [{ email: 'not an address' }])).toMatchObject({
      name: 'odoo.exceptions.UserError',
      message: 'Invalid email address \u201cnot an address\u201d',
    });
  });

  it('answers the existing record for an address already listed, in any case', async () => {
    const [listed] = await searchRead('mail.blacklist', [], { fields: ['email'], limit: 1, order: 'id' });
    const before = await crm.result<number>('mail.blacklist', 'search_count', [[]]);
    expect(await crm.result('mail.blacklist', 'create', [{ email: String(listed.email).toUpperCase() }])).toBe(listed.id);
    expect(await crm.result('mail.blacklist', 'search_count', [[]])).toBe(before);
  });

  it('lifts an opt-out by archiving it: searches no longer find it unless they ask for archived records', async () => {
    const [listed] = await searchRead('mail.blacklist', [], { fields: ['email'], limit: 1, order: 'id' });
    expect(await crm.result('mail.blacklist', 'write', [[listed.id], { active: false }])).toBe(true);
    expect(await crm.result('mail.blacklist', 'search', [[['email', '=', listed.email]]])).toEqual([]);
    expect(
      await searchRead(
        'mail.blacklist',
        [
          ['email', '=', listed.email],
          ['active', '=', false],
        ],
        { fields: ['active', 'write_date'] },
      ),
    ).toEqual([{ id: listed.id, active: false, write_date: NOW_TEXT }]);
  });

  it('keeps addresses unique on write', async () => {
    const [a, b] = await searchRead('mail.blacklist', [], { fields: ['email'], limit: 2, order: 'id' });
    expect(await crm.fault('mail.blacklist', 'write', [[b.id], { email: a.email }])).toMatchObject({
      name: 'odoo.exceptions.ValidationError',
      message: 'The operation cannot be completed: Email address already exists!',
    });
  });
});

describe('phone.blacklist', () => {
  it("stores numbers in E.164, local ones formatted with the company's country", async () => {
    const ids = await crm.result<number[]>('phone.blacklist', 'create', [
      [{ number: '0912 345 678' }, { number: '+84 913.345.678' }, { number: '0084-914-345-678' }],
    ]);
    const rows = await crm.result<Row[]>('phone.blacklist', 'read', [ids, ['number']]);
    expect(rows.map((row) => row.number)).toEqual(['+84912345678', '+84913345678', '+84914345678']);
  });

  it('refuses what is not a number with a UserError, and answers the existing record for one already listed', async () => {
    expect(await crm.fault('phone.blacklist', 'create', [{ number: 'call me' }])).toMatchObject({
      name: 'odoo.exceptions.UserError',
      message: 'Invalid number call me',
    });
    const [listed] = await searchRead('phone.blacklist', [], { fields: ['number'], limit: 1, order: 'id' });
    const national = `0${String(listed.number).slice(3)}`;
    expect(await crm.result('phone.blacklist', 'create', [{ number: national }])).toBe(listed.id);
  });
});
