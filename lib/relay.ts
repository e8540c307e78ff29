import { BadUserInputError } from './errors';

/** Relay connections over a list or an offset-paged source, with opaque cursors. */

export interface PageRequest {
  first?: number | null;
  after?: string | null;
}

export interface Page {
  offset: number;
  limit: number;
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: number;
}

export function offsetCursor(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString('base64url');
}

/** Validates `first` and `after`: a page size within 1..max and a cursor this API issued. */
export function pageOf(request: PageRequest, defaultSize: number, maxSize: number): Page {
  const limit = request.first ?? defaultSize;
  if (!Number.isInteger(limit) || limit < 1 || limit > maxSize) {
    throw new BadUserInputError(`first must be between 1 and ${maxSize}`, 'first');
  }
  if (!request.after) return { offset: 0, limit };
  const match = /^offset:(\d{1,9})$/.exec(Buffer.from(request.after, 'base64url').toString('utf8'));
  if (!match) throw new BadUserInputError('after is not a cursor from this list', 'after');
  return { offset: Number(match[1]) + 1, limit };
}

/** A connection over one page of items that start at `page.offset` in a list of `totalCount`. */
export function connectionOf<T>(items: T[], page: Page, totalCount: number): Connection<T> {
  const edges = items.map((node, i) => ({ cursor: offsetCursor(page.offset + i), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage: page.offset + items.length < totalCount,
      hasPreviousPage: page.offset > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    totalCount,
  };
}

/** A connection over a whole list held in memory. */
export function connectionFromList<T>(all: T[], request: PageRequest, defaultSize: number, maxSize: number): Connection<T> {
  const page = pageOf(request, defaultSize, maxSize);
  return connectionOf(all.slice(page.offset, page.offset + page.limit), page, all.length);
}
