import { UserManager, WebStorageStateStore } from 'oidc-client-ts';
import { createContext, useContext } from 'react';
import type { ConsoleConfig } from './config';

/** Where the identity provider sends the browser back with its code. */
export const CALLBACK_PATH = '/callback';

/** What the console needs of the signed-in person, read from their access token's claims. */
export interface Staff {
  login: string;
  roles: string[];
  /** Store codes (S101) an associate or manager works at. */
  stores: string[];
  /** The token, for the graph; it expires at `expiresAt` (ms). */
  accessToken: string;
  expiresAt: number;
}

export interface Session {
  staff: Staff;
  signOut(): Promise<void>;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in console');
  return session;
}

/**
 * Sign-in with the authorization code flow and PKCE at the identity provider (oidc-client-ts, a
 * certified relying party library), as the staff app: the token is kept for the tab only
 * (sessionStorage), and a new sign-in is asked for when it expires (the provider gives no refresh tokens).
 */
export function userManagerFor(config: ConsoleConfig): UserManager {
  return new UserManager({
    authority: config.issuer,
    client_id: config.clientId,
    redirect_uri: `${window.location.origin}${CALLBACK_PATH}`,
    post_logout_redirect_uri: window.location.origin,
    response_type: 'code',
    // A store's tablet is shared: whoever signs in says who they are, whoever signed in before.
    prompt: 'login',
    scope: config.scopes.join(' '),
    extraQueryParams: { resource: config.resource },
    extraTokenParams: { resource: config.resource },
    userStore: new WebStorageStateStore({ store: window.sessionStorage }),
    loadUserInfo: false,
    automaticSilentRenew: false,
    monitorSession: false,
  });
}

/** The claims the gateway reads too (it checks the signature; the console only shows what the person may do). */
export function staffOf(accessToken: string, expiresAt: number): Staff {
  const payload = JSON.parse(atob(accessToken.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))) as {
    sub: string;
    roles?: string[];
    stores?: string[];
  };
  return { login: payload.sub, roles: payload.roles ?? [], stores: payload.stores ?? [], accessToken, expiresAt };
}

/** What each screen asks of the person: the console shows a screen only to who may use it (the gateway decides). */
export const can = {
  helpCustomers: (staff: Staff) => staff.roles.some((role) => role === 'call-center-agent' || role === 'back-office'),
  workCounter: (staff: Staff) => staff.roles.some((role) => role === 'store-associate' || role === 'store-manager'),
  readReports: (staff: Staff) => staff.roles.some((role) => role === 'store-manager' || role === 'back-office'),
};
