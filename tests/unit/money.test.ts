import { money, moneyFromMinor, toMinorUnits } from '../../lib/money';

describe('money', () => {
  it('turns floats and decimal text into exact decimal strings in minor units', () => {
    expect(money(125000, 'VND')).toEqual({ amount: '125000', currencyCode: 'VND' });
    expect(money('125000.00', 'VND')).toEqual({ amount: '125000', currencyCode: 'VND' });
    expect(money(199000.0001, 'VND').amount).toBe('199000');
    expect(money('12.345', 'USD').amount).toBe('12.35');
    expect(money(-57900, 'VND').amount).toBe('-57900');
    expect(money('0.1', 'USD').amount).toBe('0.10');
  });

  it('adds in minor units without float error', () => {
    const sum = toMinorUnits('0.1', 'USD') + toMinorUnits('0.2', 'USD');
    expect(moneyFromMinor(sum, 'USD').amount).toBe('0.30');
  });

  it('refuses what is not an amount or a currency it knows', () => {
    expect(() => money('12,5', 'VND')).toThrow('not a decimal amount');
    expect(() => money(1, 'XXX')).toThrow('unsupported currency');
  });
});
