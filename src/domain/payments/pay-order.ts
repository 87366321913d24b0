import type { Deps } from '../../context.js';
import type { OrderRow } from '../../db/repositories/orders.repository.js';
import type { AttemptRow } from '../../db/repositories/payments.repository.js';
import { AppError } from '../errors.js';
import { settlePaymentAttempt } from './settle-payment-attempt.js';

/**
 * The checkout's provider call for an attempt already committed: authorise
 * with the attempt's key (a replay, in parallel or later, reaches the same
 * intent and never charges twice), then settle the answer through the state
 * machine, which captures and confirms. Whatever this process does not get
 * to — a crash, a database error after the charge — reconciliation finishes
 * from the provider's record of the same key.
 */
export async function payOrder(deps: Deps, order: OrderRow, attempt: AttemptRow, token: string): Promise<void> {
  const intent = await deps.payments.authorize({
    amount: Number(attempt.amount),
    currency: attempt.currency.trim(),
    token,
    idempotencyKey: attempt.idempotency_key,
    metadata: { paymentKey: attempt.idempotency_key, orderId: order.id, eventId: order.event_id },
  });
  await settlePaymentAttempt(deps, attempt.id, intent, 'checkout', attempt);
}

/** What a checkout answers for an order that failed, the first time and on every replay of its key. */
export function orderFailedError(reason: string | null): AppError {
  if (reason === 'hold_expired')
    return new AppError('HOLD_EXPIRED', 'The hold expired before the payment completed; the payment was refunded');
  if (reason === 'payment_voided' || reason === 'payment_not_received') {
    return new AppError(
      'PAYMENT_DECLINED',
      'The payment could not be completed and nothing was charged; your seats stay held until the hold expires',
      {
        declineCode: reason,
      },
    );
  }
  return declined(reason?.replace(/^declined:/, '') ?? null);
}

/** What a buyer reads for each decline: said once, and insufficient funds is not a plain decline. */
const declineMessages: Record<string, string> = {
  insufficient_funds: 'Your card has insufficient funds. Nothing was charged. Your seats are still held — try another card.',
};
const plainDecline = 'Your card was declined by your bank. Nothing was charged. Your seats are still held — try another card.';

export const declined = (code: string | null): AppError =>
  new AppError('PAYMENT_DECLINED', declineMessages[code ?? ''] ?? plainDecline, { declineCode: code ?? 'declined' });
