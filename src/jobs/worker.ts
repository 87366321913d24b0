import type { Deps } from '../context.js';
import { refreshDirtyAvailability } from '../db/repositories/holds.repository.js';
import { expireHolds } from '../domain/holds/expire-holds.js';
import { reconcilePayments, type ReconcileReport } from '../domain/payments/reconcile-payments.js';
import { createRepricer } from '../domain/pricing/reprice-events.js';
import { deliverWebhooks } from '../domain/webhooks/deliver-webhooks.js';
import { applyRetention } from '../domain/privacy/retention.js';
import { runAdmission } from './admission.js';
import { startBackupSchedule } from './backup-schedule.js';
import { deliverOutbox } from './deliver-outbox.js';
import { cacheOutboxHandlers } from './handlers/cache.handler.js';
import type { OutboxHandler } from './handlers/index.js';
import { runDutiesOnce, startSchedule, type Duty, type RunningSchedule } from './schedule.js';

/**
 * Every background duty and how often it runs; add new ones here. Each is
 * safe to run in several processes at once (row locks with SKIP LOCKED,
 * idempotent handlers). `periodMs` is the beat of the frequent duties: a
 * second, faster in benchmarks.
 */
export function workerDuties(
  periodMs = 1_000,
  reconcile: { everyMs?: number; graceMs?: number } = {},
  /** The outbox topics the 'delivered' duty takes (default: deliverOutbox's, all of them). */
  handlers?: Record<string, OutboxHandler>,
): Duty[] {
  return [
    { name: 'expiredHolds', everyMs: periodMs, run: (deps) => expireHolds(deps) },
    { name: 'paymentEvents', everyMs: periodMs, run: async (deps) => (await deps.payments.tick?.(), 0) },
    { name: 'delivered', everyMs: periodMs, run: (deps) => deliverOutbox(deps, { handlers }) },
    // Catalogue invalidations in a pass of their own, so a backlog of them never delays refunds and mail.
    { name: 'invalidated', everyMs: periodMs, run: (deps) => deliverOutbox(deps, { handlers: cacheOutboxHandlers }) },
    // Organizer webhooks: POSTs outside any transaction, retried with backoff (docs/webhooks.md).
    { name: 'webhooks', everyMs: periodMs, run: (deps) => deliverWebhooks(deps) },
    { name: 'refreshedEvents', everyMs: periodMs, run: (deps) => refreshDirtyAvailability(deps.db, deps.clock.now(), 200) },
    // With the 30 s grace after an attempt's last change, any payment fault is settled within a minute.
    {
      name: 'reconciled',
      everyMs: reconcile.everyMs ?? reconcileEveryMs,
      run: async (deps) => sumReport(await reconcilePayments(deps, { graceMs: reconcile.graceMs })),
    },
    // The waiting rooms' admission controller: a pass a second raises each queue's "serving up to".
    { name: 'admitted', everyMs: periodMs, run: async (deps) => (await runAdmission(deps)).events.length },
    // Dynamic pricing: every few beats, each event only when its demand moved or a minute passed.
    { name: 'repriced', everyMs: periodMs * 5, run: createRepricer() },
  ];
}

export interface WorkerOptions {
  periodMs?: number;
  /**
   * The outbox topics this worker delivers (default: all). Rows of the others wait for a worker that has them, so
   * heavy deliveries (order mails render two PDFs) can run in processes of their own (bench:onsale does).
   */
  handlers?: Record<string, OutboxHandler>;
}

/** The worker loop (in-process with `serve`, or `npm run cli -- worker`): each duty on its interval. */
export function startWorker(deps: Deps, opts: WorkerOptions = {}): RunningSchedule {
  const { reconcileEveryMs: everyMs, reconcileGraceMs: graceMs } = deps.config;
  const duties = startSchedule(deps, workerDuties(opts.periodMs, { everyMs, graceMs }, opts.handlers));
  // Retention (docs/privacy.md) hourly, on a loop of its own: a long pass never delays refunds and mail.
  const retention = startSchedule(deps, [retentionDuty]);
  // A backup a day when BACKUP_DIR is set, beside the duties (it takes minutes on a large database).
  const backups = startBackupSchedule(deps);
  return {
    async stop() {
      await Promise.all([duties.stop(), retention.stop(), backups.stop()]);
    },
  };
}

/** One pass of every duty, reconciliation included; what each did by name. */
export function runWorkerOnce(deps: Deps): Promise<Record<string, number>> {
  return runDutiesOnce(deps, workerDuties());
}

/**
 * Deletes or blanks personal data past its retention period. Not in
 * `workerDuties`: a pass of those (tests, benchmarks) must not erase accounts
 * whose clock it moved; tests call `applyRetention` directly.
 */
export const retentionDuty: Duty = {
  name: 'retention',
  everyMs: 3_600_000,
  run: async (deps) => {
    const r = await applyRetention(deps);
    return r.resealed + r.reErased + r.abandonedHolds + r.unverifiedAccounts + r.mailFiles + r.auditDetails;
  },
};

/** How often a worker reconciles payments. */
export const reconcileEveryMs = 30_000;

const sumReport = (r: ReconcileReport): number => r.attempts + r.events + r.captures;
