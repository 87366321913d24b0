import type { Updateable } from 'kysely';
import type { Deps } from '../../context.js';
import type { VenuesTable } from '../../db/schema.js';
import { refreshEventSummary } from '../../db/repositories/events.repository.js';
import { indexEventWords } from '../../db/repositories/search.repository.js';
import { writeAudit } from '../../db/repositories/audit.repository.js';
import { enqueueOutbox } from '../../db/repositories/outbox.repository.js';
import {
  countPublishedEventsAt,
  eventIdsAtVenue,
  insertPlaceAreas,
  insertSeatRows,
  insertSections,
  lockVenue,
  replaceVenueSections,
  updateVenueRow,
} from '../../db/repositories/venues.repository.js';
import type { Principal } from '../../security/auth-tokens.js';
import { AppError, forbidden, notFound } from '../errors.js';
import { venueProblems } from './catalogue.rules.js';
import type { SectionInput, Venue, VenueInput } from './catalogue.types.js';
import { getVenue } from './get-venue.js';
import { planVenueLayout, sectionCapacity } from './venue-layout.rules.js';

export type VenuePatch = Partial<Pick<VenueInput, 'name' | 'city' | 'address' | 'timezone' | 'currency' | 'taxRateBasisPoints'>> & {
  sections?: SectionInput[];
};

/**
 * Changes a venue. Its details change any time (events copy its name and city,
 * so they follow); its layout — sections, rows, seats — only while no event
 * there was ever published, since published inventory, holds and tickets
 * point at its seats (409 otherwise). A draft's tiers keep the sections whose
 * names survive the new layout.
 */
export async function updateVenue(deps: Deps, actor: Principal, venueId: string, patch: VenuePatch): Promise<Venue> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (tx) => {
    const venue = await lockVenue(tx, venueId);
    if (!venue) throw notFound('Venue');
    if (!actor.roles.includes('admin') && venue.created_by !== actor.userId) throw forbidden('This venue belongs to another organizer');

    const merged: VenueInput = {
      name: patch.name ?? venue.name,
      city: patch.city ?? venue.city,
      address: patch.address ?? venue.address,
      timezone: patch.timezone ?? venue.timezone,
      ...(patch.currency !== undefined ? { currency: patch.currency } : {}),
      sections: patch.sections ?? [{ name: 'unchanged', kind: 'ga', capacity: 1 }],
    };
    const problems = venueProblems(merged);
    if (problems.length > 0) {
      throw new AppError('VALIDATION_FAILED', `Invalid venue: ${problems[0]?.field} ${problems[0]?.message}`, problems);
    }
    if (patch.sections !== undefined) {
      const published = await countPublishedEventsAt(tx, venueId);
      if (published > 0) {
        throw new AppError(
          'CONFLICT',
          `The layout cannot change: ${published} published event${published === 1 ? ' uses' : 's use'} this venue's seats. ` +
            'Name, address, city, time zone and currency can still change.',
        );
      }
    }

    const set: Updateable<VenuesTable> = {};
    if (patch.name !== undefined) set.name = patch.name.trim();
    if (patch.city !== undefined) set.city = patch.city.trim();
    if (patch.address !== undefined) set.address = patch.address.trim();
    if (patch.timezone !== undefined) set.timezone = patch.timezone;
    if (patch.currency !== undefined) set.currency = patch.currency;
    if (patch.taxRateBasisPoints !== undefined) set.tax_rate_bp = patch.taxRateBasisPoints;
    if (Object.keys(set).length > 0) await updateVenueRow(tx, venueId, set);

    if (patch.sections !== undefined) {
      const sections = patch.sections.map((s) => ({ ...s, name: s.name.trim(), capacity: sectionCapacity(s) }));
      await replaceVenueSections(tx, venueId, async () => {
        const ids = await insertSections(tx, venueId, sections);
        const layout = planVenueLayout(sections.map((s, i) => ({ ...s, id: ids[i]! })));
        await insertSeatRows(tx, layout.rows);
        await insertPlaceAreas(tx, layout.areas);
      });
    }

    const events = await eventIdsAtVenue(tx, venueId);
    for (const id of events) {
      await refreshEventSummary(tx, id, now);
      if (set.name !== undefined || set.city !== undefined) await indexEventWords(tx, id);
    }
    await writeAudit(tx, {
      actorId: actor.userId,
      action: 'venue.updated',
      subjectType: 'venue',
      subjectId: venueId,
      details: { fields: Object.keys(patch) },
    });
    // Cached event pages carry the venue (its clock and money): drop them.
    await enqueueOutbox(
      tx,
      now,
      events.map((id) => ({ topic: 'event.updated', aggregateId: id, payload: { eventId: id, fields: ['venue'] } })),
    );
  });
  return getVenue(deps, venueId);
}
