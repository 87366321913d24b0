import type { Deps } from '../../context.js';
import { writeAudit } from '../../db/repositories/audit.repository.js';
import { updateEvent } from '../../db/repositories/events.repository.js';
import { enqueueOutbox } from '../../db/repositories/outbox.repository.js';
import { tierPrices } from '../../db/repositories/pricing.repository.js';
import type { Principal } from '../../security/auth-tokens.js';
import { invalid, managedEvent } from '../catalogue/event-view.js';
import { AppError } from '../errors.js';
import { announcePriceChange, recordPriceChanges } from './price-change.js';
import { pricingPolicyProblems } from './pricing.rules.js';
import type { PricingPolicy } from './pricing.types.js';

export type PricingPolicyInput = Omit<PricingPolicy, 'paused'> & { paused?: boolean };

/**
 * The organizer sets how an event's tiers are priced. Demand pricing moves a
 * tier's price only inside its floor and cap; a price already outside new
 * bounds is brought inside at once, and switching to fixed puts every tier
 * back on its base price. Each such move is a history row.
 */
export async function setPricingPolicy(deps: Deps, actor: Principal, eventId: string, input: PricingPolicyInput): Promise<PricingPolicy> {
  const now = deps.clock.now();
  const result = await deps.db.transaction().execute(async (tx) => {
    const event = await managedEvent(tx, actor, eventId, true);
    if (event.status === 'removed' || event.status === 'cancelled') {
      throw new AppError('INVALID_STATE', `A ${event.status} event cannot be changed`);
    }
    const tiers = await tierPrices(tx, eventId);
    const problems = pricingPolicyProblems(input, tiers);
    if (problems.length > 0) throw invalid(problems);
    const policy: PricingPolicy = { mode: input.mode, paused: input.paused ?? false, tiers: input.tiers, signals: input.signals };
    await updateEvent(tx, eventId, { pricing: JSON.stringify(policy), updated_at: now });

    const changes = tiers.flatMap((t) => {
      const bounds = policy.mode === 'demand' ? policy.tiers.find((x) => x.tierId === t.id) : undefined;
      const to = bounds ? Math.min(bounds.cap.amount, Math.max(bounds.floor.amount, t.current)) : t.base;
      if (to === t.current) return [];
      const reason = bounds ? ('into_bounds' as const) : ('manual' as const);
      return [
        {
          eventId,
          tierId: t.id,
          from: t.current,
          to,
          currency: t.currency,
          reason,
          actorId: actor.userId,
          inputs: { policy: policy.mode },
          now,
        },
      ];
    });
    const done = await recordPriceChanges(tx, eventId, now, changes);
    await writeAudit(tx, {
      actorId: actor.userId,
      action: 'event.pricing_policy',
      subjectType: 'event',
      subjectId: eventId,
      details: { ...policy },
    });
    if (done.length === 0) {
      await enqueueOutbox(tx, now, [{ topic: 'event.updated', aggregateId: eventId, payload: { eventId, fields: ['pricing'] } }]);
    }
    return { policy, changed: done.length > 0 };
  });
  if (result.changed) announcePriceChange(deps, eventId);
  return result.policy;
}
