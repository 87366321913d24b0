import type { Deps } from '../../context.js';
import { getOrder } from '../orders/get-order.js';
import { assertConfirmed } from './get-tickets-pdf.js';
import { renderOrderCalendar } from './order-calendar.js';
import { publicUrlOf } from './public-url.js';

/** A confirmed order's event as an iCalendar file, for its owner (or an admin). */
export async function getOrderCalendar(deps: Deps, input: { orderId: string; userId: string; admin: boolean }): Promise<string> {
  const order = await getOrder(deps, input);
  assertConfirmed(order);
  return renderOrderCalendar(order, publicUrlOf(deps.config), deps.clock.now());
}
