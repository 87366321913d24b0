import { announceInventoryChange } from '../../adapters/pubsub/inventory-signal.js';
import type { Deps } from '../../context.js';
import { closeHold, freeSeatsOfHolds, lockHold, markInventoryDirty } from '../../db/repositories/holds.repository.js';
import { enqueueOutbox } from '../../db/repositories/outbox.repository.js';
import { activeHoldIdsOfEvent, lockOrder, orderIdsOfEvent, setOrderStatus } from '../../db/repositories/orders.repository.js';
import { closeWaitingEntries } from '../../db/repositories/waiting-list.repository.js';
import { cancelOrder } from './cancel-order.js';

/**
 * An event was removed or cancelled: every order is cancelled and refunded,
 * one order per transaction, so an interrupted run resumes where it stopped
 * (done orders are no longer confirmed). Orders still paying are failed (a late
 * capture is then refunded by confirmOrder) and live holds are released.
 */
export async function cancelEventOrders(deps: Deps, eventId: string, reason: string): Promise<number> {
  let count = 0;
  for (;;) {
    const ids = await orderIdsOfEvent(deps.db, eventId, ['confirmed'], 50);
    if (ids.length === 0) break;
    for (const id of ids) {
      await cancelOrder(deps, { orderId: id, actor: { userId: null, admin: true }, reason, enforceCutoff: false });
      count++;
    }
  }
  const now = deps.clock.now();
  for (const id of await orderIdsOfEvent(deps.db, eventId, ['pending_payment'], 10_000)) {
    await deps.db.transaction().execute(async (tx) => {
      const order = await lockOrder(tx, id);
      if (order?.status !== 'pending_payment') return;
      await setOrderStatus(tx, id, 'failed', { failure_reason: reason });
      await enqueueOutbox(tx, now, [{ topic: 'payment.refund', aggregateId: id, payload: { reason } }]);
    });
  }
  for (;;) {
    const holds = await activeHoldIdsOfEvent(deps.db, eventId, 500);
    if (holds.length === 0) break;
    await deps.db.transaction().execute(async (tx) => {
      for (const id of holds) {
        const hold = await lockHold(tx, id);
        if (hold?.status === 'active') await closeHold(tx, id, 'released', now, reason);
      }
      await freeSeatsOfHolds(tx, holds);
      await markInventoryDirty(tx, [eventId]);
    });
  }
  // Nothing will be offered any more: the fans still waiting are told so by their entry's status.
  await closeWaitingEntries(deps.db, { eventId, status: 'cleared', now, reason });
  announceInventoryChange(deps, [eventId]);
  return count;
}
