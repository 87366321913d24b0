import type { Deps } from '../../context.js';
import { AppError } from '../errors.js';
import { getOrder } from '../orders/get-order.js';
import type { OrderView } from '../orders/order.types.js';
import { ticketQrContents } from './ticket-code.js';
import { renderTicketsPdf } from './tickets-pdf.js';

/** A confirmed order's tickets as a PDF, for its owner (or an admin). */
export async function getTicketsPdf(deps: Deps, input: { orderId: string; userId: string; admin: boolean }): Promise<Buffer> {
  const order = await getOrder(deps, input);
  assertConfirmed(order);
  return ticketsPdfOf(deps, order);
}

export async function ticketsPdfOf(deps: Pick<Deps, 'db' | 'ticketSigning'>, order: OrderView): Promise<Buffer> {
  // A ticket handed to another fan is theirs: the buyer's PDF must not carry it.
  const held = { ...order, tickets: order.tickets.filter((t) => !t.transferred) };
  return renderTicketsPdf({ order: held, codes: await ticketQrContents(deps, held) });
}

export function assertConfirmed(order: OrderView): void {
  if (order.status !== 'confirmed')
    throw new AppError('INVALID_STATE', `Order is ${order.status.replace('_', ' ')}: only a confirmed order has tickets`);
}
