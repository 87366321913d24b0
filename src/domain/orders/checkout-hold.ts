import type { Deps } from '../../context.js';
import { lockHold } from '../../db/repositories/holds.repository.js';
import { findOrder, findLiveOrderOfHold, findOrderByKey, insertOrder, type OrderRow } from '../../db/repositories/orders.repository.js';
import { AppError, notFound } from '../errors.js';
import { declined, payOrder } from '../payments/pay-order.js';
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
  const order = await deps.db.transaction().execute(async (tx): Promise<OrderRow> => {
    // The hold row lock serialises checkouts of one hold, so two keys cannot both start an order.
    const hold = await lockHold(tx, input.holdId);
    if (!hold || hold.user_id !== input.userId) throw notFound('Hold');
    const existing = await findOrderByKey(tx, input.userId, input.idempotencyKey);
    if (existing) {
      if (existing.hold_id !== hold.id)
        throw new AppError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used for another checkout');
      return existing;
    }
    if (hold.status === 'purchased') throw new AppError('INVALID_STATE', 'This hold is already paid for');
    if (hold.status !== 'active' || hold.expires_at <= now) throw new AppError('HOLD_EXPIRED', 'The hold has expired; nothing was charged');
    const live = await findLiveOrderOfHold(tx, hold.id);
    if (live) throw new AppError('CONFLICT', 'A payment for this hold is already in progress', { orderId: live.id });
    return insertOrder(tx, {
      holdId: hold.id,
      eventId: hold.event_id,
      userId: input.userId,
      total: hold.total_amount,
      currency: hold.currency.trim(),
      idempotencyKey: input.idempotencyKey,
      now,
    });
  });

  if (order.status === 'failed') {
    // A replay of a failed attempt answers as the first time did.
    if (order.failure_reason === 'hold_expired')
      throw new AppError('HOLD_EXPIRED', 'The hold expired before the payment completed; the payment was refunded');
    throw declined(order.failure_reason?.replace(/^declined:/, '') ?? null);
  }
  if (order.status === 'pending_payment') await payOrder(deps, order, input.paymentToken);
  return orderView(deps.db, (await findOrder(deps.db, order.id))!);
}
