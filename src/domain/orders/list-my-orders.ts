import type { Deps } from '../../context.js';
import { listOrdersOfUser } from '../../db/repositories/orders.repository.js';
import { AppError } from '../errors.js';
import type { OrderView } from './order.types.js';
import { orderViews } from './order-view.js';
import { decodeOrderCursor, encodeOrderCursor } from './orders.rules.js';

export async function listMyOrders(
  deps: Deps,
  input: { userId: string; limit: number; cursor?: string | undefined },
): Promise<{ items: OrderView[]; nextCursor: string | null }> {
  const after = input.cursor ? decodeOrderCursor(input.cursor) : null;
  if (input.cursor && !after)
    throw new AppError('VALIDATION_FAILED', 'Invalid cursor', [{ field: 'querystring/cursor', message: 'is not a valid cursor' }]);
  const rows = await listOrdersOfUser(deps.db, input.userId, input.limit, after);
  const page = rows.slice(0, input.limit);
  const last = page[page.length - 1];
  return {
    items: await orderViews(deps.db, page),
    nextCursor: rows.length > input.limit && last ? encodeOrderCursor({ createdAt: last.created_at, id: last.id }) : null,
  };
}
