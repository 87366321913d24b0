import type { Deps } from '../../context.js';
import { setTierHidden } from '../../db/repositories/access-codes.repository.js';
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
 * the old date, and without one the sale opens on publication. Hidden tiers stay
 * hidden (a presale-only tier must not go on public sale in the copy); access
 * codes and the presale start are the old date's and are not copied.
 */
export async function duplicateEvent(deps: Deps, actor: Principal, eventId: string, input: DuplicateInput): Promise<AdminEventView> {
  const row = await managedEvent(deps.db, actor, eventId);
  const source = await loadEventView(deps.db, row, deps.clock.now());
  const policies = await eventPolicies(deps.db, eventId);
  const copy = await createEvent(deps, actor, {
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
  // createEvent keeps the tiers' order; the copy is a draft, so nobody sees it before its tiers are hidden.
  const hidden = source.priceTiers.flatMap((t, i) => (t.hidden && copy.priceTiers[i] ? [copy.priceTiers[i]] : []));
  for (const t of hidden) {
    await setTierHidden(deps.db, copy.id, t.id, true);
    t.hidden = true;
  }
  return copy;
}
