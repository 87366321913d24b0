import { announceInventoryChange } from '../../adapters/pubsub/inventory-signal.js';
import type { Deps } from '../../context.js';
import { closeHold, freeSeatsOfHolds, lockHold, markInventoryDirty } from '../../db/repositories/holds.repository.js';
import { enqueueOutbox } from '../../db/repositories/outbox.repository.js';
import { lockOrder, setOrderStatus } from '../../db/repositories/orders.repository.js';
import { closeWaitingEntries, offerReleasedSeats } from '../../db/repositories/waiting-list.repository.js';
import { activeHoldsOfUser, pendingOrderIdsOfUser, upcomingOrdersOfUser } from '../../db/repositories/personal-data.repository.js';
import { cancelOrder } from '../orders/cancel-order.js';

export const erasureReason = 'account_erased';

/**
 * Before an account is erased: its tickets for events still to come are voided
 * and refunded through the ordinary cancellation (one order per transaction,
 * refund queued in the outbox with the cancellation, one idempotency key per
 * payment), checkouts in flight are failed (a late capture is refunded) and
 * live holds released. Every step is conditional on the row's state, so a
 * retried or concurrent erasure repeats none of it.
 */
export async function releaseBookingsOfUser(deps: Deps, userId: string): Promise<{ cancelledOrders: number }> {
  let cancelledOrders = 0;
  for (const order of await upcomingOrdersOfUser(deps.db, userId, deps.clock.now())) {
    const view = await cancelOrder(deps, {
      orderId: order.id,
      actor: { userId, admin: false },
      reason: erasureReason,
      // The owner gives the tickets up with the account: refunded whatever the cut-off says.
      enforceCutoff: false,
    });
    if (view.status === 'cancelled') cancelledOrders++;
  }
  const now = deps.clock.now();
  for (const id of await pendingOrderIdsOfUser(deps.db, userId)) {
    await deps.db.transaction().execute(async (tx) => {
      const order = await lockOrder(tx, id);
      if (order?.status !== 'pending_payment') return;
      await setOrderStatus(tx, id, 'failed', { failure_reason: erasureReason });
      await enqueueOutbox(tx, now, [{ topic: 'payment.refund', aggregateId: id, payload: { reason: erasureReason } }]);
    });
  }
  await closeWaitingEntries(deps.db, { userId, status: 'left', now, reason: erasureReason });
  const holds = await activeHoldsOfUser(deps.db, userId);
  if (holds.length > 0) {
    await deps.db.transaction().execute(async (tx) => {
      const closed: string[] = [];
      for (const h of [...holds].sort((a, b) => a.id.localeCompare(b.id))) {
        const hold = await lockHold(tx, h.id);
        if (hold?.status !== 'active') continue;
        await closeHold(tx, h.id, 'released', now, erasureReason);
        closed.push(h.id);
      }
      await freeSeatsOfHolds(tx, closed);
      await markInventoryDirty(tx, [...new Set(holds.map((h) => h.event_id))]);
      await offerReleasedSeats(
        tx,
        holds.map((h) => h.event_id),
        now,
      );
    });
    announceInventoryChange(deps, [...new Set(holds.map((h) => h.event_id))]);
  }
  return { cancelledOrders };
}
