import type { Executor } from '../../db/client.js';
import { findEventRow, lockEventRow, performersOf, priceTiersOf, type EventRow } from '../../db/repositories/events.repository.js';
import { findVenue } from '../../db/repositories/venues.repository.js';
import type { Principal } from '../../security/auth-tokens.js';
import { AppError, forbidden, notFound } from '../errors.js';
import { money } from '../money.js';
import { saleStatus, type FieldProblem } from './catalogue.rules.js';
import type { AdminEventView, EventView, PriceTier, VenuePlace } from './catalogue.types.js';
import { parsePricingPolicy } from '../pricing/pricing.rules.js';
import type { PricingPolicy } from '../pricing/pricing.types.js';

function demandRange(policy: PricingPolicy, tierId: string): PriceTier['demand'] {
  const t = policy.mode === 'demand' ? policy.tiers.find((x) => x.tierId === tierId) : undefined;
  return t ? { floor: t.floor, cap: t.cap, paused: policy.paused } : null;
}

type VenueRow = NonNullable<Awaited<ReturnType<typeof findVenue>>>;

export const venuePlace = (v: VenueRow): VenuePlace => ({
  id: v.id,
  name: v.name,
  city: v.city,
  address: v.address,
  timezone: v.timezone,
  currency: v.currency,
  taxRateBasisPoints: v.tax_rate_bp,
});

/** Assembles the API view of an event from its row, venue, performers and tiers. */
export async function loadEventView(db: Executor, row: EventRow, now: Date): Promise<AdminEventView> {
  const [venue, performers, tiers] = await Promise.all([findVenue(db, row.venue_id), performersOf(db, row.id), priceTiersOf(db, row.id)]);
  if (!venue) throw notFound('Venue');
  const pricing = parsePricingPolicy(row.pricing);
  const view: EventView = {
    id: row.id,
    title: row.title,
    description: row.description,
    category: row.category,
    startsAt: row.starts_at.toISOString(),
    status: row.status,
    saleStatus: saleStatus(
      {
        status: row.status,
        startsAt: row.starts_at,
        saleStartsAt: row.sale_starts_at,
        saleEndsAt: row.sale_ends_at,
        seatsAvailable: row.seats_available,
      },
      now,
    ),
    saleStartsAt: row.sale_starts_at?.toISOString() ?? null,
    presaleStartsAt: row.presale_starts_at?.toISOString() ?? null,
    saleEndsAt: row.sale_ends_at?.toISOString() ?? null,
    perUserLimit: row.per_user_limit,
    holdSeconds: row.hold_seconds,
    cancellationCutoffHours: row.cancellation_cutoff_hours,
    transferCutoffMinutes: row.transfer_cutoff_minutes,
    venue: venuePlace(venue),
    currency: tiers[0]?.currency.trim() ?? venue.currency,
    performers,
    priceTiers: tiers.map((t) => ({
      id: t.id,
      name: t.name,
      price: money(t.price_amount, t.currency),
      sectionIds: t.section_ids,
      demand: demandRange(pricing, t.id),
      hidden: t.hidden,
    })),
    capacity: row.capacity,
    seatsAvailable: row.seats_available,
    cancelReason: row.cancel_reason,
    cancelledAt: row.cancelled_at?.toISOString() ?? null,
    rescheduledFrom: row.rescheduled_from?.toISOString() ?? null,
  };
  return {
    ...view,
    organizerId: row.organizer_id,
    publishedAt: row.published_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    inventoryReady: row.inventory_ready,
  };
}

/** Organizers manage only their own events; admins manage all. */
function assertCanManage(actor: Principal, row: Pick<EventRow, 'organizer_id'>): void {
  if (!actor.roles.includes('admin') && row.organizer_id !== actor.userId) throw forbidden('This event belongs to another organizer');
}

/** The event an organizer may manage, or 404/403. */
export async function managedEvent(db: Executor, actor: Principal, id: string, lock = false): Promise<EventRow> {
  const row = lock ? await lockEventRow(db, id) : await findEventRow(db, id);
  if (!row) throw notFound('Event');
  assertCanManage(actor, row);
  return row;
}

export function invalid(problems: FieldProblem[]): AppError {
  return new AppError('VALIDATION_FAILED', `Invalid event: ${problems[0]?.field} ${problems[0]?.message}`, problems);
}
