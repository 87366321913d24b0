import { sql } from 'kysely';
import pg from 'pg';
import type { Deps } from '../src/context.js';
import { createEvent } from '../src/domain/catalogue/create-event.js';
import { createVenue } from '../src/domain/catalogue/create-venue.js';
import { publishEvent } from '../src/domain/catalogue/publish-event.js';
import { candidateCount, chooseSeats } from '../src/domain/holds/holds.rules.js';
import { formatReport, verifyInvariants } from '../src/domain/invariants/verify-invariants.js';
import { buildApp } from '../src/http/app.js';
import { machine } from './lib/results.js';
import { bulkSessionTokens } from './onsale-setup.js';
import { summarise, type Summary } from './lib/stats.js';
import { formatTable } from './lib/table.js';

export interface HoldsBenchOptions {
  /** The same database as `deps.db`: the baseline talks to it through plain `pg`. */
  databaseUrl: string;
  requests: number;
  clients: number;
  quantity: number;
  /** Size of the baseline's `pg` pool; give the app's pool the same size for a fair comparison. */
  pool?: number;
  /** Seated sections × rows × seats per row of each event; the default is 4 × 50 × 250 = 50,000. */
  layout?: { sections: number; rows: number; seatsPerRow: number };
  log?: (line: string) => void;
}

export interface PhaseResult {
  path: string;
  requests: number;
  ok: number;
  conflicts: number;
  errors: number;
  seconds: number;
  holdsPerSecond: number;
  latencyMs: Summary;
}

export interface HoldsBenchResult {
  date: string;
  machine: ReturnType<typeof machine>;
  seats: number;
  clients: number;
  pool: number;
  quantity: number;
  /** Raw SQL first, then the API. */
  results: PhaseResult[];
  apiToSqlRatio: number;
  plans: { fresh: string; afterHolds: string };
  invariantsOk: boolean;
  /** The two events, so a caller can audit the database; not part of the published figures. */
  eventIds: { api: string; sql: string };
}

type Layout = NonNullable<HoldsBenchOptions['layout']>;

/** The stadium the published figures are measured on. */
export const defaultLayout: Layout = { sections: 4, rows: 50, seatsPerRow: 250 };
type Outcome = 'ok' | 'conflict' | 'error';

/**
 * Holds per second on a fresh event: best-available requests from `clients`
 * concurrent HTTP clients through the whole API (auth, validation, use case,
 * JSON), next to the same SQL transaction sent straight through `pg` by as
 * many concurrent loops over a pool of `pool` connections — how close the API
 * path gets to the database's own ceiling. Each request is a different user.
 */
export async function runHoldsBench(deps: Deps, opts: HoldsBenchOptions): Promise<HoldsBenchResult> {
  const { requests, clients, quantity } = opts;
  const pool = opts.pool ?? 20;
  const layout = opts.layout ?? defaultLayout;
  const log = opts.log ?? (() => {});
  const seats = layout.sections * layout.rows * layout.seatsPerRow;
  if (![requests, clients, quantity, pool].every((n) => Number.isInteger(n) && n > 0))
    throw new Error('requests, clients, quantity and pool must be positive integers');
  if (requests * quantity > seats) throw new Error('More seats requested than the event has');

  const raw = new pg.Pool({ connectionString: opts.databaseUrl, max: pool });
  try {
    log(`Creating two ${seats.toLocaleString('en')}-seat events and ${(2 * requests).toLocaleString('en')} users…`);
    const apiEvent = await bigEvent(deps, layout);
    const sqlEvent = await bigEvent(deps, layout);
    const apiUsers = await bulkUsers(deps, requests);
    const sqlUsers = await bulkUsers(deps, requests);
    const tokens = await bulkSessionTokens(deps, apiUsers);
    await sql`analyze event_seats`.execute(deps.db);
    const planBefore = await explainCandidates(raw, apiEvent.eventId, apiEvent.sectionIds[0]!, quantity);

    log(`Raw pg loop: ${requests} hold transactions, ${clients} concurrent loops, pool ${pool}…`);
    const sqlResult = await runPhase('same SQL via pg (raw loop)', requests, clients, (i) =>
      rawHold(raw, sqlEvent, sqlUsers[i]!, i, quantity),
    );

    const app = await buildApp(deps);
    let apiResult: PhaseResult;
    try {
      const base = await app.listen({ port: 0, host: '127.0.0.1' });
      log(`HTTP API: ${requests} POST /events/:id/holds, ${clients} concurrent clients…`);
      apiResult = await runPhase('HTTP API (POST /events/:id/holds)', requests, clients, async (i) => {
        const res = await fetch(`${base}/api/v1/events/${apiEvent.eventId}/holds`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[i]}` },
          body: JSON.stringify({ sectionId: apiEvent.sectionIds[i % apiEvent.sectionIds.length], quantity }),
        });
        await res.arrayBuffer();
        return res.status === 201 ? 'ok' : res.status === 409 ? 'conflict' : 'error';
      });
    } finally {
      await app.close();
    }

    await sql`analyze event_seats`.execute(deps.db);
    const planAfter = await explainCandidates(raw, apiEvent.eventId, apiEvent.sectionIds[0]!, quantity);
    const report = await verifyInvariants(deps.db, deps.clock.now(), { eventIds: [apiEvent.eventId, sqlEvent.eventId] });
    log(formatReport(report));

    const ratio = apiResult.holdsPerSecond / sqlResult.holdsPerSecond;
    return {
      date: new Date().toISOString(),
      machine: machine(),
      seats,
      clients,
      pool,
      quantity,
      results: [sqlResult, apiResult],
      apiToSqlRatio: Math.round(ratio * 1000) / 1000,
      plans: { fresh: planBefore, afterHolds: planAfter },
      invariantsOk: report.ok,
      eventIds: { api: apiEvent.eventId, sql: sqlEvent.eventId },
    };
  } finally {
    await raw.end();
  }
}

/** API holds/s ÷ raw SQL holds/s, unrounded. */
export function holdsRatio(result: Pick<HoldsBenchResult, 'results'>): number {
  const [sqlResult, apiResult] = result.results;
  return apiResult!.holdsPerSecond / sqlResult!.holdsPerSecond;
}

export function holdsTable(result: Pick<HoldsBenchResult, 'results'>, markdown = false): string {
  return formatTable(
    ['path', 'requests', 'held', '409', 'errors', 'seconds', 'holds/s', 'p50 ms', 'p95 ms', 'p99 ms'],
    result.results.map((r) => [
      r.path,
      r.requests,
      r.ok,
      r.conflicts,
      r.errors,
      r.seconds.toFixed(2),
      Math.round(r.holdsPerSecond),
      r.latencyMs.p50,
      r.latencyMs.p95,
      r.latencyMs.p99,
    ]),
    markdown,
  );
}

async function runPhase(name: string, requests: number, clients: number, one: (i: number) => Promise<Outcome>): Promise<PhaseResult> {
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
  return {
    path: name,
    requests,
    ok: counts.ok,
    conflicts: counts.conflict,
    errors: counts.error,
    seconds,
    holdsPerSecond: counts.ok / seconds,
    latencyMs: summarise(latencies),
  };
}

interface BigEvent {
  eventId: string;
  sectionIds: string[];
}

async function bigEvent(deps: Deps, layout: Layout): Promise<BigEvent> {
  const organizer = await deps.db
    .insertInto('users')
    .values({ email_hash: null, email_cipher: null, name_cipher: null, password_hash: null, roles: ['organizer'] })
    .returning('id')
    .executeTakeFirstOrThrow();
  const actor = { userId: organizer.id, roles: ['organizer' as const] };
  const rowLabels = Array.from({ length: layout.rows }, (_, i) => `R${i + 1}`);
  const venue = await createVenue(deps, actor, {
    name: `Bench Arena ${Date.now()}`,
    city: 'Benchville',
    address: '1 Load Street',
    timezone: 'UTC',
    sections: Array.from({ length: layout.sections }, (_, s) => ({
      name: `Block ${s + 1}`,
      kind: 'seated' as const,
      rows: rowLabels.map((label) => ({ label, seats: layout.seatsPerRow })),
    })),
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
  const { rows } = await sql<{
    id: string;
  }>`insert into users (roles) select '{customer}' from generate_series(1, ${n}) returning id`.execute(deps.db);
  return rows.map((r) => r.id);
}

/**
 * The statements src/domain/holds/hold-seats.ts sends for a best-available hold
 * (event look-up, then the transaction including the reply's seat details),
 * one for one, without Fastify, Kysely or JSON.
 */
async function rawHold(pool: pg.Pool, ev: BigEvent, userId: string, i: number, quantity: number): Promise<Outcome> {
  const now = new Date();
  const sectionId = ev.sectionIds[i % ev.sectionIds.length]!;
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
    await client.query(
      `update holds set status = 'expired', released_at = $3, release_reason = 'expired' where event_id = $1 and user_id = $2 and status = 'active' and expires_at <= $3 returning id`,
      [ev.eventId, userId, now],
    );
    const hold = await client.query<{ id: string }>(
      `insert into holds (event_id, user_id, expires_at, currency, created_at) values ($1, $2, $3, 'XXX', $4) returning id`,
      [ev.eventId, userId, expiresAt, now],
    );
    const holdId = hold.rows[0]!.id;
    const cand = await client.query<{ seat_id: string; pick_rank: number; row_index: number; number: number }>(
      `with c as (select seat_id, pick_rank from event_seats where event_id = $1 and section_id = $2 and status = 'available' order by pick_rank limit $3 for update skip locked)
       select c.seat_id, c.pick_rank, s.row_index, s.number from c join seats s on s.id = c.seat_id`,
      [ev.eventId, sectionId, candidateCount(quantity)],
    );
    const candidates = cand.rows.map((r) => ({ seatId: r.seat_id, pickRank: r.pick_rank, rowIndex: r.row_index, number: r.number }));
    const chosen = chooseSeats(candidates, quantity, true);
    if (!chosen) {
      await client.query('rollback');
      return 'conflict';
    }
    const taken = await client.query<{ seat_id: string; price_amount: string; currency: string }>(
      `update event_seats es set status = 'held', hold_id = $2, hold_expires_at = $3, order_id = null from price_tiers pt
        where es.event_id = $1 and es.seat_id = any($4::bigint[]) and pt.id = es.tier_id returning es.seat_id, pt.price_amount, pt.currency`,
      [ev.eventId, holdId, expiresAt, chosen.map((c) => c.seatId)],
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
