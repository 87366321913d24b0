import { sql } from 'kysely';
import type { Executor, Tx } from '../client.js';

/**
 * Event facts a hold needs, and the requested section's kind when one is given
 * (null when it is not sold for this event). Read without a lock so holds never
 * queue on the hot events row.
 */
export async function findEventForBooking(db: Executor, eventId: string, sectionId: string | null = null) {
  return db
    .selectFrom('events as e')
    .leftJoin('event_sections as es', (j) => j.onRef('es.event_id', '=', 'e.id').on('es.section_id', '=', sectionId))
    .leftJoin('sections as s', 's.id', 'es.section_id')
    .select([
      'e.id',
      'e.status',
      'e.starts_at',
      'e.sale_starts_at',
      'e.sale_ends_at',
      'e.per_user_limit',
      'e.hold_seconds',
      'e.cancellation_cutoff_hours',
      'e.rescheduled_at',
      'e.reschedule_refund_until',
      'e.inventory_ready',
      'e.queue',
      'e.title',
      'e.venue_name',
      's.kind as section_kind',
    ])
    .where('e.id', '=', eventId)
    .executeTakeFirst();
}
export type BookingEvent = NonNullable<Awaited<ReturnType<typeof findEventForBooking>>>;

/** Seats still held by these holds become available again (seats already taken over by a newer hold stay with it). */
export async function freeSeatsOfHolds(tx: Tx, holdIds: string[]): Promise<number> {
  if (holdIds.length === 0) return 0;
  const res = await tx
    .updateTable('event_seats')
    .set({ status: 'available', hold_id: null, hold_expires_at: null })
    .where('hold_id', 'in', holdIds)
    .where('status', '=', 'held')
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}

/**
 * The hand-tuned statements of the hold path, built apart from running them so
 * their SQL is checked in (src/db/queries/holds.repository.sql, `npm run
 * sql:snapshots`) and every change to it shows in review.
 */
export const holdStatements = {
  /** A batch of expired active holds for the sweeper; rivals skip what another sweeper took. */
  expireDueHolds: (a: { now: Date; limit: number; eventIds?: string[] | undefined }) => sql<{ id: string; event_id: string }>`
    update holds set status = 'expired', released_at = ${a.now}, release_reason = 'expired'
     where id in (
       select id from holds where status = 'active' and expires_at <= ${a.now} ${a.eventIds ? sql`and event_id = any(${a.eventIds}::uuid[])` : sql``}
       order by expires_at limit ${a.limit} for update skip locked)
    returning id, event_id`,
};

export async function lockHold(tx: Tx, holdId: string) {
  return tx.selectFrom('holds').selectAll().where('id', '=', holdId).forUpdate().executeTakeFirst();
}

/** Seats of a hold with what a ticket or receipt shows about each. */
export async function holdSeatDetails(db: Executor, holdId: string) {
  return db
    .selectFrom('hold_seats as hs')
    .innerJoin('seats as s', 's.id', 'hs.seat_id')
    .innerJoin('sections as sec', 'sec.id', 's.section_id')
    .select(['hs.seat_id', 'hs.price_amount', 's.row_label', 's.number', 'sec.name as section_name', 'sec.id as section_id'])
    .where('hs.hold_id', '=', holdId)
    .orderBy('hs.seat_id')
    .execute();
}

export async function closeHold(
  tx: Tx,
  holdId: string,
  status: 'released' | 'expired' | 'cancelled' | 'purchased',
  now: Date,
  reason: string | null,
): Promise<void> {
  await tx
    .updateTable('holds')
    .set(status === 'purchased' ? { status } : { status, released_at: now, release_reason: reason })
    .where('id', '=', holdId)
    .execute();
}

/**
 * A fan's extension of a hold locked by the caller (lockHold): the hold and the
 * seats it still holds move to `expiresAt` together, and the extension is
 * counted. Returns false, changing nothing the caller keeps, when a seat is no
 * longer this hold's (lazy expiry gave it to someone else at the last moment):
 * the caller then rolls back. Taking the seat rows' locks here means a rival
 * hold waiting on them re-reads the new expiry and leaves them.
 */
export async function extendHoldByFan(tx: Tx, a: { holdId: string; eventId: string; now: Date; expiresAt: Date }): Promise<boolean> {
  const seats = await tx
    .updateTable('event_seats')
    .set({ hold_expires_at: a.expiresAt })
    .where('event_id', '=', a.eventId)
    .where('hold_id', '=', a.holdId)
    .where('status', '=', 'held')
    .where('hold_expires_at', '>', a.now)
    .executeTakeFirst();
  const { count } = await tx
    .selectFrom('hold_seats')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('hold_id', '=', a.holdId)
    .executeTakeFirstOrThrow();
  if (Number(seats.numUpdatedRows) !== Number(count)) return false;
  await tx
    .updateTable('holds')
    .set((eb) => ({ expires_at: a.expiresAt, extensions: eb('extensions', '+', 1) }))
    .where('id', '=', a.holdId)
    .execute();
  return true;
}

/**
 * Claims a batch of expired active holds for the sweeper; rivals skip what
 * another sweeper took. `eventIds` narrows the sweep (tests with a moved clock).
 */
export async function expireDueHolds(tx: Tx, now: Date, limit: number, eventIds?: string[]): Promise<{ id: string; event_id: string }[]> {
  return (await holdStatements.expireDueHolds({ now, limit, eventIds }).execute(tx)).rows;
}

/**
 * Flags the event for the worker's seats_available refresh. A no-op insert on
 * an existing key takes no row lock, so concurrent holds do not serialise here.
 */
export async function markInventoryDirty(db: Executor, eventIds: string[]): Promise<void> {
  const unique = [...new Set(eventIds)];
  if (unique.length === 0) return;
  await db
    .insertInto('inventory_dirty')
    .values(unique.map((event_id) => ({ event_id })))
    .onConflict((oc) => oc.column('event_id').doNothing())
    .execute();
}

/**
 * Recomputes events.seats_available for flagged events (free seats plus seats
 * of expired holds), one short transaction per event. The flag is removed
 * before counting, so a change racing the count re-flags the event.
 */
export async function refreshDirtyAvailability(db: Executor, now: Date, limit: number): Promise<number> {
  const dirty = await db.selectFrom('inventory_dirty').select('event_id').limit(limit).execute();
  for (const { event_id } of dirty) {
    await db.deleteFrom('inventory_dirty').where('event_id', '=', event_id).execute();
    await sql`
      update events set seats_available = (
        select count(*) from event_seats
         where event_id = ${event_id} and (status = 'available' or (status = 'held' and hold_expires_at <= ${now})))
       where id = ${event_id}`.execute(db);
  }
  return dirty.length;
}
