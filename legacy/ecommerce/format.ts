const pad = (n: number) => (n < 10 ? `0${n}` : String(n));

/** Magento writes instants as UTC text without a zone marker: "2026-11-20 03:30:00". Hot in the large load. */
export function magentoTime(instant: Date): string {
  return `${instant.getUTCFullYear()}-${pad(instant.getUTCMonth() + 1)}-${pad(instant.getUTCDate())} ${pad(instant.getUTCHours())}:${pad(instant.getUTCMinutes())}:${pad(instant.getUTCSeconds())}`;
}

/** Amounts are floats with at most two decimals, as the sales tables store them. */
export function money(amount: number): number {
  return Math.round(amount * 100) / 100;
}

/** EAV decimal attributes (special_price) read back as strings with six decimals. */
export function decimalText(amount: number): string {
  return amount.toFixed(6);
}

/** What the offline-refund history comment shows, e.g. "₫199,000.00". */
export function formatVnd(amount: number): string {
  return `₫${amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

export const COUNTRY = 'VN';
export const CURRENCY = 'VND';
export const WEBSITE_ID = 1;
export const STORE_ID = 1;
export const STOCK_ID = 1;
