/**
 * The part of Odoo's ORM the external API reaches: search, read, create and write over the
 * models in models.ts, with Odoo's read conventions (false for empty, [id, name] for many2one).
 */
import type { Statement } from 'better-sqlite3';
import type { Db } from '../kit/db';
import { compileDomain, compileOrder, Sql } from './domain';
import { accessError, missingError, pyRepr, userError, validationError, valueError } from './errors';
import { Field, isStored, Many2oneField, Model, modelNamed, MODELS, One2manyField, StoredField } from './models';

type Row = Record<string, unknown>;
export type OdooRecord = Record<string, unknown>;

export interface SearchOptions {
  domain: unknown;
  offset?: unknown;
  limit?: unknown;
  order?: unknown;
  /** False when the call's context says `active_test: false`. */
  activeTest: boolean;
}

/** How many2one fields read back: `[id, "name"]` by default, the bare id when `load` is falsy. */
export type Load = 'names' | 'ids';

/** Odoo's datetime text: UTC, no zone, no fraction. */
export function odooDatetime(instant: Date): string {
  return instant.toISOString().slice(0, 19).replace('T', ' ');
}

const MAX_CACHED_STATEMENTS = 500;
const ODOO_DATE_OR_DATETIME = /^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2})?$/;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isFalsy(value: unknown): boolean {
  return value === false || value === null || value === undefined;
}

function inList(column: string, ids: readonly unknown[]): Sql {
  return { sql: `${column} IN (SELECT value FROM json_each(?))`, params: [JSON.stringify(ids)] };
}

export class Orm {
  private readonly statements = new Map<string, Statement>();

  constructor(
    private readonly db: Db,
    /** The Odoo datetime text new and changed records are stamped with. */
    private readonly now: () => string,
    private readonly uid: number,
  ) {}

  search(model: Model, options: SearchOptions): number[] {
    return this.select(model, options, 'id').map((row) => row.id as number);
  }

  searchCount(model: Model, domain: unknown, limit: unknown, activeTest: boolean): number {
    const where = compileDomain(model, domain, activeTest);
    const sql = `SELECT COUNT(*) AS count FROM (SELECT 1 FROM ${model.table} WHERE ${where.sql} LIMIT ?)`;
    return (this.statement(sql).get(...where.params, this.limitOf(limit)) as { count: number }).count;
  }

  searchRead(model: Model, options: SearchOptions, fields: unknown, load: Load): OdooRecord[] {
    const wanted = this.fieldsToRead(model, fields);
    return this.format(model, this.select(model, options, this.columns(wanted)), wanted, load);
  }

  /** Records in the order of the ids given; any unknown id is a MissingError. */
  read(model: Model, ids: unknown, fields: unknown, load: Load): OdooRecord[] {
    const wanted = this.fieldsToRead(model, fields);
    const idList = this.recordIds(ids);
    const rows = this.rowsById(model, idList, this.columns(wanted));
    return this.format(
      model,
      idList.map((id) => rows.get(id) as Row),
      wanted,
      load,
    );
  }

  create(model: Model, valsList: unknown): number | number[] {
    if (!model.rights.create) throw accessError('create', model);
    const list = Array.isArray(valsList) ? valsList : [valsList];
    if (!list.every(isPlainObject)) throw valueError('create() takes a dictionary of field values or a list of them');
    const ids = this.db.transaction(() => list.map((vals) => this.createOne(model, vals)))();
    return Array.isArray(valsList) ? ids : ids[0];
  }

  write(model: Model, ids: unknown, vals: unknown): true {
    if (!model.rights.write) throw accessError('write', model);
    const idList = this.recordIds(ids);
    if (!isPlainObject(vals)) throw valueError('write() takes a dictionary of field values');
    const values = this.columnValues(model, vals);
    this.checkRequired(model, values, Object.keys(values));
    this.checkReferences(model, values);
    this.checkUniqueWrite(model, idList, values);
    this.db.transaction(() => {
      const tracked = (model.tracked ?? []).filter((name) => name in values);
      const before = this.rowsById(model, idList, ['id', ...tracked].join(', '));
      if (model.fields.write_date) values.write_date = this.now();
      const names = Object.keys(values);
      if (names.length === 0) return;
      const where = inList('id', idList);
      const sql = `UPDATE ${model.table} SET ${names.map((name) => `${name} = ?`).join(', ')} WHERE ${where.sql}`;
      this.statement(sql).run(...Object.values(values), ...where.params);
      this.track(model, before, tracked, values);
    })();
    return true;
  }

  /**
   * mail.thread's tracking: for each record a write changed a tracked field of, a notification on
   * its chatter, authored by the caller's partner, with the old and new value of each such field.
   */
  private track(model: Model, before: Map<number, Row>, tracked: string[], values: Row): void {
    if (tracked.length === 0) return;
    const now = this.now();
    const author = this.statement('SELECT partner_id FROM res_users WHERE id = ?').get(this.uid) as { partner_id: number } | undefined;
    for (const [id, row] of before) {
      const changed = tracked.filter((name) => (row[name] ?? null) !== (values[name] ?? null));
      if (changed.length === 0) continue;
      const message = this.statement(
        `INSERT INTO mail_message (model, res_id, body, author_id, date, message_type, is_internal) VALUES (?, ?, '', ?, ?, 'notification', 1)`,
      ).run(model.name, id, author?.partner_id ?? null, now);
      for (const name of changed) {
        const field = this.statement('SELECT id FROM ir_model_fields WHERE model = ? AND name = ?').get(model.name, name) as
          { id: number } | undefined;
        if (!field) continue;
        this.statement(
          'INSERT INTO mail_tracking_value (field_id, old_value_char, new_value_char, mail_message_id, create_date) VALUES (?, ?, ?, ?, ?)',
        ).run(field.id, row[name] ?? null, values[name] ?? null, message.lastInsertRowid, now);
      }
    }
  }

  unlink(model: Model): never {
    throw accessError('unlink', model);
  }

  /** Field descriptions as Odoo's fields_get gives them, optionally narrowed. */
  fieldsGet(model: Model, allfields: unknown, attributes: unknown): Record<string, Record<string, unknown>> {
    const names = Array.isArray(allfields) && allfields.length > 0 ? new Set(allfields) : null;
    const keep = Array.isArray(attributes) && attributes.length > 0 ? new Set(attributes) : null;
    const described = Object.values(model.fields)
      .filter((field) => !names || names.has(field.name))
      .map((field) => {
        const all: Record<string, unknown> = {
          type: field.type,
          string: field.string,
          readonly: !!field.readonly,
          required: !!field.required,
        };
        if (field.type === 'many2one' || field.type === 'one2many') all.relation = field.comodel;
        if (field.type === 'one2many') all.relation_field = field.inverse;
        if (field.type === 'selection') all.selection = field.selection;
        return [field.name, keep ? Object.fromEntries(Object.entries(all).filter(([key]) => keep.has(key))) : all];
      });
    return Object.fromEntries(described);
  }

  private statement(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      // Domains of every shape make SQL of every shape: keep the cache from growing without end.
      if (this.statements.size >= MAX_CACHED_STATEMENTS) this.statements.clear();
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  private select(model: Model, options: SearchOptions, columns: string): Row[] {
    const where = compileDomain(model, options.domain ?? [], options.activeTest);
    const order = compileOrder(model, this.orderOf(model, options.order));
    const sql = `SELECT ${columns} FROM ${model.table} WHERE ${where.sql} ORDER BY ${order} LIMIT ? OFFSET ?`;
    return this.statement(sql).all(...where.params, this.limitOf(options.limit), this.offsetOf(options.offset)) as Row[];
  }

  private orderOf(model: Model, order: unknown): string {
    if (isFalsy(order)) return model.order;
    if (typeof order !== 'string') throw valueError(`Invalid "order" specified (${pyRepr(order)}).`);
    return order;
  }

  /** Odoo treats limit 0 like no limit at all. */
  private limitOf(limit: unknown): number {
    if (isFalsy(limit) || limit === 0) return -1;
    if (!Number.isInteger(limit) || (limit as number) < 0) throw valueError(`LIMIT must be a non-negative integer, not ${pyRepr(limit)}`);
    return limit as number;
  }

  private offsetOf(offset: unknown): number {
    if (isFalsy(offset)) return 0;
    if (!Number.isInteger(offset) || (offset as number) < 0)
      throw valueError(`OFFSET must be a non-negative integer, not ${pyRepr(offset)}`);
    return offset as number;
  }

  private recordIds(ids: unknown): number[] {
    const list = Array.isArray(ids) ? ids : [ids];
    if (!list.every((id) => Number.isInteger(id))) throw valueError(`Invalid record ids ${pyRepr(ids)}`);
    return list as number[];
  }

  /** The rows of these ids, keyed by id, or MissingError naming the ids that are not there. */
  private rowsById(model: Model, ids: number[], columns: string): Map<number, Row> {
    const where = inList('id', ids);
    const rows = this.statement(`SELECT ${columns} FROM ${model.table} WHERE ${where.sql}`).all(...where.params) as Row[];
    const byId = new Map(rows.map((row) => [row.id as number, row]));
    const missing = [...new Set(ids.filter((id) => !byId.has(id)))];
    if (missing.length > 0) throw missingError(model.name, missing, this.uid);
    return byId;
  }

  /** No fields, or an empty list, means every field. */
  private fieldsToRead(model: Model, fields: unknown): Field[] {
    if (isFalsy(fields) || (Array.isArray(fields) && fields.length === 0)) return Object.values(model.fields);
    const names: unknown[] = Array.isArray(fields) ? fields : [fields];
    return names.map((name) => {
      const field = typeof name === 'string' ? model.fields[name] : undefined;
      if (!field) throw valueError(`Invalid field ${pyRepr(name)} on model ${pyRepr(model.name)}`);
      return field;
    });
  }

  private columns(fields: Field[]): string {
    return ['id', ...fields.filter((field) => isStored(field) && field.name !== 'id').map((field) => field.name)].join(', ');
  }

  /** Rows to Odoo records; relations are fetched in one query per field, never per record. */
  private format(model: Model, rows: Row[], fields: Field[], load: Load): OdooRecord[] {
    const records: OdooRecord[] = rows.map((row) => ({ id: row.id }));
    for (const field of fields) {
      if (field.name === 'id') continue;
      if (field.type === 'many2one') {
        const names = load === 'names' ? this.displayNames(field, rows) : new Map<number, string>();
        rows.forEach((row, index) => {
          const target = row[field.name] as number | null;
          records[index][field.name] = target === null ? false : load === 'names' ? [target, names.get(target) ?? ''] : target;
        });
      } else if (field.type === 'one2many') {
        const children = this.childIds(
          model,
          field,
          rows.map((row) => row.id as number),
        );
        rows.forEach((row, index) => (records[index][field.name] = children.get(row.id as number) ?? []));
      } else {
        rows.forEach((row, index) => (records[index][field.name] = readValue(field, row[field.name])));
      }
    }
    return records;
  }

  private displayNames(field: Many2oneField, rows: Row[]): Map<number, string> {
    const comodel = modelNamed(field.comodel);
    const ids = [...new Set(rows.map((row) => row[field.name]).filter((id) => id !== null))];
    if (ids.length === 0) return new Map();
    const where = inList('id', ids);
    const sql = `SELECT id, ${comodel.displayName} AS display_name FROM ${comodel.table} WHERE ${where.sql}`;
    const named = this.statement(sql).all(...where.params) as { id: number; display_name: string }[];
    return new Map(named.map((row) => [row.id, row.display_name]));
  }

  /** Child ids per parent, in the child model's own order. */
  private childIds(model: Model, field: One2manyField, parentIds: number[]): Map<number, number[]> {
    const children = new Map<number, number[]>();
    if (parentIds.length === 0) return children;
    const comodel = modelNamed(field.comodel);
    const where = inList(field.inverse, parentIds);
    const byModel = field.byModelName ? ' AND model = ?' : '';
    const sql = `SELECT ${field.inverse} AS parent, id FROM ${comodel.table} WHERE ${where.sql}${byModel} ORDER BY ${compileOrder(comodel, comodel.order)}`;
    const params = field.byModelName ? [...where.params, model.name] : where.params;
    for (const row of this.statement(sql).all(...params) as { parent: number; id: number }[]) {
      const list = children.get(row.parent) ?? [];
      list.push(row.id);
      children.set(row.parent, list);
    }
    return children;
  }

  private createOne(model: Model, vals: Record<string, unknown>): number {
    const now = this.now();
    const values = this.columnValues(model, { ...model.defaults?.(now), ...vals });
    if (model.fields.create_date) values.create_date = now;
    if (model.fields.write_date) values.write_date = now;
    this.checkRequired(
      model,
      values,
      Object.values(model.fields)
        .filter((field) => field.required)
        .map((field) => field.name),
    );
    this.checkReferences(model, values);
    this.checkDocument(model, values);
    const holder = this.holderOfUnique(model, values);
    if (holder !== null) return holder;
    const names = Object.keys(values);
    const sql = `INSERT INTO ${model.table} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`;
    const id = Number(this.statement(sql).run(...Object.values(values)).lastInsertRowid);
    this.applyEffects(model, values, now);
    return id;
  }

  /** Create/write values as columns; Odoo ignores ids and log columns and refuses unknown fields. */
  private columnValues(model: Model, vals: Record<string, unknown>): Row {
    const values: Row = {};
    for (const [name, value] of Object.entries(vals)) {
      const field = model.fields[name];
      if (!field) throw valueError(`Invalid field ${pyRepr(name)} on model ${pyRepr(model.name)}`);
      if (field.readonly) continue;
      if (field.type === 'one2many') {
        throw valueError(`${model.name}.${name} cannot be written through the parent here: create the ${field.comodel} records instead`);
      }
      values[name] = normalized(field, columnValue(model, field, value));
    }
    return values;
  }

  /** The record that already holds this value of the model's unique field, if any. */
  private holderOfUnique(model: Model, values: Row): number | null {
    const value = model.unique ? values[model.unique.field] : undefined;
    if (!model.unique || value === null || value === undefined) return null;
    const row = this.statement(`SELECT id FROM ${model.table} WHERE ${model.unique.field} = ?`).get(value) as { id: number } | undefined;
    return row?.id ?? null;
  }

  /** Writing a unique value onto several records, or onto one when another holds it, breaks the constraint. */
  private checkUniqueWrite(model: Model, ids: number[], values: Row): void {
    if (!model.unique || !(model.unique.field in values)) return;
    const holder = this.holderOfUnique(model, values);
    const taken = holder !== null && !ids.includes(holder);
    if (taken || new Set(ids).size > 1) throw validationError(`The operation cannot be completed: ${model.unique.message}`);
  }

  /** A NULL in a required column is a NOT NULL (or CHECK) violation, which Odoo reports as a ValidationError. */
  private checkRequired(model: Model, values: Row, names: string[]): void {
    for (const name of names) {
      const field = model.fields[name];
      if (!field.required || (values[name] !== null && values[name] !== undefined)) continue;
      if (field.requiredMessage) throw validationError(`The operation cannot be completed: ${field.requiredMessage}`);
      throw validationError(
        'The operation cannot be completed:\n- Create/update: a mandatory field is not set.\n' +
          '- Delete: another model requires the record being deleted. If possible, archive it instead.\n\n' +
          `Model: ${model.description} (${model.name})\nField: ${field.string} (${field.name})`,
      );
    }
  }

  /**
   * A many2one to a record that does not exist breaks a foreign key; Odoo reports every
   * foreign-key violation with its "record being deleted" wording, even on create.
   */
  private checkReferences(model: Model, values: Row): void {
    for (const field of Object.values(model.fields)) {
      if (field.type !== 'many2one' || values[field.name] === null || values[field.name] === undefined) continue;
      const sql = `SELECT 1 FROM ${modelNamed(field.comodel).table} WHERE id = ?`;
      if (this.statement(sql).get(values[field.name])) continue;
      throw validationError(
        'The operation cannot be completed: another model requires the record being deleted. If possible, archive it instead.\n\n' +
          `Model: ${model.description} (${model.name})\nConstraint: ${model.table}_${field.name}_fkey`,
      );
    }
  }

  /** A message on a document of a model this CRM has must point at a record that exists. */
  private checkDocument(model: Model, values: Row): void {
    const document = model.name === 'mail.message' && typeof values.model === 'string' ? MODELS.get(values.model) : undefined;
    if (!document) return;
    const resId = Number(values.res_id ?? 0);
    if (!this.statement(`SELECT 1 FROM ${document.table} WHERE id = ?`).get(resId)) throw missingError(document.name, [resId], this.uid);
  }

  /** A loyalty.history line is how points move: it changes its card's balance. */
  private applyEffects(model: Model, values: Row, now: string): void {
    if (model.name !== 'loyalty.history') return;
    this.statement('UPDATE loyalty_card SET points = points + ? - ?, write_date = ? WHERE id = ?').run(
      values.issued,
      values.used,
      now,
      values.card_id,
    );
  }
}

function readValue(field: StoredField, value: unknown): unknown {
  switch (field.type) {
    case 'integer':
    case 'float':
      return value ?? 0;
    case 'boolean':
      return value === 1;
    default:
      return value ?? false;
  }
}

/** A model's create/write override may rewrite a value (normalise an email), or refuse it with a UserError. */
function normalized(field: StoredField, value: unknown): unknown {
  if (!('normalize' in field) || !field.normalize || typeof value !== 'string') return value;
  const stored = field.normalize.apply(value);
  if (stored === null) throw userError(field.normalize.refusal(value));
  return stored;
}

/** One create/write value as its SQLite column value, converted the way Odoo's fields convert it. */
function columnValue(model: Model, field: StoredField, value: unknown): unknown {
  const wrong = () => valueError(`Wrong value for ${model.name}.${field.name}: ${pyRepr(value)}`);
  switch (field.type) {
    case 'boolean':
      return value ? 1 : 0;
    case 'integer':
    case 'float':
    case 'many2one': {
      if (isFalsy(value)) return field.type === 'many2one' ? null : 0;
      const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof number !== 'number' || !Number.isFinite(number)) throw wrong();
      return field.type === 'float' ? number : Math.trunc(number);
    }
    case 'datetime':
      if (isFalsy(value)) return null;
      if (typeof value !== 'string' || !ODOO_DATE_OR_DATETIME.test(value)) {
        throw valueError(`time data ${pyRepr(value)} does not match format '%Y-%m-%d %H:%M:%S'`);
      }
      return value.length === 10 ? `${value} 00:00:00` : value;
    case 'selection':
      if (isFalsy(value)) return null;
      if (!field.selection.some(([key]) => key === value)) throw wrong();
      return value;
    default:
      if (isFalsy(value)) return null;
      if (typeof value === 'number') return String(value);
      if (typeof value !== 'string') throw wrong();
      return value;
  }
}
