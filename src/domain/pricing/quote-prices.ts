import type { Deps } from '../../context.js';
import { findEventForBooking } from '../../db/repositories/holds.repository.js';
import { quotePrices } from '../../db/repositories/pricing.repository.js';
import { queueAdmission } from '../queue/check-queue-admission.js';
import { queueState } from '../queue/queue-context.js';
import { parseQueuePolicy } from '../queue/queue.rules.js';
import { notFound } from '../errors.js';
import { money, type Money } from '../money.js';

export interface PriceQuote {
  /** Until then a hold of this account pays at most these prices, whatever demand pricing does meanwhile. */
  expiresAt: string | null;
  prices: { tierId: string; price: Money }[];
}

/**
 * A fan admitted from the waiting room keeps the prices shown at admission
 * for the length of their turn (the waiting room's admission window): asked
 * for with the admitted token, the first quote stands until it runs out and
 * a hold made meanwhile locks the lower of it and the current price. Without
 * an active waiting room there is nothing to keep: the reply is empty.
 */
export async function quoteAdmittedPrices(deps: Deps, eventId: string, userId: string, token: string | undefined): Promise<PriceQuote> {
  const event = await findEventForBooking(deps.db, eventId);
  if (!event || event.status !== 'published') throw notFound('Event');
  const policy = parseQueuePolicy(event.queue);
  const state = await queueState(deps, eventId);
  if (!policy.enabled && !state?.autoEnabled) return { expiresAt: null, prices: [] };
  await queueAdmission(deps)(event, userId, token);
  const now = deps.clock.now();
  const rows = await quotePrices(deps.db, eventId, userId, now, new Date(now.getTime() + policy.admitWindowSeconds * 1000));
  return {
    expiresAt: rows[0]?.expires_at.toISOString() ?? null,
    prices: rows.map((r) => ({ tierId: r.tier_id, price: money(r.amount, r.currency) })),
  };
}
