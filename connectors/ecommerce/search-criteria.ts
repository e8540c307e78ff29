/**
 * Magento's searchCriteria: filter groups, sort orders and numbered pages of at most 300 rows, and
 * which pages an offset and a limit need. Past the end Magento repeats its last page, so a page is
 * read against `total_count`.
 */

export type ConditionType = 'eq' | 'neq' | 'like' | 'in' | 'nin' | 'gt' | 'gteq' | 'lt' | 'lteq' | 'null' | 'notnull';

export interface Filter {
  field: string;
  value: string;
  conditionType?: ConditionType;
}

export interface Criteria {
  /** Groups are ANDed; the filters inside one group are ORed. */
  filterGroups?: Filter[][];
  sortOrders?: { field: string; direction: 'ASC' | 'DESC' }[];
  pageSize: number;
  currentPage?: number;
}

export interface SearchResults<T> {
  items: T[];
  total_count: number;
}

/** Magento's webapi maximum page size. */
export const MAX_PAGE_SIZE = 300;

/** searchCriteria as Magento reads it from the query string. */
export function searchParams(criteria: Criteria): Record<string, string> {
  const params: Record<string, string> = {};
  (criteria.filterGroups ?? []).forEach((group, g) =>
    group.forEach((filter, f) => {
      const prefix = `searchCriteria[filter_groups][${g}][filters][${f}]`;
      params[`${prefix}[field]`] = filter.field;
      params[`${prefix}[value]`] = filter.value;
      params[`${prefix}[condition_type]`] = filter.conditionType ?? 'eq';
    }),
  );
  (criteria.sortOrders ?? []).forEach((order, i) => {
    params[`searchCriteria[sortOrders][${i}][field]`] = order.field;
    params[`searchCriteria[sortOrders][${i}][direction]`] = order.direction;
  });
  params['searchCriteria[pageSize]'] = String(Math.min(criteria.pageSize, MAX_PAGE_SIZE));
  params['searchCriteria[currentPage]'] = String(criteria.currentPage ?? 1);
  return params;
}

/**
 * One filter group matching any of the values. Magento splits an `in` value on commas, so values
 * that contain one are ORed in as `eq` filters of their own: still one call.
 */
export function anyOf(field: string, values: readonly (string | number)[]): Filter[] {
  const texts = [...new Set(values.map(String))];
  const plain = texts.filter((value) => !value.includes(','));
  const withComma = texts.filter((value) => value.includes(','));
  return [
    ...(plain.length > 0 ? [{ field, value: plain.join(','), conditionType: 'in' as const }] : []),
    ...withComma.map((value) => ({ field, value, conditionType: 'eq' as const })),
  ];
}

/** How much of a search's URL one `in` filter may take: web servers refuse request lines over 8 KB (HTTP 431/414). */
const MAX_FILTER_CHARS = 3_000;

/** The values in runs whose comma-joined, URL-encoded text stays under MAX_FILTER_CHARS: one search each. */
export function inUrlSizedChunks(values: readonly (string | number)[]): (string | number)[][] {
  const chunks: (string | number)[][] = [];
  let current: (string | number)[] = [];
  let length = 0;
  const seen = new Set<string>();
  for (const value of values) {
    if (seen.has(String(value))) continue;
    seen.add(String(value));
    const size = encodeURIComponent(String(value)).length + 3;
    if (current.length > 0 && length + size > MAX_FILTER_CHARS) {
      chunks.push(current);
      current = [];
      length = 0;
    }
    current.push(value);
    length += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** Which of Magento's fixed-size pages cover `limit` items from `offset`, and where in them the window starts. */
export interface PageWindow {
  pageSize: number;
  firstPage: number;
  pageCount: 1 | 2;
  skip: number;
}

/**
 * Magento pages by number, so an offset must fall on a page. The smallest page size from `limit`
 * up whose page holds the whole window costs one call; when none does, two pages of `limit` do.
 */
export function pagesCovering(offset: number, limit: number): PageWindow {
  for (let size = limit; size <= MAX_PAGE_SIZE; size += 1) {
    if ((offset % size) + limit <= size)
      return { pageSize: size, firstPage: Math.floor(offset / size) + 1, pageCount: 1, skip: offset % size };
  }
  return { pageSize: limit, firstPage: Math.floor(offset / limit) + 1, pageCount: 2, skip: offset % limit };
}

/** A page Magento answered: its items, or none when it was past the end (Magento repeats the last page then). */
export function itemsOfPage<T>(results: SearchResults<T>, page: number, pageSize: number): T[] {
  return (page - 1) * pageSize >= results.total_count ? [] : results.items;
}
