import type { Deps } from '../../context.js';
import { findEventRow } from '../../db/repositories/events.repository.js';
import { priceHistory } from '../../db/repositories/pricing.repository.js';
import { isPublicStatus } from '../catalogue/catalogue.rules.js';
import { notFound } from '../errors.js';
import { money, type Money } from '../money.js';

export interface PriceHistoryEntry {
  at: string;
  tierId: string;
  tierName: string;
  old: Money;
  new: Money;
  reason: 'demand_up' | 'demand_down' | 'into_bounds' | 'manual';
}

/** Every price change of a listed event, newest first: public, so anyone can see how a price came about. */
export async function getPriceHistory(deps: Deps, eventId: string, limit: number): Promise<PriceHistoryEntry[]> {
  const row = await findEventRow(deps.db, eventId);
  if (!row || !isPublicStatus(row.status)) throw notFound('Event');
  return (await priceHistory(deps.db, eventId, limit)).map(historyEntry);
}

export const historyEntry = (r: Awaited<ReturnType<typeof priceHistory>>[number]): PriceHistoryEntry => ({
  at: r.changed_at.toISOString(),
  tierId: r.tier_id,
  tierName: r.tier_name,
  old: money(r.old_amount, r.currency),
  new: money(r.new_amount, r.currency),
  reason: r.reason,
});
