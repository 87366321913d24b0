import type { Deps } from '../../context.js';
import { setPresaleStart, setTierHidden, tiersOfEvent } from '../../db/repositories/access-codes.repository.js';
import { writeAudit } from '../../db/repositories/audit.repository.js';
import { findEventRow, refreshEventSummary } from '../../db/repositories/events.repository.js';
import { enqueueOutbox } from '../../db/repositories/outbox.repository.js';
import type { Principal } from '../../security/auth-tokens.js';
import type { AdminEventView } from '../catalogue/catalogue.types.js';
import { invalid, loadEventView, managedEvent } from '../catalogue/event-view.js';
import type { FieldProblem } from '../catalogue/catalogue.rules.js';
import { AppError } from '../errors.js';

export interface PresaleSettings {
  /** Holds from here until the sale start need a code; null ends the presale. */
  presaleStartsAt?: string | null | undefined;
  /** The tiers sold only with a code that unlocks them (all others visible). */
  hiddenTierIds?: string[] | undefined;
}

/**
 * Sets an event's presale start and which of its tiers are hidden. A presale
 * needs a sale start after it; caches of the event learn through the outbox.
 */
export async function setPresale(deps: Deps, actor: Principal, eventId: string, s: PresaleSettings): Promise<AdminEventView> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    const event = await managedEvent(tx, actor, eventId, true);
    if (event.status === 'removed' || event.status === 'cancelled')
      throw new AppError('INVALID_STATE', `A ${event.status} event cannot be changed`);
    const problems: FieldProblem[] = [];
    const presale = s.presaleStartsAt === undefined ? undefined : s.presaleStartsAt === null ? null : new Date(s.presaleStartsAt);
    if (presale) {
      if (!event.sale_starts_at)
        problems.push({ field: 'body/presaleStartsAt', message: 'needs the event to have a sale start (saleStartsAt)' });
      else if (presale >= event.sale_starts_at) problems.push({ field: 'body/presaleStartsAt', message: 'must be before the sale start' });
    }
    const tiers = await tiersOfEvent(tx, eventId);
    const hidden = s.hiddenTierIds === undefined ? undefined : new Set(s.hiddenTierIds);
    if (hidden) {
      const ids = new Set(tiers.map((t) => t.id));
      for (const id of hidden)
        if (!ids.has(id)) problems.push({ field: 'body/hiddenTierIds', message: `${id} is not a tier of this event` });
      if (tiers.every((t) => hidden.has(t.id)))
        problems.push({ field: 'body/hiddenTierIds', message: 'at least one tier must stay visible' });
    }
    if (problems.length > 0) throw invalid(problems);
    if (presale !== undefined) await setPresaleStart(tx, eventId, presale, now);
    if (hidden) {
      for (const t of tiers) if (t.hidden !== hidden.has(t.id)) await setTierHidden(tx, eventId, t.id, hidden.has(t.id));
      await refreshEventSummary(tx, eventId, now);
    }
    const fields = Object.keys(s);
    await writeAudit(tx, {
      actorId: actor.userId,
      action: 'event.presale-set',
      subjectType: 'event',
      subjectId: eventId,
      details: { fields },
    });
    await enqueueOutbox(tx, now, [{ topic: 'event.updated', aggregateId: eventId, payload: { eventId, fields } }]);
    return loadEventView(tx, (await findEventRow(tx, eventId))!, now);
  });
}
