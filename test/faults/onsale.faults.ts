import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatReport, verifyInvariants } from '../../src/domain/invariants/verify-invariants.js';
import { verifyMoney } from '../../src/domain/invariants/verify-money.js';
import { stuckPaymentMs } from '../../src/domain/payments/payment-attempt.rules.js';
import { createPublishedEvent, type PublishedEvent } from '../factories/catalogue.js';
import { createUsers } from '../factories/users.js';
import { runFan, ReplyLog, startReaders, type FanOutcome, type Reply } from './fan-traffic.js';
import { FaultCluster, missingTools } from './fault-cluster.js';

/**
 * Issue 8, item 3: a small on-sale runs across 2 API processes and a worker
 * on a PostgreSQL and a Redis of the test's own, and one fault is injected
 * into each phase. After each: `cli verify` clean, every captured payment
 * confirmed or refunded within a minute, every request during an outage
 * answered at once with 503 + Retry-After (never a 500, never a hang), and
 * the API serving again by itself.
 */
const SEATS = 20;
const FANS = 24;
/** Fans arrive over this long, so the fault lands in the middle of the traffic. */
const SPREAD_MS = 2_400;
const SETTLE_WITHIN_MS = 60_000;
/**
 * "Answered fast" during an outage: far below a hang (the pool would wait 30 s for a
 * connection, a statement may run 30 s), with room for a 2-core machine shared with
 * other jobs while it runs five servers (the figures report the slowest answer).
 */
const FAST_MS = 10_000;
const required = process.env.REQUIRE_FAULTS === '1' || process.env.REQUIRE_SCALE === '1';

const missing = missingTools();
if (missing.length > 0) {
  const message = `[faults] needs ${missing.join(', ')}`;
  if (required) throw new Error(`${message}; REQUIRE_FAULTS=1 makes this a failure`);
  console.warn(`${message}: skipping the fault tests`);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const count = (outcomes: FanOutcome[], o: FanOutcome) => outcomes.filter((x) => x === o).length;

/** The figures of one phase, printed at the end and copied into docs/resilience.md. */
interface Figures {
  fault: string;
  bought: number;
  soldOut: number;
  gaveUp: number;
  replies: number;
  status503: number;
  status500: number;
  dropped: number;
  slowest503Ms: number | null;
  /** The slowest answer of any kind while the server was down. */
  slowestDuringMs: number | null;
  outageMs: number | null;
  recoveryMs: number | null;
  settledMs: number;
}
const figures: Figures[] = [];

describe.skipIf(missing.length > 0)('faults during an on-sale: 2 APIs and a worker behind nginx', () => {
  const cluster = new FaultCluster();

  beforeAll(() => cluster.start(), 240_000);
  afterAll(async () => {
    if (figures.length > 0) console.log(`[faults]\n${figureTable()}`);
    await cluster.stop();
  }, 60_000);

  interface Phase {
    ev: PublishedEvent;
    log: ReplyLog;
    outcomes: FanOutcome[];
    /** performance.now() when the fault was injected. */
    faultAt: number;
  }

  /**
   * SEATS seats, FANS fans arriving over SPREAD_MS through nginx; `fault`
   * runs beside them and returns when it was injected.
   */
  async function onSale(opts: {
    token?: (i: number) => string;
    retryCheckout?: boolean;
    price?: number;
    readers?: boolean;
    fault: (log: ReplyLog, ev: PublishedEvent) => Promise<number>;
  }): Promise<Phase> {
    const ev = await createPublishedEvent(cluster.deps, {
      seatedRows: 2,
      seatsPerRow: SEATS / 2,
      holdSeconds: 120,
      price: { amount: opts.price ?? 4_500, currency: 'EUR' },
    });
    const fans = await createUsers(cluster.deps, FANS);
    const log = new ReplyLog();
    const readers = opts.readers
      ? startReaders(log, [cluster.lb, cluster.apis[1]!.base], ev.eventId, fans[0]!.auth)
      : { stop: async () => undefined };
    const deadline = Date.now() + 60_000;
    const traffic = Promise.all(
      fans.map(async (fan, i) => {
        await sleep((i * SPREAD_MS) / FANS);
        return runFan(log, fan, {
          base: cluster.lb,
          eventId: ev.eventId,
          sectionId: ev.seatedSectionId,
          token: opts.token?.(i) ?? 'tok_visa',
          retryCheckout: opts.retryCheckout ?? true,
          deadline,
        });
      }),
    );
    const [outcomes, faultAt] = await Promise.all([traffic, opts.fault(log, ev)]);
    await readers.stop();
    return { ev, log, outcomes, faultAt };
  }

  /**
   * Polls until the event's books are final and agree with the provider:
   * verify's money checks with "now" pushed past the stuck bound, so any order
   * still pending or attempt or authorisation still open counts as a breach.
   * Returns how long after the fault that was.
   */
  async function settledAfter(phase: Phase): Promise<number> {
    const scope = { eventIds: [phase.ev.eventId] };
    let last = '';
    while (performance.now() - phase.faultAt < SETTLE_WITHIN_MS) {
      const now = new Date();
      const books = await verifyInvariants(cluster.deps.db, now, scope).catch(() => null);
      const money = await verifyMoney(cluster.deps, new Date(now.getTime() + stuckPaymentMs + 1_000), scope).catch(() => null);
      if (books && money) {
        const report = { ...books, ok: books.ok && money.length === 0, breaches: [...books.breaches, ...money] };
        if (report.ok) return Math.round(performance.now() - phase.faultAt);
        last = formatReport(report);
      }
      await sleep(250);
    }
    throw new Error(`not settled ${SETTLE_WITHIN_MS / 1000} s after the fault:\n${last}`);
  }

  /** `cli verify --event` of the phase just run (awaited: beside the next phase it would compete for the CPU). */
  const verified: string[] = [];
  async function expectVerifyClean(label: string, eventId: string): Promise<void> {
    const { code, output } = await cluster.verify(['--event', eventId]);
    expect(code, `${label}:\n${output}`).toBe(0);
    verified.push(label);
  }

  /** Never a 500 (nor any other 5xx than 503), and every 503 says when to come back. */
  function expectNo500(replies: Reply[], allowDropped: boolean): void {
    const bad = replies.filter((r) => (r.status >= 500 && r.status !== 503 && r.status !== 502) || r.status === 500);
    // The servers' last log lines say what went wrong.
    const logs = () => cluster.apis.map((a) => `--- ${a.proc.name}\n${a.proc.output()}`).join('\n');
    expect(bad, bad.length ? `${JSON.stringify(bad.slice(0, 5))}\n${logs()}` : '').toEqual([]);
    const no503Header = replies.filter((r) => r.status === 503 && !r.retryAfter);
    expect(no503Header, JSON.stringify(no503Header.slice(0, 5))).toEqual([]);
    if (!allowDropped) {
      const dropped = replies.filter((r) => r.status === 0 || r.status === 502);
      expect(dropped, JSON.stringify(dropped.slice(0, 5))).toEqual([]);
    }
  }

  const ordersOf = (eventId: string) =>
    cluster.deps.db.selectFrom('orders').select(['id', 'status', 'failure_reason']).where('event_id', '=', eventId).execute();

  function record(fault: string, phase: Phase, extra: Partial<Figures> & { settledMs: number }): void {
    const r = phase.log.replies;
    const of503 = r.filter((x) => x.status === 503);
    figures.push({
      fault,
      bought: count(phase.outcomes, 'bought') + count(phase.outcomes, 'pending'),
      soldOut: count(phase.outcomes, 'sold_out'),
      gaveUp: count(phase.outcomes, 'gave_up'),
      replies: r.length,
      status503: of503.length,
      status500: r.filter((x) => x.status === 500).length,
      dropped: r.filter((x) => x.status === 0 || x.status === 502).length,
      slowest503Ms: of503.length ? Math.round(Math.max(...of503.map((x) => x.ms))) : null,
      outageMs: null,
      recoveryMs: null,
      slowestDuringMs: null,
      ...extra,
    });
  }

  it('kill -9 of an API process mid-checkout: the other serves, reconciliation finishes the cut-off payments', async () => {
    const victim = cluster.apis[0]!;
    const phase = await onSale({
      fault: async (log) => {
        // Some checkouts done and more in flight (each provider call takes 300 ms, two per checkout).
        while (log.replies.filter((r) => r.what === 'checkout').length < 3) await sleep(20);
        victim.proc.child.kill('SIGKILL');
        return performance.now();
      },
    });
    expect(count(phase.outcomes, 'timeout')).toBe(0);
    expectNo500(phase.log.replies, true);
    const settledMs = await settledAfter(phase);
    // A checkout cut off after the charge is confirmed by reconciliation (its hold still live), never refunded;
    // one cut off before the provider acted fails (nothing charged, or the authorisation voided).
    const orders = await ordersOf(phase.ev.eventId);
    const unpaid = ['payment_not_received', 'payment_voided'];
    expect(orders.filter((o) => o.status !== 'confirmed' && !(o.status === 'failed' && unpaid.includes(o.failure_reason ?? '')))).toEqual(
      [],
    );
    record('kill -9 API mid-checkout', phase, { settledMs });
    // Started again as an orchestrator would, and ready before the next phase.
    await cluster.restartApi(0);
    await expectVerifyClean('kill -9 API', phase.ev.eventId);
  });

  it('kill -9 of the worker mid-delivery: a new worker delivers everything, delayed payments settle', async () => {
    let restartedAt = 0;
    const phase = await onSale({
      // Half the fans pay with a card the provider settles later, by webhook from the worker.
      token: (i) => (i % 2 === 0 ? 'tok_visa_delayed' : 'tok_visa'),
      fault: async (_log, ev) => {
        // The worker is mid-delivery: some of this sale's outbox rows delivered, some not yet.
        const deadline = Date.now() + 30_000;
        for (;;) {
          const { rows } = await sql<{ done: number; waiting: number }>`
            select count(*) filter (where o.delivered_at is not null)::int as done,
                   count(*) filter (where o.delivered_at is null)::int as waiting
            from outbox o join orders r on r.id::text = o.aggregate_id where r.event_id = ${ev.eventId}`.execute(cluster.deps.db);
          if ((rows[0]!.done > 0 && rows[0]!.waiting > 0) || Date.now() > deadline) break;
          await sleep(20);
        }
        cluster.worker.child.kill('SIGKILL');
        const at = performance.now();
        await sleep(1_000);
        cluster.restartWorker();
        restartedAt = performance.now();
        return at;
      },
    });
    expect(count(phase.outcomes, 'timeout')).toBe(0);
    expectNo500(phase.log.replies, false);
    const settledMs = await settledAfter(phase);
    const orders = await ordersOf(phase.ev.eventId);
    expect(orders.filter((o) => o.status !== 'confirmed')).toEqual([]);
    // Every message of the sale delivered (at least once) by the new worker.
    const deadline = performance.now() + SETTLE_WITHIN_MS;
    let waiting = -1;
    while (performance.now() < deadline) {
      const { rows } = await sql<{ waiting: number }>`
        select count(*)::int as waiting from outbox o join orders r on r.id::text = o.aggregate_id
        where r.event_id = ${phase.ev.eventId} and o.delivered_at is null`.execute(cluster.deps.db);
      waiting = rows[0]!.waiting;
      if (waiting === 0) break;
      await sleep(250);
    }
    expect(waiting, 'outbox rows of the sale still undelivered').toBe(0);
    record('kill -9 worker mid-delivery', phase, { settledMs, recoveryMs: Math.round(performance.now() - restartedAt) });
    await expectVerifyClean('kill -9 worker', phase.ev.eventId);
  });

  it('PostgreSQL restart: fast 503 + Retry-After meanwhile, never a 500, served again without a restart', async () => {
    let downAt = 0;
    let upAt = 0;
    const phase = await onSale({
      readers: true,
      fault: async () => {
        await sleep(SPREAD_MS / 2);
        downAt = performance.now();
        await cluster.stopPostgres();
        await sleep(1_500);
        await cluster.startPostgres();
        upAt = performance.now();
        return downAt;
      },
    });
    expect(count(phase.outcomes, 'timeout')).toBe(0);
    expectNo500(phase.log.replies, false);
    const during = phase.log.between(downAt, upAt);
    expect(during.filter((r) => r.status === 503).length).toBeGreaterThan(10);
    // Refused at once: no request waited on the dead server.
    expect(during.filter((r) => r.ms >= FAST_MS)).toEqual([]);
    // Readiness says so too, with a Retry-After.
    expect(during.filter((r) => r.what === 'readyz' && r.status === 503).length).toBeGreaterThan(0);
    const recoveryMs = recovery(phase.log, upAt);
    const settledMs = await settledAfter(phase);
    record('PostgreSQL restart', phase, { settledMs, outageMs: Math.round(upAt - downAt), recoveryMs, slowestDuringMs: slowest(during) });
    await expectVerifyClean('PostgreSQL restart', phase.ev.eventId);
  });

  it('Redis stop and restart: the sale goes on or answers 503 + Retry-After, never a 500, recovered without a restart', async () => {
    let downAt = 0;
    let upAt = 0;
    const phase = await onSale({
      readers: true,
      fault: async () => {
        await sleep(SPREAD_MS / 2);
        downAt = performance.now();
        await cluster.redis.stop();
        await sleep(1_500);
        await cluster.redis.start();
        upAt = performance.now();
        return downAt;
      },
    });
    expect(count(phase.outcomes, 'timeout')).toBe(0);
    expectNo500(phase.log.replies, false);
    const during = phase.log.between(downAt, upAt);
    expect(during.filter((r) => r.ms >= FAST_MS)).toEqual([]);
    const recoveryMs = recovery(phase.log, upAt);
    const settledMs = await settledAfter(phase);
    record('Redis stop and restart', phase, {
      settledMs,
      outageMs: Math.round(upAt - downAt),
      recoveryMs,
      slowestDuringMs: slowest(during),
    });
    await expectVerifyClean('Redis restart', phase.ev.eventId);
  });

  it('a database error right after the provider call: 503 to the fan, the order confirmed by reconciliation', async () => {
    const price = 4_717;
    // Inside PostgreSQL: the write recording this sale's captures kills its own connection (57P01), as a crash of the server would.
    await sql`create function fault_after_capture() returns trigger language plpgsql as $$
      begin
        if new.status = 'captured' and new.amount = ${sql.lit(price)} then
          perform pg_terminate_backend(pg_backend_pid());
          perform pg_sleep(1);
        end if;
        return new;
      end $$`.execute(cluster.deps.db);
    await sql`create trigger fault_after_capture before update on payments for each row execute function fault_after_capture()`.execute(
      cluster.deps.db,
    );
    let removed = false;
    const removeFault = async () => {
      if (removed) return;
      removed = true;
      await sql`drop trigger fault_after_capture on payments`.execute(cluster.deps.db);
      await sql`drop function fault_after_capture()`.execute(cluster.deps.db);
    };
    try {
      const phase = await onSale({
        price,
        // The fans whose checkout fails walk away: only reconciliation can finish their payment.
        retryCheckout: false,
        fault: async () => performance.now(),
      });
      await removeFault();
      expect(count(phase.outcomes, 'timeout')).toBe(0);
      expectNo500(phase.log.replies, false);
      const checkouts = phase.log.replies.filter((r) => r.what === 'checkout');
      // Every checkout was charged, then hit the fault: each answered 503 with Retry-After.
      expect(checkouts.length).toBe(SEATS);
      expect(checkouts.filter((r) => r.status !== 503 || r.code !== 'UNAVAILABLE')).toEqual([]);
      const settledMs = await settledAfter(phase);
      // Captured while the hold was still live: confirmed, not refunded.
      const orders = await ordersOf(phase.ev.eventId);
      expect(orders.filter((o) => o.status !== 'confirmed')).toEqual([]);
      expect(orders.length).toBe(SEATS);
      record('database error after the provider call', phase, { settledMs });
      await expectVerifyClean('database error after the provider call', phase.ev.eventId);
    } finally {
      await removeFault();
    }
  });

  it('cli verify: clean after every fault, and on the whole database', async () => {
    expect(verified.length).toBeGreaterThan(0);
    const all = await cluster.verify([]);
    expect(all.code, all.output).toBe(0);
  });
});

/** How long after `upAt` every base the readers used answered 200 again. */
function recovery(log: ReplyLog, upAt: number): number | null {
  const after = log.replies.filter((r) => r.at >= upAt && r.what === 'event');
  const firstOk = after.find((r) => r.status === 200);
  return firstOk ? Math.round(firstOk.at - upAt) : null;
}

const slowest = (replies: Reply[]): number | null => (replies.length ? Math.round(Math.max(...replies.map((r) => r.ms))) : null);

function figureTable(): string {
  const head =
    '| fault | fans served | sold out | walked away | replies | 503 | 500 | dropped | slowest 503 | slowest while down | outage | back after | settled after |';
  const rows = figures.map(
    (f) =>
      `| ${f.fault} | ${f.bought} | ${f.soldOut} | ${f.gaveUp} | ${f.replies} | ${f.status503} | ${f.status500} | ${f.dropped} | ${ms(f.slowest503Ms)} | ${ms(f.slowestDuringMs)} | ${ms(f.outageMs)} | ${ms(f.recoveryMs)} | ${ms(f.settledMs)} |`,
  );
  return [head, `|${' --- |'.repeat(13)}`, ...rows].join('\n');
}

const ms = (v: number | null): string => (v === null ? '—' : `${(v / 1000).toFixed(1)} s`);
