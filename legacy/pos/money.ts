/**
 * Money as the POS prints it: decimal text with two places ("125000.00") and a CurrencyCode.
 * Amounts are held as integer hundredths of a dong so sums stay exact (a return of one unit
 * of a discounted multi-unit line refunds a fraction of a dong).
 */
export const CURRENCY = 'VND';

const DECIMAL_TEXT = /^(-?)(\d{1,15})(?:\.(\d{1,2}))?$/;

/** Whole or fractional dong from the world, as stored hundredths. */
export function toHundredths(dong: number): number {
  return Math.round(dong * 100);
}

/** Stored hundredths as the POS writes them: "-179333.33". */
export function formatAmount(hundredths: number): string {
  const sign = hundredths < 0 ? '-' : '';
  const absolute = Math.abs(hundredths);
  return `${sign}${Math.floor(absolute / 100)}.${String(absolute % 100).padStart(2, '0')}`;
}

/** Decimal text from a till ("125000", "125000.5", "-12.00") to hundredths; null if it is not an amount. */
export function parseAmount(text: string): number | null {
  const match = DECIMAL_TEXT.exec(text.trim());
  if (!match) return null;
  const [, sign, whole, fraction = ''] = match;
  const hundredths = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  return sign === '-' ? -hundredths : hundredths;
}
