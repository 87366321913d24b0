import type { Deps } from '../../context.js';
import { eventPolicies } from '../../db/repositories/events.repository.js';
import type { Principal } from '../../security/auth-tokens.js';
import type { AdminEventView, Category } from './catalogue.types.js';
import { createEvent } from './create-event.js';
import { loadEventView, managedEvent } from './event-view.js';

export interface DuplicateInput {
  startsAt: string;
  title?: string;
}

/**
 * A new draft like an existing event (any status, so a cancelled show can be
 * put on again): same venue, description, performers, tiers, prices, limits
 * and policies, on the new date. The sale window is not copied: it belonged to
 * the old date, and without one the sale opens on publication.
 */
export async function duplicateEvent(deps: Deps, actor: Principal, eventId: string, input: DuplicateInput): Promise<AdminEventView> {
  const row = await managedEvent(deps.db, actor, eventId);
  const source = await loadEventView(deps.db, row, deps.clock.now());
  const policies = await eventPolicies(deps.db, eventId);
  return createEvent(deps, actor, {
    title: input.title?.trim() || source.title,
    description: source.description,
    category: source.category as Category,
    venueId: source.venue.id,
    startsAt: input.startsAt,
    performers: source.performers.map((p) => p.name),
    priceTiers: source.priceTiers.map((t) => ({ name: t.name, price: t.price, sectionIds: t.sectionIds })),
    perUserLimit: source.perUserLimit,
    holdSeconds: source.holdSeconds,
    cancellationCutoffHours: source.cancellationCutoffHours,
    transferCutoffMinutes: source.transferCutoffMinutes,
    ...(policies.pricing != null ? { pricing: policies.pricing } : {}),
    ...(policies.queue != null ? { queue: policies.queue } : {}),
  });
}
