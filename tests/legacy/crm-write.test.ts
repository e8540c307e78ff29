import type { FastifyInstance } from 'fastify';
import type { World } from '../../legacy/seed/model';
import { generateWorld } from '../../legacy/seed/world';
import { CrmClient, crmApp } from '../../legacy/crm/testing';

type Row = Record<string, unknown> & { id: number };

const NOW = new Date('2026-11-20T05:06:07.890Z');
const NOW_TEXT = '2026-11-20 05:06:07';
const INTEGRATION_PARTNER = [3, 'Omnigraph Integration'];

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

const readOne = async (model: string, id: number, fields: string[] = []) => (await crm.result<Row[]>(model, 'read', [[id], fields]))[0];

describe('res.partner', () => {
  it('creates a partner, stamped with the clock, that search then finds', async () => {
    const id = await crm.result<number>('res.partner', 'create', [
      { name: 'Trần Thị Mai', email: 'mai.tran@gmail.com', phone: '0912 345 678' },
    ]);
    expect(id).toBe(Math.max(...world.crm.partners.map((p) => p.id)) + 1);
    expect(await readOne('res.partner', id)).toEqual({
      id,
      name: 'Trần Thị Mai',
      email: 'mai.tran@gmail.com',
      phone: '0912 345 678',
      mobile: false,
      street: false,
      city: false,
      ref: false,
      // Opt-outs of the channels Odoo has no blacklist for: unset reads false.
      x_zalo_opt_out: false,
      x_push_opt_out: false,
      x_phone_opt_out: false,
      // No Zalo or Facebook id until a conversation on one links them.
      x_zalo_user_id: false,
      x_facebook_psid: false,
      active: true,
      create_date: NOW_TEXT,
      write_date: NOW_TEXT,
      loyalty_card_ids: [],
    });
    expect(await crm.result('res.partner', 'search', [[['email', '=ilike', 'MAI.TRAN@gmail.com']]])).toEqual([id]);
  });

  it('creates several from a list and answers their ids', async () => {
    const ids = await crm.result<number[]>('res.partner', 'create', [[{ name: 'Lý Văn A' }, { name: 'Lý Văn B', city: 'Huế' }]]);
    expect(ids).toHaveLength(2);
    expect(await crm.result('res.partner', 'read', [ids, ['name', 'city']])).toEqual([
      { id: ids[0], name: 'Lý Văn A', city: false },
      { id: ids[1], name: 'Lý Văn B', city: 'Huế' },
    ]);
  });

  it('writes changes and moves write_date, ignoring the log columns it was sent', async () => {
    const partner = world.crm.partners[2];
    const done = await crm.result('res.partner', 'write', [
      [partner.id],
      { phone: '+84 902 219 060', email: false, write_date: '2001-01-01 00:00:00' },
    ]);
    expect(done).toBe(true);
    expect(await readOne('res.partner', partner.id, ['name', 'phone', 'email', 'create_date', 'write_date'])).toEqual({
      id: partner.id,
      name: partner.name,
      phone: '+84 902 219 060',
      email: false,
      create_date: `${partner.createdAt.toISOString().slice(0, 10)} ${partner.createdAt.toISOString().slice(11, 19)}`,
      write_date: NOW_TEXT,
    });
  });

  it('archives a partner: it leaves searches but can still be read', async () => {
    const partner = world.crm.partners[0];
    await crm.result('res.partner', 'write', [[partner.id], { active: false }]);
    expect(await crm.result('res.partner', 'search', [[['id', '=', partner.id]]])).toEqual([]);
    expect(await readOne('res.partner', partner.id, ['active'])).toEqual({ id: partner.id, active: false });
  });

  it('refuses a partner without a name, an unknown field and an unknown id', async () => {
    expect(await crm.fault('res.partner', 'create', [{ email: 'x@y.vn' }])).toEqual(
      expect.objectContaining({
        name: 'odoo.exceptions.ValidationError',
        message: 'The operation cannot be completed: Contacts require a name',
      }),
    );
    expect(await crm.fault('res.partner', 'write', [[world.crm.partners[0].id], { name: false }])).toMatchObject({
      name: 'odoo.exceptions.ValidationError',
    });
    expect(await crm.fault('res.partner', 'create', [{ name: 'X', zalo_id: '123' }])).toMatchObject({
      name: 'builtins.ValueError',
      message: "Invalid field 'zalo_id' on model 'res.partner'",
    });
    expect(await crm.fault('res.partner', 'write', [[424242], { city: 'Huế' }])).toMatchObject({
      name: 'odoo.exceptions.MissingError',
      message: 'Record does not exist or has been deleted.\n(Record: res.partner(424242,), User: 2)',
    });
  });

  it('cannot be deleted by the integration user', async () => {
    const partner = world.crm.partners[0];
    const fault = await crm.fault('res.partner', 'unlink', [[partner.id]]);
    expect(fault.name).toBe('odoo.exceptions.AccessError');
    expect(fault.message).toMatch(/^You are not allowed to delete 'Contact' \(res\.partner\) records\./);
    expect(await readOne('res.partner', partner.id, ['name'])).toEqual({ id: partner.id, name: partner.name });
  });
});

describe('loyalty points', () => {
  const card = () => world.crm.loyaltyCards[0];
  const balance = () =>
    world.crm.loyaltyEntries.filter((entry) => entry.cardId === card().id).reduce((sum, entry) => sum + entry.points, 0);

  it('earns points by creating a loyalty.history line, which moves the card balance and write_date', async () => {
    const id = await crm.result<number>('loyalty.history', 'create', [
      { card_id: card().id, description: 'Tích điểm đơn web 000000999', issued: 120, order_ref: 'web:000000999' },
    ]);
    expect(await readOne('loyalty.card', card().id, ['points', 'write_date', 'history_ids'])).toMatchObject({
      points: balance() + 120,
      write_date: NOW_TEXT,
      history_ids: expect.arrayContaining([id]),
    });
    expect(await readOne('loyalty.history', id)).toEqual({
      id,
      card_id: [card().id, card().code],
      description: 'Tích điểm đơn web 000000999',
      issued: 120,
      used: 0,
      order_ref: 'web:000000999',
      create_date: NOW_TEXT,
    });
  });

  it('spends or takes back points with used', async () => {
    await crm.result('loyalty.history', 'create', [{ card_id: card().id, used: 30, order_ref: 'pos:101-2-345-2026-11-20' }]);
    expect((await readOne('loyalty.card', card().id, ['points'])).points).toBe(balance() - 30);
  });

  it('needs a card that exists', async () => {
    expect(await crm.fault('loyalty.history', 'create', [{ issued: 5 }])).toMatchObject({
      name: 'odoo.exceptions.ValidationError',
      message: expect.stringContaining('Field: Card (card_id)'),
    });
    expect(await crm.fault('loyalty.history', 'create', [{ card_id: 99_999, issued: 5 }])).toMatchObject({
      name: 'odoo.exceptions.ValidationError',
      message: expect.stringContaining('Constraint: loyalty_history_card_id_fkey'),
    });
  });

  it('refuses writes to cards and to history lines: the user has no rights there', async () => {
    const cardWrite = await crm.fault('loyalty.card', 'write', [[card().id], { points: 1_000_000 }]);
    expect(cardWrite.name).toBe('odoo.exceptions.AccessError');
    expect(cardWrite.message).toContain("You are not allowed to modify 'Loyalty Coupon' (loyalty.card) records.");
    expect(await crm.fault('loyalty.card', 'create', [{ code: '260000000000' }])).toMatchObject({ name: 'odoo.exceptions.AccessError' });
    expect(await crm.fault('loyalty.history', 'write', [[1], { issued: 1_000 }])).toMatchObject({ name: 'odoo.exceptions.AccessError' });
    expect((await readOne('loyalty.card', card().id, ['points'])).points).toBe(balance());
  });
});

describe('helpdesk', () => {
  it('opens a ticket in stage New and moves it along', async () => {
    const customer = world.crm.partners[4];
    const id = await crm.result<number>('helpdesk.ticket', 'create', [{ name: 'Hỏi về đơn hàng', partner_id: customer.id }]);
    expect(id).toBe(world.crm.tickets.length + 1);
    expect(await readOne('helpdesk.ticket', id, ['stage_id', 'partner_id', 'create_date', 'message_ids'])).toEqual({
      id,
      stage_id: [1, 'New'],
      partner_id: [customer.id, customer.name],
      create_date: NOW_TEXT,
      message_ids: [],
    });
    await crm.result('helpdesk.ticket', 'write', [[id], { stage_id: 2 }]);
    expect(await readOne('helpdesk.ticket', id, ['stage_id'])).toEqual({ id, stage_id: [2, 'In Progress'] });
    expect(await crm.fault('helpdesk.ticket', 'write', [[id], { stage_id: 9 }])).toMatchObject({ name: 'odoo.exceptions.ValidationError' });
  });

  it('posts a message on a ticket, authored by the integration user unless told otherwise', async () => {
    const ticket = world.crm.tickets[0];
    const id = await crm.result<number>('mail.message', 'create', [
      { model: 'helpdesk.ticket', res_id: ticket.id, body: '<p>Đã gọi lại cho khách</p>', x_channel: 'phone' },
    ]);
    expect(await readOne('mail.message', id)).toEqual({
      id,
      model: 'helpdesk.ticket',
      res_id: ticket.id,
      body: '<p>Đã gọi lại cho khách</p>',
      author_id: INTEGRATION_PARTNER,
      date: NOW_TEXT,
      message_type: 'comment',
      x_channel: 'phone',
      is_internal: false,
      message_id: false,
    });
    expect((await readOne('helpdesk.ticket', ticket.id, ['message_ids'])).message_ids).toEqual([
      id,
      ...ticket.messages.map((m) => m.id).reverse(),
    ]);
  });

  it('refuses a channel outside the selection and a ticket that does not exist', async () => {
    const ticket = world.crm.tickets[0];
    expect(
      await crm.fault('mail.message', 'create', [{ model: 'helpdesk.ticket', res_id: ticket.id, body: 'x', x_channel: 'telegram' }]),
    ).toMatchObject({
      name: 'builtins.ValueError',
      message: "Wrong value for mail.message.x_channel: 'telegram'",
    });
    expect(await crm.fault('mail.message', 'create', [{ model: 'helpdesk.ticket', res_id: 77_777, body: 'x' }])).toMatchObject({
      name: 'odoo.exceptions.MissingError',
    });
    expect(await crm.fault('mail.message', 'write', [[ticket.messages[0].id], { body: 'edited' }])).toMatchObject({
      name: 'odoo.exceptions.AccessError',
    });
  });
});
