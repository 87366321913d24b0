import { isKvUnavailable } from '../../adapters/kv/kv-store.js';
import type { Deps } from '../../context.js';
import {
  ensureQueueState,
  freezePreOpenCount,
  inventoryFigures,
  lockQueueState,
  saveAdmission,
} from '../../db/repositories/queue.repository.js';
import { forgetQueueState } from './queue-context.js';
import { queueKeys } from './queue-keys.js';
import { admissionStep } from './queue.rules.js';
import { loadQueuedEvent } from './queued-event.js';

export interface AdmissionResult {
  eventId: string;
  servingUpTo: number;
  admitted: number;
  joined: number;
  closed: boolean;
}

/**
 * One admission pass for one event: freezes the pre-open block at the
 * opening, then raises "serving up to" by what the inventory can absorb and
 * closes the queue at sell-out. Without the store (joined counts) the pass
 * waits; already admitted customers are unaffected.
 */
export async function admitFromQueue(deps: Deps, eventId: string): Promise<AdmissionResult | null> {
  const now = deps.clock.now();
  const q = await loadQueuedEvent(deps, eventId, now);
  if (!q.enabled) return null;
  await ensureQueueState(deps.db, eventId, now);
  if (q.phase !== 'open') return null;

  let counts: (string | null)[];
  try {
    counts = await deps.kv.mget([queueKeys.preOpen(eventId), queueKeys.afterOpen(eventId)]);
  } catch (e) {
    if (!isKvUnavailable(e)) throw e;
    deps.logger.warn({ eventId }, 'waiting-room store unavailable: admission paused');
    return null;
  }
  await freezePreOpenCount(deps.db, eventId, Number(counts[0] ?? 0), now);
  const figures = await inventoryFigures(deps.db, eventId, now);

  const result = await deps.db.transaction().execute(async (tx) => {
    const state = await lockQueueState(tx, eventId);
    if (!state) return null;
    const joined = (state.preOpenCount ?? 0) + Number(counts[1] ?? 0);
    const step = admissionStep({
      now,
      policy: q.policy,
      state,
      joined,
      freeSeats: figures.freeSeats,
      liveHeldSeats: figures.liveHeldSeats,
      liveBookings: figures.liveBookings,
      bookedSeats: figures.liveHeldSeats + figures.soldSeats,
    });
    await saveAdmission(tx, eventId, { servingUpTo: step.servingUpTo, joined, closed: step.closed, admissions: step.admissions, now });
    return { eventId, servingUpTo: step.servingUpTo, admitted: step.admitted, joined, closed: step.closed };
  });
  forgetQueueState(deps, eventId);
  return result;
}
