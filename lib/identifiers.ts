import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

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
  if (known !== undefined) return known;
  const phone = parsePhoneNumberFromString(key, HOME_REGION);
  const e164 = phone?.isValid() ? phone.number : null;
  if (parsed.size >= PARSED_LIMIT) parsed.clear();
  parsed.set(key, e164);
  return e164;
}

const PARSED_LIMIT = 500_000;
const parsed = new Map<string, string | null>();

/** Emails compare case-insensitively in every system we know; surrounding blanks are typos. */
export function normalizeEmail(raw: string | null | undefined): string | null {
  const email = raw?.trim().toLowerCase();
  return email && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) ? email : null;
}
