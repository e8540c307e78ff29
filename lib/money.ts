/** Money as the graph speaks it: a decimal string in the currency's minor units, never a float. */
export interface Money {
  amount: string;
  currencyCode: string;
}

/** ISO 4217 minor units of the currencies the retailer trades in. */
const MINOR_UNITS: Record<string, number> = { VND: 0, USD: 2, EUR: 2 };

export function minorUnitsOf(currencyCode: string): number {
  const units = MINOR_UNITS[currencyCode];
  if (units === undefined) throw new Error(`unsupported currency ${currencyCode}`);
  return units;
}

const DECIMAL = /^(-?)(\d{1,30})(?:\.(\d*))?$/;

/** Decimal text scaled to `digits` decimals as an integer, rounded half away from zero; null when it is not decimal text. Never through a float. */
function scaledDecimal(text: string, digits: number): { value: bigint; exact: boolean } | null {
  const match = DECIMAL.exec(text.trim());
  if (!match) return null;
  const [, sign, whole, fraction = ''] = match;
  const kept = BigInt(whole + fraction.padEnd(digits, '0').slice(0, digits));
  const roundUp = fraction.length > digits && Number(fraction[digits]) >= 5 ? 1n : 0n;
  const magnitude = kept + roundUp;
  return { value: sign === '-' ? -magnitude : magnitude, exact: fraction.length <= digits };
}

/** Decimal text with at most `digits` decimals as an integer of that scale ("-179333.33", 2 → -17933333n); null otherwise. */
export function exactScaledDecimal(text: string, digits: number): bigint | null {
  const scaled = scaledDecimal(text, digits);
  return scaled?.exact ? scaled.value : null;
}

/** Whole minor units from decimal text ("125000.00") or a JSON number, rounded half away from zero. */
export function toMinorUnits(value: string | number, currencyCode: string): bigint {
  const digits = minorUnitsOf(currencyCode);
  const text = typeof value === 'number' ? value.toFixed(digits + 2) : value;
  const scaled = scaledDecimal(text, digits);
  if (!scaled) throw new Error(`not a decimal amount: ${text}`);
  return scaled.value;
}

export function moneyFromMinor(minor: bigint, currencyCode: string): Money {
  const digits = minorUnitsOf(currencyCode);
  const negative = minor < 0n;
  const text = (negative ? -minor : minor).toString().padStart(digits + 1, '0');
  const amount = digits === 0 ? text : `${text.slice(0, -digits)}.${text.slice(-digits)}`;
  return { amount: negative ? `-${amount}` : amount, currencyCode };
}

/** Money from a legacy amount, whatever form the system sends it in. */
export function money(value: string | number, currencyCode: string): Money {
  return moneyFromMinor(toMinorUnits(value, currencyCode), currencyCode);
}
