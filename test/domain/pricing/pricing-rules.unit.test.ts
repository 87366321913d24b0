import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  demandPressure,
  minSecondsBetweenChanges,
  nextPrice,
  parsePricingPolicy,
  pricingPolicyProblems,
  velocityPerHour,
  type PriceStep,
} from '../../../src/domain/pricing/pricing.rules.js';
import { pricingSignals, type DemandSignals, type TierBounds } from '../../../src/domain/pricing/pricing.types.js';

const now = new Date('2030-01-01T12:00:00Z');
const bounds: TierBounds = { base: 5000, floor: 4000, cap: 9000, maxStepPercent: 10, maxChangesPerHour: 4 };
const quiet: DemandSignals = {
  total: 100,
  sold: 0,
  held: 0,
  velocityPerHour: 0,
  queueLength: 0,
  admittedPerMinute: 0,
  hoursToEvent: 100,
  hoursOnSale: 100,
};
const step = (over: Partial<PriceStep> & { s?: Partial<DemandSignals> } = {}): PriceStep => ({
  bounds,
  current: 5000,
  signals: { ...quiet, ...over.s },
  enabled: pricingSignals,
  now,
  lastChangeAt: null,
  ...over,
});

describe('pricing engine (table)', () => {
  it.each([
    ['nothing sold halfway through the sale: down one step', {}, 4500, 'demand_down'],
    ['on pace and selling the rest in time: unchanged', { sold: 50, velocityPerHour: 0.5 }, 5000, 'unchanged'],
    ['80 % sold halfway, fast: up one step', { sold: 80, velocityPerHour: 2 }, 5500, 'demand_up'],
    ['a long waiting room over few seats: up one step', { sold: 50, velocityPerHour: 0.5, queueLength: 500 }, 5500, 'demand_up'],
    ['live holds count as taken', { sold: 40, held: 40, velocityPerHour: 2 }, 5500, 'demand_up'],
  ] as const)('%s', (_name, s, price, reason) => {
    const d = nextPrice(step({ s }));
    expect(d.price).toBe(price);
    expect(d.reason).toBe(reason);
  });

  it('waits the configured spacing between changes', () => {
    const hot = { sold: 90, velocityPerHour: 5 };
    const spacing = minSecondsBetweenChanges(4) * 1000;
    expect(nextPrice(step({ s: hot, lastChangeAt: new Date(now.getTime() - spacing + 1000) })).reason).toBe('rate_limited');
    expect(nextPrice(step({ s: hot, lastChangeAt: new Date(now.getTime() - spacing) })).reason).toBe('demand_up');
  });

  it('brings a price outside narrowed bounds inside at once', () => {
    expect(nextPrice(step({ current: 12_000, lastChangeAt: now }))).toMatchObject({ price: 9000, reason: 'into_bounds' });
    expect(nextPrice(step({ current: 100 }))).toMatchObject({ price: 4000, reason: 'into_bounds' });
  });

  it('stops at the cap and the floor', () => {
    expect(nextPrice(step({ current: 8700, s: { sold: 99, velocityPerHour: 9, queueLength: 900 } })).price).toBe(9000);
    expect(nextPrice(step({ current: 4050 })).price).toBe(4000);
  });

  it('ignores signals the organizer switched off', () => {
    const s = { ...quiet, sold: 50, velocityPerHour: 0.5, queueLength: 5000 };
    expect(demandPressure(s, ['sellThrough', 'velocity', 'timeToEvent'])).toBeCloseTo(0);
    expect(demandPressure(s, pricingSignals)).toBeGreaterThan(0.5);
  });

  it('measures velocity over the sliding window', () => {
    expect(velocityPerHour(30, 15)).toBe(120);
  });

  it('reads unknown stored pricing JSON as fixed pricing', () => {
    expect(parsePricingPolicy({ strategy: 'whatever' }).mode).toBe('fixed');
    expect(parsePricingPolicy(null).mode).toBe('fixed');
  });
});

describe('policy validation', () => {
  const tiers = [{ id: 't1', base: 5000, currency: 'EUR' }];
  const tier = {
    tierId: 't1',
    floor: { amount: 4000, currency: 'EUR' },
    cap: { amount: 9000, currency: 'EUR' },
    maxStepPercent: 10,
    maxChangesPerHour: 4,
  };
  const problems = (over: Partial<typeof tier>, extra: object = {}) =>
    pricingPolicyProblems({ mode: 'demand', tiers: [{ ...tier, ...over }], signals: ['sellThrough'], ...extra }, tiers).map((p) => p.field);

  it.each([
    [{}, []],
    [{ floor: { amount: 5001, currency: 'EUR' } }, ['body/tiers/0/floor/amount']],
    [{ cap: { amount: 4999, currency: 'EUR' } }, ['body/tiers/0/cap/amount']],
    [{ cap: { amount: 9000, currency: 'USD' } }, ['body/tiers/0/cap/currency']],
    [{ maxStepPercent: 0 }, ['body/tiers/0/maxStepPercent']],
    [{ maxStepPercent: 51 }, ['body/tiers/0/maxStepPercent']],
    [{ maxChangesPerHour: 0 }, ['body/tiers/0/maxChangesPerHour']],
    [{ maxChangesPerHour: 61 }, ['body/tiers/0/maxChangesPerHour']],
    [{ tierId: 'other' }, ['body/tiers/0/tierId']],
  ])('%j → %j', (over, fields) => {
    expect(problems(over)).toEqual(fields);
  });

  it('needs a signal and a tier to price by demand, and names a tier once', () => {
    expect(problems({}, { signals: [] })).toEqual(['body/signals']);
    expect(pricingPolicyProblems({ mode: 'demand', tiers: [], signals: ['velocity'] }, tiers).map((p) => p.field)).toEqual(['body/tiers']);
    expect(pricingPolicyProblems({ mode: 'demand', tiers: [tier, tier], signals: ['velocity'] }, tiers).map((p) => p.field)).toEqual([
      'body/tiers/1/tierId',
    ]);
  });
});

// Arbitrary bounds with floor ≤ base ≤ cap, a current price within them, and consistent demand signals.
const boundsArb = fc
  .record({
    floor: fc.integer({ min: 100, max: 100_000 }),
    up: fc.integer({ min: 0, max: 100_000 }),
    over: fc.integer({ min: 0, max: 100_000 }),
    maxStepPercent: fc.integer({ min: 1, max: 50 }),
    maxChangesPerHour: fc.integer({ min: 1, max: 60 }),
  })
  .map(({ floor, up, over, maxStepPercent, maxChangesPerHour }) => ({
    base: floor + up,
    floor,
    cap: floor + up + over,
    maxStepPercent,
    maxChangesPerHour,
  }));
const withCurrent = boundsArb.chain((b) => fc.tuple(fc.constant(b), fc.integer({ min: b.floor, max: b.cap })));
const signalsArb = fc
  .record({
    total: fc.integer({ min: 1, max: 60_000 }),
    soldShare: fc.double({ min: 0, max: 1, noNaN: true }),
    heldShare: fc.double({ min: 0, max: 1, noNaN: true }),
    velocityPerHour: fc.double({ min: 0, max: 10_000, noNaN: true }),
    queueLength: fc.integer({ min: 0, max: 1_000_000 }),
    admittedPerMinute: fc.integer({ min: 0, max: 10_000 }),
    hoursToEvent: fc.double({ min: 0, max: 5000, noNaN: true }),
    hoursOnSale: fc.double({ min: 0, max: 5000, noNaN: true }),
  })
  .map(({ total, soldShare, heldShare, ...rest }): DemandSignals => {
    const sold = Math.floor(total * soldShare);
    return { total, sold, held: Math.floor((total - sold) * heldShare), ...rest };
  });
const enabledArb = fc.subarray([...pricingSignals]);

describe('pricing engine (properties)', () => {
  it('never leaves [floor, cap] and never moves more than the step', () => {
    fc.assert(
      fc.property(withCurrent, signalsArb, enabledArb, ([b, current], s, enabled) => {
        const d = nextPrice({ bounds: b, current, signals: s, enabled, now, lastChangeAt: null });
        expect(d.price).toBeGreaterThanOrEqual(b.floor);
        expect(d.price).toBeLessThanOrEqual(b.cap);
        expect(Math.abs(d.price - current)).toBeLessThanOrEqual((current * b.maxStepPercent) / 100);
        expect(Number.isInteger(d.price)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('is monotone in demand: more sold, held, velocity, queue or admissions never lowers the price', () => {
    const more = fc.record({
      sold: fc.double({ min: 0, max: 1, noNaN: true }),
      held: fc.double({ min: 0, max: 1, noNaN: true }),
      velocity: fc.double({ min: 0, max: 1000, noNaN: true }),
      queue: fc.integer({ min: 0, max: 100_000 }),
      admitted: fc.integer({ min: 0, max: 1000 }),
    });
    fc.assert(
      fc.property(withCurrent, signalsArb, more, enabledArb, ([b, current], lo, m, enabled) => {
        const free = lo.total - lo.sold - lo.held;
        const addSold = Math.floor(free * m.sold);
        const addHeld = Math.floor((free - addSold) * m.held);
        const hi: DemandSignals = {
          ...lo,
          sold: lo.sold + addSold,
          held: lo.held + addHeld,
          velocityPerHour: lo.velocityPerHour + m.velocity,
          queueLength: lo.queueLength + m.queue,
          admittedPerMinute: lo.admittedPerMinute + m.admitted,
        };
        const at = (signals: DemandSignals) => nextPrice({ bounds: b, current, signals, enabled, now, lastChangeAt: null }).price;
        expect(at(hi)).toBeGreaterThanOrEqual(at(lo));
      }),
      { numRuns: 2000 },
    );
  });

  it('changes at most maxChangesPerHour times in any hour', () => {
    const tick = fc.record({ afterSeconds: fc.integer({ min: 1, max: 900 }), s: signalsArb });
    fc.assert(
      fc.property(withCurrent, fc.array(tick, { minLength: 1, maxLength: 200 }), ([b, start], ticks) => {
        let current = start;
        let lastChangeAt: Date | null = null;
        let t = now.getTime();
        const changes: number[] = [];
        for (const { afterSeconds, s } of ticks) {
          t += afterSeconds * 1000;
          const d = nextPrice({ bounds: b, current, signals: s, enabled: pricingSignals, now: new Date(t), lastChangeAt });
          if (d.price !== current) {
            changes.push(t);
            lastChangeAt = new Date(t);
            current = d.price;
          }
        }
        for (const from of changes) {
          expect(changes.filter((c) => c >= from && c < from + 3_600_000).length).toBeLessThanOrEqual(b.maxChangesPerHour);
        }
      }),
      { numRuns: 500 },
    );
  });
});
