import type { Deps } from '../context.js';
import { refreshDirtyAvailability } from '../db/repositories/holds.repository.js';
import { expireHolds } from '../domain/holds/expire-holds.js';
import { reconcilePayments } from '../domain/payments/reconcile-payments.js';
import { runAdmission } from './admission.js';
import { startBackupSchedule } from './backup-schedule.js';
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
  const reconciled = opts.reconcile === false ? 0 : await reconcilePayments(deps);
  // The waiting rooms' admission controller: a pass a second raises each queue's "serving up to".
  await runAdmission(deps);
  return { expiredHolds, delivered, refreshedEvents, reconciled };
}

export interface RunningWorker {
  stop(): Promise<void>;
}

/** The worker loop: a pass every `intervalMs` (in-process with `serve`, or `npm run cli -- worker`). */
export function startWorker(deps: Deps, opts: { intervalMs?: number } = {}): RunningWorker {
  const intervalMs = opts.intervalMs ?? 1_000;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> = Promise.resolve();
  let pass = 0;
  const loop = (): void => {
    if (stopped) return;
    current = (async () => {
      try {
        // Reconciliation asks the provider about stale payments: once a minute is plenty.
        await runWorkerOnce(deps, { reconcile: pass++ % 60 === 0 });
      } catch (e) {
        deps.logger.error({ err: e }, 'worker pass failed');
      }
    })();
    void current.then(() => {
      if (!stopped) timer = setTimeout(loop, intervalMs);
    });
  };
  loop();
  // A backup a day when BACKUP_DIR is set, beside the passes (it takes minutes on a large database).
  const backups = startBackupSchedule(deps);
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await current;
      await backups.stop();
    },
  };
}
