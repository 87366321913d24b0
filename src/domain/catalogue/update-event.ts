import type { Updateable } from 'kysely';
import type { Deps } from '../../context.js';
import type { EventsTable } from '../../db/schema.js';
import {
  findEventRow,
  refreshEventSummary,
  replacePriceTiers,
  setEventPerformers,
  updateEvent as updateEventRow,
} from '../../db/repositories/events.repository.js';
import { findSections } from '../../db/repositories/venues.repository.js';
import type { Principal } from '../../security/auth-tokens.js';
import { AppError } from '../errors.js';
import { indexEventWords } from '../../db/repositories/search.repository.js';
import { distinctPerformers, eventTimeProblems, priceTierProblems, type FieldProblem } from './catalogue.rules.js';
import type { AdminEventView, EventPatch } from './catalogue.types.js';
import { invalid, loadEventView, managedEvent } from './event-view.js';
import { writeAudit } from '../../db/repositories/audit.repository.js';
import { enqueueForHoldersOfEvent, enqueueOutbox } from '../../db/repositories/outbox.repository.js';
import { defaultRescheduleRefundDays } from '../orders/orders.rules.js';
import { moveEvent } from './reschedule-event.js';

const dateOrNull = (v: string | null): Date | null => (v === null ? null : new Date(v));

/**
 * Changes an event's details. Tiers decide which seats exist, so they change
 * only while the event is a draft; a removed or cancelled event is frozen.
 * Holders of a published event are told of a new start or title by mail.
 */
export async function updateEvent(deps: Deps, actor: Principal, eventId: string, patch: EventPatch): Promise<AdminEventView> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    const event = await managedEvent(tx, actor, eventId, true);
    if (event.status === 'removed' || event.status === 'cancelled') {
      throw new AppError('INVALID_STATE', `A ${event.status} event cannot be changed`);
    }
    if (patch.priceTiers !== undefined && event.status !== 'draft') {
      throw new AppError('INVALID_STATE', 'Price tiers can only change while the event is a draft');
    }

    const problems: FieldProblem[] = [];
    const times = {
      startsAt: patch.startsAt !== undefined ? new Date(patch.startsAt) : event.starts_at,
      saleStartsAt: patch.saleStartsAt !== undefined ? dateOrNull(patch.saleStartsAt) : event.sale_starts_at,
      saleEndsAt: patch.saleEndsAt !== undefined ? dateOrNull(patch.saleEndsAt) : event.sale_ends_at,
    };
    // A published event's new start is a reschedule: holders are told and get their refund window.
    const moved = event.status === 'published' && patch.startsAt !== undefined && times.startsAt.getTime() !== event.starts_at.getTime();
    const timesChanged = patch.startsAt !== undefined || patch.saleStartsAt !== undefined || patch.saleEndsAt !== undefined;
    if (timesChanged) problems.push(...eventTimeProblems(times, now));
    const performers = patch.performers === undefined ? undefined : distinctPerformers(patch.performers);
    if (performers?.length === 0) problems.push({ field: 'body/performers', message: 'at least one performer is needed' });
    if (patch.priceTiers !== undefined) {
      const sections = await findSections(tx, event.venue_id);
      problems.push(...priceTierProblems(patch.priceTiers, new Set(sections.map((s) => s.id))));
    }
    if (problems.length > 0) throw invalid(problems);

    const set: Updateable<EventsTable> = { updated_at: now };
    if (patch.title !== undefined) set.title = patch.title.trim();
    if (patch.description !== undefined) set.description = patch.description;
    if (patch.category !== undefined) set.category = patch.category;
    if (patch.perUserLimit !== undefined) set.per_user_limit = patch.perUserLimit;
    if (patch.holdSeconds !== undefined) set.hold_seconds = patch.holdSeconds;
    if (patch.cancellationCutoffHours !== undefined) set.cancellation_cutoff_hours = patch.cancellationCutoffHours;
    if (patch.transferCutoffMinutes !== undefined) set.transfer_cutoff_minutes = patch.transferCutoffMinutes;
    if (timesChanged) Object.assign(set, { starts_at: times.startsAt, sale_starts_at: times.saleStartsAt, sale_ends_at: times.saleEndsAt });
    if (moved) {
      set.starts_at = event.starts_at;
      await updateEventRow(tx, eventId, set);
      await moveEvent(
        tx,
        now,
        actor,
        { ...event, sale_starts_at: times.saleStartsAt, sale_ends_at: times.saleEndsAt },
        times.startsAt,
        defaultRescheduleRefundDays,
      );
    } else {
      await updateEventRow(tx, eventId, set);
    }
    const newTitle = set.title;
    if (event.status === 'published' && newTitle !== undefined && newTitle !== event.title) {
      await enqueueForHoldersOfEvent(tx, now, eventId, 'order.event-changed', { change: 'retitled', from: event.title, to: newTitle });
    }
    if (performers) await setEventPerformers(tx, eventId, performers);
    if (patch.priceTiers) {
      await replacePriceTiers(
        tx,
        eventId,
        patch.priceTiers.map((t) => ({ name: t.name, amount: t.price.amount, currency: t.price.currency, sectionIds: t.sectionIds })),
      );
    }
    await refreshEventSummary(tx, eventId, now);
    await indexEventWords(tx, eventId);
    await writeAudit(tx, {
      actorId: actor.userId,
      action: 'event.updated',
      subjectType: 'event',
      subjectId: eventId,
      details: { fields: Object.keys(patch) },
    });
    await enqueueOutbox(tx, now, [{ topic: 'event.updated', aggregateId: eventId, payload: { eventId, fields: Object.keys(patch) } }]);
    return loadEventView(tx, (await findEventRow(tx, eventId))!, now);
  });
}
