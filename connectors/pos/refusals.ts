import { BusinessRuleError } from '../../lib/errors';
import type { NewStoreTransaction } from './records';
import { documentOf, text } from './wire';

/** The head office's refusals of a posting, as errors in retail terms the counter can show. */

/** "LineItem 2: ..." names the line the head office refused; item lines come first, in the order of `tx.lines`. */
function refusedLine(message: string, tx: NewStoreTransaction): number | null {
  const match = /^LineItem (\d+)\b/.exec(message);
  const index = match ? Number(match[1]) - 1 : -1;
  return index >= 0 && index < tx.lines.length ? index : null;
}

/** A refusal the caller can act on, in retail terms; anything else means we built a bad document. */
export function refusalOf(xml: string, tx: NewStoreTransaction): Error {
  const error = documentOf(xml, 'Error');
  const code = text(error, 'Code') ?? '';
  const detail = text(error, 'Message') ?? '';
  const line = refusedLine(detail, tx);
  const lineField = line === null ? null : ['lines', String(line)];
  const sku = line === null ? 'An item' : `Item ${tx.lines[line].sku}`;
  switch (code) {
    case 'UnknownItem':
      return new BusinessRuleError('UNKNOWN_SKU', `${sku} is not sold in stores.`, lineField);
    case 'InvalidQuantity':
      return new BusinessRuleError('INVALID_QUANTITY', `${sku} needs a positive whole quantity.`, lineField);
    case 'UnknownStore':
      return new BusinessRuleError('UNKNOWN_LOCATION', `There is no store ${tx.retailStoreId}.`);
    case 'UnknownWorkstation':
      return new BusinessRuleError('UNKNOWN_LOCATION', `Store ${tx.retailStoreId} has no till ${tx.workstationId}.`);
    case 'ReturnQuantityExceeded':
      return new BusinessRuleError('RETURN_QUANTITY_EXCEEDED', 'More items are being returned than were bought.', lineField);
    case 'BusinessDayClosed':
      return new BusinessRuleError(
        'BUSINESS_DAY_CLOSED',
        `Store ${tx.retailStoreId} has closed its business day; try again once the next one opens.`,
      );
    case 'DuplicateTransaction':
      return new BusinessRuleError('DUPLICATE_TRANSACTION', 'This transaction has already been recorded.');
    default:
      return new Error(`the POS refused a ${tx.kind} posting: ${code} ${detail}`);
  }
}
