/**
 * Each demo city's money: its currency, a rough rate from the euro prices the
 * demo venues list, and a representative sales tax included in ticket prices
 * (basis points). Demo figures, not tax advice.
 */
interface LocalMoney {
  currency: string;
  perEuro: number;
  taxRateBasisPoints: number;
}

const euro = (taxRateBasisPoints: number): LocalMoney => ({ currency: 'EUR', perEuro: 1, taxRateBasisPoints });
const pound = { currency: 'GBP', perEuro: 0.85, taxRateBasisPoints: 2000 };
const dollar = (taxRateBasisPoints: number): LocalMoney => ({ currency: 'USD', perEuro: 1.08, taxRateBasisPoints });

const byCity: Record<string, LocalMoney> = {
  London: pound,
  Manchester: pound,
  Berlin: euro(700),
  Amsterdam: euro(900),
  Vienna: euro(1300),
  Milan: euro(1000),
  Madrid: euro(2100),
  Prague: { currency: 'CZK', perEuro: 25, taxRateBasisPoints: 1200 },
  Copenhagen: { currency: 'DKK', perEuro: 7.46, taxRateBasisPoints: 2500 },
  Lisbon: euro(600),
  'New York': dollar(888),
  Chicago: dollar(900),
  'San Francisco': dollar(0),
  Dublin: euro(900),
  Austin: dollar(825),
};

export const localMoney = (city: string): LocalMoney => byCity[city] ?? euro(0);

/** A euro price in minor units as a tidy local price: half units where a unit is large, tens where it is small. */
export function localPrice(euroCents: number, local: LocalMoney): number {
  const step = local.perEuro >= 5 ? 1000 : 50;
  return Math.max(step, Math.round((euroCents * local.perEuro) / step) * step);
}
