import type { PaymentIntent } from '../../adapters/payments/payment-provider.js';
import type { Deps } from '../../context.js';
import { advanceReconcileCursor, duePaymentEvents, readReconcileCursor } from '../../db/repositories/payment-events.repository.js';
import {
  capturedIntentIds,
  insertAttempt,
  pendingOrdersWithoutAttempt,
  unsettledAttempts,
} from '../../db/repositories/payments.repository.js';
import { applyPaymentEvent } from './apply-payment-event.js';
import { findAttemptForIntent } from './find-attempt-for-intent.js';
import { attemptKeyOf, reconcileGraceMs } from './payment-attempt.rules.js';
import { settlePaymentAttempt } from './settle-payment-attempt.js';

export interface ReconcileReport {
  /** Attempts not final that the provider was asked about. */
  attempts: number;
  /** Stored webhooks applied (or tried again). */
  events: number;
  /** Provider captures our books did not show as captured, now settled. */
  captures: number;
}

export interface ReconcileOptions {
  /** Leave attempts alone this long after their last change (default 30 s). */
  graceMs?: number;
  /** Attempts per page (up to 10 pages a pass), and stored events per pass. */
  limit?: number;
  /**
   * Only these events' payments (tests running side by side on one database);
   * the provider's captures are then read from the start and the shared cursor is left alone.
   */
  eventIds?: string[];
}

/** Captures are re-read this far back each pass: one committed late with an earlier capture time is still seen. */
const captureOverlapMs = 2 * 60_000;
const capturePageSize = 200;
const maxAttemptPages = 10;
const maxCapturePages = 20;

/**
 * Makes our books agree with the provider's, within a minute of any fault:
 * 1. every attempt not final (idle for `graceMs`) is looked up at the
 *    provider — by intent id, or by its key when the crash came before the
 *    intent id was stored — and settled by the state machine (captured →
 *    confirm or refund; authorised → void; never seen → failed);
 * 2. stored webhooks not yet applied are applied;
 * 3. the provider's captures since the last pass that our books do not show
 *    as captured are settled too (a call that landed after we gave up on it,
 *    or money moved with no row at all).
 * Safe in any number of workers: every provider call carries a key and every
 * move is checked under the row lock.
 */
export async function reconcilePayments(deps: Deps, opts: ReconcileOptions = {}): Promise<ReconcileReport> {
  const graceMs = opts.graceMs ?? reconcileGraceMs;
  const limit = opts.limit ?? 200;
  const cutoff = new Date(deps.clock.now().getTime() - graceMs);
  const scope = opts.eventIds ? new Set(opts.eventIds) : null;
  const inScope = (intent: PaymentIntent | null): boolean => !scope || scope.has(intent?.metadata.eventId ?? '');
  const report: ReconcileReport = { attempts: 0, events: 0, captures: 0 };
  const guarded = async (what: Record<string, unknown>, fn: () => Promise<unknown>): Promise<void> => {
    try {
      await fn();
    } catch (e) {
      deps.logger.warn({ err: e, ...what }, 'reconciliation step failed; the next pass retries');
    }
  };

  // Orders written before attempts were recorded first get one, under the key they were charged with.
  for (const o of await pendingOrdersWithoutAttempt(deps.db, cutoff, limit, opts.eventIds)) {
    const key = attemptKeyOf(o.id);
    await insertAttempt(deps.db, {
      orderId: o.id,
      provider: deps.payments.name,
      idempotencyKey: key,
      amount: o.total_amount,
      currency: o.currency.trim(),
      // Dated just before the cutoff, so this same pass asks the provider about it.
      now: new Date(cutoff.getTime() - 1),
    });
  }

  // Page through all of them (an attempt still 'processing' keeps its place), a bounded number per pass.
  let after: { updatedAt: Date; id: string } | null = null;
  for (let pageNo = 0; pageNo < maxAttemptPages; pageNo++) {
    const page = await unsettledAttempts(deps.db, { olderThan: cutoff, limit, after, eventIds: opts.eventIds });
    for (const a of page) {
      if (a.provider !== deps.payments.name) continue;
      report.attempts++;
      await guarded({ attemptId: a.id }, async () => {
        const intent = a.intent_id ? await deps.payments.retrieve(a.intent_id) : await deps.payments.findByKey(a.idempotency_key);
        await settlePaymentAttempt(deps, a.id, intent, 'reconciliation');
      });
    }
    const last = page[page.length - 1];
    if (!last || page.length < limit) break;
    after = { updatedAt: last.updated_at, id: last.id };
  }

  for (const e of await duePaymentEvents(deps.db, deps.payments.name, deps.clock.now(), limit)) {
    if (scope && !inScope(e.intent_id ? await deps.payments.retrieve(e.intent_id) : null)) continue;
    report.events++;
    await guarded({ eventId: e.id }, () => applyPaymentEvent(deps, e));
  }

  report.captures = await reconcileCaptures(deps, cutoff, { guarded, inScope, scoped: scope !== null });
  return report;
}

async function reconcileCaptures(
  deps: Deps,
  to: Date,
  how: {
    guarded: (what: Record<string, unknown>, fn: () => Promise<unknown>) => Promise<void>;
    inScope: (intent: PaymentIntent) => boolean;
    scoped: boolean;
  },
): Promise<number> {
  const { guarded, inScope, scoped } = how;
  const provider = deps.payments.name;
  const from = scoped ? new Date(0) : ((await readReconcileCursor(deps.db, provider, 'captures')) ?? new Date(0));
  if (from >= to) return 0;
  let cursor: string | null = null;
  let lastSeen: Date | null = null;
  let fixed = 0;
  for (let pageNo = 0; pageNo < maxCapturePages; pageNo++) {
    const page = await deps.payments.listCaptures({ from, to, cursor, limit: capturePageSize });
    const known = await capturedIntentIds(
      deps.db,
      provider,
      page.items.map((i) => i.id),
    );
    for (const intent of page.items) {
      lastSeen = intent.capturedAt;
      if (known.has(intent.id) || !inScope(intent)) continue;
      await guarded({ intentId: intent.id }, async () => {
        const attempt = await findAttemptForIntent(deps, intent, { adopt: true });
        if (!attempt) {
          deps.logger.error({ intentId: intent.id }, 'capture at the provider for no order of ours: refund it by hand (verify lists it)');
          return;
        }
        await settlePaymentAttempt(deps, attempt.id, intent, 'reconciliation');
        fixed++;
      });
    }
    cursor = page.next;
    if (!cursor) {
      if (scoped) return fixed;
      await advanceReconcileCursor(deps.db, provider, 'captures', new Date(to.getTime() - captureOverlapMs), deps.clock.now());
      return fixed;
    }
  }
  // More than a pass can read: resume from the last capture read.
  if (lastSeen && !scoped) await advanceReconcileCursor(deps.db, provider, 'captures', lastSeen, deps.clock.now());
  return fixed;
}
