import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.js';
import { createDeps } from '../src/context.js';
import { systemClock } from '../src/domain/clock.js';
import { createLogger } from '../src/logger.js';
import { migrate, openDatabase } from '../src/runtime.js';
import { updateDocSection, writeJson } from './lib/results.js';
import { readsTable, runReadsBench, type ReadsBenchResult } from './reads-bench.js';

/**
 * npm run bench:reads -- [--seconds 10] [--connections 50]
 * DATABASE_URL (and REDIS_URL for the shared cache), or an embedded server in ./data/bench.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { seconds: { type: 'string', default: '10' }, connections: { type: 'string', default: '50' } } });
  const seconds = Number(values.seconds);
  const connections = Number(values.connections);
  if (![seconds, connections].every((n) => Number.isInteger(n) && n > 0))
    throw new Error('--seconds and --connections must be positive integers');

  const config = loadConfig({
    ...process.env,
    BOXOFFICE_DATA_DIR: process.env.BOXOFFICE_DATA_DIR ?? './data/bench',
    LOG_LEVEL: 'warn',
    DEMO_SEED: 'false',
    RUN_WORKER: 'false',
  });
  const logger = createLogger('warn');
  const database = await openDatabase(config, logger, { poolSize: 20 });
  const deps = createDeps({ config, db: database.db, clock: systemClock, logger });
  try {
    await migrate(database.db, logger);
    const result = await runReadsBench(deps, { seconds, connections, log: (l) => console.log(l) });
    const cache = config.redisUrl ? 'Redis' : 'in-process';
    console.log(
      `\nReads of a ${result.seats.toLocaleString('en')}-seat event, ${connections} connections, ${seconds} s each, ${result.cores} cores, cache ${cache}\n`,
    );
    console.log(readsTable(result));
    const command = `npm run bench:reads -- --seconds ${seconds} --connections ${connections}`;
    await writeJson(path.resolve('bench/results/reads.json'), {
      ...result,
      command,
      cache,
      database: config.databaseUrl ? 'DATABASE_URL' : 'embedded',
    });
    await updateDocSection(path.resolve('docs/performance.md'), 'reads', docSection(result, command, cache));
    console.log('\nWrote bench/results/reads.json and the reads section of docs/performance.md');
  } finally {
    await database.close();
  }
}

function docSection(result: ReadsBenchResult, command: string, cache: string): string {
  const pct = (name: string) => `${Math.round((result.ratios[name] ?? 0) * 100)} %`;
  return `## Reads (\`GET /api/v1/events/:id\`, \`GET /api/v1/events/:id/availability\`)

Measured ${result.date.slice(0, 10)} with \`${command}\` on ${result.cores} cores (${result.machine.cpu}), Node ${result.machine.node},
cache ${cache}. One ${result.seats.toLocaleString('en')}-seat event; autocannon (in a worker thread) with ${result.connections} connections for ${result.seconds} s
per row, servers in the same process. The ceiling is a bare \`node:http\` server answering a constant of the same
size with the same headers, measured in the same run: bare and app alternate in three rounds (throughput is the mean,
latency the worst round), so load from elsewhere on the machine falls on both.

${readsTable(result, true)}

The app reaches ${pct('event detail')} of the bare server on event detail and ${pct('availability')} on availability (target ≥ 50 %).
The "app" rows run without a request log. **Request logging** (issue 9, item 7), event detail with a real logger (pino at
\`info\` as \`serve\` runs it, into /dev/null), same rounds, same bare server: ${Object.entries(result.logRatios)
    .map(([label, r]) => `${label.replace(/^app, /, '')}: ${Math.round(r * 100)} % of bare`)
    .join('; ')}. At the default sampling the log costs what the difference to the "app" row shows; one line for
every request (what Fastify's two lines were, halved) is what the default avoids.
Availability stays compact: ${result.availabilityBytes.seatData.toLocaleString('en')} bytes of seat data (2 bits per seat), ${result.availabilityBytes.json.toLocaleString('en')} bytes of JSON.

How: hits are ready-to-send representations (JSON text + ETag) — no query, no serialization, no hashing per request.
Detail, listings and seat maps live in the shared cache (Redis with \`REDIS_URL\`) and are dropped by the outbox
handler when the catalogue changes the event (listings through a generation number in their key); availability is
kept one second per instance, concurrent misses sharing one query. Concurrent reads of one key on an instance share one
Redis round trip too (the cache's single-flight), which is why Redis costs little here. \`Cache-Control\`: detail and listings
\`public, max-age=5, stale-while-revalidate=30\`, seat map \`public, max-age=3600, stale-while-revalidate=86400\`,
availability \`public, max-age=1\`; every one answers \`If-None-Match\` with 304.

Bounds: a catalogue change shows once the worker delivers its outbox row (about a second); a read that loaded the old
row just before the change and stored it just after can keep it until its TTL (30 s for detail and listings). Seat
counts in detail and listings (\`seatsAvailable\`, \`sold_out\`) follow the worker's refresh and the TTL; the live
truth is availability, at most a second old. A cached sale status never outlives the next sale boundary. Without
Redis each process has its own cache and only the worker's process sees invalidations, so run several API instances
with \`REDIS_URL\`. A cache that fails (Redis away) is a miss: reads go to PostgreSQL (test/http/catalogue-cache.test.ts).`;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
