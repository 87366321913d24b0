import type { Deps } from '../../src/context.js';
import type { Money } from '../../src/domain/money.js';
import type { SectionInput, Venue } from '../../src/domain/catalogue/catalogue.types.js';
import { createEvent } from '../../src/domain/catalogue/create-event.js';
import { createVenue } from '../../src/domain/catalogue/create-venue.js';
import { publishEvent } from '../../src/domain/catalogue/publish-event.js';
import { createUser, type TestUser } from './users.js';

const principal = (u: TestUser) => ({ userId: u.id, roles: u.roles });

/**
 * A venue built by the real use case (validation, layout, set-based seats).
 * `admin` is any organizer or admin TestUser.
 *
 *   const venue = await createVenueWith(deps, admin, { sections: [{ name: 'Stalls', kind: 'seated', rows: [{ label: 'A', seats: 10 }] }] });
 */
export async function createVenueWith(
  deps: Deps,
  admin: TestUser,
  opts: { sections: SectionInput[]; name?: string; city?: string; timezone?: string; taxRateBasisPoints?: number },
): Promise<Venue> {
  return createVenue(deps, principal(admin), {
    name: opts.name ?? `Test Hall ${Math.random().toString(36).slice(2, 8)}`,
    city: opts.city ?? 'Berlin',
    address: '1 Test Street',
    timezone: opts.timezone ?? 'Europe/Berlin',
    sections: opts.sections,
    ...(opts.taxRateBasisPoints !== undefined ? { taxRateBasisPoints: opts.taxRateBasisPoints } : {}),
  });
}

export interface PublishedEventOptions {
  /** Owner of the event; a fresh organizer when omitted. */
  organizer?: TestUser;
  /** Rows in the seated section "Stalls" (default 3), labelled A, B, C… */
  seatedRows?: number;
  /** Seats per row (default 10). */
  seatsPerRow?: number;
  /** When given, a general-admission section "Floor" with this many places, in its own tier. */
  gaCapacity?: number;
  /** Price of every tier (default 5000 EUR). */
  price?: Money;
  perUserLimit?: number;
  holdSeconds?: number;
  saleStartsAt?: Date;
  /** Default: 30 days after deps.clock.now(). */
  startsAt?: Date;
  cancellationCutoffHours?: number;
  /** The venue's IANA zone (default Europe/Berlin). */
  timezone?: string;
  /** The venue's sales tax included in prices (default 0). */
  taxRateBasisPoints?: number;
}

export interface PublishedEvent {
  eventId: string;
  venueId: string;
  organizer: TestUser;
  seatedSectionId: string;
  gaSectionId?: string;
  /** Seat ids of the seated section in seat-map order (row A seat 1, 2, …, then row B …). */
  seatIds: string[];
  /** [seated tier, GA tier?] */
  tierIds: string[];
}

/**
 * A published event with its inventory, created through the catalogue use
 * cases: a venue with one seated section (and optionally one GA section), one
 * tier per section, published so event_seats exist.
 *
 *   const ev = await createPublishedEvent(deps, { seatedRows: 1, seatsPerRow: 4, gaCapacity: 100, holdSeconds: 60 });
 */
export async function createPublishedEvent(deps: Deps, opts: PublishedEventOptions = {}): Promise<PublishedEvent> {
  const organizer = opts.organizer ?? (await createUser(deps, ['organizer']));
  const rows = opts.seatedRows ?? 3;
  const perRow = opts.seatsPerRow ?? 10;
  const sections: SectionInput[] = [
    { name: 'Stalls', kind: 'seated', rows: Array.from({ length: rows }, (_, i) => ({ label: rowLabel(i), seats: perRow })) },
  ];
  if (opts.gaCapacity !== undefined) sections.push({ name: 'Floor', kind: 'ga', capacity: opts.gaCapacity });
  const venue = await createVenueWith(deps, organizer, { sections, timezone: opts.timezone, taxRateBasisPoints: opts.taxRateBasisPoints });
  const seated = venue.sections[0]!;
  const ga = venue.sections[1];
  const price = opts.price ?? { amount: 5000, currency: 'EUR' };
  const startsAt = opts.startsAt ?? new Date(deps.clock.now().getTime() + 30 * 86_400_000);

  const draft = await createEvent(deps, principal(organizer), {
    title: `Test Event ${Math.random().toString(36).slice(2, 8)}`,
    description: 'Created by the test factory',
    category: 'concert',
    venueId: venue.id,
    startsAt: startsAt.toISOString(),
    performers: ['The Testers'],
    priceTiers: [{ name: 'Stalls', price, sectionIds: [seated.id] }, ...(ga ? [{ name: 'Floor', price, sectionIds: [ga.id] }] : [])],
    perUserLimit: opts.perUserLimit,
    holdSeconds: opts.holdSeconds,
    cancellationCutoffHours: opts.cancellationCutoffHours,
    saleStartsAt: opts.saleStartsAt?.toISOString(),
  });
  await publishEvent(deps, principal(organizer), draft.id);

  const seats = await deps.db.selectFrom('seats').select('id').where('section_id', '=', seated.id).orderBy('map_ordinal').execute();
  return {
    eventId: draft.id,
    venueId: venue.id,
    organizer,
    seatedSectionId: seated.id,
    ...(ga ? { gaSectionId: ga.id } : {}),
    seatIds: seats.map((s) => s.id),
    tierIds: draft.priceTiers.map((t) => t.id),
  };
}

/** A, B, …, Z, AA, AB, … */
export function rowLabel(index: number): string {
  let label = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) label = String.fromCharCode(65 + ((n - 1) % 26)) + label;
  return label;
}
