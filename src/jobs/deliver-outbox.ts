import type { Deps } from '../context.js';
import { claimOutboxRow, markOutboxDelivered, markOutboxFailed } from '../db/repositories/outbox.repository.js';
import { outboxHandlers, type OutboxHandler } from './handlers/index.js';

/** Exponential backoff: 2 s, 4 s, 8 s … capped at one hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(3_600_000, 2_000 * 2 ** Math.min(attempts, 20));
}

/**
 * Delivers due outbox rows one at a time. Each row stays locked (FOR UPDATE
 * SKIP LOCKED) while its handler runs, so concurrent workers never hand the
 * same row out twice; a crash before commit leaves it pending for a retry —
 * at least once, hence idempotent handlers.
 */
export async function deliverOutbox(deps: Deps, opts: { max?: number; handlers?: Record<string, OutboxHandler> } = {}): Promise<number> {
  const handlers = opts.handlers ?? outboxHandlers;
  const topics = Object.keys(handlers);
  const max = opts.max ?? 100;
  let delivered = 0;
  for (let i = 0; i < max; i++) {
    const done = await deps.db.transaction().execute(async (tx) => {
      const now = deps.clock.now();
      const row = await claimOutboxRow(tx, topics, now);
      if (!row) return null;
      try {
        const payload = (row.payload ?? {}) as Record<string, unknown>;
        await handlers[row.topic]!(deps, { id: row.id, topic: row.topic, aggregateId: row.aggregate_id, payload });
        await markOutboxDelivered(tx, row.id, now);
        return true;
      } catch (e) {
        deps.logger.warn({ outboxId: row.id, topic: row.topic, attempts: row.attempts + 1, err: e }, 'outbox delivery failed; will retry');
        await markOutboxFailed(
          tx,
          row.id,
          new Date(now.getTime() + retryDelayMs(row.attempts)),
          e instanceof Error ? e.message : String(e),
        );
        return false;
      }
    });
    if (done === null) break;
    if (done) delivered++;
  }
  return delivered;
}
