import { numberFormat } from './intl-formats.js';

/** Amounts are integers in minor units with an ISO 4217 currency (invariant 3). */
export interface Money {
  amount: number;
  currency: string;
}

export const money = (amount: number | string | bigint, currency: string): Money => ({
  amount: Number(amount),
  currency: currency.trim(),
});

/**
 * ISO 4217 minor-unit exponents that are not 2 (ISO 4217 list one, "Minor unit").
 * Not taken from Intl: CLDR shows some currencies with other digits than ISO
 * defines (IQD 0 vs ISO 3, for instance), and the amount on the wire follows ISO.
 */
const exponents: Record<string, number> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0, UYI: 0, VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
  CLF: 4, UYW: 4,
}; // prettier-ignore

/** Digits after the decimal point of `currency`'s minor unit: JPY 0, EUR 2, KWD 3. */
export const currencyExponent = (currency: string): number => exponents[currency] ?? 2;

/** Fund codes and units of account Intl lists beside real money: no ticket is priced in them. */
const notForSale = new Set(['XDR', 'XSU', 'XUA', 'XBA', 'XBB', 'XBC', 'XBD', 'XAG', 'XAU', 'XPD', 'XPT', 'XTS', 'XXX']);

let known: ReadonlySet<string> | null = null;

/** ISO 4217 codes of currencies in circulation, as the runtime's ICU knows them (Node 20: 160). */
export function saleCurrencies(): readonly string[] {
  return Intl.supportedValuesOf('currency').filter((c) => !notForSale.has(c));
}

export function isSaleCurrency(code: string): boolean {
  known ??= new Set(saleCurrencies());
  return known.has(code);
}

/** A decimal amount the user typed ("12.50", "1200") in minor units, or null if it has more digits than the currency. */
export function toMinorUnits(decimal: string, currency: string): number | null {
  const e = currencyExponent(currency);
  const m = /^(\d+)(?:[.,](\d*))?$/.exec(decimal.trim());
  if (!m) return null;
  const fraction = m[2] ?? '';
  if (fraction.replace(/0+$/, '').length > e) return null;
  return Number(m[1]) * 10 ** e + Number(fraction.padEnd(e, '0').slice(0, e) || '0');
}

/** Minor units as the decimal an input field holds ("12.50"; JPY "1200"). */
export function fromMinorUnits(amount: number, currency: string): string {
  const e = currencyExponent(currency);
  return e === 0 ? String(amount) : (amount / 10 ** e).toFixed(e);
}

/** `m` in the reader's locale with the currency's own digits (JPY ¥1,200; EUR €12.50; KWD KWD 1.250). */
export function formatMoney(m: Money, locale?: string): string {
  const e = currencyExponent(m.currency);
  return numberFormat(locale, {
    style: 'currency',
    currency: m.currency,
    minimumFractionDigits: e,
    maximumFractionDigits: e,
  }).format(m.amount / 10 ** e);
}

/** How an all-in price splits: the price before tax, the tax included, and the booking fee (Boxoffice charges none). */
export interface PriceBreakdown {
  beforeTax: Money;
  tax: Money;
  taxRateBasisPoints: number;
  bookingFee: Money;
  /** An access code's discount, already taken off the total (migration 0029); absent without one. */
  discount?: Money;
}

/**
 * Splits an all-in `total` that includes tax at `rateBp` basis points. The tax
 * is rounded to the nearest minor unit (half away from zero), and the price
 * before tax is what remains, so the parts always add up to the total exactly.
 */
export function allInBreakdown(total: Money, rateBp: number, discountAmount = 0): PriceBreakdown {
  const tax = Math.round((total.amount * rateBp) / (10_000 + rateBp));
  const breakdown: PriceBreakdown = {
    beforeTax: { amount: total.amount - tax, currency: total.currency },
    tax: { amount: tax, currency: total.currency },
    taxRateBasisPoints: rateBp,
    bookingFee: { amount: 0, currency: total.currency },
  };
  if (discountAmount > 0) breakdown.discount = { amount: discountAmount, currency: total.currency };
  return breakdown;
}
