import { announceInventoryChange } from '../../adapters/pubsub/inventory-signal.js';
import type { Deps } from '../../context.js';
import { closeHold, freeSeatsOfHolds, lockHold, markInventoryDirty, shareLockEventStatus } from '../../db/repositories/holds.repository.js';
import { writeAudit } from '../../db/repositories/audit.repository.js';
import { enqueueOutbox } from '../../db/repositories/outbox.repository.js';
import { holdSeatIds, lockOrder, lockSeatsStillHeld, sellSeats, setOrderStatus } from '../../db/repositories/orders.repository.js';
import { advancePayment, findPaymentByIntent } from '../../db/repositories/payments.repository.js';
import { issueTickets } from '../../db/repositories/tickets.repository.js';
import { refundOrder } from '../payments/refund-order.js';

export type ConfirmOutcome = 'confirmed' | 'refunded';

/**
 * The money arrived (synchronous capture or webhook): in ONE transaction the
 * seats are sold, tickets issued, the order confirmed and the outbox written —
 * but only if every seat is still held by this order's hold. Otherwise (hold
 * expired and taken, released, event removed) the order fails and the captured
 * payment is refunded: the refund is queued in the same transaction, then tried
 * at once. Safe to call any number of times.
 */
export async function confirmOrder(deps: Deps, orderId: string, intentId: string): Promise<ConfirmOutcome> {
  const now = deps.clock.now();
  let eventId: string | null = null;
  const outcome = await deps.db.transaction().execute(async (tx): Promise<ConfirmOutcome | 'refund'> => {
    const order = await lockOrder(tx, orderId);
    if (!order) throw new Error(`Order ${orderId} vanished`);
    eventId = order.event_id;
    const payment = await findPaymentByIntent(tx, deps.payments.name, intentId);
    if (payment) await advancePayment(tx, payment.id, 'captured', now);
    if (order.status === 'confirmed') return 'confirmed';
    if (order.status !== 'pending_payment') {
      await enqueueOutbox(tx, now, [{ topic: 'payment.refund', aggregateId: order.id, payload: { reason: `order_${order.status}` } }]);
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
      await enqueueOutbox(tx, now, [{ topic: 'payment.refund', aggregateId: order.id, payload: { reason: 'hold_expired' } }]);
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
    return 'confirmed';
  });
  // Sold or freed seats change the seat map either way.
  if (eventId) announceInventoryChange(deps, [eventId]);
  if (outcome === 'confirmed') return 'confirmed';
  // The queued outbox row guarantees the refund; this only makes it immediate.
  await refundOrder(deps, orderId, 'order_not_confirmed').catch((e: unknown) =>
    deps.logger.warn({ err: e, orderId }, 'immediate refund failed; the worker retries'),
  );
  return 'refunded';
}
