import { announceInventoryChange } from '../../adapters/pubsub/inventory-signal.js';
import type { Deps } from '../../context.js';
import type { Tx } from '../../db/client.js';
import { isLockContention, isUniqueViolation } from '../../db/pg-errors.js';
import {
  claimSpecificSeats,
  findEventForBooking,
  insertHold,
  insertHoldSeats,
  lockCandidates,
  markInventoryDirty,
  markSeatsHeld,
  retireExpiredHoldsOfUser,
  setHoldLockTimeout,
  type BookingEvent,
  type TakenSeat,
} from '../../db/repositories/holds.repository.js';
import { saleOpen } from '../catalogue/catalogue.rules.js';
import { ensureInventory } from '../catalogue/ensure-inventory.js';
import { queueAdmission } from '../queue/check-queue-admission.js';
import { AppError, notFound } from '../errors.js';
import type { Money } from '../money.js';
import type { HoldRequest, HoldView } from './hold.types.js';
import { holdView } from './hold-view.js';
import { candidateCount, chooseSeats, holdExpiry } from './holds.rules.js';

export interface HoldSeatsInput {
  eventId: string;
  userId: string;
  request: HoldRequest;
  /** X-Queue-Token header; required while the event's waiting room is on. */
  queueToken?: string | undefined;
}

/** Waiting-room admission hook: by default the waiting room's own check (a no-op on events without one). */
export type QueueAdmission = (event: BookingEvent, userId: string, token: string | undefined) => Promise<void>;

/**
 * Holds seats for a user: specific seats all-or-nothing, or the best available
 * ones of a section. One transaction; the live-booking unique index makes a
 * second booking by the same user fail even when the requests race.
 */
export async function holdSeats(deps: Deps, input: HoldSeatsInput, admit: QueueAdmission = queueAdmission(deps)): Promise<HoldView> {
  try {
    const view = await placeHold(deps, input, admit);
    deps.metrics.holdCreated();
    return view;
  } catch (e) {
    deps.metrics.holdFailed(e instanceof AppError ? e.code : 'INTERNAL_ERROR');
    throw e;
  }
}

async function placeHold(deps: Deps, input: HoldSeatsInput, admit: QueueAdmission): Promise<HoldView> {
  const now = deps.clock.now();
  const req = input.request;
  const event = await findEventForBooking(deps.db, input.eventId, 'sectionId' in req ? req.sectionId : null);
  if (!event || event.status === 'draft') throw notFound('Event');
  const open = saleOpen(
    { status: event.status, startsAt: event.starts_at, saleStartsAt: event.sale_starts_at, saleEndsAt: event.sale_ends_at },
    now,
  );
  if (!open) throw new AppError('NOT_ON_SALE', 'Tickets for this event are not on sale');
  // Bulk-created events get their inventory rows on first use.
  if (!event.inventory_ready && !(await ensureInventory(deps.db, event.id)))
    throw new AppError('NOT_ON_SALE', 'Tickets for this event are not on sale');
  await admit(event, input.userId, input.queueToken);

  const quantity = 'seatIds' in req ? new Set(req.seatIds).size : req.quantity;
  if (quantity > event.per_user_limit) {
    throw new AppError('LIMIT_EXCEEDED', `At most ${event.per_user_limit} tickets per customer for this event`, {
      limit: event.per_user_limit,
    });
  }
  if ('sectionId' in req && !event.section_kind) throw notFound('Section');
  const expiresAt = holdExpiry(now, event.hold_seconds);

  const attempt = (skipLocked: boolean): Promise<HoldView> =>
    deps.db
      .transaction()
      .execute(async (tx) => {
        await setHoldLockTimeout(tx);
        await retireExpiredHoldsOfUser(tx, event.id, input.userId, now);
        let holdId: string;
        try {
          holdId = await insertHold(tx, { eventId: event.id, userId: input.userId, expiresAt, currency: 'XXX', now });
        } catch (e) {
          if (isUniqueViolation(e, 'holds_one_live_booking')) {
            throw new AppError('ACTIVE_BOOKING_EXISTS', 'You already have a hold or an order for this event');
          }
          throw e;
        }
        let taken: TakenSeat[];
        if ('seatIds' in req) {
          const wanted = [...new Set(req.seatIds)].sort((a, b) => Number(a) - Number(b));
          taken = await claimSpecificSeats(tx, { eventId: event.id, seatIds: wanted, holdId, now, expiresAt });
          if (taken.length < wanted.length) {
            const got = new Set(taken.map((t) => t.seat_id));
            throw new AppError('SEATS_UNAVAILABLE', 'Some of these seats are no longer available; nothing was held', {
              seatIds: wanted.filter((id) => !got.has(id)),
            });
          }
        } else {
          const limit = skipLocked ? candidateCount(req.quantity) : req.quantity;
          const candidates = await lockCandidates(tx, { eventId: event.id, sectionId: req.sectionId, now, limit, skipLocked });
          const chosen = chooseSeats(candidates, req.quantity, event.section_kind === 'seated');
          // Too few unlocked seats may only mean rivals are deciding on them: roll back, retry waiting for them.
          if (!chosen) throw skipLocked ? new RetryWaiting() : soldOut();
          taken = await markSeatsHeld(tx, { eventId: event.id, seatIds: chosen.map((c) => c.seatId), holdId, expiresAt });
        }
        const total = await lockPrices(tx, holdId, event.id, taken);
        const view = await holdView(tx, {
          id: holdId,
          event_id: event.id,
          status: 'active',
          currency: total.currency,
          total_amount: String(total.amount),
          expires_at: expiresAt,
        });
        await markInventoryDirty(tx, [event.id]);
        return view;
      })
      .then((view) => {
        announceInventoryChange(deps, [event.id]);
        return view;
      });

  try {
    return await attempt(true);
  } catch (e) {
    if (!(e instanceof RetryWaiting)) throw asBusy(e);
  }
  // The waiting attempt can lose a lock wait or a deadlock to a rival under heavy
  // contention; each retry starts clean, and only then does the client see BUSY.
  for (let tries = 1; ; tries++) {
    try {
      return await attempt(false);
    } catch (e) {
      const mapped = asBusy(e);
      if (!(mapped instanceof AppError && mapped.code === 'BUSY') || tries >= 3) throw mapped;
    }
  }
}

/**
 * Lock timeouts and deadlocks on inventory rows are contention, not faults: the
 * client sees 409 BUSY and may retry.
 */
function asBusy(e: unknown): unknown {
  return isLockContention(e) ? new AppError('BUSY', 'Seats are in high demand right now; please try again') : e;
}

/** Thrown inside the first attempt so its transaction (and the hold row it inserted) rolls back. */
class RetryWaiting extends Error {}

const soldOut = (): AppError =>
  new AppError('SEATS_UNAVAILABLE', 'Not enough seats available in this section; nothing was held', { seatIds: [] });

/** Prices are locked into the hold at the tier price of this moment (invariant 3). */
async function lockPrices(tx: Tx, holdId: string, eventId: string, taken: TakenSeat[]): Promise<Money> {
  const currencies = new Set(taken.map((t) => t.currency.trim()));
  if (currencies.size !== 1) throw new AppError('INVALID_STATE', 'These seats are priced in different currencies; hold them separately');
  const seats = taken.map((t) => ({ seatId: t.seat_id, price: Number(t.price_amount) }));
  const currency = [...currencies][0]!;
  await insertHoldSeats(tx, { holdId, eventId, seats, currency });
  return { amount: seats.reduce((sum, x) => sum + x.price, 0), currency };
}
