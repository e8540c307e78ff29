import { LegacyHttp, TransientUpstreamError } from '../../lib/http';

/**
 * The transport to the CRM: Odoo's external JSON-RPC (`POST /jsonrpc`, `execute_kw`). Odoo checks
 * database, uid and API key on every call, and answers its errors with HTTP 200, named by the
 * Python exception class that raised them.
 */

export interface CrmCredentials {
  database: string;
  login: string;
  apiKey: string;
}

/** A search domain in Odoo's prefix notation: `[['partner_id', 'in', [10, 11]], ...]`. */
export type Domain = unknown[];

export interface SearchOptions {
  offset?: number;
  limit?: number;
  order: string;
}

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

export class OdooRpc {
  private nextId = 1;
  private uid: Promise<number> | null = null;

  constructor(
    private readonly http: LegacyHttp,
    private readonly credentials: CrmCredentials,
  ) {}

  /** `model.method(*args, **kwargs)` as the integration user; reads are retried, writes never. */
  async execute<T>(model: string, method: string, args: unknown[], kwargs: Record<string, unknown>, kind: 'read' | 'write'): Promise<T> {
    const { database, apiKey } = this.credentials;
    const uid = await this.userId();
    return this.call<T>('object', 'execute_kw', [database, uid, apiKey, model, method, args, kwargs], kind, `${model}.${method}`);
  }

  /** Odoo checks database, uid and key on every call and keeps no session: log in once for the uid. */
  private userId(): Promise<number> {
    if (!this.uid) {
      const { database, login, apiKey } = this.credentials;
      this.uid = this.call<number | false>('common', 'authenticate', [database, login, apiKey, {}], 'read', 'common.authenticate').then(
        (uid) => {
          if (uid === false) throw new CrmError('odoo.exceptions.AccessDenied', 'The CRM refused the integration login');
          return uid;
        },
      );
      // A failed login is tried again on the next call rather than remembered.
      this.uid.catch(() => (this.uid = null));
    }
    return this.uid;
  }

  /** One JSON-RPC call; `operation` names it in metrics (every call is `POST /jsonrpc`): the model and its method. */
  private async call<T>(
    service: 'common' | 'object',
    method: string,
    args: unknown[],
    kind: 'read' | 'write',
    operation: string,
  ): Promise<T> {
    const body = { jsonrpc: '2.0', method: 'call', id: this.nextId++, params: { service, method, args } };
    const send = kind === 'read' ? this.http.read.bind(this.http) : this.http.write.bind(this.http);
    const response = await send<JsonRpcAnswer<T>>({ method: 'POST', url: '/jsonrpc', data: body, operation }, (answer) => {
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
