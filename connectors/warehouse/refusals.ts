import { BusinessRuleError } from '../../lib/errors';

/** How the ERP's refused writes (OData errors named by T100 message) become retail codes. */

/** The body SAP's Gateway answers a refused call with. */
export interface ODataErrorAnswer {
  error?: { code?: string; message?: { value?: string } };
}

/** M7/021 "Deficit of SL Unrestricted-use 2 PC : TS-0001-XA-M S101 0001": how many, of what, where. */
const DEFICIT = /(\d+) PC : (\S+) (\S+) (\S+)$/;

/** A refused write: stock or material problems the caller can act on; anything else is a request we built wrong. */
export function refusalOf(answer: ODataErrorAnswer | string): Error {
  const error = typeof answer === 'object' && answer !== null ? answer.error : undefined;
  const message = error?.message?.value ?? '';
  switch (error?.code) {
    case 'M7/021': {
      const deficit = DEFICIT.exec(message);
      return new BusinessRuleError(
        'INSUFFICIENT_STOCK',
        deficit ? `Not enough stock of ${deficit[2]} at ${deficit[3]}: ${deficit[1]} short.` : 'Not enough stock for every item.',
      );
    }
    case 'M3/305': {
      const sku = /material (\S+)/.exec(message)?.[1];
      return new BusinessRuleError('UNKNOWN_SKU', sku ? `Item ${sku} is not stocked.` : 'An item is not stocked.');
    }
    default:
      return new Error(`the ERP refused a write: ${error?.code ?? 'no OData error'} ${message}`);
  }
}
