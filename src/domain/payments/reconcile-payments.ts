import type { Deps } from '../../context.js';
import { findOrder } from '../../db/repositories/orders.repository.js';
import { stalePayments } from '../../db/repositories/payments.repository.js';
import { confirmOrder } from '../orders/confirm-order.js';
import { failOrder } from '../orders/fail-order.js';

/**
 * Reconciliation: payments still open after `graceMs` (a crash between the
 * provider's answer and our commit, or a lost webhook) are settled from the
 * provider's own record. A capture whose order can no longer be confirmed is
 * refunded by confirmOrder.
 */
export async function reconcilePayments(deps: Deps, graceMs = 10 * 60_000): Promise<number> {
  const stale = await stalePayments(deps.db, new Date(deps.clock.now().getTime() - graceMs), 100);
  for (const p of stale) {
    if (p.provider !== deps.payments.name) continue;
    let intent = await deps.payments.retrieve(p.intent_id);
    if (!intent) continue;
    if (intent.status === 'authorized') {
      const order = await findOrder(deps.db, p.order_id);
      intent = await deps.payments.capture(intent.id, `order-${order!.id}-capture`);
    }
    if (intent.status === 'captured') await confirmOrder(deps, p.order_id, intent.id);
    else if (intent.status === 'declined') await failOrder(deps, p.order_id, intent.id, intent.declineCode ?? 'declined');
  }
  return stale.length;
}
