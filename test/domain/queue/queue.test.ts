import { createSigner } from 'fast-jwt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAdmission } from '../../../src/jobs/admission.js';
import { deriveKey } from '../../../src/security/keys.js';
import { createPublishedEvent, type PublishedEvent } from '../../factories/catalogue.js';
import { createUser, createUsers, type TestUser } from '../../factories/users.js';
import { checkout, expectInvariantsHold, hold, listen, postJson } from '../../support/booking-helpers.js';
import { createTestApp, ManualClock, type TestApp } from '../../support/test-app.js';
import { spearman } from '../../../bench/lib/stats.js';

/**
 * Waiting-room events open their sale a year from now (real time) and the
 * tests move a ManualClock past the opening: a worker pass on the system clock
 * sees these sales as not open yet and leaves them alone.
 */
const DAY = 86_400_000;

describe('waiting room', () => {
  let t: TestApp;
  let clock: ManualClock;
  let base: string;
  const opening = new Date(Date.now() + 365 * DAY);

  beforeAll(async () => {
    clock = new ManualClock(new Date());
    t = await createTestApp({ clock, poolSize: 20 });
    base = await listen(t.app);
  });
  afterAll(() => t.close());

  /** A queued event whose sale opens at `opening`; the clock is left after the opening unless `preOpen`. */
  async function queuedEvent(
    opts: { seats?: number; perUserLimit?: number; policy?: Record<string, unknown>; preOpen?: boolean } = {},
  ): Promise<PublishedEvent> {
    clock.set(new Date(opening.getTime() - 600_000));
    const ev = await createPublishedEvent(t.deps, {
      seatedRows: 1,
      seatsPerRow: opts.seats ?? 20,
      perUserLimit: opts.perUserLimit ?? 2,
      saleStartsAt: opening,
      startsAt: new Date(opening.getTime() + 30 * DAY),
    });
    const res = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/admin/events/${ev.eventId}/queue`,
      headers: ev.organizer.auth,
      payload: { enabled: true, ...opts.policy },
    });
    expect(res.statusCode).toBe(200);
    if (!opts.preOpen) clock.set(new Date(opening.getTime() + 1000));
    return ev;
  }

  const join = (ev: PublishedEvent, user: TestUser) =>
    t.app.inject({ method: 'POST', url: `/api/v1/events/${ev.eventId}/queue`, headers: user.auth, payload: {} });
  const status = (ev: PublishedEvent, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'GET', url: `/api/v1/events/${ev.eventId}/queue/status`, headers });
  const tick = async (ev: PublishedEvent) =>
    (await runAdmission(t.deps, { eventIds: [ev.eventId] })).events.find((e) => e.eventId === ev.eventId);

  it('joins, answers a cacheable status with an ETag, and gives the same token on a second join', async () => {
    const ev = await queuedEvent();
    const user = await createUser(t.deps);
    const first = await join(ev, user);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({
      position: 1,
      admitted: false,
      status: { active: true, saleOpen: true, servingUpTo: 0, preOpenCount: 0, closed: false },
    });
    const again = await join(ev, user);
    expect(again.json().token).toBe(first.json().token);

    const s = await status(ev);
    expect(s.statusCode).toBe(200);
    expect(s.headers['cache-control']).toBe('public, max-age=1');
    expect(s.json()).toMatchObject({ eventId: ev.eventId, active: true, servingUpTo: 0 });
    expect(Object.keys(s.json())).not.toContain('position');
    const cached = await status(ev, { 'if-none-match': String(s.headers.etag) });
    expect(cached.statusCode).toBe(304);
    expect(cached.body).toBe('');
  });

  it('gives one position per account under 50 parallel joins of one user', async () => {
    const ev = await queuedEvent();
    const user = await createUser(t.deps);
    const replies = await Promise.all(Array.from({ length: 50 }, () => postJson(base, `/events/${ev.eventId}/queue`, user, {})));
    expect(replies.map((r) => r.status)).toEqual(Array(50).fill(200));
    expect(new Set(replies.map((r) => r.body.token)).size).toBe(1);
    expect(new Set(replies.map((r) => r.body.position))).toEqual(new Set([1]));
    const other = await join(ev, await createUser(t.deps));
    expect(other.json().position).toBe(2);
  });

  it('numbers 500 parallel joins of distinct users 1..500 without gaps or repeats', async () => {
    const ev = await queuedEvent();
    const users = await createUsers(t.deps, 500);
    const replies = await Promise.all(users.map((u) => postJson(base, `/events/${ev.eventId}/queue`, u, {})));
    expect(replies.every((r) => r.status === 200)).toBe(true);
    const positions = replies.map((r) => r.body.position as number).sort((a, b) => a - b);
    expect(positions).toEqual(Array.from({ length: 500 }, (_, i) => i + 1));
    const result = await tick(ev);
    expect(result?.joined).toBe(500);
  });

  it('puts pre-open arrivals in random order at the opening, then serves later arrivals first come first served', async () => {
    const ev = await queuedEvent({ preOpen: true, seats: 50 });
    const early = await createUsers(t.deps, 400);
    for (const u of early) {
      const r = await join(ev, u);
      expect(r.json()).toMatchObject({ position: null, admitted: false, status: { saleOpen: false } });
    }
    // Hammering before the opening changes nothing: the same token, the same draw.
    const hammer = await Promise.all(Array.from({ length: 20 }, () => join(ev, early[0]!)));
    expect(new Set(hammer.map((r) => r.json().token)).size).toBe(1);

    clock.set(new Date(opening.getTime() + 1000));
    expect((await tick(ev))?.joined).toBe(400);
    const positions: number[] = [];
    for (const u of early) {
      const r = await join(ev, u);
      expect(r.statusCode, r.body).toBe(200);
      positions.push(r.json().position);
    }
    expect(positions.filter((p) => !(p >= 1 && p <= 400))).toEqual([]);
    // Join order 0..399 versus admission order: no correlation beyond chance (sd ≈ 0.05 for n = 400).
    const rho = spearman(
      positions.map((_, i) => i),
      positions,
    );
    expect(Math.abs(rho)).toBeLessThan(0.2);
    // Nearly all distinct: ties are rare and admitted together.
    expect(new Set(positions).size).toBeGreaterThan(200);

    const late = await createUsers(t.deps, 10);
    const latePositions: number[] = [];
    for (const u of late) latePositions.push((await join(ev, u)).json().position);
    expect(latePositions).toEqual(Array.from({ length: 10 }, (_, i) => 401 + i));
  });

  it('admits as many as the free seats absorb; holds need an admitted token of this user and event', async () => {
    const ev = await queuedEvent({ seats: 20, perUserLimit: 2 });
    const other = await queuedEvent({ seats: 20 });
    const users = await createUsers(t.deps, 30);
    const tokens: string[] = [];
    for (const u of users) tokens.push((await join(ev, u)).json().token);

    // 20 free seats at 2 per order: room for 10 customers.
    const first = await tick(ev);
    expect(first).toMatchObject({ servingUpTo: 10, admitted: 10, joined: 30, closed: false });
    expect((await status(ev)).json().servingUpTo).toBe(10);
    expect((await join(ev, users[0]!)).json()).toMatchObject({ position: 1, admitted: true });

    const ok = await hold(t.app, users[0]!, ev.eventId, { seatIds: [ev.seatIds[0], ev.seatIds[1]] }, { 'x-queue-token': tokens[0]! });
    expect(ok.statusCode).toBe(201);
    const cases: [string, Record<string, string>][] = [
      ['no token', {}],
      ['not admitted yet', { 'x-queue-token': tokens[10]! }],
      ['another user’s token', { 'x-queue-token': tokens[2]! }],
      ['garbage', { 'x-queue-token': 'not-a-token' }],
      ['forged', { 'x-queue-token': await forge(ev.eventId, users[10]!.id, 'another-secret-another-secret-0123456789') }],
    ];
    for (const [name, headers] of cases) {
      const res = await hold(t.app, users[10]!, ev.eventId, { seatIds: [ev.seatIds[5]] }, headers);
      expect(res.statusCode, name).toBe(403);
      expect(res.json().error.code, name).toBe('QUEUE_TOKEN_REQUIRED');
    }
    const otherUser = await createUser(t.deps);
    const otherToken = (await join(other, otherUser)).json().token;
    await tick(other);
    const wrongEvent = await hold(t.app, otherUser, ev.eventId, { seatIds: [ev.seatIds[6]] }, { 'x-queue-token': otherToken });
    expect(wrongEvent.statusCode).toBe(403);
    const held = await t.deps.db.selectFrom('holds').select('user_id').where('event_id', '=', ev.eventId).execute();
    expect(held.map((h) => h.user_id)).toEqual([users[0]!.id]);

    // Nine admitted customers have not booked yet, so the room is spent until they do or their window passes.
    expect((await tick(ev))?.admitted).toBe(0);
    clock.advance(301_000);
    const later = await tick(ev);
    expect(later?.servingUpTo).toBeGreaterThan(10);
    const nowAdmitted = await hold(t.app, users[10]!, ev.eventId, { seatIds: [ev.seatIds[5]] }, { 'x-queue-token': tokens[10]! });
    expect(nowAdmitted.statusCode).toBe(201);
    await expectInvariantsHold(t.deps, [ev.eventId]);
  });

  it('closes the queue at sell-out; joins then answer 409 SOLD_OUT', async () => {
    const ev = await queuedEvent({ seats: 4, perUserLimit: 2 });
    const users = await createUsers(t.deps, 3);
    const tokens: string[] = [];
    for (const u of users) tokens.push((await join(ev, u)).json().token);
    expect((await tick(ev))?.servingUpTo).toBe(2);
    for (const [i, seats] of [
      [0, [ev.seatIds[0], ev.seatIds[1]]],
      [1, [ev.seatIds[2], ev.seatIds[3]]],
    ] as const) {
      const h = await hold(t.app, users[i]!, ev.eventId, { seatIds: seats }, { 'x-queue-token': tokens[i]! });
      expect(h.statusCode).toBe(201);
      const order = await checkout(t.app, users[i]!, h.json().hold.id, `k-${ev.eventId}-${i}`);
      expect(order.statusCode).toBe(201);
    }
    expect(await tick(ev)).toMatchObject({ closed: true, admitted: 0 });
    expect((await status(ev)).json()).toMatchObject({ closed: true, active: false });
    const late = await join(ev, await createUser(t.deps));
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('SOLD_OUT');
    await expectInvariantsHold(t.deps, [ev.eventId]);
  });

  it('switches the waiting room on by itself above the hold-rate threshold', async () => {
    const auto = await createTestApp({ clock, poolSize: 5, config: { queueAutoHoldsPerSecond: 1 } });
    try {
      clock.set(new Date(opening.getTime() - 600_000));
      const ev = await createPublishedEvent(auto.deps, {
        seatedRows: 1,
        seatsPerRow: 30,
        perUserLimit: 1,
        saleStartsAt: opening,
        startsAt: new Date(opening.getTime() + 30 * DAY),
      });
      clock.set(new Date(opening.getTime() + 1000));
      const users = await createUsers(auto.deps, 12);
      for (const [i, u] of users.slice(0, 11).entries())
        expect((await hold(auto.app, u, ev.eventId, { seatIds: [ev.seatIds[i]] })).statusCode).toBe(201);
      // 11 holds in the 10-second window is over 1 per second.
      expect((await runAdmission(auto.deps, { eventIds: [ev.eventId] })).autoEnabled).toEqual([ev.eventId]);
      const gated = await hold(auto.app, users[11]!, ev.eventId, { seatIds: [ev.seatIds[20]] });
      expect(gated.statusCode).toBe(403);
      expect(gated.json().error.code).toBe('QUEUE_TOKEN_REQUIRED');
      expect((await auto.app.inject({ method: 'GET', url: `/api/v1/events/${ev.eventId}/queue/status` })).json().active).toBe(true);
    } finally {
      await auto.close();
    }
  });

  it('rate-limits joins per account with 429 and Retry-After', async () => {
    const limited = await createTestApp({
      clock,
      poolSize: 3,
      config: { rateLimits: { holds: 100, checkout: 100, login: 100, register: 100, queueJoins: 2 } },
    });
    try {
      const ev = await queuedEvent();
      const [a, b] = await createUsers(limited.deps, 2);
      const joinOn = (u: TestUser) =>
        limited.app.inject({ method: 'POST', url: `/api/v1/events/${ev.eventId}/queue`, headers: u.auth, payload: {} });
      expect((await joinOn(a!)).statusCode).toBe(200);
      expect((await joinOn(a!)).statusCode).toBe(200);
      const third = await joinOn(a!);
      expect(third.statusCode).toBe(429);
      expect(third.json().error.code).toBe('RATE_LIMITED');
      expect(Number(third.headers['retry-after'])).toBeGreaterThan(0);
      expect((await joinOn(b!)).statusCode).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it('rejects bad input with 400 and nothing written, and answers 401/403/404/422 where they belong', async () => {
    const ev = await queuedEvent();
    const user = await createUser(t.deps);
    const bad = [
      await t.app.inject({ method: 'POST', url: '/api/v1/events/not-a-uuid/queue', headers: user.auth, payload: {} }),
      await t.app.inject({ method: 'POST', url: `/api/v1/events/${ev.eventId}/queue`, headers: user.auth, payload: { position: 1 } }),
      await t.app.inject({ method: 'GET', url: '/api/v1/events/nope/queue/status' }),
      await t.app.inject({
        method: 'PUT',
        url: `/api/v1/admin/events/${ev.eventId}/queue`,
        headers: ev.organizer.auth,
        payload: { maxAdmitPerTick: 0 },
      }),
      await t.app.inject({ method: 'PUT', url: `/api/v1/admin/events/${ev.eventId}/queue`, headers: ev.organizer.auth, payload: {} }),
      await t.app.inject({
        method: 'PUT',
        url: `/api/v1/admin/events/${ev.eventId}/queue`,
        headers: ev.organizer.auth,
        payload: { enabled: 'yes' },
      }),
    ];
    for (const r of bad) {
      expect(r.statusCode, r.body).toBe(400);
      expect(r.json().error.code).toBe('VALIDATION_FAILED');
    }
    expect(await t.deps.kv.get(`queue:${ev.eventId}:user:${user.id}`)).toBeNull();

    expect((await t.app.inject({ method: 'POST', url: `/api/v1/events/${ev.eventId}/queue`, payload: {} })).statusCode).toBe(401);
    expect(
      (
        await t.app.inject({
          method: 'PUT',
          url: `/api/v1/admin/events/${ev.eventId}/queue`,
          headers: user.auth,
          payload: { enabled: false },
        })
      ).statusCode,
    ).toBe(403);
    const stranger = await createUser(t.deps, ['organizer']);
    expect(
      (
        await t.app.inject({
          method: 'PUT',
          url: `/api/v1/admin/events/${ev.eventId}/queue`,
          headers: stranger.auth,
          payload: { enabled: false },
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: `/api/v1/events/00000000-0000-4000-8000-000000000000/queue`,
          headers: user.auth,
          payload: {},
        })
      ).statusCode,
    ).toBe(404);

    const plain = await createPublishedEvent(t.deps, { seatedRows: 1, seatsPerRow: 2 });
    const noQueue = await join(plain, user);
    expect(noQueue.statusCode).toBe(422);
    expect(noQueue.json().error.code).toBe('INVALID_STATE');
  });
});

async function forge(eventId: string, userId: string, secret: string): Promise<string> {
  return createSigner({
    key: deriveKey(secret, 'queue-token'),
    algorithm: 'HS256',
    header: { alg: 'HS256', typ: 'queue' },
    expiresIn: '365d',
  })({
    ev: eventId,
    n: 1,
    sub: userId,
  });
}
