/**
 * Odoo search domains and `order` specs compiled to parameterised SQLite. Domains are prefix
 * notation: leaves `[field, operator, value]`, `'&'` (implicit between terms), `'|'` and `'!'`.
 */
import type { Db } from '../kit/db';
import { OdooError, pyRepr, pyTuple, valueError } from './errors';
import { isStored, Many2oneField, Model, modelNamed, One2manyField, StoredField } from './models';

export interface Sql {
  sql: string;
  params: unknown[];
}

const TRUE: Sql = { sql: '1', params: [] };
const FALSE: Sql = { sql: '0', params: [] };

const OPERATORS = new Set(['=', '!=', '<', '>', '<=', '>=', 'like', 'ilike', '=like', '=ilike', 'in', 'not in']);
const NEGATIVE: Record<string, string> = { '!=': '=', 'not in': 'in' };
const ODOO_DATETIME = /^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2})?$/;

type Leaf = [string, string, unknown];

function join(parts: Sql[], connective: 'AND' | 'OR'): Sql {
  if (parts.length === 1) return parts[0];
  return { sql: `(${parts.map((part) => part.sql).join(` ${connective} `)})`, params: parts.flatMap((part) => part.params) };
}

function isFalsy(value: unknown): boolean {
  return value === false || value === null;
}

/**
 * The WHERE clause for a domain. Archived records (active = false) are left out unless the
 * domain has a leaf on `active` itself or the caller's context says `active_test: false`.
 */
export function compileDomain(model: Model, domain: unknown, activeTest = true): Sql {
  if (!Array.isArray(domain)) {
    throw new OdooError('builtins.AssertionError', "Domains to normalize must have a 'domain' form: a list or tuple of domain components");
  }
  // Prefix notation read right to left is a stack machine; what is left on the stack is ANDed.
  const stack: Sql[] = [];
  for (let index = domain.length - 1; index >= 0; index -= 1) {
    const token: unknown = domain[index];
    const arity = token === '!' ? 1 : token === '&' || token === '|' ? 2 : 0;
    if (arity === 0) {
      stack.push(compileLeaf(model, token));
      continue;
    }
    if (stack.length < arity) throw valueError(`Domain ${pyRepr(domain)} is syntactically not correct.`);
    const left = stack.pop() as Sql;
    // Odoo negates leaf by leaf (= becomes !=), so records where the field is not set match '!'.
    if (arity === 1) stack.push({ sql: `NOT COALESCE(${left.sql}, 0)`, params: left.params });
    else stack.push(join([left, stack.pop() as Sql], token === '&' ? 'AND' : 'OR'));
  }
  const terms = stack.reverse();
  const mentionsActive = domain.some((token) => Array.isArray(token) && token[0] === 'active');
  if (activeTest && model.fields.active && !mentionsActive) terms.push({ sql: 'active = 1', params: [] });
  return terms.length === 0 ? TRUE : join(terms, 'AND');
}

function asLeaf(token: unknown): Leaf {
  if (Array.isArray(token) && token.length === 3 && typeof token[0] === 'string' && typeof token[1] === 'string') {
    const operator = token[1].toLowerCase();
    if (OPERATORS.has(operator)) return [token[0], operator, token[2]];
  }
  throw valueError(`Invalid leaf ${pyRepr(token)}`);
}

function compileLeaf(model: Model, token: unknown): Sql {
  // Odoo's constant leaves (1, '=', 1) and (0, '=', 1).
  if (Array.isArray(token) && token.length === 3 && (token[0] === 1 || token[0] === 0) && token[1] === '=' && token[2] === 1) {
    return token[0] === 1 ? TRUE : FALSE;
  }
  const leaf = asLeaf(token);
  const [path, operator, value] = leaf;
  const [head, ...rest] = path.split('.');
  const field = model.fields[head];
  if (!field) throw valueError(`Invalid field ${model.name}.${head} in leaf ${pyTuple(leaf)}`);
  if (rest.length > 0) {
    if (field.type === 'many2one') return throughMany2one(field, compileLeaf(modelNamed(field.comodel), [rest.join('.'), operator, value]));
    if (field.type === 'one2many')
      return throughOne2many(model, field, compileLeaf(modelNamed(field.comodel), [rest.join('.'), operator, value]));
    throw valueError(`Invalid field ${model.name}.${path} in leaf ${pyTuple(leaf)}`);
  }
  if (field.type === 'one2many') return compareOne2many(model, field, operator, value);
  if (field.type === 'many2one' && mentionsText(value)) return compareByName(field, operator, value);
  return compareColumn(field, operator, value);
}

function throughMany2one(field: Many2oneField, inner: Sql): Sql {
  return { sql: `${field.name} IN (SELECT id FROM ${modelNamed(field.comodel).table} WHERE ${inner.sql})`, params: inner.params };
}

/** The parent ids that have at least one child matching `inner`. */
function parentsWith(model: Model, field: One2manyField, inner: Sql): Sql {
  const comodel = modelNamed(field.comodel);
  const byModel = field.byModelName ? { sql: ' AND model = ?', params: [model.name] } : { sql: '', params: [] };
  return {
    sql: `SELECT ${field.inverse} FROM ${comodel.table} WHERE ${field.inverse} IS NOT NULL${byModel.sql} AND ${inner.sql}`,
    params: [...byModel.params, ...inner.params],
  };
}

function throughOne2many(model: Model, field: One2manyField, inner: Sql): Sql {
  const parents = parentsWith(model, field, inner);
  return { sql: `id IN (${parents.sql})`, params: parents.params };
}

/** `[('loyalty_card_ids', '=', False)]` means "has none"; ids compare against the children's ids. */
function compareOne2many(model: Model, field: One2manyField, operator: string, value: unknown): Sql {
  if (isFalsy(value) && (operator === '=' || operator === '!=')) {
    const parents = parentsWith(model, field, TRUE);
    return { sql: `id ${operator === '=' ? 'NOT IN' : 'IN'} (${parents.sql})`, params: parents.params };
  }
  const comodel = modelNamed(field.comodel);
  const positive = NEGATIVE[operator];
  const parents = parentsWith(model, field, compareColumn(comodel.fields.id as StoredField, positive ?? operator, value));
  return { sql: `id ${positive ? 'NOT IN' : 'IN'} (${parents.sql})`, params: parents.params };
}

function mentionsText(value: unknown): boolean {
  return typeof value === 'string' || (Array.isArray(value) && value.some((item) => typeof item === 'string'));
}

/** A many2one compared with text searches the target's name, as Odoo's name_search does. */
function compareByName(field: Many2oneField, operator: string, value: unknown): Sql {
  const comodel = modelNamed(field.comodel);
  const positive = NEGATIVE[operator];
  const named = compareColumn(comodel.fields[comodel.recName] as StoredField, positive ?? operator, value);
  const ids = `SELECT id FROM ${comodel.table} WHERE ${named.sql}`;
  if (!positive) return { sql: `${field.name} IN (${ids})`, params: named.params };
  return { sql: `(${field.name} IS NULL OR ${field.name} NOT IN (${ids}))`, params: named.params };
}

function compareColumn(field: StoredField, operator: string, value: unknown): Sql {
  const column = field.name;
  if (operator === 'in' || operator === 'not in') return compareIn(field, operator, value);
  if (operator.endsWith('like')) return compareLike(field, operator, value);
  // `= False` is Odoo's "not set": NULL in SQL.
  if (isFalsy(value) && field.type !== 'boolean' && (operator === '=' || operator === '!=')) {
    return { sql: `${column} IS ${operator === '=' ? '' : 'NOT '}NULL`, params: [] };
  }
  const param = sqlValue(field, operator, value);
  // Odoo's != keeps the records where the field is not set.
  if (operator === '!=') return { sql: `(${column} != ? OR ${column} IS NULL)`, params: [param] };
  return { sql: `${column} ${operator} ?`, params: [param] };
}

function compareIn(field: StoredField, operator: string, value: unknown): Sql {
  const column = field.name;
  const list: unknown[] = Array.isArray(value) ? value : [value];
  const withNull = field.type !== 'boolean' && list.some(isFalsy);
  const values = list.filter((item) => field.type === 'boolean' || !isFalsy(item)).map((item) => sqlValue(field, '=', item));
  // One JSON parameter however long the list: the graph batches hundreds of ids.
  const member: Sql = { sql: `${column} IN (SELECT value FROM json_each(?))`, params: [JSON.stringify(values)] };
  if (operator === 'in') {
    const parts = [...(values.length > 0 ? [member] : []), ...(withNull ? [{ sql: `${column} IS NULL`, params: [] }] : [])];
    return parts.length === 0 ? FALSE : join(parts, 'OR');
  }
  if (values.length === 0) return withNull ? { sql: `${column} IS NOT NULL`, params: [] } : TRUE;
  const notMember = { sql: `${column} NOT IN (SELECT value FROM json_each(?))`, params: member.params };
  return withNull
    ? join([notMember, { sql: `${column} IS NOT NULL`, params: [] }], 'AND')
    : join([notMember, { sql: `${column} IS NULL`, params: [] }], 'OR');
}

function isAscii(text: string): boolean {
  return /^[\x20-\x7e]*$/.test(text);
}

/**
 * `like`/`ilike` wrap the value in `%`; `=like`/`=ilike` take it as the whole pattern. SQLite's own
 * LIKE folds only ASCII case, so it serves ASCII patterns (emails, phones) and odoo_like the rest.
 */
function compareLike(field: StoredField, operator: string, value: unknown): Sql {
  if (typeof value !== 'string' && typeof value !== 'number') throw valueError(`Invalid leaf ${pyTuple([field.name, operator, value])}`);
  const text = String(value);
  const insensitive = operator.endsWith('ilike');
  const pattern = operator.startsWith('=') ? text : `%${text}%`;
  if (insensitive && isAscii(pattern)) {
    const nocase = 'nocaseColumn' in field ? field.nocaseColumn : undefined;
    // An exact =ilike is an equality the NOCASE index answers.
    if (operator === '=ilike' && !/[%_\\]/.test(text)) {
      return { sql: nocase ? `${nocase} = ?` : `${field.name} = ? COLLATE NOCASE`, params: [text] };
    }
    return { sql: `${nocase ?? field.name} LIKE ? ESCAPE '\\'`, params: [pattern] };
  }
  return { sql: `odoo_like(${field.name}, ?, ${insensitive ? 1 : 0})`, params: [pattern] };
}

/** A domain value as SQLite compares it: booleans as 0/1, date-only datetimes widened as Odoo does. */
function sqlValue(field: StoredField, operator: string, value: unknown): unknown {
  if (field.type === 'boolean') return value ? 1 : 0;
  if (isFalsy(value)) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value !== 'string' && typeof value !== 'number') throw valueError(`Invalid leaf ${pyTuple([field.name, operator, value])}`);
  if (field.type !== 'datetime') return value;
  if (typeof value !== 'string' || !ODOO_DATETIME.test(value)) {
    throw valueError(`time data ${pyRepr(value)} does not match format '%Y-%m-%d %H:%M:%S'`);
  }
  if (value.length > 10) return value;
  return `${value} ${operator === '>' || operator === '<=' ? '23:59:59' : '00:00:00'}`;
}

const ORDER_TERM = /^\s*"?([a-z0-9_]+)"?(?:\s+(asc|desc))?(?:\s+nulls\s+(first|last))?\s*$/i;

/**
 * An Odoo `order` spec as ORDER BY, with PostgreSQL's NULL placement (last ascending, first
 * descending) and `id` as the final tie-breaker so offset paging is stable.
 */
export function compileOrder(model: Model, order: string): string {
  const terms = order.split(',').map((term) => {
    const match = ORDER_TERM.exec(term);
    if (!match) {
      throw valueError(
        `Invalid "order" specified (${order}). A valid "order" specification is a comma-separated list of valid field names ` +
          '(optionally followed by asc/desc for the direction)',
      );
    }
    const [, name, direction = 'asc', nulls] = match;
    const field = model.fields[name];
    if (!field || !isStored(field)) throw valueError(`Invalid field ${pyRepr(name)} on model ${pyRepr(model.name)}`);
    const descending = direction.toLowerCase() === 'desc';
    const nullsFirst = nulls ? nulls.toLowerCase() === 'first' : descending;
    return { name, sql: `${name} ${descending ? 'DESC' : 'ASC'} NULLS ${nullsFirst ? 'FIRST' : 'LAST'}` };
  });
  const tieBreak = terms.some((term) => term.name === 'id') ? [] : ['id ASC'];
  return [...terms.map((term) => term.sql), ...tieBreak].join(', ');
}

const MAX_CACHED_PATTERNS = 500;

function likePattern(pattern: string, insensitive: boolean): RegExp {
  let source = '';
  for (let index = 0; index < pattern.length; index += 1) {
    const char = pattern[index];
    if (char === '\\' && index + 1 < pattern.length) source += escapeRegExp(pattern[(index += 1)]);
    else if (char === '%') source += '[\\s\\S]*';
    else if (char === '_') source += '[\\s\\S]';
    else source += escapeRegExp(char);
  }
  return new RegExp(`^${source}$`, insensitive ? 'iu' : 'u');
}

function escapeRegExp(char: string): string {
  return char.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** PostgreSQL's LIKE/ILIKE with full Unicode case folding, for what SQLite's LIKE cannot do. */
export function registerSqlFunctions(db: Db): void {
  const cache = new Map<string, RegExp>();
  db.function('odoo_like', { deterministic: true }, (value: unknown, pattern: unknown, insensitive: unknown) => {
    if (typeof value !== 'string' || typeof pattern !== 'string') return 0;
    const key = `${insensitive}${pattern}`;
    let regexp = cache.get(key);
    if (!regexp) {
      if (cache.size >= MAX_CACHED_PATTERNS) cache.clear();
      regexp = likePattern(pattern, insensitive === 1);
      cache.set(key, regexp);
    }
    return regexp.test(value) ? 1 : 0;
  });
}
