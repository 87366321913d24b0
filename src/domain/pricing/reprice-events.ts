import type { Deps } from '../../context.js';
import {
  demandPricedEvents,
  lastPriceChanges,
  tierDemand,
  tierPrices,
  type DemandPricedEvent,
  type PriceChange,
} from '../../db/repositories/pricing.repository.js';
import { admittedPerMinute } from '../queue/queue.rules.js';
import { announcePriceChange, recordPriceChanges } from './price-change.js';
import { nextPrice, parsePricingPolicy, tierBounds, velocityPerHour, velocityWindowMinutes } from './pricing.rules.js';
import type { DemandSignals } from './pricing.types.js';

/** An event whose demand did not visibly move is still looked at this often (time to the event moves by itself). */
const quietRecomputeMs = 60_000;

const hours = (ms: number): number => Math.max(ms, 0) / 3_600_000;

/**
 * Recomputes the prices of demand-priced events, as a worker duty. An event
 * is looked at when its demand moved since the last look (seats available,
 * people in or admitted from its waiting room) or a minute has passed; the
 * engine itself keeps each tier to its rate and steps. Several workers may
 * run this at once: a change is a compare-and-set on the old price.
 * `eventIds` limits the pass (tests share one database).
 */
export function createRepricer(opts: { eventIds?: string[] } = {}) {
  const seen = new Map<string, { at: number; fingerprint: string }>();
  return async function repriceEvents(deps: Deps, force = false): Promise<number> {
    const now = deps.clock.now();
    let changed = 0;
    for (const event of await demandPricedEvents(deps.db, now)) {
      if (opts.eventIds && !opts.eventIds.includes(event.id)) continue;
      const fingerprint = `${event.seats_available}:${event.joined ?? 0}:${event.serving_up_to ?? 0}`;
      const last = seen.get(event.id);
      if (!force && last && last.fingerprint === fingerprint && now.getTime() - last.at < quietRecomputeMs) continue;
      seen.set(event.id, { at: now.getTime(), fingerprint });
      try {
        changed += await repriceEvent(deps, event, now);
      } catch (e) {
        deps.logger.error({ err: e, eventId: event.id }, 'repricing failed');
      }
    }
    return changed;
  };
}

async function repriceEvent(deps: Deps, event: DemandPricedEvent, now: Date): Promise<number> {
  const policy = parsePricingPolicy(event.pricing);
  const windowStart = new Date(now.getTime() - velocityWindowMinutes * 60_000);
  const [tiers, demand, lastChanges] = await Promise.all([
    tierPrices(deps.db, event.id),
    tierDemand(deps.db, event.id, now, windowStart),
    lastPriceChanges(deps.db, event.id),
  ]);
  const queueLength = Math.max(0, (event.joined ?? 0) - (event.serving_up_to ?? 0));
  const admitted =
    event.queue_updated_at && event.admissions
      ? admittedPerMinute({ servingUpTo: event.serving_up_to ?? 0, admissions: event.admissions, updatedAt: event.queue_updated_at })
      : 0;
  const saleOpenedAt = event.sale_starts_at ?? event.published_at ?? now;
  const changes: PriceChange[] = [];
  for (const tier of tiers) {
    const bounds = tierBounds(policy, tier.id, tier.base);
    const d = demand.find((x) => x.tier_id === tier.id);
    if (!bounds || !d) continue;
    const signals: DemandSignals = {
      total: d.total,
      sold: d.sold,
      held: d.held,
      velocityPerHour: velocityPerHour(d.taken_in_window),
      queueLength,
      admittedPerMinute: admitted,
      hoursToEvent: hours(event.starts_at.getTime() - now.getTime()),
      hoursOnSale: hours(now.getTime() - saleOpenedAt.getTime()),
    };
    const decision = nextPrice({
      bounds,
      current: tier.current,
      signals,
      enabled: policy.signals,
      now,
      lastChangeAt: lastChanges.get(tier.id) ?? null,
    });
    if (decision.price === tier.current) continue;
    changes.push({
      eventId: event.id,
      tierId: tier.id,
      from: tier.current,
      to: decision.price,
      currency: tier.currency,
      reason: decision.reason === 'into_bounds' ? 'into_bounds' : decision.reason === 'demand_up' ? 'demand_up' : 'demand_down',
      actorId: null,
      inputs: { ...signals, pressure: Number(decision.pressure.toFixed(4)), target: decision.target, signalsUsed: policy.signals },
      now,
    });
  }
  if (changes.length === 0) return 0;
  const done = await deps.db.transaction().execute((tx) => recordPriceChanges(tx, event.id, now, changes));
  if (done.length > 0) announcePriceChange(deps, event.id);
  return done.length;
}
