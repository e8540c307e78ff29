import type { CustomerIdentifierKind } from '../generated/graphql';

/** What a caller may give to be found by: the channels the call center meets them on. */
export const SEARCH_KINDS = ['PHONE', 'EMAIL', 'LOYALTY_CARD', 'ZALO', 'FACEBOOK'] as const satisfies readonly CustomerIdentifierKind[];
export type SearchKind = (typeof SEARCH_KINDS)[number];

export const isSearchKind = (value: string | null): value is SearchKind => (SEARCH_KINDS as readonly string[]).includes(value ?? '');
