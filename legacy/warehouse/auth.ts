import { randomBytes, timingSafeEqual } from 'node:crypto';

/** Basic auth with a technical user, and SAP's CSRF protection of writes bound to a session cookie. */

export const REALM = 'SAP NetWeaver Application Server [OMG/100]';
/** SAP names the session cookie after system id and client: here system OMG, client 100. */
export const SESSION_COOKIE = 'SAP_SESSIONID_OMG_100';
export const TOKEN_LIFETIME_MS = 30 * 60_000;

export interface Credentials {
  user: string;
  password: string;
}

export function credentialsFrom(env: NodeJS.ProcessEnv): Credentials {
  return { user: env.WAREHOUSE_USER ?? 'OMNIGRAPH_API', password: env.WAREHOUSE_PASSWORD ?? 'warehouse-dev-password' };
}

function same(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** The logged-on user of an Authorization header, or null when it does not log on. */
export function basicUser(header: string | undefined, credentials: Credentials): string | null {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header ?? '');
  if (!match) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  // SAP user names are case-insensitive (stored upper case); passwords are not.
  const user = decoded.slice(0, colon).toUpperCase();
  return same(user, credentials.user.toUpperCase()) && same(decoded.slice(colon + 1), credentials.password) ? user : null;
}

export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

interface Session {
  token: string;
  expiresAt: number;
}

/** CSRF tokens by session; a token is only good with the cookie of the session it was fetched in. */
export class CsrfSessions {
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly clock: () => Date) {}

  /** Answers `x-csrf-token: fetch`: the session's token, or a new session and token. */
  fetch(sessionId: string | undefined): { sessionId: string; token: string; isNew: boolean } {
    const now = this.clock().getTime();
    const existing = sessionId === undefined ? undefined : this.sessions.get(sessionId);
    if (sessionId !== undefined && existing && existing.expiresAt > now) return { sessionId, token: existing.token, isNew: false };
    this.forgetExpired(now);
    const session = { token: randomBytes(18).toString('base64'), expiresAt: now + TOKEN_LIFETIME_MS };
    const id = randomBytes(32).toString('base64url');
    this.sessions.set(id, session);
    return { sessionId: id, token: session.token, isNew: true };
  }

  valid(sessionId: string | undefined, token: string | undefined): boolean {
    if (sessionId === undefined || token === undefined) return false;
    const session = this.sessions.get(sessionId);
    return session !== undefined && session.expiresAt > this.clock().getTime() && same(session.token, token);
  }

  private forgetExpired(now: number): void {
    for (const [id, session] of this.sessions) if (session.expiresAt <= now) this.sessions.delete(id);
  }
}
