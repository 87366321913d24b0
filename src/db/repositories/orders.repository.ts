import { sql } from 'kysely';
import type { Executor, Tx } from '../client.js';
import type { OrderStatus } from '../schema.js';

export async function findOrder(db: Executor, id: string) {
  return db.selectFrom('orders').selectAll().where('id', '=', id).executeTakeFirst();
}
export type OrderRow = NonNullable<Awaited<ReturnType<typeof findOrder>>>;

export async function lockOrder(tx: Tx, id: string) {
  return tx.selectFrom('orders').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function findLiveOrderOfHold(db: Executor, holdId: string) {
  return db
    .selectFrom('orders')
    .selectAll()
    .where('hold_id', '=', holdId)
    .where('status', 'in', ['pending_payment', 'confirmed'])
    .executeTakeFirst();
}

export async function setOrderStatus(
  tx: Tx,
  id: string,
  status: OrderStatus,
  extra: { confirmed_at?: Date; cancelled_at?: Date; cancel_reason?: string; failure_reason?: string } = {},
): Promise<void> {
  await tx
    .updateTable('orders')
    .set({ status, ...extra })
    .where('id', '=', id)
    .execute();
}

export async function freeSeatsOfOrder(tx: Tx, eventId: string, orderId: string): Promise<number> {
  const res = await tx
    .updateTable('event_seats')
    .set({ status: 'available', order_id: null, hold_id: null, hold_expires_at: null })
    .where('event_id', '=', eventId)
    .where('order_id', '=', orderId)
    .where('status', '=', 'sold')
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}

/** The caller's bookings, newest first, keyset-paginated on (created_at, id). */
export async function listOrdersOfUser(db: Executor, userId: string, limit: number, after: { createdAt: Date; id: string } | null) {
  let q = db
    .selectFrom('orders')
    .selectAll()
    .where('user_id', '=', userId)
    .where('status', '<>', 'failed')
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1);
  if (after) q = q.where(sql<boolean>`(created_at, id) < (${after.createdAt}, ${after.id}::uuid)`);
  return q.execute();
}

export async function orderIdsOfEvent(db: Executor, eventId: string, statuses: OrderStatus[], limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('orders')
    .select('id')
    .where('event_id', '=', eventId)
    .where('status', 'in', statuses)
    .orderBy('created_at')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

export async function activeHoldIdsOfEvent(db: Executor, eventId: string, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('holds')
    .select('id')
    .where('event_id', '=', eventId)
    .where('status', '=', 'active')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/** What a confirmation or cancellation mail says; the email stays encrypted until the mailer needs it. */
export async function orderMailFacts(db: Executor, orderId: string) {
  return db
    .selectFrom('orders as o')
    .innerJoin('users as u', 'u.id', 'o.user_id')
    .innerJoin('events as e', 'e.id', 'o.event_id')
    .innerJoin('venues as v', 'v.id', 'e.venue_id')
    .select([
      'o.id',
      'o.status',
      'o.total_amount',
      'o.currency',
      'u.email_cipher',
      'e.title',
      'e.starts_at',
      'e.venue_name',
      'e.cancel_reason',
      'v.timezone',
    ])
    .where('o.id', '=', orderId)
    .executeTakeFirst();
}
