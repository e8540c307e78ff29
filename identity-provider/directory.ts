import { isRole, Role, ROLE_SCOPES, Scope } from '../lib/access';

/**
 * Who can sign in at the embedded identity provider, and through which of Omnigraph's apps: what
 * the provider process (which loads oidc-provider) and its clients (scripts/token.ts, the tests,
 * the bench, which cannot load an ESM-only package from CommonJS) both need to know.
 */

/** A person who signs in at the provider's sign-in page, through one of Omnigraph's apps. */
export interface SignInPerson {
  kind: 'person';
  /** What they enter at the sign-in page; also the subject (`sub`) of their tokens. */
  login: string;
  name: string;
  roles: Role[];
  /** The Omnigraph customer a customer's account is linked to: the `customer_id` claim. */
  customerId: string | null;
  /** The stores (codes such as S101) a store associate or manager works at: the `stores` claim. */
  stores: string[];
}

/** An app that signs in as itself with client credentials: a partner's app, or Omnigraph's jobs. */
export interface SignInApp {
  kind: 'app';
  /** Its OAuth client id; also the subject of its tokens. */
  login: string;
  name: string;
  roles: Role[];
  /** Its client secret at the embedded provider. */
  secret: string;
}

export type Persona = SignInPerson | SignInApp;

/** The graph as an OAuth resource (RFC 8707): the audience of every access token the gateway accepts. */
export const GRAPH_RESOURCE = 'urn:omnigraph:graph';

/** Omnigraph's own apps, public clients that sign people in with the authorization code flow and PKCE. */
export const FIRST_PARTY_APPS = {
  /** The mobile app and the website, where customers sign in. */
  shop: 'omnigraph-shop',
  /** Store tablets, the call-center console and back-office tools, where staff sign in. */
  staff: 'omnigraph-staff',
} as const;

/** Where a first-party app gets its code back: a native app's loopback address (RFC 8252), never fetched. */
export const SIGN_IN_REDIRECT_URI = 'http://127.0.0.1/callback';

export function firstPartyAppOf(person: SignInPerson): string {
  return person.roles.includes('customer') ? FIRST_PARTY_APPS.shop : FIRST_PARTY_APPS.staff;
}

/** The scopes of some roles together: what a token for them may carry. */
export function scopesOf(roles: readonly Role[]): Scope[] {
  return [...new Set(roles.flatMap((role) => ROLE_SCOPES[role]))];
}

function fail(message: string): never {
  throw new Error(`personas: ${message}`);
}

const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every((v) => typeof v === 'string');

function personaOf(value: unknown, index: number): Persona {
  if (typeof value !== 'object' || value === null) fail(`entry ${index} is not an object`);
  const entry = value as Record<string, unknown>;
  const { kind, login, name, roles } = entry;
  if (typeof login !== 'string' || !/^[a-z0-9][a-z0-9._-]*$/.test(login))
    fail(`entry ${index} needs a login of lower-case letters, digits, '.', '_' or '-'`);
  if (typeof name !== 'string' || name === '') fail(`${login} needs a name`);
  if (!isStringArray(roles) || roles.length === 0 || !roles.every(isRole)) fail(`${login} needs roles, each one of lib/access.ts's`);
  if (kind === 'app') {
    if (typeof entry.secret !== 'string' || entry.secret.length < 16) fail(`${login} needs a secret of 16 characters or more`);
    return { kind, login, name, roles, secret: entry.secret };
  }
  if (kind !== 'person') fail(`${login} must be of kind "person" or "app"`);
  const customerId = entry.customerId ?? null;
  if (customerId !== null && typeof customerId !== 'string') fail(`${login}'s customerId must be a string or null`);
  const stores = entry.stores ?? [];
  if (!isStringArray(stores)) fail(`${login}'s stores must be store codes`);
  return { kind, login, name, roles, customerId, stores };
}

/** Personas from their JSON (the provider's input), checked: a mistake fails the start, not a sign-in. */
export function parsePersonas(json: string): Persona[] {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    fail('not JSON');
  }
  if (!Array.isArray(value)) fail('expected an array');
  const personas = value.map(personaOf);
  const logins = new Set<string>();
  for (const { login } of personas) {
    if (logins.has(login) || Object.values<string>(FIRST_PARTY_APPS).includes(login)) fail(`${login} is taken twice`);
    logins.add(login);
  }
  return personas;
}
