import type { Deps } from '../context.js';
import { queuedEventIds } from '../db/repositories/queue.repository.js';
import { admitFromQueue, type AdmissionResult } from '../domain/queue/admit-from-queue.js';
import { enableBusyQueues } from '../domain/queue/enable-busy-queues.js';

export interface AdmissionTick {
  autoEnabled: string[];
  events: AdmissionResult[];
}

/**
 * The admission controller's pass over every queued event, run by the worker
 * loop about once a second. Safe in several workers at once: each event's
 * state row is locked with SKIP LOCKED for its pass. `eventIds` limits the
 * pass (tests share one database with other test files).
 */
export async function runAdmission(deps: Deps, opts: { eventIds?: string[] } = {}): Promise<AdmissionTick> {
  const autoEnabled = await enableBusyQueues(deps, opts);
  const ids = (await queuedEventIds(deps.db, deps.clock.now())).filter((id) => !opts.eventIds || opts.eventIds.includes(id));
  const events: AdmissionResult[] = [];
  for (const id of ids) {
    try {
      const r = await admitFromQueue(deps, id);
      if (r) events.push(r);
    } catch (e) {
      deps.logger.error({ err: e, eventId: id }, 'admission pass failed');
    }
  }
  return { autoEnabled, events };
}
