import type { IncomingMessage } from 'node:http';
import Provider, { ClientMetadata, errors, Interaction, JWK, KoaContextWithOIDC } from 'oidc-provider';
import { SCOPES } from '../lib/access';
import { FIRST_PARTY_APPS, GRAPH_RESOURCE, Persona, scopesOf, SIGN_IN_REDIRECT_URI, SignInApp, SignInPerson } from './directory';

/**
 * The embedded identity provider's configuration: oidc-provider (a certified OpenID Connect
 * provider) with the personas as its accounts and clients, access tokens for the graph as JWTs
 * (RFC 9068) signed with an ES256 key, and a sign-in page of its own that takes a persona's login.
 */

export interface ProviderSettings {
  personas: Persona[];
  /** How long an access token lasts, in seconds: an hour unless told (tests of expiry want seconds). */
  accessTokenTtlS?: number;
  /** Private signing keys, EC P-256; the first signs, the others stay published for verification. */
  signingKeys: JWK[];
  /** Keys for its session and interaction cookies. */
  cookieKeys: string[];
}

/** Long enough for a demo or a bench run, short enough that a leaked token soon stops working. */
const ACCESS_TOKEN_TTL_S = 3_600;
const SIGNING_ALG = 'ES256';
const ALL_SCOPES = Object.values(SCOPES);
const INTERACTION_PATH = /^\/interaction\/[\w-]+$/;
const SIGN_IN_PATH = /^\/interaction\/[\w-]+\/login$/;

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function signInPage(uid: string, people: SignInPerson[], problem?: string): string {
  const choices = people
    .map((p) => `<li><button name="login" value="${escapeHtml(p.login)}">${escapeHtml(p.login)}</button> ${escapeHtml(p.name)}</li>`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sign in to Omnigraph</title></head>
<body><h1>Sign in to Omnigraph</h1>
<p>The embedded development provider: choose a persona, no password.</p>${problem ? `\n<p role="alert">${escapeHtml(problem)}</p>` : ''}
<form method="post" action="/interaction/${escapeHtml(uid)}/login"><ul>
${choices}
</ul></form></body></html>`;
}

/** Whether a browser's origin is a registered loopback redirect's host and scheme, on any port. */
function loopbackOriginMatches(redirectUri: string, origin: string): boolean {
  const registered = URL.parse(redirectUri);
  const from = URL.parse(origin);
  return registered?.hostname === '127.0.0.1' && from?.hostname === '127.0.0.1' && from.protocol === registered.protocol;
}

async function formOf(request: IncomingMessage): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of request) {
    body += String(chunk);
    if (body.length > 4_096) throw new errors.InvalidRequest('the sign-in form is too large');
  }
  return new URLSearchParams(body);
}

/**
 * Omnigraph's apps are its own, so a person is not asked to consent to them: the grant holds the
 * requested scopes their roles allow and records the others as refused, which leaves them out of
 * the token without asking again.
 */
async function grantConsent(provider: Provider, interaction: Interaction, person: SignInPerson): Promise<string | undefined> {
  const details = interaction.prompt.details as { missingOIDCScope?: string[]; missingResourceScopes?: Record<string, string[]> };
  const grant = interaction.grantId
    ? await provider.Grant.find(interaction.grantId)
    : new provider.Grant({ accountId: person.login, clientId: String(interaction.params.client_id) });
  if (!grant) throw new errors.SessionNotFound('the grant is gone');
  if (details.missingOIDCScope) grant.addOIDCScope(details.missingOIDCScope);
  const allowed = new Set<string>(scopesOf(person.roles));
  for (const [resource, scopes] of Object.entries(details.missingResourceScopes ?? {})) {
    const granted = scopes.filter((scope) => allowed.has(scope));
    const refused = scopes.filter((scope) => !allowed.has(scope));
    grant.addResourceScope(resource, granted);
    grant.rejectResourceScope(resource, refused);
  }
  const grantId = await grant.save();
  return interaction.grantId ? undefined : grantId;
}

/** The sign-in page (a persona's login, no password) and the consent it skips. */
function interactions(provider: Provider, people: Map<string, SignInPerson>) {
  const page = (ctx: KoaContextWithOIDC, uid: string, problem?: string) => {
    ctx.type = 'html';
    ctx.body = signInPage(uid, [...people.values()], problem);
  };
  return async (ctx: KoaContextWithOIDC, next: () => Promise<unknown>) => {
    const signingIn = ctx.method === 'POST' && SIGN_IN_PATH.test(ctx.path);
    if (!signingIn && !(ctx.method === 'GET' && INTERACTION_PATH.test(ctx.path))) return next();
    ctx.set('cache-control', 'no-store');
    try {
      const interaction = await provider.interactionDetails(ctx.req, ctx.res);
      if (signingIn) {
        const login = (await formOf(ctx.req)).get('login') ?? '';
        if (people.has(login))
          return await provider.interactionFinished(ctx.req, ctx.res, { login: { accountId: login } }, { mergeWithLastSubmission: false });
        ctx.status = 401;
        return page(ctx, interaction.uid, `No persona signs in as "${login}".`);
      }
      const person = interaction.session && people.get(interaction.session.accountId);
      if (interaction.prompt.name !== 'consent' || !person) return page(ctx, interaction.uid);
      const grantId = await grantConsent(provider, interaction, person);
      return await provider.interactionFinished(ctx.req, ctx.res, { consent: grantId ? { grantId } : {} });
    } catch (error) {
      if (!(error instanceof errors.SessionNotFound)) throw error;
      ctx.status = 400;
      ctx.type = 'text';
      ctx.body = 'This sign-in has expired or was never started here: start again from the app.';
    }
  };
}

export function createProvider(issuer: string, settings: ProviderSettings): Provider {
  const people = new Map<string, SignInPerson>();
  const apps = new Map<string, SignInApp>();
  for (const persona of settings.personas) {
    if (persona.kind === 'person') people.set(persona.login, persona);
    else apps.set(persona.login, persona);
  }
  const firstParty: ClientMetadata[] = Object.values(FIRST_PARTY_APPS).map((clientId) => ({
    client_id: clientId,
    application_type: 'native',
    token_endpoint_auth_method: 'none',
    redirect_uris: [SIGN_IN_REDIRECT_URI],
    grant_types: ['authorization_code'],
    response_types: ['code'],
  }));
  const machines: ClientMetadata[] = [...apps.values()].map((app) => ({
    client_id: app.login,
    client_name: app.name,
    client_secret: app.secret,
    grant_types: ['client_credentials'],
    response_types: [],
    redirect_uris: [],
  }));

  const provider = new Provider(issuer, {
    clients: [...firstParty, ...machines],
    jwks: { keys: settings.signingKeys },
    cookies: { keys: settings.cookieKeys },
    clientDefaults: { id_token_signed_response_alg: SIGNING_ALG },
    responseTypes: ['code'],
    scopes: ['openid'],
    // Every code flow proves its PKCE verifier, as OAuth 2.1 asks.
    pkce: { required: () => true },
    ttl: {
      AccessToken: settings.accessTokenTtlS ?? ACCESS_TOKEN_TTL_S,
      ClientCredentials: settings.accessTokenTtlS ?? ACCESS_TOKEN_TTL_S,
      IdToken: ACCESS_TOKEN_TTL_S,
      Interaction: 10 * 60,
      // A working day's shift: staff sign in once a day.
      Session: 10 * 3_600,
      Grant: 10 * 3_600,
    },
    // A browser app of Omnigraph's (the console, on a loopback port) calls the token endpoint from
    // its own origin: allowed for a public first-party app by the rule its redirect is (RFC 8252, any port).
    clientBasedCORS: (_ctx, origin, client) =>
      client.clientAuthMethod === 'none' && (client.redirectUris ?? []).some((uri) => loopbackOriginMatches(uri, origin)),
    async findAccount(_ctx, sub) {
      return people.has(sub) ? { accountId: sub, claims: () => ({ sub }) } : undefined;
    },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => GRAPH_RESOURCE,
        // A client that asked for the graph at sign-in need not name it again at the token endpoint.
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, resource, client) => {
          if (resource !== GRAPH_RESOURCE) throw new errors.InvalidTarget();
          const app = apps.get(client.clientId);
          return {
            // A person's roles narrow a first-party app's scopes at consent; an app has its roles' scopes.
            scope: (app ? scopesOf(app.roles) : ALL_SCOPES).join(' '),
            audience: GRAPH_RESOURCE,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: SIGNING_ALG } },
          };
        },
      },
    },
    async extraTokenClaims(_ctx, token) {
      if (token.kind === 'ClientCredentials') {
        const app = apps.get(token.clientId ?? '');
        return app && { roles: app.roles };
      }
      const person = people.get(token.accountId ?? '');
      if (!person) return undefined;
      return {
        roles: person.roles,
        ...(person.customerId ? { customer_id: person.customerId } : {}),
        ...(person.stores.length ? { stores: person.stores } : {}),
      };
    },
  });
  provider.use(interactions(provider, people));
  return provider;
}
