import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { minSecondsBetweenChanges } from '../src/domain/pricing/pricing.rules.js';
import { formatTable } from './lib/table.js';
import { plotScenario, simulateAll, simulation } from './pricing-sim.js';

/**
 * npm run bench:pricing: the demand scenarios through the real pricing engine,
 * revenue, sell-through, changes and the highest price paid against fixed
 * pricing; writes docs/pricing.md's results and one SVG per scenario under
 * docs/pricing/ (tracked files: only this command writes them, never a test).
 */
const eur = (minor: number): string => `€${(minor / 100).toLocaleString('en-GB', { maximumFractionDigits: 0 })}`;
const pct = (n: number, of: number): string => `${Math.round((n / of) * 100)}%`;

async function main(): Promise<void> {
  const reports = simulateAll();
  const { seats, bounds } = simulation;
  const rows = reports.map((r) => [
    r.scenario.name,
    eur(r.dynamic.revenue),
    eur(r.fixed.revenue),
    `${r.dynamic.revenue >= r.fixed.revenue ? '+' : ''}${(((r.dynamic.revenue - r.fixed.revenue) / Math.max(r.fixed.revenue, 1)) * 100).toFixed(0)}%`,
    pct(r.dynamic.sold, seats),
    pct(r.fixed.sold, seats),
    r.dynamic.changes,
    eur(r.dynamic.highestPaid),
  ]);
  const header = ['scenario', 'revenue', 'fixed', 'Δ', 'sold', 'fixed sold', 'changes', 'highest paid'];
  console.log(formatTable(header, rows));

  const docs = path.resolve('docs');
  await mkdir(path.join(docs, 'pricing'), { recursive: true });
  for (const r of reports) await writeFile(path.join(docs, 'pricing', `${r.scenario.name}.svg`), plotScenario(r));
  const body = `# Dynamic pricing

Popular events can price a tier by demand (issue 10): the organizer sets a floor and a cap around the
tier's base price, the largest step of one change and how many changes an hour are allowed, and which
signals count. The worker recomputes every few seconds when demand moved (seats taken, the waiting room),
and at least once a minute; the engine (\`src/domain/pricing/pricing.rules.ts\`) is pure and property-tested.

## What a fan can rely on

- **All-in and locked at hold.** A tier's price is its current all-in price (tax included, no fees).
  \`place_hold\` copies it into the hold seat by seat in the same statement that takes the seats; a hold and
  its order never change price (\`test/domain/pricing/pricing-race.test.ts\`: a price change racing 200
  holds).
- **Bounded.** Never below the floor or above the cap, never more than \`maxStepPercent\` of the price in one
  change, never two changes closer than \`3600 / maxChangesPerHour\` seconds (manual changes count).
- **Monotone.** More demand (sold, held, sales velocity, people waiting or admitted) never gives a lower price.
- **Kept for a waiting-room turn.** A fan admitted from a waiting room gets the prices on screen at admission
  (\`POST /events/{id}/price-quote\` with the admitted token), kept for the admission window; a hold in that
  time pays at most that (\`place_hold_quoted\`, migration 0014). The event page says so.
- **Visible.** The event page marks demand-priced tiers with their range and updates the price live over
  the seat-map stream; \`GET /events/{id}/prices/history\` lists every change (time, tier, old, new, reason).

## The engine

Demand pressure in [-1, 1] is the sum of (each one an organizer may switch off):
sell-through (sold and, with *holds*, held) against the share of the sale period gone (*timeToEvent*);
sales velocity over the last ${15} minutes projected to the event against the remaining stock, squashed to
±0.5; and people waiting plus admitted in the next ten minutes against the remaining stock (*queue*),
up to +0.6. Positive pressure points at the cap, negative at the floor; the price moves towards that
target by at most one step, rounded to a tidy amount, and not at all for moves under 1 %.

## Organizer

\`PUT /admin/events/{id}/pricing\` sets the policy (field-level 400s: floor ≤ base ≤ cap, the event's
currency, step in (0, 50] %, 1–60 changes an hour); \`POST …/pricing/pause\` pauses or resumes;
\`PUT …/pricing/tiers/{tierId}/price\` sets a price at once and pauses demand pricing. The dashboard and
the event editor plot price and hourly sales per tier and offer all three.

## Simulation (\`npm run bench:pricing\`)

${seats} seats, ${simulation.saleHours / 24} days on sale, ticks of ${simulation.tickMinutes} minutes; base ${eur(bounds.base)},
floor ${eur(bounds.floor)}, cap ${eur(bounds.cap)}, steps of at most ${bounds.maxStepPercent} %, a change at most every
${minSecondsBetweenChanges(bounds.maxChangesPerHour) / 60} minutes. Fans arrive at the scenario's rate, each
willing to pay 0.6–2.4× the base price (skewed low), and buy when the price is at most that; the same
arrivals meet fixed pricing at the base price. Above ${simulation.queueAbove} arrivals a tick the rest wait in
a waiting room. Deterministic (seeded): the same figures on every machine.

${formatTable(header, rows, true)}

Reading it: demand pricing earns more where demand outruns the stock at the opening (flash sell-out: the
price climbs towards the cap while the rush lasts) and sells more where the base price was too high for the
demand (slow seller: the price falls towards the floor). Where the base price was already right (steady,
late surge) or demand fell away after a strong start, it gives up a few per cent against a fixed price that
happened to fit, and its lowered price in a collapse does not bring back fans who are not there. The number
of changes is high because the simulated 15-minute velocity is noisy at a few sales an hour: a lower
\`maxChangesPerHour\` or a wider step buys calm at the cost of reaction.

${reports.map((r) => `### ${r.scenario.name}\n\n${r.scenario.description}.\n\n![${r.scenario.name}: price and sales over the sale](pricing/${r.scenario.name}.svg)\n`).join('\n')}
`;
  await writeFile(path.join(docs, 'pricing.md'), body);
  console.log('\nwrote docs/pricing.md and docs/pricing/*.svg');
}

await main();
