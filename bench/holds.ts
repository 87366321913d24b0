import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.js';
import { createDeps } from '../src/context.js';
import { systemClock } from '../src/domain/clock.js';
import { createLogger } from '../src/logger.js';
import { migrate, openDatabase } from '../src/runtime.js';
import { defaultLayout, holdsRatio, holdsTable, runHoldsBench, type HoldsBenchResult } from './holds-bench.js';
import { updateDocSection, writeJson } from './lib/results.js';

/**
 * npm run bench:holds -- [--requests 10000] [--clients 50] [--quantity 2]
 *
 * Holds per second on a fresh 50,000-seat event, through the API and through
 * the same SQL over plain `pg`, both on a pool of 20 (see holds-bench.ts).
 * DATABASE_URL, or an embedded server in ./data/bench.
 */
const POOL = 20;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      requests: { type: 'string', default: '10000' },
      clients: { type: 'string', default: '50' },
      quantity: { type: 'string', default: '2' },
    },
  });
  const requests = Number(values.requests);
  const clients = Number(values.clients);
  const quantity = Number(values.quantity);
  if (![requests, clients, quantity].every((n) => Number.isInteger(n) && n > 0))
    throw new Error('--requests, --clients and --quantity must be positive integers');
  if (requests * quantity > defaultLayout.sections * defaultLayout.rows * defaultLayout.seatsPerRow)
    throw new Error('More seats requested than the event has');

  const config = loadConfig({
    ...process.env,
    BOXOFFICE_DATA_DIR: process.env.BOXOFFICE_DATA_DIR ?? './data/bench',
    LOG_LEVEL: 'warn',
    DEMO_SEED: 'false',
  });
  const logger = createLogger('warn');
  const database = await openDatabase(config, logger, { poolSize: POOL });
  try {
    await migrate(database.db, logger);
    const deps = createDeps({ config, db: database.db, clock: systemClock, logger });
    const result = await runHoldsBench(deps, {
      databaseUrl: database.url,
      requests,
      clients,
      quantity,
      pool: POOL,
      log: (l) => console.log(l),
    });
    const ratio = holdsRatio(result);
    console.log(
      `\nHolds of ${quantity} best-available seats, ${result.seats.toLocaleString('en')}-seat event, ${clients} concurrent clients, pool ${POOL}, ${result.machine.cores} cores\n`,
    );
    console.log(holdsTable(result));
    console.log(
      `\nAPI reaches ${(ratio * 100).toFixed(1)} % of the bare seat-claim ceiling; p99 hold ${result.results[2]!.latencyMs.p99} ms.`,
    );
    console.log(
      `\nCandidate query plan on the fresh event:\n${result.plans.fresh}\n\nAfter ${result.results[2]!.ok} holds:\n${result.plans.afterHolds}`,
    );

    const command = `npm run bench:holds -- --requests ${requests} --clients ${clients} --quantity ${quantity}`;
    const source = config.databaseUrl ? 'DATABASE_URL' : 'embedded';
    // Same fields, same order as before the split; the event ids are only for audits.
    const { eventIds: _eventIds, date, ...figures } = result;
    await writeJson(path.resolve('bench/results/holds.json'), { date, command, database: source, ...figures });
    await updateDocSection(path.resolve('docs/performance.md'), 'holds', docSection(result, command, source, ratio));
    console.log('\nWrote bench/results/holds.json and the holds section of docs/performance.md');
    if (!result.invariantsOk) process.exitCode = 1;
  } finally {
    await database.close();
  }
}

function docSection(result: HoldsBenchResult, command: string, database: string, ratio: number): string {
  return `## Holds (\`POST /api/v1/events/:id/holds\`, best available)

Measured ${result.date.slice(0, 10)} with \`${command}\` on ${result.machine.cores} cores (${result.machine.cpu}), Node ${result.machine.node},
${database} PostgreSQL, load average ${result.machine.loadAverage} at the start (2 cores shared with other work: the ratios of
one run matter more than the absolutes). One fresh ${result.seats.toLocaleString('en')}-seat event per path (4 sections of 50 × 250).
The **ceiling** is the physical limit: the bare seat claim \`UPDATE event_seats SET status = 'held' … WHERE … AND status = 'available'\`
of ${result.quantity} specific seats in autocommit through \`pg\` — no hold row, no prices, no booking rule. Then our whole hold
statement as the API sends it (\`place_hold_headed\`, one round trip: sale state, one booking per user, limit, best-available claim, price lock, hold row, the reply's heading) through
\`pg\`, then the API (\`POST /api/v1/events/:id/holds\`, best available, auth, validation, JSON), each request a different user holding
${result.quantity} seats, ${result.clients} concurrent loops, pool ${result.pool} on every path. Load generator and API share one Node process.

${holdsTable(result, true)}

The API reaches **${(ratio * 100).toFixed(1)} %** of the ceiling (target ≥ 30 %); p99 hold ${result.results[2]!.latencyMs.p99} ms
(target < 250 ms). \`invariants ok: ${result.invariantsOk}\`.`;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
