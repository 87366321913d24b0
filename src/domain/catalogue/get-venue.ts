import type { Deps } from '../../context.js';
import { findSections, findVenue } from '../../db/repositories/venues.repository.js';
import { notFound } from '../errors.js';
import type { Venue } from './catalogue.types.js';
import { venuePlace } from './event-view.js';

export async function getVenue(deps: Deps, id: string): Promise<Venue> {
  const venue = await findVenue(deps.db, id);
  if (!venue) throw notFound('Venue');
  const sections = await findSections(deps.db, id);
  return { ...venuePlace(venue), sections: sections.map((s) => ({ id: s.id, name: s.name, kind: s.kind, capacity: s.capacity })) };
}
