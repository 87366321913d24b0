import type { Deps } from '../../context.js';
import type { Tx } from '../../db/client.js';
import { findEventRow, updateEvent, type EventRow } from '../../db/repositories/events.repository.js';
import { writeAudit } from '../../db/repositories/audit.repository.js';
import { enqueueForHoldersOfEvent, enqueueOutbox } from '../../db/repositories/outbox.repository.js';
import type { Principal } from '../../security/auth-tokens.js';
import { AppError } from '../errors.js';
import { defaultRescheduleRefundDays, rescheduleWindowEnd } from '../orders/orders.rules.js';
import type { AdminEventView } from './catalogue.types.js';
import { invalid, loadEventView, managedEvent } from './event-view.js';

export interface RescheduleInput {
  startsAt: string;
  /** Days holders may cancel for a full refund, cut-off or not (never past the new start). */
  refundWindowDays?: number;
}

/**
 * Moves a published event to a new start. Every ticket holder gets a mail with
 * the old and the new venue-local time and, when they booked before the move,
 * may cancel for a full refund within the window even after the usual
 * cut-off. The notices are outbox rows written with the move (one per order).
 */
export async function rescheduleEvent(deps: Deps, actor: Principal, eventId: string, input: RescheduleInput): Promise<AdminEventView> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    const event = await managedEvent(tx, actor, eventId, true);
    if (event.status !== 'published') {
      throw new AppError(
        'INVALID_STATE',
        event.status === 'draft'
          ? 'A draft is not announced yet: change its start in the editor'
          : `A ${event.status} event cannot be rescheduled`,
      );
    }
    await moveEvent(tx, now, actor, event, new Date(input.startsAt), input.refundWindowDays ?? defaultRescheduleRefundDays);
    return loadEventView(tx, (await findEventRow(tx, eventId))!, now);
  });
}

/**
 * The move itself, inside the caller's transaction on the locked row (a PATCH
 * of a published event's start lands here too, so no move goes unannounced).
 * A sale end after the new start is dropped: the sale then ends at the start.
 */
export async function moveEvent(tx: Tx, now: Date, actor: Principal, event: EventRow, startsAt: Date, refundDays: number): Promise<void> {
  if (Number.isNaN(startsAt.getTime()) || startsAt <= now) throw invalid([{ field: 'body/startsAt', message: 'must be in the future' }]);
  if (startsAt.getTime() === event.starts_at.getTime()) throw invalid([{ field: 'body/startsAt', message: 'is the current start' }]);
  if (event.sale_starts_at && event.sale_starts_at >= startsAt) {
    throw invalid([{ field: 'body/startsAt', message: 'must be after the sale opens (change the sale window first)' }]);
  }
  const refundUntil = rescheduleWindowEnd(now, refundDays, startsAt);
  await updateEvent(tx, event.id, {
    starts_at: startsAt,
    sale_ends_at: event.sale_ends_at && event.sale_ends_at > startsAt ? null : event.sale_ends_at,
    rescheduled_from: event.starts_at,
    rescheduled_at: now,
    reschedule_refund_until: refundUntil,
    updated_at: now,
  });
  const notice = {
    change: 'rescheduled',
    from: event.starts_at.toISOString(),
    to: startsAt.toISOString(),
    refundUntil: refundUntil.toISOString(),
  };
  const holders = await enqueueForHoldersOfEvent(tx, now, event.id, 'order.event-changed', notice);
  await writeAudit(tx, {
    actorId: actor.userId,
    action: 'event.rescheduled',
    subjectType: 'event',
    subjectId: event.id,
    details: { ...notice, holders },
  });
  await enqueueOutbox(tx, now, [{ topic: 'event.updated', aggregateId: event.id, payload: { eventId: event.id, fields: ['startsAt'] } }]);
}
