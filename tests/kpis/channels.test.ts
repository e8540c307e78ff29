import { locationId } from '../../lib/ids';
import { webOrderChannel, webOrderStore } from '../../subgraphs/kpis/channels';

/**
 * The rule that tells a web shop order's channel and store from what the shop keeps: the note
 * Omnigraph's checkout and endless aisle write first on each order (subgraphs/commerce/checkout.ts).
 */
const order = (
  notes: (string | null)[],
  fulfilment: { method: string; locationId: string | null } = { method: 'SHIP_TO_HOME', locationId: null },
) => ({
  statusHistory: notes.map((note) => ({ status: 'PROCESSING' as const, at: '2026-11-20T03:30:00Z', note })),
  fulfilment: fulfilment as Parameters<typeof webOrderStore>[0]['fulfilment'],
});

describe('the channel and store of a web shop order', () => {
  it.each([
    [['Đơn hàng đã được tạo', 'Đã xác nhận đơn hàng'], 'WEB'],
    [['Ordered on the website. Ships from 1100 (reservation 1000007).'], 'WEB'],
    [[null, 'Ordered in the app. Ready for pickup at Sao Mai Quận 1: the items are set aside (reservation 1000009).'], 'APP'],
    [['Ordered on a store tablet. Ships from 1100 (reservation 1000010).'], 'ASSISTED'],
    [['Ordered through the call center. Ships from 1100 (reservation 1000011).'], 'ASSISTED'],
    [['Ordered at store 102 by associate NV311 for Nguyễn Thu Yến. Ships from 1100 (reservation 1000012).'], 'ASSISTED'],
  ])('%j is %s', (notes, channel) => {
    expect(webOrderChannel(order(notes))).toBe(channel);
  });

  it('is at the store it is collected at, or the store an associate ordered it at; a delivery ordered online is at none', () => {
    expect(webOrderStore(order(['Ordered in the app.'], { method: 'PICKUP_IN_STORE', locationId: locationId('S101') }))).toBe(
      locationId('S101'),
    );
    expect(webOrderStore(order(['Ordered at store 102 by associate NV311 for Lan.']))).toBe(locationId('S102'));
    expect(webOrderStore(order(['Ordered on the website.'], { method: 'SHIP_FROM_STORE', locationId: locationId('S103') }))).toBeNull();
  });
});
