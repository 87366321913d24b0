import { announceInventoryChange } from '../../adapters/pubsub/inventory-signal.js';
import type { Deps } from '../../context.js';
import { confirmOrderOnce } from '../../db/repositories/checkout.repository.js';
import { attemptTransitions, canTransition, type AttemptStatus, type OutcomeSource } from '../payments/payment-attempt.rules.js';
import { refundOrder } from '../payments/refund-order.js';

/** The statuses the state machine lets become 'captured' (the statement moves only those). */
const capturable = (Object.keys(attemptTransitions) as AttemptStatus[]).filter((s) => canTransition(s, 'captured'));

export type ConfirmOutcome = 'confirmed' | 'refunded';

/** The provider says this attempt's money is captured. */
export interface CapturedPayment {
  attemptId: string;
  intentId: string;
  /** Who reported the capture (for the settlement metrics). */
  source: OutcomeSource;
}

/**
 * The money arrived (the checkout's own capture, a webhook, or
 * reconciliation): in ONE transaction the attempt becomes 'captured', and the
 * seats are sold, tickets issued, the order confirmed and the outbox written —
 * but only if every seat is still held by this order's hold. Otherwise (hold
 * expired and taken, released, event removed, order already failed) the order
 * fails and this payment is refunded: the refund and a mail telling the fan
 * are queued in the same transaction, then the refund is tried at once. Safe
 * to call any number of times.
 */
export async function confirmOrder(deps: Deps, orderId: string, capture: CapturedPayment): Promise<ConfirmOutcome> {
  // One statement (confirm_order, migration 0027), its own transaction: the steps above under the
  // same locks (order, attempt, hold, event share lock, seats in seat_id order).
  const done = await confirmOrderOnce(deps.db, {
    orderId,
    attemptId: capture.attemptId,
    intentId: capture.intentId,
    now: deps.clock.now(),
    capturable,
  });
  // Counted once committed: the capture, and the order's settlement.
  if (done.newly_captured) deps.metrics.paymentSettled('captured', capture.source);
  if (done.settled) deps.metrics.orderSettled(done.settled, capture.source);
  // Sold or freed seats change the seat map either way.
  announceInventoryChange(deps, [done.event_id]);
  if (done.outcome === 'confirmed') return 'confirmed';
  // The queued outbox row guarantees the refund; this only makes it immediate.
  await refundOrder(deps, orderId, 'order_not_confirmed', capture.attemptId).catch((e: unknown) =>
    deps.logger.warn({ err: e, orderId }, 'immediate refund failed; the worker retries'),
  );
  return 'refunded';
}
