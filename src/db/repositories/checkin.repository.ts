import { sql } from 'kysely';
import type { Executor, Tx } from '../client.js';
import type { ScanResult } from '../schema.js';

/** The SQL of check-in: event keys, the one conditional UPDATE that admits, door staff, scan log, statistics. */

export async function findEventTicketKey(ex: Executor, eventId: string) {
  return ex
    .selectFrom('event_ticket_keys')
    .select(['public_key as publicKey', 'private_key_sealed as privateKeySealed'])
    .where('event_id', '=', eventId)
    .executeTakeFirst();
}

/** First writer wins: two instances making the key at once end with the same pair. */
export async function insertEventTicketKey(ex: Executor, eventId: string, key: { publicKey: string; privateKeySealed: string }) {
  await ex
    .insertInto('event_ticket_keys')
    .values({ event_id: eventId, public_key: key.publicKey, private_key_sealed: key.privateKeySealed })
    .onConflict((oc) => oc.column('event_id').doNothing())
    .execute();
}

const ticketColumns = [
  't.id',
  't.event_id',
  't.order_id',
  't.seat_id',
  't.serial',
  't.status',
  't.code_version',
  't.checked_in_at',
  't.checked_in_gate',
  's.row_label',
  's.number as seat_number',
  'sec.name as section_name',
] as const;

/** A ticket with its seat's label and its holder. */
export async function findTicket(ex: Executor, ticketId: string) {
  return (
    ex
      .selectFrom('tickets as t')
      .innerJoin('orders as o', 'o.id', 't.order_id')
      .innerJoin('seats as s', 's.id', 't.seat_id')
      .innerJoin('sections as sec', 'sec.id', 's.section_id')
      // The holder: the buyer, or whoever accepted a transfer of the ticket (migration 0025).
      .select([...ticketColumns, sql<string>`coalesce(t.holder_id, o.user_id)`.as('user_id'), 'o.status as order_status'])
      .where('t.id', '=', ticketId)
      .executeTakeFirst()
  );
}

export type TicketRow = NonNullable<Awaited<ReturnType<typeof findTicket>>>;

/** What a printed code is made of, for several tickets in one read (an order's PDF). */
export async function findPrintableTickets(ex: Executor, ticketIds: readonly string[]) {
  if (ticketIds.length === 0) return [];
  return ex
    .selectFrom('tickets')
    .select(['id', 'event_id', 'seat_id', 'status', 'code_version'])
    .where('id', '=', sql<string>`any(${[...ticketIds]}::uuid[])`)
    .execute();
}

export async function findTicketBySerial(ex: Executor, eventId: string, serial: string) {
  const found = await ex.selectFrom('tickets').select('id').where('event_id', '=', eventId).where('serial', '=', serial).executeTakeFirst();
  return found ? findTicket(ex, found.id) : undefined;
}

export interface Admission {
  ticketId: string;
  eventId: string;
  version: number;
  at: Date;
  gate: string;
  scannerId: string;
}

/**
 * Invariant 5: the single statement that checks a ticket in. Of any number of
 * racing scans only one finds the row still 'valid' at this version; the rest
 * match nothing (PostgreSQL re-checks the WHERE after the winner commits).
 */
export const admitTicketStatement = (a: Admission) => sql<{ checked_in_at: Date }>`
  update tickets
     set status = 'used', checked_in_at = ${a.at}, checked_in_gate = ${a.gate}, checked_in_by = ${a.scannerId}
   where id = ${a.ticketId} and event_id = ${a.eventId} and status = 'valid' and code_version = ${a.version}
  returning checked_in_at`;

export async function admitTicket(ex: Executor, a: Admission): Promise<{ checked_in_at: Date } | undefined> {
  return (await admitTicketStatement(a).execute(ex)).rows[0];
}

export interface ScanLogRow {
  eventId: string;
  ticketId: string | null;
  scannerId: string;
  gate: string;
  result: ScanResult;
  source: 'online' | 'offline';
  clientScanId?: string | null;
  scannedAt: Date;
}

/** Returns false when an offline scan with this client id was recorded before (a retried upload). */
export async function recordScan(ex: Executor, s: ScanLogRow): Promise<boolean> {
  const row = await ex
    .insertInto('checkin_scans')
    .values({
      event_id: s.eventId,
      ticket_id: s.ticketId,
      scanner_id: s.scannerId,
      gate: s.gate,
      result: s.result,
      source: s.source,
      client_scan_id: s.clientScanId ?? null,
      scanned_at: s.scannedAt,
    })
    .onConflict((oc) => oc.columns(['event_id', 'scanner_id', 'client_scan_id']).where('client_scan_id', 'is not', null).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function findRecordedScan(ex: Executor, eventId: string, scannerId: string, clientScanId: string) {
  return ex
    .selectFrom('checkin_scans')
    .select(['ticket_id', 'result', 'gate', 'scanned_at'])
    .where('event_id', '=', eventId)
    .where('scanner_id', '=', scannerId)
    .where('client_scan_id', '=', clientScanId)
    .executeTakeFirst();
}

export async function isAssignedScanner(ex: Executor, eventId: string, userId: string): Promise<boolean> {
  const row = await ex
    .selectFrom('event_scanners')
    .select('user_id')
    .where('event_id', '=', eventId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row !== undefined;
}

export async function assignScanner(ex: Executor, a: { eventId: string; userId: string; assignedBy: string; at: Date }): Promise<void> {
  await ex
    .insertInto('event_scanners')
    .values({ event_id: a.eventId, user_id: a.userId, assigned_by: a.assignedBy, created_at: a.at })
    .onConflict((oc) => oc.columns(['event_id', 'user_id']).doNothing())
    .execute();
}

export async function unassignScanner(ex: Executor, eventId: string, userId: string): Promise<boolean> {
  const res = await ex.deleteFrom('event_scanners').where('event_id', '=', eventId).where('user_id', '=', userId).executeTakeFirst();
  return res.numDeletedRows > 0n;
}

export async function scannersOf(ex: Executor, eventId: string) {
  return ex
    .selectFrom('event_scanners as es')
    .innerJoin('users as u', 'u.id', 'es.user_id')
    .select(['u.id', 'u.email_cipher', 'u.name_cipher', 'es.created_at'])
    .where('es.event_id', '=', eventId)
    .where('u.erased_at', 'is', null)
    .orderBy('es.created_at')
    .execute();
}

/** Events a scanner is assigned to that have not ended long ago, soonest first. */
export async function eventsOfScanner(ex: Executor, userId: string, since: Date) {
  return ex
    .selectFrom('event_scanners as es')
    .innerJoin('events as e', 'e.id', 'es.event_id')
    .select(['e.id', 'e.title', 'e.starts_at', 'e.venue_name', 'e.city', 'e.status'])
    .where('es.user_id', '=', userId)
    .where('e.starts_at', '>=', since)
    .where('e.status', '=', 'published')
    .orderBy('e.starts_at')
    .limit(50)
    .execute();
}

/** What an offline scanner needs besides the key: tickets it must refuse or already saw used. */
export async function bundleTickets(ex: Executor, eventId: string) {
  const [counts, changed] = await Promise.all([
    ex
      .selectFrom('tickets')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('event_id', '=', eventId)
      .where('status', '<>', 'void')
      .executeTakeFirstOrThrow(),
    ex
      .selectFrom('tickets')
      .select(['id', 'status', 'code_version', 'checked_in_at', 'checked_in_gate'])
      .where('event_id', '=', eventId)
      .where((eb) => eb.or([eb('status', '<>', 'valid'), eb('code_version', '>', 1)]))
      .execute(),
  ]);
  return { ticketCount: Number(counts.n), changed };
}

export async function ticketCounts(ex: Executor, eventId: string) {
  return ex
    .selectFrom('tickets')
    .select(['status'])
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('event_id', '=', eventId)
    .groupBy('status')
    .execute();
}

export async function scanCountsByGate(ex: Executor, eventId: string) {
  return ex
    .selectFrom('checkin_scans')
    .select(['gate', 'result'])
    .select((eb) => [eb.fn.countAll<string>().as('n'), eb.fn.max('scanned_at').as('last_at')])
    .where('event_id', '=', eventId)
    .groupBy(['gate', 'result'])
    .execute();
}

/** Void: the ticket and every code it ever had stop working. */
export async function voidTicket(tx: Tx, ticketId: string, now: Date): Promise<boolean> {
  const res = await tx
    .updateTable('tickets')
    .set({ status: 'void', voided_at: now, code_version: sql`code_version + 1` })
    .where('id', '=', ticketId)
    .where('status', '<>', 'void')
    .executeTakeFirst();
  return res.numUpdatedRows > 0n;
}

/**
 * Reissue: the same seat, a new code version (codes already shown or
 * screenshotted are refused as void). A voided ticket comes back only while
 * its order stands, so the seat cannot have been sold to anyone else.
 */
export async function reissueTicket(tx: Tx, ticketId: string): Promise<boolean> {
  const res = await tx
    .updateTable('tickets')
    .set({ status: 'valid', voided_at: null, code_version: sql`code_version + 1` })
    .where('id', '=', ticketId)
    .where('status', 'in', ['valid', 'void'])
    .where('order_id', 'in', (eb) => eb.selectFrom('orders').select('id').where('status', '=', 'confirmed'))
    .executeTakeFirst();
  return res.numUpdatedRows > 0n;
}
