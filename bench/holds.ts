import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { loadConfig } from '../src/config.js';
import { createDeps, type Deps } from '../src/context.js';
import { systemClock } from '../src/domain/clock.js';
import { createEvent } from '../src/domain/catalogue/create-event.js';
import { createVenue } from '../src/domain/catalogue/create-venue.js';
import { publishEvent } from '../src/domain/catalogue/publish-event.js';
import { candidateCount, chooseSeats } from '../src/domain/holds/holds.rules.js';
import { formatReport, verifyInvariants } from '../src/domain/invariants/verify-invariants.js';
import { buildApp } from '../src/http/app.js';
import { createLogger } from '../src/logger.js';
import { migrate, openDatabase } from '../src/runtime.js';
import { machine, updateDocSection, writeJson } from './lib/results.js';
import { summarise, type Summary } from './lib/stats.js';
import { formatTable } from './lib/table.js';

/**
 * npm run bench:holds -- [--requests 10000] [--clients 200] [--quantity 2]
 *
 * Holds per second on a fresh 50,000-seat event: best-available requests from
 * `clients` concurrent HTTP clients through the whole API (auth, validation,
 * use case, JSON), next to the same SQL transaction sent straight through `pg`
 * by as many concurrent loops over a pool of the same size (20) — how close
 * the API path gets to the database's own ceiling. DATABASE_URL, or an
 * embedded server in ./data/bench.
 */
const POOL = 20;
const SECTIONS = 4;
const ROWS = 50;
const SEATS_PER_ROW = 250;

interface PhaseResult {
  path: string;
  requests: number;
  ok: number;
  conflicts: number;
  errors: number;
  seconds: number;
  holdsPerSecond: number;
  latencyMs: Summary;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { requests: { type: 'string', default: '10000' }, clients: { type: 'string', default: '200' }, quantity: { type: 'string', default: '2' } },
  });
  const requests = Number(values.requests);
  const clients = Number(values.clients);
  const quantity = Number(values.quantity);
  if (![requests, clients, quantity].every((n) => Number.isInteger(n) && n > 0)) throw new Error('--requests, --clients and --quantity must be positive integers');
  if (requests * quantity > SECTIONS * ROWS * SEATS_PER_ROW) throw new Error('More seats requested than the event has');

  const config = loadConfig({ ...process.env, BOXOFFICE_DATA_DIR: process.env.BOXOFFICE_DATA_DIR ?? './data/bench', LOG_LEVEL: 'warn', DEMO_SEED: 'false' });
  const logger = createLogger('warn');
  const database = await openDatabase(config, logger, { poolSize: POOL });
  const raw = new pg.Pool({ connectionString: database.url, max: POOL });
  try {
    await migrate(database.db, logger);
    const deps = createDeps({ config, db: database.db, clock: systemClock, logger });
    console.log(`Creating two ${(SECTIONS * ROWS * SEATS_PER_ROW).toLocaleString('en')}-seat events and ${(2 * requests).toLocaleString('en')} users…`);
    const apiEvent = await bigEvent(deps);
    const sqlEvent = await bigEvent(deps);
    const apiUsers = await bulkUsers(deps, requests);
    const sqlUsers = await bulkUsers(deps, requests);
    const tokens = await Promise.all(apiUsers.map((id) => deps.tokens.issue({ userId: id, roles: ['customer'] })));
    await sql`analyze event_seats`.execute(deps.db);
    const planBefore = await explainCandidates(raw, apiEvent.eventId, apiEvent.sectionIds[0]!, quantity);

    console.log(`Raw pg loop: ${requests} hold transactions, ${clients} concurrent loops, pool ${POOL}…`);
    const sqlResult = await runPhase('same SQL via pg (raw loop)', requests, clients, (i) => rawHold(raw, sqlEvent, sqlUsers[i]!, i, quantity));

    const app = await buildApp(deps);
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    console.log(`HTTP API: ${requests} POST /events/:id/holds, ${clients} concurrent clients…`);
    const apiResult = await runPhase('HTTP API (POST /events/:id/holds)', requests, clients, async (i) => {
      const res = await fetch(`${base}/api/v1/events/${apiEvent.eventId}/holds`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[i]}` },
        body: JSON.stringify({ sectionId: apiEvent.sectionIds[i % SECTIONS], quantity }),
      });
      await res.arrayBuffer();
      return res.status === 201 ? 'ok' : res.status === 409 ? 'conflict' : 'error';
    });
    await app.close();

    await sql`analyze event_seats`.execute(deps.db);
    const planAfter = await explainCandidates(raw, apiEvent.eventId, apiEvent.sectionIds[0]!, quantity);
    const report = await verifyInvariants(deps.db, deps.clock.now(), { eventIds: [apiEvent.eventId, sqlEvent.eventId] });
    console.log(formatReport(report));

    const rows = [sqlResult, apiResult];
    const table = (md: boolean) =>
      formatTable(
        ['path', 'requests', 'held', '409', 'errors', 'seconds', 'holds/s', 'p50 ms', 'p95 ms', 'p99 ms'],
        rows.map((r) => [r.path, r.requests, r.ok, r.conflicts, r.errors, r.seconds.toFixed(2), Math.round(r.holdsPerSecond), r.latencyMs.p50, r.latencyMs.p95, r.latencyMs.p99]),
        md,
      );
    const ratio = apiResult.holdsPerSecond / sqlResult.holdsPerSecond;
    console.log(`\nHolds of ${quantity} best-available seats, ${(SECTIONS * ROWS * SEATS_PER_ROW).toLocaleString('en')}-seat event, ${clients} concurrent clients, pool ${POOL}, ${machine().cores} cores\n`);
    console.log(table(false));
    console.log(`\nAPI reaches ${(ratio * 100).toFixed(0)} % of the raw SQL throughput.`);
    console.log(`\nCandidate query plan on the fresh event:\n${planBefore}\n\nAfter ${apiResult.ok} holds:\n${planAfter}`);

    const command = `npm run bench:holds -- --requests ${requests} --clients ${clients} --quantity ${quantity}`;
    const result = {
      date: new Date().toISOString(),
      command,
      database: config.databaseUrl ? 'DATABASE_URL' : 'embedded',
      machine: machine(),
      seats: SECTIONS * ROWS * SEATS_PER_ROW,
      clients,
      pool: POOL,
      quantity,
      results: rows,
      apiToSqlRatio: Math.round(ratio * 1000) / 1000,
      plans: { fresh: planBefore, afterHolds: planAfter },
      invariantsOk: report.ok,
    };
    await writeJson(path.resolve('bench/results/holds.json'), result);
    await updateDocSection(
      path.resolve('docs/performance.md'),
      'holds',
      `## Holds (\`POST /api/v1/events/:id/holds\`, best available)

Measured ${result.date.slice(0, 10)} with \`${command}\` on ${result.machine.cores} cores (${result.machine.cpu}), Node ${result.machine.node},
${result.database} PostgreSQL. One fresh ${result.seats.toLocaleString('en')}-seat event per path (4 sections of 50 × 250), each request
a different user holding ${quantity} seats. The baseline sends the same transaction (retire expired, insert hold, SKIP LOCKED
candidates, mark held, lock prices, flag inventory) straight through \`pg\` with as many concurrent loops over the same pool size
(${POOL}). Load generator and API share one Node process.

${table(true)}

The API reaches ${(ratio * 100).toFixed(0)} % of the raw SQL throughput. \`invariants ok: ${report.ok}\`.`,
    );
    console.log('\nWrote bench/results/holds.json and the holds section of docs/performance.md');
    if (!report.ok) process.exitCode = 1;
  } finally {
    await raw.end();
    await database.close();
  }
}

async function runPhase(name: string, requests: number, clients: number, one: (i: number) => Promise<'ok' | 'conflict' | 'error'>): Promise<PhaseResult> {
  let next = 0;
  const counts = { ok: 0, conflict: 0, error: 0 };
  const latencies: number[] = [];
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (let i = next++; i < requests; i = next++) {
        const t0 = process.hrtime.bigint();
        const outcome = await one(i).catch(() => 'error' as const);
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
        counts[outcome]++;
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { path: name, requests, ok: counts.ok, conflicts: counts.conflict, errors: counts.error, seconds, holdsPerSecond: counts.ok / seconds, latencyMs: summarise(latencies) };
}

interface BigEvent {
  eventId: string;
  sectionIds: string[];
}

async function bigEvent(deps: Deps): Promise<BigEvent> {
  const organizer = await deps.db.insertInto('users').values({ email_hash: null, email_cipher: null, name_cipher: null, password_hash: null, roles: ['organizer'] }).returning('id').executeTakeFirstOrThrow();
  const actor = { userId: organizer.id, roles: ['organizer' as const] };
  const rowLabels = Array.from({ length: ROWS }, (_, i) => `R${i + 1}`);
  const venue = await createVenue(deps, actor, {
    name: `Bench Arena ${Date.now()}`,
    city: 'Benchville',
    address: '1 Load Street',
    timezone: 'UTC',
    sections: Array.from({ length: SECTIONS }, (_, s) => ({ name: `Block ${s + 1}`, kind: 'seated' as const, rows: rowLabels.map((label) => ({ label, seats: SEATS_PER_ROW })) })),
  });
  const event = await createEvent(deps, actor, {
    title: `Bench on-sale ${Date.now()}`,
    description: 'Holds benchmark',
    category: 'concert',
    venueId: venue.id,
    startsAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    performers: ['The Benchmarks'],
    priceTiers: [{ name: 'All', price: { amount: 5000, currency: 'EUR' }, sectionIds: venue.sections.map((s) => s.id) }],
    perUserLimit: 10,
  });
  await publishEvent(deps, actor, event.id);
  return { eventId: event.id, sectionIds: venue.sections.map((s) => s.id) };
}

async function bulkUsers(deps: Deps, n: number): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`insert into users (roles) select '{customer}' from generate_series(1, ${n}) returning id`.execute(deps.db);
  return rows.map((r) => r.id);
}

/**
 * The statements src/domain/holds/hold-seats.ts sends for a best-available hold
 * (event look-up, then the transaction including the reply's seat details),
 * one for one, without Fastify, Kysely or JSON.
 */
async function rawHold(pool: pg.Pool, ev: BigEvent, userId: string, i: number, quantity: number): Promise<'ok' | 'conflict' | 'error'> {
  const now = new Date();
  const sectionId = ev.sectionIds[i % SECTIONS]!;
  const event = await pool.query(
    `select e.id, e.status, e.starts_at, e.sale_starts_at, e.sale_ends_at, e.per_user_limit, e.hold_seconds, e.cancellation_cutoff_hours,
            e.inventory_ready, e.queue, e.title, e.venue_name, s.kind as section_kind
       from events e left join event_sections es on es.event_id = e.id and es.section_id = $2 left join sections s on s.id = es.section_id
      where e.id = $1`,
    [ev.eventId, sectionId],
  );
  const expiresAt = new Date(now.getTime() + Number(event.rows[0].hold_seconds) * 1000);
  const client = await pool.connect();
  try {
    await client.query('begin');
    await client.query(`set local lock_timeout = '3s'`);
    await client.query(`update holds set status = 'expired', released_at = $3, release_reason = 'expired' where event_id = $1 and user_id = $2 and status = 'active' and expires_at <= $3 returning id`, [ev.eventId, userId, now]);
    const hold = await client.query<{ id: string }>(`insert into holds (event_id, user_id, expires_at, currency, created_at) values ($1, $2, $3, 'XXX', $4) returning id`, [ev.eventId, userId, expiresAt, now]);
    const holdId = hold.rows[0]!.id;
    const cand = await client.query(
      `with c as (select seat_id, pick_rank from event_seats where event_id = $1 and section_id = $2 and status = 'available' order by pick_rank limit $3 for update skip locked)
       select c.seat_id, c.pick_rank, s.row_index, s.number from c join seats s on s.id = c.seat_id`,
      [ev.eventId, sectionId, candidateCount(quantity)],
    );
    const chosen = chooseSeats(cand.rows, quantity, true);
    if (!chosen) {
      await client.query('rollback');
      return 'conflict';
    }
    const taken = await client.query<{ seat_id: string; price_amount: string; currency: string }>(
      `update event_seats es set status = 'held', hold_id = $2, hold_expires_at = $3, order_id = null from price_tiers pt
        where es.event_id = $1 and es.seat_id = any($4::bigint[]) and pt.id = es.tier_id returning es.seat_id, pt.price_amount, pt.currency`,
      [ev.eventId, holdId, expiresAt, chosen.map((c) => c.seat_id)],
    );
    await client.query(
      `with ins as (insert into hold_seats (hold_id, event_id, seat_id, price_amount)
                    select $1, $2, t.seat_id, t.price from unnest($3::bigint[], $4::bigint[]) as t(seat_id, price) returning price_amount)
       update holds set total_amount = (select coalesce(sum(price_amount), 0) from ins), currency = $5 where id = $1`,
      [holdId, ev.eventId, taken.rows.map((r) => r.seat_id), taken.rows.map((r) => r.price_amount), taken.rows[0]!.currency],
    );
    await client.query(
      `select hs.seat_id, hs.price_amount, s.row_label, s.number, sec.name as section_name, sec.id as section_id
         from hold_seats hs join seats s on s.id = hs.seat_id join sections sec on sec.id = s.section_id where hs.hold_id = $1 order by hs.seat_id`,
      [holdId],
    );
    await client.query(`insert into inventory_dirty (event_id) values ($1) on conflict (event_id) do nothing`, [ev.eventId]);
    await client.query('commit');
    return 'ok';
  } catch {
    await client.query('rollback').catch(() => undefined);
    return 'error';
  } finally {
    client.release();
  }
}

async function explainCandidates(pool: pg.Pool, eventId: string, sectionId: string, quantity: number): Promise<string> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    const { rows } = await client.query<{ 'QUERY PLAN': string }>(
      `explain (analyze, buffers off, costs off) select seat_id, pick_rank from event_seats where event_id = $1 and section_id = $2 and status = 'available' order by pick_rank limit $3 for update skip locked`,
      [eventId, sectionId, candidateCount(quantity)],
    );
    await client.query('rollback');
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  } finally {
    client.release();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
