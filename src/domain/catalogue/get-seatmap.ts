import { createHash } from 'node:crypto';
import type { Deps } from '../../context.js';
import { findEventRow } from '../../db/repositories/events.repository.js';
import { pricedSections, seatMapSeats } from '../../db/repositories/inventory.repository.js';
import { findVenue } from '../../db/repositories/venues.repository.js';
import { notFound } from '../errors.js';
import { isPublicStatus } from './catalogue.rules.js';
import type { SeatMap, SeatMapSection } from './catalogue.types.js';

/**
 * The static drawing of an event's priced sections, seats in seat-map order.
 * A published event's tiers are frozen and a venue's seats never change, so
 * the version follows from the event id and publication time alone: a client
 * whose copy is current is answered without loading a single seat.
 */
export async function getSeatMap(
  deps: Deps,
  eventId: string,
  opts: { unlessVersion?: string } = {},
): Promise<{ version: string; seatMap: SeatMap | null }> {
  const row = await findEventRow(deps.db, eventId);
  if (!row || !isPublicStatus(row.status)) throw notFound('Event');
  const version = createHash('sha256')
    .update(`${row.id}|${row.published_at?.toISOString() ?? ''}`)
    .digest('base64url')
    .slice(0, 22);
  if (opts.unlessVersion === version) return { version, seatMap: null };

  const [venue, sections, seats] = await Promise.all([
    findVenue(deps.db, row.venue_id),
    pricedSections(deps.db, eventId),
    seatMapSeats(deps.db, eventId),
  ]);
  if (!venue) throw notFound('Venue');
  const bySection = new Map<string, SeatMapSection>(
    sections.map((s) => [s.id, { id: s.id, name: s.name, kind: s.kind, capacity: s.capacity, tierId: s.tier_id, seats: [] }]),
  );
  for (const seat of seats) {
    bySection
      .get(seat.section_id)
      ?.seats.push({ id: seat.id, row: seat.row_label ?? '', number: seat.number, x: seat.x ?? 0, y: seat.y ?? 0, tierId: seat.tier_id });
  }
  for (const section of bySection.values()) {
    if (section.seats.length === 0) continue;
    let minX = Infinity,
      minY = Infinity,
      maxX = -Infinity,
      maxY = -Infinity;
    for (const s of section.seats) {
      minX = Math.min(minX, s.x);
      maxX = Math.max(maxX, s.x);
      minY = Math.min(minY, s.y);
      maxY = Math.max(maxY, s.y);
    }
    section.bounds = { minX, minY, maxX, maxY };
  }
  return { version, seatMap: { eventId, venue: { id: venue.id, name: venue.name }, sections: [...bySection.values()] } };
}
