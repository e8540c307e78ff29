/** The CRM's SQLite tables (one per Odoo model, named as Odoo names them) and its slice of the world. */
import type { Db } from '../kit/db';
import type { CrmTicket, World } from '../seed/model';
import {
  AGENT_PARTNER_ID,
  AGENT_USER_ID,
  API_USER_ID,
  API_USER_PARTNER_ID,
  COMPANY_PARTNER_ID,
  ODOOBOT_PARTNER_ID,
  STAGES,
  TEAMS,
  TRACKED_FIELDS,
} from './models';
import { odooDatetime } from './orm';

export function createSchema(db: Db): void {
  db.exec(`
    CREATE TABLE res_partner (
      id INTEGER PRIMARY KEY,
      name TEXT,
      email TEXT,
      phone TEXT,
      mobile TEXT,
      street TEXT,
      city TEXT,
      ref TEXT,
      x_zalo_user_id TEXT,
      x_facebook_psid TEXT,
      x_zalo_opt_out INTEGER,
      x_push_opt_out INTEGER,
      x_phone_opt_out INTEGER,
      active INTEGER NOT NULL DEFAULT 1,
      create_date TEXT NOT NULL,
      write_date TEXT NOT NULL,
      -- for email =ilike lookups, which the graph ORs by the hundred
      email_nocase TEXT COLLATE NOCASE GENERATED ALWAYS AS (email) VIRTUAL
    );
    CREATE INDEX res_partner_name_index ON res_partner (name, id);
    CREATE INDEX res_partner_email_index ON res_partner (email);
    CREATE INDEX res_partner_email_nocase_index ON res_partner (email_nocase);
    CREATE INDEX res_partner_phone_index ON res_partner (phone);
    CREATE INDEX res_partner_mobile_index ON res_partner (mobile);
    CREATE INDEX res_partner_ref_index ON res_partner (ref);
    CREATE INDEX res_partner_write_date_index ON res_partner (write_date);
    CREATE INDEX res_partner_x_zalo_user_id_index ON res_partner (x_zalo_user_id);
    CREATE INDEX res_partner_x_facebook_psid_index ON res_partner (x_facebook_psid);

    CREATE TABLE res_users (
      id INTEGER PRIMARY KEY,
      login TEXT NOT NULL UNIQUE,
      partner_id INTEGER NOT NULL REFERENCES res_partner (id),
      active INTEGER NOT NULL DEFAULT 1
    );

    CREATE TABLE helpdesk_team (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      sequence INTEGER NOT NULL
    );

    CREATE TABLE loyalty_card (
      id INTEGER PRIMARY KEY,
      partner_id INTEGER REFERENCES res_partner (id),
      code TEXT NOT NULL UNIQUE,
      points REAL NOT NULL DEFAULT 0,
      create_date TEXT NOT NULL,
      write_date TEXT NOT NULL
    );
    CREATE INDEX loyalty_card_partner_id_index ON loyalty_card (partner_id);

    CREATE TABLE loyalty_history (
      id INTEGER PRIMARY KEY,
      card_id INTEGER NOT NULL REFERENCES loyalty_card (id),
      description TEXT,
      issued REAL NOT NULL DEFAULT 0,
      used REAL NOT NULL DEFAULT 0,
      order_ref TEXT,
      create_date TEXT NOT NULL
    );
    CREATE INDEX loyalty_history_card_id_index ON loyalty_history (card_id);
    CREATE INDEX loyalty_history_order_ref_index ON loyalty_history (order_ref);

    CREATE TABLE helpdesk_stage (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      sequence INTEGER NOT NULL
    );

    CREATE TABLE helpdesk_ticket (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      partner_id INTEGER REFERENCES res_partner (id),
      stage_id INTEGER NOT NULL REFERENCES helpdesk_stage (id),
      team_id INTEGER REFERENCES helpdesk_team (id),
      user_id INTEGER REFERENCES res_users (id),
      x_external_ref TEXT,
      description TEXT,
      create_date TEXT NOT NULL,
      write_date TEXT NOT NULL
    );
    CREATE INDEX helpdesk_ticket_partner_id_index ON helpdesk_ticket (partner_id);

    CREATE TABLE mail_message (
      id INTEGER PRIMARY KEY,
      model TEXT,
      res_id INTEGER,
      body TEXT,
      author_id INTEGER REFERENCES res_partner (id),
      date TEXT,
      message_type TEXT NOT NULL,
      x_channel TEXT,
      is_internal INTEGER NOT NULL DEFAULT 0,
      message_id TEXT
    );
    CREATE INDEX mail_message_document_index ON mail_message (model, res_id);
    CREATE INDEX mail_message_author_id_index ON mail_message (author_id);
    CREATE INDEX mail_message_message_id_index ON mail_message (message_id);

    CREATE TABLE ir_model_fields (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      model TEXT NOT NULL,
      field_description TEXT,
      ttype TEXT
    );

    -- what mail.thread's tracking writes: one row per changed field of a chatter notification
    CREATE TABLE mail_tracking_value (
      id INTEGER PRIMARY KEY,
      field_id INTEGER NOT NULL REFERENCES ir_model_fields (id),
      old_value_char TEXT,
      new_value_char TEXT,
      mail_message_id INTEGER NOT NULL REFERENCES mail_message (id),
      create_date TEXT NOT NULL
    );
    CREATE INDEX mail_tracking_value_mail_message_id_index ON mail_tracking_value (mail_message_id);
    CREATE INDEX mail_tracking_value_create_date_index ON mail_tracking_value (create_date);

    -- Odoo keeps both normalised (lower-case email, E.164 number), unique, archived when lifted
    CREATE TABLE mail_blacklist (
      id INTEGER PRIMARY KEY,
      email TEXT NOT NULL UNIQUE,
      active INTEGER NOT NULL DEFAULT 1,
      create_date TEXT NOT NULL,
      write_date TEXT NOT NULL
    );

    CREATE TABLE phone_blacklist (
      id INTEGER PRIMARY KEY,
      number TEXT NOT NULL UNIQUE,
      active INTEGER NOT NULL DEFAULT 1,
      create_date TEXT NOT NULL,
      write_date TEXT NOT NULL
    );
  `);
}

/** Partners every Odoo database has before its first customer; OdooBot's is archived. */
const STAFF_PARTNERS = [
  { id: COMPANY_PARTNER_ID, name: 'Omnigraph Retail', email: 'info@omnigraph.vn', active: 1 },
  { id: ODOOBOT_PARTNER_ID, name: 'OdooBot', email: 'odoobot@example.com', active: 0 },
  { id: API_USER_PARTNER_ID, name: 'Omnigraph Integration', email: null, active: 1 },
  { id: AGENT_PARTNER_ID, name: 'Tổng đài viên', email: null, active: 1 },
];

/** The users behind the staff partners: Odoo's superuser (archived, as OdooBot), the integration, the agent. */
const USERS = [
  { id: 1, login: '__system__', partnerId: ODOOBOT_PARTNER_ID, active: 0 },
  { id: API_USER_ID, login: 'omnigraph', partnerId: API_USER_PARTNER_ID, active: 1 },
  { id: AGENT_USER_ID, login: 'tongdai', partnerId: AGENT_PARTNER_ID, active: 1 },
];

const STAGE_OF: Record<CrmTicket['stage'], number> = { new: 1, in_progress: 2, solved: 3 };

const TEAM_OF: Record<NonNullable<CrmTicket['team']>, number> = { call_center: 1, social: 2, stores: 3, after_sales: 4 };

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Odoo keeps message bodies and ticket descriptions as HTML. */
function asHtml(text: string): string {
  return `<p>${escapeHtml(text)}</p>`;
}

function latest(first: Date, others: Date[]): string {
  return odooDatetime(new Date(Math.max(first.getTime(), ...others.map((date) => date.getTime()))));
}

interface OptOut {
  value: string;
  at: Date;
}

/**
 * Marketing opt-outs of the people the CRM knows: their email when they refused email, their
 * phone (E.164) when they refused SMS, listed from the day their first partner was created.
 */
export function optOutsOf(world: World): { emails: OptOut[]; phones: OptOut[] } {
  const persons = new Map(world.persons.map((person) => [person.personId, person]));
  const personOfPartner = new Map(
    world.truth.persons.flatMap((truth) => truth.crmPartnerIds.map((id) => [id, persons.get(truth.personId)] as const)),
  );
  const emails = new Map<string, OptOut>();
  const phones = new Map<string, OptOut>();
  for (const partner of world.crm.partners) {
    const person = personOfPartner.get(partner.id);
    if (!person) continue;
    if (!person.consentEmail && !emails.has(person.email)) emails.set(person.email, { value: person.email, at: partner.createdAt });
    if (!person.consentSms && !phones.has(person.phone)) phones.set(person.phone, { value: person.phone, at: partner.createdAt });
  }
  return { emails: [...emails.values()], phones: [...phones.values()] };
}

export function loadWorld(db: Db, world: World): void {
  const { partners, loyaltyCards, loyaltyEntries, tickets } = world.crm;
  const insertPartner = db.prepare(
    `INSERT INTO res_partner (id, name, email, phone, mobile, street, city, ref, active, create_date, write_date)
     VALUES (@id, @name, @email, @phone, @mobile, @street, @city, @ref, @active, @create_date, @write_date)`,
  );
  const insertCard = db.prepare(
    'INSERT INTO loyalty_card (id, partner_id, code, points, create_date, write_date) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const insertHistory = db.prepare(
    'INSERT INTO loyalty_history (id, card_id, description, issued, used, order_ref, create_date) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const insertStage = db.prepare('INSERT INTO helpdesk_stage (id, name, sequence) VALUES (?, ?, ?)');
  const insertTicket = db.prepare(
    'INSERT INTO helpdesk_ticket (id, name, partner_id, stage_id, team_id, user_id, description, create_date, write_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const insertUser = db.prepare('INSERT INTO res_users (id, login, partner_id, active) VALUES (?, ?, ?, ?)');
  const insertTeam = db.prepare('INSERT INTO helpdesk_team (id, name, sequence) VALUES (?, ?, ?)');
  const insertField = db.prepare('INSERT INTO ir_model_fields (id, name, model, field_description, ttype) VALUES (?, ?, ?, ?, ?)');
  const setHandles = db.prepare('UPDATE res_partner SET x_zalo_user_id = ?, x_facebook_psid = ? WHERE id = ?');
  const insertMessage = db.prepare(
    `INSERT INTO mail_message (id, model, res_id, body, author_id, date, message_type, x_channel) VALUES (?, 'helpdesk.ticket', ?, ?, ?, ?, ?, ?)`,
  );

  const insertEmailOptOut = db.prepare('INSERT INTO mail_blacklist (email, active, create_date, write_date) VALUES (?, 1, ?, ?)');
  const insertPhoneOptOut = db.prepare('INSERT INTO phone_blacklist (number, active, create_date, write_date) VALUES (?, 1, ?, ?)');
  const optOuts = optOutsOf(world);

  const balances = new Map<number, number>();
  const lastEntryAt = new Map<number, Date>();
  for (const entry of loyaltyEntries) {
    balances.set(entry.cardId, (balances.get(entry.cardId) ?? 0) + entry.points);
    const last = lastEntryAt.get(entry.cardId);
    if (!last || last < entry.date) lastEntryAt.set(entry.cardId, entry.date);
  }
  const since = odooDatetime(
    partners.reduce((earliest, partner) => (partner.createdAt < earliest ? partner.createdAt : earliest), world.now),
  );

  db.transaction(() => {
    for (const staff of STAFF_PARTNERS) {
      insertPartner.run({
        phone: null,
        mobile: null,
        street: null,
        city: null,
        ref: null,
        ...staff,
        create_date: since,
        write_date: since,
      });
    }
    for (const partner of partners) {
      insertPartner.run({
        id: partner.id,
        name: partner.name,
        email: partner.email,
        phone: partner.phone,
        mobile: partner.mobile,
        street: partner.street,
        city: partner.city,
        ref: partner.ref,
        active: 1,
        create_date: odooDatetime(partner.createdAt),
        write_date: odooDatetime(partner.writeDate),
      });
    }
    for (const card of loyaltyCards) {
      const lastEntry = lastEntryAt.get(card.id);
      const written = latest(card.createdAt, lastEntry ? [lastEntry] : []);
      insertCard.run(card.id, card.partnerId, card.code, balances.get(card.id) ?? 0, odooDatetime(card.createdAt), written);
    }
    for (const entry of loyaltyEntries) {
      const [issued, used] = entry.points >= 0 ? [entry.points, 0] : [0, -entry.points];
      insertHistory.run(entry.id, entry.cardId, entry.description, issued, used, entry.origin, odooDatetime(entry.date));
    }
    for (const user of USERS) insertUser.run(user.id, user.login, user.partnerId, user.active);
    for (const { partnerId, zaloUserId, facebookPsid } of world.crm.socialHandles) setHandles.run(zaloUserId, facebookPsid, partnerId);
    for (const field of TRACKED_FIELDS) insertField.run(field.id, field.name, field.model, field.fieldDescription, field.ttype);
    for (const stage of STAGES) insertStage.run(stage.id, stage.name, stage.sequence);
    for (const team of TEAMS) insertTeam.run(team.id, team.name, team.sequence);
    for (const ticket of tickets) {
      const opening = ticket.messages.find((message) => message.fromCustomer);
      const written = latest(
        ticket.createdAt,
        ticket.messages.map((message) => message.date),
      );
      const description = opening ? asHtml(opening.body) : null;
      insertTicket.run(
        ticket.id,
        ticket.subject,
        ticket.partnerId,
        STAGE_OF[ticket.stage],
        ticket.team ? TEAM_OF[ticket.team] : null,
        ticket.assigned ? AGENT_USER_ID : null,
        description,
        odooDatetime(ticket.createdAt),
        written,
      );
      for (const message of ticket.messages) {
        const author = message.fromCustomer ? ticket.partnerId : AGENT_PARTNER_ID;
        const type = message.fromCustomer && message.channel === 'email' ? 'email' : 'comment';
        insertMessage.run(message.id, ticket.id, asHtml(message.body), author, odooDatetime(message.date), type, message.channel);
      }
    }
    for (const { value, at } of optOuts.emails) insertEmailOptOut.run(value, odooDatetime(at), odooDatetime(at));
    for (const { value, at } of optOuts.phones) insertPhoneOptOut.run(value, odooDatetime(at), odooDatetime(at));
  })();
}
