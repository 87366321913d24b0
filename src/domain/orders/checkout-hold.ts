import { randomUUID } from 'node:crypto';
import type { Deps } from '../../context.js';
import { startCheckout } from '../../db/repositories/checkout.repository.js';
import type { OrderRow } from '../../db/repositories/orders.repository.js';
import { insertAttempt, type AttemptRow } from '../../db/repositories/payments.repository.js';
import { signedOut } from '../users/authenticate.js';
import { AppError, notFound } from '../errors.js';
import { attemptKeyOf, holdNeededUntil, isFinal, maxHoldExtensionMs } from '../payments/payment-attempt.rules.js';
import { orderFailedError, payOrder } from '../payments/pay-order.js';
import type { OrderView } from './order.types.js';
import { findOrderView } from './order-view.js';

export interface CheckoutInput {
  holdId: string;
  userId: string;
  idempotencyKey: string;
  paymentToken: string;
  /** The caller's session when nobody has checked it yet: the checkout's first statement checks it (UNAUTHENTICATED). */
  sessionId?: string;
}

/**
 * Turns a hold into an order and pays for it. Idempotent on (user, key), in the
 * Medusa way: first look for the order this key already produced, then run
 * each remaining step (all of them repeatable), so any number of replays — even
 * in parallel — end in one order and one charge, and all answer that order.
 *
 * The order and its payment attempt (key, amount, currency) commit before the
 * provider is called, and the hold is stretched to outlive the call, so money
 * never moves without a row that reconciliation can finish from.
 */
export async function checkoutHold(deps: Deps, input: CheckoutInput): Promise<OrderView> {
  try {
    const view = await checkout(deps, input);
    deps.metrics.checkoutFinished(view.status);
    return view;
  } catch (e) {
    deps.metrics.checkoutFinished(e instanceof AppError ? e.code : 'INTERNAL_ERROR');
    throw e;
  }
}

async function checkout(deps: Deps, input: CheckoutInput): Promise<OrderView> {
  const { order, attempt } = await openOrder(deps, input);
  if (order.status === 'pending_payment' && attempt && !isFinal(attempt.status)) await payOrder(deps, order, attempt, input.paymentToken);
  const latest = (await findOrderView(deps.db, order.id))!;
  // A failed order answers as it did the first time, on every replay.
  if (latest.order.status === 'failed') throw orderFailedError(latest.order.failure_reason);
  return latest.view;
}

/**
 * The order this key produced, or a new one with its payment attempt, committed
 * (with the hold stretched to outlive the provider call) before any provider
 * call: one statement (start_checkout, migration 0027) in its own transaction.
 * The attempt is null when a replay finds the order no longer waiting.
 */
export async function openOrder(
  deps: Deps,
  input: Pick<CheckoutInput, 'holdId' | 'userId' | 'idempotencyKey' | 'sessionId'>,
): Promise<{ order: OrderRow; attempt: AttemptRow | null }> {
  const now = deps.clock.now();
  const newOrderId = randomUUID();
  const started = await startCheckout(deps.db, {
    holdId: input.holdId,
    userId: input.userId,
    idempotencyKey: input.idempotencyKey,
    newOrderId,
    newAttemptKey: attemptKeyOf(newOrderId),
    provider: deps.payments.name,
    now,
    holdUntil: holdNeededUntil(now),
    maxExtensionMs: maxHoldExtensionMs,
    sessionId: input.sessionId ?? null,
  });
  if (started === 'no_session') throw signedOut();
  switch (started.outcome) {
    case 'hold_not_found':
      throw notFound('Hold');
    case 'key_reused':
      throw new AppError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used for another checkout');
    case 'hold_purchased':
      throw new AppError('INVALID_STATE', 'This hold is already paid for');
    case 'hold_expired':
      throw new AppError('HOLD_EXPIRED', 'The hold has expired; nothing was charged');
    case 'in_progress':
      throw new AppError('CONFLICT', 'A payment for this hold is already in progress', { orderId: started.liveOrderId });
    case 'created':
      return { order: started.order!, attempt: started.attempt! };
    case 'existing': {
      const order = started.order!;
      if (order.status !== 'pending_payment') return { order, attempt: null };
      // An order written by an older build may wait without an attempt: it gets one now, with the order's key.
      const attempt =
        started.attempt ??
        (await insertAttempt(deps.db, {
          orderId: order.id,
          provider: deps.payments.name,
          idempotencyKey: attemptKeyOf(order.id),
          amount: order.total_amount,
          currency: order.currency.trim(),
          now,
        }));
      return { order, attempt };
    }
  }
}
