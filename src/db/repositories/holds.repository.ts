import { sql } from 'kysely';
import type { SeatCandidate } from '../../domain/holds/hold.types.js';
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

/**
 * The event's status under a share lock: a concurrent removal either waits for
 * this transaction (and its handler then sees the confirmed order) or commits
 * first (and this sees 'removed'), so no order is confirmed behind its back.
 */
export async function shareLockEventStatus(tx: Executor, eventId: string) {
  return tx.selectFrom('events').select('status').where('id', '=', eventId).forShare().executeTakeFirst();
}

/**
 * Inventory row locks in this transaction wait at most 3 s: a longer wait is
 * contention the client sees as 409 BUSY (SQLSTATE 55P03), never a hung request.
 */
export async function setHoldLockTimeout(tx: Tx): Promise<void> {
  await sql`set local lock_timeout = '3s'`.execute(tx);
}

/** Retires the caller's own expired-but-still-active holds so the live-booking index lets a new one in. */
export async function retireExpiredHoldsOfUser(tx: Tx, eventId: string, userId: string, now: Date): Promise<string[]> {
  const rows = await tx
    .updateTable('holds')
    .set({ status: 'expired', released_at: now, release_reason: 'expired' })
    .where('event_id', '=', eventId)
    .where('user_id', '=', userId)
    .where('status', '=', 'active')
    .where('expires_at', '<=', now)
    .returning('id')
    .execute();
  const ids = rows.map((r) => r.id);
  await freeSeatsOfHolds(tx, ids);
  return ids;
}

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

export async function insertHold(
  tx: Tx,
  v: { eventId: string; userId: string; expiresAt: Date; currency: string; now: Date },
): Promise<string> {
  const row = await tx
    .insertInto('holds')
    .values({ event_id: v.eventId, user_id: v.userId, expires_at: v.expiresAt, currency: v.currency, created_at: v.now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A seat just marked held, with its tier's price at this moment (to be locked into the hold). */
export interface TakenSeat {
  seat_id: string;
  price_amount: string;
  currency: string;
}

interface ClaimSeats {
  eventId: string;
  seatIds: string[];
  holdId: string;
  now: Date;
  expiresAt: Date;
}
interface LockCandidates {
  eventId: string;
  sectionId: string;
  now: Date;
  limit: number;
  skipLocked: boolean;
}
interface MarkSeatsHeld {
  eventId: string;
  seatIds: string[];
  holdId: string;
  expiresAt: Date;
}
interface CandidateRow {
  seat_id: string;
  pick_rank: number;
  row_index: number;
  number: number;
}

const lockClause = (skipLocked: boolean) => (skipLocked ? sql`for update skip locked` : sql`for update`);

/**
 * The hand-tuned statements of the hold path, built apart from running them so
 * their SQL is checked in (src/db/queries/holds.repository.sql, `npm run
 * sql:snapshots`) and every change to it shows in review.
 */
export const holdStatements = {
  /**
   * All-or-nothing claim of specific seats: rows are locked in seat_id order (so
   * two overlapping requests cannot deadlock), re-checked after any lock wait,
   * and only free or expired ones are taken. The caller compares the count.
   */
  claimSpecificSeats: (a: ClaimSeats) => sql<TakenSeat>`
    with picked as (
      select seat_id from event_seats
      where event_id = ${a.eventId} and seat_id = any(${a.seatIds}::bigint[])
        and (status = 'available' or (status = 'held' and hold_expires_at <= ${a.now}))
      order by seat_id
      for update
    )
    update event_seats es
       set status = 'held', hold_id = ${a.holdId}, hold_expires_at = ${a.expiresAt}, order_id = null
      from picked, price_tiers pt
     where es.event_id = ${a.eventId} and es.seat_id = picked.seat_id and pt.id = es.tier_id
    returning es.seat_id, pt.price_amount, pt.currency`,

  /** Free seats of a section in pick order, from the partial index `event_seats_free_idx`, locked. */
  freeCandidates: (a: LockCandidates) => sql<CandidateRow>`
    with c as (
      select seat_id, pick_rank from event_seats
      where event_id = ${a.eventId} and section_id = ${a.sectionId} and status = 'available'
      order by pick_rank
      limit ${a.limit}
      ${lockClause(a.skipLocked)}
    )
    select c.seat_id, c.pick_rank, s.row_index, s.number from c join seats s on s.id = c.seat_id`,

  /** Seats of expired holds in pick order, locked: looked at only when the free ones run short. */
  expiredCandidates: (a: LockCandidates) => sql<CandidateRow>`
    with c as (
      select seat_id, pick_rank from event_seats
      where event_id = ${a.eventId} and section_id = ${a.sectionId} and status = 'held' and hold_expires_at <= ${a.now}
      order by pick_rank
      limit ${a.limit}
      ${lockClause(a.skipLocked)}
    )
    select c.seat_id, c.pick_rank, s.row_index, s.number from c join seats s on s.id = c.seat_id`,

  /** Marks seats this transaction already locked as held by the hold. */
  markSeatsHeld: (a: MarkSeatsHeld) => sql<TakenSeat>`
    update event_seats es set status = 'held', hold_id = ${a.holdId}, hold_expires_at = ${a.expiresAt}, order_id = null
      from price_tiers pt
     where es.event_id = ${a.eventId} and es.seat_id = any(${a.seatIds}::bigint[]) and pt.id = es.tier_id
    returning es.seat_id, pt.price_amount, pt.currency`,

  /** A batch of expired active holds for the sweeper; rivals skip what another sweeper took. */
  expireDueHolds: (a: { now: Date; limit: number; eventIds?: string[] | undefined }) => sql<{ id: string; event_id: string }>`
    update holds set status = 'expired', released_at = ${a.now}, release_reason = 'expired'
     where id in (
       select id from holds where status = 'active' and expires_at <= ${a.now} ${a.eventIds ? sql`and event_id = any(${a.eventIds}::uuid[])` : sql``}
       order by expires_at limit ${a.limit} for update skip locked)
    returning id, event_id`,
};

/**
 * All-or-nothing claim of specific seats: rows are locked in seat_id order (so
 * two overlapping requests cannot deadlock), re-checked after any lock wait,
 * and only free or expired ones are taken. The caller compares the count.
 */
export async function claimSpecificSeats(tx: Tx, a: ClaimSeats): Promise<TakenSeat[]> {
  return (await holdStatements.claimSpecificSeats(a).execute(tx)).rows;
}

/**
 * Free seats of a section in pick order, locked. With `skipLocked` rows other
 * transactions are deciding on are passed over (no queueing); without it the
 * scan waits and re-checks, so a seat freed by a rolled-back rival is still found.
 * Free rows come from the partial index `event_seats_free_idx`; expired holds
 * are only looked at when the free rows run short.
 */
export async function lockCandidates(tx: Tx, a: LockCandidates): Promise<SeatCandidate[]> {
  const free = await holdStatements.freeCandidates(a).execute(tx);
  if (free.rows.length >= a.limit) return free.rows.map(toCandidate);
  const expired = await holdStatements.expiredCandidates({ ...a, limit: a.limit - free.rows.length }).execute(tx);
  return [...free.rows, ...expired.rows].map(toCandidate);
}

const toCandidate = (r: CandidateRow): SeatCandidate => ({
  seatId: r.seat_id,
  pickRank: r.pick_rank,
  rowIndex: r.row_index,
  number: r.number,
});

/** Marks seats this transaction already locked as held by the hold. */
export async function markSeatsHeld(tx: Tx, a: MarkSeatsHeld): Promise<TakenSeat[]> {
  return (await holdStatements.markSeatsHeld(a).execute(tx)).rows;
}

/** Locks the prices into the hold and sets its total, in one statement. */
export async function insertHoldSeats(
  tx: Tx,
  a: { holdId: string; eventId: string; seats: { seatId: string; price: number }[]; currency: string },
): Promise<void> {
  await sql`
    with ins as (
      insert into hold_seats (hold_id, event_id, seat_id, price_amount)
      select ${a.holdId}, ${a.eventId}, t.seat_id, t.price
        from unnest(${a.seats.map((x) => x.seatId)}::bigint[], ${a.seats.map((x) => x.price)}::bigint[]) as t(seat_id, price)
      returning price_amount)
    update holds set total_amount = (select coalesce(sum(price_amount), 0) from ins), currency = ${a.currency}
     where id = ${a.holdId}`.execute(tx);
}

export async function lockHold(tx: Tx, holdId: string) {
  return tx.selectFrom('holds').selectAll().where('id', '=', holdId).forUpdate().executeTakeFirst();
}
export type HoldRow = NonNullable<Awaited<ReturnType<typeof lockHold>>>;

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
 * Keeps an active hold alive while its payment is in flight: its expiry (and
 * its seats', which lazy expiry reads) moves to at least `until`, but never
 * past `extension_limit`, fixed at the first extension to the expiry then plus
 * `maxExtensionMs`. The sweeper, lazy expiry and confirmation all read these
 * same timestamps, so none of them takes the seats from under the payment.
 * A hold already expired is left alone: its seats may belong to someone else.
 */
export async function extendHoldForPayment(
  tx: Tx,
  a: { holdId: string; now: Date; until: Date; maxExtensionMs: number },
): Promise<Date | null> {
  const { holdId, until, maxExtensionMs } = a;
  const { rows } = await sql<{ event_id: string; expires_at: Date; extended: boolean }>`
    with cur as (
      select id, expires_at, coalesce(extension_limit, expires_at + ${maxExtensionMs} * interval '1 millisecond') as lim
        from holds where id = ${holdId} and status = 'active' and expires_at > ${a.now}),
    h as (
      update holds set extension_limit = cur.lim, expires_at = greatest(cur.expires_at, least(${until}::timestamptz, cur.lim))
        from cur where holds.id = cur.id
      returning holds.event_id, holds.expires_at, holds.expires_at > cur.expires_at as extended)
    select event_id, expires_at, extended from h`.execute(tx);
  const row = rows[0];
  if (!row) return null;
  if (row.extended) {
    await tx
      .updateTable('event_seats')
      .set({ hold_expires_at: row.expires_at })
      .where('event_id', '=', row.event_id)
      .where('hold_id', '=', holdId)
      .where('status', '=', 'held')
      .execute();
  }
  return row.expires_at;
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
