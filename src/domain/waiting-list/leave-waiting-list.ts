import type { Deps } from '../../context.js';
import { closeWaitingEntries, lockLiveEntry } from '../../db/repositories/waiting-list.repository.js';
import { writeAudit } from '../../db/repositories/audit.repository.js';
import { releaseHold } from '../holds/release-hold.js';
import { notFound } from '../errors.js';

/**
 * The fan leaves the list. With seats offered, leaving declines them: the
 * offer's hold is released and its seats pass to the next fan.
 */
export async function leaveWaitingList(deps: Deps, input: { eventId: string; userId: string }): Promise<void> {
  const now = deps.clock.now();
  const offeredHold = await deps.db.transaction().execute(async (tx) => {
    const entry = await lockLiveEntry(tx, input.eventId, input.userId);
    if (!entry) throw notFound('Waiting list entry');
    if (entry.status === 'offered') return entry.offered_hold_id;
    await closeWaitingEntries(tx, { eventId: input.eventId, userId: input.userId, status: 'left', now, reason: 'left_by_fan' });
    await writeAudit(tx, [
      {
        actorId: input.userId,
        action: 'waitlist.left',
        subjectType: 'waiting_list_entry',
        subjectId: entry.id,
        details: { eventId: input.eventId },
      },
    ]);
    return null;
  });
  if (offeredHold) await releaseHold(deps, { holdId: offeredHold, userId: input.userId });
}
