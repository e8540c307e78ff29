import { LegacyHttp, legacyHttpOptionsFromEnv, TransientUpstreamError } from '../../lib/http';

/**
 * The one client for the CRM (Odoo external JSON-RPC). Odoo's quirks stop here: `false` for
 * empty values, many2one pairs, zoneless UTC datetimes, HTTP 200 errors named by Python class.
 */

export interface CrmCredentials {
  database: string;
  uid: number;
  apiKey: string;
}

export type Domain = unknown[];

interface JsonRpcAnswer<T> {
  result?: T;
  error?: { data?: { name?: string; message?: string } };
}

/** An Odoo exception the caller may act on (MissingError, ValidationError, AccessError...). */
export class CrmError extends Error {
  constructor(
    readonly exception: string,
    message: string,
  ) {
    super(message);
  }
}

/** Errors that mean the CRM itself is failing, not our request. */
const SERVER_FAILURES = new Set(['builtins.Exception', 'psycopg2.OperationalError', 'odoo.exceptions.AccessDenied']);

/** Customers are partners from id 10; ids below are the company, bots and staff. */
export const FIRST_CUSTOMER_PARTNER_ID = 10;

export interface SearchOptions {
  offset?: number;
  limit?: number;
  order: string;
}

/** Odoo's zoneless UTC "2026-11-20 05:06:07" as ISO 8601 with its zone. */
export function odooDatetimeToIso(value: string | false): string | null {
  return value ? `${value.replace(' ', 'T')}Z` : null;
}

/** ISO 8601 (any zone) as Odoo's zoneless UTC text, for domains. */
export function isoToOdooDatetime(iso: string): string {
  return new Date(iso).toISOString().slice(0, 19).replace('T', ' ');
}

/** `false` means "not set" in Odoo; null means it in the graph. */
export function orNull<T>(value: T | false): T | null {
  return value === false ? null : value;
}

/** A many2one reads back as [id, "display name"] or false. */
export function many2oneId(value: [number, string] | false): number | null {
  return value === false ? null : value[0];
}

export class CrmClient {
  private nextId = 1;

  constructor(
    private readonly http: LegacyHttp,
    private readonly credentials: CrmCredentials,
  ) {}

  static fromEnv(env: NodeJS.ProcessEnv = process.env): CrmClient {
    const http = new LegacyHttp(legacyHttpOptionsFromEnv('crm', env.CRM_URL ?? 'http://127.0.0.1:8069', env));
    return new CrmClient(http, {
      database: env.CRM_DATABASE ?? 'retail',
      uid: Number(env.CRM_UID ?? 2),
      apiKey: env.CRM_API_KEY ?? 'crm-dev-key',
    });
  }

  /** search_read with an explicit order: Odoo pages by offset and its default orders differ by model. */
  searchRead<T>(model: string, domain: Domain, fields: string[], options: SearchOptions): Promise<T[]> {
    return this.execute<T[]>(model, 'search_read', [domain], { fields, offset: options.offset ?? 0, limit: options.limit ?? null, order: options.order }, 'read');
  }

  searchCount(model: string, domain: Domain): Promise<number> {
    return this.execute<number>(model, 'search_count', [domain], {}, 'read');
  }

  create(model: string, values: Record<string, unknown>): Promise<number> {
    return this.execute<number>(model, 'create', [values], {}, 'write');
  }

  write(model: string, ids: number[], values: Record<string, unknown>): Promise<boolean> {
    return this.execute<boolean>(model, 'write', [ids, values], {}, 'write');
  }

  private async execute<T>(model: string, method: string, args: unknown[], kwargs: Record<string, unknown>, kind: 'read' | 'write'): Promise<T> {
    const { database, uid, apiKey } = this.credentials;
    const body = {
      jsonrpc: '2.0',
      method: 'call',
      id: this.nextId++,
      params: { service: 'object', method: 'execute_kw', args: [database, uid, apiKey, model, method, args, kwargs] },
    };
    const send = kind === 'read' ? this.http.read.bind(this.http) : this.http.write.bind(this.http);
    const response = await send<JsonRpcAnswer<T>>({ method: 'POST', url: '/jsonrpc', data: body }, (answer) => {
      // Odoo answers its own failures with HTTP 200: treat them like a 500.
      if (SERVER_FAILURES.has(answer.data.error?.data?.name ?? '')) throw new TransientUpstreamError('ERROR');
    });
    const { error, result } = response.data;
    if (error) {
      throw new CrmError(error.data?.name ?? 'unknown', error.data?.message ?? 'CRM error');
    }
    return result as T;
  }
}
