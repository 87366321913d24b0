import { LRUCache } from 'lru-cache';
import type { Deps } from '../../context.js';
import { findEventForBooking, type BookingEvent } from '../../db/repositories/holds.repository.js';
import { findQueueState } from '../../db/repositories/queue.repository.js';
import type { QueueState } from './queue.types.js';

/** How long an instance reuses an event's admission state: it moves about once a second anyway. */
const STATE_TTL_MS = 1000;

/**
 * This instance's copies of admission state and event facts, one set per Deps (src/context.ts). Read through
 * lru-cache's `fetch`, so a burst of requests that all miss (the first second of an on-sale, every expiry) waits on
 * one query instead of sending one each. The database handle travels as the fetch context. A copy forgotten while
 * its query runs (forgetQueueState) still answers the requests waiting on it, but is not kept: `ignoreFetchAbort`.
 */
export interface QueueCaches {
  // Wrapped: lru-cache cannot hold `undefined` (an event without queue state), which is worth caching too.
  states: LRUCache<string, { state: QueueState | undefined }, Deps['db']>;
  events: LRUCache<string, { event: BookingEvent | undefined }, Deps['db']>;
}

/** Wall time, not deps.clock: the TTL bounds the staleness of a copy, it is not a rule tests steer. */
export function createQueueCaches(): QueueCaches {
  return {
    states: new LRUCache({
      max: 10_000,
      ttl: STATE_TTL_MS,
      ignoreFetchAbort: true,
      fetchMethod: async (eventId, _stale, { context }) => ({ state: await findQueueState(context, eventId) }),
    }),
    events: new LRUCache({
      max: 10_000,
      ttl: STATE_TTL_MS,
      ignoreFetchAbort: true,
      fetchMethod: async (eventId, _stale, { context }) => ({ event: await findEventForBooking(context, eventId) }),
    }),
  };
}

/**
 * The event's admission state, at most a second old, so thousands of status
 * reads and holds per second cost one small query per second per instance.
 * `fresh` bypasses the copy (a hold about to be refused re-checks).
 */
export async function queueState(deps: Deps, eventId: string, opts: { fresh?: boolean } = {}): Promise<QueueState | undefined> {
  const copy = await deps.local.queue.states.fetch(eventId, { context: deps.db, forceRefresh: opts.fresh === true });
  return copy?.state;
}

/** Event facts for a burst of joins and status reads: one query a second per instance. */
export async function queueEventFacts(deps: Deps, eventId: string): Promise<BookingEvent | undefined> {
  const copy = await deps.local.queue.events.fetch(eventId, { context: deps.db });
  return copy?.event;
}

/** Changes made by this instance (an admission pass, a new policy) show at once. */
export function forgetQueueState(deps: Deps, eventId: string): void {
  deps.local.queue.states.delete(eventId);
  deps.local.queue.events.delete(eventId);
}
