import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconcilePayments } from '../../src/domain/payments/reconcile-payments.js';
import { runAdmission } from '../../src/jobs/admission.js';
import { createPublishedEvent } from '../factories/catalogue.js';
import { createUser, createUsers } from '../factories/users.js';
import { checkout, hold } from '../support/booking-helpers.js';
import { metricValue, parseMetrics, type Sample } from '../support/prometheus.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describe('GET /metrics', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ config: { readCache: true } });
  });
  afterAll(() => t.close());

  const scrape = async (): Promise<Sample[]> => {
    const res = await t.app.inject('/metrics');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    return parseMetrics(res.body);
  };

  it('moves the hold, order, payment and request counters after a hold and a checkout', async () => {
    const ev = await createPublishedEvent(t.deps, { seatedRows: 1, seatsPerRow: 4 });
    const [fan, rival] = [await createUser(t.deps), await createUser(t.deps)];
    const before = await scrape();

    const held = await hold(t.app, fan, ev.eventId, { seatIds: ev.seatIds.slice(0, 2) });
    expect(held.statusCode).toBe(201);
    const lost = await hold(t.app, rival, ev.eventId, { seatIds: ev.seatIds.slice(1, 3) });
    expect(lost.statusCode).toBe(409);
    const paid = await checkout(t.app, fan, held.json().hold.id, randomUUID());
    expect(paid.statusCode).toBe(201);
    expect(paid.json().order.status).toBe('confirmed');

    const after = await scrape();
    const delta = (name: string, labels: Record<string, string> = {}): number =>
      metricValue(after, name, labels) - metricValue(before, name, labels);
    expect(delta('boxoffice_holds_created_total')).toBe(1);
    expect(delta('boxoffice_holds_failed_total', { code: 'SEATS_UNAVAILABLE' })).toBe(1);
    expect(delta('boxoffice_checkouts_total', { outcome: 'confirmed' })).toBe(1);
    expect(delta('boxoffice_orders_total', { outcome: 'confirmed', source: 'checkout' })).toBe(1);
    expect(delta('boxoffice_payments_total', { outcome: 'captured', source: 'checkout' })).toBe(1);
    expect(delta('boxoffice_payment_calls_total', { operation: 'authorize' })).toBe(1);
    expect(delta('boxoffice_payment_calls_total', { outcome: 'captured' })).toBeGreaterThanOrEqual(1);

    // Requests are labelled by route pattern: one series for every event id.
    const holdRoute = { method: 'POST', route: '/api/v1/events/:id/holds' };
    expect(delta('boxoffice_http_requests_total', { ...holdRoute, status: '201' })).toBe(1);
    expect(delta('boxoffice_http_requests_total', { ...holdRoute, status: '409' })).toBe(1);
    expect(delta('boxoffice_http_request_duration_seconds_count', holdRoute)).toBe(2);
    expect(after.some((s) => Object.values(s.labels).some((v) => v.includes(ev.eventId)))).toBe(false);

    // The confirmation wrote outbox rows that no worker delivered in this test.
    expect(metricValue(after, 'boxoffice_outbox_pending')).toBeGreaterThanOrEqual(1);
    expect(metricValue(after, 'boxoffice_outbox_lag_seconds')).toBeGreaterThanOrEqual(0);
    expect(metricValue(after, 'boxoffice_metrics_database_up')).toBe(1);
    expect(metricValue(after, 'boxoffice_db_pool_connections', { state: 'max' })).toBe(10);
    expect(metricValue(after, 'boxoffice_db_pool_connections', { state: 'total' })).toBeGreaterThanOrEqual(1);
    // Process figures are collected once scraped.
    expect(metricValue(after, 'process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('counts orders and payments where they settle: a payment only reconciliation finishes counts once, as reconciliation', async () => {
    // A database error right after the capture (a trigger refuses to record it): the checkout fails, the money is taken.
    const price = 77_000 + (process.pid % 1000);
    const ev = await createPublishedEvent(t.deps, { seatedRows: 1, seatsPerRow: 2, price: { amount: price, currency: 'EUR' } });
    const fan = await createUser(t.deps);
    await sql`create function fail_capture_metrics() returns trigger language plpgsql as $$
      begin
        if new.amount = ${sql.lit(price)} and new.status = 'captured' then raise exception 'injected fault after the provider call'; end if;
        return new;
      end $$`.execute(t.deps.db);
    await sql`create trigger fail_capture_metrics before update on payments for each row execute function fail_capture_metrics()`.execute(
      t.deps.db,
    );
    const before = await scrape();
    try {
      const held = await hold(t.app, fan, ev.eventId, { seatIds: [ev.seatIds[0]] });
      expect((await checkout(t.app, fan, held.json().hold.id, randomUUID())).statusCode).toBe(500);
    } finally {
      await sql`drop trigger fail_capture_metrics on payments`.execute(t.deps.db);
      await sql`drop function fail_capture_metrics()`.execute(t.deps.db);
    }
    const mid = await scrape();
    const since = (from: Sample[], to: Sample[], name: string, labels: Record<string, string>): number =>
      metricValue(to, name, labels) - metricValue(from, name, labels);
    expect(since(before, mid, 'boxoffice_orders_total', {})).toBe(0);
    expect(since(before, mid, 'boxoffice_payments_total', {})).toBe(0);

    // Reconciliation finds the capture and confirms the order; a second pass finds nothing more to count.
    const report = await reconcilePayments(t.deps, { graceMs: 0, eventIds: [ev.eventId] });
    expect(report.attempts).toBe(1);
    await reconcilePayments(t.deps, { graceMs: 0, eventIds: [ev.eventId] });
    const after = await scrape();
    expect(since(before, after, 'boxoffice_orders_total', { outcome: 'confirmed', source: 'reconciliation' })).toBe(1);
    expect(since(before, after, 'boxoffice_orders_total', {})).toBe(1);
    expect(since(before, after, 'boxoffice_payments_total', { outcome: 'captured', source: 'reconciliation' })).toBe(1);
    expect(since(before, after, 'boxoffice_payments_total', {})).toBe(1);
  });

  it('counts a declined payment and its failed order once', async () => {
    const ev = await createPublishedEvent(t.deps, { seatedRows: 1, seatsPerRow: 2 });
    const fan = await createUser(t.deps);
    const before = await scrape();
    const held = await hold(t.app, fan, ev.eventId, { seatIds: [ev.seatIds[0]] });
    const key = randomUUID();
    expect((await checkout(t.app, fan, held.json().hold.id, key, 'tok_chargeDeclined')).statusCode).toBe(402);
    // A replay of the same key answers the same and counts nothing more.
    expect((await checkout(t.app, fan, held.json().hold.id, key, 'tok_chargeDeclined')).statusCode).toBe(402);
    const after = await scrape();
    const delta = (name: string, labels: Record<string, string>): number =>
      metricValue(after, name, labels) - metricValue(before, name, labels);
    expect(delta('boxoffice_orders_total', { outcome: 'failed', source: 'checkout' })).toBe(1);
    expect(delta('boxoffice_payments_total', { outcome: 'failed', source: 'checkout' })).toBe(1);
    expect(delta('boxoffice_checkouts_total', { outcome: 'PAYMENT_DECLINED' })).toBe(2);
  });

  it('counts cache hits and misses of the read path', async () => {
    const ev = await createPublishedEvent(t.deps, { seatedRows: 1, seatsPerRow: 2 });
    const before = await scrape();
    for (let i = 0; i < 3; i++) expect((await t.app.inject(`/api/v1/events/${ev.eventId}`)).statusCode).toBe(200);
    const after = await scrape();
    const delta = (result: string): number =>
      metricValue(after, 'boxoffice_cache_lookups_total', { result }) - metricValue(before, 'boxoffice_cache_lookups_total', { result });
    expect(delta('miss')).toBeGreaterThanOrEqual(1);
    expect(delta('hit')).toBeGreaterThanOrEqual(2);
  });

  it('reports each waiting room: fans waiting and numbers admitted', async () => {
    const ev = await createPublishedEvent(t.deps, { seatedRows: 1, seatsPerRow: 10, saleStartsAt: new Date(Date.now() - 60_000) });
    const policy = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/admin/events/${ev.eventId}/queue`,
      headers: ev.organizer.auth,
      payload: { enabled: true },
    });
    expect(policy.statusCode).toBe(200);
    for (const fan of await createUsers(t.deps, 3)) {
      const joined = await t.app.inject({ method: 'POST', url: `/api/v1/events/${ev.eventId}/queue`, headers: fan.auth, payload: {} });
      expect(joined.statusCode).toBe(200);
    }
    const pass = (await runAdmission(t.deps, { eventIds: [ev.eventId] })).events.find((e) => e.eventId === ev.eventId);
    expect(pass?.joined).toBe(3);
    // The figures are read at most once a second per process.
    await new Promise((r) => setTimeout(r, 1100));
    const samples = await scrape();
    const admitted = metricValue(samples, 'boxoffice_queue_admitted_total', { event_id: ev.eventId });
    const waiting = metricValue(samples, 'boxoffice_queue_waiting', { event_id: ev.eventId });
    expect(admitted).toBe(pass!.servingUpTo);
    expect(admitted + waiting).toBe(Math.max(3, admitted));
  });

  it('answers only loopback clients without METRICS_TOKEN', async () => {
    const remote = await t.app.inject({ url: '/metrics', remoteAddress: '203.0.113.9' });
    expect(remote.statusCode).toBe(403);
    expect(remote.json().error.code).toBe('FORBIDDEN');
    expect((await t.app.inject({ url: '/metrics', remoteAddress: '::1' })).statusCode).toBe(200);
  });

  it('requires the bearer token when METRICS_TOKEN is set, from anywhere', async () => {
    const guarded = await createTestApp({ config: { metricsToken: 'scrape-me-please-0123456789' } });
    try {
      const none = await guarded.app.inject('/metrics');
      expect(none.statusCode).toBe(401);
      const wrong = await guarded.app.inject({ url: '/metrics', headers: { authorization: 'Bearer scrape-me-please-0123456780' } });
      expect(wrong.statusCode).toBe(401);
      const ok = await guarded.app.inject({
        url: '/metrics',
        remoteAddress: '203.0.113.9',
        headers: { authorization: 'Bearer scrape-me-please-0123456789' },
      });
      expect(ok.statusCode).toBe(200);
      expect(ok.body).toContain('boxoffice_http_requests_total');
    } finally {
      await guarded.close();
    }
  });

  it('serves every metric the Grafana dashboard queries', async () => {
    const dashboard = JSON.parse(readFileSync(new URL('../../deploy/grafana/boxoffice.json', import.meta.url), 'utf8')) as {
      panels: { targets?: { expr: string }[] }[];
    };
    const exprs = dashboard.panels.flatMap((p) => p.targets ?? []).map((t) => t.expr);
    expect(exprs.length).toBeGreaterThan(15);
    const res = await t.app.inject('/metrics');
    const declared = new Set([...res.body.matchAll(/^# TYPE (\S+) (\w+)$/gm)].map((m) => m[1]));
    const used = new Set(exprs.flatMap((e) => [...e.matchAll(/\b((?:boxoffice|process|nodejs)_[a-z0-9_]+)/g)].map((m) => m[1]!)));
    for (const name of used) expect(declared.has(name.replace(/_(bucket|count|sum)$/, '')), name).toBe(true);
  });
});
