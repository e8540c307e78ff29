import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { LRUCache } from 'lru-cache';

/** The region a phone number without a country code belongs to: the retailer's home market. */
export const HOME_REGION = 'VN';

/**
 * E.164 for a phone as anyone typed it ('0901 234 567', '+84 901234567', '84-901-234-567'),
 * or null when it is not a valid number. Full metadata: validity, not just length.
 */
export function normalizePhone(raw: string | null | undefined): string | null {
  if (!raw) return null;
  // Parsing with full metadata costs tens of microseconds; separators never change the answer.
  const key = raw.replace(/[^\d+]/g, '');
  const known = parsed.get(key);
  if (known !== undefined) return known === INVALID ? null : known;
  const phone = parsePhoneNumberFromString(key, HOME_REGION);
  const e164 = phone?.isValid() ? phone.number : null;
  parsed.set(key, e164 ?? INVALID);
  return e164;
}

/** lru-cache keeps no null values: an invalid number is remembered as this. */
const INVALID = '';
/** The phones of a large directory, bounded: the least recently used go first. */
const parsed = new LRUCache<string, string>({ max: 200_000 });

/** Emails compare case-insensitively in every system we know; surrounding blanks are typos. */
export function normalizeEmail(raw: string | null | undefined): string | null {
  const email = raw?.trim().toLowerCase();
  return email && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) ? email : null;
}

/** How a channel knows a customer (identity's `CustomerIdentifierKind`). */
export type IdentifierKind = 'EMAIL' | 'PHONE' | 'LOYALTY_CARD' | 'CRM_PARTNER_ID' | 'WEB_CUSTOMER_ID' | 'ZALO' | 'FACEBOOK';

/** An identifier as a channel typed it, normalised; null when it cannot be one (a malformed phone or email). */
export function normalizedIdentifier(kind: IdentifierKind, value: string): string | null {
  switch (kind) {
    case 'EMAIL':
      return normalizeEmail(value);
    case 'PHONE':
      return normalizePhone(value);
    case 'LOYALTY_CARD': {
      // Read off the card, typed with the spaces it is printed with: `2600 4272 8816`.
      const code = value.replace(/\s+/g, '');
      return /^[0-9A-Za-z-]{4,40}$/.test(code) ? code : null;
    }
    case 'CRM_PARTNER_ID':
    case 'WEB_CUSTOMER_ID':
      return /^\d{1,12}$/.test(value.trim()) ? String(Number(value.trim())) : null;
    // A Zalo follower id and a Facebook page-scoped id are numeric text; kept as text, as JS numbers would round them.
    case 'ZALO':
    case 'FACEBOOK':
      return /^[1-9]\d{5,24}$/.test(value.trim()) ? value.trim() : null;
  }
}
