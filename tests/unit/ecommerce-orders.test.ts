import { fulfilmentOf, MagentoOrder, orderStatusOf, plantOfSource, statusHistoryOf, webOrderOf } from '../../connectors/ecommerce';

const location = (plant: string) => Buffer.from(`Location:${plant}`).toString('base64url');

/** A delivered order as Magento answers it: floats, zoneless UTC times, history newest first. */
function order(patch: Partial<MagentoOrder> = {}): MagentoOrder {
  return {
    increment_id: '000000042',
    customer_id: 7,
    customer_email: 'Lan.Tran@Gmail.com',
    customer_is_guest: 0,
    created_at: '2026-11-19 23:30:00',
    updated_at: '2026-11-21 02:00:00',
    state: 'complete',
    status: 'complete',
    order_currency_code: 'VND',
    subtotal: 458000,
    discount_amount: -45800,
    shipping_amount: 30000,
    grand_total: 442200,
    items: [{ sku: 'AT-0001-XA-S', name: 'Áo thun - S', qty_ordered: 2, price: 229000, row_total: 458000, discount_amount: 45800 }],
    status_histories: [
      { entity_id: 3, comment: 'Đã giao hàng thành công', status: 'complete', created_at: '2026-11-21 02:00:00' },
      { entity_id: 2, comment: 'Đã xác nhận đơn hàng', status: 'processing', created_at: '2026-11-20 00:30:00' },
      { entity_id: 1, comment: 'Đơn hàng đã được tạo', status: 'pending', created_at: '2026-11-19 23:30:00' },
    ],
    extension_attributes: { shipping_assignments: [{ shipping: { method: 'flatrate_flatrate' } }] },
    ...patch,
  };
}

const pickup = (patch: Partial<MagentoOrder> = {}) =>
  order({
    extension_attributes: { shipping_assignments: [{ shipping: { method: 'instore_pickup' } }], pickup_location_code: 'store_105' },
    ...patch,
  });
const readyNote = (comment: string) => ({ entity_id: 9, comment, status: 'processing', created_at: '2026-11-20 06:00:00' });

describe('a Magento order in the graph', () => {
  it('gives times in UTC with their zone, money as decimal strings, the order discount positive', () => {
    const record = webOrderOf(order());
    expect(record.placedAt).toBe('2026-11-19T23:30:00Z');
    expect(record.totals).toEqual({
      subtotal: { amount: '458000', currencyCode: 'VND' },
      discount: { amount: '45800', currencyCode: 'VND' },
      shipping: { amount: '30000', currencyCode: 'VND' },
      total: { amount: '442200', currencyCode: 'VND' },
      refunded: { amount: '0', currencyCode: 'VND' },
    });
    expect(record.lines).toEqual([
      {
        sku: 'AT-0001-XA-S',
        name: 'Áo thun - S',
        quantity: 2,
        unitPrice: { amount: '229000', currencyCode: 'VND' },
        discount: { amount: '45800', currencyCode: 'VND' },
        total: { amount: '412200', currencyCode: 'VND' },
      },
    ]);
    expect(record).toMatchObject({ number: '000000042', customerId: 7, email: 'Lan.Tran@Gmail.com', placedAsGuest: false });
  });

  it('rounds float noise away instead of carrying it into the amounts', () => {
    const record = webOrderOf(order({ order_currency_code: 'USD', subtotal: 0.1 + 0.2, discount_amount: -0, grand_total: 19.999999 }));
    expect(record.totals.subtotal.amount).toBe('0.30');
    expect(record.totals.discount.amount).toBe('0.00');
    expect(record.totals.total.amount).toBe('20.00');
  });

  it('reads a guest order, which has no customer id, and a refunded total once a credit memo exists', () => {
    const record = webOrderOf(order({ customer_id: undefined, customer_is_guest: 1, total_refunded: 229000 }));
    expect(record).toMatchObject({
      customerId: null,
      placedAsGuest: true,
      totals: { refunded: { amount: '229000', currencyCode: 'VND' } },
    });
  });

  it.each([
    ['new', 'pending', 'PENDING'],
    ['new', 'processing', 'PROCESSING'],
    ['processing', 'processing', 'PROCESSING'],
    ['holded', 'holded', 'PROCESSING'],
    ['complete', 'complete', 'COMPLETED'],
    ['canceled', 'canceled', 'CANCELLED'],
    ['closed', 'closed', 'REFUNDED'],
  ])('maps state %s with status %s to %s', (state, status, expected) => {
    expect(orderStatusOf(order({ state, status }))).toBe(expected);
  });

  it('reads a complete order that a credit memo took part of back as PARTIALLY_REFUNDED', () => {
    expect(orderStatusOf(order({ total_refunded: 229000 }))).toBe('PARTIALLY_REFUNDED');
    expect(orderStatusOf(order({ total_refunded: 0 }))).toBe('COMPLETED');
  });

  describe('ready for pickup', () => {
    const open = (histories: MagentoOrder['status_histories'], build = pickup) =>
      build({ state: 'processing', status: 'processing', status_histories: histories });

    it("when a click & collect order's latest note says it waits at the store, in Vietnamese or English", () => {
      expect(orderStatusOf(open([readyNote('Sẵn sàng nhận tại cửa hàng Sao Mai Quận 1')]))).toBe('READY_FOR_PICKUP');
      expect(orderStatusOf(open([readyNote('Ready for pickup at the counter')]))).toBe('READY_FOR_PICKUP');
    });

    it('also when the note came in decomposed Unicode', () => {
      expect(orderStatusOf(open([readyNote('Sẵn sàng nhận tại cửa hàng'.normalize('NFD'))]))).toBe('READY_FOR_PICKUP');
    });

    it('not for an order shipped to the customer, nor when a later note says something else', () => {
      expect(orderStatusOf(open([readyNote('Sẵn sàng nhận tại cửa hàng')], order))).toBe('PROCESSING');
      const later = { entity_id: 10, comment: 'Khách hẹn nhận vào thứ Hai', status: 'processing', created_at: '2026-11-20 07:00:00' };
      expect(orderStatusOf(open([later, readyNote('Sẵn sàng nhận tại cửa hàng')]))).toBe('PROCESSING');
    });
  });

  describe('status history', () => {
    it("lists Magento's newest-first history oldest first, same-second entries in the order they were written", () => {
      const history = statusHistoryOf(
        order({
          status_histories: [
            { entity_id: 5, comment: 'Đã giao hàng thành công', status: 'complete', created_at: '2026-11-20 03:30:00' },
            { entity_id: 4, comment: 'Đã xác nhận đơn hàng', status: 'processing', created_at: '2026-11-20 03:30:00' },
            { entity_id: 1, comment: 'Đơn hàng đã được tạo', status: 'pending', created_at: '2026-11-20 02:59:59' },
          ],
        }),
      );
      expect(history).toEqual([
        { status: 'PENDING', at: '2026-11-20T02:59:59Z', note: 'Đơn hàng đã được tạo' },
        { status: 'PROCESSING', at: '2026-11-20T03:30:00Z', note: 'Đã xác nhận đơn hàng' },
        { status: 'COMPLETED', at: '2026-11-20T03:30:00Z', note: 'Đã giao hàng thành công' },
      ]);
    });

    it('names the ready-for-pickup note, the partial refund note, and carries a status over entries without one', () => {
      const history = statusHistoryOf(
        pickup({
          status_histories: [
            { entity_id: 4, comment: 'We refunded ₫229,000.00 offline.', status: 'complete', created_at: '2026-11-22 00:00:00' },
            { entity_id: 3, comment: 'Khách đã nhận hàng tại cửa hàng', status: 'complete', created_at: '2026-11-21 00:00:00' },
            { entity_id: 2, comment: 'Khách gọi hỏi giờ mở cửa', created_at: '2026-11-20 09:00:00' },
            readyNote('Sẵn sàng nhận tại cửa hàng Sao Mai Quận 1'),
            { entity_id: 1, status: 'pending', created_at: '2026-11-19 23:30:00' },
          ],
        }),
      );
      expect(history.map((entry) => [entry.status, entry.note])).toEqual([
        ['PENDING', null],
        ['READY_FOR_PICKUP', 'Sẵn sàng nhận tại cửa hàng Sao Mai Quận 1'],
        ['READY_FOR_PICKUP', 'Khách gọi hỏi giờ mở cửa'],
        ['COMPLETED', 'Khách đã nhận hàng tại cửa hàng'],
        ['PARTIALLY_REFUNDED', 'We refunded ₫229,000.00 offline.'],
      ]);
    });
  });

  describe('fulfilment', () => {
    it('is a pickup at the store the customer chose', () => {
      expect(fulfilmentOf(pickup())).toEqual({ method: 'PICKUP_IN_STORE', locationId: location('S105') });
    });

    it('ships from a store or from a warehouse, by the source the shop names', () => {
      const from = (source_code: string) =>
        fulfilmentOf(
          order({ extension_attributes: { shipping_assignments: [{ shipping: { method: 'flatrate_flatrate' } }], source_code } }),
        );
      expect(from('store_112')).toEqual({ method: 'SHIP_FROM_STORE', locationId: location('S112') });
      expect(from('wh_bac_ninh')).toEqual({ method: 'SHIP_TO_HOME', locationId: location('1200') });
      expect(from('somewhere_else')).toEqual({ method: 'SHIP_TO_HOME', locationId: null });
    });

    it('ships to the home, from no known location, when the shop does not name a source', () => {
      expect(fulfilmentOf(order())).toEqual({ method: 'SHIP_TO_HOME', locationId: null });
    });

    it('maps every web shop source to its ERP plant', () => {
      expect([
        plantOfSource('store_101'),
        plantOfSource('wh_binh_duong'),
        plantOfSource('wh_bac_ninh'),
        plantOfSource('wh_da_nang'),
        plantOfSource(null),
      ]).toEqual(['S101', '1100', '1200', '1300', null]);
    });
  });
});
