import type { PaymentIntent } from '../../adapters/payments/payment-provider.js';
import type { Deps } from '../../context.js';
import { settleAttempt, type SettleAttemptRow } from '../../db/repositories/checkout.repository.js';
import { findAttempt, type AttemptRow } from '../../db/repositories/payments.repository.js';
import { confirmOrder, type ConfirmOutcome } from '../orders/confirm-order.js';
import {
  captureKey,
  holdNeededUntil,
  maxHoldExtensionMs,
  nextAttemptStatus,
  orderFailureReason,
  settleAuthorization,
  settleAwaiting,
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
 * (the checkout) or void (anyone else), and settle again on the answer;
 * an intent awaiting the customer → wait, or cancel it once its hold is gone.
 */
export async function settlePaymentAttempt(
  deps: Deps,
  attemptId: string,
  intent: PaymentIntent | null,
  source: OutcomeSource,
  /** The attempt as the caller already has it (its status may be stale: the move re-checks it); read when absent. */
  known?: AttemptRow,
): Promise<Settled> {
  const attempt = known ?? (await findAttempt(deps.db, attemptId));
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
  // The move is decided here from the status last seen and stored by one statement (settle_attempt,
  // migration 0027) only if the attempt is still in that status; otherwise decided again from the new one.
  let from = attempt.status;
  let after: SettleAttemptRow;
  let to: AttemptStatus | null;
  for (;;) {
    to = nextAttemptStatus(from, observed);
    after = await settleAttempt(deps.db, {
      attemptId,
      from,
      to,
      intentId: intent?.id ?? null,
      declineCode: intent?.declineCode || null,
      failureReason: to === 'failed' || to === 'voided' ? orderFailureReason(to, intent?.declineCode ?? null, observed) : null,
      source,
      awaiting: observed === 'awaiting',
      now,
      holdUntil: holdNeededUntil(now),
      maxExtensionMs: maxHoldExtensionMs,
    });
    if (after.outcome === 'ok') break;
    from = after.status;
  }
  const moved = to;
  const orderPending = after.order_pending === true;
  // Counted once the move is committed (a replay finds nothing to move and counts nothing).
  if (moved === 'failed' || moved === 'voided') deps.metrics.paymentSettled(moved, source);
  if (after.order_failed) deps.metrics.orderSettled('failed', source);

  if (intent?.status === 'awaiting') {
    if (settleAwaiting(source, orderPending, after.hold_live === true) === 'wait') return { status: after.status };
    const next = await deps.payments.cancel(intent.id, voidKey(after.key));
    return next.status === 'awaiting' ? { status: after.status } : settlePaymentAttempt(deps, attemptId, next, source, attempt);
  }
  if (after.status !== 'authorized' || intent?.status !== 'authorized') return { status: after.status };
  const next =
    settleAuthorization(source, orderPending) === 'capture'
      ? await deps.payments.capture(intent.id, captureKey(after.key))
      : await deps.payments.cancel(intent.id, voidKey(after.key));
  // Still authorised (the provider did not act): reconciliation comes back to it.
  if (next.status === 'authorized') return { status: 'authorized' };
  return settlePaymentAttempt(deps, attemptId, next, source, attempt);
}
