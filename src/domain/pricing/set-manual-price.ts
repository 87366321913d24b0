import type { Deps } from '../../context.js';
import type { Executor } from '../../db/client.js';
import { writeAudit } from '../../db/repositories/audit.repository.js';
import { updateEvent } from '../../db/repositories/events.repository.js';
import { enqueueOutbox } from '../../db/repositories/outbox.repository.js';
import { tierPrices } from '../../db/repositories/pricing.repository.js';
import type { Principal } from '../../security/auth-tokens.js';
import { invalid, managedEvent } from '../catalogue/event-view.js';
import { AppError, notFound } from '../errors.js';
import type { Money } from '../money.js';
import { announcePriceChange, recordPriceChanges } from './price-change.js';
import { parsePricingPolicy } from './pricing.rules.js';
import type { PricingPolicy } from './pricing.types.js';

async function editable(tx: Executor, actor: Principal, eventId: string) {
  const event = await managedEvent(tx, actor, eventId, true);
  if (event.status === 'removed' || event.status === 'cancelled') {
    throw new AppError('INVALID_STATE', `A ${event.status} event cannot be changed`);
  }
  return event;
}

/**
 * Pauses (or resumes) demand pricing of an event at once: while paused every
 * tier keeps its current price; the worker takes over again on resume.
 */
export async function pauseDemandPricing(deps: Deps, actor: Principal, eventId: string, paused: boolean): Promise<PricingPolicy> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    const event = await editable(tx, actor, eventId);
    const policy = { ...parsePricingPolicy(event.pricing), paused };
    await updateEvent(tx, eventId, { pricing: JSON.stringify(policy), updated_at: now });
    await writeAudit(tx, {
      actorId: actor.userId,
      action: paused ? 'event.pricing_paused' : 'event.pricing_resumed',
      subjectType: 'event',
      subjectId: eventId,
    });
    await enqueueOutbox(tx, now, [{ topic: 'event.updated', aggregateId: eventId, payload: { eventId, fields: ['pricing'] } }]);
    return policy;
  });
}

/**
 * The organizer sets a tier's price by hand, effective for the next hold.
 * Demand pricing of the event is paused with it, so the worker does not move
 * the price straight back; holds already made keep the price they locked.
 */
export async function setManualPrice(deps: Deps, actor: Principal, eventId: string, tierId: string, price: Money): Promise<PricingPolicy> {
  const now = deps.clock.now();
  const result = await deps.db.transaction().execute(async (tx) => {
    const event = await editable(tx, actor, eventId);
    const tier = (await tierPrices(tx, eventId)).find((t) => t.id === tierId);
    if (!tier) throw notFound('Price tier');
    if (price.currency !== tier.currency) {
      throw invalid([{ field: 'body/price/currency', message: `must be the event's currency, ${tier.currency}` }]);
    }
    const current = parsePricingPolicy(event.pricing);
    const policy = current.mode === 'demand' ? { ...current, paused: true } : current;
    await updateEvent(tx, eventId, { pricing: JSON.stringify(policy), updated_at: now });
    const changes =
      price.amount === tier.current
        ? []
        : [
            {
              eventId,
              tierId,
              from: tier.current,
              to: price.amount,
              currency: tier.currency,
              reason: 'manual' as const,
              actorId: actor.userId,
              inputs: {},
              now,
            },
          ];
    const done = await recordPriceChanges(tx, eventId, now, changes);
    if (changes.length > 0 && done.length === 0) throw new AppError('BUSY', 'The price changed at this moment; please try again');
    await writeAudit(tx, {
      actorId: actor.userId,
      action: 'event.manual_price',
      subjectType: 'event',
      subjectId: eventId,
      details: { tierId, from: tier.current, to: price.amount, currency: tier.currency },
    });
    if (done.length === 0) {
      await enqueueOutbox(tx, now, [{ topic: 'event.updated', aggregateId: eventId, payload: { eventId, fields: ['pricing'] } }]);
    }
    return { policy, changed: done.length > 0 };
  });
  if (result.changed) announcePriceChange(deps, eventId);
  return result.policy;
}
