import { createHash, timingSafeEqual } from 'node:crypto';

/** The `/__admin` token outside production, so tests, benches and a developer's curl need no setup. */
export const DEVELOPMENT_ADMIN_TOKEN = 'legacy-admin-dev-token';

/** The token the `/__admin` routes require: `LEGACY_ADMIN_TOKEN`, which production must set. */
export function adminToken(env: NodeJS.ProcessEnv = process.env): string {
  if (env.LEGACY_ADMIN_TOKEN) return env.LEGACY_ADMIN_TOKEN;
  if (env.NODE_ENV === 'production') throw new Error('LEGACY_ADMIN_TOKEN must be set in production');
  return DEVELOPMENT_ADMIN_TOKEN;
}

/** The headers an admin call sends to a stand-in started with `env`. */
export function adminHeaders(env: NodeJS.ProcessEnv = process.env): { authorization: string } {
  return { authorization: `Bearer ${adminToken(env)}` };
}

// Digests have one length whatever was sent, so the comparison's time says nothing about the token.
const digest = (text: string) => createHash('sha256').update(text).digest();

/** Checks an Authorization header against the token in constant time. */
export function adminTokenCheck(token: string): (authorization: string | undefined) => boolean {
  const expected = digest(token);
  return (authorization) => {
    const given = /^Bearer +(\S+) *$/i.exec(authorization ?? '')?.[1];
    return given !== undefined && timingSafeEqual(digest(given), expected);
  };
}
