import { LegacyHttp, legacyHttpOptionsFromEnv, path } from '../../lib/http';

/**
 * The one client for the web shop (Magento 2 REST). Its quirks stop here: searchCriteria query
 * keys, page numbers that repeat the last page past the end, floats for money, zoneless UTC times.
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

/** Magento's zoneless UTC "2026-11-20 05:06:07" as ISO 8601 with its zone. */
export function magentoTimeToIso(value: string): string {
  return `${value.replace(' ', 'T')}Z`;
}

export function isoToMagentoTime(iso: string): string {
  return new Date(iso).toISOString().slice(0, 19).replace('T', ' ');
}

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

export interface MagentoCustomer {
  id: number;
  email: string;
  firstname: string;
  lastname: string;
  created_at: string;
  updated_at: string;
  addresses: { telephone?: string; street?: string[]; city?: string; country_id?: string }[];
}

export class EcommerceClient {
  constructor(readonly http: LegacyHttp) {}

  static fromEnv(env: NodeJS.ProcessEnv = process.env): EcommerceClient {
    const http = new LegacyHttp({
      ...legacyHttpOptionsFromEnv('ecommerce', `${env.ECOMMERCE_URL ?? 'http://127.0.0.1:8081'}/rest/V1`, env),
      headers: { Authorization: `Bearer ${env.ECOMMERCE_INTEGRATION_TOKEN ?? 'ecommerce-dev-token'}` },
    });
    return new EcommerceClient(http);
  }

  async search<T>(resource: string, criteria: Criteria): Promise<SearchResults<T>> {
    const response = await this.http.read<SearchResults<T>>({ method: 'GET', url: resource, params: searchParams(criteria) });
    return response.data;
  }

  /**
   * Every match, page by page. Magento repeats the last page when asked past the end, so stop
   * on the total, never on an empty page.
   */
  async searchAll<T>(resource: string, criteria: Omit<Criteria, 'currentPage'>): Promise<T[]> {
    const items: T[] = [];
    for (let page = 1; ; page += 1) {
      const results = await this.search<T>(resource, { ...criteria, currentPage: page });
      items.push(...results.items);
      if (items.length >= results.total_count || results.items.length === 0) return items.slice(0, results.total_count);
    }
  }

  /** Customers changed after an instant (all of them for null), oldest change first. */
  customersChangedSince(sinceIso: string | null): Promise<MagentoCustomer[]> {
    return this.searchAll<MagentoCustomer>('/customers/search', {
      // One-second resolution: the caller re-reads the last second and keeps only real changes.
      filterGroups: sinceIso ? [[{ field: 'updated_at', value: isoToMagentoTime(sinceIso), conditionType: 'gteq' }]] : [],
      sortOrders: [{ field: 'updated_at', direction: 'ASC' }, { field: 'entity_id', direction: 'ASC' }],
      pageSize: MAX_PAGE_SIZE,
    });
  }

  async customer(id: number): Promise<MagentoCustomer> {
    return (await this.http.read<MagentoCustomer>({ method: 'GET', url: path`/customers/${id}` })).data;
  }
}
