import { LRUCache } from 'lru-cache';
import type { Deps } from '../../context.js';
import { findEventForBooking, type BookingEvent } from '../../db/repositories/holds.repository.js';
import { findQueueState } from '../../db/repositories/queue.repository.js';
import type { QueueState } from './queue.types.js';

/** How long an instance reuses an event's admission state: it moves about once a second anyway. */
const STATE_TTL_MS = 1000;

/** This instance's copies of admission state and event facts, one set per Deps (src/context.ts). */
export interface QueueCaches {
  // Wrapped: lru-cache cannot hold `undefined` (an event without queue state), which is worth caching too.
  states: LRUCache<string, { state: QueueState | undefined }>;
  events: LRUCache<string, { event: BookingEvent | undefined }>;
}

/** Wall time, not deps.clock: the TTL bounds the staleness of a copy, it is not a rule tests steer. */
export function createQueueCaches(): QueueCaches {
  return { states: new LRUCache({ max: 10_000, ttl: STATE_TTL_MS }), events: new LRUCache({ max: 10_000, ttl: STATE_TTL_MS }) };
}

/**
 * The event's admission state, at most a second old, so thousands of status
 * reads and holds per second cost one small query per second per instance.
 * `fresh` bypasses the copy (a hold about to be refused re-checks).
 */
export async function queueState(deps: Deps, eventId: string, opts: { fresh?: boolean } = {}): Promise<QueueState | undefined> {
  const { states } = deps.local.queue;
  const hit = opts.fresh ? undefined : states.get(eventId);
  if (hit) return hit.state;
  const state = await findQueueState(deps.db, eventId);
  states.set(eventId, { state });
  return state;
}

/** Event facts for a burst of joins and status reads: one query a second per instance. */
export async function queueEventFacts(deps: Deps, eventId: string): Promise<BookingEvent | undefined> {
  const { events } = deps.local.queue;
  const hit = events.get(eventId);
  if (hit) return hit.event;
  const event = await findEventForBooking(deps.db, eventId);
  events.set(eventId, { event });
  return event;
}

/** Changes made by this instance (an admission pass, a new policy) show at once. */
export function forgetQueueState(deps: Deps, eventId: string): void {
  deps.local.queue.states.delete(eventId);
  deps.local.queue.events.delete(eventId);
}
