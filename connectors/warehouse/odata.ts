import type { AxiosRequestConfig, AxiosResponse } from 'axios';
import type { LegacyHttp } from '../../lib/http';
import { refusalOf, type ODataErrorAnswer } from './refusals';
import type { Entity } from './wire';

/**
 * OData V2 as SAP's Gateway speaks it, and the transport over it: `$filter` text, batches of
 * values split under the 16 KB request-line ceiling, the `{"d": ...}` envelope, server paging with
 * an absolute `__next` link, and writes behind a CSRF token bound to a session cookie.
 */

/** Where the ERP's released APIs live, under the Web Dispatcher's host. */
export const ODATA_ROOT = '/sap/opu/odata/sap';

/** Keep each request line well below the ERP's 16 KB ceiling (431 beyond it). */
const MAX_FILTER_CHARS = 6_000;

interface CollectionAnswer {
  d: { results: Entity[]; __next?: string };
}

export interface CollectionQuery {
  $filter?: string;
  $select?: string;
  $orderby?: string;
  $top?: number;
  $expand?: string;
}

/** A text literal in $filter: quoted, with quotes doubled ('O''Neil'). */
export function odataText(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * `(P eq 'a' or P eq 'b' ...)` over many values, split so that no request line grows past the
 * ERP's ceiling: one filter per chunk, each to be read on its own.
 */
export function anyOfFilters(values: readonly string[], clause: (value: string) => string, maxChars = MAX_FILTER_CHARS): string[] {
  const filters: string[] = [];
  let current: string[] = [];
  let length = 0;
  for (const value of values) {
    const text = clause(value);
    // Encoded, a clause is longer than it reads; measure what goes on the wire.
    const wire = encodeURIComponent(text).length + 10;
    if (current.length > 0 && length + wire > maxChars) {
      filters.push(`(${current.join(' or ')})`);
      current = [];
      length = 0;
    }
    current.push(text);
    length += wire;
  }
  if (current.length > 0) filters.push(`(${current.join(' or ')})`);
  return filters;
}

/** The server page to read next, from SAP's absolute `__next` link; null when it was the last page. */
export function skiptokenOf(next: string | undefined): string | null {
  if (!next) return null;
  const token = new URL(next, 'http://erp.invalid').searchParams.get('$skiptoken');
  if (token === null || !/^\d{1,9}$/.test(token)) throw new Error('the ERP sent a next-page link without a valid $skiptoken');
  return token;
}

/** The cookie SAP names after system OMG, client 100; the CSRF token is only good with it. */
const SESSION_COOKIE = 'SAP_SESSIONID_OMG_100';
/** Statuses every write reads itself: business refusals (400) and an expired token (403). */
const WRITE_REFUSALS = [400, 403];

interface CsrfSession {
  token: string;
  cookie: string;
}

export class ODataTransport {
  private session: Promise<CsrfSession> | null = null;

  /** `tokenService`: the service whose document a CSRF token is fetched from. */
  constructor(
    private readonly http: LegacyHttp,
    private readonly tokenService: string,
  ) {}

  /**
   * Every row of a collection: the ERP pages at 100 rows and links the next page with an absolute
   * URL, which is never followed as such; only its $skiptoken is sent back, to our own base URL.
   */
  async collection(service: string, entitySet: string, query: CollectionQuery): Promise<Entity[]> {
    const rows: Entity[] = [];
    let skiptoken: string | null = null;
    do {
      const params: Record<string, string | number> = {
        ...query,
        $format: 'json',
        ...(skiptoken === null ? {} : { $skiptoken: skiptoken }),
      };
      const response = await this.http.read<CollectionAnswer>({ method: 'GET', url: `/${service}/${entitySet}`, params });
      rows.push(...response.data.d.results);
      skiptoken = skiptokenOf(response.data.d.__next);
    } while (skiptoken !== null);
    return rows;
  }

  /**
   * A write with the session's CSRF token and cookie. A token expires (30 min) or dies with its
   * session: on 403 `x-csrf-token: Required` fetch a new one and send the write again, once (it
   * was refused before the ERP looked at it, so nothing was written). A 400 is thrown as its
   * refusal; `answered` are further statuses the caller reads itself.
   */
  async write<T>(config: AxiosRequestConfig, answered: readonly number[] = []): Promise<AxiosResponse<T>> {
    for (let attempt = 1; ; attempt++) {
      const session = this.csrf();
      const { token, cookie } = await session;
      const response = await this.http.write<T>({
        ...config,
        headers: { 'x-csrf-token': token, Cookie: `${SESSION_COOKIE}=${cookie}` },
        validateStatus: (status) => (status >= 200 && status < 300) || WRITE_REFUSALS.includes(status) || answered.includes(status),
      });
      if (response.status === 400) throw refusalOf(response.data as ODataErrorAnswer);
      if (response.status !== 403) return response;
      if (String(response.headers['x-csrf-token']).toLowerCase() !== 'required') throw new Error('the ERP refused a write with 403');
      if (this.session === session) this.session = null;
      if (attempt === 2) throw new Error('the ERP refused a freshly fetched CSRF token');
    }
  }

  /** The session's token, fetched once with `x-csrf-token: fetch` on a cheap GET and kept until refused. */
  private csrf(): Promise<CsrfSession> {
    if (!this.session) {
      this.session = this.http
        .read<unknown>({ method: 'GET', url: `/${this.tokenService}/`, headers: { 'x-csrf-token': 'fetch' } })
        .then((response) => {
          const token = response.headers['x-csrf-token'];
          const cookies: unknown = response.headers['set-cookie'];
          const cookie = (Array.isArray(cookies) ? cookies : [])
            .map((line: string) => new RegExp(`^${SESSION_COOKIE}=([^;]*)`).exec(line)?.[1])
            .find((value): value is string => value !== undefined);
          if (typeof token !== 'string' || token === '' || cookie === undefined)
            throw new Error('the ERP gave no CSRF token and session cookie');
          return { token, cookie };
        });
      // A failed fetch is tried again on the next write rather than remembered.
      this.session.catch(() => (this.session = null));
    }
    return this.session;
  }
}
