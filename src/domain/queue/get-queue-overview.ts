import { isKvUnavailable } from '../../adapters/kv/kv-store.js';
import type { Deps } from '../../context.js';
import { findEventForBooking } from '../../db/repositories/holds.repository.js';
import { salesCounts } from '../../db/repositories/inventory.repository.js';
import type { Principal } from '../../security/auth-tokens.js';
import { managedEvent } from '../catalogue/event-view.js';
import { queueState } from './queue-context.js';
import { queueKeys } from './queue-keys.js';
import { parseQueuePolicy, statusView } from './queue.rules.js';
import type { QueueOverview } from './queue.types.js';
import { loadQueuedEvent } from './queued-event.js';

/**
 * The organizer's view of one event's waiting room: whether it is on (by them
 * or by demand), how many wait, how fast they are let in, how many seats sold.
 * Works for drafts too, so the room can be switched on before the on-sale.
 */
export async function getQueueOverview(deps: Deps, actor: Principal, eventId: string): Promise<QueueOverview> {
  const now = deps.clock.now();
  const row = await managedEvent(deps.db, actor, eventId);
  const policy = parseQueuePolicy((await findEventForBooking(deps.db, eventId))?.queue);
  const state = await queueState(deps, eventId, { fresh: true });
  const mode = policy.enabled ? 'on' : state?.autoEnabled ? 'auto' : 'off';
  const published = row.status === 'published' ? await loadQueuedEvent(deps, eventId, now) : null;
  const status = statusView(
    eventId,
    mode !== 'off' && published !== null && published.phase !== 'ended' && !state?.closed,
    published?.phase === 'open',
    state,
  );
  const [sales, joinedNow] = await Promise.all([salesCounts(deps.db, eventId, now), countJoined(deps, eventId, state?.preOpenCount)]);
  return {
    eventId,
    policy,
    mode,
    status,
    joinedNow,
    waiting: Math.max(0, (joinedNow ?? status.joined) - status.servingUpTo),
    seatsSold: sales.sold,
    autoThresholdHoldsPerSecond: deps.config.queueAutoHoldsPerSecond ?? 0,
  };
}

/** Two counters, O(1) whatever the length of the line; null while the store is away. */
async function countJoined(deps: Deps, eventId: string, frozenPreOpen: number | null | undefined): Promise<number | null> {
  try {
    const [pre, post] = await deps.kv.mget([queueKeys.preOpen(eventId), queueKeys.afterOpen(eventId)]);
    return (frozenPreOpen ?? Number(pre ?? 0)) + Number(post ?? 0);
  } catch (e) {
    if (!isKvUnavailable(e)) throw e;
    return null;
  }
}
