import { createHmac, timingSafeEqual } from 'node:crypto';

/** The app's credentials on the marketplace's partner platform. */
export interface PartnerCredentials {
  partnerId: number;
  partnerKey: string;
}

/** Development defaults; set MARKETPLACE_PARTNER_ID and MARKETPLACE_PARTNER_KEY to change them. */
export function partnerFrom(env: NodeJS.ProcessEnv): PartnerCredentials {
  return {
    partnerId: Number(env.MARKETPLACE_PARTNER_ID ?? 2_001_887),
    partnerKey: env.MARKETPLACE_PARTNER_KEY ?? 'marketplace-dev-partner-key',
  };
}

const hmac = (key: string, text: string) => createHmac('sha256', key).update(text).digest('hex');

/**
 * The request sign: hex HMAC-SHA256 with the partner key over partner_id, the API path and the
 * timestamp, and for shop calls the access token and shop id after them.
 */
export function requestSign(
  partner: PartnerCredentials,
  apiPath: string,
  timestamp: number,
  shop?: { accessToken: string; shopId: number },
): string {
  return hmac(partner.partnerKey, `${partner.partnerId}${apiPath}${timestamp}${shop ? `${shop.accessToken}${shop.shopId}` : ''}`);
}

/** A push's Authorization header: hex HMAC-SHA256 with the partner key over the callback URL, `|` and the raw body. */
export function pushSign(partnerKey: string, url: string, body: string): string {
  return hmac(partnerKey, `${url}|${body}`);
}

/** Compares two hex signs in constant time. */
export function sameSign(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
