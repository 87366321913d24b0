/** Amounts are integers in minor units with an ISO 4217 currency (invariant 3). */
export interface Money {
  amount: number;
  currency: string;
}

export const money = (amount: number | string | bigint, currency: string): Money => ({
  amount: Number(amount),
  currency: currency.trim(),
});
