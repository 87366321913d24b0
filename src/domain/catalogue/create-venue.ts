import type { Deps } from '../../context.js';
import { insertPlaceAreas, insertSeatRows, insertSections, insertVenue } from '../../db/repositories/venues.repository.js';
import { writeAudit } from '../../db/repositories/audit.repository.js';
import type { Principal } from '../../security/auth-tokens.js';
import { AppError } from '../errors.js';
import { venueProblems } from './catalogue.rules.js';
import type { Venue, VenueInput } from './catalogue.types.js';
import { planVenueLayout, sectionCapacity } from './venue-layout.rules.js';

/**
 * Creates a venue with its sections and every seat (or GA place) in one
 * transaction. Seats are generated set-based inside the database so a
 * 50,000-seat stadium takes one statement, not 50,000 round trips.
 */
export async function createVenue(deps: Deps, actor: Principal, input: VenueInput): Promise<Venue> {
  const problems = venueProblems(input);
  if (problems.length > 0)
    throw new AppError('VALIDATION_FAILED', `Invalid venue: ${problems[0]?.field} ${problems[0]?.message}`, problems);

  const sections = input.sections.map((s) => ({ ...s, name: s.name.trim(), capacity: sectionCapacity(s) }));
  return deps.db.transaction().execute(async (tx) => {
    const venue = await insertVenue(tx, {
      name: input.name.trim(),
      city: input.city.trim(),
      address: input.address.trim(),
      timezone: input.timezone,
      currency: input.currency ?? 'EUR',
      taxRateBp: input.taxRateBasisPoints ?? 0,
      latitude: input.latitude ?? null,
      longitude: input.longitude ?? null,
      field: input.field ?? null,
      createdBy: actor.userId,
    });
    const ids = await insertSections(tx, venue.id, sections);
    const layout = planVenueLayout(sections.map((s, i) => ({ ...s, id: ids[i]! })));
    await insertSeatRows(tx, layout.rows);
    await insertPlaceAreas(tx, layout.areas);
    await writeAudit(tx, {
      actorId: actor.userId,
      action: 'venue.created',
      subjectType: 'venue',
      subjectId: venue.id,
      details: { sections: sections.length },
    });
    return {
      id: venue.id,
      name: input.name.trim(),
      city: input.city.trim(),
      address: input.address.trim(),
      timezone: input.timezone,
      currency: input.currency ?? 'EUR',
      taxRateBasisPoints: input.taxRateBasisPoints ?? 0,
      sections: sections.map((s, i) => ({ id: ids[i]!, name: s.name, kind: s.kind, capacity: s.capacity })),
    };
  });
}
