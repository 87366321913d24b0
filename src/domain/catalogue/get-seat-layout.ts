import { createHash } from 'node:crypto';
import type { Deps } from '../../context.js';
import { findEventRow } from '../../db/repositories/events.repository.js';
import { pricedSections, seatLayoutSeats } from '../../db/repositories/inventory.repository.js';
import { findVenue } from '../../db/repositories/venues.repository.js';
import { notFound } from '../errors.js';
import { isPublicStatus } from './catalogue.rules.js';
import type { SeatLayout } from './catalogue.types.js';
import { encodeSeatLayout } from './seat-layout.rules.js';

/** Bumped when the encoding changes, so no cache anywhere serves an old shape under a current URL. */
const encoding = 'rows-1';

/** The layout's version, from the event row alone: a published event's tiers are frozen and a venue's seats never change. */
export async function seatLayoutVersion(deps: Deps, eventId: string): Promise<string> {
  const row = await findEventRow(deps.db, eventId);
  if (!row || !isPublicStatus(row.status)) throw notFound('Event');
  return versionOf(row.id, row.published_at);
}

const versionOf = (id: string, publishedAt: Date | null): string =>
  createHash('sha256')
    .update(`${encoding}|${id}|${publishedAt?.toISOString() ?? ''}`)
    .digest('base64url')
    .slice(0, 22);

/**
 * The static drawing of an event as rows and ranges (see SeatLayout). With
 * `version`, a request for any other version is not found: a versioned copy is
 * immutable, so it must never be answered with different content.
 */
export async function getSeatLayout(deps: Deps, eventId: string, version?: string): Promise<SeatLayout> {
  const row = await findEventRow(deps.db, eventId);
  if (!row || !isPublicStatus(row.status)) throw notFound('Event');
  const current = versionOf(row.id, row.published_at);
  if (version !== undefined && version !== current) throw notFound('Seat map version');
  const [venue, sections, seats] = await Promise.all([
    findVenue(deps.db, row.venue_id),
    pricedSections(deps.db, eventId),
    seatLayoutSeats(deps.db, eventId),
  ]);
  if (!venue) throw notFound('Venue');
  const encoded = encodeSeatLayout(
    sections.map((s) => ({ id: s.id, name: s.name, kind: s.kind, capacity: s.capacity, tierId: s.tier_id })),
    seats.map((s) => ({
      id: s.id,
      sectionId: s.section_id,
      row: s.row_label ?? '',
      number: s.number,
      x: s.x ?? 0,
      y: s.y ?? 0,
      accessible: s.accessible,
      restricted: s.restricted_view,
    })),
  );
  return {
    eventId,
    version: current,
    venue: { id: venue.id, name: venue.name },
    field: venue.field,
    seatCount: seats.length,
    sections: encoded,
  };
}
