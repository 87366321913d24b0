import { announceInventoryChange } from '../../adapters/pubsub/inventory-signal.js';
import type { Deps } from '../../context.js';
import type { Tx } from '../../db/client.js';
import { closeHold, freeSeatsOfHolds, lockHold, markInventoryDirty, shareLockEventStatus } from '../../db/repositories/holds.repository.js';
import { writeAudit } from '../../db/repositories/audit.repository.js';
import { enqueueOutbox, type OutboxMessage } from '../../db/repositories/outbox.repository.js';
import {
  holdSeatIds,
  lockOrder,
  lockSeatsStillHeld,
  sellSeats,
  setOrderStatus,
  type OrderRow,
} from '../../db/repositories/orders.repository.js';
import { lockAttempt, updateAttemptStatus } from '../../db/repositories/payments.repository.js';
import { issueTickets } from '../../db/repositories/tickets.repository.js';
import { canTransition, type OutcomeSource } from '../payments/payment-attempt.rules.js';
import { refundOrder } from '../payments/refund-order.js';

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
  const now = deps.clock.now();
  let eventId: string | null = null;
  // What this call moved, counted once committed: the capture, and the order's settlement.
  let newlyCaptured = false;
  let orderSettled: ConfirmOutcome | null = null;
  const outcome = await deps.db.transaction().execute(async (tx): Promise<ConfirmOutcome | 'refund'> => {
    const order = await lockOrder(tx, orderId);
    if (!order) throw new Error(`Order ${orderId} vanished`);
    eventId = order.event_id;
    newlyCaptured = await recordCapture(tx, capture, now);
    if (order.status === 'confirmed') {
      // Confirmed by another attempt: this second capture is refunded on its own.
      if (!newlyCaptured) return 'confirmed';
      await queueRefund(tx, now, order, 'duplicate_capture', capture.attemptId);
      return 'refund';
    }
    if (order.status !== 'pending_payment') {
      // A late capture for an order that gave up on its payment (declined, voided, event removed).
      if (newlyCaptured) await queueRefund(tx, now, order, `order_${order.status}`, capture.attemptId);
      return 'refund';
    }
    const hold = await lockHold(tx, order.hold_id);
    const wanted = await holdSeatIds(tx, order.hold_id);
    // A removed or cancelled event sells nothing more, even to a payment already under way.
    const event = await shareLockEventStatus(tx, order.event_id);
    const sellable = hold?.status === 'active' && event?.status === 'published';
    const still = sellable ? await lockSeatsStillHeld(tx, order.event_id, order.hold_id) : [];
    if (still.length !== wanted.length || wanted.length === 0) {
      await setOrderStatus(tx, order.id, 'failed', { failure_reason: 'hold_expired' });
      if (hold?.status === 'active') {
        await closeHold(tx, hold.id, 'expired', now, 'expired_before_payment');
        await freeSeatsOfHolds(tx, [hold.id]);
        await markInventoryDirty(tx, [order.event_id]);
      }
      await queueRefund(tx, now, order, 'hold_expired', null);
      orderSettled = 'refunded';
      await writeAudit(tx, [
        { actorId: null, action: 'order.failed', subjectType: 'order', subjectId: order.id, details: { reason: 'hold_expired' } },
      ]);
      return 'refund';
    }
    await sellSeats(tx, { eventId: order.event_id, orderId: order.id, seatIds: wanted });
    await issueTickets(tx, { orderId: order.id, eventId: order.event_id, seatIds: wanted, now });
    await setOrderStatus(tx, order.id, 'confirmed', { confirmed_at: now });
    await closeHold(tx, order.hold_id, 'purchased', now, null);
    await enqueueOutbox(tx, now, [{ topic: 'order.confirmed', aggregateId: order.id }]);
    await writeAudit(tx, [
      { actorId: order.user_id, action: 'order.confirmed', subjectType: 'order', subjectId: order.id, details: { seats: wanted.length } },
    ]);
    orderSettled = 'confirmed';
    return 'confirmed';
  });
  if (newlyCaptured) deps.metrics.paymentSettled('captured', capture.source);
  if (orderSettled) deps.metrics.orderSettled(orderSettled, capture.source);
  // Sold or freed seats change the seat map either way.
  if (eventId) announceInventoryChange(deps, [eventId]);
  if (outcome === 'confirmed') return 'confirmed';
  // The queued outbox row guarantees the refund; this only makes it immediate.
  await refundOrder(deps, orderId, 'order_not_confirmed', outcome === 'refund' ? capture.attemptId : undefined).catch((e: unknown) =>
    deps.logger.warn({ err: e, orderId }, 'immediate refund failed; the worker retries'),
  );
  return 'refunded';
}

/** Moves the attempt to 'captured' through the state machine; true when this call made the move. */
async function recordCapture(tx: Tx, capture: CapturedPayment, now: Date): Promise<boolean> {
  const attempt = await lockAttempt(tx, capture.attemptId);
  if (!attempt || !canTransition(attempt.status, 'captured')) return false;
  await updateAttemptStatus(tx, {
    id: attempt.id,
    from: attempt.status,
    to: 'captured',
    intentId: capture.intentId,
    declineCode: null,
    now,
  });
  return true;
}

/** The refund (of one payment, or of all the order's captures) and the mail telling the fan why. */
async function queueRefund(tx: Tx, now: Date, order: OrderRow, reason: string, paymentId: string | null): Promise<void> {
  const messages: OutboxMessage[] = [
    { topic: 'payment.refund', aggregateId: order.id, payload: { reason, ...(paymentId ? { paymentId } : {}) } },
  ];
  // A cancelled order already had its cancellation mail; anyone else paid and got no tickets.
  if (order.status !== 'cancelled') messages.push({ topic: 'order.refunded', aggregateId: order.id, payload: { reason } });
  await enqueueOutbox(tx, now, messages);
}
