import type { Deps } from '../../context.js';
import { lockOrder, setOrderStatus } from '../../db/repositories/orders.repository.js';
import { advancePayment, findPaymentByIntent } from '../../db/repositories/payments.repository.js';

/** The provider declined: the order fails, the hold stays (the user may retry with a new key until it expires). */
export async function failOrder(deps: Deps, orderId: string, intentId: string, reason: string): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (tx) => {
    const order = await lockOrder(tx, orderId);
    const payment = await findPaymentByIntent(tx, deps.payments.name, intentId);
    if (payment) await advancePayment(tx, payment.id, 'failed', now, reason);
    if (order?.status === 'pending_payment') await setOrderStatus(tx, order.id, 'failed', { failure_reason: `declined:${reason}` });
  });
}
