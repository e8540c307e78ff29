import type { Persona } from '../../identity-provider/directory';
import { accessTokenFor } from '../../identity-provider/sign-in';
import type { RunningSystem } from '../../scripts/system';

/** Where a test signs in: a running system, or an identity provider and its personas. */
export type SignInPlace = Pick<RunningSystem, 'identityProviderUrl' | 'personas'>;

export function personaOf(place: SignInPlace, login: string): Persona {
  const persona = place.personas.find((p) => p.login === login);
  if (!persona) throw new Error(`no persona "${login}"; there are ${place.personas.map((p) => p.login).join(', ')}`);
  return persona;
}

/**
 * An access token for the graph, signed in as a persona at the place's identity provider the way
 * its app would (what `npm run token -- --as <login>` does).
 */
export function tokenAs(place: SignInPlace, login: string): Promise<string> {
  return accessTokenFor(place.identityProviderUrl, personaOf(place, login));
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** The personas and a second of one of them, `<login>-2`: for tests that ask as two callers of one kind. */
export function withSecond(personas: Persona[], login: string): Persona[] {
  const first = personas.find((persona) => persona.login === login);
  if (!first) throw new Error(`no persona "${login}"`);
  return [...personas, { ...first, login: `${login}-2`, name: `${first.name} (another)` }];
}

/** Each place's signed-in headers by login: a token lasts an hour, longer than any suite. */
const signedIn = new WeakMap<SignInPlace, Map<string, Promise<Record<string, string>>>>();

/**
 * The headers a persona's app sends (`authorization: Bearer …`), signed in once per place and
 * persona; a failed sign-in is forgotten, so the next call tries again.
 */
export function headersAs(place: SignInPlace, login: string): Promise<Record<string, string>> {
  const byLogin = signedIn.get(place) ?? new Map<string, Promise<Record<string, string>>>();
  signedIn.set(place, byLogin);
  let headers = byLogin.get(login);
  if (!headers) {
    headers = tokenAs(place, login).then(bearer);
    headers.catch(() => byLogin.delete(login));
    byLogin.set(login, headers);
  }
  return headers;
}
