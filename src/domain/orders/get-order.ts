import type { Deps } from '../../context.js';
import { findOrder } from '../../db/repositories/orders.repository.js';
import { forbidden, notFound } from '../errors.js';
import { writeAudit } from '../../db/repositories/audit.repository.js';
import type { OrderView } from './order.types.js';
import { orderView } from './order-view.js';

/** The owner or an admin sees an order; anyone else is refused. */
export async function getOrder(deps: Deps, input: { orderId: string; userId: string; admin: boolean }): Promise<OrderView> {
  const order = await findOrder(deps.db, input.orderId);
  if (!order) throw notFound('Order');
  if (!input.admin && order.user_id !== input.userId) throw forbidden('This is not your order');
  if (order.user_id !== input.userId) {
    // Invariant 6: an admin reading someone else's order (its tickets and documents too) is recorded.
    await writeAudit(deps.db, {
      actorId: input.userId,
      action: 'order.viewed',
      subjectType: 'order',
      subjectId: order.id,
      details: { by: 'admin' },
      at: deps.clock.now(),
    });
  }
  return orderView(deps.db, order);
}
