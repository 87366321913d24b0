import type { Deps } from '../../context.js';
import { invalidateEventReads } from '../../http/cache/read-cache.js';
import type { OutboxHandler } from './index.js';
import { withWebhookFanOut } from './webhook.handler.js';

/**
 * Catalogue topics that only invalidate. They run in a delivery pass of their
 * own (src/jobs/worker.ts), so a backlog of catalogue changes never delays
 * refunds and mail in the main pass. A draft (event.created) is never cached.
 */
const invalidationOnlyTopics = ['event.updated', 'event.published'] as const;
/** Topics that already have a handler and get invalidation in front of it. */
const invalidationFirstTopics = ['event.removed', 'event.cancelled'] as const;

/**
 * Drops the event's cached detail and seat map and bumps the listing
 * generation. Runs on every instance's shared store (Redis), so one delivery
 * invalidates all API instances; the per-instance availability copy lives one
 * second and needs nothing.
 */
const invalidateEventCaches: OutboxHandler = async (deps: Deps, message) => {
  const eventId = typeof message.payload.eventId === 'string' ? message.payload.eventId : message.aggregateId;
  await invalidateEventReads(deps, eventId);
};

export const cacheOutboxHandlers: Record<string, OutboxHandler> = withWebhookFanOut(
  Object.fromEntries(invalidationOnlyTopics.map((t) => [t, invalidateEventCaches])),
);

/**
 * Puts invalidation in front of the handlers of removal and cancellation
 * topics, so a failing handler's retry still finds the cache fresh.
 */
export function withCacheInvalidation(handlers: Record<string, OutboxHandler>): Record<string, OutboxHandler> {
  const out = { ...handlers };
  for (const topic of invalidationFirstTopics) {
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
