import type { Deps } from '../../context.js';
import { capturedPaymentsOfOrder, insertRefund } from '../../db/repositories/payments.repository.js';
import { refundKey } from './payment-attempt.rules.js';

/**
 * Refunds whatever is still captured on an order (or only on `paymentId`).
 * One idempotency key per payment, so the sync attempt, the outbox handler and
 * any retry refund once.
 */
export async function refundOrder(deps: Deps, orderId: string, reason: string, paymentId?: string): Promise<number> {
  const now = deps.clock.now();
  let total = 0;
  for (const p of await capturedPaymentsOfOrder(deps.db, orderId)) {
    if (paymentId && p.id !== paymentId) continue;
    const remaining = Number(p.amount) - Number(p.refunded);
    if (remaining <= 0 || !p.intent_id) continue;
    const idempotencyKey = refundKey(p.id);
    const refund = await deps.payments.refund({ intentId: p.intent_id, amount: remaining, idempotencyKey });
    await insertRefund(deps.db, {
      paymentId: p.id,
      orderId,
      providerRefundId: refund.id,
      idempotencyKey,
      amount: refund.amount,
      currency: p.currency.trim(),
      reason,
      now,
    });
    total += refund.amount;
  }
  return total;
}
