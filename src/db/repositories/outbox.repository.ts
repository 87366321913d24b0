import { sql } from 'kysely';
import type { Executor, Tx } from '../client.js';

export interface OutboxMessage {
  topic: string;
  aggregateId: string;
  payload?: Record<string, unknown>;
}

/** Written in the caller's transaction (invariant 4): the change and its announcement commit together. */
export async function enqueueOutbox(tx: Executor, now: Date, messages: OutboxMessage[]): Promise<void> {
  if (messages.length === 0) return;
  await tx
    .insertInto('outbox')
    .values(
      messages.map((m) => ({
        topic: m.topic,
        aggregate_id: m.aggregateId,
        payload: JSON.stringify(m.payload ?? {}),
        created_at: now,
        available_at: now,
      })),
    )
    .execute();
}

export interface OutboxRow {
  id: string;
  topic: string;
  aggregate_id: string;
  payload: unknown;
  attempts: number;
}

/**
 * Claims the next due rows (up to `limit`) for this transaction. A row another worker holds is
 * skipped, so several workers never deliver the same row at once. A retry is
 * due by the injected clock that scheduled it; a first delivery also by the
 * database clock, so rows written with the column default are never stranded
 * behind a test clock.
 */
export async function claimOutboxRows(tx: Tx, topics: string[], now: Date, limit: number): Promise<OutboxRow[]> {
  // Delivered rows leave their entries in the pending index until a vacuum. An index scan marks an entry dead on its
  // first visit and skips it from then on; a bitmap scan, or a scan of the table, which the planner takes when its
  // statistics expect few pending rows, marks nothing: every poll read every row delivered in a sale again (66,000
  // entries and 38 ms per poll after bench:onsale, issue 9). Only the index scan is left to it, for this transaction.
  await sql`select set_config('enable_bitmapscan', 'off', true), set_config('enable_seqscan', 'off', true)`.execute(tx);
  const { rows } = await sql<OutboxRow>`
    select id, topic, aggregate_id, payload, attempts from outbox
     where delivered_at is null and topic = any(${topics}::text[])
       and (available_at <= ${now}::timestamptz or (attempts = 0 and available_at <= now()))
     order by available_at, id
     limit ${limit}
     for update skip locked`.execute(tx);
  return rows;
}

/** Marks a batch delivered in one statement. */
export async function markOutboxDelivered(tx: Tx, ids: string[], now: Date): Promise<void> {
  if (ids.length === 0) return;
  await tx
    .updateTable('outbox')
    .set({ delivered_at: now, attempts: sql`attempts + 1`, last_error: null })
    .where('id', 'in', ids)
    .execute();
}

export async function markOutboxFailed(tx: Tx, id: string, retryAt: Date, error: string): Promise<void> {
  await tx
    .updateTable('outbox')
    .set({ available_at: retryAt, attempts: sql`attempts + 1`, last_error: error.slice(0, 500) })
    .where('id', '=', id)
    .execute();
}

/**
 * One message per confirmed order of the event, in the caller's transaction:
 * the event change and every holder's notice commit together, and each notice
 * is its own row, so a crash mid-mailing resumes at the next holder.
 */
export async function enqueueForHoldersOfEvent(
  tx: Tx,
  now: Date,
  eventId: string,
  topic: string,
  payload: Record<string, unknown>,
): Promise<number> {
  const res = await sql`
    insert into outbox (topic, aggregate_id, payload, created_at, available_at)
    select ${topic}, o.id::text, ${JSON.stringify(payload)}::jsonb, ${now}, ${now}
    from orders o where o.event_id = ${eventId}::uuid and o.status = 'confirmed'
  `.execute(tx);
  return Number(res.numAffectedRows ?? 0);
}
