import type { Deps } from '../../context.js';
import { listOrdersOfUser } from '../../db/repositories/orders.repository.js';
import { pageOf, positionAfter, type Page } from '../page-cursor.js';
import type { OrderView } from './order.types.js';
import { orderViews } from './order-view.js';

/** The customer's orders, newest first; cursors are only valid for that customer's list. */
export async function listMyOrders(
  deps: Deps,
  input: { userId: string; limit: number; cursor?: string | undefined },
): Promise<Page<OrderView>> {
  const scope = `orders:${input.userId}`;
  const rows = await listOrdersOfUser(deps.db, input.userId, input.limit, positionAfter(deps.cursors, scope, input.cursor));
  const page = pageOf(rows, input.limit, (r) => r, deps.cursors, scope);
  return { items: await orderViews(deps.db, page.items), nextCursor: page.nextCursor };
}
