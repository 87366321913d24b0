import type { Deps } from '../../context.js';
import type { Tx } from '../../db/client.js';
import { extendHoldForPayment, lockHold } from '../../db/repositories/holds.repository.js';
import { findOrder, findLiveOrderOfHold, findOrderByKey, insertOrder, type OrderRow } from '../../db/repositories/orders.repository.js';
import { insertAttempt, latestAttemptOfOrder, type AttemptRow } from '../../db/repositories/payments.repository.js';
import { AppError, notFound } from '../errors.js';
import { attemptKeyOf, holdNeededUntil, isFinal, maxHoldExtensionMs } from '../payments/payment-attempt.rules.js';
import { orderFailedError, payOrder } from '../payments/pay-order.js';
import type { OrderView } from './order.types.js';
import { orderView } from './order-view.js';

export interface CheckoutInput {
  holdId: string;
  userId: string;
  idempotencyKey: string;
  paymentToken: string;
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
  const now = deps.clock.now();
  const started = await deps.db.transaction().execute(async (tx): Promise<{ order: OrderRow; attempt: AttemptRow | null }> => {
    // The hold row lock serialises checkouts of one hold, so two keys cannot both start an order.
    const hold = await lockHold(tx, input.holdId);
    if (!hold || hold.user_id !== input.userId) throw notFound('Hold');
    const existing = await findOrderByKey(tx, input.userId, input.idempotencyKey);
    if (existing) {
      if (existing.hold_id !== hold.id)
        throw new AppError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used for another checkout');
      return {
        order: existing,
        attempt: existing.status === 'pending_payment' ? await attemptFor(tx, deps.payments.name, existing, now) : null,
      };
    }
    if (hold.status === 'purchased') throw new AppError('INVALID_STATE', 'This hold is already paid for');
    if (hold.status !== 'active' || hold.expires_at <= now) throw new AppError('HOLD_EXPIRED', 'The hold has expired; nothing was charged');
    const live = await findLiveOrderOfHold(tx, hold.id);
    if (live) throw new AppError('CONFLICT', 'A payment for this hold is already in progress', { orderId: live.id });
    const order = await insertOrder(tx, {
      holdId: hold.id,
      eventId: hold.event_id,
      userId: input.userId,
      total: hold.total_amount,
      currency: hold.currency.trim(),
      idempotencyKey: input.idempotencyKey,
      now,
    });
    const attempt = await attemptFor(tx, deps.payments.name, order, now);
    await extendHoldForPayment(tx, { holdId: hold.id, now, until: holdNeededUntil(now), maxExtensionMs: maxHoldExtensionMs });
    return { order, attempt };
  });

  const { order, attempt } = started;
  if (order.status === 'pending_payment' && attempt && !isFinal(attempt.status)) await payOrder(deps, order, attempt, input.paymentToken);
  const latest = (await findOrder(deps.db, order.id))!;
  // A failed order answers as it did the first time, on every replay.
  if (latest.status === 'failed') throw orderFailedError(latest.failure_reason);
  return orderView(deps.db, latest);
}

/** The order's payment attempt: the one already started, or a new one with the order's key. */
async function attemptFor(tx: Tx, provider: string, order: OrderRow, now: Date): Promise<AttemptRow> {
  const found = await latestAttemptOfOrder(tx, order.id);
  if (found) return found;
  return insertAttempt(tx, {
    orderId: order.id,
    provider,
    idempotencyKey: attemptKeyOf(order.id),
    amount: order.total_amount,
    currency: order.currency.trim(),
    now,
  });
}
