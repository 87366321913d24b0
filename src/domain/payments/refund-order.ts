import type { Deps } from '../../context.js';
import { capturedPaymentsOfOrder, insertRefund } from '../../db/repositories/payments.repository.js';
import { refundKey } from './payment-attempt.rules.js';
import { writeAudit } from '../../db/repositories/audit.repository.js';

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
    await deps.db.transaction().execute(async (tx) => {
      const recorded = await insertRefund(tx, {
        paymentId: p.id,
        orderId,
        providerRefundId: refund.id,
        idempotencyKey,
        amount: refund.amount,
        currency: p.currency.trim(),
        reason,
        now,
      });
      // Audited once per refund, however many paths (sync try, outbox, reconciliation) reached it.
      if (recorded) {
        await writeAudit(tx, {
          actorId: null,
          action: 'order.refunded',
          subjectType: 'order',
          subjectId: orderId,
          details: { paymentId: p.id, amount: refund.amount, currency: p.currency.trim(), reason },
          at: now,
        });
      }
    });
    total += refund.amount;
  }
  return total;
}
