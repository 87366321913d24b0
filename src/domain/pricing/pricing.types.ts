import type { Money } from '../money.js';

export const pricingModes = ['fixed', 'demand'] as const;
export type PricingMode = (typeof pricingModes)[number];

/** The demand signals the engine can weigh; an organizer may switch any of them off. */
export const pricingSignals = ['sellThrough', 'velocity', 'queue', 'holds', 'timeToEvent'] as const;
export type PricingSignal = (typeof pricingSignals)[number];

/** One tier's bounds: the price stays in [floor, cap] and moves by at most maxStepPercent, maxChangesPerHour times an hour. */
export interface TierPricingPolicy {
  tierId: string;
  floor: Money;
  cap: Money;
  maxStepPercent: number;
  maxChangesPerHour: number;
}

/** Stored in the event's `pricing` JSON. `paused` stops automatic changes until resumed (a manual price pauses). */
export interface PricingPolicy {
  mode: PricingMode;
  paused: boolean;
  tiers: TierPricingPolicy[];
  signals: PricingSignal[];
}

/** What the worker measured for one tier; the inputs kept with every change. */
export interface DemandSignals {
  /** Seats of the tier, sold, and held by live holds. */
  total: number;
  sold: number;
  held: number;
  /** Seats of the tier taken (held, whatever became of the hold) per hour over the sliding window. */
  velocityPerHour: number;
  /** Fans waiting in the event's waiting room, and how many it admits a minute (0 without one). */
  queueLength: number;
  admittedPerMinute: number;
  /** Hours until the event starts, and how long the sale has been open. */
  hoursToEvent: number;
  hoursOnSale: number;
}

/** The engine's bounds for one tier, in minor units of one currency. */
export interface TierBounds {
  base: number;
  floor: number;
  cap: number;
  maxStepPercent: number;
  maxChangesPerHour: number;
}

export type PriceDecisionReason = 'demand_up' | 'demand_down' | 'unchanged' | 'rate_limited' | 'into_bounds';

export interface PriceDecision {
  price: number;
  reason: PriceDecisionReason;
  /** Demand pressure in [-1, 1] (below pace … sold faster than stock lasts) and the price it points at. */
  pressure: number;
  target: number;
}
