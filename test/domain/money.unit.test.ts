import { describe, expect, it } from 'vitest';
import {
  allInBreakdown,
  currencyExponent,
  formatMoney,
  fromMinorUnits,
  isSaleCurrency,
  saleCurrencies,
  toMinorUnits,
} from '../../src/domain/money.js';

describe('money rules', () => {
  it('knows each currency minor unit from ISO 4217', () => {
    expect(currencyExponent('JPY')).toBe(0);
    expect(currencyExponent('EUR')).toBe(2);
    expect(currencyExponent('KWD')).toBe(3);
    expect(currencyExponent('CLF')).toBe(4);
  });

  it('accepts ISO 4217 currencies in circulation only', () => {
    expect(saleCurrencies().length).toBeGreaterThan(140);
    for (const c of ['EUR', 'GBP', 'USD', 'CZK', 'DKK', 'JPY']) expect(isSaleCurrency(c)).toBe(true);
    for (const c of ['ABC', 'XXX', 'XDR', 'eur', 'EURO', '']) expect(isSaleCurrency(c)).toBe(false);
  });

  it('reads typed amounts into minor units with the currency digits, refusing finer ones', () => {
    expect(toMinorUnits('12.5', 'EUR')).toBe(1250);
    expect(toMinorUnits('12,50', 'EUR')).toBe(1250);
    expect(toMinorUnits('1200', 'JPY')).toBe(1200);
    expect(toMinorUnits('1200.5', 'JPY')).toBeNull();
    expect(toMinorUnits('1.250', 'KWD')).toBe(1250);
    expect(toMinorUnits('12.345', 'EUR')).toBeNull();
    expect(toMinorUnits('-1', 'EUR')).toBeNull();
    expect(toMinorUnits('abc', 'EUR')).toBeNull();
    expect(fromMinorUnits(1250, 'EUR')).toBe('12.50');
    expect(fromMinorUnits(1200, 'JPY')).toBe('1200');
  });

  it('formats in the reader locale with the currency own digits', () => {
    expect(formatMoney({ amount: 1200, currency: 'JPY' }, 'en-US')).toBe('¥1,200');
    expect(formatMoney({ amount: 4500, currency: 'USD' }, 'en-US')).toBe('$45.00');
    expect(formatMoney({ amount: 4500, currency: 'EUR' }, 'de-DE')).toBe('45,00\u00a0€');
    expect(formatMoney({ amount: 1250, currency: 'KWD' }, 'en-US')).toBe('KWD\u00a01.250');
  });

  it('splits an all-in price into parts that add up exactly', () => {
    expect(allInBreakdown({ amount: 12000, currency: 'GBP' }, 2000)).toEqual({
      beforeTax: { amount: 10000, currency: 'GBP' },
      tax: { amount: 2000, currency: 'GBP' },
      taxRateBasisPoints: 2000,
      bookingFee: { amount: 0, currency: 'GBP' },
    });
    for (const [total, rate] of [
      [999, 888],
      [1, 2500],
      [0, 2000],
      [123457, 1200],
      [5000, 0],
    ] as const) {
      const b = allInBreakdown({ amount: total, currency: 'USD' }, rate);
      expect(b.beforeTax.amount + b.tax.amount + b.bookingFee.amount).toBe(total);
      expect(b.tax.amount).toBeGreaterThanOrEqual(0);
    }
  });
});
