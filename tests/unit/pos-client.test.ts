import { normalizePhone } from '../../lib/identifiers';
import {
  addDays,
  formatAmount,
  parseAmount,
  parseTransactionKey,
  receiptsOfPosLog,
  storeBusinessDay,
  storesOfXml,
  storeTimeToIso,
} from '../../connectors/pos';

/** The POS head office's dialect as the pos subgraph's client reads it. */

const SALE = `<?xml version="1.0" encoding="UTF-8"?>
<POSLog xmlns="http://www.nrf-arts.org/IXRetail/namespace/" MajorVersion="6" MinorVersion="0">
  <Transaction>
    <RetailStoreID>101</RetailStoreID>
    <WorkstationID>3</WorkstationID>
    <SequenceNumber>1045</SequenceNumber>
    <BusinessDayDate>2026-11-04</BusinessDayDate>
    <BeginDateTime>2026-11-04T23:58:10</BeginDateTime>
    <EndDateTime>2026-11-05T00:01:32</EndDateTime>
    <OperatorID>NV415</OperatorID>
    <CurrencyCode>VND</CurrencyCode>
    <RetailTransaction TypeCode="Sale">
      <LineItem>
        <SequenceNumber>1</SequenceNumber>
        <Sale ItemType="Stock">
          <ItemID>VD-0005-DO-L</ItemID>
          <POSIdentity POSIDType="GTIN"><POSItemID>0893000000181</POSItemID></POSIdentity>
          <Description>Váy đầm cotton Đỏ - L</Description>
          <RegularSalesUnitPrice CurrencyCode="VND">639000.00</RegularSalesUnitPrice>
          <Quantity>2</Quantity>
          <ExtendedAmount CurrencyCode="VND">1278000.00</ExtendedAmount>
          <RetailPriceModifier><Amount CurrencyCode="VND">268000.00</Amount></RetailPriceModifier>
        </Sale>
      </LineItem>
      <LineItem>
        <SequenceNumber>2</SequenceNumber>
        <Sale ItemType="Stock">
          <ItemID>QS-0004-BE-L</ItemID>
          <Description>Quần short linen Be - L</Description>
          <RegularSalesUnitPrice CurrencyCode="VND">199000.00</RegularSalesUnitPrice>
          <Quantity>1</Quantity>
          <ExtendedAmount CurrencyCode="VND">199000.00</ExtendedAmount>
        </Sale>
      </LineItem>
      <LineItem>
        <SequenceNumber>3</SequenceNumber>
        <Tender TenderType="Cash" TypeCode="Sale"><Amount CurrencyCode="VND">1000000.00</Amount></Tender>
      </LineItem>
      <LineItem>
        <SequenceNumber>4</SequenceNumber>
        <Tender TenderType="EWallet" TypeCode="Sale"><Amount CurrencyCode="VND">209000.00</Amount></Tender>
      </LineItem>
      <Total TotalType="TransactionGrandAmount" CurrencyCode="VND">1209000.00</Total>
      <Customer><Phone>0901.234.567</Phone></Customer>
    </RetailTransaction>
  </Transaction>
</POSLog>`;

/** A one-unit return of the discounted two-unit line: a fraction of a dong, prefixed tags, one LineItem each. */
const RETURN = `<poslog:POSLog xmlns:poslog="http://www.nrf-arts.org/IXRetail/namespace/">
  <poslog:Transaction>
    <poslog:RetailStoreID>102</poslog:RetailStoreID>
    <poslog:WorkstationID>1</poslog:WorkstationID>
    <poslog:SequenceNumber>2001</poslog:SequenceNumber>
    <poslog:BusinessDayDate>2026-11-10</poslog:BusinessDayDate>
    <poslog:BeginDateTime>2026-11-10T10:00:00</poslog:BeginDateTime>
    <poslog:EndDateTime>2026-11-10T10:03:00</poslog:EndDateTime>
    <poslog:OperatorID>NV101</poslog:OperatorID>
    <poslog:CurrencyCode>VND</poslog:CurrencyCode>
    <poslog:RetailTransaction TypeCode="Return">
      <poslog:TransactionLink ReasonCode="Return">
        <poslog:RetailStoreID>101</poslog:RetailStoreID>
        <poslog:WorkstationID>3</poslog:WorkstationID>
        <poslog:SequenceNumber>1045</poslog:SequenceNumber>
        <poslog:BusinessDayDate>2026-11-04</poslog:BusinessDayDate>
      </poslog:TransactionLink>
      <poslog:LineItem>
        <poslog:SequenceNumber>1</poslog:SequenceNumber>
        <poslog:Return ItemType="Stock">
          <poslog:ItemID>VD-0005-DO-L</poslog:ItemID>
          <poslog:RegularSalesUnitPrice CurrencyCode="VND">639000.00</poslog:RegularSalesUnitPrice>
          <poslog:Quantity>1</poslog:Quantity>
          <poslog:ExtendedAmount CurrencyCode="VND">639000.00</poslog:ExtendedAmount>
          <poslog:RetailPriceModifier><poslog:Amount CurrencyCode="VND">133999.67</poslog:Amount></poslog:RetailPriceModifier>
          <poslog:Disposition>Damaged</poslog:Disposition>
        </poslog:Return>
      </poslog:LineItem>
      <poslog:Total TotalType="TransactionGrandAmount" CurrencyCode="VND">-505000.33</poslog:Total>
    </poslog:RetailTransaction>
  </poslog:Transaction>
  <poslog:Transaction>
    <poslog:RetailStoreID>102</poslog:RetailStoreID>
    <poslog:WorkstationID>1</poslog:WorkstationID>
    <poslog:SequenceNumber>2002</poslog:SequenceNumber>
    <poslog:BusinessDayDate>2026-11-10</poslog:BusinessDayDate>
    <poslog:BeginDateTime>2026-11-10T11:00:00</poslog:BeginDateTime>
    <poslog:EndDateTime>2026-11-10T11:02:00</poslog:EndDateTime>
    <poslog:OperatorID>NV101</poslog:OperatorID>
    <poslog:RetailTransaction TypeCode="PickupHandover">
      <poslog:TransactionLink ReasonCode="Pickup"><poslog:CustomerOrderID>000000123</poslog:CustomerOrderID></poslog:TransactionLink>
      <poslog:LineItem>
        <poslog:SequenceNumber>1</poslog:SequenceNumber>
        <poslog:CustomerOrderForPickup><poslog:ItemID>QS-0004-BE-L</poslog:ItemID><poslog:Quantity>2</poslog:Quantity></poslog:CustomerOrderForPickup>
      </poslog:LineItem>
      <poslog:Total TotalType="TransactionGrandAmount" CurrencyCode="VND">0.00</poslog:Total>
    </poslog:RetailTransaction>
  </poslog:Transaction>
</poslog:POSLog>`;

describe('pos client: time', () => {
  it('gives store-local times their +07:00 zone, keeping the wall-clock time', () => {
    expect(storeTimeToIso('2026-11-20T09:15:02')).toBe('2026-11-20T09:15:02+07:00');
    expect(Date.parse(storeTimeToIso('2026-11-20T06:00:00'))).toBe(Date.parse('2026-11-19T23:00:00Z'));
  });

  it('refuses times that carry a zone already or are not times', () => {
    expect(() => storeTimeToIso('2026-11-20T09:15:02Z')).toThrow('not a store-local time');
    expect(() => storeTimeToIso('20/11/2026 09:15')).toThrow('not a store-local time');
  });

  it('puts an instant on the stores’ business day, which turns at 17:00 UTC', () => {
    expect(storeBusinessDay(new Date('2026-11-20T16:59:59Z'))).toBe('2026-11-20');
    expect(storeBusinessDay(new Date('2026-11-20T17:00:00Z'))).toBe('2026-11-21');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });
});

describe('pos client: amounts', () => {
  it('reads decimal text exactly, fractions of a dong included', () => {
    expect(parseAmount('1278000.00')).toBe(127_800_000n);
    expect(parseAmount('-179333.33')).toBe(-17_933_333n);
    expect(parseAmount('125000')).toBe(12_500_000n);
    expect(parseAmount('125000.5')).toBe(12_500_050n);
    expect(formatAmount(-17_933_333n)).toBe('-179333.33');
    expect(formatAmount(5n)).toBe('0.05');
  });

  it('refuses what is not an amount', () => {
    expect(() => parseAmount('1,278,000')).toThrow('not an amount');
    expect(() => parseAmount('1e6')).toThrow('not an amount');
  });
});

describe('pos client: identifiers', () => {
  it('splits the estate-wide transaction key into its four parts', () => {
    expect(parseTransactionKey('101-3-1045-2026-11-04')).toEqual({
      retailStoreId: '101',
      workstationId: 3,
      sequenceNumber: 1045,
      businessDay: '2026-11-04',
    });
    expect(parseTransactionKey('101-3-1045-2026-02-30')).toBeNull();
    expect(parseTransactionKey('101-3-2026-11-04')).toBeNull();
  });

  it('matches a phone the cashier typed as the one identity normalisation gives, however it was typed', () => {
    const keys = ['+84901234567', '0901 234 567', '0901.234.567', '84-901-234-567'].map(normalizePhone);
    expect(new Set(keys)).toEqual(new Set(['+84901234567']));
    expect(normalizePhone('1234')).toBeNull();
    expect(normalizePhone(null)).toBeNull();
  });
});

describe('pos client: POSLog receipts', () => {
  it('reads a sale: item lines apart from tenders, discounts beside gross amounts, times with zone', () => {
    const [sale] = receiptsOfPosLog(SALE);
    expect(sale).toMatchObject({
      key: '101-3-1045-2026-11-04',
      kind: 'Sale',
      businessDay: '2026-11-04',
      startedAt: '2026-11-04T23:58:10+07:00',
      endedAt: '2026-11-05T00:01:32+07:00',
      currencyCode: 'VND',
      total: 120_900_000n,
      loyaltyCard: null,
      phone: '0901.234.567',
      returnOf: null,
    });
    expect(sale.lines).toEqual([
      {
        sku: 'VD-0005-DO-L',
        description: 'Váy đầm cotton Đỏ - L',
        quantity: 2,
        unitPrice: 63_900_000n,
        gross: 127_800_000n,
        discount: 26_800_000n,
        disposition: null,
      },
      {
        sku: 'QS-0004-BE-L',
        description: 'Quần short linen Be - L',
        quantity: 1,
        unitPrice: 19_900_000n,
        gross: 19_900_000n,
        discount: 0n,
        disposition: null,
      },
    ]);
    expect(sale.tenders).toEqual([
      { method: 'CASH', amount: 100_000_000n },
      { method: 'E_WALLET', amount: 20_900_000n },
    ]);
  });

  it('reads a return (negative total, link to the sale) and a pickup handover (no prices) from prefixed tags', () => {
    const [refund, pickup] = receiptsOfPosLog(RETURN);
    expect(refund).toMatchObject({ kind: 'Return', total: -50_500_033n, returnOf: '101-3-1045-2026-11-04', webOrderNumber: null });
    expect(refund.lines).toEqual([
      {
        sku: 'VD-0005-DO-L',
        description: '',
        quantity: 1,
        unitPrice: 63_900_000n,
        gross: 63_900_000n,
        discount: 13_399_967n,
        disposition: 'Damaged',
      },
    ]);
    expect(refund.tenders).toEqual([]);
    expect(pickup).toMatchObject({ kind: 'PickupHandover', total: 0n, returnOf: null, webOrderNumber: '000000123' });
    expect(pickup.lines).toEqual([
      { sku: 'QS-0004-BE-L', description: '', quantity: 2, unitPrice: null, gross: null, discount: 0n, disposition: null },
    ]);
  });

  it('reads an empty page as no receipts', () => {
    expect(receiptsOfPosLog('<POSLog><FeedControl><MoreAvailable>false</MoreAvailable></FeedControl></POSLog>')).toEqual([]);
  });

  it('refuses an answer that is not POSLog, such as the proxy’s HTML page', () => {
    expect(() => receiptsOfPosLog('<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>')).toThrow(
      'not a POSLog document',
    );
  });
});

describe('pos client: stores', () => {
  it('lists opening hours Monday first, as HH:MM, whatever order and precision the POS uses', () => {
    const [store] = storesOfXml(`<Stores><Store><RetailStoreID>101</RetailStoreID><Name>Q1</Name><OperatingHours>
      <Day><DayOfWeek>Sunday</DayOfWeek><OpenTime>09:00:00</OpenTime><CloseTime>22:00:00</CloseTime></Day>
      <Day><DayOfWeek>Monday</DayOfWeek><OpenTime>08:00</OpenTime><CloseTime>21:30</CloseTime></Day>
    </OperatingHours></Store></Stores>`);
    expect(store).toEqual({
      retailStoreId: '101',
      name: 'Q1',
      openingHours: [
        { weekday: 'MONDAY', opens: '08:00', closes: '21:30' },
        { weekday: 'SUNDAY', opens: '09:00', closes: '22:00' },
      ],
    });
  });
});
