import type { Logger } from 'pino';

/** Who is asking, as the gateway established it. */
export interface Caller {
  /** Subject of the caller's credential (a customer, a store associate, a partner app), or null. */
  id: string | null;
  roles: string[];
}

export const ANONYMOUS: Caller = Object.freeze({ id: null, roles: [] }) as Caller;

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
    id: typeof value.id === 'string' ? value.id : null,
    roles: Array.isArray(value.roles) ? value.roles.filter((r): r is string => typeof r === 'string') : [],
  };
}
