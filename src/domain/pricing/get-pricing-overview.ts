import type { Deps } from '../../context.js';
import { hourlySales, priceHistory, tierPrices } from '../../db/repositories/pricing.repository.js';
import type { Principal } from '../../security/auth-tokens.js';
import { managedEvent } from '../catalogue/event-view.js';
import { money, type Money } from '../money.js';
import { historyEntry, type PriceHistoryEntry } from './get-price-history.js';
import { parsePricingPolicy } from './pricing.rules.js';
import type { PricingPolicy } from './pricing.types.js';

export interface PricingOverview {
  policy: PricingPolicy;
  tiers: { id: string; name: string; base: Money; current: Money }[];
  /** Oldest first, for plotting. */
  history: PriceHistoryEntry[];
  /** Seats sold per tier per hour (confirmed orders). */
  sales: { tierId: string; hour: string; seats: number }[];
}

/** What the organizer's pricing panel shows: the policy, each tier's base and current price, and price and sales over time. */
export async function getPricingOverview(deps: Deps, actor: Principal, eventId: string): Promise<PricingOverview> {
  const event = await managedEvent(deps.db, actor, eventId);
  const [tiers, history, sales] = await Promise.all([
    tierPrices(deps.db, eventId),
    priceHistory(deps.db, eventId, 1000),
    hourlySales(deps.db, eventId),
  ]);
  return {
    policy: parsePricingPolicy(event.pricing),
    tiers: tiers.map((t) => ({ id: t.id, name: t.name, base: money(t.base, t.currency), current: money(t.current, t.currency) })),
    history: history.map(historyEntry).reverse(),
    sales: sales.map((s) => ({ tierId: s.tier_id, hour: new Date(s.hour).toISOString(), seats: s.seats })),
  };
}
