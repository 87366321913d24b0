import type { PaymentIntent } from '../../adapters/payments/payment-provider.js';
import type { Deps } from '../../context.js';
import { writeAudit } from '../../db/repositories/audit.repository.js';
import { extendHoldForPayment } from '../../db/repositories/holds.repository.js';
import { lockOrder, setOrderStatus } from '../../db/repositories/orders.repository.js';
import { findAttempt, lockAttempt, updateAttemptStatus } from '../../db/repositories/payments.repository.js';
import { confirmOrder, type ConfirmOutcome } from '../orders/confirm-order.js';
import {
  captureKey,
  holdNeededUntil,
  maxHoldExtensionMs,
  nextAttemptStatus,
  orderFailureReason,
  settleAuthorization,
  voidKey,
  type AttemptStatus,
  type OutcomeSource,
} from './payment-attempt.rules.js';

export interface Settled {
  /** The attempt's status afterwards. */
  status: AttemptStatus;
  /** Set when the money was captured: the order confirmed, or refunded because it could not be. */
  order?: ConfirmOutcome;
}

/**
 * The one way a provider outcome reaches our books, whoever reports it: the
 * checkout's own API reply, a webhook, or reconciliation's lookup by key.
 * `intent` is what the provider says now (null: it never saw the attempt's
 * key). The move comes from the state machine; then its consequence:
 * captured → confirm the order (or refund it); failed/voided → fail the
 * order; processing → keep the hold alive; an open authorisation → capture
 * (the checkout) or void (anyone else), and settle again on the answer.
 */
export async function settlePaymentAttempt(
  deps: Deps,
  attemptId: string,
  intent: PaymentIntent | null,
  source: OutcomeSource,
): Promise<Settled> {
  const attempt = await findAttempt(deps.db, attemptId);
  if (!attempt) throw new Error(`Payment attempt ${attemptId} not found`);
  // Money that differs from what the attempt asked for never confirms anything; verify lists it for a person.
  if (intent && (intent.amount !== Number(attempt.amount) || intent.currency !== attempt.currency.trim())) {
    throw new Error(
      `Payment attempt ${attemptId}: the provider holds ${intent.amount} ${intent.currency}, not ${attempt.amount} ${attempt.currency}`,
    );
  }
  if (intent?.status === 'captured') {
    const order = await confirmOrder(deps, attempt.order_id, { attemptId, intentId: intent.id, source });
    return { status: 'captured', order };
  }
  const observed = intent?.status ?? 'missing';
  const now = deps.clock.now();
  const after = await deps.db.transaction().execute(async (tx) => {
    // Order first, then attempt: the same lock order as confirmOrder.
    const order = await lockOrder(tx, attempt.order_id);
    const current = await lockAttempt(tx, attemptId);
    if (!order || !current) throw new Error(`Payment attempt ${attemptId} lost its order`);
    const to = nextAttemptStatus(current.status, observed);
    let orderPending = order.status === 'pending_payment';
    let orderFailed = false;
    if (to) {
      await updateAttemptStatus(tx, {
        id: current.id,
        from: current.status,
        to,
        intentId: intent?.id ?? null,
        declineCode: intent?.declineCode ?? null,
        now,
      });
      if ((to === 'failed' || to === 'voided') && orderPending) {
        const reason = orderFailureReason(to, intent?.declineCode ?? null, observed);
        await setOrderStatus(tx, order.id, 'failed', { failure_reason: reason });
        await writeAudit(tx, [
          { actorId: null, action: 'order.failed', subjectType: 'order', subjectId: order.id, details: { reason, source } },
        ]);
        orderPending = false;
        orderFailed = true;
      }
    }
    const status = to ?? current.status;
    if (status === 'processing' && orderPending) {
      await extendHoldForPayment(tx, { holdId: order.hold_id, now, until: holdNeededUntil(now), maxExtensionMs: maxHoldExtensionMs });
    }
    return { status, moved: to, orderPending, orderFailed, key: current.idempotency_key };
  });
  // Counted once the move is committed (a replay finds nothing to move and counts nothing).
  if (after.moved === 'failed' || after.moved === 'voided') deps.metrics.paymentSettled(after.moved, source);
  if (after.orderFailed) deps.metrics.orderSettled('failed', source);

  if (after.status !== 'authorized' || intent?.status !== 'authorized') return { status: after.status };
  const next =
    settleAuthorization(source, after.orderPending) === 'capture'
      ? await deps.payments.capture(intent.id, captureKey(after.key))
      : await deps.payments.cancel(intent.id, voidKey(after.key));
  // Still authorised (the provider did not act): reconciliation comes back to it.
  if (next.status === 'authorized') return { status: 'authorized' };
  return settlePaymentAttempt(deps, attemptId, next, source);
}
