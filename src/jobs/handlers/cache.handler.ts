import type { Deps } from '../../context.js';
import { invalidateEventReads } from '../../domain/catalogue/read-cache.js';
import type { OutboxHandler } from './index.js';

/** Catalogue topics whose delivery makes cached reads of the event stale. */
export const cacheInvalidationTopics = ['event.created', 'event.updated', 'event.published', 'event.removed', 'event.cancelled'] as const;

/**
 * Drops the event's cached detail and seat map and bumps the listing
 * generation. Runs on every instance's shared store (Redis), so one delivery
 * invalidates all API instances; the per-instance availability copy lives one
 * second and needs nothing.
 */
export const invalidateEventCaches: OutboxHandler = async (deps: Deps, message) => {
  const eventId = typeof message.payload.eventId === 'string' ? message.payload.eventId : message.aggregateId;
  await invalidateEventReads(deps, eventId);
};

/**
 * Adds invalidation to the topics of `handlers`: topics that already have a
 * handler get invalidation first (so a failing handler's retry still finds
 * the cache fresh), the others get it alone.
 */
export function withCacheInvalidation(handlers: Record<string, OutboxHandler>): Record<string, OutboxHandler> {
  const out = { ...handlers };
  for (const topic of cacheInvalidationTopics) {
    const existing = handlers[topic];
    out[topic] = existing
      ? async (deps, m) => {
          await invalidateEventCaches(deps, m);
          await existing(deps, m);
        }
      : invalidateEventCaches;
  }
  return out;
}
