import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.js';
import { createDeps } from '../src/context.js';
import { systemClock } from '../src/domain/clock.js';
import { createLogger } from '../src/logger.js';
import { migrate, openDatabase } from '../src/runtime.js';
import { machine, updateDocSection, writeJson } from './lib/results.js';
import { formatTable } from './lib/table.js';
import { runQueueBench, type QueueBenchResult } from './queue-bench.js';

/**
 * npm run bench:queue -- [--joins 20000] [--concurrency 200] [--status-seconds 10]
 *
 * Joins/s and status reads/s of the waiting room over real HTTP (127.0.0.1,
 * keep-alive), beside the raw KvStore rate for the same operations and a bare
 * node:http server answering the same status bytes; then the capacity
 * estimate for 10 million fans in docs/capacity.md. DATABASE_URL or an
 * embedded server in ./data/bench-queue; REDIS_URL or the in-process store.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      joins: { type: 'string', default: '20000' },
      concurrency: { type: 'string', default: '200' },
      'status-seconds': { type: 'string', default: '10' },
    },
  });
  const joins = Number(values.joins);
  const concurrency = Number(values.concurrency);
  const statusSeconds = Number(values['status-seconds']);
  if (![joins, concurrency, statusSeconds].every((n) => Number.isInteger(n) && n > 0))
    throw new Error('--joins, --concurrency and --status-seconds must be positive integers');
  const config = loadConfig({
    ...process.env,
    BOXOFFICE_DATA_DIR: process.env.BOXOFFICE_DATA_DIR ?? './data/bench-queue',
    LOG_LEVEL: 'warn',
    DEMO_SEED: 'false',
  });
  const logger = createLogger('warn');
  const database = await openDatabase(config, logger, { poolSize: 20 });
  const deps = createDeps({ config, db: database.db, clock: systemClock, logger, keyPrefix: `bench:queue:${Date.now().toString(36)}:` });
  try {
    await migrate(database.db, logger);
    console.log(
      `PostgreSQL: ${config.databaseUrl ? 'DATABASE_URL' : 'embedded'}; waiting-room store: ${deps.kv.kind === 'redis' ? 'Redis (REDIS_URL)' : 'in-process (no REDIS_URL)'}`,
    );
    const result = await runQueueBench(deps, { joins, concurrency, statusSeconds, log: (l) => console.log(l) });
    const command = `npm run bench:queue -- --joins ${joins} --concurrency ${concurrency} --status-seconds ${statusSeconds}`;
    const m = machine();
    const estimate = capacityEstimate(result, holdsCeiling());
    console.log(`\n${rateTable(result, false)}\n\n${estimateTable(estimate, false)}`);
    const out = {
      date: new Date().toISOString(),
      command,
      database: config.databaseUrl ? 'DATABASE_URL' : 'embedded',
      machine: m,
      ...result,
      joinToStoreRatio: ratio(result.joins, result.rawStoreJoins),
      statusToBareRatio: ratio(result.status, result.bareStatus),
      estimate,
    };
    await writeJson(path.resolve('bench/results/queue.json'), out);
    const header = `Measured ${out.date.slice(0, 10)} with \`${command}\` on ${m.cores} cores (${m.cpu}), Node ${m.node}, store: ${result.store}.
Load generator and API share the one machine (and one Node process), ${concurrency} concurrent keep-alive connections on 127.0.0.1.`;
    await updateDocSection(
      path.resolve('docs/performance.md'),
      'queue',
      `## Waiting room (\`bench:queue\`)\n\n${header}\n\n${rateTable(result, true)}\n\nJoins reach ${pct(out.joinToStoreRatio)} of the raw store rate for the same operations; status reads reach ${pct(out.statusToBareRatio)} of a bare node:http server answering the same bytes.`,
    );
    await updateDocSection(
      path.resolve('docs/capacity.md'),
      'queue',
      `### Measured inputs (rewritten by \`bench:queue\`)\n\n${header}\n\n${rateTable(result, true)}\n\n### Derived estimate for 10 million fans\n\n${estimateTable(estimate, true)}`,
    );
    console.log('\nWrote bench/results/queue.json, the queue section of docs/performance.md and the measured section of docs/capacity.md');
  } finally {
    await deps.kv.close().catch(() => undefined);
    await database.close();
  }
}

const ratio = (a: { perSecond: number }, b: { perSecond: number }): number => Math.round((a.perSecond / b.perSecond) * 1000) / 1000;
const pct = (x: number): string => `${Math.round(x * 100)} %`;

function rateTable(r: QueueBenchResult, md: boolean): string {
  const rows = [r.joins, r.rawStoreJoins, r.rawStoreIncr, r.status, r.bareStatus];
  return formatTable(
    ['path', 'requests', 'per second', 'p50 ms', 'p99 ms', 'errors'],
    rows.map((x) => [x.path, x.requests, Math.round(x.perSecond), x.latencyMs.p50, x.latencyMs.p99, x.errors]),
    md,
  );
}

/** bench:holds' last API figure (same machine), the rate the waiting room meters fans into. */
function holdsCeiling(): number | null {
  const file = path.resolve('bench/results/holds.json');
  if (!existsSync(file)) return null;
  const data = JSON.parse(readFileSync(file, 'utf8')) as { results?: { path: string; holdsPerSecond: number }[] };
  return data.results?.find((x) => x.path.startsWith('HTTP'))?.holdsPerSecond ?? null;
}

export interface CapacityEstimate {
  rows: [string, string][];
}

/**
 * 10 million fans for one event: they arrive within 10 minutes (16,700 joins/s
 * on average; sized for a peak of twice that), wait polling the status every
 * 2 s, and are let into the booking path at the rate it absorbs.
 */
function capacityEstimate(r: QueueBenchResult, holdsPerSecond: number | null): CapacityEstimate {
  const fans = 10_000_000;
  const peakJoins = (fans / 600) * 2;
  const polls = fans / 2;
  const joinInstances = Math.ceil(peakJoins / r.joins.perSecond);
  // Per join: GET, SET NX, INCR, SET (4), plus about 2 for the per-account rate limit.
  const storeOps = peakJoins * 6;
  const originStatusPerSecond = 300; // ~300 CDN PoPs, each refreshing once a second (max-age=1)
  const statusInstancesNoCdn = Math.ceil(polls / r.status.perSecond);
  const seats = 50_000;
  const rows: [string, string][] = [
    ['peak joins/s (10 M in 10 min, ×2 peak)', Math.round(peakJoins).toLocaleString('en')],
    ['measured joins/s per 2-core instance', Math.round(r.joins.perSecond).toLocaleString('en')],
    ['API instances (2 cores) for the join peak', `${joinInstances} (+50 % headroom: ${Math.ceil(joinInstances * 1.5)})`],
    ['store ops/s at the peak (6 per join)', Math.round(storeOps).toLocaleString('en')],
    [
      `measured store ops/s from one client (${r.store})`,
      `${Math.round(r.rawStoreIncr.perSecond).toLocaleString('en')} INCR/s; ${Math.round(r.rawStoreJoins.perSecond * 4).toLocaleString('en')} ops/s in join sequences`,
    ],
    ['status polls/s at the edge (every 2 s)', polls.toLocaleString('en')],
    [
      'status polls/s reaching the origin with the CDN',
      `~${originStatusPerSecond} (${(100 - (originStatusPerSecond / polls) * 100).toFixed(3)} % offloaded)`,
    ],
    ['measured status reads/s per 2-core instance', Math.round(r.status.perSecond).toLocaleString('en')],
    ['instances for status without a CDN', statusInstancesNoCdn.toLocaleString('en')],
    ['booking path (bench:holds, API holds/s)', holdsPerSecond ? Math.round(holdsPerSecond).toLocaleString('en') : 'run bench:holds'],
    [
      `time to let buyers for ${seats.toLocaleString('en')} seats (~2.3 per order) through at that rate`,
      holdsPerSecond ? `${Math.round(seats / 2.3 / holdsPerSecond)} s` : 'n/a',
    ],
  ];
  return { rows };
}

function estimateTable(e: CapacityEstimate, md: boolean): string {
  return formatTable(['quantity', 'value'], e.rows, md);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
