import { anyOfFilters, decimal, endOfDayPostingOf, odataText, pieces, plantOf, skiptokenOf } from '../../connectors/warehouse';

describe('the ERP client’s OData V2 translation', () => {
  it('quotes text literals in $filter, doubling quotes inside', () => {
    expect(odataText('TS-0001-XA-M')).toBe("'TS-0001-XA-M'");
    expect(odataText("O'Neil")).toBe("'O''Neil'");
    expect(odataText("' or Plant ne '")).toBe("''' or Plant ne '''");
  });

  it('ORs many keys into filters, split so that no request line passes the ERP’s ceiling', () => {
    const skus = Array.from({ length: 600 }, (_, i) => `SKU-${String(i).padStart(4, '0')}-XA-M`);
    const filters = anyOfFilters(skus, (sku) => `Material eq ${odataText(sku)}`);
    expect(filters.length).toBeGreaterThan(1);
    for (const filter of filters) {
      expect(encodeURIComponent(filter).length).toBeLessThan(6_500);
      expect(filter).toMatch(/^\(Material eq '[^']+'( or Material eq '[^']+')*\)$/);
    }
    expect(filters.flatMap((f) => [...f.matchAll(/'([^']+)'/g)].map((m) => m[1]))).toEqual(skus);
    expect(anyOfFilters(['A', 'B'], (v) => `Material eq ${odataText(v)}`)).toEqual(["(Material eq 'A' or Material eq 'B')"]);
    expect(anyOfFilters([], (v) => v)).toEqual([]);
  });

  it('reads only the $skiptoken of SAP’s absolute next link, whatever host it names', () => {
    expect(skiptokenOf(undefined)).toBeNull();
    expect(
      skiptokenOf(
        "http://erp:8000/sap/opu/odata/sap/API_MATERIAL_STOCK_SRV/A_MatlStkInAcctMod?$filter=(Material%20eq%20'A')&$format=json&$skiptoken=100",
      ),
    ).toBe('100');
    expect(skiptokenOf('https://evil.example/steal?$skiptoken=200')).toBe('200');
    expect(() => skiptokenOf('http://erp/A_Plant?$format=json')).toThrow('$skiptoken');
    expect(() => skiptokenOf('http://erp/A_Plant?$skiptoken=../../x')).toThrow('$skiptoken');
  });

  it('parses decimal strings, and stock only in whole pieces', () => {
    expect(decimal('10.776889')).toBe(10.776889);
    expect(decimal('-3.500')).toBe(-3.5);
    expect(pieces('12.000')).toBe(12);
    expect(pieces('0.000')).toBe(0);
    expect(() => pieces('1.500')).toThrow('not whole pieces');
    expect(() => decimal(12)).toThrow('for a decimal');
    expect(() => decimal('1,5')).toThrow('for a decimal');
    expect(() => decimal(null)).toThrow('for a decimal');
  });

  it('maps a plant: DC is a warehouse, anything else a store; empty texts are null', () => {
    const plant = {
      __metadata: { uri: "http://erp/A_Plant('S101')" },
      Plant: 'S101',
      PlantName: 'Sao Mai Quận 1',
      PlantCategory: 'STORE',
      StreetName: '195 Pasteur',
      CityName: '',
      Country: 'VN',
      YY1_Latitude: '10.794777',
      YY1_Longitude: '106.739139',
    };
    expect(plantOf(plant)).toEqual({
      plant: 'S101',
      name: 'Sao Mai Quận 1',
      kind: 'STORE',
      street: '195 Pasteur',
      city: null,
      countryCode: 'VN',
      latitude: 10.794777,
      longitude: 106.739139,
    });
    expect(plantOf({ ...plant, Plant: '1100', PlantCategory: 'DC' }).kind).toBe('WAREHOUSE');
  });

  it('tells the store and business day from an end-of-day posting’s reference, in either convention', () => {
    expect(endOfDayPostingOf('EOD-101-20261119')).toEqual({ retailStoreId: '101', businessDay: '2026-11-19' });
    expect(endOfDayPostingOf('POS-105-20261120')).toEqual({ retailStoreId: '105', businessDay: '2026-11-20' });
    expect(endOfDayPostingOf('EOD-TEST-1')).toBeNull();
    expect(endOfDayPostingOf('POS-101-2026112')).toBeNull();
    expect(endOfDayPostingOf('')).toBeNull();
  });
});
