import type { Db } from '../../kit/db';
import { compileFilter } from './filter';
import { EntitySetDef, NavigationDef, padNumc, propertyOf } from './model';
import { compileOrderBy, QueryOptions } from './options';
import { SqlParams } from './sql';
import { Row } from './values';

/** Rows SAP answers per server page when the client gives no $top. */
export const SERVER_PAGE_SIZE = 100;

/** A fixed condition a collection is read under, such as a navigation's parent key. */
export type Scope = (params: SqlParams) => string;

export interface Page {
  rows: Row[];
  /** Matching rows in all, when $inlinecount=allpages. */
  count: number | null;
  /** Offset for the next server page's $skiptoken, when there is one. */
  nextSkiptoken: number | null;
}

function selectList(set: EntitySetDef): string {
  return set.properties.map((p) => `${p.sql} AS "${p.name}"`).join(', ');
}

function whereClause(set: EntitySetDef, options: Pick<QueryOptions, 'filter'>, scope?: Scope): { sql: string; params: SqlParams } {
  const params = new SqlParams();
  const conditions = scope ? [scope(params)] : [];
  if (options.filter !== null) conditions.push(compileFilter(options.filter, set, params));
  return { sql: conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '', params };
}

/** One page of a collection: $filter, $orderby, $skip, $top, or server paging with a skiptoken. */
export function readPage(db: Db, set: EntitySetDef, options: QueryOptions, scope?: Scope): Page {
  const where = whereClause(set, options, scope);
  const orderBy = compileOrderBy(options.orderby, set);
  const offset = options.skip + options.skiptoken;
  const limit = options.top ?? SERVER_PAGE_SIZE;
  // Without $top, one row more than a page tells whether a next page exists.
  const fetch = options.top === null ? limit + 1 : limit;
  const rows = db
    .prepare(`SELECT ${selectList(set)} FROM ${set.from} ${where.sql} ORDER BY ${orderBy} LIMIT ${fetch} OFFSET ${offset}`)
    .all(where.params.values) as Row[];
  const more = options.top === null && rows.length > limit;
  const count = options.inlinecount ? countRows(db, set, options, scope) : null;
  return { rows: more ? rows.slice(0, limit) : rows, count, nextSkiptoken: more ? options.skiptoken + limit : null };
}

export function countRows(db: Db, set: EntitySetDef, options: Pick<QueryOptions, 'filter'>, scope?: Scope): number {
  const where = whereClause(set, options, scope);
  const row = db.prepare(`SELECT COUNT(*) AS n FROM ${set.from} ${where.sql}`).get(where.params.values) as { n: number };
  return row.n;
}

/** The condition that picks one entity by its key, values padded as SAP pads NUMC keys. */
export function keyScope(set: EntitySetDef, key: Record<string, string>): Scope {
  return (params) =>
    set.keys
      .map((name) => {
        const property = propertyOf(set, name)!;
        return `${property.sql} = ${params.add(padNumc(property, key[name]))}`;
      })
      .join(' AND ');
}

export function readEntity(db: Db, set: EntitySetDef, key: Record<string, string>): Row | undefined {
  const params = new SqlParams();
  const condition = keyScope(set, key)(params);
  return db.prepare(`SELECT ${selectList(set)} FROM ${set.from} WHERE ${condition}`).get(params.values) as Row | undefined;
}

/** The scope of a navigation from one parent row: child properties equal to the parent's. */
export function navigationScope(target: EntitySetDef, navigation: NavigationDef, parent: Row): Scope {
  return (params) => navigation.on.map(([from, to]) => `${propertyOf(target, to)!.sql} = ${params.add(parent[from])}`).join(' AND ');
}

function joinKey(row: Row, names: string[]): string {
  return JSON.stringify(names.map((name) => row[name]));
}

/** Identity of a parent row in the map readExpanded returns. */
export function parentKey(navigation: NavigationDef, parent: Row): string {
  return joinKey(
    parent,
    navigation.on.map(([from]) => from),
  );
}

/** SQLite's bound-parameter ceiling is far above this; chunks keep big $top pages safe. */
const EXPAND_CHUNK = 500;

/** Children of many parents in a few queries (no query per parent), grouped by parentKey. */
export function readExpanded(db: Db, target: EntitySetDef, navigation: NavigationDef, parents: Row[]): Map<string, Row[]> {
  const parentNames = navigation.on.map(([from]) => from);
  const childNames = navigation.on.map(([, to]) => to);
  const childColumns = childNames.map((name) => propertyOf(target, name)!.sql);
  const orderBy = compileOrderBy(null, target);
  const groups = new Map<string, Row[]>();
  for (let start = 0; start < parents.length; start += EXPAND_CHUNK) {
    const params = new SqlParams();
    const tuples = parents
      .slice(start, start + EXPAND_CHUNK)
      .map((parent) => `(${parentNames.map((name) => params.add(parent[name])).join(', ')})`);
    const rows = db
      .prepare(
        `SELECT ${selectList(target)} FROM ${target.from} WHERE (${childColumns.join(', ')}) IN (VALUES ${tuples.join(', ')}) ORDER BY ${orderBy}`,
      )
      .all(params.values) as Row[];
    for (const row of rows) {
      const key = joinKey(row, childNames);
      const group = groups.get(key);
      if (group) group.push(row);
      else groups.set(key, [row]);
    }
  }
  return groups;
}
