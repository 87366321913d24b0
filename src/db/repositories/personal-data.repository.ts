import { sql } from 'kysely';
import type { Executor } from '../client.js';

/** Reads for the GDPR export (Art. 15/20): everything held about one user, found by their id. */

export async function ordersOfUser(ex: Executor, userId: string) {
  return ex
    .selectFrom('orders as o')
    .innerJoin('events as e', 'e.id', 'o.event_id')
    .select([
      'o.id',
      'o.event_id',
      'e.title as event_title',
      'e.starts_at as event_starts_at',
      'o.status',
      'o.total_amount',
      'o.currency',
      'o.created_at',
      'o.confirmed_at',
      'o.cancelled_at',
      'o.cancel_reason',
      'o.failure_reason',
    ])
    .where('o.user_id', '=', userId)
    .orderBy('o.created_at')
    .orderBy('o.id')
    .execute();
}

export async function ticketsOfUser(ex: Executor, userId: string) {
  return (
    ex
      .selectFrom('tickets as t')
      .innerJoin('orders as o', 'o.id', 't.order_id')
      .innerJoin('seats as s', 's.id', 't.seat_id')
      .innerJoin('sections as sec', 'sec.id', 's.section_id')
      .select([
        't.id',
        't.order_id',
        't.event_id',
        't.serial',
        't.status',
        'sec.name as section',
        's.row_label',
        's.number',
        't.created_at',
        't.voided_at',
        't.checked_in_at',
        't.checked_in_gate',
      ])
      // Bought, or received by transfer (the holder, migration 0025).
      .where((eb) => eb.or([eb('o.user_id', '=', userId), eb('t.holder_id', '=', userId)]))
      .orderBy('t.created_at')
      .orderBy('t.id')
      .execute()
  );
}

export async function paymentsOfUser(ex: Executor, userId: string) {
  return ex
    .selectFrom('payments as p')
    .innerJoin('orders as o', 'o.id', 'p.order_id')
    .select(['p.id', 'p.order_id', 'p.provider', 'p.status', 'p.amount', 'p.currency', 'p.decline_code', 'p.created_at', 'p.updated_at'])
    .where('o.user_id', '=', userId)
    .orderBy('p.created_at')
    .orderBy('p.id')
    .execute();
}

export async function refundsOfUser(ex: Executor, userId: string) {
  return ex
    .selectFrom('refunds as r')
    .innerJoin('orders as o', 'o.id', 'r.order_id')
    .select(['r.id', 'r.order_id', 'r.payment_id', 'r.amount', 'r.currency', 'r.reason', 'r.created_at'])
    .where('o.user_id', '=', userId)
    .orderBy('r.created_at')
    .orderBy('r.id')
    .execute();
}

/** Every scan of the user's tickets at the door (admitted or refused), without the door staff's identity. */
export async function scansOfUser(ex: Executor, userId: string) {
  return ex
    .selectFrom('checkin_scans as c')
    .innerJoin('tickets as t', 't.id', 'c.ticket_id')
    .innerJoin('orders as o', 'o.id', 't.order_id')
    .select(['c.id', 'c.ticket_id', 'c.event_id', 'c.gate', 'c.result', 'c.source', 'c.scanned_at'])
    .where('o.user_id', '=', userId)
    .orderBy('c.scanned_at')
    .orderBy('c.id')
    .execute();
}

export async function holdsOfUser(ex: Executor, userId: string) {
  return ex
    .selectFrom('holds')
    .select(['id', 'event_id', 'status', 'total_amount', 'currency', 'created_at', 'expires_at', 'released_at', 'release_reason'])
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function sessionsOfUser(ex: Executor, userId: string) {
  return ex
    .selectFrom('sessions')
    .select(['id', 'created_at', 'expires_at', 'revoked_at'])
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/**
 * Audit entries about the user: on their account, on their orders, and their
 * own actions. Another person's identity (the admin who looked) stays out;
 * `byThemselves` tells the user whether it was them.
 */
export async function auditAboutUser(ex: Executor, userId: string) {
  return ex
    .selectFrom('audit_log as a')
    .select(['a.id', 'a.action', 'a.subject_type', 'a.subject_id', 'a.details', 'a.created_at', 'a.actor_id'])
    .where((eb) =>
      eb.or([
        eb.and([eb('a.subject_type', '=', 'user'), eb('a.subject_id', '=', userId)]),
        eb.and([
          eb('a.subject_type', '=', 'order'),
          eb('a.subject_id', 'in', eb.selectFrom('orders').select(eb.cast<string>('id', 'text').as('id')).where('user_id', '=', userId)),
        ]),
        eb('a.actor_id', '=', userId),
      ]),
    )
    .orderBy('a.created_at')
    .orderBy('a.id')
    .execute();
}

/**
 * The user's confirmed orders for events that have not started, with what erasing would refund. An order
 * with a ticket handed to another fan is left out: that ticket is theirs, and erasing the buyer must not void it.
 */
export async function upcomingOrdersOfUser(ex: Executor, userId: string, now: Date) {
  return ex
    .selectFrom('orders as o')
    .innerJoin('events as e', 'e.id', 'o.event_id')
    .innerJoin('venues as v', 'v.id', 'e.venue_id')
    .select([
      'o.id',
      'e.title',
      'e.starts_at',
      'v.timezone',
      'o.currency',
      sql<string>`(select count(*) from tickets t where t.order_id = o.id and t.status = 'valid')`.as('ticket_count'),
      sql<string>`coalesce((select sum(p.amount) from payments p where p.order_id = o.id and p.status = 'captured'), 0)
        - coalesce((select sum(r.amount) from refunds r where r.order_id = o.id), 0)`.as('refundable'),
    ])
    .where('o.user_id', '=', userId)
    .where('o.status', '=', 'confirmed')
    .where('e.starts_at', '>', now)
    .where(sql<boolean>`not exists (select 1 from tickets t where t.order_id = o.id and t.holder_id is not null)`)
    .orderBy('e.starts_at')
    .orderBy('o.id')
    .execute();
}

/** Orders of the user still waiting for their payment. */
export async function pendingOrderIdsOfUser(ex: Executor, userId: string): Promise<string[]> {
  const rows = await ex.selectFrom('orders').select('id').where('user_id', '=', userId).where('status', '=', 'pending_payment').execute();
  return rows.map((r) => r.id);
}

export async function activeHoldsOfUser(ex: Executor, userId: string) {
  return ex.selectFrom('holds').select(['id', 'event_id']).where('user_id', '=', userId).where('status', '=', 'active').execute();
}

/** Transfers the user offered or received; the other side is named only by the masked hint the sender typed. */
export async function transfersOfUser(ex: Executor, userId: string) {
  return ex
    .selectFrom('ticket_transfers')
    .select(['id', 'ticket_id', 'from_user_id', 'to_email_hint', 'status', 'face_value_amount', 'currency', 'created_at', 'settled_at'])
    .where((eb) => eb.or([eb('from_user_id', '=', userId), eb('to_user_id', '=', userId)]))
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function waitingListEntriesOfUser(ex: Executor, userId: string) {
  return ex
    .selectFrom('waiting_list_entries')
    .select(['id', 'event_id', 'tier_id', 'quantity', 'status', 'offered_hold_id', 'created_at', 'offered_at', 'closed_at', 'close_reason'])
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** The access codes the user typed with a hold, given back or not; the code's text is the event's, not the user's. */
export async function accessCodeRedemptionsOfUser(ex: Executor, userId: string) {
  return ex
    .selectFrom('access_code_redemptions as r')
    .innerJoin('access_codes as c', 'c.id', 'r.access_code_id')
    .innerJoin('holds as h', 'h.id', 'r.hold_id')
    .select(['c.code', 'c.event_id', 'r.hold_id', 'h.discount_amount', 'h.currency', 'r.redeemed_at', 'r.returned_at'])
    .where('r.user_id', '=', userId)
    .orderBy('r.redeemed_at')
    .orderBy('r.hold_id')
    .execute();
}
