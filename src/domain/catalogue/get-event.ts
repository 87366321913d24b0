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
  return loadEventView(deps.db, row, deps.clock.now());
}
