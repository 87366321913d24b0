import { randomBytes } from 'node:crypto';
import type { Executor, Tx } from '../client.js';

/** 80 random bits, base32-like and unambiguous to read out at a box office. */
function newSerial(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  return [...randomBytes(16)]
    .map((b) => alphabet[b % 32])
    .join('')
    .replace(/(.{4})(?!$)/g, '$1-');
}

export async function issueTickets(tx: Tx, a: { orderId: string; eventId: string; seatIds: string[]; now: Date }): Promise<void> {
  if (a.seatIds.length === 0) return;
  await tx
    .insertInto('tickets')
    .values(
      a.seatIds.map((seatId) => ({ order_id: a.orderId, event_id: a.eventId, seat_id: seatId, serial: newSerial(), created_at: a.now })),
    )
    .execute();
}

export async function voidTicketsOfOrder(tx: Tx, orderId: string, now: Date): Promise<void> {
  await tx
    .updateTable('tickets')
    .set({ status: 'void', voided_at: now })
    .where('order_id', '=', orderId)
    .where('status', '<>', 'void')
    .execute();
}

export async function ticketsOfOrders(db: Executor, orderIds: string[]) {
  if (orderIds.length === 0) return [];
  return db
    .selectFrom('tickets')
    .select(['id', 'order_id', 'seat_id', 'serial', 'status'])
    .where('order_id', 'in', orderIds)
    .orderBy('seat_id')
    .execute();
}
