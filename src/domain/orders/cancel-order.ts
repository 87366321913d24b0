import { announceInventoryChange } from '../../adapters/pubsub/inventory-signal.js';
import type { Deps } from '../../context.js';
import { closeHold, findEventForBooking, markInventoryDirty } from '../../db/repositories/holds.repository.js';
import { writeAudit } from '../../db/repositories/audit.repository.js';
import { enqueueOutbox } from '../../db/repositories/outbox.repository.js';
import { freeSeatsOfOrder, lockOrder, setOrderStatus } from '../../db/repositories/orders.repository.js';
import { issueCreditNote, issueReceipt } from '../../db/repositories/receipts.repository.js';
import { voidTicketsOfOrder } from '../../db/repositories/tickets.repository.js';
import { offerReleasedSeats } from '../../db/repositories/waiting-list.repository.js';
import { orderHasTransferredTickets } from '../../db/repositories/transfers.repository.js';
import { AppError, forbidden, notFound } from '../errors.js';
import { refundOrder } from '../payments/refund-order.js';
import type { OrderView } from './order.types.js';
import { findOrderView } from './order-view.js';
import { cancellableUntil } from './orders.rules.js';

export interface CancelOrderInput {
  orderId: string;
  actor: { userId: string | null; admin: boolean };
  reason: string;
  /** The customer's own cancellation respects the cut-off (or a reschedule's refund window); an event cancellation does not. */
  enforceCutoff: boolean;
}

/**
 * Cancels a confirmed order: tickets void, seats free, booking closed and the
 * refund queued — all in one transaction — then the refund is tried at once.
 * Cancelling a cancelled order answers the same order again.
 */
export async function cancelOrder(deps: Deps, input: CancelOrderInput): Promise<OrderView> {
  const now = deps.clock.now();
  let eventId = '';
  const cancelled = await deps.db.transaction().execute(async (tx) => {
    const order = await lockOrder(tx, input.orderId);
    if (!order) throw notFound('Order');
    if (input.actor.userId !== null && !input.actor.admin && order.user_id !== input.actor.userId)
      throw forbidden('This is not your order');
    if (order.status === 'cancelled') return false;
    if (order.status !== 'confirmed') throw new AppError('INVALID_STATE', `An order that is ${order.status} cannot be cancelled`);
    // A ticket handed to another fan is theirs now; the buyer cannot take it back by cancelling (organizers still can).
    if (input.enforceCutoff && (await orderHasTransferredTickets(tx, order.id))) {
      throw new AppError('INVALID_STATE', 'A ticket of this order was transferred to another fan: the order can no longer be cancelled');
    }
    const event = await findEventForBooking(tx, order.event_id);
    const until = cancellableUntil({
      startsAt: event!.starts_at,
      cutoffHours: event!.cancellation_cutoff_hours,
      rescheduledAt: event!.rescheduled_at,
      rescheduleRefundUntil: event!.reschedule_refund_until,
      orderCreatedAt: order.created_at,
    });
    if (input.enforceCutoff && now >= until) {
      throw new AppError('CANCELLATION_CLOSED', `Cancellation closed ${event!.cancellation_cutoff_hours} hours before the event`);
    }
    await setOrderStatus(tx, order.id, 'cancelled', { cancelled_at: now, cancel_reason: input.reason });
    // The refund's credit note, numbered in the same transaction so its series has no gaps either; it credits the
    // receipt, which an order cancelled before its confirmation mail went out gets now.
    await issueReceipt(tx, order.id, now);
    await issueCreditNote(tx, order.id, now);
    await voidTicketsOfOrder(tx, order.id, now);
    await freeSeatsOfOrder(tx, order.event_id, order.id);
    await closeHold(tx, order.hold_id, 'cancelled', now, input.reason);
    await markInventoryDirty(tx, [order.event_id]);
    await offerReleasedSeats(tx, [order.event_id], now);
    eventId = order.event_id;
    await enqueueOutbox(tx, now, [
      { topic: 'payment.refund', aggregateId: order.id, payload: { reason: input.reason } },
      { topic: 'order.cancelled', aggregateId: order.id, payload: { reason: input.reason } },
    ]);
    await writeAudit(tx, [
      {
        actorId: input.actor.userId,
        action: 'order.cancelled',
        subjectType: 'order',
        subjectId: order.id,
        details: { reason: input.reason },
      },
    ]);
    return true;
  });
  if (cancelled) {
    announceInventoryChange(deps, [eventId]);
    await refundOrder(deps, input.orderId, input.reason).catch((e: unknown) =>
      deps.logger.warn({ err: e, orderId: input.orderId }, 'immediate refund failed; the worker retries'),
    );
  }
  return (await findOrderView(deps.db, input.orderId))!.view;
}
