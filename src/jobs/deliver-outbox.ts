import type { Deps } from '../context.js';
import { claimOutboxRows, markOutboxDelivered, markOutboxFailed, type OutboxRow } from '../db/repositories/outbox.repository.js';
import { outboxHandlers, type OutboxHandler } from './handlers/index.js';

/** Exponential backoff: 2 s, 4 s, 8 s … capped at one hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(3_600_000, 2_000 * 2 ** Math.min(attempts, 20));
}

export interface DeliverOptions {
  /** Rows delivered at most in this call. */
  max?: number;
  /** Rows claimed per transaction. */
  batch?: number;
  /** Handlers running at once within a batch. */
  concurrency?: number;
  handlers?: Record<string, OutboxHandler>;
}

/**
 * Delivers due outbox rows in batches: one transaction claims up to `batch`
 * rows (FOR UPDATE SKIP LOCKED, so concurrent workers never hand the same row
 * out twice), runs their handlers `concurrency` at a time and marks the
 * delivered ones in one statement. One row at a time cost a transaction and
 * four statements per message, and a stadium sale's confirmations queued for
 * a minute behind it (issue 9). A crash before commit leaves the whole batch
 * pending for a retry — at least once, hence idempotent handlers; a failing
 * row is rescheduled on its own and never holds back the others.
 */
export async function deliverOutbox(deps: Deps, opts: DeliverOptions = {}): Promise<number> {
  const handlers = opts.handlers ?? outboxHandlers;
  const topics = Object.keys(handlers);
  const max = opts.max ?? 1000;
  const batch = Math.min(opts.batch ?? 100, max);
  const concurrency = opts.concurrency ?? 16;
  let delivered = 0;
  while (delivered < max) {
    const result = await deps.db.transaction().execute(async (tx) => {
      const now = deps.clock.now();
      const rows = await claimOutboxRows(tx, topics, now, Math.min(batch, max - delivered));
      if (rows.length === 0) return null;
      const ok: string[] = [];
      const run = async (row: OutboxRow): Promise<void> => {
        try {
          const payload = (row.payload ?? {}) as Record<string, unknown>;
          await handlers[row.topic]!(deps, { id: row.id, topic: row.topic, aggregateId: row.aggregate_id, payload });
          ok.push(row.id);
        } catch (e) {
          deps.logger.warn(
            { outboxId: row.id, topic: row.topic, attempts: row.attempts + 1, err: e },
            'outbox delivery failed; will retry',
          );
          await markOutboxFailed(
            tx,
            row.id,
            new Date(now.getTime() + retryDelayMs(row.attempts)),
            e instanceof Error ? e.message : String(e),
          );
        }
      };
      let next = 0;
      await Promise.all(
        Array.from({ length: Math.min(concurrency, rows.length) }, async () => {
          for (let i = next++; i < rows.length; i = next++) await run(rows[i]!);
        }),
      );
      await markOutboxDelivered(tx, ok, now);
      return { claimed: rows.length, delivered: ok.length };
    });
    if (result === null) break;
    delivered += result.delivered;
    // Every claimed row failed: the rest wait for their retry time, not for this loop.
    if (result.delivered === 0) break;
  }
  return delivered;
}
