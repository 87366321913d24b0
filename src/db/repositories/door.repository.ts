import { sql, type SelectQueryBuilder } from 'kysely';
import type { Executor } from '../client.js';
import type { Database } from '../schema.js';

/**
 * What narrows a door list. Names and addresses are encrypted, so the use case
 * resolves a name or e-mail search to buyer ids first; order numbers and ticket
 * codes match here by prefix. Several given: a row matching any of them.
 */
export interface DoorFilter {
  userIds?: string[];
  orderIdPrefix?: string;
  serialPrefix?: string;
}

/** Buyers of the event's confirmed orders (attendees) or of all its orders but failed ones. */
export async function eventBuyers(db: Executor, eventId: string, confirmedOnly: boolean) {
  return db
    .selectFrom('users as u')
    .select(['u.id', 'u.name_cipher'])
    .where('u.id', 'in', (eb) =>
      eb
        .selectFrom('orders as o')
        .select('o.user_id')
        .where('o.event_id', '=', eventId)
        .where('o.status', confirmedOnly ? '=' : '<>', confirmedOnly ? 'confirmed' : 'failed'),
    )
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the filter applies to any query joining orders as o (and tickets as t)
function applyFilter<Q extends SelectQueryBuilder<Database, any, any>>(q: Q, f: DoorFilter | null, withTickets: boolean): Q {
  if (!f) return q;
  return q.where((eb) => {
    const any = [];
    if (f.userIds && f.userIds.length > 0) any.push(eb(sql.ref('o.user_id'), '=', sql<string>`any(${f.userIds}::uuid[])`));
    if (f.orderIdPrefix) any.push(eb(sql<string>`o.id::text`, 'like', `${f.orderIdPrefix}%`));
    if (withTickets && f.serialPrefix) any.push(eb(sql.ref('t.serial'), 'like', `${f.serialPrefix}%`));
    return any.length > 0 ? eb.or(any) : sql<boolean>`false`;
  }) as Q;
}

function attendeeQuery(db: Executor, eventId: string, filter: DoorFilter | null) {
  const q = db
    .selectFrom('tickets as t')
    .innerJoin('orders as o', 'o.id', 't.order_id')
    .innerJoin('users as u', 'u.id', 'o.user_id')
    .innerJoin('seats as s', 's.id', 't.seat_id')
    .innerJoin('sections as sec', 'sec.id', 's.section_id')
    .where('t.event_id', '=', eventId)
    .where('t.status', '<>', 'void')
    .where('o.status', '=', 'confirmed');
  return applyFilter(q, filter, true);
}

const attendeeColumns = [
  't.id',
  't.seat_id',
  't.serial',
  't.status',
  'o.id as order_id',
  'u.name_cipher',
  'u.email_cipher',
  'sec.name as section_name',
  's.row_label',
  's.number',
] as const;

/** One page of the event's admitting tickets in seat order, with how many match in all. */
export async function attendeePage(db: Executor, eventId: string, filter: DoorFilter | null, page: { limit: number; offset: number }) {
  const [rows, count] = await Promise.all([
    attendeeQuery(db, eventId, filter).select(attendeeColumns).orderBy('t.seat_id').limit(page.limit).offset(page.offset).execute(),
    attendeeQuery(db, eventId, filter)
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/** The next `limit` admitting tickets after seat `afterSeatId` (keyset: CSV export streams in batches). */
export async function attendeeBatch(db: Executor, eventId: string, filter: DoorFilter | null, afterSeatId: string | null, limit: number) {
  let q = attendeeQuery(db, eventId, filter).select(attendeeColumns).orderBy('t.seat_id').limit(limit);
  if (afterSeatId !== null) q = q.where('t.seat_id', '>', afterSeatId);
  return q.execute();
}
export type AttendeeRow = Awaited<ReturnType<typeof attendeeBatch>>[number];

function orderQuery(db: Executor, eventId: string, filter: DoorFilter | null) {
  const q = db
    .selectFrom('orders as o')
    .innerJoin('users as u', 'u.id', 'o.user_id')
    .where('o.event_id', '=', eventId)
    .where('o.status', '<>', 'failed');
  return applyFilter(q, filter, false);
}

/** One page of the event's orders (all but failed payments), newest first, with ticket counts. */
export async function eventOrderPage(db: Executor, eventId: string, filter: DoorFilter | null, page: { limit: number; offset: number }) {
  const [rows, count] = await Promise.all([
    orderQuery(db, eventId, filter)
      .select([
        'o.id',
        'o.status',
        'o.total_amount',
        'o.currency',
        'o.created_at',
        'o.confirmed_at',
        'o.cancelled_at',
        'u.name_cipher',
        'u.email_cipher',
        (eb) =>
          eb
            .selectFrom('hold_seats as hs')
            .select((e) => e.fn.countAll<string>().as('n'))
            .whereRef('hs.hold_id', '=', 'o.hold_id')
            .as('seat_count'),
      ])
      .orderBy('o.created_at', 'desc')
      .orderBy('o.id', 'desc')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    orderQuery(db, eventId, filter)
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}
