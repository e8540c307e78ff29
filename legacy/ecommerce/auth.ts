import { randomBytes, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../kit/db';
import { MagentoError, notAuthorized, signInIncorrect } from './errors';
import { sendJson } from './reply';
import { sql } from './statements';

/** Every seeded customer signs in with this password (stored hashed). */
export const SEEDED_CUSTOMER_PASSWORD = 'Customer!2026';

const HOUR = 3_600_000;
/** Magento's defaults: oauth/access_token_lifetime/admin = 4 h, .../customer = 1 h. */
const TOKEN_LIFETIME_MS = { admin: 4 * HOUR, customer: 1 * HOUR } as const;

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, keylen: number) => Promise<Buffer>;
const KEY_LENGTH = 32;

/** Stored like Magento's `hash:salt:version`, with scrypt as the version. A given salt makes it repeatable. */
export function hashPassword(password: string, salt: Buffer = randomBytes(16)): string {
  return `${scryptSync(password, salt, KEY_LENGTH).toString('hex')}:${salt.toString('hex')}:scrypt`;
}

export async function hashPasswordAsync(password: string): Promise<string> {
  const salt = randomBytes(16);
  return `${(await scryptAsync(password, salt, KEY_LENGTH)).toString('hex')}:${salt.toString('hex')}:scrypt`;
}

async function passwordMatches(password: string, stored: string | null): Promise<boolean> {
  const [hash, salt] = (stored ?? '').split(':');
  if (!hash || !salt) return false;
  const actual = await scryptAsync(password, Buffer.from(salt, 'hex'), KEY_LENGTH);
  return timingSafeEqual(actual, Buffer.from(hash, 'hex'));
}

export interface Credentials {
  adminUser: string;
  adminPassword: string;
  /** The integration's access token: never expires, what a subgraph uses. */
  integrationToken: string;
}

export function credentialsFromEnv(env: NodeJS.ProcessEnv): Credentials {
  return {
    adminUser: env.ECOMMERCE_ADMIN_USER ?? 'admin',
    adminPassword: env.ECOMMERCE_ADMIN_PASSWORD ?? 'admin-dev-password',
    integrationToken: env.ECOMMERCE_INTEGRATION_TOKEN ?? 'ecommerce-dev-token',
  };
}

export type Caller = { kind: 'anonymous' } | { kind: 'admin' } | { kind: 'customer'; customerId: number };

interface TokenRow {
  user_type: 'admin' | 'customer';
  customer_id: number | null;
}

/** Bearer tokens: the static integration token, or admin and customer tokens issued by the token endpoints. */
export class Authenticator {
  constructor(
    private readonly db: Db,
    private readonly credentials: Credentials,
    private readonly now: () => Date,
  ) {}

  callerOf(request: FastifyRequest): Caller {
    const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
    if (!match) return { kind: 'anonymous' };
    const token = match[1];
    if (token === this.credentials.integrationToken) return { kind: 'admin' };
    const row = sql(this.db, 'SELECT user_type, customer_id FROM oauth_token WHERE token = ? AND expires_at > ?').get(
      token,
      this.now().getTime(),
    ) as TokenRow | undefined;
    if (!row) return { kind: 'anonymous' };
    return row.user_type === 'admin' ? { kind: 'admin' } : { kind: 'customer', customerId: row.customer_id ?? 0 };
  }

  /** Admin ACL resources (`Magento_Sales::actions_view`, ...): a customer token is as good as none. */
  requireAdmin(request: FastifyRequest, resource: string): void {
    if (this.callerOf(request).kind !== 'admin') throw notAuthorized(resource);
  }

  /** The `self` resource: routes under /mine act for the customer the token belongs to. */
  requireCustomer(request: FastifyRequest): number {
    const caller = this.callerOf(request);
    if (caller.kind !== 'customer') throw notAuthorized('self');
    return caller.customerId;
  }

  issueAdminToken(username: string, password: string): string {
    if (username !== this.credentials.adminUser || password !== this.credentials.adminPassword) throw signInIncorrect();
    return this.issue('admin', null);
  }

  /** The username is the email, matched case-insensitively. */
  async issueCustomerToken(username: string, password: string): Promise<string> {
    const customer = sql(this.db, 'SELECT entity_id, password_hash FROM customer_entity WHERE email = ?').get(username) as
      { entity_id: number; password_hash: string | null } | undefined;
    if (!customer || !(await passwordMatches(password, customer.password_hash))) throw signInIncorrect();
    return this.issue('customer', customer.entity_id);
  }

  private issue(kind: 'admin' | 'customer', customerId: number | null): string {
    const token = randomBytes(16).toString('hex');
    sql(this.db, 'INSERT INTO oauth_token (token, user_type, customer_id, expires_at) VALUES (?, ?, ?, ?)').run(
      token,
      kind,
      customerId,
      this.now().getTime() + TOKEN_LIFETIME_MS[kind],
    );
    return token;
  }
}

/** Both token endpoints validate the credentials' presence first, reporting every missing one. */
function readCredentials(body: unknown): { username: string; password: string } {
  const value = (name: string) => {
    const raw = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;
    return typeof raw === 'string' ? raw : '';
  };
  const username = value('username');
  const password = value('password');
  const missing = (['username', 'password'] as const).filter((name) => (name === 'username' ? username : password) === '');
  if (missing.length > 0) {
    throw new MagentoError(
      400,
      'One or more input exceptions have occurred.',
      undefined,
      missing.map((fieldName) => ({
        message: '"%fieldName" is required. Enter and try again.',
        parameters: { fieldName },
      })),
    );
  }
  return { username, password };
}

export function registerTokenRoutes(app: FastifyInstance, auth: Authenticator): void {
  app.post('/integration/admin/token', { config: { operation: 'tokens.admin' } }, async (request, reply) => {
    const { username, password } = readCredentials(request.body);
    return sendJson(reply, auth.issueAdminToken(username, password));
  });
  app.post('/integration/customer/token', { config: { operation: 'tokens.customer' } }, async (request, reply) => {
    const { username, password } = readCredentials(request.body);
    return sendJson(reply, await auth.issueCustomerToken(username, password));
  });
}
