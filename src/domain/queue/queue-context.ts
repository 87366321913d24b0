import type { Deps } from '../../context.js';
import { findEventForBooking, type BookingEvent } from '../../db/repositories/holds.repository.js';
import { findQueueState } from '../../db/repositories/queue.repository.js';
import { createQueueTokens, type QueueTokens } from './queue-token.js';
import type { QueueState } from './queue.types.js';

/** How long an instance reuses an event's admission state: it moves about once a second anyway. */
const STATE_TTL_MS = 1000;

interface QueueRuntime {
  tokens: QueueTokens;
  states: Map<string, { state: QueueState | undefined; fetchedAt: number }>;
  events: Map<string, { event: BookingEvent | undefined; fetchedAt: number }>;
}

// Per Deps rather than module-wide: tests build several apps with their own secrets and databases.
const runtimes = new WeakMap<Deps, QueueRuntime>();

function runtime(deps: Deps): QueueRuntime {
  let rt = runtimes.get(deps);
  if (!rt) {
    rt = { tokens: createQueueTokens(deps.config.secretKey, deps.clock), states: new Map(), events: new Map() };
    runtimes.set(deps, rt);
  }
  return rt;
}

export const queueTokens = (deps: Deps): QueueTokens => runtime(deps).tokens;

/**
 * The event's admission state, at most a second old, so thousands of status
 * reads and holds per second cost one small query per second per instance.
 * `fresh` bypasses the copy (a hold about to be refused re-checks).
 */
export async function queueState(deps: Deps, eventId: string, opts: { fresh?: boolean } = {}): Promise<QueueState | undefined> {
  const { states } = runtime(deps);
  const hit = states.get(eventId);
  // Wall time, not deps.clock: this bounds staleness of a copy, it is not a rule tests steer.
  const t = performance.now();
  if (!opts.fresh && hit && t - hit.fetchedAt < STATE_TTL_MS) return hit.state;
  const state = await findQueueState(deps.db, eventId);
  if (states.size > 10_000) states.clear();
  states.set(eventId, { state, fetchedAt: t });
  return state;
}

/** Event facts for a burst of joins and status reads: one query a second per instance. */
export async function queueEventFacts(deps: Deps, eventId: string): Promise<BookingEvent | undefined> {
  const { events } = runtime(deps);
  const hit = events.get(eventId);
  const t = performance.now();
  if (hit && t - hit.fetchedAt < STATE_TTL_MS) return hit.event;
  const event = await findEventForBooking(deps.db, eventId);
  if (events.size > 10_000) events.clear();
  events.set(eventId, { event, fetchedAt: t });
  return event;
}

/** Changes made by this instance (an admission pass, a new policy) show at once. */
export function forgetQueueState(deps: Deps, eventId: string): void {
  runtime(deps).states.delete(eventId);
  runtime(deps).events.delete(eventId);
}
