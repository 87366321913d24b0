import { announceInventoryChange } from '../../adapters/pubsub/inventory-signal.js';
import type { Deps } from '../../context.js';
import { closeHold, freeSeatsOfHolds, lockHold, markInventoryDirty } from '../../db/repositories/holds.repository.js';
import { writeAudit } from '../../db/repositories/audit.repository.js';
import { findLiveOrderOfHold } from '../../db/repositories/orders.repository.js';
import { offerReleasedSeats } from '../../db/repositories/waiting-list.repository.js';
import { AppError, notFound } from '../errors.js';

/**
 * The user lets go of a hold: its seats are free at once. Releasing a hold that
 * is already closed is a no-op, so a retried DELETE answers the same.
 */
export async function releaseHold(deps: Deps, input: { holdId: string; userId: string }): Promise<void> {
  const now = deps.clock.now();
  let changedEvent: string | null = null;
  await deps.db.transaction().execute(async (tx) => {
    const hold = await lockHold(tx, input.holdId);
    if (!hold || hold.user_id !== input.userId) throw notFound('Hold');
    if (hold.status === 'purchased') throw new AppError('INVALID_STATE', 'This hold was paid for; cancel the order instead');
    if (hold.status !== 'active') return;
    // Its payment is in flight: the seats stay until the provider's answer is settled.
    const paying = await findLiveOrderOfHold(tx, hold.id);
    if (paying) throw new AppError('CONFLICT', 'A payment for this hold is in progress', { orderId: paying.id });
    await closeHold(tx, hold.id, 'released', now, 'released_by_user');
    await freeSeatsOfHolds(tx, [hold.id]);
    await markInventoryDirty(tx, [hold.event_id]);
    await offerReleasedSeats(tx, [hold.event_id], now);
    changedEvent = hold.event_id;
    await writeAudit(tx, [
      { actorId: input.userId, action: 'hold.released', subjectType: 'hold', subjectId: hold.id, details: { eventId: hold.event_id } },
    ]);
  });
  if (changedEvent) announceInventoryChange(deps, [changedEvent]);
}
