import type { Deps } from '../../context.js';
import type { EventView } from './catalogue.types.js';
import { getEvent } from './get-event.js';
import { cacheKeys, readCacheEnabled, readTtlMs, represent, type Representation, type Serialize } from './read-cache.js';

type TimedRepresentation = Representation & { freshUntil: number };

/**
 * A listed event as buyers see it, ready to send. Cached until the catalogue
 * changes it (outbox) or until a sale boundary passes, whichever comes first,
 * so a cached sale status is never wrong for long. Concurrent misses share one
 * load (single-flight), which matters when an on-sale sends everyone here.
 */
export async function getCachedEvent(deps: Deps, eventId: string, serialize: Serialize): Promise<Representation> {
  const load = async (): Promise<TimedRepresentation> => {
    const now = deps.clock.now().getTime();
    const view = publicView(await getEvent(deps, eventId));
    return { ...represent(view, serialize), freshUntil: now + ttlFor(view, now) };
  };
  if (!readCacheEnabled(deps)) return load();
  const key = cacheKeys.detail(eventId);
  const cached = await deps.cache.getOrLoad(key, readTtlMs.detail, load);
  if (cached.freshUntil > deps.clock.now().getTime()) return cached;
  await deps.cache.del(key);
  return deps.cache.getOrLoad(key, readTtlMs.detail, load);
}

/** Until the next moment the sale status may flip by time alone, capped by the detail TTL. */
function ttlFor(view: EventView, now: number): number {
  const boundaries = [view.saleStartsAt, view.saleEndsAt, view.startsAt]
    .filter((t): t is string => t !== null)
    .map((t) => Date.parse(t) - now)
    .filter((ms) => ms > 0);
  return Math.min(readTtlMs.detail, ...boundaries);
}

/** Only the buyer-facing fields: the admin view's extras never reach a shared cache. */
function publicView(v: EventView): EventView {
  return {
    id: v.id,
    title: v.title,
    description: v.description,
    category: v.category,
    startsAt: v.startsAt,
    status: v.status,
    saleStatus: v.saleStatus,
    saleStartsAt: v.saleStartsAt,
    saleEndsAt: v.saleEndsAt,
    perUserLimit: v.perUserLimit,
    holdSeconds: v.holdSeconds,
    cancellationCutoffHours: v.cancellationCutoffHours,
    venue: v.venue,
    performers: v.performers,
    priceTiers: v.priceTiers,
    capacity: v.capacity,
    seatsAvailable: v.seatsAvailable,
  };
}
