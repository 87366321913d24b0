import { announceInventoryChange } from '../../adapters/pubsub/inventory-signal.js';
import type { Deps } from '../../context.js';
import { isLockContention } from '../../db/pg-errors.js';
import type { BookingEvent } from '../../db/repositories/holds.repository.js';
import { placeHold, type PlaceHoldRow } from '../../db/repositories/place-hold.repository.js';
import { saleOpen } from '../catalogue/catalogue.rules.js';
import { headingFactsOf, headingOf } from '../catalogue/event-heading.js';
import { ensureInventory } from '../catalogue/ensure-inventory.js';
import { queueAdmission } from '../queue/check-queue-admission.js';
import { queueEventFacts } from '../queue/queue-context.js';
import { signedOut } from '../users/authenticate.js';
import { AppError, notFound } from '../errors.js';
import { allInBreakdown, money } from '../money.js';
import { extensionPolicyOf, offerOf, queueWindowOf } from './hold-extension.js';
import { extensionTerms } from './hold-extension.rules.js';
import type { HoldRequest, HoldView } from './hold.types.js';

export interface HoldSeatsInput {
  eventId: string;
  userId: string;
  request: HoldRequest;
  /** X-Queue-Token header; required while the event's waiting room is on. */
  queueToken?: string | undefined;
  /** The caller's session when nobody has checked it yet: the hold statement checks it (UNAUTHENTICATED if not live). */
  sessionId?: string;
}

/** Waiting-room admission hook: by default the waiting room's own check (a no-op on events without one). */
export type QueueAdmission = (event: BookingEvent, userId: string, token: string | undefined) => Promise<void>;

/**
 * Holds seats for a user: specific seats all-or-nothing, or the best available
 * ones of a section. The hold itself is one statement (`place_hold`, migration
 * 0008, with the event's heading for the reply joined in by migration 0027) in
 * its own transaction; the live-booking unique index makes a second
 * booking by the same user fail even when the requests race.
 */
export async function holdSeats(deps: Deps, input: HoldSeatsInput, admit: QueueAdmission = queueAdmission(deps)): Promise<HoldView> {
  try {
    const view = await tryHold(deps, input, admit);
    deps.metrics.holdCreated();
    return view;
  } catch (e) {
    deps.metrics.holdFailed(e instanceof AppError ? e.code : 'INTERNAL_ERROR');
    throw e;
  }
}

async function tryHold(deps: Deps, input: HoldSeatsInput, admit: QueueAdmission): Promise<HoldView> {
  const now = deps.clock.now();
  const req = input.request;
  // The waiting-room gate reads this instance's copy of the event (at most a second old), not
  // the events row: the statement below re-checks the sale state itself, so only the gate's
  // policy may lag by that second. A sale that is not open is refused by the statement.
  const facts = await queueEventFacts(deps, input.eventId);
  if (facts && facts.status === 'published' && saleOpenAt(facts, now)) await admit(facts, input.userId, input.queueToken);

  const call = async (skipLocked: boolean): Promise<PlaceHoldRow> => {
    const row = await placeHold(deps.db, {
      eventId: input.eventId,
      userId: input.userId,
      seatIds: 'seatIds' in req ? req.seatIds : null,
      sectionId: 'sectionId' in req ? req.sectionId : null,
      quantity: 'quantity' in req ? req.quantity : 0,
      now,
      skipLocked,
      quoted: input.queueToken !== undefined,
      accessCode: req.accessCode ?? null,
      sessionId: input.sessionId ?? null,
    });
    if (row === 'no_session') throw signedOut();
    return row;
  };

  let row = await call(true).catch(rethrowBusy);
  if (row.outcome === 'inventory_not_ready') {
    // Bulk-created events get their inventory rows on first use.
    if (!(await ensureInventory(deps.db, input.eventId))) throw notOnSale();
    row = await call(true).catch(rethrowBusy);
  }
  // Too few unlocked seats may only mean rivals are deciding on them: ask again, waiting for
  // them. The waiting attempt can lose a lock wait or a deadlock under heavy contention; each
  // retry starts clean, and only then does the client see BUSY.
  for (let tries = 1; row.outcome === 'retry_waiting'; tries++) {
    try {
      row = await call(false);
    } catch (e) {
      if (!isLockContention(e) || tries >= 3) rethrowBusy(e);
    }
  }
  const view = toView(input.eventId, row);
  if (facts) view.extension = offerOf(await freshHoldTerms(deps, facts, now, row.expires_at!));
  announceInventoryChange(deps, [input.eventId]);
  return view;
}

/** A new hold's extension terms: none used yet, created now. */
async function freshHoldTerms(deps: Deps, event: BookingEvent, now: Date, expiresAt: Date) {
  return extensionTerms({
    createdAt: now,
    expiresAt,
    used: 0,
    holdSeconds: event.hold_seconds,
    queueWindowSeconds: await queueWindowOf(deps, event),
    policy: extensionPolicyOf(deps),
  });
}

function saleOpenAt(e: BookingEvent, now: Date): boolean {
  return saleOpen({ status: e.status, startsAt: e.starts_at, saleStartsAt: e.sale_starts_at, saleEndsAt: e.sale_ends_at }, now);
}

/**
 * Lock timeouts and deadlocks on inventory rows are contention, not faults: the
 * client sees 409 BUSY and may retry.
 */
function rethrowBusy(e: unknown): never {
  throw isLockContention(e) ? new AppError('BUSY', 'Seats are in high demand right now; please try again') : e;
}

const notOnSale = (): AppError => new AppError('NOT_ON_SALE', 'Tickets for this event are not on sale');

/** The statement's answer as the hold, or the error that explains the refusal. */
function toView(eventId: string, row: PlaceHoldRow): HoldView {
  switch (row.outcome) {
    case 'held': {
      const currency = row.currency!;
      // The statement joins the heading in on 'held', so these columns are set.
      const event = headingOf(
        headingFactsOf({
          id: eventId,
          title: row.title!,
          starts_at: row.starts_at!,
          status: row.status!,
          cancel_reason: row.cancel_reason,
          rescheduled_from: row.rescheduled_from,
          rescheduled_at: row.rescheduled_at,
          reschedule_refund_until: row.reschedule_refund_until,
          cancellation_cutoff_hours: row.cancellation_cutoff_hours!,
          venue_id: row.venue_id!,
          venue_name: row.venue_name!,
          city: row.city!,
          timezone: row.timezone!,
          tax_rate_bp: row.tax_rate_bp!,
        }),
      );
      const total = money(row.total_amount!, currency);
      return {
        id: row.hold_id!,
        eventId,
        event,
        status: 'active',
        seats: (row.seats ?? []).map((s) => ({
          id: s.id,
          section: s.section,
          sectionId: s.sectionId,
          row: s.row,
          number: s.number,
          price: money(s.price, currency),
        })),
        total,
        breakdown: allInBreakdown(total, event.venue.taxRateBasisPoints, Number(row.discount_amount ?? 0)),
        expiresAt: row.expires_at!.toISOString(),
        extension: { left: 0, nextExpiresAt: null },
      };
    }
    case 'not_found':
      throw notFound('Event');
    case 'not_on_sale':
    case 'inventory_not_ready':
      throw notOnSale();
    case 'limit_exceeded': {
      const limit = row.detail?.limit;
      throw new AppError('LIMIT_EXCEEDED', `At most ${limit} tickets per customer for this event`, { limit });
    }
    case 'section_not_found':
      throw notFound('Section');
    case 'active_booking':
      throw new AppError('ACTIVE_BOOKING_EXISTS', 'You already have a hold or an order for this event');
    case 'seats_unavailable':
      throw new AppError('SEATS_UNAVAILABLE', 'Some of these seats are no longer available; nothing was held', {
        seatIds: row.detail?.seatIds ?? [],
      });
    case 'retry_waiting':
    case 'sold_out':
      throw new AppError('SEATS_UNAVAILABLE', 'Not enough seats available in this section; nothing was held', { seatIds: [] });
    case 'mixed_currency':
      throw new AppError('INVALID_STATE', 'These seats are priced in different currencies; hold them separately');
    case 'code_required':
      throw new AppError('CODE_REQUIRED', 'This event is in its presale: enter an access code to hold tickets');
    case 'code_invalid':
      throw new AppError('CODE_INVALID', 'This access code is not valid for this event');
    case 'code_expired':
      throw new AppError('CODE_EXPIRED', 'This access code is not valid at this time');
    case 'code_exhausted':
      throw new AppError('CODE_EXHAUSTED', 'This access code has no uses left');
    case 'tier_locked':
      throw new AppError('CODE_INVALID', 'These seats need an access code that unlocks their tier');
  }
}
