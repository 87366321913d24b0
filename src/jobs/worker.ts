import type { Deps } from '../context.js';
import { refreshDirtyAvailability } from '../db/repositories/holds.repository.js';
import { expireHolds } from '../domain/holds/expire-holds.js';
import { reconcilePayments, type ReconcileReport } from '../domain/payments/reconcile-payments.js';
import { runAdmission } from './admission.js';
import { deliverOutbox } from './deliver-outbox.js';
import { cacheOutboxHandlers } from './handlers/cache.handler.js';

export interface WorkerTick {
  expiredHolds: number;
  delivered: number;
  refreshedEvents: number;
  reconciled: number;
}

/**
 * One pass of every background duty. Each is safe to run in several processes
 * at once (row locks with SKIP LOCKED, idempotent handlers).
 */
export async function runWorkerOnce(deps: Deps, opts: { reconcile?: boolean } = {}): Promise<WorkerTick> {
  const expiredHolds = await expireHolds(deps);
  await deps.payments.tick?.();
  const delivered = (await deliverOutbox(deps)) + (await deliverOutbox(deps, { handlers: cacheOutboxHandlers }));
  const refreshedEvents = await refreshDirtyAvailability(deps.db, deps.clock.now(), 200);
  const reconciled = opts.reconcile === false ? 0 : sumReport(await reconcilePayments(deps));
  // The waiting rooms' admission controller: a pass a second raises each queue's "serving up to".
  await runAdmission(deps);
  return { expiredHolds, delivered, refreshedEvents, reconciled };
}

const sumReport = (r: ReconcileReport): number => r.attempts + r.events + r.captures;

/** How often a worker reconciles payments: with the 30 s grace, any fault is settled within a minute. */
export const reconcileEveryMs = 30_000;

export interface RunningWorker {
  stop(): Promise<void>;
}

/** The worker loop: a pass every `intervalMs` (in-process with `serve`, or `npm run cli -- worker`). */
export function startWorker(deps: Deps, opts: { intervalMs?: number } = {}): RunningWorker {
  const intervalMs = opts.intervalMs ?? 1_000;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> = Promise.resolve();
  let lastReconcile = -Infinity;
  const loop = (): void => {
    if (stopped) return;
    current = (async () => {
      try {
        // Real time, not deps.clock: the cadence is the process's, whatever clock the books use.
        const reconcile = performance.now() - lastReconcile >= reconcileEveryMs;
        if (reconcile) lastReconcile = performance.now();
        await runWorkerOnce(deps, { reconcile });
      } catch (e) {
        deps.logger.error({ err: e }, 'worker pass failed');
      }
    })();
    void current.then(() => {
      if (!stopped) timer = setTimeout(loop, intervalMs);
    });
  };
  loop();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await current;
    },
  };
}
