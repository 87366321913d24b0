import type { Deps } from '../../context.js';
import { writeAudit } from '../../db/repositories/audit.repository.js';
import {
  closeWaitingEntries,
  listEntries,
  moveEntry,
  offerWindowOf,
  setOfferWindow,
} from '../../db/repositories/waiting-list.repository.js';
import type { Principal } from '../../security/auth-tokens.js';
import { managedEvent } from '../catalogue/event-view.js';
import { AppError, notFound } from '../errors.js';
import type { ManagedEntryView } from './waiting-list.types.js';

export interface ManagedListPage {
  /** How long an offer holds its seats. */
  offerMinutes: number;
  items: ManagedEntryView[];
  total: number;
  waiting: number;
}

/** The organizer's view: offers, then waiting fans in offer order, then closed entries (unless `live`). */
export async function listWaitingList(
  deps: Deps,
  actor: Principal,
  eventId: string,
  page: { limit: number; offset: number; live: boolean },
): Promise<ManagedListPage> {
  await managedEvent(deps.db, actor, eventId);
  const { rows, total, waiting } = await listEntries(deps.db, eventId, page);
  const items = rows.map((r) => ({
    id: r.id,
    place: r.place === null ? null : Number(r.place),
    tier: r.tier_id && r.tier_name ? { id: r.tier_id, name: r.tier_name } : null,
    quantity: r.quantity,
    status: r.status,
    offerExpiresAt: r.status === 'offered' && r.offer_expires_at ? r.offer_expires_at.toISOString() : null,
    joinedAt: r.created_at.toISOString(),
    closedAt: r.closed_at?.toISOString() ?? null,
    closeReason: r.close_reason,
  }));
  return { offerMinutes: Math.round((await offerWindowOf(deps.db, eventId)) / 60), items, total, waiting };
}

/** Moves a waiting entry to `place` (1 = next to be offered; past the end = last). */
export async function reorderWaitingList(
  deps: Deps,
  actor: Principal,
  eventId: string,
  input: { entryId: string; place: number },
): Promise<void> {
  await managedEvent(deps.db, actor, eventId);
  await deps.db.transaction().execute(async (tx) => {
    if (!(await moveEntry(tx, eventId, input.entryId, input.place))) {
      throw new AppError('INVALID_STATE', 'Only a waiting entry of this event can be moved', { entryId: input.entryId });
    }
    await writeAudit(tx, [
      {
        actorId: actor.userId,
        action: 'waitlist.reordered',
        subjectType: 'waiting_list_entry',
        subjectId: input.entryId,
        details: { eventId, place: input.place },
      },
    ]);
  });
}

/**
 * Clears the waiting entries (all, or one). Offers already made stay: they are
 * holds the fans have, and lapse on their own. Returns how many were cleared.
 */
export async function clearWaitingList(deps: Deps, actor: Principal, eventId: string, entryId?: string): Promise<number> {
  await managedEvent(deps.db, actor, eventId);
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    const n = await closeWaitingEntries(tx, {
      eventId,
      status: 'cleared',
      now,
      reason: 'cleared_by_organizer',
      ...(entryId ? { entryId } : {}),
    });
    if (entryId && n === 0) throw notFound('Waiting entry');
    await writeAudit(tx, [
      {
        actorId: actor.userId,
        action: 'waitlist.cleared',
        subjectType: 'event',
        subjectId: eventId,
        details: { entryId: entryId ?? null, count: n },
      },
    ]);
    return n;
  });
}

/** How long an offer holds its seats for the fan, from the next offer on. */
export async function setWaitingListOfferWindow(
  deps: Deps,
  actor: Principal,
  eventId: string,
  minutes: number,
): Promise<{ offerMinutes: number }> {
  await managedEvent(deps.db, actor, eventId);
  await deps.db.transaction().execute(async (tx) => {
    await setOfferWindow(tx, eventId, minutes * 60);
    await writeAudit(tx, [
      { actorId: actor.userId, action: 'waitlist.offer_window_set', subjectType: 'event', subjectId: eventId, details: { minutes } },
    ]);
  });
  return { offerMinutes: minutes };
}
