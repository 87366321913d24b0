import { rm } from 'node:fs/promises';
import path from 'node:path';
import { Redis } from 'ioredis';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.js';
import { createDeps } from '../src/context.js';
import { systemClock } from '../src/domain/clock.js';
import { createLogger } from '../src/logger.js';
import { migrate, openDatabase } from '../src/runtime.js';
import { runHoldsBench } from './holds-bench.js';
import { machine, updateDocSection, writeJson } from './lib/results.js';
import { runOnsale } from './onsale-bench.js';
import { barePdfCost } from './onsale-bare-pdf.js';
import { bareHttpCost, floorOf, floorTable, floorText, mailCost, settle } from './onsale-floor.js';
import {
  boundsText,
  ceilingOf,
  ceilingTable,
  docSection,
  funnelTable,
  latencyTable,
  summaryTable,
  type OnsaleOutput,
} from './onsale-report.js';

/**
 * npm run bench:onsale -- [--fans 100000] [--seats-per-row 250] [--rows 50] [--sections 4]
 *   [--active-fans 1000] [--join-concurrency 256] [--ceiling-requests 5000] [--ceiling-clients 200]
 *   [--delivery-processes 1]
 *
 * A flash sale on a 50,000-seat stadium with the waiting room on: fans
 * (accounts written set-based, tokens signed in-process) join in a burst over
 * real HTTP on 127.0.0.1, poll the cacheable status, hold (half pick seats from
 * the availability encoding, half best available) and pay through the
 * simulated provider with a PSP-like delay. Order mails are rendered and sent by
 * `--delivery-processes` worker processes of their own (0: by the in-process
 * worker). Ends with the invariant check, then
 * measures the write path's ceiling in the same run (bench:holds' code on fresh
 * events: holds/s through the API and as raw SQL over `pg`).
 * DATABASE_URL or an embedded server in ./data/bench-onsale; REDIS_URL or the
 * in-process store.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      fans: { type: 'string', default: '100000' },
      sections: { type: 'string', default: '4' },
      rows: { type: 'string', default: '50' },
      'seats-per-row': { type: 'string', default: '250' },
      'active-fans': { type: 'string', default: '1000' },
      'join-concurrency': { type: 'string', default: '256' },
      'max-seconds': { type: 'string', default: '900' },
      'ceiling-requests': { type: 'string', default: '5000' },
      'ceiling-clients': { type: 'string', default: '200' },
      'delivery-processes': { type: 'string', default: '1' },
    },
  });
  const n = (k: keyof typeof values): number => {
    const v = Number(values[k]);
    if (!Number.isInteger(v) || v < 1) throw new Error(`--${k} must be a positive integer`);
    return v;
  };
  const config = loadConfig({
    ...process.env,
    BOXOFFICE_DATA_DIR: process.env.BOXOFFICE_DATA_DIR ?? './data/bench-onsale',
    LOG_LEVEL: 'warn',
    DEMO_SEED: 'false',
  });
  const logger = createLogger('warn');
  const database = await openDatabase(config, logger, { poolSize: 20 });
  const keyPrefix = `bench:onsale:${Date.now().toString(36)}:`;
  const deps = createDeps({ config, db: database.db, clock: systemClock, logger, keyPrefix });
  const deliveryProcesses = Number(values['delivery-processes']);
  if (!Number.isInteger(deliveryProcesses) || deliveryProcesses < 0) throw new Error('--delivery-processes must be 0 or more');
  try {
    await migrate(database.db, logger);
    console.log(
      `PostgreSQL: ${config.databaseUrl ? 'DATABASE_URL' : 'embedded (./data/bench-onsale)'}; waiting-room store: ${deps.kv.kind === 'redis' ? 'Redis (REDIS_URL)' : 'in-process (no REDIS_URL)'}`,
    );
    const result = await runOnsale(deps, {
      fans: n('fans'),
      sections: n('sections'),
      rows: n('rows'),
      seatsPerRow: n('seats-per-row'),
      preOpenShare: 0.3,
      joinConcurrency: n('join-concurrency'),
      activeFans: n('active-fans'),
      pollMs: 1000,
      paymentDelayMs: [200, 600],
      thinkMs: [500, 2000],
      maxSeconds: n('max-seconds'),
      workerIntervalMs: 500,
      delivery: { processes: deliveryProcesses, databaseUrl: database.url, keyPrefix, config },
      log: (l) => console.log(l),
    });
    console.log(`\n${summaryTable(result, false)}\n\n${latencyTable(result, false)}\n\n${result.invariantReport}`);
    console.log('\nCeiling of the write path, same run (bench:holds on fresh events), once the machine is quiet…');
    await settle();
    const holds = await runHoldsBench(deps, {
      databaseUrl: database.url,
      requests: n('ceiling-requests'),
      clients: n('ceiling-clients'),
      quantity: 2,
      pool: 20,
      log: (l) => console.log(l),
    });
    console.log("\nThe physical floor, same run: bare node:http replies and this sale's mails rendered again…");
    const http = await bareHttpCost(20_000, n('ceiling-clients'));
    const busy = await settle();
    if (busy > 0.1) console.log(`(the machine stayed ${(busy * 100).toFixed(0)} % busy without us: the mails' cost below includes that)`);
    const mail = await mailCost(deps, result.eventId, 200);
    const barePdfCpuMs = await barePdfCost(200, result.audit.seatsSold / Math.max(result.orders, 1));
    const floor = floorOf(result, holds, http, { ...mail, barePdfCpuMs });
    const ceiling = ceilingOf(result, holds);
    const command = `npm run bench:onsale -- --fans ${result.fans}`;
    const out: OnsaleOutput = {
      date: new Date().toISOString(),
      command,
      database: config.databaseUrl ? 'DATABASE_URL' : 'embedded',
      machine: machine(),
      ...result,
      ceiling,
      floor,
    };
    console.log(`\n${ceilingTable(result, ceiling, false)}\n\n${floorTable(floor, false)}\n\n${floorText(floor)}`);
    console.log(`\n${funnelTable(result, false)}\n\n${boundsText(out)}`);
    await writeJson(path.resolve('bench/results/onsale.json'), out);
    await updateDocSection(path.resolve('docs/performance.md'), 'onsale', docSection(out));
    console.log('\nWrote bench/results/onsale.json and the onsale section of docs/performance.md');
    if (!result.invariantsOk || !holds.invariantsOk) process.exitCode = 1;
  } finally {
    // The file mailer's copies of this run's mails (about 35 KB each with their PDFs) in the bench's own data directory:
    // a run must not fill the disk.
    if (!config.smtpUrl && process.env.BOXOFFICE_DATA_DIR === undefined)
      await rm(path.join(config.dataDir, 'mail'), { recursive: true, force: true });
    await forgetBenchKeys(config.redisUrl, keyPrefix).catch((e: unknown) =>
      console.error('could not delete the bench keys from Redis:', e),
    );
    await deps.kv.close().catch(() => undefined);
    await database.close();
  }
}

/**
 * Deletes this run's keys (its waiting room holds one per fan, 130,000 for --fans 100000) from a shared Redis. Left
 * behind, five runs put 600,000 keys in the Redis the tests use, and a test's KEYS command then timed out.
 */
async function forgetBenchKeys(redisUrl: string | undefined, prefix: string): Promise<void> {
  if (!redisUrl) return;
  // A connection of its own: the app's closed with the app.
  const redis = new Redis(redisUrl);
  try {
    for await (const keys of redis.scanStream({ match: `${prefix}*`, count: 1000 }) as AsyncIterable<string[]>)
      if (keys.length > 0) await redis.unlink(...keys);
  } finally {
    redis.disconnect();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
