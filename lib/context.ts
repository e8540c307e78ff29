import type { Logger } from 'pino';
import { isRole, Role, ROLE_SCOPES } from './access';

/** Who is asking, as the gateway established it from a verified token. */
export interface Caller {
  /** Subject of the caller's token (a person's account, or a client acting for itself), or null. */
  id: string | null;
  roles: Role[];
  /** The OAuth scopes the token grants. */
  scopes: string[];
  /** The Omnigraph customer a customer's sign-in is linked to. */
  customerId: string | null;
  /** The stores (codes such as S101) a store associate or manager works at. */
  stores: string[];
  /** The app the token was issued to (the mobile app, a partner's app), or null. */
  clientId: string | null;
}

export const ANONYMOUS: Caller = Object.freeze({ id: null, roles: [], scopes: [], customerId: null, stores: [], clientId: null }) as Caller;

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
const stringOrNull = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** What every resolver gets; each subgraph adds its per-request loaders. */
export interface RequestContext {
  requestId: string;
  caller: Caller;
  log: Logger;
}

export function encodeCaller(caller: Caller): string {
  return Buffer.from(JSON.stringify(caller)).toString('base64url');
}

/** The caller the gateway sent; anonymous when the header is absent or unreadable. */
export function decodeCaller(header: string | undefined): Caller {
  if (!header) return ANONYMOUS;
  let value: Partial<Caller>;
  try {
    value = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as Partial<Caller>;
  } catch {
    return ANONYMOUS;
  }
  if (typeof value !== 'object' || value === null) return ANONYMOUS;
  return {
    id: stringOrNull(value.id),
    roles: strings(value.roles).filter(isRole),
    scopes: strings(value.scopes),
    customerId: stringOrNull(value.customerId),
    stores: strings(value.stores),
    clientId: stringOrNull(value.clientId),
  };
}

/** Omnigraph's own service (a subgraph's job or sweep) as a caller: the service role and its scopes. */
export function serviceCaller(id: string): Caller {
  return { id, roles: ['service'], scopes: [...ROLE_SCOPES.service], customerId: null, stores: [], clientId: id };
}
