import { createHash, randomBytes } from 'node:crypto';
import { firstPartyAppOf, GRAPH_RESOURCE, Persona, scopesOf, SIGN_IN_REDIRECT_URI, SignInApp, SignInPerson } from './directory';

/**
 * Getting an access token for the graph from the embedded provider as its clients would: a person
 * through the authorization code flow with PKCE, as one of Omnigraph's apps, following the
 * provider's redirects and filling in its sign-in page over plain HTTP; an app with client
 * credentials. `npm run token`, the tests and the bench all sign in here.
 */

interface Discovery {
  authorization_endpoint: string;
  token_endpoint: string;
}

/** The sign-in page's cookies, by name and path, as a browser would keep them for one sign-in. */
class CookieJar {
  private readonly cookies = new Map<string, { name: string; value: string; path: string }>();

  keep(response: Response): void {
    for (const header of response.headers.getSetCookie()) {
      const [pair, ...attributes] = header.split(';');
      const name = pair.slice(0, pair.indexOf('=')).trim();
      const value = pair.slice(pair.indexOf('=') + 1).trim();
      const path = attributes.map((a) => /^\s*path=(.*)$/i.exec(a)?.[1]).find((p) => p !== undefined) ?? '/';
      // Cleared cookies come back empty; expiry dates are ignored, as they follow the provider's shifted clock.
      if (value === '') this.cookies.delete(`${name} ${path}`);
      else this.cookies.set(`${name} ${path}`, { name, value, path });
    }
  }

  headerFor(url: URL): string {
    const matches = (path: string) => url.pathname === path || url.pathname.startsWith(path.endsWith('/') ? path : `${path}/`);
    return [...this.cookies.values()]
      .filter((cookie) => matches(cookie.path))
      .map((cookie) => `${cookie.name}=${cookie.value}`)
      .join('; ');
  }
}

async function refused(what: string, response: Response): Promise<Error> {
  const text = (await response.text()).slice(0, 300);
  return new Error(`${what} failed with HTTP ${response.status}: ${text}`);
}

async function discover(issuer: string): Promise<Discovery> {
  const response = await fetch(new URL('.well-known/openid-configuration', `${issuer.replace(/\/$/, '')}/`)).catch((cause: unknown) => {
    throw new Error(`no identity provider answers at ${issuer}`, { cause });
  });
  if (!response.ok) throw await refused(`discovery at ${issuer}`, response);
  return (await response.json()) as Discovery;
}

async function tokenRequest(discovery: Discovery, form: Record<string, string>, authorization?: string): Promise<string> {
  const response = await fetch(discovery.token_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(authorization ? { authorization } : {}) },
    body: new URLSearchParams(form),
  });
  if (!response.ok) throw await refused('the token request', response);
  return ((await response.json()) as { access_token: string }).access_token;
}

/** The authorization code for a person, from the authorization endpoint through the sign-in page. */
async function authorizationCode(discovery: Discovery, person: SignInPerson, challenge: string): Promise<string> {
  const state = randomBytes(16).toString('base64url');
  let url = new URL(discovery.authorization_endpoint);
  url.search = new URLSearchParams({
    client_id: firstPartyAppOf(person),
    response_type: 'code',
    redirect_uri: SIGN_IN_REDIRECT_URI,
    scope: ['openid', ...scopesOf(person.roles)].join(' '),
    resource: GRAPH_RESOURCE,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state,
  }).toString();
  const jar = new CookieJar();
  let form: URLSearchParams | undefined;
  // A sign-in is a handful of hops: authorize, sign-in page, resume, consent, resume, back to the app.
  for (let hop = 0; hop < 12; hop += 1) {
    const response = await fetch(url, {
      method: form ? 'POST' : 'GET',
      headers: { cookie: jar.headerFor(url), ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      body: form,
      redirect: 'manual',
    });
    jar.keep(response);
    form = undefined;
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      const next = new URL(location, url);
      if (next.href.startsWith(SIGN_IN_REDIRECT_URI)) {
        const answer = next.searchParams;
        if (answer.get('state') !== state) throw new Error('the sign-in came back with another state');
        const code = answer.get('code');
        if (!code) throw new Error(`the sign-in was refused: ${answer.get('error')} ${answer.get('error_description') ?? ''}`.trim());
        return code;
      }
      url = next;
      continue;
    }
    const action = response.ok ? /<form[^>]*\saction="([^"]+)"/.exec(await response.text())?.[1] : undefined;
    if (!action) throw await refused(`signing in as ${person.login}`, response);
    url = new URL(action, url);
    form = new URLSearchParams({ login: person.login });
  }
  throw new Error(`signing in as ${person.login} did not come back to the app`);
}

async function personToken(discovery: Discovery, person: SignInPerson): Promise<string> {
  const verifier = randomBytes(32).toString('base64url');
  const code = await authorizationCode(discovery, person, createHash('sha256').update(verifier).digest('base64url'));
  return tokenRequest(discovery, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: SIGN_IN_REDIRECT_URI,
    client_id: firstPartyAppOf(person),
    code_verifier: verifier,
    resource: GRAPH_RESOURCE,
  });
}

function appToken(discovery: Discovery, app: SignInApp): Promise<string> {
  const scope = scopesOf(app.roles).join(' ');
  const basic = Buffer.from(`${encodeURIComponent(app.login)}:${encodeURIComponent(app.secret)}`).toString('base64');
  return tokenRequest(
    discovery,
    { grant_type: 'client_credentials', resource: GRAPH_RESOURCE, ...(scope ? { scope } : {}) },
    `Basic ${basic}`,
  );
}

/** An access token for the graph, signed in as the persona at the provider whose issuer is given. */
export async function accessTokenFor(issuer: string, persona: Persona): Promise<string> {
  const discovery = await discover(issuer);
  return persona.kind === 'person' ? personToken(discovery, persona) : appToken(discovery, persona);
}
