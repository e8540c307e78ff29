import { available, distanceKm, onHand, reserved } from '../../lib/stock';
import { knownLevels, LocatedFigures, nearestStores, validateNearbyRequest } from '../../subgraphs/inventory/model';

const SAIGON = { latitude: 10.7769, longitude: 106.7009 };

function level(
  id: string,
  latitude: number,
  longitude: number,
  figures: Partial<LocatedFigures> = {},
  kind: 'STORE' | 'WAREHOUSE' = 'STORE',
): LocatedFigures {
  return {
    locationId: id,
    erpOnHand: 10,
    erpReserved: 0,
    unpostedSales: 0,
    location: { kind, coordinates: { latitude, longitude } },
    ...figures,
  };
}

describe('stock a customer can count on', () => {
  it('takes today’s unposted sales off the ERP’s figure, and reservations off what is there', () => {
    expect(onHand({ erpOnHand: 12, unpostedSales: 3 })).toBe(9);
    expect(available({ erpOnHand: 12, unpostedSales: 3, erpReserved: 4 })).toBe(5);
    expect(reserved({ erpReserved: 4 })).toBe(4);
  });

  it('never counts below nothing: a shelf sold empty, reservations beyond the stock', () => {
    expect(onHand({ erpOnHand: 3, unpostedSales: 3 })).toBe(0);
    expect(onHand({ erpOnHand: 1, unpostedSales: 2 })).toBe(0);
    expect(available({ erpOnHand: 5, unpostedSales: 0, erpReserved: 7 })).toBe(0);
  });

  it('refuses to guess a figure the gateway did not send', () => {
    expect(() => onHand({ erpOnHand: 3 })).toThrow('unpostedSales');
    expect(() => reserved({})).toThrow('erpReserved');
  });
});

describe('distance', () => {
  it('is the great-circle distance in km', () => {
    expect(distanceKm(SAIGON, SAIGON)).toBe(0);
    // One degree along a meridian is 1/360 of the Earth's mean circumference.
    expect(distanceKm({ latitude: 0, longitude: 0 }, { latitude: 1, longitude: 0 })).toBeCloseTo(111.195, 3);
    expect(distanceKm({ latitude: 0, longitude: 0 }, { latitude: 0, longitude: 180 })).toBeCloseTo(Math.PI * 6371.0088, 6);
    // Ho Chi Minh City to Hanoi, about 1,140 km as the crow flies.
    expect(distanceKm(SAIGON, { latitude: 21.0285, longitude: 105.8542 })).toBeCloseTo(1_143, -1);
  });
});

describe('the nearest stores that have it', () => {
  const request = { near: SAIGON, first: 5, minimumQuantity: 1, radiusKm: 50 };

  it('checks every input before looking at any stock', () => {
    expect(() => validateNearbyRequest(request)).not.toThrow();
    expect(() =>
      validateNearbyRequest({ near: { latitude: 90, longitude: -180 }, first: 50, minimumQuantity: 1, radiusKm: 500 }),
    ).not.toThrow();
    const refused: [Partial<typeof request>, string][] = [
      [{ near: { latitude: 90.01, longitude: 0 } }, 'near.latitude'],
      [{ near: { latitude: Number.NaN, longitude: 0 } }, 'near.latitude'],
      [{ near: { latitude: 0, longitude: 180.01 } }, 'near.longitude'],
      [{ first: 0 }, 'first'],
      [{ first: 51 }, 'first'],
      [{ minimumQuantity: 0 }, 'minimumQuantity'],
      [{ radiusKm: 0 }, 'radiusKm'],
      [{ radiusKm: 500.5 }, 'radiusKm'],
    ];
    for (const [change, field] of refused) {
      expect(() => validateNearbyRequest({ ...request, ...change })).toThrow(
        expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT', field } }),
      );
    }
  });

  it('keeps stores within the radius with enough available, nearest first, distance to 0.1 km', () => {
    const levels = [
      level('far', 10.95, 106.7),
      level('warehouse', 10.777, 106.701, {}, 'WAREHOUSE'),
      level('sold-out', 10.78, 106.701, { erpOnHand: 2, unpostedSales: 2 }),
      level('held', 10.78, 106.702, { erpOnHand: 2, erpReserved: 2 }),
      level('near', 10.79, 106.7009, { erpOnHand: 5, erpReserved: 1, unpostedSales: 1 }),
      level('beyond', 11.5, 106.7),
    ];
    const found = nearestStores('TS-0001-XA-M', levels, request);
    expect(found.map((n) => n.location.id)).toEqual(['near', 'far']);
    expect(found[0]).toEqual({
      location: { id: 'near' },
      distanceKm: 1.5,
      available: 3,
      stockLevel: { sku: 'TS-0001-XA-M', locationId: 'near', erpOnHand: 5, erpReserved: 1, unpostedSales: 1 },
    });
    expect(found[1].distanceKm).toBe(19.2);
    expect(nearestStores('TS-0001-XA-M', levels, { ...request, minimumQuantity: 4 }).map((n) => n.location.id)).toEqual(['far']);
    expect(nearestStores('TS-0001-XA-M', levels, { ...request, first: 1 }).map((n) => n.location.id)).toEqual(['near']);
  });

  it('orders stores at the same distance by id, so answers are stable', () => {
    const found = nearestStores('A', [level('b', 10.8, 106.7), level('a', 10.8, 106.7)], request);
    expect(found.map((n) => n.location.id)).toEqual(['a', 'b']);
  });

  it('ranks nothing when any store’s stock is unknown', () => {
    expect(knownLevels(null)).toBeNull();
    expect(knownLevels([level('a', 0, 0), null])).toBeNull();
    expect(knownLevels([level('a', 0, 0)])).toHaveLength(1);
  });
});
