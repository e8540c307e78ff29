/**
 * The Odoo models this CRM exposes, described the way Odoo's ORM describes them: field types,
 * relations, default order and access rights. The ORM and the domain compiler work from these.
 */

interface FieldBase {
  name: string;
  /** Label, as fields_get shows it and error messages quote it. */
  string: string;
  /** Odoo's log columns and ids: silently ignored in create/write values. */
  readonly?: boolean;
  required?: boolean;
  /** A SQL CHECK constraint's message, used instead of Odoo's generic mandatory-field message. */
  requiredMessage?: string;
}

export interface ScalarField extends FieldBase {
  type: 'integer' | 'float' | 'boolean' | 'char' | 'text' | 'html' | 'datetime';
  /** A generated NOCASE copy of the column: SQLite uses no index for ORed `COLLATE NOCASE` terms. */
  nocaseColumn?: string;
  /** What a model's create/write override makes of a value before storing it (email_normalize...). */
  normalize?: Normalizer;
}

/** A value as the model stores it, or null when the model refuses it with a UserError. */
export interface Normalizer {
  apply(value: string): string | null;
  /** The UserError message for a value it refuses. */
  refusal(value: string): string;
}

export interface SelectionField extends FieldBase {
  type: 'selection';
  selection: readonly (readonly [string, string])[];
}

export interface Many2oneField extends FieldBase {
  type: 'many2one';
  comodel: string;
}

export interface One2manyField extends FieldBase {
  type: 'one2many';
  comodel: string;
  /** The comodel's column pointing back. */
  inverse: string;
  /** mail.message-style links: the comodel also stores the parent's model name in `model`. */
  byModelName?: boolean;
}

export type Field = ScalarField | SelectionField | Many2oneField | One2manyField;
export type StoredField = Exclude<Field, One2manyField>;

export interface Model {
  name: string;
  /** Odoo's _description, quoted in access errors. */
  description: string;
  table: string;
  fields: Record<string, Field>;
  /** Odoo's _order. */
  order: string;
  /** SQL for the display name a many2one reads back as. */
  displayName: string;
  /** Field that a many2one compared with text searches (Odoo's _rec_name). */
  recName: string;
  /** What the integration user may do besides reading; anything else is an AccessError. */
  rights: { create: boolean; write: boolean };
  /** The group an AccessError says would be allowed. */
  managers: string;
  /** Values a new record gets unless given; `now` is the Odoo datetime text of the call. */
  defaults?: (now: string) => Record<string, unknown>;
  /**
   * A unique SQL constraint. Creating a value already there answers the existing record (the
   * blacklists' create override); writing one is the constraint's ValidationError.
   */
  unique?: { field: string; message: string };
  /**
   * Fields with `tracking=True`: a write that changes one posts a notification on the record's
   * chatter (a mail.message) with one mail.tracking.value per changed field, as mail.thread does.
   */
  tracked?: readonly string[];
}

/** The ir.model.fields rows of the tracked fields: ids fixed, as a database's own are once installed. */
export const TRACKED_FIELDS = [
  { id: 101, model: 'res.partner', name: 'email', fieldDescription: 'Email', ttype: 'char' },
  { id: 102, model: 'res.partner', name: 'phone', fieldDescription: 'Phone', ttype: 'char' },
  { id: 103, model: 'res.partner', name: 'mobile', fieldDescription: 'Mobile', ttype: 'char' },
] as const;

/** Staff partners that exist in every Odoo database before any customer. */
export const COMPANY_PARTNER_ID = 1;
export const ODOOBOT_PARTNER_ID = 2;
/** The integration user's own partner: the author of messages it creates. */
export const API_USER_PARTNER_ID = 3;
/** The call-centre agent who answers tickets. */
export const AGENT_PARTNER_ID = 4;
/** The integration user's uid (uid 1 is Odoo's superuser, 2 the first real user). */
export const API_USER_ID = 2;
/** The call-centre agent's user, whom the helpdesk assigns tickets to. */
export const AGENT_USER_ID = 3;

export const STAGES = [
  { id: 1, name: 'New', sequence: 0 },
  { id: 2, name: 'In Progress', sequence: 1 },
  { id: 3, name: 'Solved', sequence: 2 },
  { id: 4, name: 'Cancelled', sequence: 3 },
] as const;

/**
 * Odoo's email_normalize: the address alone (out of `Name <address>`), trimmed and lower case,
 * so that blacklist lookups compare exactly.
 */
export const EMAIL_NORMALIZER: Normalizer = {
  apply(value) {
    const address = (/<([^<>]*)>\s*$/.exec(value)?.[1] ?? value).trim().toLowerCase();
    return /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(address) ? address : null;
  },
  refusal: (value) => `Invalid email address \u201c${value}\u201d`,
};

/** The country code Odoo formats local numbers with: the company's, Vietnam. */
const COMPANY_COUNTRY_CODE = '84';

/**
 * phone.blacklist stores E.164, formatted with the company's country as Odoo's _phone_format
 * does. Without a phone library the stand-in knows only the two shapes staff type: `+<country>...`
 * (or `00<country>...`) and a national number with its leading 0.
 */
export const PHONE_NORMALIZER: Normalizer = {
  apply(value) {
    const compact = value.replace(/[\s.\-()]/g, '');
    const international = compact.startsWith('00') ? `+${compact.slice(2)}` : compact;
    const e164 = /^0\d+$/.test(international) ? `+${COMPANY_COUNTRY_CODE}${international.slice(1)}` : international;
    return /^\+[1-9]\d{7,14}$/.test(e164) ? e164 : null;
  },
  refusal: (value) => `Invalid number ${value}`,
};

export const CHANNELS = [
  ['phone', 'Phone'],
  ['chat', 'Live Chat'],
  ['email', 'Email'],
  ['facebook', 'Facebook'],
  ['zalo', 'Zalo'],
  ['app', 'Mobile App'],
  ['store', 'In Store'],
] as const;

/** The helpdesk teams the retailer set up, one per way customers reach it (helpdesk.team). */
export const TEAMS = [
  { id: 1, name: 'Tổng đài', sequence: 10 },
  { id: 2, name: 'Mạng xã hội', sequence: 20 },
  { id: 3, name: 'Cửa hàng', sequence: 30 },
  { id: 4, name: 'Sau bán hàng', sequence: 40 },
] as const;

const id: ScalarField = { name: 'id', string: 'ID', type: 'integer', readonly: true };
const createDate: ScalarField = { name: 'create_date', string: 'Created on', type: 'datetime', readonly: true };
const writeDate: ScalarField = { name: 'write_date', string: 'Last Updated on', type: 'datetime', readonly: true };

function byName(fields: Field[]): Record<string, Field> {
  return Object.fromEntries(fields.map((field) => [field.name, field]));
}

const active: ScalarField = { name: 'active', string: 'Active', type: 'boolean' };

const MODEL_LIST: Model[] = [
  {
    name: 'res.partner',
    description: 'Contact',
    table: 'res_partner',
    order: 'name, id desc',
    displayName: "COALESCE(name, '')",
    recName: 'name',
    rights: { create: true, write: true },
    managers: 'Extra Rights/Contact Creation',
    defaults: () => ({ active: true }),
    tracked: ['email', 'phone', 'mobile'],
    fields: byName([
      id,
      { name: 'name', string: 'Name', type: 'char', required: true, requiredMessage: 'Contacts require a name' },
      { name: 'email', string: 'Email', type: 'char', nocaseColumn: 'email_nocase' },
      { name: 'phone', string: 'Phone', type: 'char' },
      { name: 'mobile', string: 'Mobile', type: 'char' },
      { name: 'street', string: 'Street', type: 'char' },
      { name: 'city', string: 'City', type: 'char' },
      { name: 'ref', string: 'Reference', type: 'char' },
      // Studio custom fields (x_ prefix): opt-outs of the channels Odoo has no blacklist for.
      { name: 'x_zalo_opt_out', string: 'Zalo Opt-Out', type: 'boolean' },
      { name: 'x_push_opt_out', string: 'Push Opt-Out', type: 'boolean' },
      { name: 'x_phone_opt_out', string: 'Call Opt-Out', type: 'boolean' },
      // Studio fields the retailer added so Zalo and Facebook conversations find the customer.
      { name: 'x_zalo_user_id', string: 'Zalo User ID', type: 'char' },
      { name: 'x_facebook_psid', string: 'Facebook PSID', type: 'char' },
      active,
      createDate,
      writeDate,
      { name: 'loyalty_card_ids', string: 'Loyalty Cards', type: 'one2many', comodel: 'loyalty.card', inverse: 'partner_id' },
    ]),
  },
  {
    name: 'loyalty.card',
    description: 'Loyalty Coupon',
    table: 'loyalty_card',
    order: 'id',
    displayName: 'code',
    recName: 'code',
    rights: { create: false, write: false },
    managers: 'Sales/Administrator',
    fields: byName([
      id,
      { name: 'partner_id', string: 'Partner', type: 'many2one', comodel: 'res.partner' },
      { name: 'code', string: 'Code', type: 'char', required: true },
      { name: 'points', string: 'Balance', type: 'float' },
      createDate,
      writeDate,
      { name: 'history_ids', string: 'History', type: 'one2many', comodel: 'loyalty.history', inverse: 'card_id' },
    ]),
  },
  {
    name: 'loyalty.history',
    description: 'History for Loyalty cards and Ewallets',
    table: 'loyalty_history',
    order: 'id desc',
    displayName: "COALESCE(description, '')",
    recName: 'description',
    rights: { create: true, write: false },
    managers: 'Sales/Administrator',
    defaults: () => ({ issued: 0, used: 0 }),
    fields: byName([
      id,
      { name: 'card_id', string: 'Card', type: 'many2one', comodel: 'loyalty.card', required: true },
      { name: 'description', string: 'Description', type: 'text' },
      { name: 'issued', string: 'Issued', type: 'float' },
      { name: 'used', string: 'Used', type: 'float' },
      { name: 'order_ref', string: 'Order Reference', type: 'char' },
      createDate,
    ]),
  },
  {
    name: 'helpdesk.stage',
    description: 'Helpdesk Stage',
    table: 'helpdesk_stage',
    order: 'sequence, id',
    displayName: 'name',
    recName: 'name',
    rights: { create: false, write: false },
    managers: 'Helpdesk/Administrator',
    fields: byName([
      id,
      { name: 'name', string: 'Stage Name', type: 'char', required: true },
      { name: 'sequence', string: 'Sequence', type: 'integer' },
    ]),
  },
  {
    // Users sign in; their name is their partner's. Only the staff the helpdesk assigns tickets to.
    name: 'res.users',
    description: 'User',
    table: 'res_users',
    order: 'login',
    displayName: "(SELECT COALESCE(name, '') FROM res_partner WHERE res_partner.id = res_users.partner_id)",
    recName: 'login',
    rights: { create: false, write: false },
    managers: 'Administration/Access Rights',
    fields: byName([
      id,
      { name: 'login', string: 'Login', type: 'char', required: true },
      { name: 'partner_id', string: 'Related Partner', type: 'many2one', comodel: 'res.partner', required: true },
      active,
    ]),
  },
  {
    name: 'helpdesk.team',
    description: 'Helpdesk Team',
    table: 'helpdesk_team',
    order: 'sequence, id',
    displayName: 'name',
    recName: 'name',
    rights: { create: false, write: false },
    managers: 'Helpdesk/Administrator',
    fields: byName([
      id,
      { name: 'name', string: 'Helpdesk Team', type: 'char', required: true },
      { name: 'sequence', string: 'Sequence', type: 'integer' },
    ]),
  },
  {
    name: 'helpdesk.ticket',
    description: 'Helpdesk Ticket',
    table: 'helpdesk_ticket',
    order: 'id desc',
    displayName: "name || ' (#' || id || ')'",
    recName: 'name',
    rights: { create: true, write: true },
    managers: 'Helpdesk/Administrator',
    defaults: () => ({ stage_id: STAGES[0].id }),
    fields: byName([
      id,
      { name: 'name', string: 'Subject', type: 'char', required: true },
      { name: 'partner_id', string: 'Customer', type: 'many2one', comodel: 'res.partner' },
      { name: 'stage_id', string: 'Stage', type: 'many2one', comodel: 'helpdesk.stage', required: true },
      { name: 'team_id', string: 'Helpdesk Team', type: 'many2one', comodel: 'helpdesk.team' },
      { name: 'user_id', string: 'Assigned to', type: 'many2one', comodel: 'res.users' },
      // Studio field: the reference of the request that opened the ticket from another system.
      { name: 'x_external_ref', string: 'External Reference', type: 'char' },
      { name: 'description', string: 'Description', type: 'html' },
      createDate,
      writeDate,
      { name: 'message_ids', string: 'Messages', type: 'one2many', comodel: 'mail.message', inverse: 'res_id', byModelName: true },
    ]),
  },
  {
    name: 'mail.message',
    description: 'Message',
    table: 'mail_message',
    order: 'id desc',
    displayName: "COALESCE(model || ',' || res_id, '')",
    recName: 'body',
    rights: { create: true, write: false },
    managers: 'Administration/Settings',
    defaults: (now) => ({ message_type: 'comment', author_id: API_USER_PARTNER_ID, date: now }),
    fields: byName([
      id,
      { name: 'model', string: 'Related Document Model', type: 'char' },
      { name: 'res_id', string: 'Related Document ID', type: 'integer' },
      { name: 'body', string: 'Contents', type: 'html' },
      { name: 'author_id', string: 'Author', type: 'many2one', comodel: 'res.partner' },
      { name: 'date', string: 'Date', type: 'datetime' },
      {
        name: 'message_type',
        string: 'Type',
        type: 'selection',
        required: true,
        selection: [
          ['email', 'Incoming Email'],
          ['comment', 'Comment'],
          ['notification', 'System notification'],
        ],
      },
      { name: 'x_channel', string: 'Channel', type: 'selection', selection: CHANNELS },
      { name: 'is_internal', string: 'Employee Only', type: 'boolean' },
      { name: 'message_id', string: 'Message-Id', type: 'char' },
    ]),
  },
  {
    // The field registry; here only the tracked fields, which mail.tracking.value points at.
    name: 'ir.model.fields',
    description: 'Fields',
    table: 'ir_model_fields',
    order: 'id',
    displayName: "field_description || ' (' || model || ')'",
    recName: 'field_description',
    rights: { create: false, write: false },
    managers: 'Administration/Settings',
    fields: byName([
      id,
      { name: 'name', string: 'Field Name', type: 'char', required: true },
      { name: 'model', string: 'Model Name', type: 'char', required: true },
      { name: 'field_description', string: 'Field Label', type: 'char' },
      { name: 'ttype', string: 'Field Type', type: 'char' },
    ]),
  },
  {
    // One changed field of a tracked record: written by the ORM alongside its chatter notification, never by hand.
    name: 'mail.tracking.value',
    description: 'Mail Tracking Value',
    table: 'mail_tracking_value',
    order: 'id',
    displayName: "'mail.tracking.value,' || id",
    recName: 'id',
    rights: { create: false, write: false },
    managers: 'Administration/Settings',
    fields: byName([
      id,
      { name: 'field_id', string: 'Changed Field', type: 'many2one', comodel: 'ir.model.fields', required: true },
      { name: 'old_value_char', string: 'Old Value Char', type: 'char' },
      { name: 'new_value_char', string: 'New Value Char', type: 'char' },
      { name: 'mail_message_id', string: 'Message ID', type: 'many2one', comodel: 'mail.message', required: true },
      createDate,
    ]),
  },
  {
    // Marketing opt-outs by email: mass mailings skip an address with an active record here.
    name: 'mail.blacklist',
    description: 'Mail Blacklist',
    table: 'mail_blacklist',
    order: 'id',
    displayName: 'email',
    recName: 'email',
    rights: { create: true, write: true },
    managers: 'Administration/Settings',
    defaults: () => ({ active: true }),
    unique: { field: 'email', message: 'Email address already exists!' },
    fields: byName([
      id,
      { name: 'email', string: 'Email Address', type: 'char', required: true, normalize: EMAIL_NORMALIZER },
      active,
      createDate,
      writeDate,
    ]),
  },
  {
    // SMS opt-outs by number (E.164): SMS marketing skips a number with an active record here.
    name: 'phone.blacklist',
    description: 'Phone Blacklist',
    table: 'phone_blacklist',
    order: 'id',
    displayName: 'number',
    recName: 'number',
    rights: { create: true, write: true },
    managers: 'Administration/Settings',
    defaults: () => ({ active: true }),
    unique: { field: 'number', message: 'Number already exists' },
    fields: byName([
      id,
      { name: 'number', string: 'Phone Number', type: 'char', required: true, normalize: PHONE_NORMALIZER },
      active,
      createDate,
      writeDate,
    ]),
  },
];

export const MODELS: ReadonlyMap<string, Model> = new Map(MODEL_LIST.map((model) => [model.name, model]));

export function modelNamed(name: string): Model {
  const model = MODELS.get(name);
  if (!model) throw new Error(`no model ${name}`);
  return model;
}

export function isStored(field: Field): field is StoredField {
  return field.type !== 'one2many';
}
