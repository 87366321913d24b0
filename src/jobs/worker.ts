import type { Deps } from '../context.js';
import { refreshDirtyAvailability } from '../db/repositories/holds.repository.js';
import { expireHolds } from '../domain/holds/expire-holds.js';
import { reconcilePayments, type ReconcileReport } from '../domain/payments/reconcile-payments.js';
import { runAdmission } from './admission.js';
import { startBackupSchedule } from './backup-schedule.js';
import { deliverOutbox } from './deliver-outbox.js';
import { cacheOutboxHandlers } from './handlers/cache.handler.js';
import { runDutiesOnce, startSchedule, type Duty, type RunningSchedule } from './schedule.js';

/**
 * Every background duty and how often it runs; add new ones here. Each is
 * safe to run in several processes at once (row locks with SKIP LOCKED,
 * idempotent handlers). `periodMs` is the beat of the frequent duties: a
 * second, faster in benchmarks.
 */
export function workerDuties(periodMs = 1_000, reconcile: { everyMs?: number; graceMs?: number } = {}): Duty[] {
  return [
    { name: 'expiredHolds', everyMs: periodMs, run: (deps) => expireHolds(deps) },
    { name: 'paymentEvents', everyMs: periodMs, run: async (deps) => (await deps.payments.tick?.(), 0) },
    { name: 'delivered', everyMs: periodMs, run: (deps) => deliverOutbox(deps) },
    // Catalogue invalidations in a pass of their own, so a backlog of them never delays refunds and mail.
    { name: 'invalidated', everyMs: periodMs, run: (deps) => deliverOutbox(deps, { handlers: cacheOutboxHandlers }) },
    { name: 'refreshedEvents', everyMs: periodMs, run: (deps) => refreshDirtyAvailability(deps.db, deps.clock.now(), 200) },
    // With the 30 s grace after an attempt's last change, any payment fault is settled within a minute.
    {
      name: 'reconciled',
      everyMs: reconcile.everyMs ?? reconcileEveryMs,
      run: async (deps) => sumReport(await reconcilePayments(deps, { graceMs: reconcile.graceMs })),
    },
    // The waiting rooms' admission controller: a pass a second raises each queue's "serving up to".
    { name: 'admitted', everyMs: periodMs, run: async (deps) => (await runAdmission(deps)).events.length },
  ];
}

/** The worker loop (in-process with `serve`, or `npm run cli -- worker`): each duty on its interval. */
export function startWorker(deps: Deps, opts: { periodMs?: number } = {}): RunningSchedule {
  const { reconcileEveryMs: everyMs, reconcileGraceMs: graceMs } = deps.config;
  const duties = startSchedule(deps, workerDuties(opts.periodMs, { everyMs, graceMs }));
  // A backup a day when BACKUP_DIR is set, beside the duties (it takes minutes on a large database).
  const backups = startBackupSchedule(deps);
  return {
    async stop() {
      await Promise.all([duties.stop(), backups.stop()]);
    },
  };
}

/** One pass of every duty, reconciliation included; what each did by name. */
export function runWorkerOnce(deps: Deps): Promise<Record<string, number>> {
  return runDutiesOnce(deps, workerDuties());
}

/** How often a worker reconciles payments. */
export const reconcileEveryMs = 30_000;

const sumReport = (r: ReconcileReport): number => r.attempts + r.events + r.captures;
