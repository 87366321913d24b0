import type { Deps } from '../../context.js';
import { findEventRow } from '../../db/repositories/events.repository.js';
import { notFound } from '../errors.js';
import { isPublicStatus } from './catalogue.rules.js';
import type { EventView } from './catalogue.types.js';
import { loadEventView } from './event-view.js';

/** A listed (published or cancelled) event as buyers see it. */
export async function getEvent(deps: Deps, eventId: string): Promise<EventView> {
  const row = await findEventRow(deps.db, eventId);
  if (!row || !isPublicStatus(row.status)) throw notFound('Event');
  return publicView(await loadEventView(deps.db, row, deps.clock.now()));
}

/** Only the buyer-facing fields: the organizer's bookkeeping never reaches a buyer or a shared cache. */
function publicView(v: EventView): EventView {
  return {
    id: v.id,
    title: v.title,
    description: v.description,
    category: v.category,
    startsAt: v.startsAt,
    status: v.status,
    saleStatus: v.saleStatus,
    saleStartsAt: v.saleStartsAt,
    presaleStartsAt: v.presaleStartsAt,
    saleEndsAt: v.saleEndsAt,
    perUserLimit: v.perUserLimit,
    holdSeconds: v.holdSeconds,
    cancellationCutoffHours: v.cancellationCutoffHours,
    transferCutoffMinutes: v.transferCutoffMinutes,
    venue: v.venue,
    currency: v.currency,
    performers: v.performers,
    // Hidden tiers show only to a fan whose access code unlocks them (GET …/access-codes/:code).
    priceTiers: v.priceTiers.filter((t) => !t.hidden),
    capacity: v.capacity,
    seatsAvailable: v.seatsAvailable,
    cancelReason: v.cancelReason,
    cancelledAt: v.cancelledAt,
    rescheduledFrom: v.rescheduledFrom,
  };
}
