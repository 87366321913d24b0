import { sql } from 'kysely';
import type { Executor, Tx } from '../client.js';

/** The SQL of ticket transfers (migration 0025): the ticket's facts, the offer, and the one guarded hand-over. */

/** A ticket with what deciding a transfer needs: its current holder, face value, order and event state. */
export async function findTransferableTicket(ex: Executor, ticketId: string) {
  return ex
    .selectFrom('tickets as t')
    .innerJoin('orders as o', 'o.id', 't.order_id')
    .innerJoin('events as e', 'e.id', 't.event_id')
    .innerJoin('hold_seats as hs', (j) => j.onRef('hs.hold_id', '=', 'o.hold_id').onRef('hs.seat_id', '=', 't.seat_id'))
    .select([
      't.id',
      't.event_id',
      't.status',
      'o.status as order_status',
      'o.currency',
      'hs.price_amount',
      'e.starts_at',
      'e.status as event_status',
      'e.transfer_cutoff_minutes',
      sql<string>`coalesce(t.holder_id, o.user_id)`.as('holder_id'),
    ])
    .where('t.id', '=', ticketId)
    .executeTakeFirst();
}

/** The offer, or nothing when the ticket already has an open one (the partial unique index decides races). */
export async function insertTransfer(
  tx: Executor,
  t: { ticketId: string; fromUserId: string; toEmailHash: Buffer; toEmailHint: string; amount: string; currency: string; now: Date },
) {
  return tx
    .insertInto('ticket_transfers')
    .values({
      ticket_id: t.ticketId,
      from_user_id: t.fromUserId,
      to_email_hash: t.toEmailHash,
      to_email_hint: t.toEmailHint,
      face_value_amount: t.amount,
      currency: t.currency,
      created_at: t.now,
    })
    .onConflict((oc) => oc.column('ticket_id').where('status', '=', 'pending').doNothing())
    .returning('id')
    .executeTakeFirst();
}

/**
 * Closes an open offer; the party is checked in the WHERE, so of racing
 * settlements exactly one changes the row and the rest see `false`.
 */
export async function settleTransfer(
  tx: Tx,
  s: { transferId: string; status: 'accepted' | 'declined' | 'cancelled'; now: Date; toUserId?: string } & (
    { fromUserId: string } | { toEmailHash: Buffer }
  ),
) {
  let q = tx
    .updateTable('ticket_transfers')
    .set({ status: s.status, settled_at: s.now, ...(s.toUserId ? { to_user_id: s.toUserId } : {}) })
    .where('id', '=', s.transferId)
    .where('status', '=', 'pending');
  q = 'fromUserId' in s ? q.where('from_user_id', '=', s.fromUserId) : q.where('to_email_hash', '=', s.toEmailHash);
  return q.returning(['ticket_id', 'from_user_id']).executeTakeFirst();
}

/**
 * The hand-over: the ticket changes holder only while it is still valid, its
 * order confirmed and the sender still its holder, and its code version moves
 * on, so every code the sender was shown (app, PDF) is refused from now on.
 * Check-in's own UPDATE takes the same ticket row lock, so a scan and an
 * acceptance racing each other are ordered: whichever commits second finds nothing.
 */
export async function handOverTicket(tx: Tx, h: { ticketId: string; fromUserId: string; toUserId: string }): Promise<boolean> {
  // The order row first, shared: a buyer cancelling the order (which locks it for update) either finishes before
  // (the order reads cancelled here) or waits and then finds the ticket transferred and refuses.
  await tx
    .selectFrom('orders')
    .select('id')
    .where('id', '=', (eb) => eb.selectFrom('tickets').select('order_id').where('id', '=', h.ticketId))
    .forShare()
    .execute();
  const res = await tx
    .updateTable('tickets as t')
    .from('orders as o')
    // Back to the buyer is the buyer's own ticket again (holder null), so their order reads as before.
    .set({ holder_id: sql`nullif(${h.toUserId}::uuid, o.user_id)`, code_version: sql`t.code_version + 1` })
    .whereRef('o.id', '=', 't.order_id')
    .where('t.id', '=', h.ticketId)
    .where('t.status', '=', 'valid')
    .where('o.status', '=', 'confirmed')
    .where(sql<boolean>`coalesce(t.holder_id, o.user_id) = ${h.fromUserId}`)
    .executeTakeFirst();
  return res.numUpdatedRows > 0n;
}

const transferColumns = [
  'tr.id',
  'tr.ticket_id',
  'tr.status',
  'tr.to_email_hint',
  'tr.face_value_amount',
  'tr.currency',
  'tr.created_at',
  'tr.settled_at',
  't.serial',
  't.status as ticket_status',
  'e.id as event_id',
  'e.title as event_title',
  'e.starts_at',
  'e.transfer_cutoff_minutes',
  'v.timezone',
  's.row_label',
  's.number as seat_number',
  'sec.name as section_name',
] as const;

function transfersWithTicket(ex: Executor) {
  return ex
    .selectFrom('ticket_transfers as tr')
    .innerJoin('tickets as t', 't.id', 'tr.ticket_id')
    .innerJoin('events as e', 'e.id', 't.event_id')
    .innerJoin('venues as v', 'v.id', 'e.venue_id')
    .innerJoin('seats as s', 's.id', 't.seat_id')
    .innerJoin('sections as sec', 'sec.id', 's.section_id');
}

export async function findTransferView(ex: Executor, transferId: string) {
  return transfersWithTicket(ex)
    .select([...transferColumns, 'tr.from_user_id', 'tr.to_email_hash'])
    .where('tr.id', '=', transferId)
    .executeTakeFirst();
}

/** Open offers to an address, newest first; offers whose ticket stopped being valid are not worth showing. */
export async function listIncomingTransfers(ex: Executor, toEmailHash: Buffer, limit: number) {
  return transfersWithTicket(ex)
    .select(transferColumns)
    .where('tr.to_email_hash', '=', toEmailHash)
    .where('tr.status', '=', 'pending')
    .where('t.status', '=', 'valid')
    .orderBy('tr.created_at', 'desc')
    .limit(limit)
    .execute();
}

/** What the user has offered, newest first (history included). */
export async function listOutgoingTransfers(ex: Executor, fromUserId: string, limit: number) {
  return transfersWithTicket(ex)
    .select(transferColumns)
    .where('tr.from_user_id', '=', fromUserId)
    .orderBy('tr.created_at', 'desc')
    .limit(limit)
    .execute();
}

/** Tickets other fans transferred to the user, for My bookings. */
export async function listReceivedTickets(ex: Executor, holderId: string, limit: number) {
  return ex
    .selectFrom('tickets as t')
    .innerJoin('events as e', 'e.id', 't.event_id')
    .innerJoin('venues as v', 'v.id', 'e.venue_id')
    .innerJoin('seats as s', 's.id', 't.seat_id')
    .innerJoin('sections as sec', 'sec.id', 's.section_id')
    .select([
      't.id',
      't.serial',
      't.status',
      'e.id as event_id',
      'e.title as event_title',
      'e.starts_at',
      'e.transfer_cutoff_minutes',
      'v.name as venue_name',
      'v.timezone',
      's.row_label',
      's.number as seat_number',
      'sec.name as section_name',
    ])
    .where('t.holder_id', '=', holderId)
    .orderBy('e.starts_at')
    .orderBy('t.id')
    .limit(limit)
    .execute();
}

/** Whether any ticket of the order now belongs to someone else: the buyer can no longer cancel it. */
export async function orderHasTransferredTickets(ex: Executor, orderId: string): Promise<boolean> {
  const row = await ex
    .selectFrom('tickets')
    .select('id')
    .where('order_id', '=', orderId)
    .where('holder_id', 'is not', null)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** The open offers a user made, closed at once (their account is being erased): the tickets ids, for the audit. */
export async function cancelOpenTransfersFrom(tx: Tx, fromUserId: string, now: Date): Promise<string[]> {
  const rows = await tx
    .updateTable('ticket_transfers')
    .set({ status: 'cancelled', settled_at: now })
    .where('from_user_id', '=', fromUserId)
    .where('status', '=', 'pending')
    .returning('ticket_id')
    .execute();
  return rows.map((r) => r.ticket_id);
}
