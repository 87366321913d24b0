import { sql } from 'kysely';
import pg from 'pg';
import type { Deps } from '../src/context.js';
import { createEvent } from '../src/domain/catalogue/create-event.js';
import { createVenue } from '../src/domain/catalogue/create-venue.js';
import { publishEvent } from '../src/domain/catalogue/publish-event.js';
import { formatReport, verifyInvariants } from '../src/domain/invariants/verify-invariants.js';
import { buildApp } from '../src/http/app.js';
import { machine, machineBusyMs } from './lib/results.js';
import { benchHttp } from './onsale-http.js';
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
  /** CPU the whole machine spent per request of the phase (database, Redis and Node), in ms. */
  machineCpuMsPerRequest: number;
}

export interface HoldsBenchResult {
  date: string;
  machine: ReturnType<typeof machine>;
  seats: number;
  clients: number;
  pool: number;
  quantity: number;
  /** The bare claim (ceiling), the hold statement via pg, then the API. */
  results: PhaseResult[];
  /** API holds/s ÷ the bare seat-claim statement's rate. */
  apiToCeilingRatio: number;
  plans: { fresh: string; afterHolds: string };
  invariantsOk: boolean;
  /** The two events, so a caller can audit the database; not part of the published figures. */
  eventIds: { api: string; sql: string; ceiling: string };
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
    const ceilingEvent = await bigEvent(deps, layout);
    const apiUsers = await bulkUsers(deps, requests);
    const sqlUsers = await bulkUsers(deps, requests);
    const tokens = await bulkSessionTokens(deps, apiUsers);
    await sql`analyze event_seats`.execute(deps.db);
    const planBefore = await explainCandidates(raw, apiEvent.eventId, apiEvent.sectionIds[0]!, quantity);

    log(`Ceiling: ${requests} bare UPDATEs of ${quantity} seats via pg, ${clients} concurrent loops, pool ${pool}…`);
    const ceiling = await runPhase(`ceiling: bare UPDATE of ${quantity} seats via pg`, requests, clients, (i) =>
      ceilingClaim(raw, ceilingEvent, i, quantity),
    );
    // The ceiling's seats point at no hold: give them back so the database stays verifiable.
    await raw.query(`update event_seats set status = 'available', hold_id = null, hold_expires_at = null where event_id = $1`, [
      ceilingEvent.eventId,
    ]);
    log(`Hold statement via pg: ${requests} place_hold calls…`);
    const statement = await runPhase('place_hold_headed() via pg (one round trip)', requests, clients, (i) =>
      statementHold(raw, sqlEvent, sqlUsers[i]!, i, quantity),
    );

    const app = await buildApp(deps);
    let apiResult: PhaseResult;
    try {
      const base = await app.listen({ port: 0, host: '127.0.0.1' });
      log(`HTTP API: ${requests} POST /events/:id/holds, ${clients} concurrent clients…`);
      // A keep-alive node:http client (bench:onsale's): fetch's web streams cost the shared process more than the API does.
      const client = benchHttp(base, clients);
      try {
        // Established connections, as a proxy's upstream pool keeps them: the phase times holds, not TCP accepts.
        await client.connect(clients);
        apiResult = await runPhase('HTTP API (POST /events/:id/holds)', requests, clients, async (i) => {
          const res = await client.request('POST', `/api/v1/events/${apiEvent.eventId}/holds`, {
            headers: { authorization: `Bearer ${tokens[i]}` },
            body: { sectionId: apiEvent.sectionIds[i % apiEvent.sectionIds.length], quantity },
          });
          return res.status === 201 ? 'ok' : res.status === 409 ? 'conflict' : 'error';
        });
      } finally {
        client.close();
      }
    } finally {
      await app.close();
    }

    await sql`analyze event_seats`.execute(deps.db);
    const planAfter = await explainCandidates(raw, apiEvent.eventId, apiEvent.sectionIds[0]!, quantity);
    const report = await verifyInvariants(deps.db, deps.clock.now(), { eventIds: [apiEvent.eventId, sqlEvent.eventId] });
    log(formatReport(report));

    const ratio = apiResult.holdsPerSecond / ceiling.holdsPerSecond;
    return {
      date: new Date().toISOString(),
      machine: machine(),
      seats,
      clients,
      pool,
      quantity,
      results: [ceiling, statement, apiResult],
      apiToCeilingRatio: Math.round(ratio * 1000) / 1000,
      plans: { fresh: planBefore, afterHolds: planAfter },
      invariantsOk: report.ok,
      eventIds: { api: apiEvent.eventId, sql: sqlEvent.eventId, ceiling: ceilingEvent.eventId },
    };
  } finally {
    await raw.end();
  }
}

/** API holds/s ÷ the ceiling's claims/s, unrounded. */
export function holdsRatio(result: Pick<HoldsBenchResult, 'results'>): number {
  const [ceiling, , apiResult] = result.results;
  return apiResult!.holdsPerSecond / ceiling!.holdsPerSecond;
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
  const busy = machineBusyMs();
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
    machineCpuMsPerRequest: (machineBusyMs() - busy) / requests,
  };
}

interface BigEvent {
  eventId: string;
  sectionIds: string[];
  /** Every seat of the event, in id order (the ceiling claims them block by block). */
  seatIds: string[];
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
  const seats = await deps.db.selectFrom('event_seats').select('seat_id').where('event_id', '=', event.id).orderBy('seat_id').execute();
  return { eventId: event.id, sectionIds: venue.sections.map((s) => s.id), seatIds: seats.map((r) => r.seat_id) };
}

async function bulkUsers(deps: Deps, n: number): Promise<string[]> {
  const { rows } = await sql<{
    id: string;
  }>`insert into users (roles) select '{customer}' from generate_series(1, ${n}) returning id`.execute(deps.db);
  return rows.map((r) => r.id);
}

/**
 * The physical limit: the bare seat claim, one conditional `UPDATE` of
 * `quantity` specific seats in autocommit through `pg` — no hold row, no
 * prices, no booking rule. Request i claims the i-th block of seats.
 */
async function ceilingClaim(pool: pg.Pool, ev: BigEvent, i: number, quantity: number): Promise<Outcome> {
  const ids = ev.seatIds.slice(i * quantity, (i + 1) * quantity);
  const res = await pool.query(
    `update event_seats set status = 'held', hold_id = gen_random_uuid(), hold_expires_at = now() + interval '10 minutes'
      where event_id = $1 and seat_id = any($2::bigint[]) and status = 'available'`,
    [ev.eventId, ids],
  );
  return res.rowCount === quantity ? 'ok' : 'conflict';
}

/**
 * Our whole hold statement as the API sends it (`place_hold_headed`, migration 0030: the hold and the event's heading
 * for the reply), through plain `pg`: the API path without HTTP, sessions and JSON.
 */
async function statementHold(pool: pg.Pool, ev: BigEvent, userId: string, i: number, quantity: number): Promise<Outcome> {
  const { rows } = await pool.query<{ outcome: string }>(
    `select outcome from place_hold_headed(false, $1, $2, null, $3, $4, now(), true, null)`,
    [ev.eventId, userId, ev.sectionIds[i % ev.sectionIds.length], quantity],
  );
  return rows[0]?.outcome === 'held' ? 'ok' : 'conflict';
}

async function explainCandidates(pool: pg.Pool, eventId: string, sectionId: string, quantity: number): Promise<string> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    const { rows } = await client.query<{ 'QUERY PLAN': string }>(
      `explain (analyze, buffers off, costs off) select seat_id, pick_rank from event_seats where event_id = $1 and section_id = $2 and status = 'available' order by pick_rank limit $3 for update skip locked`,
      [eventId, sectionId, Math.max(quantity * 3, 8)],
    );
    await client.query('rollback');
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  } finally {
    client.release();
  }
}
