import type { FieldProblem } from '../catalogue/catalogue.rules.js';
import {
  pricingModes,
  pricingSignals,
  type DemandSignals,
  type PriceDecision,
  type PricingPolicy,
  type PricingSignal,
  type TierBounds,
  type TierPricingPolicy,
} from './pricing.types.js';

/** Limits a policy must respect: a step above half the price, or more than a change a minute, is not pricing but noise. */
export const pricingLimits = { maxStepPercent: 50, maxChangesPerHour: 60 } as const;

/** Sales velocity is measured over this sliding window. */
export const velocityWindowMinutes = 15;

/** A move smaller than this share of the price is not worth a change (and a history row). */
const deadBandPercent = 1;

/** Fans admitted in the next this-many minutes count as demand beside those still in line. */
const admittedHorizonMinutes = 10;

export const defaultPricingPolicy: PricingPolicy = { mode: 'fixed', paused: false, tiers: [], signals: [...pricingSignals] };

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * The event's stored `pricing` JSON as a policy. The column predates the
 * feature and held free-form JSON; anything that is not a policy written by
 * PUT /pricing is read as fixed pricing.
 */
export function parsePricingPolicy(raw: unknown): PricingPolicy {
  if (!isObject(raw) || !pricingModes.includes(raw.mode as never) || !Array.isArray(raw.tiers)) return defaultPricingPolicy;
  const signals = Array.isArray(raw.signals) ? raw.signals.filter((s): s is PricingSignal => pricingSignals.includes(s as never)) : [];
  return {
    mode: raw.mode as PricingPolicy['mode'],
    paused: raw.paused === true,
    tiers: (raw.tiers as unknown[]).filter(isObject) as unknown as TierPricingPolicy[],
    signals,
  };
}

/** The policy's view of one tier, or null when the tier is priced fixed. */
export function tierBounds(policy: PricingPolicy, tierId: string, base: number): TierBounds | null {
  if (policy.mode !== 'demand') return null;
  const t = policy.tiers.find((x) => x.tierId === tierId);
  if (!t) return null;
  return { base, floor: t.floor.amount, cap: t.cap.amount, maxStepPercent: t.maxStepPercent, maxChangesPerHour: t.maxChangesPerHour };
}

export interface TierFacts {
  id: string;
  base: number;
  currency: string;
}

/**
 * Field-level problems of a policy for an event whose tiers are `tiers`:
 * known tiers, each at most once, the event's currency, floor ≤ base ≤ cap,
 * steps in (0, 50] % and 1..60 changes an hour, at least one signal when
 * demand-priced.
 */
export function pricingPolicyProblems(policy: Omit<PricingPolicy, 'paused'>, tiers: readonly TierFacts[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const byId = new Map(tiers.map((t) => [t.id, t]));
  const seen = new Set<string>();
  if (policy.mode === 'demand' && policy.tiers.length === 0) {
    problems.push({ field: 'body/tiers', message: 'demand pricing needs at least one tier' });
  }
  if (policy.mode === 'demand' && policy.signals.length === 0) {
    problems.push({ field: 'body/signals', message: 'demand pricing needs at least one signal' });
  }
  if (new Set(policy.signals).size !== policy.signals.length) problems.push({ field: 'body/signals', message: 'signals must be unique' });
  policy.tiers.forEach((t, i) => {
    const at = `body/tiers/${i}`;
    const tier = byId.get(t.tierId);
    if (!tier) {
      problems.push({ field: `${at}/tierId`, message: 'is not a price tier of this event' });
      return;
    }
    if (seen.has(t.tierId)) problems.push({ field: `${at}/tierId`, message: 'each tier may appear only once' });
    seen.add(t.tierId);
    for (const side of ['floor', 'cap'] as const) {
      if (t[side].currency !== tier.currency) {
        problems.push({ field: `${at}/${side}/currency`, message: `must be the event's currency, ${tier.currency}` });
      }
    }
    if (t.floor.amount > tier.base) {
      problems.push({ field: `${at}/floor/amount`, message: `must not be above the tier's base price (${tier.base})` });
    }
    if (t.cap.amount < tier.base) {
      problems.push({ field: `${at}/cap/amount`, message: `must not be below the tier's base price (${tier.base})` });
    }
    if (!(t.maxStepPercent > 0 && t.maxStepPercent <= pricingLimits.maxStepPercent)) {
      problems.push({ field: `${at}/maxStepPercent`, message: `must be more than 0 and at most ${pricingLimits.maxStepPercent}` });
    }
    if (!Number.isInteger(t.maxChangesPerHour) || t.maxChangesPerHour < 1 || t.maxChangesPerHour > pricingLimits.maxChangesPerHour) {
      problems.push({ field: `${at}/maxChangesPerHour`, message: `must be a whole number from 1 to ${pricingLimits.maxChangesPerHour}` });
    }
  });
  return problems;
}

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));
/** x / (1 + x) for x ≥ 0: 0 at 0, ½ at 1, towards 1; monotone. */
const saturate = (x: number): number => x / (1 + x);

/** Seats taken per hour from the count taken within the sliding window. */
export const velocityPerHour = (takenInWindow: number, windowMinutes = velocityWindowMinutes): number =>
  (takenInWindow * 60) / windowMinutes;

/**
 * Demand pressure in [-1, 1]: negative when the tier sells slower than its
 * stock needs, positive when faster. Non-decreasing in every demand signal
 * (sold, held, velocity, queue length, admission rate): the property tests
 * hold it to that. A signal the organizer switched off counts as neutral.
 */
export function demandPressure(s: DemandSignals, signals: readonly PricingSignal[]): number {
  const on = new Set(signals);
  const total = Math.max(s.total, 1);
  const held = on.has('holds') ? s.held : 0;
  const remaining = Math.max(s.total - s.sold - held, 0);
  let pressure = 0;
  if (on.has('sellThrough')) {
    const taken = (s.sold + held) / total;
    // Against the pace a steady sale would have reached by now: the share of the sale period gone.
    const expected = on.has('timeToEvent') ? s.hoursOnSale / Math.max(s.hoursOnSale + s.hoursToEvent, 1e-9) : 0;
    pressure += taken - expected;
  }
  if (on.has('velocity')) {
    const horizon = on.has('timeToEvent') ? s.hoursToEvent : 24;
    const ratio = (s.velocityPerHour * horizon) / Math.max(remaining, 1);
    // 0 when the current pace sells exactly the remaining stock by the event; -0.5 with no sales; towards +0.5.
    pressure += saturate(ratio) - 0.5;
  }
  if (on.has('queue')) {
    const fans = s.queueLength + s.admittedPerMinute * admittedHorizonMinutes;
    pressure += 0.6 * saturate(fans / Math.max(remaining, 1));
  }
  return clamp(pressure, -1, 1);
}

/** The price the pressure points at: towards the cap above zero, towards the floor below. */
export function targetPrice(b: TierBounds, pressure: number): number {
  const t = pressure >= 0 ? b.base + pressure * (b.cap - b.base) : b.base + pressure * (b.base - b.floor);
  return clamp(Math.round(t), b.floor, b.cap);
}

/** Price steps stay tidy: 10 cents on a 50 € ticket, 10 € on a 1,500 € one (one unit below 1,000 minor units). */
const granularity = (price: number): number => (price < 1000 ? 1 : 10 ** (Math.floor(Math.log10(price)) - 2));

/** Least time between two changes of one tier. */
export const minSecondsBetweenChanges = (maxChangesPerHour: number): number => 3600 / maxChangesPerHour;

export interface PriceStep {
  bounds: TierBounds;
  current: number;
  signals: DemandSignals;
  enabled: readonly PricingSignal[];
  now: Date;
  /** The tier's last change of any kind (demand, manual, policy), or null. */
  lastChangeAt: Date | null;
}

/**
 * The next price of one tier. Never below the floor or above the cap, never
 * more than maxStepPercent of the current price in one move, never sooner
 * than 3600 / maxChangesPerHour seconds after the last change, and never
 * lower for more demand. A price outside the bounds (the organizer narrowed
 * them) is brought inside at once: the bounds are the promise to fans.
 */
export function nextPrice(p: PriceStep): PriceDecision {
  const { bounds: b, current } = p;
  const pressure = demandPressure(p.signals, p.enabled);
  const target = targetPrice(b, pressure);
  if (current < b.floor || current > b.cap) return { price: clamp(current, b.floor, b.cap), reason: 'into_bounds', pressure, target };
  if (p.lastChangeAt && (p.now.getTime() - p.lastChangeAt.getTime()) / 1000 < minSecondsBetweenChanges(b.maxChangesPerHour)) {
    return { price: current, reason: 'rate_limited', pressure, target };
  }
  const maxStep = Math.floor((current * b.maxStepPercent) / 100);
  const wanted = clamp(target - current, -maxStep, maxStep);
  const g = granularity(current);
  // Rounded towards zero, so rounding never makes a step longer or crosses the target.
  let move = Math.sign(wanted) * Math.floor(Math.abs(wanted) / g) * g;
  if (Math.abs(move) < (current * deadBandPercent) / 100) move = 0;
  const price = clamp(current + move, b.floor, b.cap);
  if (price === current) return { price, reason: 'unchanged', pressure, target };
  return { price, reason: price > current ? 'demand_up' : 'demand_down', pressure, target };
}
