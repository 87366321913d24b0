import type { Deps } from '../../context.js';
import {
  findEventRow,
  insertEvent,
  refreshEventSummary,
  replacePriceTiers,
  setEventPerformers,
} from '../../db/repositories/events.repository.js';
import { findSections, findVenue } from '../../db/repositories/venues.repository.js';
import type { Principal } from '../../security/auth-tokens.js';
import { notFound } from '../errors.js';
import { indexEventWords } from '../../db/repositories/search.repository.js';
import { distinctPerformers, eventTimeProblems, priceTierProblems } from './catalogue.rules.js';
import type { AdminEventView, EventInput } from './catalogue.types.js';
import { invalid, loadEventView } from './event-view.js';
import { writeAudit } from '../../db/repositories/audit.repository.js';
import { enqueueOutbox } from '../../db/repositories/outbox.repository.js';

const optionalDate = (iso: string | undefined | null): Date | null => (iso ? new Date(iso) : null);

/** Creates a draft event at a venue with its performers and price tiers. */
export async function createEvent(deps: Deps, actor: Principal, input: EventInput): Promise<AdminEventView> {
  const now = deps.clock.now();
  const times = {
    startsAt: new Date(input.startsAt),
    saleStartsAt: optionalDate(input.saleStartsAt),
    saleEndsAt: optionalDate(input.saleEndsAt),
  };
  const performers = distinctPerformers(input.performers);
  const problems = eventTimeProblems(times, now);
  if (performers.length === 0) problems.push({ field: 'body/performers', message: 'at least one performer is needed' });
  if (problems.length > 0) throw invalid(problems);

  return deps.db.transaction().execute(async (tx) => {
    const venue = await findVenue(tx, input.venueId);
    if (!venue) throw notFound('Venue');
    const sections = await findSections(tx, venue.id);
    const tierProblems = priceTierProblems(input.priceTiers, new Set(sections.map((s) => s.id)));
    if (tierProblems.length > 0) throw invalid(tierProblems);

    const id = await insertEvent(tx, {
      organizer_id: actor.userId,
      venue_id: venue.id,
      title: input.title.trim(),
      description: input.description,
      category: input.category,
      starts_at: times.startsAt,
      sale_starts_at: times.saleStartsAt,
      sale_ends_at: times.saleEndsAt,
      per_user_limit: input.perUserLimit ?? 6,
      hold_seconds: input.holdSeconds ?? 600,
      cancellation_cutoff_hours: input.cancellationCutoffHours ?? 48,
      transfer_cutoff_minutes: input.transferCutoffMinutes ?? 60,
      queue: input.queue === undefined ? null : JSON.stringify(input.queue),
      pricing: input.pricing === undefined ? null : JSON.stringify(input.pricing),
      city: venue.city,
      venue_name: venue.name,
      created_at: now,
      updated_at: now,
    });
    await setEventPerformers(tx, id, performers);
    await replacePriceTiers(
      tx,
      id,
      input.priceTiers.map((t) => ({ name: t.name, amount: t.price.amount, currency: t.price.currency, sectionIds: t.sectionIds })),
    );
    await refreshEventSummary(tx, id, now);
    await indexEventWords(tx, id);
    await writeAudit(tx, {
      actorId: actor.userId,
      action: 'event.created',
      subjectType: 'event',
      subjectId: id,
      details: { title: input.title },
    });
    await enqueueOutbox(tx, now, [{ topic: 'event.created', aggregateId: id, payload: { eventId: id } }]);
    const row = await findEventRow(tx, id);
    return loadEventView(tx, row!, now);
  });
}
