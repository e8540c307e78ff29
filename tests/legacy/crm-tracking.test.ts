import type { FastifyInstance } from 'fastify';
import type { World } from '../../legacy/seed/model';
import { generateWorld } from '../../legacy/seed/world';
import { CrmClient, crmApp } from '../../legacy/crm/testing';

/** Odoo's chatter tracking of res.partner's phone, mobile and email: what a write leaves behind, and who may read it. */

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

const trackingOf = (partnerId: number) =>
  crm.result<Row[]>('mail.tracking.value', 'search_read', [
    [
      ['mail_message_id.model', '=', 'res.partner'],
      ['mail_message_id.res_id', '=', partnerId],
    ],
    ['field_id', 'old_value_char', 'new_value_char', 'mail_message_id', 'create_date'],
  ]);

describe('tracked partner fields', () => {
  it('a write changing the phone and the email posts one notification with a tracking value per changed field', async () => {
    const partner = world.crm.partners[0];
    await crm.result('res.partner', 'write', [[partner.id], { phone: '0912 000 111', email: partner.email, city: 'Huế' }]);
    const values = await trackingOf(partner.id);
    expect(values).toEqual([
      {
        id: expect.any(Number),
        field_id: [102, 'Phone (res.partner)'],
        old_value_char: partner.phone ?? false,
        new_value_char: '0912 000 111',
        mail_message_id: [expect.any(Number), `res.partner,${partner.id}`],
        create_date: NOW_TEXT,
      },
    ]);
    const [message] = await crm.result<Row[]>('mail.message', 'read', [
      [(values[0].mail_message_id as [number, string])[0]],
      ['model', 'res_id', 'message_type', 'author_id', 'date', 'is_internal'],
    ]);
    expect(message).toMatchObject({
      model: 'res.partner',
      res_id: partner.id,
      message_type: 'notification',
      author_id: [3, 'Omnigraph Integration'],
      date: NOW_TEXT,
      is_internal: true,
    });
  });

  it('a write that changes no tracked field, or writes the same value again, tracks nothing', async () => {
    const partner = world.crm.partners[1];
    await crm.result('res.partner', 'write', [[partner.id], { city: 'Huế', phone: partner.phone }]);
    expect(await trackingOf(partner.id)).toEqual([]);
  });

  it('is read-only for the integration user, as Odoo writes it itself', async () => {
    const answer = await crm.execute('mail.tracking.value', 'create', [{ field_id: 102, mail_message_id: 1 }]);
    expect(answer.error?.data.name).toBe('odoo.exceptions.AccessError');
  });
});
