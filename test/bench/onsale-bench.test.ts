import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOnsale } from '../../bench/onsale-bench.js';
import { ceilingOf, docSection } from '../../bench/onsale-report.js';
import { bareHttpCost, floorOf, mailCost } from '../../bench/onsale-floor.js';
import { barePdfCost } from '../../bench/onsale-bare-pdf.js';
import { machine, processCpuMs } from '../../bench/lib/results.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/** The on-sale benchmark in miniature, so it cannot rot; nothing here depends on timing. */
describe('bench:onsale smoke', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ poolSize: 20 });
  });
  afterAll(() => t.close());

  it('sells a 200-seat event to 500 fans through the waiting room with the invariants intact', async () => {
    const r = await runOnsale(t.deps, {
      fans: 500,
      sections: 2,
      rows: 5,
      seatsPerRow: 20,
      preOpenShare: 0.3,
      joinConcurrency: 50,
      activeFans: 100,
      pollMs: 50,
      paymentDelayMs: [0, 5],
      thinkMs: [0, 5],
      // The funnel stops at this deadline whatever happens (fans still waiting are turned away), so a slow machine
      // ends in the assertions below, with the figures printed, rather than in the test's timeout.
      maxSeconds: 40,
      workerIntervalMs: 50,
      // The order mails go to a delivery process of its own, as in the published run.
      delivery: { processes: 1, databaseUrl: t.deps.config.databaseUrl!, keyPrefix: 'onsale-smoke:', config: t.deps.config },
      log: () => undefined,
    });
    expect(r.statusCounts.join['200'], JSON.stringify({ ...r, invariantReport: undefined })).toBe(500 + 150); // pre-open fans join again at the opening
    expect(r.orders, JSON.stringify({ ...r, invariantReport: undefined })).toBeGreaterThan(0);
    expect(r.audit.seatsSold + r.audit.seatsLeft).toBe(200);
    expect(r.invariantsOk, r.invariantReport).toBe(true);
    expect(Object.keys(r.statusCounts.hold).filter((k) => k.startsWith('5'))).toEqual([]);
    expect(r.funnel.fansServed).toBeGreaterThan(0);
    // Every confirmation was delivered by the delivery process: the outbox emptied after the last order.
    expect(r.deliveryProcesses).toBe(1);
    expect(r.outbox.drainedSecondsAfterLastOrder).not.toBeNull();
    const undelivered = await sql<{ n: number }>`
      select count(*)::int as n from outbox where topic = 'order.confirmed' and delivered_at is null`.execute(t.deps.db);
    expect(undelivered.rows[0]!.n).toBe(0);
    expect(r.funnel.secondsPerOrder.total).toBeGreaterThan(0);
    // The report renders beside a ceiling (a stand-in here; the real one comes from runHoldsBench after the sale).
    const phase = (holdsPerSecond: number) => ({
      path: 'p',
      requests: 10,
      ok: 10,
      conflicts: 0,
      errors: 0,
      seconds: 1,
      holdsPerSecond,
      latencyMs: r.latencyMs.hold,
      machineCpuMsPerRequest: 1,
    });
    const holds = {
      date: '',
      machine: machine(),
      seats: 1,
      clients: 1,
      pool: 1,
      quantity: 2,
      results: [phase(200), phase(150), phase(100)],
      apiToCeilingRatio: 0.5,
      plans: { fresh: '', afterHolds: '' },
      invariantsOk: true,
      eventIds: { api: '', sql: '', ceiling: '' },
    };
    const ceiling = ceilingOf(r, holds);
    expect(ceiling.apiToSqlRatio).toBe(0.5);
    // The floor's own measurements are real (small): a bare server's replies and this sale's mails rendered again.
    const http = await bareHttpCost(500, 20);
    const mail = await mailCost(t.deps, r.eventId, 5);
    expect(http.cpuMs).toBeGreaterThan(0);
    expect(mail.mails).toBe(Math.min(5, r.orders));
    expect(mail.cpuMs).toBeGreaterThan(0);
    const barePdfCpuMs = await barePdfCost(3, 2.5);
    expect(barePdfCpuMs).toBeGreaterThan(0);
    const floor = floorOf(r, holds, http, { ...mail, barePdfCpuMs });
    expect(floor.requests).toBe(
      Object.values(r.statusCounts)
        .flatMap((c) => Object.values(c))
        .reduce((a, b) => a + b, 0),
    );
    expect(floor.floorWithMailsCpuSeconds).toBeGreaterThan(floor.floorCpuSeconds);
    // The delivery processes' CPU is read from /proc (this test process has used some by now).
    if (process.platform === 'linux') expect(processCpuMs([process.pid])).toBeGreaterThan(0);
    const doc = docSection({
      ...r,
      date: new Date().toISOString(),
      command: 'x',
      database: 'embedded',
      machine: machine(),
      ceiling,
      floor,
    });
    expect(doc).toContain('Beside its ceiling');
    expect(doc).toContain('physical floor');
  }, 150_000);
});
