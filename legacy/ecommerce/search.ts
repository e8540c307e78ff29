import type { Db } from '../kit/db';
import { registerGeneralCiLike } from './collation';
import { invalidAttributeName, invalidFieldValue, invalidType, MagentoError, requiredField } from './errors';
import { sql } from './statements';

/**
 * Magento's searchCriteria: filters in a group are ORed, groups are ANDed, then sort orders and
 * page number paging. Fields are whitelisted per entity and mapped to columns; values are bound.
 */

export type FieldType = 'int' | 'number' | 'text' | 'bool';

export interface SearchField {
  column: string;
  type: FieldType;
}

export interface SearchSpec {
  /** FROM clause with any joins. */
  from: string;
  select: string;
  /** Unique column: the default order and the tiebreaker that keeps pages stable. */
  key: string;
  fields: Record<string, SearchField>;
}

export interface Filter {
  field: string;
  value: string;
  condition_type: string;
}

export interface SortOrder {
  field: string;
  direction: 'ASC' | 'DESC';
}

/** Echoed back as `search_criteria`, as the client sent it (including a current_page past the end). */
export interface SearchCriteria {
  filter_groups: { filters: Filter[] }[];
  sort_orders?: SortOrder[];
  page_size?: number;
  current_page?: number;
}

export interface SearchResults<T> {
  items: T[];
  search_criteria: SearchCriteria;
  total_count: number;
}

/** webapi/validation/maximum_page_size, Adobe Commerce 2.4.7 default. */
const MAXIMUM_PAGE_SIZE = 300;

type QueryTree = { [key: string]: QueryTree | string };
type QueryString = Record<string, string | string[] | undefined>;

function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

function assign(tree: QueryTree, path: string[], value: string): void {
  let node = tree;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    node = typeof next === 'object' ? next : (node[key] = {});
  }
  node[path[path.length - 1]] = value;
}

/** Nested children in index order (integer-like keys iterate in ascending order). */
function children(node: QueryTree | string | undefined): QueryTree[] {
  if (typeof node !== 'object') return [];
  return Object.values(node).filter((child): child is QueryTree => typeof child === 'object');
}

function text(node: QueryTree | string | undefined): string | undefined {
  return typeof node === 'string' ? node : undefined;
}

function integer(parameter: string, node: QueryTree | string | undefined): number | undefined {
  const value = text(node);
  if (value === undefined || value === '') return undefined;
  if (!/^\d+$/.test(value)) throw invalidType(parameter, value, 'int');
  return Number(value);
}

function readFilter(node: QueryTree): Filter {
  const field = text(node.field);
  if (!field) throw requiredField('field');
  return { field, value: text(node.value) ?? '', condition_type: text(node.condition_type) ?? 'eq' };
}

function readSortOrder(node: QueryTree): SortOrder {
  const field = text(node.field);
  if (!field) throw requiredField('field');
  return { field, direction: text(node.direction)?.toUpperCase() === 'DESC' ? 'DESC' : 'ASC' };
}

/**
 * Reads `searchCriteria[filter_groups][0][filters][0][field]=...` style keys (camelCase accepted too).
 * Repository getList methods declare the parameter mandatory: leaving it out is a 400.
 */
function parseSearchCriteria(query: unknown, mandatory: boolean): SearchCriteria {
  const tree: QueryTree = {};
  let present = false;
  for (const [key, raw] of Object.entries((query ?? {}) as QueryString)) {
    if (key !== 'searchCriteria' && !key.startsWith('searchCriteria[')) continue;
    present = true;
    const path = [...key.slice('searchCriteria'.length).matchAll(/\[([^\]]*)\]/g)].map((match) => snakeCase(match[1]));
    const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
    if (path.length > 0 && value !== undefined) assign(tree, path, value);
  }
  if (!present && mandatory) throw requiredField('searchCriteria');
  const criteria: SearchCriteria = {
    filter_groups: children(tree.filter_groups).map((group) => ({ filters: children(group.filters).map(readFilter) })),
  };
  const sortOrders = children(tree.sort_orders).map(readSortOrder);
  if (sortOrders.length > 0) criteria.sort_orders = sortOrders;
  const pageSize = integer('pageSize', tree.page_size);
  if (pageSize !== undefined) {
    if (pageSize > MAXIMUM_PAGE_SIZE) throw new MagentoError(400, 'Maximum SearchCriteria pageSize is %max', { max: MAXIMUM_PAGE_SIZE });
    criteria.page_size = pageSize;
  }
  const currentPage = integer('currentPage', tree.current_page);
  if (currentPage !== undefined) criteria.current_page = currentPage;
  return criteria;
}

function fieldOf(spec: SearchSpec, name: string): SearchField {
  const field = Object.prototype.hasOwnProperty.call(spec.fields, name) ? spec.fields[name] : undefined;
  if (!field) throw invalidAttributeName(name);
  return field;
}

function typedValue(field: SearchField, value: string): string | number {
  if (field.type === 'bool') return value === 'true' || value === '1' ? 1 : 0;
  if (field.type !== 'text' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return value;
}

const COMPARISONS: Record<string, string> = {
  eq: '=',
  neq: '!=',
  gt: '>',
  gteq: '>=',
  moreq: '>=',
  lt: '<',
  lteq: '<=',
  from: '>=',
  to: '<=',
};

/**
 * One filter as SQL. Magento hands the value to MySQL as it came. Text compares case-insensitively,
 * as MySQL's *_ci collations do: `=`, `in` and ranges through the columns' NOCASE declarations (so
 * the indexes stay usable; NOCASE folds ASCII letters only); `like` through MySQL's own LIKE under
 * utf8_general_ci (collation.ts), which also ignores accents and takes `\` as its escape character.
 */
function condition(spec: SearchSpec, filter: Filter, params: unknown[]): string {
  const field = fieldOf(spec, filter.field);
  const type = filter.condition_type.toLowerCase();
  switch (type) {
    case 'null':
      return `${field.column} IS NULL`;
    case 'notnull':
      return `${field.column} IS NOT NULL`;
    case 'like':
    case 'nlike':
      params.push(filter.value);
      return `${type === 'like' ? '' : 'NOT '}general_ci_like(${field.column}, ?)`;
    case 'in':
    case 'nin':
      params.push(JSON.stringify(filter.value.split(',').map((part) => typedValue(field, part.trim()))));
      return `${field.column} ${type === 'in' ? 'IN' : 'NOT IN'} (SELECT value FROM json_each(?))`;
    default: {
      const operator = COMPARISONS[type];
      if (!operator) throw invalidFieldValue('condition_type', filter.condition_type);
      params.push(typedValue(field, filter.value));
      return `${field.column} ${operator} ?`;
    }
  }
}

function whereClause(spec: SearchSpec, criteria: SearchCriteria, params: unknown[]): string {
  const groups = criteria.filter_groups
    .filter((group) => group.filters.length > 0)
    .map((group) => `(${group.filters.map((filter) => condition(spec, filter, params)).join(' OR ')})`);
  return groups.length > 0 ? ` WHERE ${groups.join(' AND ')}` : '';
}

/** The key breaks ties in the direction of the last sort order, so an index on the sort field serves the order. */
function orderClause(spec: SearchSpec, criteria: SearchCriteria): string {
  const orders = criteria.sort_orders ?? [];
  const terms = orders.map((order) => `${fieldOf(spec, order.field).column} ${order.direction}`);
  return ` ORDER BY ${[...terms, `${spec.key} ${orders.at(-1)?.direction ?? 'ASC'}`].join(', ')}`;
}

/**
 * Runs the criteria. No pageSize means every row. A currentPage past the end gives the LAST page
 * again rather than an empty one (Magento's collection clamps the page number).
 */
function search<Row>(db: Db, spec: SearchSpec, criteria: SearchCriteria): { rows: Row[]; total: number } {
  registerGeneralCiLike(db);
  const params: unknown[] = [];
  const where = whereClause(spec, criteria, params);
  const order = orderClause(spec, criteria);
  const { total } = sql(db, `SELECT COUNT(*) AS total FROM ${spec.from}${where}`).get(...params) as { total: number };
  const select = `SELECT ${spec.select} FROM ${spec.from}${where}${order}`;
  if (!criteria.page_size) return { rows: sql(db, select).all(...params) as Row[], total };
  const lastPage = Math.max(1, Math.ceil(total / criteria.page_size));
  const page = Math.min(Math.max(1, criteria.current_page ?? 1), lastPage);
  const rows = sql(db, `${select} LIMIT ? OFFSET ?`).all(...params, criteria.page_size, (page - 1) * criteria.page_size) as Row[];
  return { rows, total };
}

/** The whole list answer: rows found, turned into items by the entity's own (batched) formatter. */
export function searchResults<Row, Item>(
  db: Db,
  spec: SearchSpec,
  query: unknown,
  options: { mandatory: boolean },
  toItems: (rows: Row[]) => Item[],
): SearchResults<Item> {
  const criteria = parseSearchCriteria(query, options.mandatory);
  const { rows, total } = search<Row>(db, spec, criteria);
  return { items: toItems(rows), search_criteria: criteria, total_count: total };
}
