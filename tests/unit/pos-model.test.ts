import type { Receipt, ReceiptLine } from '../../connectors/pos';
import { storeOrderId } from '../../lib/ids';
import {
  discountOf,
  orderLinesOf,
  receiptKeyOfOrderId,
  receiptNumber,
  refundedBy,
  statusHistoryOf,
  statusOf,
  subtotalOf,
} from '../../subgraphs/pos/model';

/** Store receipts read as orders: numbers, ids, refund status from the returns that reference them, totals. */

const line = (sku: string, quantity: number, unitPrice: bigint, discount = 0n): ReceiptLine => ({
  sku,
  description: sku,
  quantity,
  unitPrice,
  gross: unitPrice * BigInt(quantity),
  discount,
  disposition: null,
});

function receipt(partial: Partial<Receipt> & Pick<Receipt, 'kind' | 'sequenceNumber' | 'lines' | 'total' | 'endedAt'>): Receipt {
  const base = { retailStoreId: '101', workstationId: 2, businessDay: partial.endedAt.slice(0, 10) };
  const parts = { ...base, ...partial };
  return {
    key: `${parts.retailStoreId}-${parts.workstationId}-${parts.sequenceNumber}-${parts.businessDay}`,
    startedAt: partial.endedAt,
    currencyCode: 'VND',
    tenders: [],
    loyaltyCard: null,
    phone: null,
    returnOf: null,
    webOrderNumber: null,
    ...parts,
  };
}

const sale = receipt({
  kind: 'Sale',
  sequenceNumber: 1045,
  endedAt: '2026-11-04T16:34:32+07:00',
  lines: [line('VD-0005-DO-L', 2, 63_900_000n, 26_800_000n), line('QS-0004-BE-L', 1, 19_900_000n)],
  total: 120_900_000n,
});
const returnOf = (sequenceNumber: number, endedAt: string, lines: ReceiptLine[], total: bigint) =>
  receipt({ kind: 'Return', retailStoreId: '102', sequenceNumber, endedAt, lines, total, returnOf: sale.key });

describe('store receipts as orders', () => {
  it('numbers a receipt by store and zero-padded sequence, and keeps an opaque id that leads back to it', () => {
    expect(receiptNumber(sale)).toBe('101-001045');
    const id = storeOrderId(sale);
    expect(id).not.toContain('101');
    expect(receiptKeyOfOrderId(id)).toEqual({ retailStoreId: '101', workstationId: 2, sequenceNumber: 1045, businessDay: '2026-11-04' });
    expect(receiptKeyOfOrderId(Buffer.from('WebOrder:000000123').toString('base64url'))).toBeNull();
    expect(receiptKeyOfOrderId(Buffer.from('StoreOrder:nonsense').toString('base64url'))).toBeNull();
  });

  it('is COMPLETED with no returns', () => {
    expect(statusOf(sale, [])).toBe('COMPLETED');
    expect(statusHistoryOf(sale, [])).toEqual([{ status: 'COMPLETED', at: sale.endedAt, note: null }]);
  });

  it('moves to PARTIALLY_REFUNDED, then REFUNDED once every unit came back, oldest first', () => {
    const later = returnOf(
      2002,
      '2026-11-09T10:00:00+07:00',
      [line('VD-0005-DO-L', 1, 63_900_000n, 13_400_000n), line('QS-0004-BE-L', 1, 19_900_000n)],
      -70_400_000n,
    );
    const first = returnOf(2001, '2026-11-06T10:00:00+07:00', [line('VD-0005-DO-L', 1, 63_900_000n, 13_400_000n)], -50_500_000n);
    expect(statusOf(sale, [first])).toBe('PARTIALLY_REFUNDED');
    expect(statusHistoryOf(sale, [later, first])).toEqual([
      { status: 'COMPLETED', at: '2026-11-04T16:34:32+07:00', note: null },
      { status: 'PARTIALLY_REFUNDED', at: '2026-11-06T10:00:00+07:00', note: 'Returned in store 102 on receipt 102-002001' },
      { status: 'REFUNDED', at: '2026-11-09T10:00:00+07:00', note: 'Returned in store 102 on receipt 102-002002' },
    ]);
    expect(refundedBy(sale, [first, later])).toEqual({ amount: '1209000', currencyCode: 'VND' });
  });

  it('totals gross lines, discounts and refunds exactly, rounding a fractional dong only at the end', () => {
    expect(subtotalOf(sale)).toEqual({ amount: '1477000', currencyCode: 'VND' });
    expect(discountOf(sale)).toEqual({ amount: '268000', currencyCode: 'VND' });
    const thirds = [
      returnOf(2001, '2026-11-06T10:00:00+07:00', [], -33_333_333n),
      returnOf(2002, '2026-11-07T10:00:00+07:00', [], -33_333_333n),
    ];
    expect(refundedBy(sale, thirds).amount).toBe('666667');
  });

  it('lists lines with unit price, discount and the net line total', () => {
    expect(orderLinesOf(sale)[0]).toEqual({
      sku: 'VD-0005-DO-L',
      name: 'VD-0005-DO-L',
      quantity: 2,
      unitPrice: { amount: '639000', currencyCode: 'VND' },
      discount: { amount: '268000', currencyCode: 'VND' },
      total: { amount: '1010000', currencyCode: 'VND' },
      variant: { sku: 'VD-0005-DO-L' },
    });
  });
});
