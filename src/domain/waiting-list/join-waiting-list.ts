import type { Deps } from '../../context.js';
import { findEventForBooking } from '../../db/repositories/holds.repository.js';
import { findTierOfEvent, freeSeatCount, hasLiveBooking, insertEntry, liveEntryOf } from '../../db/repositories/waiting-list.repository.js';
import { writeAudit } from '../../db/repositories/audit.repository.js';
import { saleOpen } from '../catalogue/catalogue.rules.js';
import { AppError, notFound } from '../errors.js';
import { entryViewOf } from './my-waiting-list-entry.js';
import type { WaitingListEntryView } from './waiting-list.types.js';

export interface JoinWaitingListInput {
  eventId: string;
  userId: string;
  /** Only seats of this tier; any tier when absent. */
  tierId?: string | undefined;
  quantity: number;
}

/**
 * A fan queues for seats of an event on sale that has too few left for them
 * (in the tier, or at all). One live entry per account and event: the partial
 * unique index settles two joins racing.
 */
export async function joinWaitingList(deps: Deps, input: JoinWaitingListInput): Promise<WaitingListEntryView> {
  const now = deps.clock.now();
  const event = await findEventForBooking(deps.db, input.eventId);
  if (!event || event.status === 'draft') throw notFound('Event');
  const window = { status: event.status, startsAt: event.starts_at, saleStartsAt: event.sale_starts_at, saleEndsAt: event.sale_ends_at };
  if (!saleOpen(window, now)) throw new AppError('NOT_ON_SALE', 'This event is not on sale: there is no waiting list to join');
  const tierId = input.tierId ?? null;
  if (tierId !== null && !(await findTierOfEvent(deps.db, event.id, tierId))) {
    throw new AppError('VALIDATION_FAILED', 'Unknown price tier for this event', [
      { field: 'body/tierId', message: 'is not a tier of this event' },
    ]);
  }
  if (input.quantity > event.per_user_limit) {
    throw new AppError('LIMIT_EXCEEDED', `At most ${event.per_user_limit} tickets per person for this event`, {
      limit: event.per_user_limit,
    });
  }
  if (await hasLiveBooking(deps.db, event.id, input.userId, now)) {
    throw new AppError('ACTIVE_BOOKING_EXISTS', 'You already hold or booked seats for this event');
  }
  const free = await freeSeatCount(deps.db, event.id, tierId, now);
  if (free >= input.quantity) {
    throw new AppError('CONFLICT', 'Seats are still available: book them instead of waiting', { reason: 'not_sold_out', available: free });
  }
  await deps.db.transaction().execute(async (tx) => {
    const id = await insertEntry(tx, { eventId: event.id, userId: input.userId, tierId, quantity: input.quantity, now });
    if (!id) throw new AppError('CONFLICT', 'You are already on the waiting list for this event', { reason: 'already_waiting' });
    await writeAudit(tx, [
      {
        actorId: input.userId,
        action: 'waitlist.joined',
        subjectType: 'waiting_list_entry',
        subjectId: id,
        details: { eventId: event.id },
      },
    ]);
  });
  return entryViewOf((await liveEntryOf(deps.db, event.id, input.userId))!);
}
