import { announceInventoryChange } from '../../adapters/pubsub/inventory-signal.js';
import type { Deps } from '../../context.js';
import { expireDueHolds, freeSeatsOfHolds, markInventoryDirty } from '../../db/repositories/holds.repository.js';
import { writeAudit } from '../../db/repositories/audit.repository.js';
import { offerReleasedSeats } from '../../db/repositories/waiting-list.repository.js';

/**
 * The sweeper: closes holds past their expiry, frees the seats they still hold
 * and records each release in the audit log. Expired seats already count as
 * free to new holds; this keeps the books and the seat map tidy.
 */
export async function expireHolds(deps: Deps, opts: { batch?: number; eventIds?: string[] } = {}): Promise<number> {
  const now = deps.clock.now();
  const expired = await deps.db.transaction().execute(async (tx) => {
    const expired = await expireDueHolds(tx, now, opts.batch ?? 500, opts.eventIds);
    if (expired.length === 0) return expired;
    await freeSeatsOfHolds(
      tx,
      expired.map((h) => h.id),
    );
    await writeAudit(
      tx,
      expired.map((h) => ({
        actorId: null,
        action: 'hold.expired',
        subjectType: 'hold',
        subjectId: h.id,
        details: { eventId: h.event_id },
      })),
    );
    await markInventoryDirty(
      tx,
      expired.map((h) => h.event_id),
    );
    // A lapsed offer is among them: its seats, like any others, go to the next waiting fan.
    await offerReleasedSeats(
      tx,
      expired.map((h) => h.event_id),
      now,
    );
    return expired;
  });
  announceInventoryChange(
    deps,
    expired.map((h) => h.event_id),
  );
  return expired.length;
}
