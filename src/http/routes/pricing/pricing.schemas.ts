import { Type, type Static } from 'typebox';
import { pricingLimits } from '../../../domain/pricing/pricing.rules.js';
import { pricingModes, pricingSignals } from '../../../domain/pricing/pricing.types.js';
import { Money, Uuid } from '../../schemas/common.js';
import { literalUnion } from '../../schemas/literal-union.js';

const closed = { additionalProperties: false } as const;

const TierPolicy = Type.Object(
  {
    tierId: Uuid,
    floor: Type.Object(Money.properties, { ...closed, description: 'Lowest price; at most the tier base price, in the event currency' }),
    cap: Type.Object(Money.properties, { ...closed, description: 'Highest price; at least the tier base price, in the event currency' }),
    maxStepPercent: Type.Number({
      exclusiveMinimum: 0,
      maximum: pricingLimits.maxStepPercent,
      description: 'Largest move of one change, % of the current price',
    }),
    maxChangesPerHour: Type.Integer({
      minimum: 1,
      maximum: pricingLimits.maxChangesPerHour,
      description: 'Changes are at least 3600 / this seconds apart',
    }),
  },
  closed,
);

const Signals = Type.Array(literalUnion(pricingSignals), {
  maxItems: pricingSignals.length,
  description:
    'Demand signals the engine weighs: sellThrough, velocity (sliding 15 min), queue (waiting room length and admission rate), holds (live holds), timeToEvent',
});

export const PricingPolicyBody = Type.Object(
  {
    mode: literalUnion(pricingModes, {
      description: 'fixed: every tier at its base price; demand: listed tiers move between floor and cap',
    }),
    tiers: Type.Array(TierPolicy, { maxItems: 20 }),
    signals: Signals,
    paused: Type.Optional(Type.Boolean({ description: 'Hold every price where it is; default false' })),
  },
  closed,
);

export const PricingPolicySchema = Type.Object({
  mode: literalUnion(pricingModes),
  paused: Type.Boolean(),
  tiers: Type.Array(TierPolicy),
  signals: Signals,
});

export const PricingPolicyReply = Type.Object({ pricing: PricingPolicySchema });
export const PauseBody = Type.Object({ paused: Type.Boolean() }, closed);
export const ManualPriceBody = Type.Object({ price: Money }, closed);
export const TierParams = Type.Object({ id: Uuid, tierId: Uuid });

const Reason = literalUnion(['demand_up', 'demand_down', 'into_bounds', 'manual'] as const, {
  description: 'demand_up/demand_down: the engine; into_bounds: the organizer narrowed the range; manual: set by the organizer',
});

const HistoryEntry = Type.Object({
  at: Type.String({ format: 'date-time' }),
  tierId: Uuid,
  tierName: Type.String(),
  old: Money,
  new: Money,
  reason: Reason,
});

export const HistoryQuery = Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }) }, closed);
export const PriceHistoryReply = Type.Object({ items: Type.Array(HistoryEntry) });

export const PricingOverviewReply = Type.Object({
  pricing: Type.Object({
    policy: PricingPolicySchema,
    tiers: Type.Array(Type.Object({ id: Uuid, name: Type.String(), base: Money, current: Money })),
    history: Type.Array(HistoryEntry, { description: 'Oldest first' }),
    sales: Type.Array(Type.Object({ tierId: Uuid, hour: Type.String({ format: 'date-time' }), seats: Type.Integer() })),
  }),
});

export const PriceQuoteReply = Type.Object({
  quote: Type.Object({
    expiresAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    prices: Type.Array(Type.Object({ tierId: Uuid, price: Money })),
  }),
});

export type PricingPolicyBody = Static<typeof PricingPolicyBody>;
export type PricingPolicyReply = Static<typeof PricingPolicyReply>;
export type PricingOverviewReply = Static<typeof PricingOverviewReply>;
export type PriceHistoryReply = Static<typeof PriceHistoryReply>;
export type PriceQuoteReply = Static<typeof PriceQuoteReply>;
export type ManualPriceBody = Static<typeof ManualPriceBody>;
