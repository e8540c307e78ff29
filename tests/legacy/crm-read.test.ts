import type { FastifyInstance } from 'fastify';
import type { CrmPartner, World } from '../../legacy/seed/model';
import { generateWorld } from '../../legacy/seed/world';
import { CrmClient, crmApp } from '../../legacy/crm/testing';

type Row = Record<string, unknown> & { id: number };

let world: World;
let app: FastifyInstance;
let crm: CrmClient;

/** Odoo's datetime text, computed independently of the stand-in. */
const utcText = (instant: Date) => `${instant.toISOString().slice(0, 10)} ${instant.toISOString().slice(11, 19)}`;
const STAFF = { company: 1, odooBot: 2, integration: 3, agent: 4 };
/** Active staff partners besides the world's customers: company, integration user, agent. */
const ACTIVE_STAFF = 3;

beforeAll(() => {
  world = generateWorld({ seed: 7, size: 'small' });
  app = crmApp(world);
  crm = new CrmClient(app);
});

afterAll(() => app.close());

const searchRead = (model: string, domain: unknown[], kwargs: Record<string, unknown> = {}) =>
  crm.result<Row[]>(model, 'search_read', [domain], kwargs);
const ids = (rows: Row[]) => rows.map((row) => row.id);
const partnerWith = (test: (partner: CrmPartner) => boolean) => {
  const found = world.crm.partners.find(test);
  if (!found) throw new Error('the seed has no such partner');
  return found;
};

describe('reading records', () => {
  it('reads a seeded partner with Odoo conventions: false for empty, UTC text dates, one2many ids', async () => {
    const partner = partnerWith(
      (p) =>
        p.mobile === null &&
        p.ref === null &&
        world.crm.loyaltyCards.some((card) => card.partnerId === p.id) &&
        !world.crm.socialHandles.some((handle) => handle.partnerId === p.id),
    );
    const [record] = await crm.result<Row[]>('res.partner', 'read', [[partner.id]]);
    expect(record).toEqual({
      id: partner.id,
      name: partner.name,
      email: partner.email ?? false,
      phone: partner.phone,
      mobile: false,
      street: partner.street,
      city: partner.city,
      ref: false,
      x_zalo_opt_out: false,
      x_push_opt_out: false,
      x_phone_opt_out: false,
      x_zalo_user_id: false,
      x_facebook_psid: false,
      active: true,
      create_date: utcText(partner.createdAt),
      write_date: utcText(partner.writeDate),
      loyalty_card_ids: world.crm.loyaltyCards.filter((card) => card.partnerId === partner.id).map((card) => card.id),
    });
    expect(record.create_date).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  });

  it('returns the records in the order of the ids asked for, with only the fields asked for', async () => {
    const [a, b, c] = world.crm.partners.slice(5, 8);
    const records = await crm.result<Row[]>('res.partner', 'read', [
      [c.id, a.id, b.id],
      ['name', 'city'],
    ]);
    expect(records).toEqual([c, a, b].map((p) => ({ id: p.id, name: p.name, city: p.city })));
  });

  it('raises MissingError for an id that does not exist', async () => {
    const fault = await crm.fault('res.partner', 'read', [[world.crm.partners[0].id, 999_999], ['name']]);
    expect(fault.name).toBe('odoo.exceptions.MissingError');
    expect(fault.message).toBe('Record does not exist or has been deleted.\n(Record: res.partner(999999,), User: 2)');
  });

  it('raises ValueError for a field the model does not have', async () => {
    const fault = await crm.fault('res.partner', 'read', [[world.crm.partners[0].id], ['name', 'vat']]);
    expect(fault).toMatchObject({ name: 'builtins.ValueError', message: "Invalid field 'vat' on model 'res.partner'" });
  });

  it('returns every field for fields=[] in search_read', async () => {
    const [record] = await searchRead('loyalty.card', [['id', '=', world.crm.loyaltyCards[0].id]], { fields: [] });
    expect(Object.keys(record).sort()).toEqual(['code', 'create_date', 'history_ids', 'id', 'partner_id', 'points', 'write_date']);
  });

  it('reads many2one as [id, display name], or the bare id when load is not the default', async () => {
    const card = world.crm.loyaltyCards[0];
    const owner = partnerWith((p) => p.id === card.partnerId);
    expect(await searchRead('loyalty.card', [['code', '=', card.code]], { fields: ['partner_id'] })).toEqual([
      { id: card.id, partner_id: [owner.id, owner.name] },
    ]);
    expect(await searchRead('loyalty.card', [['code', '=', card.code]], { fields: ['partner_id'], load: '' })).toEqual([
      { id: card.id, partner_id: owner.id },
    ]);
  });

  it('keeps a card balance that is the sum of its history, issued and used apart', async () => {
    const spent = world.crm.loyaltyEntries.find((entry) => entry.points < 0);
    if (!spent) throw new Error('the seed has no spent points');
    const entries = world.crm.loyaltyEntries.filter((entry) => entry.cardId === spent.cardId);
    const [card] = await crm.result<Row[]>('loyalty.card', 'read', [[spent.cardId], ['points', 'history_ids']]);
    expect(card.points).toBe(entries.reduce((sum, entry) => sum + entry.points, 0));
    expect(card.history_ids).toEqual(entries.map((entry) => entry.id).sort((x, y) => y - x));
    const [line] = await crm.result<Row[]>('loyalty.history', 'read', [[spent.id]]);
    expect(line).toEqual({
      id: spent.id,
      card_id: [spent.cardId, expect.stringMatching(/^2600\d{8}$/)],
      description: spent.description,
      issued: 0,
      used: -spent.points,
      order_ref: spent.origin,
      create_date: utcText(spent.date),
    });
  });

  it('reads tickets with their stage, customer and messages, newest message first', async () => {
    const ticket = world.crm.tickets.find((t) => t.messages.length >= 2 && t.stage === 'solved');
    if (!ticket) throw new Error('the seed has no such ticket');
    const customer = partnerWith((p) => p.id === ticket.partnerId);
    const [record] = await crm.result<Row[]>('helpdesk.ticket', 'read', [[ticket.id]]);
    expect(record).toMatchObject({
      name: ticket.subject,
      partner_id: [customer.id, customer.name],
      stage_id: [3, 'Solved'],
      create_date: utcText(ticket.createdAt),
      message_ids: ticket.messages.map((m) => m.id).reverse(),
    });
    const messages = await searchRead(
      'mail.message',
      [
        ['model', '=', 'helpdesk.ticket'],
        ['res_id', '=', ticket.id],
      ],
      { order: 'id' },
    );
    expect(messages).toEqual(
      ticket.messages.map((m) => ({
        id: m.id,
        model: 'helpdesk.ticket',
        res_id: ticket.id,
        body: `<p>${m.body}</p>`,
        author_id: m.fromCustomer ? [customer.id, customer.name] : [STAFF.agent, 'Tổng đài viên'],
        date: utcText(m.date),
        message_type: m.fromCustomer && m.channel === 'email' ? 'email' : 'comment',
        x_channel: m.channel,
        is_internal: false,
        message_id: false,
      })),
    );
  });

  it('describes its fields through fields_get', async () => {
    const fields = await crm.result<Record<string, Record<string, unknown>>>('mail.message', 'fields_get', [], {
      attributes: ['type', 'selection'],
    });
    expect(fields.x_channel).toEqual({
      type: 'selection',
      selection: [
        ['phone', 'Phone'],
        ['chat', 'Live Chat'],
        ['email', 'Email'],
        ['facebook', 'Facebook'],
        ['zalo', 'Zalo'],
        ['app', 'Mobile App'],
        ['store', 'In Store'],
      ],
    });
    expect(fields.author_id).toEqual({ type: 'many2one' });
  });
});

describe('order and paging', () => {
  it('orders partners by name, then newest id first, by default', async () => {
    const all = await searchRead('res.partner', [], { fields: ['name'] });
    expect(all).toHaveLength(world.crm.partners.length + ACTIVE_STAFF);
    const expected = [...all].sort((x, y) =>
      (x.name as string) < (y.name as string) ? -1 : (x.name as string) > (y.name as string) ? 1 : y.id - x.id,
    );
    expect(ids(all)).toEqual(ids(expected));
  });

  it('accepts an order spec and validates its field names', async () => {
    const newest = await searchRead('res.partner', [], { fields: ['create_date'], order: 'create_date desc, id', limit: 3 });
    const created = [...world.crm.partners].sort((x, y) => y.createdAt.getTime() - x.createdAt.getTime()).slice(0, 3);
    expect(newest.map((row) => row.create_date)).toEqual(created.map((p) => utcText(p.createdAt)));
    expect(await crm.fault('res.partner', 'search_read', [[]], { order: 'birthday desc' })).toMatchObject({
      name: 'builtins.ValueError',
      message: "Invalid field 'birthday' on model 'res.partner'",
    });
    expect((await crm.fault('res.partner', 'search', [[]], { order: 'name; DROP TABLE res_partner' })).message).toMatch(
      /^Invalid "order" specified/,
    );
  });

  it('pages by offset and limit only, with an empty page past the end', async () => {
    const all = ids(await searchRead('res.partner', [], { fields: ['id'] }));
    const pages: number[] = [];
    for (let offset = 0; offset < all.length; offset += 50) {
      pages.push(...ids(await searchRead('res.partner', [], { fields: ['id'], offset, limit: 50 })));
    }
    expect(pages).toEqual(all);
    expect(await searchRead('res.partner', [], { offset: all.length, limit: 50 })).toEqual([]);
    expect(await crm.result('res.partner', 'search_count', [[]])).toBe(all.length);
  });

  it('treats limit 0 as no limit, as Odoo does', async () => {
    expect(await searchRead('helpdesk.ticket', [], { fields: ['id'], limit: 0 })).toHaveLength(world.crm.tickets.length);
  });

  it('takes positional search_read arguments: domain, fields, offset, limit, order', async () => {
    const rows = await crm.result<Row[]>('helpdesk.ticket', 'search_read', [[], ['name'], 2, 3, 'id']);
    expect(rows).toEqual(world.crm.tickets.slice(2, 5).map((t) => ({ id: t.id, name: t.subject })));
  });

  it('search returns ids, newest ticket first by default', async () => {
    const newest = world.crm.tickets
      .map((t) => t.id)
      .sort((x, y) => y - x)
      .slice(0, 5);
    expect(await crm.result('helpdesk.ticket', 'search', [[]], { limit: 5 })).toEqual(newest);
  });
});

describe('domains', () => {
  const countWhere = (model: string, domain: unknown[]) => crm.result<number>(model, 'search_count', [domain]);

  it('matches = exactly (case-sensitive) and =ilike without regard to case', async () => {
    const partner = partnerWith((p) => p.email !== null);
    const email = partner.email as string;
    const sameEmail = world.crm.partners.filter((p) => p.email?.toLowerCase() === email.toLowerCase()).map((p) => p.id);
    expect(ids(await searchRead('res.partner', [['email', '=ilike', email.toUpperCase()]], { fields: ['id'] })).sort()).toEqual(
      sameEmail.sort(),
    );
    expect(await searchRead('res.partner', [['email', '=', email.toUpperCase()]])).toEqual([]);
  });

  it('batches ORed =ilike emails into one call', async () => {
    const emails = world.crm.partners.slice(0, 40).flatMap((p) => (p.email ? [p.email.toUpperCase()] : []));
    const domain = [...emails.slice(1).map(() => '|'), ...emails.map((email) => ['email', '=ilike', email])];
    const found = await searchRead('res.partner', domain, { fields: ['email'] });
    const expected = world.crm.partners.filter((p) => p.email && emails.includes(p.email.toUpperCase()));
    expect(ids(found).sort()).toEqual(expected.map((p) => p.id).sort());
  });

  it('reads False as "not set", and keeps unset values under !=', async () => {
    const withoutEmail = world.crm.partners.filter((p) => p.email === null).length;
    // The integration user's and the agent's partners have no email either.
    expect(await countWhere('res.partner', [['email', '=', false]])).toBe(withoutEmail + 2);
    const email = partnerWith((p) => p.email !== null).email;
    const others = world.crm.partners.filter((p) => p.email !== email).length;
    expect(await countWhere('res.partner', [['email', '!=', email]])).toBe(others + ACTIVE_STAFF);
  });

  it('compares like case-sensitively and ilike without case, Vietnamese letters included', async () => {
    const partner = partnerWith((p) => /^[ĐĂÂÊÔƠƯ]/u.test(p.name) || /^Vũ /u.test(p.name));
    const family = partner.name.split(' ')[0];
    const sameFamily = world.crm.partners.filter((p) => p.name.includes(family)).length;
    const customers = ['id', '>=', 10];
    expect(await countWhere('res.partner', [['name', 'ilike', family.toLowerCase()], customers])).toBe(
      world.crm.partners.filter((p) => p.name.toLowerCase().includes(family.toLowerCase())).length,
    );
    expect(await countWhere('res.partner', [['name', 'like', family], customers])).toBe(sameFamily);
    expect(await countWhere('res.partner', [['name', 'like', family.toLowerCase()], customers])).toBe(
      world.crm.partners.filter((p) => p.name.includes(family.toLowerCase())).length,
    );
  });

  it('uses =like patterns as given, with % and _ as wildcards', async () => {
    const expected = world.crm.loyaltyCards.filter((card) => card.code.startsWith('26001')).length;
    expect(await countWhere('loyalty.card', [['code', '=like', '26001%']])).toBe(expected);
    expect(await countWhere('loyalty.card', [['code', '=like', '2600________']])).toBe(world.crm.loyaltyCards.length);
  });

  it('supports in and not in, |, ! and the implicit &', async () => {
    const [a, b, c] = world.crm.partners;
    expect(ids(await searchRead('res.partner', [['id', 'in', [c.id, a.id]]], { order: 'id' }))).toEqual([a.id, c.id]);
    expect(await countWhere('res.partner', [['id', 'not in', [a.id, b.id]]])).toBe(world.crm.partners.length + ACTIVE_STAFF - 2);
    expect(ids(await searchRead('res.partner', ['|', ['id', '=', a.id], ['id', '=', b.id]], { order: 'id' }))).toEqual([a.id, b.id]);
    expect(await countWhere('res.partner', ['!', ['id', '=', a.id]])).toBe(world.crm.partners.length + ACTIVE_STAFF - 1);
    expect(
      await countWhere('res.partner', [
        ['id', 'in', [a.id, b.id]],
        ['id', '!=', a.id],
      ]),
    ).toBe(1);
    expect(await countWhere('res.partner', [['id', 'in', []]])).toBe(0);
  });

  it('negates with ! as Odoo does, so records without the value still match', async () => {
    const email = partnerWith((p) => p.email !== null).email;
    const notThatEmail = world.crm.partners.filter((p) => p.email !== email).length + ACTIVE_STAFF;
    expect(await countWhere('res.partner', ['!', ['email', '=', email]])).toBe(notThatEmail);
    expect(await countWhere('res.partner', [['email', 'not in', [email]]])).toBe(notThatEmail);
  });

  it('compares datetimes as UTC text and widens a bare date as Odoo does', async () => {
    const day = utcText(world.crm.tickets[0].createdAt).slice(0, 10);
    const sameDayOrEarlier = world.crm.tickets.filter((t) => utcText(t.createdAt).slice(0, 10) <= day).length;
    expect(await countWhere('helpdesk.ticket', [['create_date', '<=', day]])).toBe(sameDayOrEarlier);
    expect(await crm.fault('helpdesk.ticket', 'search_count', [[['create_date', '>', '2026-11-01T00:00:00Z']]])).toMatchObject({
      name: 'builtins.ValueError',
    });
  });

  it("compares many2one by id, or by the target's name when given text", async () => {
    const card = world.crm.loyaltyCards[0];
    const owner = partnerWith((p) => p.id === card.partnerId);
    expect(ids(await searchRead('loyalty.card', [['partner_id', '=', owner.id]]))).toEqual(
      world.crm.loyaltyCards.filter((k) => k.partnerId === owner.id).map((k) => k.id),
    );
    const namesakes = new Set(world.crm.partners.filter((p) => p.name === owner.name).map((p) => p.id));
    expect(await countWhere('loyalty.card', [['partner_id', '=', owner.name]])).toBe(
      world.crm.loyaltyCards.filter((k) => namesakes.has(k.partnerId)).length,
    );
  });

  it('follows dotted paths and tests one2many for emptiness', async () => {
    const card = world.crm.loyaltyCards[3];
    expect(await crm.result('res.partner', 'search', [[['loyalty_card_ids.code', '=', card.code]]])).toEqual([card.partnerId]);
    const carded = new Set(world.crm.loyaltyCards.map((k) => k.partnerId));
    expect(
      await countWhere('res.partner', [
        ['loyalty_card_ids', '=', false],
        ['id', '>=', 10],
      ]),
    ).toBe(world.crm.partners.filter((p) => !carded.has(p.id)).length);
    const ticket = world.crm.tickets[0];
    expect(await crm.result('helpdesk.ticket', 'search', [[['message_ids', 'in', [ticket.messages[0].id]]]])).toEqual([ticket.id]);
    const customer = partnerWith((p) => p.id === ticket.partnerId);
    const theirs = world.crm.tickets.filter((t) => t.partnerId === customer.id).map((t) => t.id);
    expect(
      await crm.result(
        'helpdesk.ticket',
        'search',
        [
          [
            ['partner_id.ref', '=', customer.ref],
            ['partner_id.name', '=', customer.name],
          ],
        ],
        { order: 'id' },
      ),
    ).toEqual(theirs);
  });

  it('searches phones as plain text, however staff typed them', async () => {
    const partner = partnerWith((p) => p.phone !== null && / /.test(p.phone) && p.phone.startsWith('0'));
    const typed = partner.phone as string;
    const digits = typed.replace(/\D/g, '');
    expect(ids(await searchRead('res.partner', [['phone', '=', typed]]))).toContain(partner.id);
    expect(ids(await searchRead('res.partner', [['phone', '=', `+84${digits.slice(1)}`]]))).not.toContain(partner.id);
    expect(ids(await searchRead('res.partner', [['phone', 'ilike', digits]]))).not.toContain(partner.id);
    expect(ids(await searchRead('res.partner', [['phone', 'ilike', typed.slice(-7)]]))).toContain(partner.id);
  });

  it('rejects unknown fields, unknown operators and broken prefix notation', async () => {
    expect(await crm.fault('res.partner', 'search', [[['vat', '=', 'x']]])).toMatchObject({
      name: 'builtins.ValueError',
      message: "Invalid field res.partner.vat in leaf ('vat', '=', 'x')",
    });
    expect(await crm.fault('res.partner', 'search', [[['name', 'contains', 'x']]])).toMatchObject({
      message: "Invalid leaf ['name', 'contains', 'x']",
    });
    expect(await crm.fault('res.partner', 'search', [['|', ['name', '=', 'x']]])).toMatchObject({
      message: "Domain ['|', ['name', '=', 'x']] is syntactically not correct.",
    });
    expect(await crm.fault('res.partner', 'search', ['name = x'])).toMatchObject({ name: 'builtins.AssertionError' });
  });

  it('takes values as data, never as SQL', async () => {
    expect(await countWhere('res.partner', [['name', '=', "x' OR '1'='1"]])).toBe(0);
    expect(await countWhere('res.partner', [['name', 'ilike', "%' OR 1=1 --"]])).toBe(0);
  });
});

describe('archived records', () => {
  it('hides archived partners unless the domain mentions active', async () => {
    expect(await crm.result('res.partner', 'search', [[['name', '=', 'OdooBot']]])).toEqual([]);
    expect(
      await crm.result('res.partner', 'search', [
        [
          ['name', '=', 'OdooBot'],
          ['active', '=', false],
        ],
      ]),
    ).toEqual([STAFF.odooBot]);
    expect(await crm.result('res.partner', 'search_count', [[['active', 'in', [true, false]]]])).toBe(world.crm.partners.length + 4);
  });

  it('shows them with active_test false in the context, and to read by id', async () => {
    expect(await crm.result('res.partner', 'search', [[['name', '=', 'OdooBot']]], { context: { active_test: false } })).toEqual([
      STAFF.odooBot,
    ]);
    expect(await crm.result('res.partner', 'read', [[STAFF.odooBot], ['name', 'active']])).toEqual([
      { id: STAFF.odooBot, name: 'OdooBot', active: false },
    ]);
  });
});
