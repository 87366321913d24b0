import type { Tx } from '../client.js';

// Tickets are issued by confirm_order (migration 0027), with serials from new_ticket_serial().

export async function voidTicketsOfOrder(tx: Tx, orderId: string, now: Date): Promise<void> {
  await tx
    .updateTable('tickets')
    .set({ status: 'void', voided_at: now })
    .where('order_id', '=', orderId)
    .where('status', '<>', 'void')
    .execute();
}
