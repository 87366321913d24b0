import type { Deps } from '../../context.js';
import { statusView } from './queue.rules.js';
import type { QueueStatus } from './queue.types.js';
import { loadQueuedEvent } from './queued-event.js';

/**
 * One answer for every client of the event (no per-user fields), read from
 * PostgreSQL through a one-second copy, so it keeps answering while Redis is away.
 */
export async function getQueueStatus(deps: Deps, eventId: string): Promise<QueueStatus> {
  const q = await loadQueuedEvent(deps, eventId, deps.clock.now());
  const active = q.enabled && q.phase !== 'ended' && !q.state?.closed;
  return statusView(eventId, active, q.phase === 'open', q.state);
}
