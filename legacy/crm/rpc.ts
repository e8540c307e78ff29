/**
 * Odoo's /jsonrpc services: `common` (version, authenticate, login) and `object` (execute_kw,
 * execute). Every object call carries database, uid and password and is checked on its own.
 */
import { bindArguments, callKw, Signature } from './calls';
import { accessDenied, keyError, missingArguments, OdooError, pyRepr, typeError, valueError } from './errors';
import { API_USER_ID } from './models';
import type { Orm } from './orm';

export interface Credentials {
  database: string;
  login: string;
  /** The user's password or API key: Odoo accepts either in the same place. */
  apiKey: string;
}

export function credentialsFromEnv(env: NodeJS.ProcessEnv): Credentials {
  return { database: env.CRM_DATABASE ?? 'retail', login: env.CRM_LOGIN ?? 'omnigraph', apiKey: env.CRM_API_KEY ?? 'crm-dev-key' };
}

const VERSION = { server_version: '17.0', server_version_info: [17, 0, 0, 'final', 0, ''], server_serie: '17.0', protocol_version: 1 };

const COMMON: Record<string, Signature> = {
  version: { params: [], required: 0 },
  login: { params: ['db', 'login', 'password'], required: 3 },
  authenticate: { params: ['db', 'login', 'password', 'user_agent_env'], required: 4 },
};

const EXECUTE_KW: Signature = { params: ['obj', 'method', 'args', 'kw'], required: 3 };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function pyTypeName(value: unknown): string {
  if (value === null || value === undefined) return 'NoneType';
  if (Array.isArray(value)) return 'list';
  return typeof value === 'object' ? 'dict' : typeof value;
}

/** Python's int(), which Odoo applies to the uid. */
function pyInt(value: unknown): number {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number' && Number.isFinite(value)) return Math.trunc(value);
  if (typeof value === 'string') {
    if (/^\s*[-+]?\d+\s*$/.test(value)) return Number.parseInt(value, 10);
    throw valueError(`invalid literal for int() with base 10: ${pyRepr(value)}`);
  }
  throw typeError(`int() argument must be a string, a bytes-like object or a real number, not '${pyTypeName(value)}'`);
}

export class JsonRpc {
  constructor(
    private readonly orm: Orm,
    private readonly credentials: Credentials,
  ) {}

  /** The `params` of a JSON-RPC call to its result; failures throw OdooError. */
  dispatch(params: unknown): unknown {
    const call = isPlainObject(params) ? params : {};
    const missing = ['service', 'method', 'args'].filter((key) => !(key in call));
    if (missing.length > 0) throw missingArguments('jsonrpc', missing);
    const { service, method, args } = call;
    if (!Array.isArray(args)) throw typeError(`dispatch_rpc() argument after * must be an iterable, not ${pyTypeName(args)}`);
    if (service === 'common') return this.common(String(method), args);
    if (service === 'object') return this.object(String(method), args);
    throw keyError(String(service));
  }

  private common(method: string, args: unknown[]): unknown {
    const signature = Object.hasOwn(COMMON, method) ? COMMON[method] : undefined;
    if (!signature) throw keyError(`exp_${method}`);
    const a = bindArguments(`exp_${method}`, signature, args);
    if (method === 'version') return VERSION;
    this.checkDatabase(a.db);
    return a.login === this.credentials.login && a.password === this.credentials.apiKey ? API_USER_ID : false;
  }

  private object(method: string, args: unknown[]): unknown {
    if (method !== 'execute_kw' && method !== 'execute') throw new OdooError('builtins.NameError', `Method not available ${method}`);
    if (args.length < 3) throw new OdooError('builtins.IndexError', 'list index out of range');
    const [db, uid, password, ...rest] = args;
    this.checkDatabase(db);
    if (pyInt(uid) !== API_USER_ID || password !== this.credentials.apiKey) throw accessDenied();
    if (method === 'execute') {
      if (rest.length < 2) throw missingArguments('execute', ['obj', 'method'].slice(rest.length));
      return callKw(this.orm, rest[0], rest[1], rest.slice(2), {});
    }
    const a = bindArguments('execute_kw', EXECUTE_KW, rest);
    return callKw(this.orm, a.obj, a.method, a.args, a.kw);
  }

  /** A database name the server does not have fails at the connection, before any login. */
  private checkDatabase(db: unknown): void {
    if (db === this.credentials.database) return;
    throw new OdooError(
      'psycopg2.OperationalError',
      `connection to server on socket "/var/run/postgresql/.s.PGSQL.5432" failed: FATAL:  database "${String(db)}" does not exist\n`,
    );
  }
}
