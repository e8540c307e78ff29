import { createHmac, timingSafeEqual } from 'node:crypto';

/** The marketplace's signs: every request, and every push it sends us (HMAC-SHA256 with the partner key, hex). */

/** The app's credentials on the marketplace's partner platform. */
export interface PartnerCredentials {
  partnerId: number;
  partnerKey: string;
}

const hmac = (key: string, text: string) => createHmac('sha256', key).update(text).digest('hex');

/**
 * A request's sign: over partner_id, the API path (no host, no query: `/api/v2/order/get_order_list`)
 * and the unix timestamp, then for shop calls the access token and shop id.
 */
export function requestSign(
  partner: PartnerCredentials,
  apiPath: string,
  timestamp: number,
  shop?: { accessToken: string; shopId: number },
): string {
  return hmac(partner.partnerKey, `${partner.partnerId}${apiPath}${timestamp}${shop ? `${shop.accessToken}${shop.shopId}` : ''}`);
}

/**
 * Whether a push came from the marketplace: its Authorization header is the sign over our callback
 * URL as registered, `|`, and the raw body exactly as received (before any JSON parsing).
 */
export function isSignedPush(partnerKey: string, callbackUrl: string, rawBody: string, authorization: string | undefined): boolean {
  if (typeof authorization !== 'string') return false;
  const given = Buffer.from(authorization.trim().toLowerCase());
  const expected = Buffer.from(hmac(partnerKey, `${callbackUrl}|${rawBody}`));
  return given.length === expected.length && timingSafeEqual(given, expected);
}
