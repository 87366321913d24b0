import type { Money } from '../money.js';

export type ReceiptKind = 'receipt' | 'credit_note';

/** "R-000042", "CN-000007": the organizer's number in its series, fixed width so files sort. */
export function documentNumber(kind: ReceiptKind, n: number): string {
  return `${kind === 'receipt' ? 'R' : 'CN'}-${String(n).padStart(6, '0')}`;
}

/** A credit note shows the receipt's amounts as negatives. */
export const signed = (m: Money, kind: ReceiptKind): Money => (kind === 'credit_note' ? { ...m, amount: -m.amount } : m);
