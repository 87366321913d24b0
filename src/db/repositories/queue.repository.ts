import { sql } from 'kysely';
import type { Executor, Tx } from '../client.js';
import type { QueueState } from '../../domain/queue/queue.types.js';

const toState = (r: {
  event_id: string;
  auto_enabled: boolean;
  serving_up_to: number;
  pre_open_count: number | null;
  joined: number;
  closed: boolean;
  opened_at: Date | null;
  admissions: [number, number][];
  updated_at: Date;
}): QueueState => ({
  eventId: r.event_id,
  autoEnabled: r.auto_enabled,
  servingUpTo: r.serving_up_to,
  preOpenCount: r.pre_open_count,
  joined: r.joined,
  closed: r.closed,
  openedAt: r.opened_at,
  admissions: r.admissions,
  updatedAt: r.updated_at,
});

export async function findQueueState(db: Executor, eventId: string): Promise<QueueState | undefined> {
  const row = await db.selectFrom('queue_states').selectAll().where('event_id', '=', eventId).executeTakeFirst();
  return row ? toState(row) : undefined;
}

/** Row-locked for one admission pass; a second worker skips an event another is serving. */
export async function lockQueueState(tx: Tx, eventId: string): Promise<QueueState | undefined> {
  const row = await tx.selectFrom('queue_states').selectAll().where('event_id', '=', eventId).forUpdate().skipLocked().executeTakeFirst();
  return row ? toState(row) : undefined;
}

export async function ensureQueueState(db: Executor, eventId: string, now: Date, autoEnabled = false): Promise<void> {
  await db
    .insertInto('queue_states')
    .values({ event_id: eventId, auto_enabled: autoEnabled, updated_at: now })
    .onConflict((oc) => (autoEnabled ? oc.column('event_id').doUpdateSet({ auto_enabled: true }) : oc.column('event_id').doNothing()))
    .execute();
}

/** First writer wins: the pre-open count is frozen once, whoever sees the opening first. */
export async function freezePreOpenCount(db: Executor, eventId: string, count: number, openedAt: Date): Promise<void> {
  await db
    .updateTable('queue_states')
    .set({ pre_open_count: count, opened_at: openedAt, serving_up_to: 0 })
    .where('event_id', '=', eventId)
    .where('pre_open_count', 'is', null)
    .execute();
}

export async function saveAdmission(
  tx: Tx,
  eventId: string,
  s: { servingUpTo: number; joined: number; closed: boolean; admissions: [number, number][]; now: Date },
): Promise<void> {
  await tx
    .updateTable('queue_states')
    .set({ serving_up_to: s.servingUpTo, joined: s.joined, closed: s.closed, admissions: JSON.stringify(s.admissions), updated_at: s.now })
    .where('event_id', '=', eventId)
    .execute();
}

/**
 * Published events whose waiting room is on (by the organizer or automatically)
 * and not yet over. Driven from queue_states (a row exists once a queue is
 * switched on or joined), so the pass never scans the catalogue.
 */
export async function queuedEventIds(db: Executor, now: Date): Promise<string[]> {
  const rows = await db
    .selectFrom('queue_states as q')
    .innerJoin('events as e', 'e.id', 'q.event_id')
    .select('e.id')
    .where('e.status', '=', 'published')
    .where('e.starts_at', '>', now)
    .where((eb) => eb.or([eb(sql`e.queue->>'enabled'`, '=', 'true'), eb('q.auto_enabled', '=', true)]))
    .execute();
  return rows.map((r) => r.id);
}

/** Events on sale whose holds in the last `windowSeconds` exceed `threshold` per second. */
export async function eventsOverHoldRate(db: Executor, now: Date, windowSeconds: number, threshold: number): Promise<string[]> {
  const since = new Date(now.getTime() - windowSeconds * 1000);
  const rows = await db
    .selectFrom('holds')
    .select('event_id')
    .where('created_at', '>', since)
    .where('created_at', '<=', now)
    .groupBy('event_id')
    .having(sql`count(*)`, '>', threshold * windowSeconds)
    .execute();
  return rows.map((r) => r.event_id);
}

export interface InventoryFigures {
  freeSeats: number;
  liveHeldSeats: number;
  soldSeats: number;
  liveBookings: number;
}

/** One pass over the event's seats (an expired hold counts as free) and its live bookings. */
export async function inventoryFigures(db: Executor, eventId: string, now: Date): Promise<InventoryFigures> {
  const seats = await db
    .selectFrom('event_seats')
    .select([
      sql<string>`count(*) filter (where status = 'available' or (status = 'held' and hold_expires_at <= ${now}))`.as('free'),
      sql<string>`count(*) filter (where status = 'held' and hold_expires_at > ${now})`.as('held'),
      sql<string>`count(*) filter (where status = 'sold')`.as('sold'),
    ])
    .where('event_id', '=', eventId)
    .executeTakeFirstOrThrow();
  const bookings = await db
    .selectFrom('holds')
    .select(sql<string>`count(*)`.as('n'))
    .where('event_id', '=', eventId)
    .where((eb) => eb.or([eb.and([eb('status', '=', 'active'), eb('expires_at', '>', now)]), eb('status', '=', 'purchased')]))
    .executeTakeFirstOrThrow();
  return {
    freeSeats: Number(seats.free),
    liveHeldSeats: Number(seats.held),
    soldSeats: Number(seats.sold),
    liveBookings: Number(bookings.n),
  };
}
