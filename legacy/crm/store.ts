/** The CRM's SQLite tables (one per Odoo model, named as Odoo names them) and its slice of the world. */
import type { Db } from '../kit/db';
import type { CrmTicket, World } from '../seed/model';
import { AGENT_PARTNER_ID, API_USER_PARTNER_ID, COMPANY_PARTNER_ID, ODOOBOT_PARTNER_ID, STAGES } from './models';
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
      x_channel TEXT
    );
    CREATE INDEX mail_message_document_index ON mail_message (model, res_id);
    CREATE INDEX mail_message_author_id_index ON mail_message (author_id);

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

const STAGE_OF: Record<CrmTicket['stage'], number> = { new: 1, in_progress: 2, solved: 3 };

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
    'INSERT INTO helpdesk_ticket (id, name, partner_id, stage_id, description, create_date, write_date) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
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
    for (const stage of STAGES) insertStage.run(stage.id, stage.name, stage.sequence);
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
