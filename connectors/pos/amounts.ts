import { exactScaledDecimal } from '../../lib/money';
import type { Hundredths } from './records';
import { PosAnswerError } from './wire';

/** Amounts as the POS writes them: decimal text, read and written exactly in hundredths. */

/** Decimal text ("1278000.00", "-179333.33") as hundredths, exactly: the POS never writes more than two decimals. */
export function parseAmount(text: string): Hundredths {
  const hundredths = exactScaledDecimal(text, 2);
  if (hundredths === null) throw new PosAnswerError(`not an amount: "${text}"`);
  return hundredths;
}

/** Hundredths back as decimal text, for lib/money to round into the currency's minor units. */
export function formatAmount(hundredths: Hundredths): string {
  const sign = hundredths < 0n ? '-' : '';
  const absolute = hundredths < 0n ? -hundredths : hundredths;
  return `${sign}${absolute / 100n}.${String(absolute % 100n).padStart(2, '0')}`;
}
