import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startEmbeddedPostgres, type EmbeddedServer } from '../../src/db/embedded-postgres.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { createPublishedEvent, type PublishedEvent } from '../factories/catalogue.js';
import { createUser, type TestUser } from '../factories/users.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

interface Reply {
  url: string;
  status: number;
  ms: number;
  retryAfter: string | null;
  code: string | null;
}

/**
 * A PostgreSQL server of this test's own, stopped and started again under a
 * running app: every request meanwhile answers 200 or a fast 503 with
 * Retry-After — never a 500, never a hang — and the app recovers by itself.
 */
describe('PostgreSQL restart', () => {
  let dir: string;
  let port: number;
  let server: EmbeddedServer;
  let t: TestApp;
  let ev: PublishedEvent;
  let user: TestUser;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'boxoffice-outage-'));
    await chmod(dir, 0o755);
    port = await freePort();
    server = await startEmbeddedPostgres(dir, undefined, { port });
    t = await createTestApp({ config: { databaseUrl: server.url }, poolSize: 5 });
    await migrateToLatest(t.deps.db);
    ev = await createPublishedEvent(t.deps, { seatedRows: 1, seatsPerRow: 20 });
    user = await createUser(t.deps);
  });
  afterAll(async () => {
    await t?.close();
    await server?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function call(method: 'GET' | 'POST', url: string, payload?: object, as: TestUser = user): Promise<Reply> {
    const started = performance.now();
    const res = await t.app.inject({ method, url, headers: as.auth, ...(payload ? { payload } : {}) });
    const body = res.body ? (JSON.parse(res.body) as { error?: { code?: string } }) : {};
    return {
      url,
      status: res.statusCode,
      ms: performance.now() - started,
      retryAfter: (res.headers['retry-after'] as string | undefined) ?? null,
      code: body.error?.code ?? null,
    };
  }
  const readEvent = () => call('GET', `/api/v1/events/${ev.eventId}`);
  const holdSeat = (i: number, as: TestUser = user) => call('POST', `/api/v1/events/${ev.eventId}/holds`, { seatIds: [ev.seatIds[i]] }, as);

  it('a query cut off by the server (57P01) answers 503 with Retry-After', async () => {
    // Keep a seat locked so the app's hold statement waits on it, then terminate that backend.
    const locker = new pg.Client({ connectionString: server.url });
    await locker.connect();
    await locker.query('begin');
    await locker.query('select 1 from event_seats where event_id = $1 and seat_id = $2 for update', [ev.eventId, ev.seatIds[0]]);
    const pending = holdSeat(0);
    for (let i = 0; i < 50; i++) {
      // The locker is inside a transaction, where pg_stat_activity is read once and kept: refresh it.
      await locker.query('select pg_stat_clear_snapshot()');
      const { rows } = await locker.query<{ n: number }>(
        `select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
      );
      if (rows[0]!.n > 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    await locker.query(
      `select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
    );
    const reply = await pending;
    await locker.query('rollback');
    await locker.end();
    expect(reply).toMatchObject({ status: 503, code: 'UNAVAILABLE', retryAfter: '2' });
    // The pool drops the dead connection; the next request is served.
    expect((await holdSeat(1)).status).toBe(201);
  });

  it('answers 503 + Retry-After fast while the server is down, and recovers without a restart', async () => {
    const replies: Reply[] = [];
    const fans = await Promise.all(Array.from({ length: 18 }, () => createUser(t.deps)));
    let running = true;
    // A steady trickle of reads and writes (a new fan holds the next seat) across the whole stop/start.
    const traffic = (async () => {
      let seat = 2;
      while (running) {
        replies.push(await readEvent(), await call('GET', '/readyz'));
        if (seat < 20) {
          const r = await holdSeat(seat, fans[seat - 2]);
          replies.push(r);
          if (r.status === 201) seat++;
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    await new Promise((r) => setTimeout(r, 300));
    await server.stop();
    const downAt = replies.length;
    await new Promise((r) => setTimeout(r, 1_500));
    const whileDown = replies.slice(downAt);
    server = await startEmbeddedPostgres(dir, undefined, { port });
    // Served again by the same app: wait for a few successes after the restart.
    const upAt = replies.length;
    const deadline = Date.now() + 20_000;
    while (replies.slice(upAt).filter((r) => r.status === 200).length < 5 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }
    running = false;
    await traffic;

    expect(whileDown.length).toBeGreaterThan(3);
    expect(whileDown.every((r) => r.status === 503)).toBe(true);
    // Every request across the whole restart: served, or refused fast with a Retry-After.
    expect(replies.filter((r) => r.status !== 200 && r.status !== 201 && r.status !== 503)).toEqual([]);
    // The API says when to come back (the /readyz probe just says 503).
    const refused = replies.filter((r) => r.status === 503 && r.url !== '/readyz');
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.filter((r) => r.retryAfter === null || r.code !== 'UNAVAILABLE')).toEqual([]);
    expect(Math.max(...whileDown.map((r) => r.ms))).toBeLessThan(1_000);
    expect(replies.slice(upAt).some((r) => r.status === 200)).toBe(true);
    expect((await readEvent()).status).toBe(200);
    expect((await call('GET', '/readyz')).status).toBe(200);
  });
});
