import type { Deps } from '../../context.js';
import { ensureQueueState, eventsOverHoldRate } from '../../db/repositories/queue.repository.js';
import { forgetQueueState } from './queue-context.js';

/** Demand is measured over this many seconds, so one burst of a few requests does not trip it. */
const WINDOW_SECONDS = 10;

/**
 * Switches the waiting room on for events whose hold rate crosses the
 * configured threshold (QUEUE_AUTO_HOLDS_PER_SECOND; 0 turns this off).
 * `eventIds` limits the look to some events (tests share one database).
 */
export async function enableBusyQueues(deps: Deps, opts: { eventIds?: string[] } = {}): Promise<string[]> {
  const threshold = deps.config.queueAutoHoldsPerSecond ?? 0;
  if (threshold <= 0) return [];
  const now = deps.clock.now();
  const hot = (await eventsOverHoldRate(deps.db, now, WINDOW_SECONDS, threshold)).filter(
    (id) => !opts.eventIds || opts.eventIds.includes(id),
  );
  for (const id of hot) {
    await ensureQueueState(deps.db, id, now, true);
    forgetQueueState(deps, id);
  }
  if (hot.length > 0) deps.logger.info({ eventIds: hot, threshold }, 'waiting room switched on by demand');
  return hot;
}
