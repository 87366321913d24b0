import { sql } from 'kysely';
import type { Executor, Tx } from '../client.js';
import type { WaitingListStatus } from '../schema.js';
import { writeAudit } from './audit.repository.js';
import { enqueueOutbox } from './outbox.repository.js';

export const liveStatuses: WaitingListStatus[] = ['waiting', 'offered'];

export interface WaitingListOffer {
  entryId: string;
  holdId: string;
  userId: string;
  eventId: string;
  seatCount: number;
}

/**
 * Hands seats freed in this transaction (and any other free ones) to the
 * waiting fans of each event, as holds (migration 0028), with the offer mail
 * and audit rows in the same transaction. Every release path calls it last.
 */
export async function offerReleasedSeats(tx: Tx, eventIds: string[], now: Date): Promise<WaitingListOffer[]> {
  const offers: WaitingListOffer[] = [];
  // Sorted, so two releases spanning the same events take the entries' locks in one order.
  for (const eventId of [...new Set(eventIds)].sort()) {
    const { rows } = await sql<{ entry_id: string; hold_id: string; user_id: string; seat_count: number }>`
      select entry_id, hold_id, user_id, seat_count from offer_released_seats(${eventId}::uuid, ${now}::timestamptz)`.execute(tx);
    for (const r of rows) offers.push({ entryId: r.entry_id, holdId: r.hold_id, userId: r.user_id, eventId, seatCount: r.seat_count });
  }
  if (offers.length === 0) return offers;
  await enqueueOutbox(
    tx,
    now,
    offers.map((o) => ({ topic: 'waitlist.offered', aggregateId: o.entryId })),
  );
  await writeAudit(
    tx,
    offers.map((o) => ({
      actorId: null,
      action: 'waitlist.offered',
      subjectType: 'hold',
      subjectId: o.holdId,
      details: { eventId: o.eventId, entryId: o.entryId, seats: o.seatCount },
    })),
  );
  return offers;
}

/** The fan's live entry for an event with its place among the waiting (1 = next), or undefined. */
export async function liveEntryOf(db: Executor, eventId: string, userId: string) {
  return db
    .selectFrom('waiting_list_entries as w')
    .leftJoin('price_tiers as t', 't.id', 'w.tier_id')
    .leftJoin('holds as h', 'h.id', 'w.offered_hold_id')
    .select([
      'w.id',
      'w.event_id',
      'w.tier_id',
      't.name as tier_name',
      'w.quantity',
      'w.status',
      'w.offered_hold_id',
      'h.expires_at as offer_expires_at',
      'w.created_at',
    ])
    .select((eb) =>
      eb
        .selectFrom('waiting_list_entries as o')
        .select(sql<string>`count(*) + 1`.as('n'))
        .where('o.event_id', '=', eb.ref('w.event_id'))
        .where('o.status', '=', 'waiting')
        .where('o.position', '<', eb.ref('w.position'))
        .as('place'),
    )
    .where('w.event_id', '=', eventId)
    .where('w.user_id', '=', userId)
    .where('w.status', 'in', liveStatuses)
    .executeTakeFirst();
}
export type LiveEntryRow = NonNullable<Awaited<ReturnType<typeof liveEntryOf>>>;

/** Inserts the fan's entry; null when they already have a live one (the partial unique index decides a race). */
export async function insertEntry(
  tx: Tx,
  e: { eventId: string; userId: string; tierId: string | null; quantity: number; now: Date },
): Promise<string | null> {
  const row = await tx
    .insertInto('waiting_list_entries')
    .values({ event_id: e.eventId, user_id: e.userId, tier_id: e.tierId, quantity: e.quantity, created_at: e.now })
    .onConflict((oc) => oc.columns(['event_id', 'user_id']).where('status', 'in', liveStatuses).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

/** Seats a new hold could take now for this tier (or any tier): free, or held past expiry. */
export async function freeSeatCount(db: Executor, eventId: string, tierId: string | null, now: Date): Promise<number> {
  const row = await db
    .selectFrom('event_seats')
    .select(sql<string>`count(*)`.as('n'))
    .where('event_id', '=', eventId)
    .$if(tierId !== null, (q) => q.where('tier_id', '=', tierId!))
    // Seats of hidden tiers are not for fans without a code: they do not make the event "not sold out".
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(selectFrom('price_tiers as pt').select('pt.id').whereRef('pt.id', '=', 'event_seats.tier_id').where('pt.hidden', '=', true)),
      ),
    )
    .where((eb) => eb.or([eb('status', '=', 'available'), eb.and([eb('status', '=', 'held'), eb('hold_expires_at', '<=', now)])]))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Closes waiting entries (not offers: those are holds the fan already has). Returns how many. */
export async function closeWaitingEntries(
  tx: Executor,
  a: { eventId?: string; status: 'left' | 'cleared'; now: Date; reason: string; userId?: string; entryId?: string },
): Promise<number> {
  const res = await tx
    .updateTable('waiting_list_entries')
    .set({ status: a.status, closed_at: a.now, close_reason: a.reason })
    .where('status', '=', 'waiting')
    .$if(a.eventId !== undefined, (q) => q.where('event_id', '=', a.eventId!))
    .$if(a.userId !== undefined, (q) => q.where('user_id', '=', a.userId!))
    .$if(a.entryId !== undefined, (q) => q.where('id', '=', a.entryId!))
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}

/** The event's list for its organizer, live entries first in offer order, then the closed ones newest first. */
export async function listEntries(db: Executor, eventId: string, page: { limit: number; offset: number; live: boolean }) {
  const base = db.selectFrom('waiting_list_entries as w').where('w.event_id', '=', eventId);
  const scoped = page.live ? base.where('w.status', 'in', liveStatuses) : base;
  const [rows, total] = await Promise.all([
    scoped
      .leftJoin('price_tiers as t', 't.id', 'w.tier_id')
      .leftJoin('holds as h', 'h.id', 'w.offered_hold_id')
      .select([
        'w.id',
        'w.user_id',
        'w.tier_id',
        't.name as tier_name',
        'w.quantity',
        'w.status',
        'w.offered_hold_id',
        'h.expires_at as offer_expires_at',
        'w.created_at',
        'w.closed_at',
        'w.close_reason',
        // Window functions see every row the filter kept, before the page is cut: places are list-wide.
        sql<string | null>`case when w.status = 'waiting' then row_number() over (partition by w.status order by w.position) end`.as(
          'place',
        ),
      ])
      .orderBy(sql`case w.status when 'offered' then 0 when 'waiting' then 1 else 2 end`)
      .orderBy(sql`case when w.status in ('waiting', 'offered') then w.position end`)
      .orderBy('w.closed_at', 'desc')
      .orderBy('w.id')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    scoped
      .select(sql<string>`count(*)`.as('n'))
      .select(sql<string>`count(*) filter (where w.status = 'waiting')`.as('waiting'))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n), waiting: Number(total.waiting) };
}

/**
 * Moves one waiting entry to `place` (1 = next) by permuting the positions the
 * event's waiting entries already have, under their row locks. False when the
 * entry is not waiting.
 */
export async function moveEntry(tx: Tx, eventId: string, entryId: string, place: number): Promise<boolean> {
  const rows = await tx
    .selectFrom('waiting_list_entries')
    .select(['id', 'position'])
    .where('event_id', '=', eventId)
    .where('status', '=', 'waiting')
    .orderBy('position')
    .forUpdate()
    .execute();
  const from = rows.findIndex((r) => r.id === entryId);
  if (from < 0) return false;
  const positions = rows.map((r) => r.position);
  const order = rows.map((r) => r.id);
  const [moved] = order.splice(from, 1);
  order.splice(Math.min(place - 1, order.length), 0, moved!);
  const changed = order.map((id, i) => ({ id, position: positions[i]! })).filter((r, i) => rows[i]!.id !== r.id);
  if (changed.length === 0) return true;
  await sql`
    update waiting_list_entries w set position = v.position::bigint
      from (select unnest(${changed.map((c) => c.id)}::uuid[]) as id, unnest(${changed.map((c) => c.position)}::bigint[]) as position) v
     where w.id = v.id`.execute(tx);
  return true;
}

/** What the offer mail says: the fan, the event in venue time, the held seats and the deadline. */
export async function offerMailFacts(db: Executor, entryId: string) {
  return db
    .selectFrom('waiting_list_entries as w')
    .innerJoin('holds as h', 'h.id', 'w.offered_hold_id')
    .innerJoin('users as u', 'u.id', 'w.user_id')
    .innerJoin('events as e', 'e.id', 'w.event_id')
    .innerJoin('venues as v', 'v.id', 'e.venue_id')
    .select([
      'w.id',
      'w.status',
      'h.id as hold_id',
      'h.expires_at',
      'h.total_amount',
      'h.currency',
      'u.email_cipher',
      'e.id as event_id',
      'e.title',
      'e.starts_at',
      'v.name as venue_name',
      'v.timezone',
    ])
    .where('w.id', '=', entryId)
    .executeTakeFirst();
}

/** Whether the fan has a live booking for the event (an unexpired hold or a bought one): the list is for fans without one. */
export async function hasLiveBooking(db: Executor, eventId: string, userId: string, now: Date): Promise<boolean> {
  const row = await db
    .selectFrom('holds')
    .select('id')
    .where('event_id', '=', eventId)
    .where('user_id', '=', userId)
    .where((eb) => eb.or([eb('status', '=', 'purchased'), eb.and([eb('status', '=', 'active'), eb('expires_at', '>', now)])]))
    .executeTakeFirst();
  return row !== undefined;
}

export async function findTierOfEvent(db: Executor, eventId: string, tierId: string) {
  // A hidden tier (migration 0029) sells only with an access code: there is no waiting for it.
  return db
    .selectFrom('price_tiers')
    .select(['id', 'name'])
    .where('id', '=', tierId)
    .where('event_id', '=', eventId)
    .where('hidden', '=', false)
    .executeTakeFirst();
}

/** Locks the fan's live entry for the event. */
export async function lockLiveEntry(tx: Tx, eventId: string, userId: string) {
  return tx
    .selectFrom('waiting_list_entries')
    .select(['id', 'status', 'offered_hold_id'])
    .where('event_id', '=', eventId)
    .where('user_id', '=', userId)
    .where('status', 'in', liveStatuses)
    .forUpdate()
    .executeTakeFirst();
}

export async function offerWindowOf(db: Executor, eventId: string): Promise<number> {
  const row = await db.selectFrom('events').select('waitlist_offer_seconds').where('id', '=', eventId).executeTakeFirstOrThrow();
  return row.waitlist_offer_seconds;
}

export async function setOfferWindow(db: Executor, eventId: string, seconds: number): Promise<void> {
  await db.updateTable('events').set({ waitlist_offer_seconds: seconds }).where('id', '=', eventId).execute();
}
