import { badQuery, badRequest } from './errors';
import { TokenStream } from './lexer';
import { EntitySetDef, NavigationDef, navigationOf, PropertyDef, propertyOf } from './model';

/** The system query options of one request, validated but not yet applied ($format is checked apart). */
export interface QueryOptions {
  filter: string | null;
  orderby: string | null;
  top: number | null;
  skip: number;
  /** Rows already delivered by earlier server pages (SAP's skiptoken is a plain offset). */
  skiptoken: number;
  inlinecount: boolean;
  select: string | null;
  expand: string | null;
}

const KNOWN = new Set(['$filter', '$orderby', '$top', '$skip', '$skiptoken', '$inlinecount', '$select', '$expand', '$format']);

function count(name: string, value: string): number {
  if (!/^\d{1,9}$/.test(value)) throw badRequest(`Invalid value '${value}' for system query option '${name}'`);
  return Number(value);
}

export function readQueryOptions(query: unknown): QueryOptions {
  const raw: Record<string, string> = {};
  for (const [name, value] of Object.entries((query ?? {}) as Record<string, string | string[]>)) {
    // Custom options (sap-client, sap-language, ...) pass through; unknown system options do not.
    if (!name.startsWith('$')) continue;
    if (!KNOWN.has(name)) throw badRequest(`System query option '${name}' is not supported`);
    if (Array.isArray(value)) throw badRequest(`System query option '${name}' is specified more than once`);
    raw[name] = value;
  }
  const inlinecount = raw.$inlinecount ?? 'none';
  if (inlinecount !== 'allpages' && inlinecount !== 'none')
    throw badRequest(`Invalid value '${inlinecount}' for system query option '$inlinecount'`);
  return {
    filter: raw.$filter ?? null,
    orderby: raw.$orderby ?? null,
    top: raw.$top === undefined ? null : count('$top', raw.$top),
    skip: raw.$skip === undefined ? 0 : count('$skip', raw.$skip),
    skiptoken: raw.$skiptoken === undefined ? 0 : count('$skiptoken', raw.$skiptoken),
    inlinecount: inlinecount === 'allpages',
    select: raw.$select ?? null,
    expand: raw.$expand ?? null,
  };
}

/** ORDER BY for $orderby, with the keys appended so that server paging is stable. */
export function compileOrderBy(text: string | null, set: EntitySetDef): string {
  const terms: string[] = [];
  const used = new Set<string>();
  if (text !== null) {
    const tokens = TokenStream.of(text);
    do {
      const { text: name } = tokens.expectName();
      const property = propertyOf(set, name);
      if (!property) throw badQuery(`Property '${name}' not found in type '${set.entityType}'`);
      let direction = 'ASC';
      if (tokens.acceptKeyword('desc')) direction = 'DESC';
      else tokens.acceptKeyword('asc');
      if (!property.constant) terms.push(`${property.sql} ${direction}`);
      used.add(name);
    } while (tokens.acceptPunct(','));
    tokens.expectEnd();
  }
  for (const key of set.keys) {
    const property = propertyOf(set, key)!;
    if (!used.has(key) && !property.constant) terms.push(property.sql);
  }
  return terms.join(', ');
}

/** What to answer of each entity: which properties, and which navigations (deferred or inline). */
export interface Projection {
  properties: PropertyDef[];
  navigations: { navigation: NavigationDef; inline: Projection | null }[];
}

/** Path items of $select / $expand: `Name` or `Navigation/Name`. */
function paths(text: string): string[][] {
  const tokens = TokenStream.of(text);
  const result: string[][] = [];
  do {
    const path: string[] = [];
    do {
      if (tokens.acceptPunct('*')) path.push('*');
      else path.push(tokens.expectName().text);
    } while (tokens.acceptPunct('/'));
    result.push(path);
  } while (tokens.acceptPunct(','));
  tokens.expectEnd();
  return result;
}

/** Combines $select and $expand (one level deep, as the sets here have no deeper navigations). */
export function projectionOf(
  set: EntitySetDef,
  options: Pick<QueryOptions, 'select' | 'expand'>,
  setByName: (name: string) => EntitySetDef,
): Projection {
  const expanded = new Map<string, NavigationDef>();
  for (const path of options.expand === null ? [] : paths(options.expand)) {
    const navigation = navigationOf(set, path[0]);
    if (!navigation || path.length > 1) throw badQuery(`Navigation property '${path.join('/')}' not found in type '${set.entityType}'`);
    expanded.set(navigation.name, navigation);
  }
  const inline = (navigation: NavigationDef, selected: PropertyDef[] | null): Projection | null => {
    if (!expanded.has(navigation.name)) return null;
    const target = setByName(navigation.target);
    return { properties: selected ? target.properties.filter((p) => selected.includes(p)) : target.properties, navigations: [] };
  };
  if (options.select === null) {
    return {
      properties: set.properties,
      navigations: set.navigations.map((navigation) => ({ navigation, inline: inline(navigation, null) })),
    };
  }
  const properties = new Set<PropertyDef>();
  const navigations = new Map<string, { navigation: NavigationDef; selected: PropertyDef[] | null }>();
  for (const path of paths(options.select)) {
    if (path.length === 1 && path[0] === '*') {
      set.properties.forEach((p) => properties.add(p));
      continue;
    }
    const property = propertyOf(set, path[0]);
    if (property && path.length === 1) {
      properties.add(property);
      continue;
    }
    const navigation = navigationOf(set, path[0]);
    if (!navigation || path.length > 2) throw badQuery(`Property '${path.join('/')}' not found in type '${set.entityType}'`);
    const entry = navigations.get(navigation.name) ?? { navigation, selected: [] };
    if (path.length === 1 || path[1] === '*') {
      entry.selected = null;
    } else {
      if (!expanded.has(navigation.name))
        throw badQuery(`Navigation property '${navigation.name}' must be expanded to select '${path.join('/')}'`);
      const target = setByName(navigation.target);
      const child = propertyOf(target, path[1]);
      if (!child) throw badQuery(`Property '${path[1]}' not found in type '${target.entityType}'`);
      entry.selected?.push(child);
    }
    navigations.set(navigation.name, entry);
  }
  return {
    properties: set.properties.filter((p) => properties.has(p)),
    navigations: [...navigations.values()].map(({ navigation, selected }) => ({ navigation, inline: inline(navigation, selected) })),
  };
}
