import { createRandom } from '../src/seed/prng.js';
import { nextPrice, velocityPerHour, velocityWindowMinutes } from '../src/domain/pricing/pricing.rules.js';
import { pricingSignals, type TierBounds } from '../src/domain/pricing/pricing.types.js';

/**
 * Demand scenarios replayed through the real engine (src/domain/pricing/pricing.rules.ts).
 * One tier of `seats` places on sale for `saleHours`; every tick (10 minutes)
 * fans arrive at the scenario's rate, each with a willingness to pay drawn
 * around the base price, and buys one ticket when the current price is at
 * most that. The same arrivals (same seed) meet fixed pricing for comparison.
 * Above `queueAbove` arrivals a tick, the surplus waits in a waiting room and
 * is the queue signal.
 */
export interface Scenario {
  name: string;
  description: string;
  /** Fans arriving per hour at hour h of the sale. */
  arrivalsPerHour(h: number, saleHours: number): number;
}

export const scenarios: Scenario[] = [
  {
    name: 'slow-seller',
    description: 'A few fans an hour all the way: the stock would not sell out at the base price',
    arrivalsPerHour: () => 1.2,
  },
  { name: 'steady', description: 'Demand that about matches the stock over the sale', arrivalsPerHour: () => 3.5 },
  {
    name: 'flash-sell-out',
    description: 'A rush at the opening far above the stock, then quiet',
    arrivalsPerHour: (h) => (h < 2 ? 600 : 1),
  },
  {
    name: 'late-surge',
    description: 'Quiet for most of the sale, a surge in the last two days',
    arrivalsPerHour: (h, total) => (h > total - 48 ? 20 : 1),
  },
  { name: 'demand-collapse', description: 'A strong start that collapses after two days', arrivalsPerHour: (h) => (h < 48 ? 12 : 0.3) },
];

export const simulation = {
  seats: 500,
  saleHours: 14 * 24,
  tickMinutes: 10,
  bounds: { base: 5000, floor: 3500, cap: 12_000, maxStepPercent: 10, maxChangesPerHour: 4 } satisfies TierBounds,
  queueAbove: 50,
  seed: 20_261_202,
};

export interface PricePoint {
  hour: number;
  price: number;
  sold: number;
}

export interface SimResult {
  revenue: number;
  sold: number;
  changes: number;
  highestPaid: number;
  series: PricePoint[];
}

function run(scenario: Scenario, dynamic: boolean): SimResult {
  const { seats, saleHours, tickMinutes, bounds, queueAbove } = simulation;
  const random = createRandom(simulation.seed);
  const start = Date.UTC(2030, 0, 1);
  const ticks = (saleHours * 60) / tickMinutes;
  let price = bounds.base;
  let sold = 0;
  let revenue = 0;
  let changes = 0;
  let highestPaid = 0;
  let lastChangeAt: Date | null = null;
  const window: number[] = [];
  const series: PricePoint[] = [];
  let waiting = 0;
  for (let i = 0; i < ticks; i++) {
    const hour = (i * tickMinutes) / 60;
    const now = new Date(start + i * tickMinutes * 60_000);
    const expected = (scenario.arrivalsPerHour(hour, saleHours) * tickMinutes) / 60;
    // Poisson-ish arrivals from the seeded generator: the whole part plus a chance of one more.
    let arrivals = Math.floor(expected) + (random.chance(expected - Math.floor(expected)) ? 1 : 0) + waiting;
    waiting = Math.max(0, arrivals - queueAbove);
    arrivals -= waiting;
    let soldNow = 0;
    for (let f = 0; f < arrivals && sold < seats; f++) {
      // Willingness to pay: 0.6×–2.4× the base price, skewed low.
      const wtp = bounds.base * (0.6 + 1.8 * random.next() ** 2);
      if (wtp >= price) {
        sold++;
        soldNow++;
        revenue += price;
        highestPaid = Math.max(highestPaid, price);
      }
    }
    window.push(soldNow);
    if (window.length > velocityWindowMinutes / tickMinutes) window.shift();
    series.push({ hour, price, sold });
    if (dynamic && sold < seats) {
      const decision = nextPrice({
        bounds,
        current: price,
        signals: {
          total: seats,
          sold,
          held: 0,
          velocityPerHour: velocityPerHour(
            window.reduce((a, b) => a + b, 0),
            window.length * tickMinutes,
          ),
          queueLength: waiting,
          admittedPerMinute: arrivals / tickMinutes,
          hoursToEvent: saleHours - hour,
          hoursOnSale: hour,
        },
        enabled: pricingSignals,
        now,
        lastChangeAt,
      });
      if (decision.price !== price) {
        price = decision.price;
        lastChangeAt = now;
        changes++;
      }
    }
  }
  return { revenue, sold, changes, highestPaid, series };
}

export interface ScenarioReport {
  scenario: Scenario;
  dynamic: SimResult;
  fixed: SimResult;
}

export const simulateAll = (): ScenarioReport[] => scenarios.map((s) => ({ scenario: s, dynamic: run(s, true), fixed: run(s, false) }));

/** Price (line) and cumulative sales (area) over the sale, dynamic against fixed, as a standalone SVG. */
export function plotScenario(r: ScenarioReport): string {
  const { saleHours, seats, bounds } = simulation;
  const W = 640;
  const H = 240;
  const pad = { l: 48, r: 48, t: 24, b: 28 };
  const x = (h: number) => pad.l + (h / saleHours) * (W - pad.l - pad.r);
  const yPrice = (p: number) => pad.t + (1 - (p - bounds.floor * 0.9) / (bounds.cap * 1.05 - bounds.floor * 0.9)) * (H - pad.t - pad.b);
  const ySold = (n: number) => pad.t + (1 - n / seats) * (H - pad.t - pad.b);
  const line = (pts: PricePoint[], y: (p: PricePoint) => number) =>
    pts.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.hour).toFixed(1)},${y(p).toFixed(1)}`).join(' ');
  const every = Math.max(1, Math.floor(r.dynamic.series.length / 400));
  const thin = (s: PricePoint[]) => s.filter((_, i) => i % every === 0 || i === s.length - 1);
  const d = thin(r.dynamic.series);
  const f = thin(r.fixed.series);
  const eur = (m: number) => `€${(m / 100).toFixed(0)}`;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" font-family="sans-serif" font-size="11">
  <title>${r.scenario.name}: price and seats sold over the sale, demand pricing against fixed</title>
  <rect width="${W}" height="${H}" fill="#fff"/>
  <path d="${line(f, (p) => ySold(p.sold))}" fill="none" stroke="#94a3b8" stroke-width="1.5" stroke-dasharray="4 3"/>
  <path d="${line(d, (p) => ySold(p.sold))}" fill="none" stroke="#16a34a" stroke-width="1.5"/>
  <path d="${line(d, (p) => yPrice(p.price))}" fill="none" stroke="#1d4ed8" stroke-width="2"/>
  <line x1="${pad.l}" x2="${W - pad.r}" y1="${yPrice(bounds.base)}" y2="${yPrice(bounds.base)}" stroke="#1d4ed8" stroke-dasharray="2 4"/>
  <line x1="${pad.l}" x2="${W - pad.r}" y1="${H - pad.b}" y2="${H - pad.b}" stroke="#475569"/>
  <text x="${pad.l - 4}" y="${yPrice(bounds.cap) + 4}" text-anchor="end" fill="#1d4ed8">${eur(bounds.cap)}</text>
  <text x="${pad.l - 4}" y="${yPrice(bounds.base) + 4}" text-anchor="end" fill="#1d4ed8">${eur(bounds.base)}</text>
  <text x="${pad.l - 4}" y="${yPrice(bounds.floor) + 4}" text-anchor="end" fill="#1d4ed8">${eur(bounds.floor)}</text>
  <text x="${W - pad.r + 4}" y="${ySold(seats) + 4}" fill="#16a34a">${seats} sold</text>
  <text x="${W - pad.r + 4}" y="${ySold(0) + 4}" fill="#16a34a">0</text>
  <text x="${pad.l}" y="${H - 8}">sale opens</text>
  <text x="${W - pad.r}" y="${H - 8}" text-anchor="end">event (day ${saleHours / 24})</text>
  <text x="${pad.l}" y="14" fill="#1d4ed8">— price (demand)</text>
  <text x="${pad.l + 120}" y="14" fill="#16a34a">— seats sold (demand)</text>
  <text x="${pad.l + 270}" y="14" fill="#64748b">- - seats sold (fixed ${eur(bounds.base)})</text>
</svg>
`;
}
